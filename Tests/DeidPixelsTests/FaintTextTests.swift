import SharedTestSupport
import XCTest
import DICOMCore
import DICOMObject
@testable import DICOMPixels
@testable import DeidPixels

/// Faint burned-in text (a few grey levels over a textured, noisy ground, in data whose
/// range spans its whole stored depth) is found by shape and masked, and lines holding
/// identifying text are masked whole with the lines continuing them.
final class FaintTextTests: XCTestCase {
    /// A new engine each time: an engine is not thread safe, so none is shared (static).
    static var engine: OCREngine? { try? OCREngine() }

    /// Display levels (0-255) of a textured, noisy ground: slow waves of +-14 levels about
    /// `base`, and noise of +-3.
    func ground(width: Int, height: Int, base: Int = 90, seed: UInt64 = 3) -> [Int] {
        var rng = SplitMix64(seed: seed)
        var out = [Int](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let wave = 9 * sin(Double(x) / 23) + 5 * cos(Double(y) / 17 + Double(x) / 41)
                out[y * width + x] = base + Int(wave) + Int(rng.next() % 7) - 3
            }
        }
        return out
    }

    /// `texts` drawn `level` display levels above the ground of a 12-bit 512x512 frame whose
    /// data spans 0-4095 (a black edge and a white marker), with their boxes.
    func faintFrame(_ texts: [(String, Int, Int)], level: Int) -> (FrameBuffer, [PixelRect]) {
        let g = ImageGeometry(rows: 512, columns: 512, bitsAllocated: 16, bitsStored: 12)
        var disp = ground(width: 512, height: 512)
        Glyphs.font = "sans"
        let boxes = texts.map { t in Glyphs.draw(t.0, x0: t.1, y0: t.2) { x, y in disp[y * 512 + x] += level } }
        var fb = FrameBuffer(zeroLike: g)
        for y in 0..<512 {
            for x in 0..<512 {
                var v = disp[y * 512 + x] * 4095 / 255
                if x < 12 { v = 0 } else if x >= 490 && x < 500 && y >= 490 && y < 500 { v = 4095 }
                fb.set(x, y, 0, Int32(v))
            }
        }
        return (fb, boxes)
    }

    func redact(_ fb: FrameBuffer, faint: Bool) throws -> (FrameBuffer, RedactionReport) {
        guard let e = Self.engine else { throw XCTSkip("Tesseract's eng model is not installed") }
        var o = RedactionOptions()
        o.faintText = faint
        let g = ImageGeometry(rows: 512, columns: 512, bitsAllocated: 16, bitsStored: 12)
        var record = Gen.record(g, pixels: fb.bytes)
        let report = try PixelRedactor(options: o, engine: e).redact(&record)
        let bytes = try XCTUnwrap(record.file.dataset[.pixelData]?.bulk).loadBytes()
        return (try FrameSource(data: bytes, encoding: .native, geometry: g, dataset: record.file.dataset).frame(0), report)
    }

    /// A name and a birth date 20 levels (of 255) over the ground are masked; a clinical
    /// label as faint stays. Without the faint-text look the frame reads as junk and
    /// nothing is masked.
    func testFaintNameAndDateOn12BitTexturedGround() throws {
        let (fb, boxes) = faintFrame([("MORRIS TED", 60, 60), ("03/15/1962", 60, 90), ("5 cm", 330, 400)], level: 20)
        let (out, report) = try redact(fb, faint: true)
        XCTAssertTrue(out.allEqual(boxes[0], [0]), "name masked")
        XCTAssertTrue(out.allEqual(boxes[1], [0]), "date masked")
        XCTAssertTrue(out.sameRegion(boxes[2].padded(4), as: fb), "\"5 cm\" kept")
        XCTAssertGreaterThan(report.boxesMasked, 0)
        let (plain, _) = try redact(fb, faint: false)
        XCTAssertFalse(plain.allEqual(boxes[0], [0]), "the first view alone does not find the name")
    }

    /// Rows of marks: a line holding an identifying word brings the line that continues
    /// it (same left edge, same height, no blank line) into its block, even unread; a
    /// line after a blank line, or elsewhere, is not part of it.
    func testBlockAroundAWordHoldsItsContinuationOnly() {
        let w = 400, h = 240
        var disp = ground(width: w, height: h, base: 100)
        Glyphs.font = "sans"
        let name = Glyphs.draw("MORRIS TED", x0: 40, y0: 30) { x, y in disp[y * w + x] += 30 }
        let next = Glyphs.draw("03/15/1962", x0: 40, y0: 56) { x, y in disp[y * w + x] += 30 }
        let apart = Glyphs.draw("ID 4711235", x0: 40, y0: 150) { x, y in disp[y * w + x] += 30 }
        let elsewhere = Glyphs.draw("ID 4711235", x0: 230, y0: 30) { x, y in disp[y * w + x] += 30 }
        let lines = TextLines(GrayImage(width: w, height: h, pixels: disp.map { UInt8(clamping: $0) }))
        XCTAssertTrue(lines.lines.contains { $0.isText && $0.bright && $0.box.intersects(name) }, "the name's row is found")
        // The word "MORRIS" (left part of the row) as OCR would box it.
        let word = PixelRect(x: name.x, y: name.y, width: name.width / 2, height: name.height)
        let block = lines.block(around: word)
        func covered(_ r: PixelRect) -> Bool { block.contains { $0.overlapArea(r) * 10 >= r.width * r.height * 8 } }
        XCTAssertTrue(covered(name), "the whole name line")
        XCTAssertTrue(covered(next), "the line continuing it")
        XCTAssertFalse(block.contains { $0.intersects(apart) }, "a line after a blank line")
        XCTAssertFalse(block.contains { $0.intersects(elsewhere) }, "a line elsewhere")
    }

    /// A block's lines are judged by the reads of the views that found them: sure words
    /// read afterwards by another look (past `judgedBy`) do not take a line out of the
    /// block of an identifying one, while the same words among the first reads do.
    func testLaterReadsDoNotJudgeABlocksLines() throws {
        let engine = try OCREngine.installedOrSkip()
        let w = 400, h = 240
        var disp = ground(width: w, height: h, base: 100)
        Glyphs.font = "sans"
        let name = Glyphs.draw("MORRIS TED", x0: 40, y0: 30) { x, y in disp[y * w + x] += 30 }
        let next = Glyphs.draw("03/15/1962", x0: 40, y0: 56) { x, y in disp[y * w + x] += 30 }
        let lines = TextLines(GrayImage(width: w, height: h, pixels: disp.map { UInt8(clamping: $0) }))
        let words = [
            OCRWord(text: "MORRIS", box: PixelRect(x: name.x, y: name.y, width: name.width / 2, height: name.height), confidence: 90, line: 0),
            OCRWord(text: "Gain=", box: PixelRect(x: next.x, y: next.y, width: next.width / 2, height: next.height), confidence: 85, line: 1),
            OCRWord(
                text: "42dB", box: PixelRect(x: next.x + next.width / 2 + 4, y: next.y, width: next.width / 2 - 4, height: next.height),
                confidence: 85, line: 1)
        ]
        let r = PixelRedactor(options: RedactionOptions(), engine: engine)
        func covered(_ boxes: [PixelRect], _ b: PixelRect) -> Bool { boxes.contains { $0.overlapArea(b) * 10 >= b.width * b.height * 8 } }
        let all = r.wholeLines([lines], words: words, chosen: [0], identifying: [0])
        XCTAssertTrue(covered(all, name))
        XCTAssertFalse(covered(all, next), "a line read as readouts is left to the matcher")
        let first = r.wholeLines([lines], words: words, chosen: [0], identifying: [0], judgedBy: 1)
        XCTAssertTrue(covered(first, name))
        XCTAssertTrue(covered(first, next), "later reads do not judge the block's lines")
    }

    /// A continuation too blurred to make marks of its own is found as the band under
    /// the line it continues.
    func testBlurredContinuationIsFoundAsABand() {
        let w = 300, h = 120
        var disp = ground(width: w, height: h, base: 100)
        Glyphs.font = "sans"
        let name = Glyphs.draw("MORRIS TED", x0: 30, y0: 20) { x, y in disp[y * w + x] += 30 }
        // The next line spread over 5x5 pixels at a fifth of the contrast each.
        var blur = [Int](repeating: 0, count: w * h)
        let next = Glyphs.draw("03/15/1962", x0: 30, y0: 46) { x, y in
            for dy in -2...2 { for dx in -2...2 { blur[(y + dy) * w + x + dx] += 6 } }
        }
        for i in disp.indices { disp[i] += min(blur[i], 24) }
        let lines = TextLines(GrayImage(width: w, height: h, pixels: disp.map { UInt8(clamping: $0) }))
        let block = lines.block(around: PixelRect(x: name.x, y: name.y, width: 40, height: name.height))
        XCTAssertTrue(block.contains { $0.overlapArea(next) * 2 >= next.width * next.height }, "blurred line masked with its block")
    }

    /// Sharp text (no faint look): an institution line that OCR reads and matches, and
    /// the two lines continuing it blurred past reading, are masked as one block; the
    /// clinical label elsewhere stays.
    func testSharpBlockMaskedWholeWithUnreadContinuations() throws {
        guard let e = Self.engine else { throw XCTSkip("Tesseract's eng model is not installed") }
        let g = ImageGeometry(rows: 256, columns: 384, bitsAllocated: 8, bitsStored: 8)
        var disp = ground(width: 384, height: 256, base: 200)
        Glyphs.font = "sans"
        let inst = Glyphs.draw("Institution: Mercy", x0: 30, y0: 30) { x, y in disp[y * 384 + x] = 10 }
        // The continuation lines spread over 5x5 pixels: dark smudges OCR cannot read.
        var blur = [Int](repeating: 0, count: 384 * 256)
        var rest: [PixelRect] = []
        for (i, t) in ["Community", "Hospital"].enumerated() {
            rest.append(
                Glyphs.draw(t, x0: 30, y0: 56 + 26 * i) { x, y in
                    for dy in -2...2 { for dx in -2...2 { blur[(y + dy) * 384 + x + dx] += 30 } }
                })
        }
        for i in disp.indices { disp[i] -= min(blur[i], 170) }
        let label = Glyphs.draw("5 cm", x0: 280, y0: 200) { x, y in disp[y * 384 + x] = 10 }
        var fb = FrameBuffer(zeroLike: g)
        for y in 0..<256 { for x in 0..<384 { fb.set(x, y, 0, Int32(max(0, min(255, disp[y * 384 + x])))) } }
        var record = Gen.record(g, pixels: fb.bytes)
        _ = try PixelRedactor(options: RedactionOptions(), engine: e).redact(&record)
        let bytes = try XCTUnwrap(record.file.dataset[.pixelData]?.bulk).loadBytes()
        let out = try FrameSource(data: bytes, encoding: .native, geometry: g, dataset: record.file.dataset).frame(0)
        func filled(_ r: PixelRect) -> Double {
            var n = 0
            for y in r.y..<r.maxY { for x in r.x..<r.maxX where out.value(x, y, 0) == 0 { n += 1 } }
            return Double(n) / Double(r.width * r.height)
        }
        XCTAssertGreaterThan(filled(inst), 0.9, "the institution line")
        for r in rest { XCTAssertGreaterThan(filled(r), 0.9, "an unread line continuing it") }
        XCTAssertTrue(out.sameRegion(label.padded(4), as: fb), "\"5 cm\" kept")
    }

    /// A multi-frame image whose faint text is drawn on its second frame only: the
    /// faint look runs on later frames too and masks it.
    func testFaintTextOnALaterFrameIsMasked() throws {
        guard let e = Self.engine else { throw XCTSkip("Tesseract's eng model is not installed") }
        let (blank, _) = faintFrame([("5 cm", 330, 400)], level: 20)
        let (withText, boxes) = faintFrame([("MORRIS TED", 60, 60), ("5 cm", 330, 400)], level: 20)
        let g = ImageGeometry(rows: 512, columns: 512, frames: 2, bitsAllocated: 16, bitsStored: 12)
        var record = Gen.record(g, pixels: Gen.native([blank, withText]))
        _ = try PixelRedactor(options: RedactionOptions(), engine: e).redact(&record)
        let bytes = try XCTUnwrap(record.file.dataset[.pixelData]?.bulk).loadBytes()
        let out = try FrameSource(data: bytes, encoding: .native, geometry: g, dataset: record.file.dataset).frame(1)
        XCTAssertTrue(out.allEqual(boxes[0], [0]), "name on the second frame masked")
        XCTAssertTrue(out.sameRegion(boxes[1].padded(4), as: withText), "\"5 cm\" kept")
    }

    /// A wrapped institution name in a thin monospaced font (strokes one pixel wide, as
    /// Courier's), a few levels over a textured, noisy ground: each glyph passes the mark
    /// threshold only in pieces, so the rows hold together only when marks grow into the
    /// rest of their strokes (`TextLines.marked`). A word read on the last line ("Hospital")
    /// then brings the whole block: the line it continues and, above that, the much longer
    /// line that one continues (the head of the name). A speck of the ground a glyph
    /// height and a half before a line does not break the chain.
    func testThinFaintWrappedBlockHoldsTogether() {
        let w = 400, h = 200, level = 12
        var disp = ground(width: w, height: h, base: 100, seed: 7)
        Glyphs.font = "mono"
        defer { Glyphs.font = "sans" }
        func thin(_ text: String, _ x0: Int, _ y0: Int) -> PixelRect {
            var on = Set<Int>()
            let r = Glyphs.draw(text, x0: x0, y0: y0) { x, y in on.insert(y * w + x) }
            // Strokes thinned to one pixel across: a pixel is kept when its left neighbour is not set.
            for i in on where !on.contains(i - 1) { disp[i] += level }
            return r
        }
        let head = thin("Institution: Mercy", 40, 40)
        let next = thin("Community", 40, 66)
        let last = thin("Hospital", 40, 92)
        // A speck of the ground before the middle line.
        for y in 68..<78 { for x in 14..<17 { disp[y * w + x] += 3 * level } }
        let apart = thin("5 cm", 300, 160)
        let picture = GrayImage(width: w, height: h, pixels: disp.map { UInt8(clamping: $0) })
        let word = PixelRect(x: last.x, y: last.y, width: last.width, height: last.height)
        func covered(_ block: [PixelRect], _ r: PixelRect) -> Bool { block.contains { $0.overlapArea(r) * 10 >= r.width * r.height * 8 } }
        let block = TextLines(picture).block(around: word)
        XCTAssertTrue(covered(block, last), "the line read")
        XCTAssertTrue(covered(block, next), "the line it continues")
        XCTAssertTrue(covered(block, head), "the longer line above, which that one continues")
        XCTAssertFalse(block.contains { $0.intersects(apart) }, "a label elsewhere")
        let plain = TextLines(picture, growth: 0).block(around: word)
        XCTAssertFalse(covered(plain, head) && covered(plain, next), "marks at the plain threshold break up")
    }

    /// A line broken at a wide word space into a short head (the word read, "ID 4711235")
    /// and a much longer rest (the words after it, one row of marks) is masked whole: the
    /// rest is a dense piece of the same printed line, taken however long, and the line
    /// below continuing the head comes along; a label elsewhere does not.
    func testLongRestOfALineJoinsItsShortHead() {
        let w = 640, h = 160
        var disp = ground(width: w, height: h, base: 100, seed: 11)
        Glyphs.font = "sans"
        func draw(_ t: String, _ x: Int, _ y: Int) -> PixelRect { Glyphs.draw(t, x0: x, y0: y) { x, y in disp[y * w + x] += 30 } }
        let head = draw("ID 4711235", 30, 30)
        // After a gap of two and a half glyph heights: a row of its own, the same line.
        let restA = draw("MORRIS TED", head.maxX + 30, 30)
        let restB = draw("Institution: Mercy", restA.maxX + 8, 30)
        let next = draw("03/15/1962", 30, 56)
        let apart = draw("5 cm", 520, 130)
        let lines = TextLines(GrayImage(width: w, height: h, pixels: disp.map { UInt8(clamping: $0) }))
        func row(_ r: PixelRect) -> TextLines.Line? { lines.lines.first { $0.bright && $0.box.intersects(r) && TextLines.dense($0) } }
        let headRow = row(head), restRow = row(restB)
        XCTAssertNotNil(headRow, "the head is a row")
        XCTAssertNotNil(restRow, "the rest is a row")
        if let headRow, let restRow {
            XCTAssertNotEqual(headRow, restRow, "head and rest are rows of their own")
            XCTAssertGreaterThan(2 * restRow.box.width, 3 * headRow.box.width + 8 * headRow.glyphHeight, "the rest is much longer")
        }
        let block = lines.block(around: head)
        func covered(_ r: PixelRect) -> Bool { block.contains { $0.overlapArea(r) * 10 >= r.width * r.height * 8 } }
        XCTAssertTrue(covered(head), "the line read")
        XCTAssertTrue(covered(restA) && covered(restB), "the rest of its printed line")
        XCTAssertTrue(covered(next), "the line continuing it")
        XCTAssertFalse(block.contains { $0.intersects(apart) }, "a label elsewhere")
    }

    /// A patient's block in a thin monospaced font (strokes one pixel wide, glyphs 11
    /// pixels high, as Courier at 14 pixels), faint over the textured, noisy ground
    /// of a 12-bit frame whose data spans its whole range: its rows are found by shape, and
    /// read through local contrast well enough (pictures enlarged three times both ways,
    /// thin strokes weighted 1-4-1) for one line to identify, which masks the block.
    func testThinFaintMonospacedBlockIsRead() throws {
        // One-pixel strokes 24 levels up (the anti-aliased strokes of the bench's 12
        // levels are about as faint over two pixels): read from 22 levels with the
        // faint pictures, from 28 only before them.
        let level = 24
        let g = ImageGeometry(rows: 512, columns: 512, bitsAllocated: 16, bitsStored: 12)
        var disp = ground(width: 512, height: 512, seed: 5)
        // Fine texture: random levels on a 6-pixel grid, interpolated (+-5 levels), as
        // quantum mottle and trabecular texture make under burned-in text.
        var rng = SplitMix64(seed: 9)
        let cells = (0..<(88 * 88)).map { _ in Int(rng.next() % 11) - 5 }
        for y in 0..<512 {
            for x in 0..<512 {
                let cx = x / 6, cy = y / 6, fx = x % 6, fy = y % 6
                let a = cells[cy * 88 + cx], b = cells[cy * 88 + cx + 1], c = cells[(cy + 1) * 88 + cx], d = cells[(cy + 1) * 88 + cx + 1]
                disp[y * 512 + x] += ((a * (6 - fx) + b * fx) * (6 - fy) + (c * (6 - fx) + d * fx) * fy) / 36
            }
        }
        Glyphs.font = "mono"
        defer { Glyphs.font = "sans" }
        func thin(_ text: String, _ x0: Int, _ y0: Int) -> PixelRect {
            var on = Set<Int>()
            let r = Glyphs.draw(text, x0: x0, y0: y0) { x, y in on.insert(y * 512 + x) }
            for i in on where !on.contains(i - 1) { disp[i] += level }
            return r
        }
        let boxes = [thin("MORRIS TED", 60, 60), thin("ID 4711235", 60, 80), thin("03/15/1962", 60, 100)]
        let label = thin("5 cm", 330, 400)
        var fb = FrameBuffer(zeroLike: g)
        for y in 0..<512 {
            for x in 0..<512 {
                var v = disp[y * 512 + x] * 4095 / 255
                if x < 12 { v = 0 } else if x >= 490 && x < 500 && y >= 490 && y < 500 { v = 4095 }
                fb.set(x, y, 0, Int32(v))
            }
        }
        let (out, _) = try redact(fb, faint: true)
        for (b, what) in zip(boxes, ["name", "ID", "birth date"]) { XCTAssertTrue(out.allEqual(b, [0]), "\(what) masked") }
        XCTAssertTrue(out.sameRegion(label.padded(4), as: fb), "\"5 cm\" kept")
    }

    /// A block's line on which OCR split one word in touching pieces ("Medi" "cal" for
    /// "Medical", "Cor" "umunity" for "Community") is judged with the pieces joined: a
    /// word of an institution's name, so the line stays in its block; the same pieces
    /// apart, and words apart ("Gain=" "42dB"), still make a line of readouts.
    func testWordSplitInTouchingPiecesIsJudgedWhole() {
        func word(_ t: String, _ x: Int, _ w: Int) -> OCRWord {
            OCRWord(text: t, box: PixelRect(x: x, y: 311, width: w, height: 18), confidence: 85, line: 0)
        }
        let line = PixelRect(x: 50, y: 306, width: 80, height: 26)
        XCTAssertFalse(PixelRedactor.readAsOther(line, words: [word("Medi", 55, 36), word("cal", 91, 34)], identifying: []))
        XCTAssertTrue(PixelRedactor.readAsOther(line, words: [word("Medi", 55, 36), word("cal", 96, 34)], identifying: []), "pieces apart")
        let wide = PixelRect(x: 50, y: 306, width: 120, height: 26)
        XCTAssertFalse(PixelRedactor.readAsOther(wide, words: [word("Cor", 57, 28), word("umunity", 85, 79)], identifying: []))
        XCTAssertTrue(PixelRedactor.readAsOther(wide, words: [word("Gain=", 57, 50), word("42dB", 117, 40)], identifying: []))
    }

    /// A banner's line holding a name in lower case, last name first ("scatamacchia,
    /// vittoria"), read clearly, is no line of readouts: it stays in the block of the
    /// identifying line beside it. Lower-case units and labels ("gain", "mm") and a line
    /// of prose ("ne se substitue pas au compte-rendu") still make one.
    func testLowerCaseNameIsNoReadout() {
        func word(_ t: String, _ x: Int, _ w: Int, _ c: Float = 90) -> OCRWord {
            OCRWord(text: t, box: PixelRect(x: x, y: 5, width: w, height: 17), confidence: c, line: 0)
        }
        let line = PixelRect(x: 225, y: 2, width: 170, height: 24)
        XCTAssertFalse(PixelRedactor.readAsOther(line, words: [word("scatamacchia,", 229, 97, 85), word("vittoria", 332, 49, 95)], identifying: []))
        XCTAssertTrue(PixelRedactor.readAsOther(line, words: [word("gain", 229, 40), word("mm", 290, 30), word("dB", 340, 30)], identifying: []))
        XCTAssertTrue(
            PixelRedactor.readAsOther(
                line, words: [word("substitue", 229, 60), word("pas", 295, 22), word("compte-rendu", 322, 70)], identifying: []))
    }

    /// In a small frame, the long head of a wrapped institution name (over three quarters
    /// of the frame wide) comes with the block of the word read on its last line; a row
    /// that wide joins no block otherwise.
    func testWideHeadOfAWrappedNameInASmallFrame() {
        let w = 220, h = 130
        var disp = ground(width: w, height: h, base: 100, seed: 13)
        Glyphs.font = "sans"
        func draw(_ t: String, _ x: Int, _ y: Int) -> PixelRect { Glyphs.draw(t, x0: x, y0: y) { x, y in disp[y * w + x] += 30 } }
        let head = draw("Institution: Mercy", 14, 20)
        let next = draw("Community", 14, 46)
        let last = draw("Hospital", 14, 72)
        XCTAssertGreaterThan(4 * head.width, 3 * w)
        let lines = TextLines(GrayImage(width: w, height: h, pixels: disp.map { UInt8(clamping: $0) }))
        let block = lines.block(around: last)
        func covered(_ r: PixelRect) -> Bool { block.contains { $0.overlapArea(r) * 10 >= r.width * r.height * 8 } }
        XCTAssertTrue(covered(last) && covered(next), "the word's line and the one it continues")
        XCTAssertTrue(covered(head), "the long head above")
    }

    /// A textured, noisy ground with no text holds no row worth reading.
    func testTextureAloneHoldsNoText() {
        let lines = TextLines(GrayImage(width: 512, height: 512, pixels: ground(width: 512, height: 512).map { UInt8(clamping: $0) }))
        XCTAssertEqual(lines.lines.filter(\.isText).count, 0)
    }

    /// A first view counts as having read little unless it holds two sure words of three
    /// or more letters or digits.
    func testReadLittle() {
        func word(_ t: String, _ c: Float) -> OCRWord { OCRWord(text: t, box: PixelRect(x: 0, y: 0, width: 9, height: 9), confidence: c, line: 0) }
        XCTAssertTrue(PixelRedactor.readLittle([]))
        XCTAssertTrue(PixelRedactor.readLittle([word("Name", 90), word("ae", 90), word("RIVERA", 20)]))
        XCTAssertFalse(PixelRedactor.readLittle([word("Name", 90), word("RIVERA", 60)]))
    }
}

