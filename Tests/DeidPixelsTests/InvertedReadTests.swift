import XCTest
@testable import DICOMPixels
@testable import DeidPixels

/// When Tesseract reads a line again inverted: in automatic mode, lines read unsure
/// (`OCREngine.autoInvertBelow`); never in sparse mode or in the views of faint text.
final class InvertedReadTests: XCTestCase {
    /// Light text on a dark ground: read upright it is junk, so the automatic mode reads it
    /// inverted, and finds it; without the inverted read nothing is found.
    func testAutomaticModeReadsPoorLinesInverted() throws {
        guard let engine = try? OCREngine() else { throw XCTSkip("Tesseract's eng model is not installed") }
        engine.cache = nil
        let w = 420, h = 110
        var px = [UInt8](repeating: 30, count: w * h)
        for (text, y) in [("MORRIS TED", 15), ("ID 4711235", 60)] {
            Glyphs.draw(text, x0: 30, y0: y, scale: 2) { x, y in px[y * w + x] = 220 }
        }
        let picture = GrayImage(width: w, height: h, pixels: px)
        let read = engine.words(in: picture, sparse: false).map(\.text).joined(separator: " ")
        XCTAssertTrue(read.contains("MORRIS"), read)
        let upright = engine.words(in: picture, sparse: false, invertBelow: 0).map(\.text).joined(separator: " ")
        XCTAssertFalse(upright.contains("MORRIS"), upright)
    }

    /// The threshold is a setting of the call: a reading with another one is not reused.
    func testThresholdIsPartOfTheCacheKey() throws {
        guard let engine = try? OCREngine() else { throw XCTSkip("Tesseract's eng model is not installed") }
        engine.cache = OCRCache()
        let w = 420, h = 60
        var px = [UInt8](repeating: 255, count: w * h)
        Glyphs.draw("MORRIS TED", x0: 30, y0: 15, scale: 2) { x, y in px[y * w + x] = 0 }
        let picture = GrayImage(width: w, height: h, pixels: px)
        _ = engine.words(in: picture, sparse: false)
        _ = engine.words(in: picture, sparse: false, invertBelow: OCREngine.autoInvertBelow)
        XCTAssertEqual(engine.recognitions, 1, "the default is autoInvertBelow")
        _ = engine.words(in: picture, sparse: false, invertBelow: 0)
        XCTAssertEqual(engine.recognitions, 2)
    }

    /// A faint view holds the marks of one polarity, dark on white (the other polarity has
    /// its own view): its pictures are never read inverted; other crops keep the default.
    func testFaintPicturesAreNotReadInverted() throws {
        guard let engine = try? OCREngine() else { throw XCTSkip("Tesseract's eng model is not installed") }
        let w = 300, h = 80
        var px = [UInt8](repeating: 255, count: w * h)
        Glyphs.draw("MORRIS TED", x0: 20, y0: 20) { x, y in px[y * w + x] = 90 }
        let view = GrayImage(width: w, height: h, pixels: px)
        let redactor = PixelRedactor(options: RedactionOptions(), engine: engine)
        let region = PixelRect(x: 10, y: 10, width: 200, height: 40)
        let faint = redactor.faintPictures(view, regions: [region])
        XCTAssertFalse(faint.isEmpty)
        XCTAssertTrue(faint.allSatisfy { $0.invertBelow == 0 })
        let plain = redactor.regionPictures(view, regions: [region])
        XCTAssertFalse(plain.isEmpty)
        XCTAssertTrue(plain.allSatisfy { $0.invertBelow == nil })
    }
}
