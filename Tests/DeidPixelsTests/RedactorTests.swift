import SharedTestSupport
import XCTest
import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
@testable import DICOMPixels
@testable import DeidPixels

/// End-to-end redaction of generated images: text of known content and position, read
/// by Tesseract, masked or kept, written back in the image's own encoding.
final class RedactorTests: XCTestCase {
    /// A new engine each time: an engine is not thread safe, so none is shared (static).
    static var engine: OCREngine? { try? OCREngine() }

    func redactor(_ configure: (inout RedactionOptions) -> Void = { _ in }) throws -> PixelRedactor {
        guard let e = Self.engine else { throw XCTSkip("Tesseract's eng model is not installed") }
        var o = RedactionOptions()
        configure(&o)
        return PixelRedactor(options: o, engine: e)
    }

    let texts = [("MORRIS TED", 40, 30), ("03/15/1962", 40, 90), ("5 cm", 300, 400), ("L", 440, 200)]

    /// Encodes `frames` for `ts` the way a device would have.
    func encode(_ frames: [FrameBuffer], ts: TransferSyntax) throws -> [UInt8] {
        switch ts.uid {
        case "1.2.840.10008.1.2.5": return Encapsulation.encapsulate(frames.map(RLECodec.encode), offsetTable: false)
        case "1.2.840.10008.1.2.4.80": return Encapsulation.encapsulate(try frames.map(JPEGLSCodec.encodeLossless), offsetTable: false)
        case "1.2.840.10008.1.2.4.90": return Encapsulation.encapsulate(try frames.map(JPEG2000Codec.encodeLossless), offsetTable: false)
        default: return Gen.native(frames)
        }
    }

    func decode(_ r: Record, _ g: ImageGeometry, frame: Int = 0) throws -> FrameBuffer {
        let bytes = try XCTUnwrap(r.file.dataset[.pixelData]?.bulk).loadBytes()
        let enc = PixelEncoding(r.file.transferSyntax, bitsAllocated: g.bitsAllocated)
        return try FrameSource(data: bytes, encoding: enc, geometry: g, dataset: r.file.dataset).frame(frame)
    }

    /// Draws the texts, redacts, and checks: name and date boxes filled, clinical labels kept.
    func check(_ g: ImageGeometry, ts: TransferSyntax, light: Bool, fill: [Int32], file: StaticString = #filePath, line: UInt = #line) throws {
        var frames: [FrameBuffer] = [], boxes: [PixelRect] = []
        for f in 0..<g.frames { let (fb, b) = Gen.frame(g, texts: texts, light: light, seed: f * 3); frames.append(fb); boxes = b }
        var record = Gen.record(g, pixels: try encode(frames, ts: ts), ts: ts)
        let report = try redactor().redact(&record)
        XCTAssertTrue(report.examined, file: file, line: line)
        XCTAssertEqual(record.file.transferSyntax, ts, "same transfer syntax", file: file, line: line)
        XCTAssertEqual(record.file.dataset.string(Tag(0x0028_0301)), "NO", file: file, line: line)
        XCTAssertTrue(record.deid.done.contains(.cleanPixels), file: file, line: line)
        for f in 0..<g.frames {
            let out = try decode(record, g, frame: f)
            XCTAssertTrue(
                out.allEqual(boxes[0], fill), "name masked in frame \(f) (\(g.photometric) \(g.bitsStored)-bit \(ts.name))", file: file, line: line)
            XCTAssertTrue(out.allEqual(boxes[1], fill), "date masked in frame \(f)", file: file, line: line)
            XCTAssertTrue(out.sameRegion(boxes[2].padded(4), as: frames[f]), "\"5 cm\" kept in frame \(f)", file: file, line: line)
            XCTAssertTrue(out.sameRegion(boxes[3].padded(4), as: frames[f]), "\"L\" kept in frame \(f)", file: file, line: line)
        }
    }

    func testNative8BitLightOnDark() throws {
        try check(ImageGeometry(rows: 512, columns: 512), ts: .explicitVRLittleEndian, light: true, fill: [0])
    }

    func testNative16BitSignedDarkOnLight() throws {
        Glyphs.font = "mono"; defer { Glyphs.font = "sans" }
        let g = ImageGeometry(rows: 512, columns: 512, bitsAllocated: 16, bitsStored: 16, signed: true)
        try check(g, ts: .implicitVRLittleEndian, light: false, fill: [-32768])
    }

    func testMonochrome1JPEG2000() throws {
        let g = ImageGeometry(rows: 512, columns: 512, bitsAllocated: 16, bitsStored: 12, photometric: "MONOCHROME1")
        try check(g, ts: TransferSyntax(uid: "1.2.840.10008.1.2.4.90"), light: true, fill: [4095])
    }

    func testRGBRLE() throws {
        Glyphs.font = "serif"; defer { Glyphs.font = "sans" }
        let g = ImageGeometry(rows: 480, columns: 512, samplesPerPixel: 3, photometric: "RGB")
        try check(g, ts: TransferSyntax(uid: "1.2.840.10008.1.2.5"), light: true, fill: [0, 0, 0])
    }

    func testYBRFullJPEGLS() throws {
        let g = ImageGeometry(rows: 480, columns: 512, samplesPerPixel: 3, photometric: "YBR_FULL")
        try check(g, ts: TransferSyntax(uid: "1.2.840.10008.1.2.4.80"), light: true, fill: [0, 128, 128])
    }

