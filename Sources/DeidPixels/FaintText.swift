import DICOMDeid
import DICOMPixels
/// A second look at frames whose first view read little: faint lines of text found by
/// their shape (`TextLines`) and read through local contrast; and the whole of any line
/// or block that holds identifying text, read or not.
extension PixelRedactor {
    /// Whether the first view read too little to trust: fewer than two sure words of
    /// three or more letters or digits. Faint text, if any, then hides in it (a frame
    /// with readable text was seen well enough, and is spared the cost).
    static func readLittle(_ words: [OCRWord]) -> Bool {
        var n = 0
        for w in words where w.isSure && w.text.filter({ $0.isLetter || $0.isNumber }).count >= 3 {
            n += 1; if n >= 2 { return false }
        }
        return true
    }

    /// Most faint rows read in a frame, and how many are read at once.
    static let faintLinesRead = 16
    static let faintBatch = 4
    static let clearConfidence: Float = 60
    /// Confidence from which a word read through local contrast counts: texture reads
    /// as digits and letters too (a row of mosaic tiles read as "006606" at 68 once).
    static let faintConfidence: Float = 50

    /// Frames of a multi-frame image looked at for faint text (after the first, when the
    /// first was): spread evenly over the loop, the last one included.
    static let faintFrames = 8
    static func sampled(_ f: Int, of n: Int) -> Bool {
        guard n > faintFrames else { return true }
        let stride = (n - 1 + faintFrames - 2) / (faintFrames - 1)
        return f % stride == 0 || f == n - 1
    }

    /// The lines (frame pixels) of the blocks holding the `chosen` words, by the rows of
    /// marks of each of `sets`: a line of a block that OCR read as something else
    /// (`readAsOther`) is left to the matcher unless it holds the word itself.
    /// Only the first `judgedBy` words (all by default) count as what OCR read on a line.
    func wholeLines(
        _ sets: [TextLines], words: [OCRWord], chosen: Set<Int>, identifying keep: Set<Int>, judgedBy: Int? = nil
    ) -> [PixelRect] {
        var out: [PixelRect] = []
        let read = Array(words.prefix(judgedBy ?? words.count))
        if DebugEnv.flag("DCM_PIXELS_DEBUG_LINES") {
            for l in sets {
                DebugEnv.say(
                    "rows (noise \(l.noise)): "
                        + l.lines.map { "\($0.bright ? "+" : "-")\($0.box) h\($0.glyphHeight) g\($0.glyphs) m\($0.marks)" }.joined(separator: " "))
            }
        }
        for found in sets {
            for i in chosen.sorted() {
                for b in found.block(around: words[i].box)
                where b.intersects(words[i].box) || !Self.readAsOther(b, words: read, identifying: keep) {
                    if debugHits { DebugEnv.say("line of \(words[i].text): \(b)") }
                    out.append(b)
                }
            }
        }
        return out
    }

    /// Whether OCR read, in the line `box` of a block, sure words that are neither
    /// identifying, nor name-like, nor words of an institution's name ("and", "of",
    /// "Community", "Medical"), nor a date's or ID's digits, over a good part of the line
    /// and with a clear read (confidence `otherConfidence`), and no word that says the
    /// line identifies (a cue such as "Patient" or "ID", an institution word), and the line
    /// does not open with a word joining a name's parts ("and Mercy" continues one): a line
    /// of readouts or labels under an identifying one ("Gain=", "L12-5", "Breast"), not the
    /// rest of it, and left to the matcher. A line of a cue and a misread value ("Patient
    /// ID: 1297792B"), or a fragment read on a word blurred past reading ("tol" on a third
    /// of "Hospital"), is masked with its block.
    static func readAsOther(_ box: PixelRect, words: [OCRWord], identifying: Set<Int>) -> Bool {
        let on = words.indices.filter { k in
            words[k].isSure && words[k].box.overlapArea(box) * 2 >= words[k].box.width * words[k].box.height
        }.sorted { words[$0].box.x < words[$1].box.x }
        var otherWidth = 0
        var first: String? = nil
        let pieces = fragmentsJoined(on, words)
        let texts = pieces.map { $0.map { words[$0].text }.joined() }
        // "last, first" in lower case: a name all the same ("scatamacchia, vittoria").
        var names = Set<Int>()
        for i in texts.indices.dropLast()
        where texts[i].hasSuffix(",") && Self.nameLike(capitalized: String(texts[i].dropLast())) && Self.nameLike(capitalized: texts[i + 1]) {
            names.formUnion([i, i + 1])
        }
        for (i, piece) in pieces.enumerated() {
            let ws = piece.map { words[$0] }
            let t = texts[i].trimmingCharacters(in: ",.;:")
            let u = TextNorm.compact(t)
            for v in [u] + ws.map({ TextNorm.compact($0.text) })
            where TextMatcher.cues.contains(v) || TextMatcher.institutionWords.contains(v) || v == "INSTITUTION" {
                return false
            }
            if first == nil { first = u }
            if !piece.contains(where: identifying.contains) && !TextMatcher.isNameWord(t) && !names.contains(i) && !nameJoiners.contains(u)
                && !institutionDescriptors.contains(u) && !Self.dateOrID(t) && ws.allSatisfy({ $0.confidence >= otherConfidence })
            {
                otherWidth += ws.reduce(0) { $0 + $1.box.width }
            }
        }
        if let first, nameJoiners.contains(first) { return false }
        return otherWidth > 0 && 5 * otherWidth >= 2 * box.width
    }

