import XCTest
@testable import DICOMCore

final class DataDictionaryTests: XCTestCase {
    func testPatientName() throws {
        let e = try XCTUnwrap(DataDictionary.entry(for: Tag(group: 0x0010, element: 0x0010)))
        XCTAssertEqual(e.keyword, "PatientName")
        XCTAssertEqual(e.vr, .PN)
        XCTAssertEqual(e.alternativeVRs, [])
        XCTAssertEqual(e.vm, "1")
        XCTAssertFalse(e.retired)
        XCTAssertEqual(e.tag, .patientName)
    }

    func testPixelDataHasAlternativeVR() throws {
        let e = try XCTUnwrap(DataDictionary.entry(for: .pixelData))
        XCTAssertEqual(e.keyword, "PixelData")
        XCTAssertEqual(e.vr, .OB)
        XCTAssertEqual(e.alternativeVRs, [.OW])
        XCTAssertEqual(DataDictionary.vr(for: .pixelData), .OB)
    }

    func testThreeWayVRAndMultiValuedVM() throws {
        let gray = try XCTUnwrap(DataDictionary.entry(forKeyword: "GrayLookupTableData"))
        XCTAssertEqual(gray.tag, Tag(0x0028_1200))
        XCTAssertEqual(gray.vr, .US)
        XCTAssertEqual(gray.alternativeVRs, [.SS, .OW])
        XCTAssertTrue(gray.retired)
        // The source says "1-n or 1"; the generator writes it without spaces.
        XCTAssertEqual(gray.vm, "1-n/1")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0010_1010))?.keyword, "PatientAge")
    }

    func testRepeatingOverlayGroup() throws {
        for group: UInt16 in [0x6000, 0x6002, 0x601E] {
            let e = try XCTUnwrap(DataDictionary.entry(for: Tag(group: group, element: 0x3000)))
            XCTAssertEqual(e.keyword, "OverlayData")
            XCTAssertEqual(e.vr, .OB)
            XCTAssertEqual(e.alternativeVRs, [.OW])
            XCTAssertFalse(e.retired)
        }
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x6002_0010))?.keyword, "OverlayRows")
    }

    func testRetiredCurveGroup() throws {
        let e = try XCTUnwrap(DataDictionary.entry(for: Tag(group: 0x5004, element: 0x0010)))
        XCTAssertEqual(e.keyword, "NumberOfPoints")
        XCTAssertEqual(e.vr, .US)
        XCTAssertTrue(e.retired)
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x5004_3000))?.keyword, "CurveData")
    }

    func testExactEntryWinsOverRepeatingGroup() {
        // (7Fxx,0010) Variable Pixel Data also covers (7FE0,0010).
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x7FE0_0010))?.keyword, "PixelData")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x7F10_0010))?.keyword, "VariablePixelData")
    }

    func testKeywordLookUp() throws {
        XCTAssertEqual(DataDictionary.entry(forKeyword: "PatientID")?.tag, .patientID)
        XCTAssertEqual(DataDictionary.entry(forKeyword: "SOPInstanceUID")?.vr, .UI)
        XCTAssertEqual(DataDictionary.entry(forKeyword: "StudyInstanceUID")?.tag, .studyInstanceUID)
        XCTAssertEqual(DataDictionary.entry(forKeyword: "TransferSyntaxUID")?.tag, .transferSyntaxUID)
        XCTAssertNil(DataDictionary.entry(forKeyword: "NoSuchKeyword"))
        XCTAssertNil(DataDictionary.entry(forKeyword: ""))
    }

    func testUnknownTags() {
        let unassigned = Tag(group: 0x0010, element: 0x0011)
        XCTAssertNil(DataDictionary.entry(for: unassigned))
        XCTAssertEqual(DataDictionary.vr(for: unassigned), .UN)
        let privateElement = Tag(group: 0x0029, element: 0x1010)
        XCTAssertNil(DataDictionary.entry(for: privateElement))
        XCTAssertEqual(DataDictionary.vr(for: privateElement), .UN)
    }

    func testStructuralVRs() {
        XCTAssertEqual(DataDictionary.vr(for: Tag(group: 0x0029, element: 0x0010)), .LO)
        XCTAssertEqual(DataDictionary.vr(for: Tag(group: 0x0009, element: 0x00FF)), .LO)
        XCTAssertEqual(DataDictionary.vr(for: Tag(group: 0x0008, element: 0x0000)), .UL)
        XCTAssertEqual(DataDictionary.vr(for: Tag(group: 0x0029, element: 0x0000)), .UL)
        XCTAssertEqual(DataDictionary.vr(for: .fileMetaInformationGroupLength), .UL)
    }

    func testItemTagsAreNotInTheDictionary() {
        XCTAssertNil(DataDictionary.entry(for: .item))
        XCTAssertNil(DataDictionary.entry(for: .itemDelimitation))
        XCTAssertNil(DataDictionary.entry(for: .sequenceDelimitation))
    }

    /// Every generated line must survive the parser: 5 fields and only known VRs.
    func testGeneratedTextParsesCompletely() {
        let lines = LegacyDictionary.text.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 5000)
        XCTAssertEqual(DataDictionary.count, lines.count)
        XCTAssertEqual(LegacyDictionary.table.exact.count + LegacyDictionary.table.masked.count, lines.count)
        XCTAssertEqual(LegacyDictionary.table.byKeyword.count, lines.count)
        for line in lines {
            let f = line.split(separator: " ")
            XCTAssertEqual(f.count, 5, "\(line)")
            for vr in f[1].split(separator: "/") { XCTAssertNotNil(VR(rawValue: String(vr)), "\(line)") }
        }
    }

    /// The generated indexes answer every tag and keyword exactly as the dictionaries once
    /// built from the text at start-up (that parser, kept below, is the oracle).
    func testIndexesAnswerAsTheParsedText() {
        func same(_ a: DictionaryEntry?, _ b: LegacyDictionary.Entry?, _ what: String) {
            XCTAssertEqual(a == nil, b == nil, what)
            guard let a, let b else { return }
            XCTAssertEqual(a.tag, b.tag, what)
            XCTAssertEqual(a.keyword, b.keyword, what)
            XCTAssertEqual(a.vr, b.vr, what)
            XCTAssertEqual(a.alternativeVRs, b.alternativeVRs, what)
            XCTAssertEqual(a.vm, b.vm, what)
            XCTAssertEqual(a.retired, b.retired, what)
        }
        let t = LegacyDictionary.table
        for (v, e) in t.exact {
            same(DataDictionary.entry(for: Tag(v)), e, "exact \(v)")
            // Neighbours, private or not, and repeating-group members.
            for d: UInt32 in [1, 0x10, 0x0001_0000, 0x0100_0000] {
                same(DataDictionary.entry(for: Tag(v &+ d)), LegacyDictionary.entry(for: Tag(v &+ d)), "near \(v)")
                same(DataDictionary.entry(for: Tag(v &- d)), LegacyDictionary.entry(for: Tag(v &- d)), "near \(v)")
            }
        }
        for (_, value, _) in t.masked {
            for g: UInt32 in [0, 0x0002_0000, 0x001E_0000, 0x0001_0000, 0x00FF_0000, 0x0000_00FE, 0x0001_2345] {
                let tag = Tag(value | g)
                same(DataDictionary.entry(for: tag), LegacyDictionary.entry(for: tag), "masked \(tag)")
            }
        }
        for (k, e) in t.byKeyword {
            same(DataDictionary.entry(forKeyword: k), e, k)
            for near in [k + "X", String(k.dropLast()), k.lowercased(), "A" + k] {
                same(DataDictionary.entry(forKeyword: near), t.byKeyword[near], near)
            }
        }
        XCTAssertNil(DataDictionary.entry(forKeyword: ""))
        var rng: UInt64 = 0x1234_5678
        for _ in 0..<100_000 {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let tag = Tag(UInt32(truncatingIfNeeded: rng >> 32))
            same(DataDictionary.entry(for: tag), LegacyDictionary.entry(for: tag), "random \(tag)")
            XCTAssertEqual(DataDictionary.vr(for: tag), LegacyDictionary.vr(for: tag))
        }
    }
}

