import DICOMCore
import DICOMObject
import XCTest
@testable import DICOMPart10

/// The DICOMDIR encoder: offsets are checked against the item positions found by walking
/// the encoded bytes independently of the encoder, then read back through `Part10Reader`.
final class BasicDirectoryTests: XCTestCase {
    static func record(_ type: String, _ keys: [(UInt32, VR, String)], _ children: [DirectoryRecord] = []) -> DirectoryRecord {
        var ds = DataSet()
        for (t, vr, v) in keys { ds.setString(Tag(t), v, vr: vr) }
        return DirectoryRecord(type: type, keys: ds, children: children)
    }

    static func sample() -> [DirectoryRecord] {
        let image = { (n: String, id: String) in
            record("IMAGE", [(0x0004_1500, .CS, "A\\B\\" + id), (0x0020_0013, .IS, n)])
        }
        let series = record(
            "SERIES", [(0x0008_0060, .CS, "CT"), (0x0020_000E, .UI, "1.2.3.1"), (0x0020_0011, .IS, "1")],
            [image("1", "I1"), image("2", "I2")])
        let series2 = record(
            "SERIES", [(0x0008_0060, .CS, "SR"), (0x0020_000E, .UI, "1.2.3.2"), (0x0020_0011, .IS, "2")],
            [record("SR DOCUMENT", [(0x0004_1500, .CS, "A\\C\\S1")])])
        let study = record("STUDY", [(0x0020_000D, .UI, "1.2.3")], [series, series2])
        return [
            record("PATIENT", [(0x0010_0020, .LO, "P1")], [study]),
            record("PATIENT", [(0x0010_0020, .LO, "P2")])
        ]
    }

    /// Offsets of the items of the Directory Record Sequence, found by walking the bytes.
    static func itemOffsets(_ b: [UInt8]) -> [Int] {
        func u32(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24 }
        let seqHeader: [UInt8] = [0x04, 0x00, 0x20, 0x12, 0x53, 0x51, 0, 0]
        guard let at = (0..<(b.count - 8)).first(where: { Array(b[$0..<$0 + 8]) == seqHeader }) else { return [] }
        var pos = at + 12, out: [Int] = []
        let end = pos + u32(at + 8)
        while pos < end {
            XCTAssertEqual(Array(b[pos..<pos + 4]), [0xFE, 0xFF, 0x00, 0xE0])
            out.append(pos)
            pos += 8 + u32(pos + 4)
        }
        XCTAssertEqual(pos, b.count)
        return out
    }

    func testOffsetsPointAtTheRecordsTheyName() throws {
        let info = BasicDirectory.MetaInfo(sopInstanceUID: "2.25.1", implementationClassUID: "2.25.2", implementationVersionName: "T")
        let bytes = try BasicDirectory.encode(roots: Self.sample(), fileSetID: "TEST", meta: info)
        let offsets = Self.itemOffsets(bytes)
        XCTAssertEqual(offsets.count, 8)
        let file = try Part10Reader().read(bytes: bytes)
        XCTAssertTrue(BasicDirectory.isDirectory(file))
        XCTAssertEqual(file.meta.string(.mediaStorageSOPClassUID), BasicDirectory.sopClassUID)
        XCTAssertEqual(file.meta.string(.transferSyntaxUID), TransferSyntax.explicitVRLittleEndian.uid)
        let ds = file.dataset
        XCTAssertEqual(ds.string(BasicDirectory.fileSetIDTag), "TEST")
        XCTAssertEqual(ds.uint(BasicDirectory.consistencyFlagTag), 0)
        let items = try XCTUnwrap(ds[BasicDirectory.recordSequenceTag]?.items)
        XCTAssertEqual(items.count, 8)
        // Depth first: PATIENT P1, STUDY, SERIES 1, IMAGE, IMAGE, SERIES 2, SR DOCUMENT, PATIENT P2.
        XCTAssertEqual(
            items.map { $0.string(BasicDirectory.recordTypeTag) ?? "" },
            ["PATIENT", "STUDY", "SERIES", "IMAGE", "IMAGE", "SERIES", "SR DOCUMENT", "PATIENT"])
        func at(_ o: UInt32?) -> Int? { o == 0 ? nil : offsets.firstIndex(of: Int(o ?? 0)) }
        XCTAssertEqual(at(ds.uint(BasicDirectory.firstRootRecordTag)), 0)
        XCTAssertEqual(at(ds.uint(BasicDirectory.lastRootRecordTag)), 7)
        let next = items.map { at($0.uint(BasicDirectory.nextRecordTag)) }
        let lower = items.map { at($0.uint(BasicDirectory.lowerLevelTag)) }
        XCTAssertEqual(next, [7, nil, 5, 4, nil, nil, nil, nil])
        XCTAssertEqual(lower, [1, 2, 3, nil, nil, 6, nil, nil])
        XCTAssertEqual(items[4].strings(BasicDirectory.referencedFileIDTag), ["A", "B", "I2"])
        // Written twice, the same bytes.
        XCTAssertEqual(bytes, try BasicDirectory.encode(roots: Self.sample(), fileSetID: "TEST", meta: info))
    }

    func testAnEmptyFileSetHasZeroOffsets() throws {
        let info = BasicDirectory.MetaInfo(sopInstanceUID: "2.25.1", implementationClassUID: "2.25.2", implementationVersionName: "T")
        let file = try Part10Reader().read(bytes: BasicDirectory.encode(roots: [], fileSetID: "", meta: info))
        XCTAssertEqual(file.dataset.uint(BasicDirectory.firstRootRecordTag), 0)
        XCTAssertEqual(file.dataset.uint(BasicDirectory.lastRootRecordTag), 0)
        XCTAssertEqual(file.dataset[BasicDirectory.recordSequenceTag]?.items?.count, 0)
    }

    func testDirectoriesAreRecognisedByClassOrRecords() {
        var meta = DataSet()
        meta.setString(.mediaStorageSOPClassUID, BasicDirectory.sopClassUID, vr: .UI)
        XCTAssertTrue(BasicDirectory.isDirectory(DICOMFile(meta: meta, dataset: DataSet(), transferSyntax: .explicitVRLittleEndian)))
        // A bare data set (no meta group) holding directory records.
        var bare = DataSet()
        bare.insert(Element(tag: BasicDirectory.recordSequenceTag, vr: .SQ, value: .items([])))
        XCTAssertTrue(BasicDirectory.isDirectory(DICOMFile(preamble: nil, hasPrefix: false, dataset: bare, transferSyntax: .implicitVRLittleEndian)))
        var image = DataSet()
        image.setString(.sopClassUID, "1.2.840.10008.5.1.4.1.1.2", vr: .UI)
        XCTAssertFalse(BasicDirectory.isDirectory(DICOMFile(dataset: image, transferSyntax: .explicitVRLittleEndian)))
    }
}
