import XCTest
@testable import DICOMPixels
@testable import DeidPixels
import SharedTestSupport

/// Text on white plates over a grey ground: the ground is painted white before OCR, the
/// plates and glyphs are left as they are, and plain text is not touched.
final class GroundFlatteningTests: XCTestCase {
    /// A new engine each time: an engine is not thread safe, so none is shared (static).
    static var engine: OCREngine? { try? OCREngine() }

    /// A textured grey ground (levels 120-142) with white plates holding black text.
    func platePicture(
        texts: [(String, Int, Int)], width: Int = 400, height: Int = 120,
        ground: (Int, Int) -> UInt8 = { x, y in UInt8(120 + (x * 7 + y * 3) % 23) }
    )
        -> (image: GrayImage, plates: [PixelRect])
    {
        var px = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height { for x in 0..<width { px[y * width + x] = ground(x, y) } }
        Glyphs.font = "sans"
        var plates: [PixelRect] = []
        for (text, x0, y0) in texts {
            let (tw, th) = Glyphs.size(text)
            let plate = PixelRect(x: x0 - 4, y: y0 - 4, width: tw + 8, height: th + 8)
            for y in plate.y..<plate.maxY { for x in plate.x..<plate.maxX { px[y * width + x] = 255 } }
            Glyphs.draw(text, x0: x0, y0: y0) { x, y in px[y * width + x] = 0 }
            plates.append(plate)
        }
        return (GrayImage(width: width, height: height, pixels: px), plates)
    }

    func testGroundAroundPlatesTurnsWhite() throws {
        let (g, plates) = platePicture(texts: [("MORRIS TED", 20, 20), ("03/15/1962", 20, 60)])
        let flat = try XCTUnwrap(GroundFlattening.flattened(g))
        for y in 0..<g.height {
            for x in 0..<g.width {
                let i = y * g.width + x
                if plates.contains(where: { x >= $0.x && x < $0.maxX && y >= $0.y && y < $0.maxY }) {
                    XCTAssertEqual(flat.pixels[i], g.pixels[i], "plate at \(x),\(y) changed")
                } else {
                    XCTAssertEqual(flat.pixels[i], 255, "ground at \(x),\(y) left")
                }
            }
        }
    }

    /// Glyphs drawn straight on the ground (here beside a plate) are not on plates: the
    /// picture is left as it is.
    func testGlyphsOnGroundAreLeftAlone() {
        var (g, _) = platePicture(texts: [("03/15/1962", 20, 60)], ground: { _, _ in 130 })
        Glyphs.draw("MORRIS TED", x0: 20, y0: 20) { x, y in g.pixels[y * g.width + x] = 0 }
        XCTAssertNil(GroundFlattening.flattened(g)?.width)
    }

    /// Light strokes on a noisy ground with a dark blob (an inverted radiograph's label):
    /// the darkest pixels are no glyphs on plates, so nothing is painted (painting the
    /// noise white once erased such a label).
    func testLightTextOnNoiseIsLeftAlone() {
        var rng = SplitMix64(seed: 5)
        var (g, _) = platePicture(texts: [], ground: { _, _ in UInt8(100 + Int(rng.next() % 40)) })
        Glyphs.draw("MORRIS TED", x0: 20, y0: 20, scale: 2) { x, y in g.pixels[y * g.width + x] = 255 }
        for y in 70..<100 { for x in 300..<320 { g.pixels[y * g.width + x] = 0 } }
        XCTAssertNil(GroundFlattening.flattened(g)?.width)
    }

    /// Dark text on a light ground (no third class), and a flat picture, are not changed.
    func testPlainTextIsLeftAlone() {
        var (g, _) = platePicture(texts: [], ground: { x, y in UInt8(200 + (x + y) % 40) })
        Glyphs.draw("MORRIS TED", x0: 20, y0: 20) { x, y in g.pixels[y * g.width + x] = 0 }
        XCTAssertNil(GroundFlattening.flattened(g)?.width)
        XCTAssertNil(GroundFlattening.flattened(GrayImage(width: 20, height: 20, pixels: [UInt8](repeating: 90, count: 400)))?.width)
    }

    /// Tesseract reads the lines on plates once the ground is white (enlarged 2x, framed,
    /// as the read path hands crops to it).
    func testPlateLinesAreRead() throws {
        guard let engine = Self.engine else { throw XCTSkip("no Tesseract English model installed") }
        let (g, _) = platePicture(texts: [("MORRIS TED", 20, 20), ("03/15/1962", 20, 60)])
        let flat = try XCTUnwrap(GroundFlattening.flattened(g))
        let text = engine.words(in: PixelRedactor.framed(flat.upscaled(2), border: 10)).map(\.text).joined(separator: " ")
        XCTAssertTrue(text.contains("MORRIS"), text)
        XCTAssertTrue(text.contains("03/15/1962"), text)
    }

    /// Before the second (automatic) read, texture lighter than half way from the glyphs
    /// to the commonest level is cleared; glyphs keep their pixels. A picture without
    /// such a spread is left alone.
    func testTextureIsClearedForTheSecondRead() throws {
        var rng = SplitMix64(seed: 9)
        var (g, _) = platePicture(texts: [], ground: { _, _ in UInt8(150 + Int(rng.next() % 90)) })
        var glyph = Set<Int>()
        Glyphs.draw("MORRIS TED", x0: 20, y0: 20) { x, y in
            g.pixels[y * g.width + x] = 10; glyph.insert(y * g.width + x)
        }
        let clear = try XCTUnwrap(GroundFlattening.clipped(g))
        for i in g.pixels.indices {
            XCTAssertEqual(clear.pixels[i], glyph.contains(i) ? 10 : 255, "pixel \(i)")
        }
        XCTAssertNil(GroundFlattening.clipped(GrayImage(width: 20, height: 20, pixels: (0..<400).map { UInt8(100 + $0 % 40) }))?.width)
    }

    func testOtsuSplitsTwoLevels() {
        var hist = [Int](repeating: 0, count: 256)
        hist[10] = 50; hist[200] = 50
        let t = Otsu.threshold(hist, in: 0..<256)
        XCTAssertEqual(t, 11)
        XCTAssertNil(Otsu.threshold(hist, in: 0..<100))
    }
}
