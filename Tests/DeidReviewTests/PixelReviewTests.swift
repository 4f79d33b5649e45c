import DeidAudit
import DICOMPixels
import DeidPixels
import DICOMCore
import DICOMObject
import DICOMPart10
@testable import DeidReview
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// What the review infers from the pixels alone: re-encoded pictures are not masks, and in a
/// multi-frame image only the frames that differ are shown.
final class PixelReviewTests: XCTestCase {
    typealias F = Fixture
    var root = ""

    override func setUp() {
        root = F.tempDir()
        for d in ["orig", "out", "report"] { mkdir(root + "/" + d, 0o755) }
    }

    override func tearDown() { _ = system("rm -rf '\(root)'") }

    func review(_ original: DICOMFile, _ output: DICOMFile) throws -> FileEntry {
        try F.write(original, to: root + "/orig/a.dcm")
        try F.write(output, to: root + "/out/a.dcm")
        var o = ReviewOptions()
        o.originals = [root + "/orig"]; o.outputs = [root + "/out"]; o.reportDir = root + "/report"
        let r = try Review(options: o).run()
        return try XCTUnwrap(r.series.first?.files.first)
    }

    func testSamePicturesInAnotherTransferSyntaxAreUnchanged() throws {
        let original = F.image(sop: "1.2.3.1", study: "1.2.3.100", series: "1.2.3.200", name: "Doe^John", pixels: F.pixels(bar: true))
        var output = original
        let g = try ImageGeometry(original.dataset)
        let frame = try NativeCodec.frame(F.pixels(bar: true), index: 0, geometry: g)
        let rle = TransferSyntax(uid: "1.2.840.10008.1.2.5", explicitVR: true, bigEndian: false, deflated: false, encapsulated: true)
        output.transferSyntax = rle
        output.meta.setString(.transferSyntaxUID, rle.uid, vr: .UI)
        output.dataset.insert(
            Element(
                tag: .pixelData, vr: .OB,
                value: .bulk(BulkData(bytes: Encapsulation.encapsulate([RLECodec.encode(frame)], offsetTable: false), encapsulated: true)),
                undefinedLength: true))
        let entry = try review(original, output)
        XCTAssertEqual(entry.pixels, .unchanged)
        XCTAssertEqual(entry.changedFrames, [])
        XCTAssertEqual(entry.thumbs.count, 1)
        XCTAssertNil(entry.thumbs[0].before)
    }

    func testOnlyTheChangedFrameOfAMultiFrameImageIsShown() throws {
        var original = F.image(
            sop: "1.2.3.1", study: "1.2.3.100", series: "1.2.3.200", name: "Doe^John",
            pixels: F.pixels(bar: false) + F.pixels(bar: true) + F.pixels(bar: false))
        original.dataset.setString(Tag(0x0028_0008), "3", vr: .IS)
        var output = original
        output.dataset.insert(Element(tag: .pixelData, vr: .OB, bytes: F.pixels(bar: false) + F.pixels(bar: false) + F.pixels(bar: false)))
        let entry = try review(original, output)
        XCTAssertEqual(entry.pixels, .masked)
        XCTAssertEqual(entry.frames, 3)
        XCTAssertEqual(entry.changedFrames, [1])
        XCTAssertEqual(entry.thumbs.map(\.frame), [1])
        XCTAssertEqual(entry.thumbs.first?.boxes, [PixelRect(x: 8, y: 4, width: 30, height: 6)])
    }

    func testOneBitImagesAreNotReadByPolicy() throws {
        var original = F.image(
            sop: "1.2.3.1", study: "1.2.3.100", series: "1.2.3.200", name: "Doe^John",
            pixels: [UInt8](repeating: 0x0F, count: 64 * 48 / 8))
        original.dataset.insert(F.us(0x0028_0100, 1)); original.dataset.insert(F.us(0x0028_0101, 1))
        original.dataset.insert(F.us(0x0028_0102, 0))
        let entry = try review(original, original)
        XCTAssertEqual(entry.pixels, .notRead("policy (one-bit)"))
        XCTAssertTrue(entry.thumbs.isEmpty)
    }
}
