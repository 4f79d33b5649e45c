import XCTest
@testable import DICOMPixels
@testable import DeidPixels

/// When Tesseract reads a line again inverted: in automatic mode, lines read unsure
/// (`OCREngine.autoInvertBelow`); never in sparse mode or in the views of faint text.
final class InvertedReadTests: XCTestCase {
    /// Light text on a dark ground: read upright it is junk, so the automatic mode reads it
    /// inverted, and finds it; without the inverted read nothing is found.
    func testAutomaticModeReadsPoorLinesInverted() throws {
        let engine = try OCREngine.installedOrSkip()
        engine.cache = nil
        let picture = Glyphs.picture(
            width: 420, height: 110, ground: 30, ink: 220, x0: 30, scale: 2, lines: [("MORRIS TED", 15), ("ID 4711235", 60)]
        ).image
        let read = engine.words(in: picture, sparse: false).map(\.text).joined(separator: " ")
        XCTAssertTrue(read.contains("MORRIS"), read)
        let upright = engine.words(in: picture, sparse: false, invertBelow: 0).map(\.text).joined(separator: " ")
        XCTAssertFalse(upright.contains("MORRIS"), upright)
    }

    /// The threshold is a setting of the call: a reading with another one is not reused.
    func testThresholdIsPartOfTheCacheKey() throws {
        let engine = try OCREngine.installedOrSkip()
        engine.cache = OCRCache()
        let picture = Glyphs.picture(width: 420, height: 60, ground: 255, ink: 0, x0: 30, scale: 2, lines: [("MORRIS TED", 15)]).image
        _ = engine.words(in: picture, sparse: false)
        _ = engine.words(in: picture, sparse: false, invertBelow: OCREngine.autoInvertBelow)
        XCTAssertEqual(engine.recognitions, 1, "the default is autoInvertBelow")
        _ = engine.words(in: picture, sparse: false, invertBelow: 0)
        XCTAssertEqual(engine.recognitions, 2)
    }

    /// A faint view holds the marks of one polarity, dark on white (the other polarity has
    /// its own view): its pictures are never read inverted; other crops keep the default.
    func testFaintPicturesAreNotReadInverted() throws {
        let engine = try OCREngine.installedOrSkip()
        let view = Glyphs.picture(width: 300, height: 80, ground: 255, ink: 90, x0: 20, lines: [("MORRIS TED", 20)]).image
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
