import XCTest
@testable import DeidPixels

/// How much a crop is enlarged before OCR: glyph height measured on the crop, enlargement
/// by half steps, and boxes mapped back exactly for fractional scales.
final class ScaleChoiceTests: XCTestCase {
    /// A white picture with `text` drawn in black at `scale` pixels per bitmap pixel.
    func picture(_ text: String, scale: Int, width: Int = 400, height: Int = 120) -> GrayImage {
        var px = [UInt8](repeating: 255, count: width * height)
        Glyphs.font = "sans"
        Glyphs.draw(text, x0: 10, y0: 20, scale: scale) { x, y in
            if x < width && y < height { px[y * width + x] = 0 }
        }
        return GrayImage(width: width, height: height, pixels: px)
    }

    /// The estimate follows the drawn size: the fixture's capitals are 12 pixels high at
    /// scale 1 ("MORRIS TED" in DejaVu Sans Bold 18), twice that at scale 2.
    func testGlyphHeightFollowsFontSize() throws {
        let one = try XCTUnwrap(GlyphHeight.estimate(picture("MORRIS TED", scale: 1)))
        let two = try XCTUnwrap(GlyphHeight.estimate(picture("MORRIS TED", scale: 2, width: 600, height: 200)))
        XCTAssertTrue((10...14).contains(one), "\(one)")
        XCTAssertTrue((2 * one - 2...2 * one + 2).contains(two), "\(one) \(two)")
        // Lines and blobs are not glyphs; nor is an empty picture.
        XCTAssertNil(GlyphHeight.estimate(GrayImage(width: 50, height: 50, pixels: [UInt8](repeating: 255, count: 2500))))
        var rule = [UInt8](repeating: 255, count: 200 * 40)
        for x in 0..<200 { rule[20 * 200 + x] = 0; rule[21 * 200 + x] = 0 }
        XCTAssertNil(GlyphHeight.estimate(GrayImage(width: 200, height: 40, pixels: rule)))
    }

    /// Small glyphs keep the old enlargement, large ones are read as they are, in between
    /// by half steps, and never more than a region of that height got before.
    func testScaleRule() {
        let small = picture("MORRIS TED", scale: 1)          // ~12 px glyphs
        let large = picture("MORRIS TED", scale: 2, width: 600, height: 200)  // ~24 px
        XCTAssertEqual(PixelRedactor.scale(for: small, regionHeight: 40), 2)
        XCTAssertEqual(PixelRedactor.scale(for: small, regionHeight: 100), 2)
        XCTAssertEqual(PixelRedactor.scale(for: large, regionHeight: 100), 1)
        XCTAssertEqual(PixelRedactor.scale(for: small, regionHeight: 300), 1)
        let medium = picture("MORRIS TED", scale: 1).scaled(by: 1.25)   // ~16 px
        XCTAssertEqual(PixelRedactor.scale(for: medium, regionHeight: 100), 1.5)
        // Very large glyphs are halved, whatever the region's height.
        let huge = picture("MORRIS TED", scale: 3, width: 900, height: 300)   // ~36 px
        XCTAssertEqual(PixelRedactor.scale(for: huge, regionHeight: 300), 0.5)
        XCTAssertEqual(PixelRedactor.scale(for: huge, regionHeight: 100), 0.5)
    }

    /// A fractional enlargement is bilinear interpolation at pixel centres.
    func testFractionalScaleIsBilinear() {
        var s: UInt32 = 5
        let src = GrayImage(width: 9, height: 6, pixels: (0..<54).map { _ in s = s &* 1_664_525 &+ 1_013_904_223; return UInt8(s >> 24) })
        let f = 1.5
        let up = src.scaled(by: f)
        XCTAssertEqual(up.width, 14); XCTAssertEqual(up.height, 9)
        for y in 0..<up.height { for x in 0..<up.width {
            func coord(_ k: Int, _ n: Int) -> (Int, Int, Double) {
                let s = max(0, (Double(k) + 0.5) / f - 0.5)
                let a = min(n - 1, Int(s)), b = min(n - 1, a + 1)
                return (a, b, a == n - 1 ? 0 : s - Double(a))
            }
            let (x0, x1, fx) = coord(x, 9), (y0, y1, fy) = coord(y, 6)
            func p(_ x: Int, _ y: Int) -> Double { Double(src.pixels[y * 9 + x]) }
            let v = (p(x0, y0) * (1 - fx) + p(x1, y0) * fx) * (1 - fy) + (p(x0, y1) * (1 - fx) + p(x1, y1) * fx) * fy
            XCTAssertLessThanOrEqual(abs(Double(up.pixels[y * up.width + x]) - v), 1.0, "(\(x),\(y))")
        } }
        XCTAssertEqual(src.scaled(by: 2).pixels, src.upscaled(2).pixels)
    }

    /// Painting out a word read in a picture enlarged 1.5 times covers the word's pixels
    /// (frame box mapped into the picture, rounded outwards).
    func testPaintedOutAtFractionalScale() {
        var px = [UInt8](repeating: 255, count: 90 * 45)
        for y in 15..<30 { for x in 15..<60 { px[y * 90 + x] = 0 } }
        let picture = PixelRedactor.Picture(image: GrayImage(width: 90, height: 45, pixels: px), scale: 1.5, origin: (100.5, 50.25))
        // Picture 15..<60 x 15..<30 is frame 110.5..<140.5 x 60.25..<70.25.
        let w = OCRWord(text: "X", box: PixelRect(x: 110, y: 60, width: 31, height: 11), confidence: 95, line: 0)
        XCTAssertNil(PixelRedactor.paintedOut(picture, words: [w]))
        let short = OCRWord(text: "X", box: PixelRect(x: 110, y: 60, width: 25, height: 11), confidence: 95, line: 0)
        XCTAssertNotNil(PixelRedactor.paintedOut(picture, words: [short]))
    }
}
