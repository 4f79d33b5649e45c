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
        let lines = generatedDictionaryText.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 5000)
        XCTAssertEqual(DataDictionary.table.exact.count + DataDictionary.table.masked.count, lines.count)
        XCTAssertEqual(DataDictionary.table.byKeyword.count, lines.count)
        for line in lines {
            let f = line.split(separator: " ")
            XCTAssertEqual(f.count, 5, "\(line)")
            for vr in f[1].split(separator: "/") { XCTAssertNotNil(VR(rawValue: String(vr)), "\(line)") }
        }
    }
}
