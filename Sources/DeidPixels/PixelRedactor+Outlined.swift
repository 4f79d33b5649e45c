import DICOMPixels
/// A look at text drawn at an extreme of the range that the first view read as junk or
/// not at all (`OutlinedText`): outlined white glyphs over bright or textured anatomy,
/// dark glyphs running from a dark ground onto a bright one.
extension PixelRedactor {
    /// Rows of glyphs found in one view of a region, `origin` giving the view's place in
    /// the frame.
    struct OutlinedRows {
        var lines: TextLines
        /// In the pixels looked at (frame pixels over `factor`).
        var origin: PixelRect
        var factor: Int
    }

    /// Words read on the rows of extreme-level glyphs around `regions` (frame pixels) of
    /// `picture.frame` (a large frame looked at through its kept halving) that the sure words of `known` do not already cover, numbered from line
    /// `firstLine`, and the rows of each view read (for masking the whole of an identifying
    /// line). Nothing is read when no such row is left (the common case: text read well,
    /// or regions of anatomy, whose extremes make few rows).
    func readOutlined(
        _ picture: HalvedPicture, regions: [PixelRect], known words: [OCRWord], firstLine: Int
    ) -> (words: [OCRWord], sets: [OutlinedRows]) {
        let frame = picture.frame
        let merged = Self.merge(regions)
        // Regions over half the frame were read through the frame's extreme views already.
        guard !merged.isEmpty, merged.reduce(0, { $0 + $1.width * $1.height }) * 2 <= frame.width * frame.height else { return ([], []) }
        // Frames of 2048 pixels or more on a side are looked at halved, as for faint text
        // (their text is large enough), which quarters the cost.
        let f = max(frame.width, frame.height) >= 2048 ? 2 : 1
        let gray = picture.reduced(f)
        func down(_ r: PixelRect) -> PixelRect { PixelRect(x: r.x / f, y: r.y / f, width: max(1, r.width / f), height: max(1, r.height / f)) }
        func up(_ r: PixelRect) -> PixelRect { PixelRect(x: r.x * f, y: r.y * f, width: r.width * f, height: r.height * f) }
        // Each region widened by its height (up to `outlinedReach`) on every side: the
        // pre-check sees the lines of a block that lie on a plain ground, not those
        // running on over a ground near the glyphs' level (dark glyphs on a dark ground).
        let around = Self.merge(
            merged.map { r0 in
                let r = down(r0), p = min(Self.outlinedReach / f, r.height)
                return r.padded(p).clipped(width: gray.width, height: gray.height)
            })
        let sure = words.filter { $0.isSure && $0.text.filter { $0.isLetter || $0.isNumber }.count >= 2 }.map { w in
            var d = w; d.box = down(w.box); return d
        }
        // Every view's rows of marks covering half their length not covered by sure words.
        var views: [(image: GrayImage, lines: TextLines, origin: PixelRect)] = []
        var rows: [(view: Int, line: TextLines.Line)] = []
        for region in around {
            let found = OutlinedText(gray, region: region)
            let o = found.origin
            for view in found.views {
                let lines = OutlinedText.rows(view.image)
                let todo = lines.lines.filter { l in
                    let r = lines.up(l.box)
                    let f = PixelRect(x: r.x + o.x, y: r.y + o.y, width: r.width, height: r.height)
                    return !l.bright && l.isText && l.marks >= 3 && l.glyphHeight >= Self.outlinedGlyph && TextLines.dense(l)
                        && sure.reduce(0) { $0 + $1.box.overlapArea(f) } * 2 < f.width * f.height
                }
                guard !todo.isEmpty else { continue }
                views.append((view.image, lines, o))
                rows += todo.map { (views.count - 1, $0) }
            }
        }
        guard !rows.isEmpty else { return ([], []) }
        // Most marks first, at most `outlinedRows`, read in batches of `faintBatch`, no more
        // once a batch reads no clear word: extremes of anatomy make rows that read as short
        // or unsure junk.
        rows.sort { ($0.line.marks, $0.line.box.width) > ($1.line.marks, $1.line.box.width) }
        let todo = Array(rows.prefix(Self.outlinedRows))
        if DebugEnv.flag("DCM_PIXELS_DEBUG_LINES") {
            DebugEnv.say(
                "outlined rows: "
                    + todo.map { "\(views[$0.view].lines.up($0.line.box)) in \(views[$0.view].origin) m\($0.line.marks)" }.joined(separator: " "))
        }
        var out: [OCRWord] = []
        var used = Set<Int>()
        purpose = "outlined "
        defer { purpose = "" }
        for start in stride(from: 0, to: todo.count, by: Self.faintBatch) {
            let batch = todo[start..<min(todo.count, start + Self.faintBatch)]
            var jobs: [OCRJob] = [], origins: [PixelRect] = []
            for v in Set(batch.map(\.view)).sorted() {
                let (image, lines, o) = views[v]
                // Padded along the row too, so pieces of one line make one picture.
                let boxes = Self.merge(
                    batch.filter { $0.view == v }.map { r in
                        let l = r.line
                        return lines.up(
                            PixelRect(
                                x: l.box.x - 2 * l.glyphHeight, y: l.box.y - l.glyphHeight / 2 - 2,
                                width: l.box.width + 4 * l.glyphHeight, height: l.box.height + l.glyphHeight + 4)
                        ).clipped(width: image.width, height: image.height)
                    })
                // One read, in sparse mode: a view holds nothing but the glyphs, so an
                // automatic read of what it left finds only more junk.
                for p in regionPictures(image, regions: boxes) {
                    jobs.append(OCRJob(image: p.image, sparse: true, scale: p.scale, origin: p.origin, purpose: purpose))
                    origins.append(o)
                }
                used.insert(v)
            }
            let results = pool.run(jobs)
            var read: [OCRWord] = []
            for (k, words) in results.enumerated() {
                let o = origins[k]
                read += words.map {
                    var w = $0; w.box = up(PixelRect(x: w.box.x + o.x, y: w.box.y + o.y, width: w.box.width, height: w.box.height)); return w
                }
            }
            let base = (out.map(\.line).max() ?? firstLine - 1) + 1
            // Fairly confident words only, as for faint text: pieces of anatomy read as junk.
            let kept = Self.groupedIntoLines(read, firstLine: base).filter { $0.confidence >= Self.faintConfidence }
            out += kept
            let clear = kept.contains { $0.confidence >= Self.clearConfidence && $0.text.filter { $0.isLetter || $0.isNumber }.count >= 4 }
            if !clear { break }
        }
        let sets = used.sorted().map { OutlinedRows(lines: views[$0].lines, origin: views[$0].origin, factor: f) }
        return (out, sets)
    }

