import Foundation
import XCTest
import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
@testable import DICOMPixels
@testable import DeidPixels

/// Generated images in the encodings RedactorTests does not draw: PALETTE COLOR,
/// native YBR_FULL_422 and JPEG Baseline (compressed by dcmtk's dcmcjpeg).
final class GeneratedEncodingTests: XCTestCase {
    /// A new engine each time: an engine is not thread safe, so none is shared (static).
    static var engine: OCREngine? { try? OCREngine() }
    let texts = [("MORRIS TED", 40, 30), ("03/15/1962", 40, 90), ("5 cm", 300, 400), ("L", 440, 200)]

    func redact(_ record: inout Record) throws -> RedactionReport {
        guard let e = Self.engine else { throw XCTSkip("Tesseract's eng model is not installed") }
        return try PixelRedactor(options: RedactionOptions(), engine: e).redact(&record)
    }

    func frameOut(_ r: Record, _ g: ImageGeometry) throws -> FrameBuffer {
        let bytes = try XCTUnwrap(r.file.dataset[.pixelData]?.bulk).loadBytes()
        return try NativeCodec.frame(bytes, index: 0, geometry: g)
    }

    /// An 8-bit palette image whose palette maps index i to the grey (255 - i): black is
    /// index 255, so the mask must use the palette, not the index value.
    func testPaletteColour() throws {
        let g = ImageGeometry(rows: 512, columns: 512, photometric: "PALETTE COLOR")
        var (fb, boxes) = Gen.frame(g, texts: texts, light: true)
        // Gen draws light text as high values; through this palette high is dark, so flip
        // the indices to keep light text on a dark ground.
        for i in fb.bytes.indices { fb.bytes[i] = 255 - fb.bytes[i] }
        let ramp = (0..<256).flatMap { i -> [UInt8] in
            let v = UInt16(255 - i) << 8; return [UInt8(v & 0xFF), UInt8(v >> 8)]
        }
        let desc: [UInt8] = [0, 1, 0, 0, 16, 0]  // 256 entries, first 0, 16 bits
        let lut =
            [0x0028_1101, 0x0028_1102, 0x0028_1103].map { Element(tag: Tag(UInt32($0)), vr: .US, bytes: desc) }
            + [0x0028_1201, 0x0028_1202, 0x0028_1203].map { Element(tag: Tag(UInt32($0)), vr: .OW, bytes: ramp) }
        var record = Gen.record(g, pixels: fb.bytes, extra: lut)
        let report = try redact(&record)
        XCTAssertTrue(report.examined)
        let out = try frameOut(record, g)
        XCTAssertTrue(out.allEqual(boxes[0], [255]), "name masked with the palette's black")
        XCTAssertTrue(out.allEqual(boxes[1], [255]), "date masked")
        XCTAssertTrue(out.sameRegion(boxes[2].padded(4), as: fb), "\"5 cm\" kept")
        XCTAssertTrue(out.sameRegion(boxes[3].padded(4), as: fb), "\"L\" kept")
    }

    /// Native YBR_FULL_422: two luma samples share one chroma pair; masks cover whole pairs.
    func testNativeYBRFull422() throws {
        let g = ImageGeometry(rows: 480, columns: 512, samplesPerPixel: 3, photometric: "YBR_FULL_422")
        let (flat, boxes) = Gen.frame(g, texts: texts, light: true)
        var fb = FrameBuffer(
            width: g.columns, height: g.rows, samples: 3, bytesPerSample: 1, bitsStored: 8, signed: false,
            layout: .ybr422, bytes: [UInt8](repeating: 0, count: g.nativeFrameBytes))
        for y in 0..<g.rows {
            for x in 0..<g.columns {
                fb.set(x, y, 0, flat.value(x, y, 0)); fb.set(x, y, 1, 128); fb.set(x, y, 2, 128)
            }
        }
        var record = Gen.record(g, pixels: fb.bytes)
        let report = try redact(&record)
        XCTAssertTrue(report.examined)
        XCTAssertEqual(record.file.transferSyntax, .explicitVRLittleEndian)
        let out = try frameOut(record, g)
        XCTAssertTrue(out.allEqual(boxes[0], [0, 128, 128]), "name masked")
        XCTAssertTrue(out.allEqual(boxes[1], [0, 128, 128]), "date masked")
        XCTAssertTrue(out.sameRegion(boxes[2].padded(4), as: fb), "\"5 cm\" kept")
        XCTAssertTrue(out.sameRegion(boxes[3].padded(4), as: fb), "\"L\" kept")
    }

