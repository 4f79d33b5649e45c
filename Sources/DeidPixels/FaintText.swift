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

    /// Most faint lines read per polarity of a frame.
    static let faintLinesRead = 12

    /// Words of the text lines of `lines` that `words` do not already cover, read
    /// through local contrast, one polarity at a time, numbered from line `firstLine`.
    func readFaint(_ lines: TextLines, known words: [OCRWord], firstLine: Int,
                   masked: (([OCRWord]) -> Set<Int>)?) -> [OCRWord] {
        var out: [OCRWord] = []
        if DebugEnv.flag("DCM_PIXELS_DEBUG_LINES") {
            DebugEnv.say("lines (noise \(lines.noise)): " + lines.lines.map { "\($0.bright ? "+" : "-")\($0.box) h\($0.glyphHeight) g\($0.glyphs)" }.joined(separator: " "))
        }
        for bright in [true, false] {
            // Burned-in patient text comes in blocks of lines (or one long line); rows
            // of marks in anatomy and noise seldom stack that way. The longest few are
            // read, so a textured frame costs a bounded number of reads.
            let rows = lines.lines.filter { $0.bright == bright && $0.isText }
            let todo = rows.filter { l in
                (l.marks >= 6 || rows.contains { $0 != l && (TextLines.continues($0, l) || TextLines.continues(l, $0)) })
                    && words.filter(\.isSure).reduce(0) { $0 + $1.box.overlapArea(l.box) } * 2 < l.box.width * l.box.height
            }.sorted { $0.marks > $1.marks }.prefix(Self.faintLinesRead)
            guard !todo.isEmpty else { continue }
            // Padded along the row too, so pieces of one line make one picture.
            let regions = todo.map { l in
                PixelRect(x: l.box.x - 2 * l.glyphHeight, y: l.box.y - l.glyphHeight / 2 - 2,
                          width: l.box.width + 4 * l.glyphHeight, height: l.box.height + l.glyphHeight + 4)
                    .clipped(width: lines.width, height: lines.height)
            }
            let read = readAll(regionPictures(lines.view(bright: bright), regions: regions), masked: masked)
            let base = (out.map(\.line).max() ?? firstLine - 1) + 1
            // Only sure words: reads of texture are junk that may look like a date or
            // an ID. The rest of a line with a sure identifying word is masked whole.
            out += read.filter(\.isSure).map { var w = $0; w.line += base; return w }
        }
        return out
    }
}