/// Other level ranges for data squeezed by outlying values.
final class LevelViewsTests: XCTestCase {
    /// 16-bit data holding its image in 1000-1100 and a few pixels at 65535: the first
    /// view squeezes the image into one or two levels; the file's window (here 900-1199),
    /// or without one the percentile range, gives it back; a frame using its range is left
    /// alone.
    func testSqueezedDataGetsItsRangeBack() throws {
        let g = ImageGeometry(rows: 64, columns: 64, bitsAllocated: 16, bitsStored: 16)
        var fb = FrameBuffer(zeroLike: g)
        for y in 0..<64 { for x in 0..<64 { fb.set(x, y, 0, Int32(1000 + (x * 7 + y * 3) % 101)) } }
        for x in 0..<4 { fb.set(x, 0, 0, 65535) }
        let first = GrayRenderer.render(fb, photometric: "MONOCHROME2", palette: nil)
        XCTAssertTrue(LevelViews.squeezed(first))
        var ds = DataSet()
        ds.setString(Tag(0x0028_1050), "1050", vr: .DS)
        ds.setString(Tag(0x0028_1051), "300", vr: .DS)
        let window = try XCTUnwrap(LevelViews.window(ds))
        XCTAssertEqual(window.lowerBound, 899, accuracy: 1)
        XCTAssertEqual(window.upperBound, 1199, accuracy: 1)
        // The percentile range is close to the window (against the full range): one view.
        XCTAssertEqual(LevelViews.ranges(fb, window: window), [window])
        let ranges = LevelViews.ranges(fb, window: nil)
        XCTAssertEqual(ranges.count, 1, "the percentile range")
        let pct = try XCTUnwrap(ranges.first)
        XCTAssertTrue(pct.lowerBound >= 1000 && pct.upperBound <= 1100, "percentile range \(pct)")
        let view = LevelViews.render(fb, range: pct, inverted: false)
        XCTAssertGreaterThan(Set(view.pixels).count, 64, "levels spread over the range")

        var full = FrameBuffer(zeroLike: g)
        for y in 0..<64 { for x in 0..<64 { full.set(x, y, 0, Int32((x * 64 + y) * 16)) } }
        XCTAssertFalse(LevelViews.squeezed(GrayRenderer.render(full, photometric: "MONOCHROME2", palette: nil)))
        XCTAssertEqual(LevelViews.ranges(full, window: nil).count, 0)
    }
}
