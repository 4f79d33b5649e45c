import XCTest
@testable import DICOMPixels
@testable import DeidPixels

/// The pieces of the OCR read path that are made fast must keep their meaning: rendering,
/// enlarging, line grouping, and the multi-frame "same text" test.
final class ReadPathTests: XCTestCase {
    /// Deterministic pseudo-random bytes (no Foundation randomness in tests).
    func bytes(_ n: Int, seed: UInt32) -> [UInt8] {
        var s = seed
        return (0..<n).map { _ in
            s = s &* 1_664_525 &+ 1_013_904_223; return UInt8(truncatingIfNeeded: s >> 24)
        }
    }

    /// The word-at-a-time renderer agrees with the sample-by-sample definition: values
    /// stretched over their range, bits above Bits Stored ignored, sign extended,
    /// MONOCHROME1 inverted.
    func testMonochromeRenderingMatchesSampleValues() {
        for (bits, signed, photometric) in [(12, true, "MONOCHROME1"), (16, false, "MONOCHROME2"), (10, false, "MONOCHROME2")] {
            let w = 37, h = 11
            let fb = FrameBuffer(
                width: w, height: h, samples: 1, bytesPerSample: 2, bitsStored: bits, signed: signed,
                layout: .interleaved, bytes: bytes(w * h * 2, seed: UInt32(bits)))
            let g = GrayRenderer.render(fb, photometric: photometric, palette: nil)
            var vals: [Int64] = []
            for y in 0..<h { for x in 0..<w { vals.append(Int64(fb.value(x, y, 0))) } }
            let lo = vals.min() ?? 0, span = max(1, (vals.max() ?? 0) - lo)
            let expected = vals.map { v -> UInt8 in
                let g = UInt8((v - lo) * 255 / span)
                return photometric == "MONOCHROME1" ? 255 - g : g
            }
            XCTAssertEqual(g.pixels, expected, "\(bits)-bit signed=\(signed) \(photometric)")
        }
    }

    func testEightBitRGBRenderingIsLuminance() {
        let w = 5, h = 3
        let fb = FrameBuffer(
            width: w, height: h, samples: 3, bytesPerSample: 1, bitsStored: 8, signed: false,
            layout: .interleaved, bytes: bytes(w * h * 3, seed: 7))
        let g = GrayRenderer.render(fb, photometric: "RGB", palette: nil)
        for i in 0..<(w * h) {
            let l = (Int(fb.bytes[3 * i]) * 77 + Int(fb.bytes[3 * i + 1]) * 150 + Int(fb.bytes[3 * i + 2]) * 29) >> 8
            XCTAssertEqual(Int(g.pixels[i]), l)
        }
        XCTAssertEqual(
            GrayRenderer.render(fb, photometric: "YBR_FULL", palette: nil).pixels,
            (0..<(w * h)).map { fb.bytes[3 * $0] })
    }

    /// Integer enlargement equals bilinear interpolation at pixel centres.
    /// Enlargement, by an integer or a fractional factor, is bilinear interpolation at
    /// pixel centres (fixed-point weights: within half a level for integers, one for
    /// fractions).
    func testUpscaledIsBilinear() {
        let src = GrayImage(width: 7, height: 5, pixels: bytes(35, seed: 3))
        for f in [2.0, 3.0, 1.5, 2.5] {
            let up = f == f.rounded() ? src.upscaled(Int(f)) : src.scaled(by: PictureScale(f))
            XCTAssertEqual(up.width, Int((7 * f).rounded())); XCTAssertEqual(up.height, Int((5 * f).rounded()))
            for y in 0..<up.height {
                for x in 0..<up.width {
                    func coord(_ k: Int, _ n: Int) -> (Int, Int, Double) {
                        let s = max(0, (Double(k) + 0.5) / f - 0.5)
                        let a = min(n - 1, Int(s)), b = min(n - 1, a + 1)
                        return (a, b, a == n - 1 ? 0 : s - Double(a))
                    }
                    let (x0, x1, fx) = coord(x, 7), (y0, y1, fy) = coord(y, 5)
                    func p(_ x: Int, _ y: Int) -> Double { Double(src.pixels[y * 7 + x]) }
                    let v = (p(x0, y0) * (1 - fx) + p(x1, y0) * fx) * (1 - fy) + (p(x0, y1) * (1 - fx) + p(x1, y1) * fx) * fy
                    XCTAssertEqual(Double(up.pixels[y * up.width + x]), v, accuracy: f == f.rounded() ? 0.51 : 1.0, "x\(f) at \(x),\(y)")
                }
            }
        }
        XCTAssertEqual(src.scaled(by: 2).pixels, src.upscaled(2).pixels)
        // Different factors across and down: each axis interpolated on its own.
        let wide = src.scaled(by: PictureScale(x: 1.5, y: 2))
        XCTAssertEqual(wide.width, 11); XCTAssertEqual(wide.height, 10)
        let across = src.scaled(by: 1.5), down = src.upscaled(2)
        for x in 0..<wide.width {
            // Rows 1 and 2 of the 2x enlargement fall a quarter pixel either side of source
            // row 0's centre, so row 0 of `wide` is row 0 of the across-only enlargement.
            XCTAssertEqual(Int(wide.pixels[x]), Int(across.pixels[x]), accuracy: 1, "column \(x)")
        }
        for y in 0..<wide.height {
            XCTAssertEqual(Int(wide.pixels[y * wide.width]), Int(down.pixels[y * down.width]), accuracy: 1, "row \(y)")
        }
    }

