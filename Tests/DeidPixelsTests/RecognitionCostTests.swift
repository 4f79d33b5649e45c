import XCTest
@testable import DICOMPixels
@testable import DeidPixels

/// What a recognition cost (`OCREngine.lastCost`): the text lines Tesseract returned and
/// their widths in LSTM steps, measured on the lines of a picture drawn for the test.
final class RecognitionCostTests: XCTestCase {
    func testLinesAndStepsOfTwoLines() throws {
        guard let engine = try? OCREngine() else { throw XCTSkip("Tesseract's eng model is not installed") }
        engine.cache = nil
        engine.measuresCost = true
        let w = 400, h = 140
        var px = [UInt8](repeating: 255, count: w * h)
        var boxes: [PixelRect] = []
        for (text, y) in [("MORRIS TED", 20), ("03/15/1962", 80)] {
            boxes.append(Glyphs.draw(text, x0: 30, y0: y, scale: 2) { x, y in px[y * w + x] = 0 })
        }
        let words = engine.words(in: GrayImage(width: w, height: h, pixels: px))
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
