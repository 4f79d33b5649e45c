import DICOMCore
import DICOMObject
@testable import DeidReview
import XCTest

final class HeaderDiffTests: XCTestCase {
    typealias F = Fixture

    func action(_ changes: [AttributeChange], _ path: String) -> HeaderAction? {
        changes.first { $0.path == path }?.action
    }

    func testEachActionIsRecognised() {
        var item = DataSet(); item.insert(F.element(0x0008_0100, .SH, "ABC"))
        var itemOut = DataSet(); itemOut.insert(F.element(0x0008_0100, .SH, "XYZ"))
        let a = F.dataSet([
            F.element(0x0008_0020, .DA, "20200115"),
            F.element(0x0008_0050, .SH, "ACC998877"),
            F.element(0x0008_0060, .CS, "CT"),
            F.element(0x0008_1030, .LO, "CT HEAD Dr Smith"),
            F.element(0x0010_0010, .PN, "Doe^John"),
            F.element(0x0010_0020, .LO, "PAT123"),
            F.element(0x0010_1000, .LO, "OTHER1"),
            Element(tag: Tag(0x0008_1032), vr: .SQ, value: .items([item]))
        ])
        let b = F.dataSet([
            F.element(0x0008_0020, .DA, "20191230"),
            F.element(0x0008_0050, .SH, ""),
            F.element(0x0008_0060, .CS, "CT"),
            F.element(0x0008_1030, .LO, "CT HEAD"),
            F.element(0x0010_0010, .PN, "P0001"),
            F.element(0x0010_0020, .LO, "P0001"),
            F.element(0x0012_0062, .CS, "YES"),
            Element(tag: Tag(0x0008_1032), vr: .SQ, value: .items([itemOut]))
        ])
        let all = HeaderDiff.compare(a, b)
        XCTAssertEqual(action(all, "00080020"), .shifted)
        XCTAssertEqual(action(all, "00080050"), .emptied)
        XCTAssertEqual(action(all, "00080060"), .kept)
        XCTAssertEqual(action(all, "00081030"), .cleaned)
        XCTAssertEqual(action(all, "00100010"), .replaced)
        XCTAssertEqual(action(all, "00100020"), .replaced)
        XCTAssertEqual(action(all, "00101000"), .removed)
        XCTAssertEqual(action(all, "00120062"), .added)
        XCTAssertEqual(action(all, "00081032[0].00080100"), .replaced)
        XCTAssertEqual(all.first { $0.path == "00101000" }?.keyword, "OtherPatientIDs")
        XCTAssertEqual(all.first { $0.path == "00081032[0].00080100" }?.pattern, "00081032[*].00080100")
        // Kept ones left out on request; the values ride along for --show-values.
        let changed = HeaderDiff.compare(a, b, keepUnchanged: false)
        XCTAssertNil(action(changed, "00080060"))
        XCTAssertEqual(changed.first { $0.path == "00100010" }?.before, "Doe^John")
        XCTAssertEqual(changed.first { $0.path == "00100010" }?.after, "P0001")
    }

    func testPixelDataIsLeftToThePixelReview() {
        let a = F.dataSet([Element(tag: .pixelData, vr: .OB, bytes: [1, 2])])
        let b = F.dataSet([Element(tag: .pixelData, vr: .OB, bytes: [0, 0])])
        XCTAssertTrue(HeaderDiff.compare(a, b).isEmpty)
    }

    func testPrivateBlocksKeptOrRemoved() {
        let a = F.dataSet([
            F.element(0x0009_0010, .LO, "GEMS_IDEN_01"), F.element(0x0009_1001, .LO, "secret"),
            F.element(0x0019_0010, .LO, "SIEMENS MR HEADER"), F.element(0x0019_100A, .US, "\u{1}\u{0}")
        ])
        let b = F.dataSet([F.element(0x0019_0010, .LO, "SIEMENS MR HEADER"), F.element(0x0019_100A, .US, "\u{1}\u{0}")])
        let blocks = HeaderDiff.privateBlocks(a, b)
        XCTAssertEqual(blocks.map(\.0.creator), ["GEMS_IDEN_01", "SIEMENS MR HEADER"])
        XCTAssertEqual(blocks.map(\.kept), [false, true])
        let changes = HeaderDiff.compare(a, b, keepUnchanged: false)
        XCTAssertEqual(changes.first { $0.path == "00091001" }?.keyword, "private (GEMS_IDEN_01)")
        XCTAssertEqual(changes.first { $0.path == "00091001" }?.action, .removed)
    }

    func testSeriesRowsCountFilesOnce() {
        var s = SeriesEntry(study: "1", series: "2", modality: "CT", seriesNumber: "1")
        let c = [
            AttributeChange(path: "00081032[0].00080100", keyword: "CodeValue", action: .replaced),
            AttributeChange(path: "00081032[1].00080100", keyword: "CodeValue", action: .replaced)
        ]
        s.add(c); s.add(c)
        XCTAssertEqual(s.sortedRows.count, 1)
        XCTAssertEqual(s.sortedRows[0].files, 2)
    }
}
