import DICOMPixels
import DeidPixels
@testable import DeidReview
import XCTest

final class BoxFinderTests: XCTestCase {
    func frame(_ w: Int, _ h: Int, samples: Int = 1, fill rects: [PixelRect] = [], value: Int32 = 0) -> FrameBuffer {
        var fb = FrameBuffer(
            width: w, height: h, samples: samples, bytesPerSample: 2, bitsStored: 12, signed: false,
            layout: .interleaved, bytes: [UInt8](repeating: 0, count: w * h * samples * 2))
        for y in 0..<h { for x in 0..<w { for s in 0..<samples { fb.set(x, y, s, Int32((x * 7 + y * 13 + s) % 4000 + 1)) } } }
        fb.fill(rects, with: [value])
        return fb
    }

    func testTwoMaskedRectanglesAreFoundExactly() {
        let r1 = PixelRect(x: 5, y: 3, width: 40, height: 9), r2 = PixelRect(x: 60, y: 70, width: 25, height: 8)
        let before = frame(100, 80), after = frame(100, 80, fill: [r1, r2])
        let mask = BoxFinder.difference(before, after)!
        XCTAssertEqual(BoxFinder.boxes(mask, width: 100, height: 80), [r1, r2])
    }

    func testHolesWhereTheFillEqualsTheOriginalStayOneBox() {
        let r = PixelRect(x: 10, y: 10, width: 30, height: 10)
        let before = frame(64, 32)
        var after = frame(64, 32, fill: [r])
        // Two pixels inside the box happen to keep their value.
        after.set(20, 15, 0, before.value(20, 15, 0)); after.set(21, 15, 0, before.value(21, 15, 0))
        XCTAssertEqual(BoxFinder.boxes(BoxFinder.difference(before, after)!, width: 64, height: 32), [r])
    }

    func testIdenticalFramesHaveNoBoxes() {
        let a = frame(32, 32, samples: 3)
        XCTAssertEqual(BoxFinder.boxes(BoxFinder.difference(a, a)!, width: 32, height: 32), [])
    }

    func testColourAndLayoutDifferencesCompareValues() {
        let r = PixelRect(x: 2, y: 2, width: 4, height: 3)
        let before = frame(16, 16, samples: 3), after = frame(16, 16, samples: 3, fill: [r])
        var planar = FrameBuffer(
            width: 16, height: 16, samples: 3, bytesPerSample: 2, bitsStored: 12, signed: false,
            layout: .planar, bytes: [UInt8](repeating: 0, count: 16 * 16 * 3 * 2))
        for y in 0..<16 { for x in 0..<16 { for s in 0..<3 { planar.set(x, y, s, after.value(x, y, s)) } } }
        XCTAssertEqual(BoxFinder.boxes(BoxFinder.difference(before, planar)!, width: 16, height: 16), [r])
        XCTAssertNil(BoxFinder.difference(before, frame(8, 8, samples: 3)))
    }

    func testSharedWindowShowsTheFillAsBlack() {
        let before = frame(20, 10), after = frame(20, 10, fill: [PixelRect(x: 0, y: 0, width: 5, height: 5)], value: 0)
        let w = Window(before, photometric: "MONOCHROME2")!
        XCTAssertEqual(w.low, 1)
        let g = w.render(after)
        XCTAssertEqual(g.pixels[0], 0)
        XCTAssertEqual(w.render(before).pixels.max(), 255)
        XCTAssertNil(Window(frame(4, 4, samples: 3), photometric: "RGB"))
    }
}

final class WindowTests: XCTestCase {
    /// The table path (8 and 16-bit words) and the general path agree, signed values included.
    func testLookupAgreesWithValues() {
        var fb = FrameBuffer(
            width: 7, height: 3, samples: 1, bytesPerSample: 2, bitsStored: 12, signed: true,
            layout: .interleaved, bytes: [UInt8](repeating: 0, count: 7 * 3 * 2))
        let values: [Int32] = [-2048, -1000, -1, 0, 1, 700, 2047]
        for y in 0..<3 { for x in 0..<7 { fb.set(x, y, 0, values[(x + y) % 7]) } }
        let w = Window(fb, photometric: "MONOCHROME2")!
        XCTAssertEqual(w.low, -2048)
        XCTAssertEqual(w.high, 2047)
        let g = w.render(fb)
        for y in 0..<3 { for x in 0..<7 { XCTAssertEqual(g.pixels[y * 7 + x], w.level(fb.value(x, y, 0))) } }
        XCTAssertEqual(g.pixels[0], 0)
        XCTAssertEqual(g.pixels[6], 255)
        let inverted = Window(fb, photometric: "MONOCHROME1")!.render(fb)
        XCTAssertEqual(inverted.pixels[0], 255)
    }
}
