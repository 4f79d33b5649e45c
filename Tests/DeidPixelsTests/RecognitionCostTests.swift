import XCTest
@testable import DICOMPixels
@testable import DeidPixels

/// What a recognition cost (`OCREngine.lastCost`): the text lines Tesseract returned and
/// their widths in LSTM steps, measured on the lines of a picture drawn for the test.
final class RecognitionCostTests: XCTestCase {
    func testLinesAndStepsOfTwoLines() throws {
        let engine = try OCREngine.installedOrSkip()
        engine.cache = nil
        engine.measuresCost = true
        let w = 400, h = 140
        let (picture, boxes) = Glyphs.picture(
            width: w, height: h, ground: 255, ink: 0, x0: 30, scale: 2, lines: [("MORRIS TED", 20), ("03/15/1962", 80)])
        let words = engine.words(in: picture)
        XCTAssertEqual(words.map(\.text), ["MORRIS", "TED", "03/15/1962"])
        let cost = engine.lastCost
        XCTAssertEqual(cost.lines, 2)
        // Each line's width over its height times 36; Tesseract's line boxes are a little
        // taller than the glyphs drawn (room for descenders) or tighter, so within a third.
        let drawn = boxes.reduce(0) { $0 + $1.width * 36 / $1.height }
        XCTAssertGreaterThan(cost.steps, drawn * 2 / 3, "\(cost) vs \(drawn)")
        XCTAssertLessThan(cost.steps, drawn * 4 / 3, "\(cost) vs \(drawn)")
        XCTAssertEqual(cost.junkSteps, 0, "clear text is no junk")

        // A blank picture: nothing recognized, and the last call's cost is not kept.
        _ = engine.words(in: GrayImage(width: w, height: h, pixels: [UInt8](repeating: 255, count: w * h)))
        XCTAssertEqual(engine.lastCost, RecognitionCost())
    }
}