    /// Whether `t`, capitalized, is a name-like word (`TextMatcher.isNameWord`) of two
    /// letters or more: banners print names in lower case too ("scatamacchia, vittoria"),
    /// and a clear read of them must not make their line a readout's.
    static func nameLike(capitalized t: String) -> Bool {
        TextMatcher.isNameWord(t.prefix(1).uppercased() + t.dropFirst())
    }

    /// `indices` (words of one line, left to right) in runs of words whose boxes touch
    /// (under a tenth of their height apart, 2 pixels at least): one printed word OCR
    /// split in pieces ("Cor" "umunity", "'Com" "munity" for "Community"), judged whole.
    static func fragmentsJoined(_ indices: [Int], _ words: [OCRWord]) -> [[Int]] {
        var out: [[Int]] = []
        for k in indices {
            if let last = out.last?.last {
                let a = words[last].box, b = words[k].box
                let overlap = min(a.maxY, b.maxY) - max(a.y, b.y)
                if b.x - a.maxX <= max(2, min(a.height, b.height) / 10) && b.x >= a.x && overlap * 2 >= min(a.height, b.height) {
                    out[out.count - 1].append(k); continue
                }
            }
            out.append([k])
        }
        return out
    }

    /// Confidence from which a word read on a block's line says the line is something else.
    static let otherConfidence: Float = 65

    /// Words inside institution names that are no institution word on their own
    /// ("Community", "General", "Medical", "Center"): the text cleaner's.
    static let institutionDescriptors: Set<String> = Set(
        (CueVocabulary.words(CueVocabulary.institutionWords) + CueVocabulary.words(CueVocabulary.institutionTails))
            .map { TextNorm.compact(String($0)) })

    /// A word of four or more digits and date or ID separators only ("67/28/1963",
    /// "2016-02-26"): a date or an ID, however misread, never a readout (those carry
    /// units and labels).
    static func dateOrID(_ t: String) -> Bool {
        t.filter(\.isNumber).count >= 4 && t.allSatisfy { $0.isNumber || "/-.".contains($0) }
    }

    /// The pictures read for `regions` of a local-contrast view (dark marks on white):
    /// enlarged as much across as down, so that glyphs reach about `faintGlyphTarget`
    /// pixels (at most three times, twice for regions 48 pixels high or more). Faint
    /// glyphs are read worse than sharp ones when small or narrowed (thin 11-15 pixel
    /// Courier-like lines read as junk at two and a half times down and under twice
    /// across, and as words at three times both ways).
    /// `glyphs`, when given, holds the glyph height of the marks that made each region (as
    /// `TextLines` measured them): from `smallestPlainGlyph` pixels it is gone by instead of
    /// a height measured on the crop, whose noise measures as tiny glyphs (large faint text
    /// or texture was read at the most enlargement); smaller marks keep the crop's measure.
    func faintPictures(_ view: GrayImage, regions: [PixelRect], glyphs: [Int]? = nil) -> [Picture] {
        var out: [Picture] = []
        for r in Self.merge(regions) {
            var crop = view.crop(r)
            let most = r.height < 48 ? 3.0 : 2.0
            let hint = glyphs.flatMap { g in zip(regions, g).filter { $0.0.intersects(r) }.map(\.1).min() }
            let known = hint.flatMap { $0 >= Self.smallestPlainGlyph ? $0 : nil }
            let s =
                (known ?? GlyphHeight.estimate(crop)).map { min(most, max(1, (Double(Self.faintGlyphTarget) / Double($0) * 2).rounded(.up) / 2)) }
                ?? most
            let scale = PictureScale(x: s, y: s)
            if s > 1 { crop = crop.scaled(by: scale) }
            var p = framedPicture(crop, region: r, scale: scale)
            // A view of one polarity (its marks dark on white, the other polarity has its
            // own): a line read inverted is read on the wrong one, so never.
            p.invertBelow = 0
            out.append(p)
        }
        return out
    }

