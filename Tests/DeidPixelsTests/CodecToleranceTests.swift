import DICOMCore
import DICOMObject
import DICOMPart10
import Foundation
import XCTest
@testable import DICOMPixels
@testable import DeidPixels

/// Codestreams other decoders read that once stopped this stage: HTJ2K, JPEG-LS with
/// padding before EOI, damaged JPEG frames; and the colour coding of re-encoded JPEG 2000.
/// Fixtures in Resources/: htj2k-gray.j2c and htj2k-rgb-rct.j2c (OpenJPH's ojph_compress,
/// reversible, of `pattern`), small-gray.jpg (libjpeg-turbo's cjpeg, quality 90, of `pattern`).
final class CodecToleranceTests: XCTestCase {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")
    func fixture(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: Self.resources.appendingPathComponent(name))) }

    /// The fixtures' picture: 40 x 32, sample s of pixel (x, y).
    static func pattern(_ x: Int, _ y: Int, _ s: Int) -> Int32 { Int32((x * 7 + y * 13 + s * 50 + (x * y) % 11) % 256) }

    func source(_ frames: [[UInt8]], _ encoding: PixelEncoding, _ g: ImageGeometry) throws -> FrameSource {
        try FrameSource(data: Encapsulation.encapsulate(frames, offsetTable: false), encoding: encoding, geometry: g, dataset: DataSet())
    }

    func assertPattern(
        _ fb: FrameBuffer, samples: Int, except hole: PixelRect? = nil, fill: Int32 = 0,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var wrong = 0
        for y in 0..<32 {
            for x in 0..<40 {
                for s in 0..<samples {
                    let inHole = hole.map { x >= $0.x && x < $0.maxX && y >= $0.y && y < $0.maxY } ?? false
                    if fb.value(x, y, s) != (inHole ? fill : Self.pattern(x, y, s)) { wrong += 1 }
                }
            }
        }
        XCTAssertEqual(wrong, 0, "samples that differ", file: file, line: line)
    }

    func testHTJ2KSyntaxesAreDecoded() {
        for uid in ["1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"] {
            XCTAssertEqual(PixelEncoding(TransferSyntax(uid: uid), bitsAllocated: 8), .htj2k, uid)
        }
        XCTAssertTrue(PixelEncoding.htj2k.isJPEG2000)
    }

    /// HTJ2K decodes sample for sample; masked, it is re-encoded as reversible Part 1
    /// JPEG 2000 under JPEG 2000 Lossless Only, since no HT encoder is linked.
    func testHTJ2KGrayDecodesAndMasksToJPEG2000Lossless() throws {
        let g = ImageGeometry(rows: 32, columns: 40, photometric: "MONOCHROME2")
        let src = try source([try fixture("htj2k-gray.j2c")], .htj2k, g)
        assertPattern(try src.frame(0), samples: 1)
        let hole = PixelRect(x: 5, y: 6, width: 10, height: 4)
        let np = try src.masked([hole], fill: [0])
        XCTAssertEqual(np.transferSyntax?.uid, "1.2.840.10008.1.2.4.90")
        XCTAssertNil(np.photometric)
        let back = try source(try Encapsulation.frames(np.bytes, count: 1), .jpeg2000, g)
        assertPattern(try back.frame(0), samples: 1, except: hole)
    }

    /// Colour under a YBR_RCT or YBR_ICT header (US allows no RGB with JPEG 2000) is
    /// re-encoded with the reversible colour transform and says YBR_RCT.
    func testJPEG2000ColourKeepsAColourTransform() throws {
        let rct = try fixture("htj2k-rgb-rct.j2c")
        XCTAssertEqual(JPEG2000Codec.usesColourTransform(rct), true)
        XCTAssertEqual(JPEG2000Codec.usesColourTransform(try fixture("htj2k-gray.j2c")), false)
        let hole = PixelRect(x: 0, y: 0, width: 8, height: 8)
        for header in ["YBR_RCT", "YBR_ICT", "RGB"] {
            let g = ImageGeometry(rows: 32, columns: 40, samplesPerPixel: 3, photometric: header)
            let src = try source([rct], .htj2k, g)
            XCTAssertEqual(src.decodedPhotometric, "RGB")
            assertPattern(try src.frame(0), samples: 3)
            let np = try src.masked([hole], fill: [0, 0, 0])
            let frame = try XCTUnwrap(Encapsulation.frames(np.bytes, count: 1).first)
            XCTAssertEqual(JPEG2000Codec.usesColourTransform(frame), header != "RGB", header)
            XCTAssertEqual(np.photometric, header == "YBR_ICT" ? "YBR_RCT" : nil, header)
            XCTAssertEqual(np.transferSyntax?.uid, "1.2.840.10008.1.2.4.90")
            let back = try source([frame], .jpeg2000, ImageGeometry(rows: 32, columns: 40, samplesPerPixel: 3, photometric: np.photometric ?? header))
            assertPattern(try back.frame(0), samples: 3, except: hole)
        }
    }

    /// A zero byte between the entropy-coded data and EOI (NEMA WG04 MR1_JLSL) is read past.
    func testJPEGLSWithPaddingBeforeEOI() throws {
        let g = ImageGeometry(rows: 32, columns: 40, bitsAllocated: 16, bitsStored: 16, signed: true)
        var fb = FrameBuffer(zeroLike: g)
        for y in 0..<32 { for x in 0..<40 { fb.set(x, y, 0, Int32(x * 997 - y * 1531)) } }
        var coded = try JPEGLSCodec.encodeLossless(fb)
        coded.insert(0, at: coded.count - 2)
        XCTAssertEqual(try JPEGLSCodec.decode(coded, geometry: g).bytes, fb.bytes)
        XCTAssertEqual(JPEGLSCodec.withoutPaddingBeforeEOI([0xFF, 0xD8, 7, 0, 0, 0xFF, 0xD9]), [0xFF, 0xD8, 7, 0xFF, 0xD9])
        // A zero after 0xFF is a stuffed bit, not padding.
        XCTAssertNil(JPEGLSCodec.withoutPaddingBeforeEOI([0xFF, 0xD8, 0xFF, 0, 0xFF, 0xD9]))
        XCTAssertNil(JPEGLSCodec.withoutPaddingBeforeEOI([0xFF, 0xD8, 7, 0xFF, 0xD9]))
    }

    /// A JPEG frame smaller than the header's (fo-dicom's multiframe.dcm has 55-column
    /// frames in a 240-column image) is read as far as it goes, the rest blank, with a note;
    /// a larger one could hide text outside the frame and is refused.
    func testSmallerJPEGFrameIsReadAsFarAsItGoes() throws {
        let jpeg = try fixture("small-gray.jpg")
        let g = ImageGeometry(rows: 40, columns: 48)
        let src = try source([jpeg], .jpeg, g)
        var damage: String? = nil
        let gray = try src.gray(0, damage: &damage)
        XCTAssertEqual(gray.width, 48); XCTAssertEqual(gray.height, 40)
        XCTAssertTrue(damage?.contains("JPEG frame is 40x32, header says 48x40") == true, damage ?? "no note")
        XCTAssertEqual(gray.pixels[39 * 48 + 47], 0)
        XCTAssertLessThan(abs(Int(gray.pixels[5 * 48 + 9]) - Int(Self.pattern(9, 5, 0))), 12, "the picture is where it was")
        let small = try source([jpeg], .jpeg, ImageGeometry(rows: 16, columns: 40))
        XCTAssertThrowsError(try small.gray(0, damage: &damage))
        // Masking works on the frame's coefficients, within its own size.
        let np = try src.masked([PixelRect(x: 0, y: 0, width: 8, height: 8)], fill: [0])
        XCTAssertNil(np.transferSyntax)
    }

    /// Entropy-coded data cut short is read with what is there (libjpeg fills the rest),
    /// and the read says so.
    func testTruncatedJPEGIsReadWithANote() throws {
        var jpeg = try fixture("small-gray.jpg")
        jpeg.removeSubrange((jpeg.count - 300)..<(jpeg.count - 2))
        let src = try source([jpeg], .jpeg, ImageGeometry(rows: 32, columns: 40))
        var damage: String? = nil
        let gray = try src.gray(0, damage: &damage)
        XCTAssertEqual(gray.width * gray.height, 40 * 32)
        XCTAssertNotNil(damage)
        var clean: String? = "x"
        _ = try source([try fixture("small-gray.jpg")], .jpeg, ImageGeometry(rows: 32, columns: 40)).gray(0, damage: &clean)
        XCTAssertNil(clean)
    }

    /// Through the stage: an image whose JPEG frames are smaller than its header's is read,
    /// one warning names the frames, and with nothing masked its pixel data is kept.
    func testRedactorReadsSmallerFramesAndKeepsTheirBytes() throws {
        let engine = try OCREngine.installedOrSkip()
        var o = RedactionOptions()
        o.policy = .all
        let jpeg = try fixture("small-gray.jpg")
        let pixels = Encapsulation.encapsulate([jpeg, jpeg, jpeg], offsetTable: true)
        var record = Gen.record(
            ImageGeometry(rows: 40, columns: 48, frames: 3), pixels: pixels,
            ts: TransferSyntax(uid: "1.2.840.10008.1.2.4.50"))
        let report = try PixelRedactor(options: o, engine: engine).redact(&record)
        XCTAssertTrue(report.examined)
        XCTAssertEqual(report.warnings.filter { $0.hasPrefix("frames 0, 1, 2: JPEG frame is 40x32") }.count, 1, "\(report.warnings)")
        XCTAssertEqual(report.boxesMasked, 0)
        XCTAssertEqual(try record.file.dataset[.pixelData]?.bulk?.loadBytes(), pixels)
    }

    func testDamageWarningsNameTheirFrames() {
        XCTAssertEqual(
            FrameSource.damageWarnings(["b": [3], "a": Array(0..<10)]),
            ["frames 0, 1, 2, 3, 4, 5, 6, 7 and 2 more: a", "frame 3: b"])
    }

    /// Deflated Image Frame Compression: each frame raw-deflated native bytes (here 1-bit
    /// frames whose size is no whole number of bytes); masked frames are deflated again.
    func testDeflatedImageFrames() throws {
        let g = ImageGeometry(rows: 29, columns: 37, frames: 2, bitsAllocated: 1)
        XCTAssertEqual(PixelEncoding(TransferSyntax(uid: "1.2.840.10008.1.2.8.1"), bitsAllocated: 1), .deflate)
        let bit = { (f: Int, x: Int, y: Int) -> UInt8 in UInt8((x * 3 + y * 5 + f) % 7 == 0 ? 1 : 0) }
        let frames: [[UInt8]] = try (0..<2).map { f in
            var native = [UInt8](repeating: 0, count: g.nativeFrameBytes)
            for y in 0..<29 { for x in 0..<37 where bit(f, x, y) == 1 { let b = y * 37 + x; native[b >> 3] |= 1 << UInt8(b & 7) } }
            return try Deflate.deflate(native)
        }
        let src = try FrameSource(data: Encapsulation.encapsulate(frames, offsetTable: true), encoding: .deflate, geometry: g, dataset: DataSet())
        for f in 0..<2 {
            let fb = try src.frame(f)
            var wrong = 0
            for y in 0..<29 { for x in 0..<37 where fb.value(x, y, 0) != Int32(bit(f, x, y)) { wrong += 1 } }
            XCTAssertEqual(wrong, 0, "frame \(f)")
        }
        let hole = PixelRect(x: 3, y: 4, width: 10, height: 6)
        let np = try src.masked([hole], fill: [0])
        XCTAssertNil(np.transferSyntax)
        let back = try FrameSource(data: np.bytes, encoding: .deflate, geometry: g, dataset: DataSet())
        for f in 0..<2 {
            let fb = try back.frame(f)
            var wrong = 0
            for y in 0..<29 {
                for x in 0..<37 {
                    let inHole = x >= 3 && x < 13 && y >= 4 && y < 10
                    if fb.value(x, y, 0) != (inHole ? 0 : Int32(bit(f, x, y))) { wrong += 1 }
                }
            }
            XCTAssertEqual(wrong, 0, "masked frame \(f)")
        }
    }

    /// Native frames with a defined length under a compressed syntax (a CT labelled JPEG-LS,
    /// which DCMTK and pydicom refuse) are read as native; masked, they get Explicit VR LE.
    func testUnencapsulatedNativeUnderCompressedLabel() throws {
        let g = ImageGeometry(rows: 32, columns: 40, bitsAllocated: 16, bitsStored: 12)
        var fb = FrameBuffer(zeroLike: g)
        for y in 0..<32 { for x in 0..<40 { fb.set(x, y, 0, Int32(x * 50 + y)) } }
        let src = try FrameSource(data: fb.bytes, encoding: .jpegLS, geometry: g, dataset: DataSet())
        XCTAssertEqual(try src.frame(0).bytes, fb.bytes)
        let np = try src.masked([PixelRect(x: 0, y: 0, width: 4, height: 4)], fill: [0])
        XCTAssertEqual(np.transferSyntax, .explicitVRLittleEndian)
        XCTAssertFalse(np.encapsulated)
        // Too short for its frames, it is still an error.
        XCTAssertThrowsError(try FrameSource(data: Array(fb.bytes.prefix(100)), encoding: .jpegLS, geometry: g, dataset: DataSet()))
    }
}