    func word(_ t: String, _ x: Int, _ y: Int, _ w: Int, _ h: Int = 12, line: Int) -> OCRWord {
        OCRWord(text: t, box: PixelRect(x: x, y: y, width: w, height: h), confidence: 90, line: line)
    }

    /// The automatic read replaces an unsure sparse word it covers, keeps a sure one, and
    /// never replaces one found identifying ("ZZZ" read again as "Z2Z").
    func testSecondReadNeverDropsAnIdentifyingWord() {
        func w(_ t: String, _ x: Int, _ c: Float) -> OCRWord {
            OCRWord(text: t, box: PixelRect(x: x, y: 10, width: 30, height: 12), confidence: c, line: 0)
        }
        let sparse = [w("ZZZ", 0, 21), w("TEST", 40, 21), w("PATIENT", 80, 90)]
        let automatic = [w("Z2Z", 1, 55), w("TEST", 41, 91), w("PATlENT", 81, 60)]
        let texts = { (ws: [OCRWord]) in Set(ws.map(\.text)) }
        XCTAssertEqual(
            texts(PixelRedactor.merged(sparse: sparse, automatic: automatic, identifying: [])),
            ["Z2Z", "TEST", "PATIENT", "PATlENT"])
        XCTAssertEqual(
            texts(PixelRedactor.merged(sparse: sparse, automatic: automatic, identifying: [0])),
            ["ZZZ", "Z2Z", "TEST", "PATIENT", "PATlENT"])
        // Where the automatic read only grazes an unsure word, both are kept.
        let grazing = [OCRWord(text: "Z2Z", box: PixelRect(x: 0, y: 19, width: 30, height: 12), confidence: 55, line: 0)]
        XCTAssertEqual(
            texts(PixelRedactor.merged(sparse: sparse, automatic: grazing, identifying: [])),
            ["ZZZ", "Z2Z", "TEST", "PATIENT"])
    }

    /// Sparse-mode blocks of one printed line become one line; a far column and the next
    /// row stay apart.
    func testWordsAreGroupedIntoLinesByGeometry() {
        let words = [
            word("Name:", 10, 20, 40, line: 0), word("DOE", 60, 21, 30, line: 1), word("JOHN", 96, 20, 40, line: 2),
            word("GAIN", 400, 20, 40, line: 3), word("DOB:", 10, 40, 35, line: 4), word("01/02/1960", 52, 41, 80, line: 4)
        ]
        let lined = PixelRedactor.groupedIntoLines(words, firstLine: 7)
        let l = lined.map(\.line)
        XCTAssertEqual(l[0], l[1]); XCTAssertEqual(l[1], l[2])
        XCTAssertNotEqual(l[3], l[0], "a column far to the right is another line")
        XCTAssertEqual(l[4], l[5]); XCTAssertNotEqual(l[4], l[0])
        XCTAssertGreaterThanOrEqual(l.min() ?? 0, 7)
        let matcher = TextMatcher(values: IdentifyingValues())
        let hit = matcher.identifying(lined)
        XCTAssertTrue(hit.contains(1) && hit.contains(2), "the words after the cue on its line")
        XCTAssertFalse(hit.contains(3))
        // A tall box (a logo read as a word) spanning both rows does not merge them.
        let logo = OCRWord(text: "0d", box: PixelRect(x: 0, y: 18, width: 8, height: 36), confidence: 41, line: 9)
        let rows = PixelRedactor.groupedIntoLines([logo] + words, firstLine: 0).map(\.line)
        XCTAssertNotEqual(rows[1], rows[5], "the name row and the birth date row stay apart")
        XCTAssertEqual(rows[1], rows[2]); XCTAssertEqual(rows[5], rows[6])
    }