    /// The lines (frame pixels) of the blocks holding the `chosen` words among the rows of
    /// `sets`, as `wholeLines` finds them among rows of marks.
    func outlinedWholeLines(_ sets: [OutlinedRows], words: [OCRWord], chosen: Set<Int>, identifying keep: Set<Int>) -> [PixelRect] {
        var out: [PixelRect] = []
        for s in sets {
            let f = s.factor
            let o = PixelRect(x: s.origin.x * f, y: s.origin.y * f, width: s.origin.width * f, height: s.origin.height * f)
            for i in chosen.sorted() where words[i].box.intersects(o) {
                let w = words[i].box
                let local = PixelRect(x: (w.x - o.x) / f, y: (w.y - o.y) / f, width: max(1, w.width / f), height: max(1, w.height / f))
                for b0 in s.lines.block(around: local) {
                    let b = PixelRect(x: b0.x * f + o.x, y: b0.y * f + o.y, width: b0.width * f, height: b0.height * f)
                    // Not a row over half as high again as the word: in a view the pieces
                    // of two lines close together can make one row (a label and the one
                    // under it), which the word's line does not hold.
                    guard 2 * b.height <= 3 * w.height + 2 else { continue }
                    if b.intersects(w) || !Self.readAsOther(b, words: words, identifying: keep) {
                        if debugHits { DebugEnv.say("outlined line of \(words[i].text): \(b)") }
                        out.append(b)
                    }
                }
            }
        }
        return out
    }

    /// Smallest glyph height (pixels) of a row read by the outlined look: the insides of
    /// smaller outlined glyphs are too thin to read, and rows of smaller pieces are mostly
    /// speckle and the edges of readouts already read.
    static let outlinedGlyph = 7
    /// Most rows read in a frame by the outlined look.
    static let outlinedRows = 8
    /// Most a candidate region is widened by for the outlined look (frame pixels).
    static let outlinedReach = 48
}
