import DICOMCore
import Foundation
import XCTest
@testable import DeidScrub

final class ProfileFileTests: XCTestCase {
    func parse(_ text: String) throws -> Profile { try Profile.parse(Array(text.utf8), file: "p.json") }

    func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ProfileError? {
        do { _ = try parse(text); XCTFail("accepted", file: file, line: line); return nil } catch let e as ProfileError { return e } catch {
            XCTFail("\(error)", file: file, line: line); return nil
        }
    }

    func testAFullProfile() throws {
        let p = try parse(
            """
            // Site profile: TCIA plus device identity.
            {
              "base": "tcia",
              "name": "site-a",
              "options": { "RetainDeviceIdentity": true, "retain-safe-private": false },
              "tags": {
                "(0008,1030)": "remove",
                "PatientWeight": "X",
                "60xx3000": "keep"
              },
              "private": {
                "(0019,\\"SIEMENS MR HEADER\\",0b)": "keep",
                "(0029,\\"SIEMENS CSA HEADER\\")": "delete",
                "(0043)": "remove"
              },
              "text": { "patterns": ["MRN[0-9]+"], "words": ["Springfield General"], "keep": ["Parkinson"] },
              "settings": { "combinedCodes": "strict", "numericDates": "keep", "unknownPrivate": "remove",
                            "privateSequences": "disposition", "unlisted": "clean" }
            }
            """)
        XCTAssertEqual(p.name, "site-a")
        XCTAssertTrue(p.options.contains(.retainDeviceIdentity))
        XCTAssertFalse(p.options.contains(.retainSafePrivate))
        XCTAssertTrue(p.options.contains(.retainLongitudinalModifiedDates), "the base's options stay")
        XCTAssertEqual(p.action(for: Tag(0x0008_1030)), .remove)
        XCTAssertEqual(p.action(for: Tag(0x0010_1030)), .remove)
        XCTAssertEqual(p.action(for: Tag(0x6004_3000)), .keep)
        XCTAssertEqual(p.action(for: Tag(0x0018_1000)), .keep, "Device Serial Number under Retain Device Identity")
        XCTAssertEqual(p.privateRules.count, 3)
        XCTAssertEqual(p.privateDisposition(group: 0x0019, creator: "SIEMENS MR HEADER", element: 0x0B, ancestors: []), .keep)
        XCTAssertEqual(p.privateDisposition(group: 0x0029, creator: "SIEMENS CSA HEADER", element: 0x10, ancestors: []), .remove)
        XCTAssertEqual(p.textRules.patterns, ["MRN[0-9]+"])
        XCTAssertEqual(p.textRules.words, ["Springfield General"])
        XCTAssertEqual(p.combinedCodes, .strict)
        XCTAssertEqual(p.numericDates, .keep)
        XCTAssertEqual(p.unlisted, .clean)
        XCTAssertEqual(p.privateSequences, .disposition)
    }

    func testOptionsAsAListReplaceTheBase() throws {
        let p = try parse(#"{"base": "tcia", "options": ["CleanDescriptors", "113107"]}"#)
        XCTAssertEqual(p.options, [.cleanDescriptors, .retainLongitudinalModifiedDates])
        XCTAssertEqual(try parse(#"{"base": "basic"}"#).options, [.cleanPixelData], "safe by default")
        XCTAssertEqual(
            try parse(#"{"base": "tcia", "options": {"CleanPixelData": false}}"#).requiredSteps,
            [.pseudonymizePatient, .remapUIDs, .shiftDates])
        XCTAssertEqual(try parse("{}").base, "tcia", "the default base")
    }

    func testErrorsNameTheLineAndTheReason() {
        let cases: [(String, Int, String)] = [
            ("{\n  \"tags\": {\n    \"(0008,1030)\": \"rmove\"\n  }\n}", 3, "unknown action \"rmove\""),
            ("{\n  \"tags\": {\n    \"PatientNmae\": \"remove\"\n  }\n}", 3, "PatientNmae"),
            ("{\n  \"options\": {\"RetainEverything\": true}\n}", 2, "unknown option"),
            ("{\n  \"base\": \"hipaa\"\n}", 2, "unknown base profile"),
            ("{\n  \"tags\": {}\n  \"options\": {}\n}", 3, "expected ',' or '}'"),
            ("{\n  \"tags\": {},\n  \"tags\": {}\n}", 3, "duplicate key"),
            ("{\n \"options\": {\n  \"RetainLongitudinalTemporalInformationFullDates\": true\n }\n}", 3, "exclude each other"),
            ("{\n \"text\": {\"patterns\": [\n  \"ok\",\n  \"(unclosed\"\n ]}\n}", 4, "bad pattern"),
            ("{\n \"private\": {\n  \"(0018,\\\"X\\\",10)\": \"keep\"\n }\n}", 3, "the group must be odd"),
            ("{\n \"private\": {\n  \"(0019,\\\"X\\\",10)\": \"shred\"\n }\n}", 3, "unknown private action"),
            ("{\n \"settings\": {\n  \"numericDates\": \"maybe\"\n }\n}", 3, "must be one of keep, shift, dummy"),
            ("{\n \"tags\": {\"(0019,1010)\": \"keep\"}\n}", 2, "is private"),
            ("{\n \"colour\": 1\n}", 2, "unknown key \"colour\""),
            ("[1, 2]", 1, "a profile is a JSON object"),
            ("{\n \"name\": \"a b\"\n}", 2, "\"name\" must be")
        ]
        for (text, line, reason) in cases {
            guard let e = error(text) else { continue }
            XCTAssertEqual(e.line, line, "\(e)")
            XCTAssertTrue(e.reason.contains(reason), "\(e) lacks \(reason)")
            XCTAssertTrue(e.description.hasPrefix("p.json:\(line): "), e.description)
        }
    }

    func testLoadFromAFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scrub-profile-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("research.json")
        try Data(#"{"base": "basic", "options": {"RetainPatientCharacteristics": true}}"#.utf8).write(to: f)
        let p = try Profile.load(fileAt: f.path)
        XCTAssertEqual(p.name, "research", "named after the file when it names itself not")
        XCTAssertEqual(p.base, "basic")
        XCTAssertEqual(p.action(for: Tag(0x0010_0040)), .keep, "Patient's Sex under Retain Patient Characteristics")
        XCTAssertThrowsError(try Profile.load(fileAt: dir.appendingPathComponent("missing.json").path)) {
            XCTAssertTrue("\($0)".contains("cannot read"))
        }
    }

    func testOptionNames() {
        XCTAssertEqual(DeidOption(name: "retain-modified-dates"), .retainLongitudinalModifiedDates)
        XCTAssertEqual(DeidOption(name: "Retain Safe Private Option"), .retainSafePrivate)
        XCTAssertEqual(DeidOption(name: "113101"), .cleanPixelData)
        XCTAssertNil(DeidOption(name: "retain"))
        XCTAssertEqual(Set(DeidOption.allCases.map(\.codeValue)).count, 12)
    }
}