    /// Frames whose text marks agree (the anatomy below may change, lossy noise may flip
    /// a few edge pixels) are the same; a changed glyph is not.
    func testExtremeMarksTellAChangedGlyph() {
        let w = 64, h = 24
        func frame(digit: Bool, anatomy: UInt32, edgeNoise: Bool) -> GrayImage {
            var px = [UInt8](repeating: 60, count: w * h)
            let noise = bytes(w * h, seed: anatomy)
            for i in px.indices { px[i] = 60 + noise[i] % 100 }  // mid-grey "anatomy"
            func bar(_ x0: Int, _ x1: Int, _ y0: Int, _ y1: Int) { for y in y0..<y1 { for x in x0..<x1 { px[y * w + x] = 255 } } }
            bar(4, 6, 4, 20); bar(10, 12, 4, 20); bar(4, 12, 11, 13)  // "H"
            if digit { bar(30, 32, 4, 20) } else { bar(26, 36, 4, 6); bar(26, 36, 18, 20) }
            px[0] = 0
            if edgeNoise { px[6 * w + 6] = 255 }
            return GrayImage(width: w, height: h, pixels: px)
        }
        let a = ExtremeMarks(frame(digit: true, anatomy: 1, edgeNoise: false))
        let b = ExtremeMarks(frame(digit: true, anatomy: 2, edgeNoise: true))
        let c = ExtremeMarks(frame(digit: false, anatomy: 1, edgeNoise: false))
        let all = PixelRect(x: 0, y: 0, width: w, height: h)
        XCTAssertTrue(ExtremeMarks.same(a, b, in: all))
        XCTAssertFalse(ExtremeMarks.same(a, c, in: all))
        // A flat frame (no range) must not trap.
        let flat = ExtremeMarks(GrayImage(width: 4, height: 4, pixels: [UInt8](repeating: 255, count: 16)))
        XCTAssertTrue(ExtremeMarks.same(flat, flat, in: PixelRect(x: 0, y: 0, width: 4, height: 4)))
    }

    /// A white picture with a black block (picture coordinates), mapped to the frame by
    /// `scale` and `origin`.
    func blockPicture(
        _ w: Int, _ h: Int, block: (x: Range<Int>, y: Range<Int>), scale: PictureScale,
        origin: (x: Double, y: Double)
    ) -> PixelRedactor.Picture {
        var px = [UInt8](repeating: 255, count: w * h)
        for y in block.y { for x in block.x { px[y * w + x] = 0 } }
        return PixelRedactor.Picture(image: GrayImage(width: w, height: h, pixels: px), scale: scale, origin: origin)
    }

    /// Painting out the words read leaves nothing to read again when they were all there
    /// was, at integer and fractional enlargements (boxes mapped into the picture, rounded
    /// outwards).
    func testPaintedOutPictureNeedsNoSecondRead() {
        let picture = blockPicture(60, 30, block: (10..<40, 10..<20), scale: 2, origin: (100, 50))
        // Box in frame coordinates: (picture coordinate / scale) + origin.
        let w = OCRWord(text: "X", box: PixelRect(x: 105, y: 55, width: 15, height: 5), confidence: 95, line: 0)
        XCTAssertNil(PixelRedactor.paintedOut(picture, words: [w]))
        XCTAssertNotNil(PixelRedactor.paintedOut(picture, words: []))
        // Picture 15..<60 x 15..<30 at 1.5x is frame 110.5..<140.5 x 60.25..<70.25.
        let fractional = blockPicture(90, 45, block: (15..<60, 15..<30), scale: 1.5, origin: (100.5, 50.25))
        let whole = OCRWord(text: "X", box: PixelRect(x: 110, y: 60, width: 31, height: 11), confidence: 95, line: 0)
        XCTAssertNil(PixelRedactor.paintedOut(fractional, words: [whole]))
        let short = OCRWord(text: "X", box: PixelRect(x: 110, y: 60, width: 25, height: 11), confidence: 95, line: 0)
        XCTAssertNotNil(PixelRedactor.paintedOut(fractional, words: [short]))
        // Enlarged 1.5x across and 2x down: picture 15..<60 x 20..<40 is frame 110..<140 x 60..<70.
        let narrow = blockPicture(90, 60, block: (15..<60, 20..<40), scale: PictureScale(x: 1.5, y: 2), origin: (100, 50))
        let exact = OCRWord(text: "X", box: PixelRect(x: 110, y: 60, width: 30, height: 10), confidence: 95, line: 0)
        XCTAssertNil(PixelRedactor.paintedOut(narrow, words: [exact]))
        let low = OCRWord(text: "X", box: PixelRect(x: 110, y: 60, width: 30, height: 7), confidence: 95, line: 0)
        XCTAssertNotNil(PixelRedactor.paintedOut(narrow, words: [low]))
    }
}
