import SharedTestSupport
import XCTest
@testable import DICOMPixels
@testable import DeidPixels

/// A large frame is halved once: the pre-check makes the halving and the faint look (and
/// the outlined look, through the same `HalvedPicture`) take the one kept, so every look
/// sees the pixels `GrayImage.reduced(2)` gives.
final class HalvedPictureTests: XCTestCase {
    /// A noisy frame of `w` x `h`.
    func noise(_ w: Int, _ h: Int, seed: UInt64 = 7) -> GrayImage {
        var rng = SplitMix64(seed: seed)
        return GrayImage(width: w, height: h, pixels: (0..<(w * h)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
    }

    /// A black picture of `w` x `h` with a line of white text, and the text's box.
    func text(_ w: Int, _ h: Int) -> (GrayImage, PixelRect) {
        var px = [UInt8](repeating: 0, count: w * h)
        Glyphs.font = "sans"
        let box = Glyphs.draw("MORRIS TED", x0: 40, y0: 40) { x, y in px[y * w + x] = 255 }
        return (GrayImage(width: w, height: h, pixels: px), box)
    }

    func testHalvingIsMadeOnFirstUseAsReducedGivesIt() {
        let g = noise(2050, 301)
        let p = HalvedPicture(g)
        XCTAssertFalse(p.isMade)
        let half = p.halved
        XCTAssertTrue(p.isMade)
        XCTAssertEqual(half.width, 1025)
        XCTAssertEqual(half.height, 150)
        XCTAssertEqual(half.pixels, g.reduced(2).pixels)
        XCTAssertEqual(p.reduced(4).pixels, g.reduced(4).pixels, "quartered from the frame itself, as before")
        XCTAssertEqual(p.reduced(1).pixels, g.pixels)
    }

    /// The pre-check halves frames of 1024 pixels or more and looks at the halving it is
    /// given, not one of its own.
    func testPreCheckMakesAndTakesTheHalving() {
        let small = HalvedPicture(noise(1000, 200))
        _ = TextPreCheck().regions(small)
        XCTAssertFalse(small.isMade, "a frame under 1024 pixels is not looked at halved")

        let blank = GrayImage(width: 2100, height: 600, pixels: [UInt8](repeating: 0, count: 2100 * 600))
        let own = HalvedPicture(blank)
        XCTAssertEqual(TextPreCheck().regions(own), [])
        XCTAssertTrue(own.isMade)
        // Text only in the halving given: found there, at frame scale.
        let (half, box) = text(1050, 300)
        let given = TextPreCheck().regions(HalvedPicture(blank, halved: half))
        XCTAssertFalse(given.isEmpty)
        let frameBox = PixelRect(x: box.x * 2, y: box.y * 2, width: box.width * 2, height: box.height * 2)
        XCTAssertTrue(given.allSatisfy { $0.overlapArea(frameBox) * 2 >= frameBox.width * frameBox.height }, "\(given) \(frameBox)")
    }

    /// The faint look at a frame of 2048 pixels or more looks at the kept halving; smaller
    /// frames are looked at whole.
    func testFaintLookTakesTheKeptHalving() {
        let g = noise(2100, 600)
        let mark = text(1050, 300).0
        XCTAssertEqual(TextLines(HalvedPicture(g, halved: mark)).picture.pixels, mark.pixels)
        XCTAssertEqual(TextLines(g).picture.pixels, g.reduced(2).pixels)
        let smaller = noise(2000, 600)
        XCTAssertEqual(TextLines(HalvedPicture(smaller, halved: mark), probing: false).picture.pixels, smaller.pixels)
    }
}
