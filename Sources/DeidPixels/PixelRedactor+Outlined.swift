import DICOMPixels
/// A look at text drawn at an extreme of the range that the first view read as junk or
/// not at all (`OutlinedText`): outlined white glyphs over bright or textured anatomy,
/// dark glyphs running from a dark ground onto a bright one.
extension PixelRedactor {
    /// Words read on the rows of extreme-level glyphs in `regions` (frame pixels) of `gray`
    /// that the sure words of `known` do not already cover, numbered from line `firstLine`,
    /// and the rows of each view read (for masking the whole of an identifying line).
    /// Nothing is read when no such row is left (the common case: text read well, or
    /// regions of anatomy, whose extremes make no rows).
    func readOutlined(
        _ gray: GrayImage, regions: [PixelRect], known words: [OCRWord], firstLine: Int,
        masked: (([OCRWord]) -> Set<Int>)?
    ) -> (words: [OCRWord], sets: [TextLines]) {
        let merged = Self.merge(regions)
        // Regions over half the frame were read through the frame's extreme views already.
        guard !merged.isEmpty, merged.reduce(0, { $0 + $1.width * $1.height }) * 2 <= gray.width * gray.height else { return ([], []) }
        let sure = words.filter { $0.isSure && $0.text.filter { $0.isLetter || $0.isNumber }.count >= 2 }
        var out: [OCRWord] = [], sets: [TextLines] = []
        purpose = "outlined "
        defer { purpose = "" }
        for view in OutlinedText(gray, regions: merged).views {
            let lines = OutlinedText.rows(view.image)
            let todo = lines.lines.filter { l in
                let r = lines.up(l.box)
                return !l.bright && l.isText && l.marks >= 3
                    && sure.reduce(0) { $0 + $1.box.overlapArea(r) } * 2 < r.width * r.height
            }
            guard !todo.isEmpty else { continue }
            if DebugEnv.flag("DCM_PIXELS_DEBUG_LINES") {
                DebugEnv.say("outlined \(view.bright ? "bright" : "dark") rows: " + todo.map { "\(lines.up($0.box)) m\($0.marks)" }.joined(separator: " "))
            }
            // Padded along the row too, so pieces of one line make one picture.
            let pictures = Self.merge(
                todo.map { l in
                    lines.up(
                        PixelRect(
                            x: l.box.x - 2 * l.glyphHeight, y: l.box.y - l.glyphHeight / 2 - 2,
                            width: l.box.width + 4 * l.glyphHeight, height: l.box.height + l.glyphHeight + 4)
                    ).clipped(width: gray.width, height: gray.height)
                })
            let read = readAll(regionPictures(view.image, regions: pictures), masked: masked)
            let base = (out.map(\.line).max() ?? firstLine - 1) + 1
            // Fairly confident words only, as for faint text: pieces of anatomy read as junk.
            out += read.filter { $0.confidence >= Self.faintConfidence }.map { var w = $0; w.line += base; return w }
            sets.append(lines)
        }
        return (out, sets)
    }
}