    /// Uncompressed frames in the fragments of a JPEG Baseline file (seen in the wild): read
    /// as native, kept byte for byte when nothing is masked, written native when masked.
    func testUncompressedFramesUnderJPEGLabel() throws {
        let g = ImageGeometry(rows: 512, columns: 512)
        let jpeg = TransferSyntax(uid: "1.2.840.10008.1.2.4.50")
        for (texts, masks) in [(texts, true), ([("5 cm", 300, 400)], false)] {
            let (fb, boxes) = Gen.frame(g, texts: texts, light: true)
            let wrapped = Encapsulation.encapsulate([fb.bytes], offsetTable: false)
            var record = Gen.record(g, pixels: wrapped, ts: jpeg)
            let report = try redact(&record)
            XCTAssertTrue(report.examined)
            if masks {
                XCTAssertEqual(record.file.transferSyntax, .explicitVRLittleEndian, "now labelled as what it is")
                let out = try frameOut(record, g)
                XCTAssertTrue(out.allEqual(boxes[0], [0]), "name masked")
                XCTAssertTrue(out.sameRegion(boxes[2].padded(4), as: fb), "\"5 cm\" kept")
            } else {
                XCTAssertEqual(record.file.transferSyntax, jpeg)
                XCTAssertEqual(try record.file.dataset[.pixelData]?.bulk?.loadBytes(), wrapped, "kept as it was")
            }
        }
        // All-zero data under any label holds no picture: examined, kept, not refused.
        var blank = Gen.record(ImageGeometry(rows: 4096, columns: 4096), pixels: [UInt8](repeating: 0, count: 256))
        let report = try redact(&blank)
        XCTAssertTrue(report.examined)
        XCTAssertTrue(blank.deid.done.contains(.cleanPixels))
    }

    /// JPEG Baseline from dcmtk: identifying text masked in the DCT domain, every block
    /// outside the masked ones decodes exactly as before, the syntax stays Baseline.
    func testJPEGBaseline() throws {
        guard let dcmcjpeg = ["/usr/bin/dcmcjpeg", "/usr/local/bin/dcmcjpeg"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            throw XCTSkip("dcmcjpeg (dcmtk) not installed")
        }
        let g = ImageGeometry(rows: 512, columns: 512)
        let (fb, boxes) = Gen.frame(g, texts: texts, light: true)
        let native = Gen.record(g, pixels: fb.bytes)
        let dir = NSTemporaryDirectory() + "dcm-gen-jpeg-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var file = native.file
        file.meta.setString(.mediaStorageSOPClassUID, "1.2.840.10008.5.1.4.1.1.7", vr: .UI)
        file.meta.setString(.mediaStorageSOPInstanceUID, "1.2.3.4.5", vr: .UI)
        try Data(try Part10Writer().encode(file)).write(to: URL(fileURLWithPath: dir + "/in.dcm"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: dcmcjpeg)
        p.arguments = ["+eb", dir + "/in.dcm", dir + "/out.dcm"]
        try p.run(); p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "dcmcjpeg failed")
        var record = Record(source: "generated", file: try Part10Reader().read(contentsOf: dir + "/out.dcm"))
        XCTAssertEqual(record.file.transferSyntax.uid, "1.2.840.10008.1.2.4.50")
        let before = try JPEGCodec.decodeGray(
            try XCTUnwrap(Encapsulation.frames(record.file.dataset[.pixelData]?.bulk?.loadBytes() ?? [], count: 1).first))

        let report = try redact(&record)
        XCTAssertGreaterThan(report.boxesMasked, 0)
        XCTAssertEqual(record.file.transferSyntax.uid, "1.2.840.10008.1.2.4.50", "still JPEG Baseline")
        let after = try JPEGCodec.decodeGray(
            try XCTUnwrap(Encapsulation.frames(record.file.dataset[.pixelData]?.bulk?.loadBytes() ?? [], count: 1).first))
        // Blocks touched by the name or date box are flat black; every block that touches
        // neither box nor its margin decodes exactly as before. The margin holds the plate
        // each text is drawn on: a line holding identifying text is masked whole, and its
        // row of marks takes the plate's edges along.
        func block(_ bx: Int, _ by: Int) -> PixelRect { PixelRect(x: bx * 8, y: by * 8, width: 8, height: 8) }
        var changedOutside = 0
        for by in 0..<(g.rows / 8) {
            for bx in 0..<(g.columns / 8) {
                let r = block(bx, by)
                if boxes[0].padded(20).intersects(r) || boxes[1].padded(20).intersects(r) { continue }
                for y in r.y..<r.maxY {
                    for x in r.x..<r.maxX where after.pixels[y * g.columns + x] != before.pixels[y * g.columns + x] {
                        changedOutside += 1
                    }
                }
            }
        }
        XCTAssertEqual(changedOutside, 0, "pixels changed outside the masked blocks")
        for box in boxes.prefix(2) {
            for y in box.y..<box.maxY {
                for x in box.x..<box.maxX {
                    XCTAssertLessThanOrEqual(after.pixels[y * g.columns + x], 2, "text pixel at \(x),\(y) not masked");
                    if after.pixels[y * g.columns + x] > 2 { return }
                }
            }
        }
    }
}