/// The former start-up parse of the dictionary text, verbatim in what it builds: the oracle
/// of the generated indexes.
enum LegacyDictionary {
    struct Entry {
        let tag: Tag
        let keyword: String
        let vr: VR
        let alternativeVRs: [VR]
        let vm: String
        let retired: Bool
    }
    struct Table {
        var exact: [UInt32: Entry] = [:]
        var masked: [(UInt32, UInt32, Entry)] = []
        var byKeyword: [String: Entry] = [:]
    }

    static let text = String(
        decoding: UnsafeBufferPointer(
            start: generatedDictionaryLines.utf8Start, count: generatedDictionaryLines.utf8CodeUnitCount), as: UTF8.self)

    static func entry(for tag: Tag) -> Entry? {
        if let e = table.exact[tag.rawValue] { return e }
        guard !tag.isPrivate else { return nil }
        for (mask, value, entry) in table.masked where tag.rawValue & mask == value { return entry }
        return nil
    }

    static func vr(for tag: Tag) -> VR {
        if tag.element == 0 { return .UL }
        if tag.isPrivateCreator { return .LO }
        return entry(for: tag)?.vr ?? .UN
    }

    static let table: Table = {
        var t = Table()
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ").map { Array($0.utf8) }
            guard f.count == 5 else { continue }
            var mask: UInt32 = 0, value: UInt32 = 0
            for b in f[0] {
                let ch = b | 0x20
                mask <<= 4; value <<= 4
                if ch == UInt8(ascii: "x") { continue }
                mask |= 0xF
                value |= UInt32(ch <= UInt8(ascii: "9") ? ch - 48 : ch - 87)
            }
            var first: VR? = nil
            var alternatives: [VR] = []
            var k = 0
            while k + 1 < f[1].count {
                if let vr = VR(f[1][k], f[1][k + 1]) {
                    if first == nil { first = vr } else { alternatives.append(vr) }
                }
                k += 3
            }
            let e = Entry(
                tag: Tag(value), keyword: String(decoding: f[4], as: UTF8.self), vr: first ?? .UN,
                alternativeVRs: alternatives, vm: String(decoding: f[2], as: UTF8.self), retired: f[3].first == UInt8(ascii: "R"))
            if mask == 0xFFFF_FFFF { t.exact[value] = e } else { t.masked.append((mask, value, e)) }
            t.byKeyword[e.keyword] = e
        }
        return t
    }()
}
