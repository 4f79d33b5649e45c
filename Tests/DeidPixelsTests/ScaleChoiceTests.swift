import XCTest
@testable import DICOMPixels
@testable import DeidPixels

/// How much a crop is enlarged before OCR: glyph height measured on the crop, enlargement
/// by half steps (enlarging itself and mapping boxes back: ReadPathTests).
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
        let small = picture("MORRIS TED", scale: 1)  // ~12 px glyphs
        let large = picture("MORRIS TED", scale: 2, width: 600, height: 200)  // ~24 px
        XCTAssertEqual(PixelRedactor.scale(for: small, regionHeight: 40), 2)
        XCTAssertEqual(PixelRedactor.scale(for: small, regionHeight: 100), 2)
        XCTAssertEqual(PixelRedactor.scale(for: large, regionHeight: 100), 1)
        XCTAssertEqual(PixelRedactor.scale(for: small, regionHeight: 300), 1)
        let medium = picture("MORRIS TED", scale: 1).scaled(by: 1.25)  // ~16 px
        XCTAssertEqual(PixelRedactor.scale(for: medium, regionHeight: 100), 1.5)
        // Very large glyphs are halved, whatever the region's height.
        let huge = picture("MORRIS TED", scale: 3, width: 900, height: 300)  // ~36 px
        XCTAssertEqual(PixelRedactor.scale(for: huge, regionHeight: 300), 0.5)
        XCTAssertEqual(PixelRedactor.scale(for: huge, regionHeight: 100), 0.5)
    }

    /// Pictures of faint rows go by the glyph height of the marks that made them
    /// (`TextLines`) when it is 16 pixels or more, whatever the crop measures (a
    /// local-contrast view's noise measures as tiny glyphs): glyphs are enlarged toward
    /// about 27 pixels, never reduced; each crop goes by the smallest height of the rows
    /// it holds; smaller marks leave the crop's own measure, or the most the region's
    /// height allows.
    func testGlyphHintOfLargeMarksSetsTheEnlargement() throws {
        let engine = try OCREngine.installedOrSkip()
        let r = PixelRedactor(options: RedactionOptions(), engine: engine)
        let view = GrayImage(width: 400, height: 200, pixels: [UInt8](repeating: 255, count: 400 * 200))
        let rows = [
            PixelRect(x: 10, y: 10, width: 200, height: 30), PixelRect(x: 10, y: 60, width: 200, height: 30),
            PixelRect(x: 10, y: 120, width: 100, height: 30), PixelRect(x: 100, y: 120, width: 200, height: 30)
        ]
        XCTAssertEqual(r.faintPictures(view, regions: rows, glyphs: [20, 10, 24, 16]).map(\.scale.y), [1.5, 3, 2])
        XCTAssertEqual(r.faintPictures(view, regions: rows, glyphs: [40, 12, 27, 30]).map(\.scale.y), [1, 3, 1])
        XCTAssertEqual(r.faintPictures(view, regions: rows).map(\.scale.y), [3, 3, 3])
    }

    /// Extreme views are read once (no automatic second read); region pictures get both
    /// reads.
    func testExtremeViewsReadOnce() throws {
        let engine = try OCREngine.installedOrSkip()
        let r = PixelRedactor(options: RedactionOptions(), engine: engine)
        let view = GrayImage(width: 400, height: 100, pixels: [UInt8](repeating: 255, count: 400 * 100))
        let rows = [PixelRect(x: 10, y: 10, width: 200, height: 30), PixelRect(x: 10, y: 60, width: 200, height: 30)]
        XCTAssertTrue(r.regionPictures(view, regions: rows).allSatisfy(\.secondRead))
        // A speckled frame (text-like structure everywhere) is read through its extreme
        // views: each picture of them is read in sparse mode only.
        var px = [UInt8](repeating: 128, count: 256 * 256)
        var s: UInt32 = 7
        for i in px.indices {
            s = s &* 1_664_525 &+ 1_013_904_223
            px[i] = UInt8(truncatingIfNeeded: 60 + Int(s >> 24) % 136)
        }
        for y in 100..<104 { for x in 40..<200 { px[y * 256 + x] = 255 } }
        for y in 100..<116 { for x in stride(from: 40, to: 200, by: 8) { px[y * 256 + x] = 255; px[y * 256 + x + 1] = 255 } }
        let gray = GrayImage(width: 256, height: 256, pixels: px)
        let pictures = r.pictures(gray, regions: [PixelRect(x: 0, y: 0, width: 256, height: 256)])
        XCTAssertFalse(pictures.isEmpty)
        XCTAssertTrue(pictures.allSatisfy { !$0.secondRead })
        let before = r.pool.calls
        _ = r.readAll(pictures)
        XCTAssertEqual(r.pool.calls - before, pictures.count)
    }
}
