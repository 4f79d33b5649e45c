import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
import Foundation
import XCTest

/// The `cause` of error records: set where a stage fails a record, carried unchanged
/// through every later stage, absent where the writer gave none.
final class ErrorCauseTests: XCTestCase {
    struct Undecodable: ClassifiedError, CustomStringConvertible {
        var failureCause: FailureCause { .undecodablePixels }
        var description: String { "frame 0: bad JPEG" }
    }
    struct Plain: Error, CustomStringConvertible { var description: String { "plain" } }

    /// `stream` through a stage that fails the records whose source `fails` names, with
    /// the error it gives; returns the output stream's descriptor, rewound.
    func stage(_ name: String, _ input: Int32, fails: [String: any Error]) throws -> Int32 {
        var template = Array("/tmp/dcm-cause-test.XXXXXX".utf8CString)
        let out = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        unlink(String(cString: template))
        _ = try StageRunner(stage: name).run(input: StreamReader(fd: input), output: StreamWriter(fd: out)) { r in
            if let e = fails[r.source] { throw e }
        }
        lseek(out, 0, SEEK_SET)
        return out
    }

    func errors(_ fd: Int32) throws -> [ErrorRecord] {
        let reader = try StreamReader(fd: fd)
        var out: [ErrorRecord] = []
        while let item = try reader.next() { if case .error(let e) = item { out.append(e) } }
        return out
    }

    func testCauseSurvivesAPipeOfStages() throws {
        var template = Array("/tmp/dcm-cause-in.XXXXXX".utf8CString)
        let input = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        unlink(String(cString: template))
        defer { close(input) }
        let w = StreamWriter(fd: input)
        try w.start()
        for s in ["a", "b", "c"] {
            var ds = DataSet(); ds.setString(.patientID, s, vr: .LO)
            try w.write(Record(source: s, file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian)))
        }
        // From a stage that gave no cause, and from one whose cause this version does not know.
        try w.writeError(ErrorRecord(source: "old", stage: "dcm-parse", message: "truncated: x", cause: nil))
        var future = ErrorRecord(source: "new", stage: "x", message: "y", cause: nil)
        future.causeName = "a-cause-from-the-future"
        try w.writeError(future)
        try w.finish()
        lseek(input, 0, SEEK_SET)

        let first = try stage("first", input, fails: ["a": Undecodable(), "b": Plain()])
        defer { close(first) }
        let second = try stage("second", first, fails: ["c": DICOMReadError(.truncated, "cut short")])
        defer { close(second) }
        let third = try stage("third", second, fails: [:])
        defer { close(third) }

        let out = try errors(third)
        let seen = out.map { "\($0.source) \($0.stage) \($0.causeName ?? "none")" }
        XCTAssertEqual(
            seen.sorted(),
            [
                "a first undecodable-pixels", "b first other", "c second malformed",
                "new x a-cause-from-the-future", "old dcm-parse none"
            ])
        let back = out.first { $0.source == "a" }
        XCTAssertEqual(back?.cause, .undecodablePixels)
        XCTAssertEqual(back?.message, "frame 0: bad JPEG")
    }

    func testCauseInJSON() throws {
        let e = ErrorRecord(source: "s", stage: "t", message: "m", cause: .outputExists)
        XCTAssertEqual(
            String(decoding: e.json.serialized(), as: UTF8.self),
            #"{"error":{"source":"s","stage":"t","message":"m","cause":"output-exists"}}"#)
        let old = ErrorRecord(source: "s", stage: "t", message: "m", cause: nil)
        XCTAssertEqual(String(decoding: old.json.serialized(), as: UTF8.self), #"{"error":{"source":"s","stage":"t","message":"m"}}"#)
        let parsed = try XCTUnwrap(
            ErrorRecord(json: JSONParser.parse(Array(#"{"error":{"source":"s","stage":"t","message":"m","cause":"unsupported-syntax"}}"#.utf8))))
        XCTAssertEqual(parsed.cause, .unsupportedSyntax)
        try XCTAssertNil(
            ErrorRecord(json: JSONParser.parse(Array(#"{"error":{"source":"s","stage":"t","message":"m","cause":"nope"}}"#.utf8)))?.cause)
    }

    /// The stream names are the contract: changing one breaks every reader of reports.
    func testCauseNamesAreStable() {
        XCTAssertEqual(
            FailureCause.allCases.map(\.rawValue),
            [
                "unreadable", "not-dicom", "dicomdir", "malformed", "unsupported-syntax", "undecodable-pixels",
                "unmapped-patient", "unencodable", "not-deidentified", "duplicate", "output-exists", "unwritable", "other"
            ])
    }
}