    func testMultiFrameStaticText() throws {
        try check(ImageGeometry(rows: 512, columns: 512, frames: 4), ts: .explicitVRLittleEndian, light: true, fill: [0])
    }

    func testImageWithOnlyClinicalTextKeepsItsBytes() throws {
        let g = ImageGeometry(rows: 512, columns: 512)
        let (fb, _) = Gen.frame(g, texts: [("5 cm", 300, 400), ("L", 440, 200)])
        var record = Gen.record(g, pixels: fb.bytes)
        let report = try redactor().redact(&record)
        XCTAssertTrue(report.examined)
        XCTAssertEqual(report.boxesMasked, 0)
        XCTAssertEqual(try record.file.dataset[.pixelData]?.bulk?.loadBytes(), fb.bytes)
        XCTAssertTrue(record.deid.done.contains(.cleanPixels))
    }

    func testAllTextModeMasksClinicalLabelsToo() throws {
        let g = ImageGeometry(rows: 512, columns: 512)
        let (fb, boxes) = Gen.frame(g, texts: [("5 cm", 300, 400)])
        var record = Gen.record(g, pixels: fb.bytes)
        _ = try redactor { $0.mask = .allText }.redact(&record)
        XCTAssertTrue(try decode(record, g).allEqual(boxes[0], [0]))
    }

    func testPolicySkipsWithoutLoadingPixels() throws {
        let g = ImageGeometry(rows: 64, columns: 64)
        var record = Gen.record(
            g, pixels: [UInt8](repeating: 0, count: 64 * 64), modality: "CT",
            extra: [
                Element(tag: Tag(0x0028_0301), vr: .CS, bytes: Array("NO".utf8)),
                Element(tag: Tag(0x0008_0016), vr: .UI, bytes: Array("1.2.840.10008.5.1.4.1.1.2\0".utf8))
            ])
        let r = try redactor()
        XCTAssertFalse(r.wantsPixels(record))
        let report = try r.redact(&record)
        XCTAssertFalse(report.examined)
        // The policy's decision completes Clean Pixel Data, and says so; nothing is declared
        // in the file (nothing was examined).
        XCTAssertTrue(record.deid.done.contains(.cleanPixels))
        XCTAssertEqual(record.deid.notes["clean-pixels"], "not read: burned-in-annotation-no")
        XCTAssertNil(record.file.dataset[Tag(0x0012_0064)])
    }

    /// A record without pixel data is left as it is.
    func testNoPixelDataNoMark() throws {
        var record = Record(source: "sr", file: DICOMFile(dataset: DataSet(), transferSyntax: .explicitVRLittleEndian))
        _ = try redactor().redact(&record)
        XCTAssertEqual(record.deid, DeidState())
    }

    func testUndecodableFailsUnlessPassed() throws {
        let g = ImageGeometry(rows: 8, columns: 8)
        let ts = TransferSyntax(uid: "1.2.840.10008.1.2.4.70")
        let px = Encapsulation.encapsulate([[0xFF, 0xD8, 0xFF, 0xD9]], offsetTable: false)
        var record = Gen.record(g, pixels: px, ts: ts)
        XCTAssertThrowsError(try redactor().redact(&record))
        let report = try redactor { $0.undecodable = .pass }.redact(&record)
        XCTAssertFalse(report.examined)
        XCTAssertEqual(report.warnings.count, 1)
        XCTAssertEqual(try record.file.dataset[.pixelData]?.bulk?.loadBytes(), px)
        XCTAssertFalse(record.deid.done.contains(.cleanPixels))
        // Passed unexamined: dcm-write refuses it, and says why.
        XCTAssertTrue(record.deid.notes["clean-pixels"]?.contains("passed unexamined") ?? false)
        var deid = record.deid; deid.profile = "tcia"; deid.require(.cleanPixels); record.deid = deid
        let why = Interlock.missingSteps(record) ?? ""
        XCTAssertTrue(why.contains("undecodable") && why.contains("--allow-incomplete"), why)
    }

    /// A real ultrasound frame with the patient's name, ID, birth date and institution
    /// burned into its top strip.
    func testCorpusUltrasoundTopStrip() throws {
        guard let e = try Corpus.catalog().first(where: { $0.path.hasSuffix("deid-data__ultrasounds__GREYSCALE_IMAGE.dcm") }) else {
            throw XCTSkip("GREYSCALE_IMAGE.dcm not in the corpus")
        }
        var record = Record(source: e.path, file: try Part10Reader().read(contentsOf: e.path))
        let g = try ImageGeometry(record.file.dataset)
        let before = try decode(record, g)
        let report = try redactor().redact(&record)
        XCTAssertGreaterThanOrEqual(report.boxesMasked, 3)
        let after = try decode(record, g)
        // The strip's ID "00079241539" (x 150-265 in the 1024-wide frame, rows 2-20) is gone.
        var bright = 0
        for y in 4..<18 { for x in 160..<250 where after.value(x, y, 0) > 150 { bright += 1 } }
        XCTAssertEqual(bright, 0, "ID masked")
        // The clinical labels on the left ("Adv Breast", "L12-5") are unchanged.
        XCTAssertTrue(after.sameRegion(PixelRect(x: 10, y: 30, width: 120, height: 60), as: before))
    }
}
