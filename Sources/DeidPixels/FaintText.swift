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

    /// Words of the text lines of `lines` that `words` do not already cover, read
    /// through local contrast, one polarity at a time, numbered from line `firstLine`.
    func readFaint(_ lines: TextLines, known words: [OCRWord], firstLine: Int,
                   masked: (([OCRWord]) -> Set<Int>)?) -> [OCRWord] {
        var out: [OCRWord] = []
        if DebugEnv.flag("DCM_PIXELS_DEBUG_LINES") {
            DebugEnv.say("lines (noise \(lines.noise)): " + lines.lines.map { "\($0.bright ? "+" : "-")\($0.box) h\($0.glyphHeight) g\($0.glyphs)" }.joined(separator: " "))
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
            (l.marks >= 6 || rows.contains { $0 != l && (TextLines.continues($0, l) || TextLines.continues(l, $0)) })
                && sure.reduce(0) { $0 + $1.box.overlapArea(lines.up(l.box)) } * 2 < lines.up(l.box).width * lines.up(l.box).height
        }.sorted { ($0.marks, $0.box.width) > ($1.marks, $1.box.width) }.prefix(Self.faintLinesRead).map(lines.extended)
        var done: [PixelRect] = []
        var batch: [TextLines.Line] = []
        func readBatch() -> Bool {
            var found = false
            for bright in [true, false] {
                // Padded along the row too, so pieces of one line make one picture.
                let regions = batch.filter { $0.bright == bright }.map { l in
                    PixelRect(x: l.box.x - 2 * l.glyphHeight, y: l.box.y - l.glyphHeight / 2 - 2,
                              width: l.box.width + 4 * l.glyphHeight, height: l.box.height + l.glyphHeight + 4)
                        .clipped(width: lines.width, height: lines.height)
                }
                guard !regions.isEmpty else { continue }
                done += regions
                let read = readAll(regionPictures(lines.view(bright: bright, in: regions), regions: regions), masked: masked)
                let base = (out.map(\.line).max() ?? firstLine - 1) + 1
                // Only fairly confident words: reads of texture are junk that may look like
                // a date or an ID. The rest of a line with an identifying word is masked whole.
                let kept = read.filter { $0.confidence >= Self.faintConfidence }
                if kept.contains(where: { $0.confidence >= Self.clearConfidence && $0.text.filter { $0.isLetter || $0.isNumber }.count >= 4 }) {
                    found = true
                }
                out += kept.map { var w = $0; w.line += base; w.box = lines.up(w.box); return w }
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
