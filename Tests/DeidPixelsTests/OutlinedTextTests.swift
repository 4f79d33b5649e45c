import SharedTestSupport
import XCTest
import DICOMCore
import DICOMObject
@testable import DICOMPixels
@testable import DeidPixels

/// White glyphs with a black outline (a common annotation style) over bright textured
/// anatomy, and over anatomy saturated at the top of the range where the glyphs show only
/// by their outline: the first view reads the outlines as junk; the rows of extreme-level
/// glyphs are found, read and masked.
final class OutlinedTextTests: XCTestCase {
    static var engine: OCREngine? { try? OCREngine() }

    /// Display levels of a 512x512 ground: lung-like texture (slow waves of +-60 about 150,
    /// noise of +-12), or with `saturated` a body clipped at 255 (noise below it only).
    func ground(saturated: Bool, seed: UInt64 = 5) -> [Int] {
        var rng = SplitMix64(seed: seed)
        var out = [Int](repeating: 0, count: 512 * 512)
        for y in 0..<512 {
            for x in 0..<512 {
                let wave = 40 * sin(Double(x) / 13 + Double(y) / 29) + 20 * cos(Double(y) / 9 - Double(x) / 31)
                let noise = Int(rng.next() % 25) - 12
                out[y * 512 + x] = saturated ? min(255, 262 + noise) : 150 + Int(wave) + noise
            }
        }
        return out
    }

    /// `texts` drawn white with a one-pixel black outline on `ground`, as an 8-bit frame
    /// (a black edge down the left side), with their boxes.
    func outlinedFrame(_ texts: [(String, Int, Int)], ground: [Int]) -> (FrameBuffer, [PixelRect]) {
        let g = ImageGeometry(rows: 512, columns: 512, bitsAllocated: 8, bitsStored: 8)
        var disp = ground
        Glyphs.font = "sans"
        var glyph = [Bool](repeating: false, count: 512 * 512)
        let boxes = texts.map { t in Glyphs.draw(t.0, x0: t.1, y0: t.2) { x, y in glyph[y * 512 + x] = true } }
        for y in 1..<511 {
            for x in 1..<511 {
                let i = y * 512 + x
                if glyph[i] {
                    disp[i] = 255
                } else if glyph[i - 1] || glyph[i + 1] || glyph[i - 512] || glyph[i + 512]
                    || glyph[i - 513] || glyph[i - 511] || glyph[i + 511] || glyph[i + 513]
                {
                    disp[i] = 0
                }
            }
        }
        var fb = FrameBuffer(zeroLike: g)
        for y in 0..<512 { for x in 0..<512 { fb.set(x, y, 0, Int32(x < 12 ? 0 : max(0, min(255, disp[y * 512 + x])))) } }
        return (fb, boxes)
    }

    func redact(_ fb: FrameBuffer, outlined: Bool) throws -> FrameBuffer {
        guard let e = Self.engine else { throw XCTSkip("Tesseract's eng model is not installed") }
        var o = RedactionOptions()
        o.outlinedText = outlined
        let g = ImageGeometry(rows: 512, columns: 512, bitsAllocated: 8, bitsStored: 8)
        var record = Gen.record(g, pixels: fb.bytes)
        _ = try PixelRedactor(options: o, engine: e).redact(&record)
        let bytes = try XCTUnwrap(record.file.dataset[.pixelData]?.bulk).loadBytes()
        return try FrameSource(data: bytes, encoding: .native, geometry: g, dataset: record.file.dataset).frame(0)
    }

    /// Over textured anatomy: name, ID and birth date masked, "5 cm" kept; without the
    /// outlined look the name stays.
    func testOutlinedTextOverTexturedAnatomy() throws {
        let (fb, boxes) = outlinedFrame(
            [("MORRIS TED", 120, 140), ("ID 4711235", 120, 162), ("03/15/1962", 120, 184), ("5 cm", 360, 420)],
            ground: ground(saturated: false))
        let out = try redact(fb, outlined: true)
        XCTAssertTrue(out.allEqual(boxes[0], [0]), "name masked")
        XCTAssertTrue(out.allEqual(boxes[1], [0]), "ID masked")
        XCTAssertTrue(out.allEqual(boxes[2], [0]), "date masked")
        XCTAssertTrue(out.sameRegion(boxes[3].padded(3), as: fb), "\"5 cm\" kept")
        let plain = try redact(fb, outlined: false)
        XCTAssertFalse(plain.allEqual(boxes[0], [0]), "the first view alone does not read the name")
    }

    /// Over anatomy saturated at the glyphs' level: only the outline shows; the glyphs'
    /// insides are found all the same.
    func testOutlinedTextOverSaturatedAnatomy() throws {
        let (fb, boxes) = outlinedFrame([("MORRIS TED", 120, 140), ("03/15/1962", 120, 162), ("5 cm", 360, 420)], ground: ground(saturated: true))
        let out = try redact(fb, outlined: true)
        XCTAssertTrue(out.allEqual(boxes[0], [0]), "name masked")
        XCTAssertTrue(out.allEqual(boxes[1], [0]), "date masked")
        XCTAssertTrue(out.sameRegion(boxes[2].padded(3), as: fb), "\"5 cm\" kept")
    }

    /// The view keeps a glyph's inside cut from a ground of its own level by its outline,
    /// and drops the ground.
    func testViewKeepsGlyphInsidesNotTheGround() {
        let (fb, boxes) = outlinedFrame([("MORRIS TED", 120, 140)], ground: ground(saturated: true))
        var px = [UInt8](repeating: 0, count: 512 * 512)
        for y in 0..<512 { for x in 0..<512 { px[y * 512 + x] = UInt8(fb.value(x, y, 0)) } }
        let gray = GrayImage(width: 512, height: 512, pixels: px)
        let found = OutlinedText(gray, region: boxes[0].padded(12))
        let bright = found.views.first { $0.bright }?.image
        XCTAssertNotNil(bright)
        guard let v = bright else { return }
        var inBox = 0, outside = 0
        for y in 0..<v.height {
            for x in 0..<v.width where v.pixels[y * v.width + x] == 0 {
                let at = PixelRect(x: x + found.origin.x, y: y + found.origin.y, width: 1, height: 1)
                if boxes[0].intersects(at) { inBox += 1 } else { outside += 1 }
            }
        }
        XCTAssertGreaterThan(inBox, 100, "glyph insides kept")
        XCTAssertEqual(outside, 0, "the saturated ground dropped")
    }
}