    /// Glyph height (pixels) faint rows are enlarged to for reading.
    static let faintGlyphTarget = 27

    /// Words joining the parts of a name or an institution's name.
    static let nameJoiners: Set<String> = [
        "AND", "OF", "THE", "FOR", "AT", "ST", "DE", "DEL", "DES", "DU", "LA", "LE",
        "VAN", "VON", "DER", "DEN", "Y", "E", "UND", "ET"
    ]

    /// Words of the text lines of `lines` that `words` do not already cover, read
    /// through local contrast, one polarity at a time, numbered from line `firstLine`.
    /// Rows lying inside `skip` (frame pixels: read in an earlier frame and unchanged
    /// since) are not read; the regions read are added to `looked` (frame pixels).
    func readFaint(
        _ lines: TextLines, known words: [OCRWord], firstLine: Int, skip: [PixelRect] = [],
        looked: inout [PixelRect], masked: (([OCRWord]) -> Set<Int>)?
    ) -> [OCRWord] {
        var out: [OCRWord] = []
        if DebugEnv.flag("DCM_PIXELS_DEBUG_LINES") {
            DebugEnv.say(
                "lines (noise \(lines.noise)): "
                    + lines.lines.map { "\($0.bright ? "+" : "-")\($0.box) h\($0.glyphHeight) g\($0.glyphs)" }.joined(separator: " "))
        }
        // Burned-in patient text comes in blocks of lines (or one long line); rows of
        // marks in anatomy and noise seldom stack that way. Rows are read in batches,
        // those with most marks first, at most `faintLinesRead` of them, and no more
        // once a batch reads no clear word (four or more letters or digits read with
        // confidence 60 or more; texture reads as short or unsure junk): a textured
        // frame costs a few reads.
        let sure = words.filter(\.isSure)
        let rows = lines.lines.filter(\.isText)
        let todo = rows.filter { l in
            TextLines.dense(l) && (l.marks >= 6 || rows.contains { $0 != l && (TextLines.continues($0, l) || TextLines.continues(l, $0)) })
                && sure.reduce(0) { $0 + $1.box.overlapArea(lines.up(l.box)) } * 2 < lines.up(l.box).width * lines.up(l.box).height
                && !skip.contains { $0.overlapArea(lines.up(l.box)) * 10 >= lines.up(l.box).width * lines.up(l.box).height * 9 }
        }.sorted { ($0.marks, $0.box.width) > ($1.marks, $1.box.width) }.prefix(Self.faintLinesRead).map(lines.extended)
        var done: [PixelRect] = []
        var batch: [TextLines.Line] = []
        func readBatch() -> Bool {
            var found = false
            for bright in [true, false] {
                // Padded along the row too, so pieces of one line make one picture.
                let rows = batch.filter { $0.bright == bright }
                let regions = rows.map { l in
                    PixelRect(
                        x: l.box.x - 2 * l.glyphHeight, y: l.box.y - l.glyphHeight / 2 - 2,
                        width: l.box.width + 4 * l.glyphHeight, height: l.box.height + l.glyphHeight + 4
                    )
                    .clipped(width: lines.width, height: lines.height)
                }
                guard !regions.isEmpty else { continue }
                done += regions
                looked += regions.map(lines.up)
                let read = readAll(
                    faintPictures(lines.view(bright: bright, in: regions), regions: regions, glyphs: rows.map(\.glyphHeight)),
                    masked: masked)
                let base = (out.map(\.line).max() ?? firstLine - 1) + 1
                // Only fairly confident words: reads of texture are junk that may look like
                // a date or an ID. The rest of a line with an identifying word is masked whole.
                let kept = read.filter { $0.confidence >= Self.faintConfidence }
                if kept.contains(where: { $0.confidence >= Self.clearConfidence && $0.text.filter { $0.isLetter || $0.isNumber }.count >= 4 }) {
                    found = true
                }
                out += kept.map {
                    var w = $0; w.line += base; w.box = lines.up(w.box); return w
                }
            }
            batch = []
            return found
        }
        for l in todo where !done.contains(where: { $0.intersects(l.box) }) {
            batch.append(l)
            if batch.count == Self.faintBatch && !readBatch() { return out }
        }
        if !batch.isEmpty { _ = readBatch() }
        return out
    }
}
