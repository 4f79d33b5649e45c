import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
import XCTest
@testable import DeidScrub

/// What a scrubber works out once (marker code items, action and index memos) and the byte
/// scan for dates hidden in numbers give what the plain per-record work gave.
final class ScrubReuseTests: XCTestCase {
    /// The numeric-date test as it was first written (slices, then eight digits), kept as
    /// the reference for the byte scan.
    static func referenceDigits(_ value: ArraySlice<UInt8>) -> [UInt8]? {
        var v = value.drop { $0 == 0x20 }
        while let l = v.last, l == 0x20 || l == 0 { v = v.dropLast() }
        if let dot = v.firstIndex(of: UInt8(ascii: ".")) {
            guard v[v.index(after: dot)...].allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
            v = v[..<dot]
        }
        if v.first == UInt8(ascii: "+") { v = v.dropFirst() }
        guard v.count == 8 else { return nil }
        let d = Array(v)
        guard d.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        func n(_ r: Range<Int>) -> Int { d[r].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let y = n(0..<4), m = n(4..<6), day = n(6..<8)
        guard (1900...2099).contains(y), (1...12).contains(m), day >= 1 else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ? d : nil
    }

    static func referenceDates(_ b: [UInt8]) -> [String] {
        var out: [String] = []
        for v in b.split(separator: 0x5C, omittingEmptySubsequences: false) where v.count >= 8 && v.count <= 24 {
            if let d = referenceDigits(v) { out.append(String(decoding: d, as: UTF8.self)) }
        }
        return out
    }

    func testNumericDateScanAgreesWithTheReference() {
        // Dates with every decoration, near-dates, and random bytes from the characters
        // that matter (digits, sign, point, space, NUL, backslash).
        var values: [[UInt8]] = []
        for core in ["20181228", "19000101", "20991231", "20200229", "20190229", "18991231", "21000101", "20181301", "20180100"] {
            for pre in ["", " ", "  ", "+", " +", "+ ", "++", "-", "0"] {
                for post in ["", " ", "\0", ".", ".0", ".000", ".01", " .0", ".0 ", ".0\0", "0", "e0", ". "] {
                    values.append(Array((pre + core + post).utf8))
                }
            }
        }
        let alphabet = Array("0123456789+-. \0\\2019".utf8)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20000 {
            var v: [UInt8] = []
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let n = Int(seed >> 59) + 4
            for _ in 0..<n {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                v.append(alphabet[Int(seed >> 33) % alphabet.count])
            }
            values.append(v)
        }
        var dates = 0
        for v in values {
            XCTAssertEqual(NumericDate.dateDigits(v[...]), ScrubReuseTests.referenceDigits(v[...]), String(decoding: v, as: UTF8.self))
            let expect = ScrubReuseTests.referenceDates(v)
            XCTAssertEqual(NumericDate.dates(in: v), expect, String(decoding: v, as: UTF8.self))
            XCTAssertEqual(NumericDate.containsDate(in: v), !expect.isEmpty)
            XCTAssertEqual(NumericDate.valueIsDate(Substring(String(decoding: v, as: UTF8.self))), ScrubReuseTests.referenceDigits(v[...]) != nil)
            dates += expect.count
        }
        XCTAssertGreaterThan(dates, 50, "the values hold dates to find")
    }

    /// Records through one scrubber come out as each does through a scrubber of its own:
    /// nothing one record leaves in the memos or the prebuilt markers reaches the next.
    func testRecordsThroughOneScrubberAsWhenAlone() throws {
        let first = Fx.instance(
            Fx.privateBlock(group: 0x0019, creator: "GEMS_ACQU_01", [(0x0A, .LO, .bytes(Array("DOE^JANE ".utf8)))])
                + [Fx.text(0x0020_0011, .IS, "20181228"), Fx.text(0x0040_0254, .LO, "Jane Doe follow-up")])
        var second = Fx.instance([
            Fx.text(0x0020_0013, .IS, "19990908"), Fx.text(0x0018_1030, .LO, "Doe protocol"),
            Fx.text(0x0012_0063, .LO, "Earlier method")
        ])
        second.insert(Fx.text(0x0010_0010, .PN, "ROE^RICHARD"))
        second.insert(Fx.text(0x0008_1030, .LO, "XR for Richard Roe, not Jane"))
        second.insert(
            Fx.seq(0x0012_0064, [Fx.ds([Fx.text(0x0008_0100, .SH, "999999"), Fx.text(0x0008_0102, .SH, "X")])]))
        for name in ["tcia", "basic"] {
            let shared = Scrubber(profile: Fx.profile(name))
            for order in [[first, second], [second, first], [first, first]] {
                var outs: [[UInt8]] = []
                for ds in order {
                    var r = Fx.record(ds)
                    try shared.apply(to: &r)
                    outs.append(ScrubReuseTests.dump(r))
                }
                for (i, ds) in order.enumerated() {
                    var alone = Fx.record(ds)
                    try Scrubber(profile: Fx.profile(name)).apply(to: &alone)
                    XCTAssertEqual(outs[i], ScrubReuseTests.dump(alone), "\(name) record \(i)")
                }
            }
        }
    }

    /// Every table of a `KnownPHI`, in order where order counts.
    static func describe(_ k: KnownPHI) -> [String] {
        var out = k.phrases.map { "\($0.atoms) \($0.kind) \($0.capitalizedOnly) \($0.numeric) \($0.contextual) \($0.nameFirst)" }
        out.append("dates \(k.dates.sorted())")
        out.append("digits \(k.digitRuns.sorted())")
        out.append("parts \(k.nameParts.sorted()) \(k.nameInitials.sorted())")
        out.append("first \(k.byFirstAtom.keys.sorted().map { "\($0):\(k.byFirstAtom[$0]!)" })")
        return out
    }

    /// Tables built from what each value added before (kept across records) are the tables
    /// built from the values alone.
    func testKnownValuePartsGiveTheSameTables() {
        let records: [[PHIKind: [String]]] = [
            [
                .name: ["DOE^JANE^Q", "Jane", "Jane Doe"], .date: ["20130713", "19601224"], .id: ["PID-778899"],
                .phone: ["555-123-4567"], .address: ["12 Elm Street, Springfield"], .institution: ["Springfield General Hospital"],
                .other: ["jane.doe@example.com"]
            ],
            [
                .name: ["Jane Doe", "ROSS^MICHAEL", "DOE^JANE^Q"], .date: ["20130714", "19601224"], .id: ["PID-778899", "ACC12345"],
                .institution: ["Springfield General Hospital"]
            ],
            [.name: ["PHANTOM^HEAD", "Mark Rose"], .date: ["20200229"], .phone: ["+1 (555) 867-5309"], .id: ["0012345678901"]],
            [:]
        ]
        let parts = KnownPHIParts()
        for round in 0..<2 {
            for (i, phi) in records.enumerated() {
                XCTAssertEqual(
                    ScrubReuseTests.describe(KnownPHI(values: phi, parts: parts)),
                    ScrubReuseTests.describe(KnownPHI(values: phi)), "round \(round) record \(i)")
            }
        }
        XCTAssertGreaterThan(ScrubReuseTests.describe(KnownPHI(values: records[0])).count, 10, "the tables hold phrases")
    }

    /// A session answers a text it cleaned before from its memo: the answer a fresh cleaner
    /// gives, and another session (other known values) keeps its own answers.
    func testSessionsRememberOnlyTheirOwnCleanedTexts() {
        let adapter = TextCleanerAdapter(cleaner: TextCleaner())
        let jane: [PHIKind: [String]] = [.name: ["ZORBLAX^QUENTINA"], .id: ["QX-77"]]
        let rick: [PHIKind: [String]] = [.name: ["GLORPEN^RICHARD"]]
        let texts = ["ZORBLAX knee", "CHEST PA", "knee GLORPEN", "QX-77 seen", "", "CHEST PA", "ZORBLAX knee"]
        let a = adapter.session(knownPHI: jane), b = adapter.session(knownPHI: rick)
        for _ in 0..<2 {
            for t in texts {
                XCTAssertEqual(a.clean(t), TextCleaner().clean(t, knownPHI: KnownPHI(values: jane)), t)
                XCTAssertEqual(b.clean(t), TextCleaner().clean(t, knownPHI: KnownPHI(values: rick)), t)
            }
        }
        // Each name is cut only where it is known: the sessions' answers differ.
        XCTAssertNotEqual(a.clean(texts[0]), b.clean(texts[0]))
        XCTAssertNotEqual(a.clean(texts[2]), b.clean(texts[2]))
    }

    /// Replacing a one-byte target returns text without that byte as it is, and replaces
    /// it (as a whole character only) where it stands.
    func testReplacingABackslash() {
        XCTAssertEqual("A\\B\\".replacingAll("\\", with: " "), "A B ")
        XCTAssertEqual("no backslash here".replacingAll("\\", with: " "), "no backslash here")
        XCTAssertEqual("Ünï\\cødé".replacingAll("\\", with: " "), "Ünï cødé")
        // A backslash with a combining mark is another character: kept.
        XCTAssertEqual("a\\\u{301}b\\c".replacingAll("\\", with: " "), "a\\\u{301}b c")
        XCTAssertEqual("", "".replacingAll("\\", with: " "))
    }

    /// The record as the next stage reads it: the binary header holds every member.
    static func dump(_ r: Record) -> [UInt8] { BinaryHeader.encode(r).payload }
}
