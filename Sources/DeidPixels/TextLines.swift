import DICOMPixels
/// Lines of text found by their shape, not by reading them: glyph-sized marks standing
/// out from their local ground (brighter or darker than the mean around them), in a row
/// of similar height with glyph-sized gaps. Finds faint text (a few grey levels over a
/// textured, noisy ground, which the edge test of `TextPreCheck` misses), and tells
/// which marks make up a line, so a line holding identifying text can be masked whole,
/// unread words included.
struct TextLines {
    /// A row of marks: its bounding box, its marks' typical height, and whether the
    /// marks are brighter than their ground.
    struct Line: Equatable {
        var box: PixelRect
        var glyphHeight: Int
        var bright: Bool
        /// Marks shaped like single glyphs (a blurred line may be one long mark).
        var glyphs: Int
        /// Marks of any shape (glyphs of small fonts touch once smoothed).
        var marks: Int
        /// Length along the row covered by its marks (sum of their widths).
        var inked: Int = 0
        /// A row of marks (words, glyphs; one glyph-shaped at least) of text size, at least
        /// three glyph heights long, its marks covering half of it at least: text for sure
        /// enough to be worth reading.
        var isText: Bool {
            marks >= 2 && glyphs >= 1 && box.width >= 3 * glyphHeight && glyphHeight <= TextLines.largestGlyph && 2 * inked >= box.width
        }
    }

    /// The frame after local contrast: each pixel's 3x3 mean less the mean of the
    /// `radius` square around it (so the ground, however it varies, is near 0).
    let contrast: [Float]
    /// The pixels looked at (for the views read).
    let picture: GrayImage
    let width: Int, height: Int
    /// Typical size of the contrast over the ground (robust spread), in grey levels.
    let noise: Float
    /// Lines of bright and of dark marks.
    private(set) var lines: [Line] = []

    /// Marks count from this many times the ground's spread (and at least `minLevels`).
    static let threshold: Float = 2.5
    static let minLevels: Float = 2.5
    /// Tallest glyph (pixels looked at) of a line masked whole: rows of taller marks are
    /// image structure (tiles of a mosaic, organs), not text.
    static let largestGlyph = 40
    /// Radius of the ground's mean: wider than a glyph, narrower than most texture.
    static let radius = 12

    /// Frame pixels per pixel looked at: frames of 2048 pixels or more on a side are
    /// looked at halved (their text is large enough), which quarters the cost. Lines,
    /// views and `contrast` are in halved pixels; `up` and `block` give frame pixels.
    let factor: Int

    /// `r` (in the pixels looked at) in frame pixels.
    func up(_ r: PixelRect) -> PixelRect {
        PixelRect(x: r.x * factor, y: r.y * factor, width: r.width * factor, height: r.height * factor)
    }

    /// Whether `block` looks for continuations too blurred or faint to make marks
    /// (`probe`): only in frames looked at for faint text. Around sharp text a band of
    /// contrast below a line is the halo of a plate or banner edge, not a line.
    let probing: Bool

    /// `growth`: steps marks grow at half the threshold (`marked`; 0 for the plain
    /// threshold), by default only in frames looked at for faint text (`probing`): sharp
    /// strokes pass the threshold whole, and grown they would take the edges of the plates
    /// they are drawn on along.
    init(_ frame: GrayImage, probing: Bool = true, growth: Int? = nil) {
        self.init(HalvedPicture(frame), probing: probing, growth: growth)
    }

    /// Rows of marks of `frame.frame`, a large frame looked at through its kept halving.
    init(_ frame: HalvedPicture, probing: Bool = true, growth: Int? = nil) {
        let growth = growth ?? (probing ? Self.growth : 0)
        self.probing = probing
        factor = max(frame.frame.width, frame.frame.height) >= 2048 ? 2 : 1
        let g = frame.reduced(factor)
        picture = g
        width = g.width; height = g.height
        contrast = Self.localContrast(g, radius: Self.radius)
        noise = Self.spread(contrast)
        let t = max(Self.minLevels, noise * Self.threshold)
        for bright in [true, false] {
            let set = Self.marked(contrast, width: width, height: height, threshold: bright ? t : -t, growth: growth)
            lines += Self.lines(of: Components(set, width: width, height: height), bright: bright)
        }
    }

    /// The frame as dark text on white seen through local contrast, for reading the
    /// lines of one polarity: the ground white, marks darker the more they stand out.
    /// Only `regions` are drawn (the rest stays white).
    func view(bright: Bool, in regions: [PixelRect]) -> GrayImage {
        let full = max(Self.minLevels * 3, noise * Self.threshold * 3)
        var px = [UInt8](repeating: 255, count: width * height)
        // Each pixel with its neighbours weighted 1-4-1 (about a Gaussian of 0.6 pixel):
        // thin strokes (Courier-like fonts) keep more of their contrast than in the 3x3
        // mean or under 1-2-1 weights, while the noise is still partly averaged out
        // (faint 11-15 pixel Courier-like lines read as words, not junk, so weighted).
        let p = picture.pixels
        for r0 in regions {
            let r = r0.clipped(width: width, height: height)
            guard !r.isEmpty else { continue }
            for y in r.y..<r.maxY {
                for x in r.x..<r.maxX {
                    let i = y * width + x
                    var sharp: Float = 0, box: Float = 0, wsum: Float = 0, n: Float = 0
                    for dy in -1...1 where y + dy >= 0 && y + dy < height {
                        for dx in -1...1 where x + dx >= 0 && x + dx < width {
                            let v = Float(p[i + dy * width + dx]), wt: Float = (dx == 0 ? 4 : 1) * (dy == 0 ? 4 : 1)
                            sharp += wt * v; wsum += wt; box += v; n += 1
                        }
                    }
                    // Ground (the wide mean) is the 3x3 mean less its contrast.
                    let c = sharp / wsum - (box / n - contrast[i])
                    let v = bright ? c : -c
                    if v > 0 { px[i] = UInt8(255 - min(255, Int(v * 255 / full))) }
                }
            }
        }
        return GrayImage(width: width, height: height, pixels: px)
    }

    /// The lines holding or continuing `box` (an identifying word): lines of either
    /// polarity sharing most of its height and overlapping it along the row, and the
    /// lines of the block each of those belongs to (below or above, same left edge,
    /// about the same glyph height, no blank line between).
    func block(around frameBox: PixelRect) -> [PixelRect] {
        let box = PixelRect(
            x: frameBox.x / factor, y: frameBox.y / factor,
            width: max(1, frameBox.width / factor), height: max(1, frameBox.height / factor))
        // Rows of the word's own glyph height (within half), of text size, and of more
        // than one mark (or one mark of the word's own height and about its length: its
        // glyphs touching): not a row of image tiles, the plate it is drawn on, or a blob
        // the word was read on.
        var found: [Line] = lines.filter { l in
            let overlap = min(l.box.maxY, box.maxY) - max(l.box.y, box.y)
            return l.box.intersects(box) && overlap * 2 >= min(l.box.height, box.height)
                && l.box.height <= 2 * box.height + 4 && 2 * l.glyphHeight + 4 >= box.height
                && l.glyphHeight <= Self.largestGlyph
                && (l.marks >= 2 || Self.wordMark(l) && 2 * overlapX(l.box, box) >= l.box.width && 2 * l.box.height <= 3 * box.height + 2)
                && 4 * l.box.width <= 3 * width
        }
        var k = 0
        while k < found.count {
            let l = found[k]; k += 1
            // A line of a block is not much wider than the one it joins (rows chained
            // through speckle or anatomy beside text are), that line taken with its other
            // pieces found so far.
            let printed = found.filter { Self.sameLine($0, l) || $0 == l }.reduce(l.box) { $0.union($1.box) }
            // A line it continues (above it) may be much longer, when it is a dense row of
            // glyphs: the head of a wrapped name ("Institution Name: A, B" over "and C");
            // so may a dense piece of its own printed line (a faint line broken at a word
            // space into a short head and a long rest, the head found first).
            for n in lines
            where !found.contains(n) && (Self.continues(n, l) || Self.continues(l, n) || Self.sameLine(n, l))
                && (2 * n.box.width <= 3 * printed.width + 8 * l.glyphHeight
                    || (Self.continues(l, n) || Self.sameLine(n, l)) && Self.dense(n))
                // Under three quarters of the frame wide (a row chained through anatomy
                // spans it), but for the long head of a wrapped name in a small frame
                // (a dense row of glyphs just above, at the same left edge).
                && (4 * n.box.width <= 3 * width || Self.continues(l, n) && Self.dense(n) && 2 * n.glyphs >= n.marks)
            {
                found.append(n)
            }
            // A continuation too blurred or faint to make marks of its own.
            if probing, !found.contains(where: { Self.continues($0, l) }), found.count < 16, let n = probe(below: l) { found.append(n) }
        }
        return found.map { l in
            // Padded by a part of the glyph height: a mark's edge lies inside the drawn
            // glyph's (faint edges and blur fall under the threshold), and a band or a
            // word blurred into one mark sits lower or higher than its glyphs' box. Rows
            // of sharp glyphs (frames not looked at for faint text) are boxed as they are.
            let e = extended(l), blurred = l.glyphs == 0 || l.marks <= 1
            guard probing || blurred else { return up(e.box) }
            let h = max(l.glyphHeight, 4), dy = blurred ? h / 2 : h / 4
            return up(
                PixelRect(x: e.box.x - h / 2, y: e.box.y - dy, width: e.box.width + h, height: e.box.height + 2 * dy)
                    .clipped(width: width, height: height))
        }
    }

    /// `l` extended left and right along its band as far as the band's columns keep a
    /// good part of its own mean contrast (gaps of up to a glyph height and a half):
    /// glyphs of a faint line that broke up below the mark threshold.
    func extended(_ l: Line) -> Line {
        let h = max(l.glyphHeight, 4), sign: Float = l.bright ? 1 : -1
        let y0 = max(0, l.box.y), y1 = min(height, l.box.maxY)
        guard y1 > y0 else { return l }
        func column(_ x: Int) -> Float {
            var s: Float = 0
            for y in y0..<y1 { s += sign * contrast[y * width + x] }
            return s / Float(y1 - y0)
        }
        var own: Float = 0
        for x in max(0, l.box.x)..<min(width, l.box.maxX) { own += column(x) }
        own /= Float(max(1, l.box.width))
        let floor = max(1.0, 0.4 * own)
        var left = l.box.x, right = l.box.maxX, gap = 0
        var x = l.box.maxX
        // At most the row's own length (plus a few glyphs) either way: texture beside a
        // line may keep the contrast too.
        let reach = l.box.width + 4 * h
        while x < min(width, l.box.maxX + reach) && gap <= 3 * h / 2 {
            if column(x) >= floor { right = x + 1; gap = 0 } else { gap += 1 }
            x += 1
        }
        x = l.box.x - 1; gap = 0
        while x >= max(0, l.box.x - reach) && gap <= 3 * h / 2 {
            if column(x) >= floor { left = x; gap = 0 } else { gap += 1 }
            x -= 1
        }
        var out = l
        out.box = PixelRect(x: left, y: l.box.y, width: right - left, height: l.box.height)
        return out
    }

    /// A line continuing `l` that is too faint or blurred for marks: the band of a glyph
    /// height below it (within a glyph height and a half) whose mean contrast, of `l`'s
    /// polarity, is highest, taken when that mean is a quarter of `l`'s own and clearly
    /// above the ground; it runs from `l`'s left edge as far as its columns keep that
    /// contrast (gaps of up to two glyph heights).
    func probe(below l: Line) -> Line? {
        let h = max(l.glyphHeight, 4), sign: Float = l.bright ? 1 : -1
        let x0 = max(0, l.box.x), x1 = min(width, l.box.maxX)
        guard x1 - x0 >= 2 * h, l.box.maxY + h < height else { return nil }
        // Over the first three glyph heights: a continuation starts at the left edge
        // and may be short ("Hospital").
        let xs = min(x1, x0 + 3 * h)
        func rowMean(_ y: Int, _ end: Int) -> Float {
            var s: Float = 0
            for x in x0..<end { s += sign * contrast[y * width + x] }
            return s / Float(end - x0)
        }
        var own: Float = 0
        for y in l.box.y..<l.box.maxY { own += rowMean(y, x1) }
        own /= Float(l.box.height)
        let lastStart = min(height - h, l.box.maxY + 3 * h / 2)
        guard lastStart > l.box.maxY else { return nil }
        let rows = (l.box.maxY..<(lastStart + h)).map { rowMean($0, xs) }
        var best = -Float.infinity, top = 0
        for y in l.box.maxY...lastStart {
            let m = rows[(y - l.box.maxY)..<(y - l.box.maxY + h)].reduce(0, +) / Float(h)
            if m > best { best = m; top = y }
        }
        let floor = max(0.8, 0.25 * own)
        guard best >= floor else { return nil }
        // Columns of the band that stand out, from the left edge on.
        var right = x0, gap = 0
        for x in x0..<min(width, l.box.maxX + 2 * h) {
            var s: Float = 0
            for y in top..<(top + h) { s += sign * contrast[y * width + x] }
            if s / Float(h) >= floor { right = x + 1; gap = 0 } else { gap += 1; if gap > 2 * h { break } }
        }
        guard right - x0 >= 2 * h else { return nil }
        return Line(
            box: PixelRect(x: x0, y: top, width: right - x0, height: h), glyphHeight: l.glyphHeight,
            bright: l.bright, glyphs: 0, marks: 0, inked: right - x0)
    }

    /// Whether `l`'s marks cover over half its length and there are several of them: a
    /// row of text (glyphs, or words whose glyphs touch), not one chained through speckle
    /// or anatomy.
    static func dense(_ l: Line) -> Bool { l.marks >= 3 && 2 * l.inked >= l.box.width }

    /// Whether `l` is one mark shaped like a word (three to twenty glyph heights long):
    /// a sharp word whose glyphs touch, or a word blurred into one mark.
    static func wordMark(_ l: Line) -> Bool {
        l.marks == 1 && l.box.width >= 3 * l.glyphHeight && l.box.width <= 20 * l.glyphHeight && l.glyphHeight <= largestGlyph
    }

    /// Overlap of two boxes along the row.
    func overlapX(_ a: PixelRect, _ b: PixelRect) -> Int { max(0, min(a.maxX, b.maxX) - max(a.x, b.x)) }

    /// Whether `a` is another piece of `b`'s printed line (rows break at the wide word
    /// spaces of monospaced fonts): same polarity, sharing most of its height, glyph
    /// heights within half, at most three glyph heights apart along the row.
    static func sameLine(_ a: Line, _ b: Line) -> Bool {
        let h = max(min(a.glyphHeight, b.glyphHeight), 1)
        let overlap = min(a.box.maxY, b.box.maxY) - max(a.box.y, b.box.y)
        let gap = max(a.box.x - b.box.maxX, b.box.x - a.box.maxX)
        return a.bright == b.bright && a.marks >= 2 && a.glyphHeight <= largestGlyph && overlap * 2 >= min(a.box.height, b.box.height)
            && 2 * a.glyphHeight <= 3 * b.glyphHeight + 2 && 2 * b.glyphHeight <= 3 * a.glyphHeight + 2 && gap <= 3 * h
    }

    /// Whether `next` continues `line` on the line below: same polarity, left edges
    /// within two glyph heights (a faint line's first glyph may be lost, a speck may lie
    /// before it), glyph heights within half (blur makes them taller),
    /// starting within two glyph heights of its bottom (line spacing of one and a half
    /// lines, measured from capitals of a light font; a blank line leaves three or more).
    static func continues(_ next: Line, _ line: Line) -> Bool {
        // A row of marks, a probed band, or one word blurred into a single mark (a few
        // glyph heights long, not a bar across the frame).
        let blurredWord = wordMark(next)
        guard next.glyphHeight <= largestGlyph, next.marks >= 2 || blurredWord || next.glyphs == 0 && next.marks == 0 else { return false }
        let h = max(line.glyphHeight, 1)
        let gap = next.box.y - line.box.maxY
        return next.bright == line.bright && abs(next.box.x - line.box.x) <= 2 * h
            && 2 * next.glyphHeight <= 3 * h + 2 && 3 * next.glyphHeight + 2 >= 2 * h
            && gap >= -h / 3 && gap <= 2 * h
    }

    /// Marks grouped into rows: a mark joins a row when it shares most of the row's
    /// height, is of similar height, and lies within two glyph heights of its
    /// right end (word spaces of monospaced fonts are wide).
    static func lines(of c: Components, bright: Bool) -> [Line] {
        // Glyph-sized marks: a few pixels high, not a thin rule, not a large blob.
        let marks = c.boxes.indices.filter { i in
            let b = c.boxes[i]
            return b.height >= 5 && b.height <= 64 && b.width <= 64 * b.height && c.areas[i] * 8 >= b.width * b.height
        }.sorted { (c.boxes[$0].x, c.boxes[$0].y) < (c.boxes[$1].x, c.boxes[$1].y) }
        var rows: [(box: PixelRect, heights: [Int], h: Int, boxes: [PixelRect])] = []
        // Rows still open, by the 8-pixel band of their top: marks come left to right,
        // so a row whose right end lies over two glyph heights behind is closed.
        var open: [Int: [Int]] = [:]
        for (n, i) in marks.enumerated() {
            let b = c.boxes[i]
            var best = -1
            search: for band in max(0, (b.y - 100) / 8)...(b.maxY / 8) {
                guard let ids = open[band] else { continue }
                for k in ids {
                    let r = rows[k], h = r.h
                    let overlap = min(r.box.maxY, b.maxY) - max(r.box.y, b.y)
                    let gap = b.x - r.box.maxX
                    if overlap * 3 >= 2 * min(b.height, h) && 2 * b.height <= 3 * h + 2 && 2 * h <= 3 * b.height + 2
                        && gap <= 2 * h && gap >= -b.width
                    {
                        best = k; break search
                    }
                }
            }
            if best < 0 {
                rows.append((b, [b.height], b.height, [b]))
                open[b.y / 8, default: []].append(rows.count - 1)
            } else {
                rows[best].box = rows[best].box.union(b)
                rows[best].heights.append(b.height)
                rows[best].boxes.append(b)
                let hs = rows[best].heights.sorted()
                rows[best].h = hs[hs.count / 2]
            }
            // Close rows far behind (now and for every later mark).
            if n % 256 == 255 {
                for (band, ids) in open {
                    let kept = ids.filter { rows[$0].box.maxX + 2 * rows[$0].h + 2 >= b.x }
                    open[band] = kept.isEmpty ? nil : kept
                }
            }
        }
        return rows.compactMap { r in
            let h = r.h
            // A lone mark at either end, over a glyph height and a half from the rest, is a
            // speck of the ground the row took along (it would shift the row's left edge,
            // which blocks are chained by), not a glyph.
            var boxes = r.boxes.sorted { $0.x < $1.x }
            if boxes.count >= 3 && boxes[1].x - boxes[0].maxX > 3 * h / 2 { boxes.removeFirst() }
            if boxes.count >= 3 && boxes[boxes.count - 1].x - boxes[boxes.count - 2].maxX > 3 * h / 2 { boxes.removeLast() }
            let box = boxes.dropFirst().reduce(boxes[0]) { $0.union($1) }
            // A row of text is longer than it is high (a lone blob of texture is not).
            guard box.width >= 2 * h, box.height <= 2 * h + 2 else { return nil }
            let glyphs = boxes.filter { $0.width <= 3 * $0.height }.count
            return Line(box: box, glyphHeight: h, bright: bright, glyphs: glyphs, marks: boxes.count, inked: boxes.reduce(0) { $0 + $1.width })
        }
    }

    /// Steps a mark grows into pixels of half its threshold (`marked`).
    static let growth = 3
    /// Pixels along the frame's edges from which marks do not grow.
    static let edgeMargin = radius / 2

    /// Pixels of marks: those whose contrast passes `threshold` (a negative one: lies
    /// below it), and then, `growth` times over, their neighbours passing half of it
    /// (hysteresis, bounded). The thin strokes of a faint light font (Courier-like, one
    /// pixel wide) pass the threshold only in pieces; the rest of each stroke stands out
    /// at half of it, so glyphs come whole and rows of them hold together. Growth starts
    /// only from pieces of three pixels or more (a lone peak of noise does not grow into
    /// a glyph-sized mark) and goes a few steps only: texture at half the threshold
    /// touching a glyph is not taken far.
    static func marked(_ c: [Float], width w: Int, height h: Int, threshold t: Float, growth: Int = growth) -> [Bool] {
        let s: Float = t < 0 ? -1 : 1, strong = abs(t), weak = abs(t) / 2
        let count = c.count
        var set = [Bool](repeating: false, count: count)
        // Pixels at half the threshold, in ascending order (kept so: the growth steps
        // below walk them row by row without dividing).
        var front = [Int32](unsafeUninitializedCapacity: growth > 0 ? count : 0) { fb, n in
            n = c.withUnsafeBufferPointer { cp in
                set.withUnsafeMutableBufferPointer { sp in
                    var n = 0
                    if growth > 0 {
                        // Without branches (which pixels pass is noise, unpredictable): every
                        // index is written, and kept by counting it when it is weak only.
                        for i in 0..<count {
                            let v = s * cp[i], isStrong = v > strong
                            sp[i] = isStrong
                            fb[n] = Int32(truncatingIfNeeded: i)
                            n &+= !isStrong && v > weak ? 1 : 0
                        }
                    } else {
                        for i in 0..<count { sp[i] = s * cp[i] > strong }
                    }
                    return n
                }
            }
        }
        let m = max(1, edgeMargin)
        guard growth > 0, !front.isEmpty, w > 2 * m, h > 2 * m else { return set }
        // Seeds: strong pixels with two strong neighbours or more, away from the frame's
        // edges (where the ground is a one-sided mean, and noise stands out more).
        var grown = [Bool](repeating: false, count: count)
        set.withUnsafeBufferPointer { sb in
            grown.withUnsafeMutableBufferPointer { gb in
                let sp = sb.baseAddress!, gp = gb.baseAddress!
                let raw = UnsafeRawPointer(sp)
                for y in m..<(h - m) {
                    let row = y * w
                    var x = m
                    while x < w - m {
                        // Eight unmarked pixels at a time.
                        if x + 8 <= w - m && raw.loadUnaligned(fromByteOffset: row + x, as: UInt64.self) == 0 { x += 8; continue }
                        defer { x += 1 }
                        guard sp[row + x] else { continue }
                        let i = row + x
                        let above = sp + (i - w), below = sp + (i + w)
                        var n = 0
                        if above[-1] { n += 1 }
                        if above[0] { n += 1 }
                        if above[1] { n += 1 }
                        if sp[i - 1] { n += 1 }
                        if sp[i + 1] { n += 1 }
                        if below[-1] { n += 1 }
                        if below[0] { n += 1 }
                        if below[1] { n += 1 }
                        if n >= 2 { gp[i] = true }
                    }
                }
            }
        }
        var reached = [Int32](repeating: 0, count: front.count)
        for _ in 0..<growth {
            // Every pixel of the front is judged against the marks grown before this step;
            // those left stay in order at the front's start.
            let (rest, touched) = grown.withUnsafeBufferPointer { gb in
                front.withUnsafeMutableBufferPointer { fb in
                    reached.withUnsafeMutableBufferPointer { rb in
                        let gp = gb.baseAddress!
                        var y = 0, rowStart = 0, rest = 0, touched = 0
                        for j in 0..<fb.count {
                            let k = fb[j], i = Int(k)
                            while i >= rowStart + w { rowStart += w; y += 1 }
                            let x = i - rowStart
                            var touches = false
                            if x > 0 && y > 0 && x < w - 1 && y < h - 1 {
                                let above = gp + (i - w), below = gp + (i + w)
                                touches = above[-1] || above[0] || above[1] || gp[i - 1] || gp[i + 1] || below[-1] || below[0] || below[1]
                            } else {
                                for dy in -1...1 where y + dy >= 0 && y + dy < h {
                                    for dx in -1...1 where x + dx >= 0 && x + dx < w && gp[i + dy * w + dx] { touches = true }
                                }
                            }
                            if touches { rb[touched] = k; touched += 1 } else { fb[rest] = k; rest += 1 }
                        }
                        return (rest, touched)
                    }
                }
            }
            if touched == 0 { break }
            grown.withUnsafeMutableBufferPointer { gb in
                set.withUnsafeMutableBufferPointer { sb in
                    reached.withUnsafeBufferPointer { rb in
                        for k in rb[0..<touched] { gb[Int(k)] = true; sb[Int(k)] = true }
                    }
                }
            }
            front.removeLast(front.count - rest)
        }
        return set
    }

    /// Each pixel's 3x3 mean less the mean of the (2r+1)-square around it, clipped at the
    /// frame's edges (summed-area table).
    static func localContrast(_ g: GrayImage, radius r: Int) -> [Float] {
        let w = g.width, h = g.height, sw = w + 1
        guard w > 0, h > 0, r >= 1 else { return localContrastClipped(g, radius: r) }
        let sat = summedArea(g)
        return [Float](unsafeUninitializedCapacity: w * h) { o, done in
            sat.withUnsafeBufferPointer { sb in
                let s = sb.baseAddress!
                // Columns whose squares (3x3 and the wide one) lie inside the frame: no
                // clipping, one area per row; the others clip as the table's corners say.
                let inner = w > 2 * r ? r..<(w - r) : 0..<0
                for y in 0..<h {
                    let ya0 = max(0, y - 1), ya1 = min(h, y + 2), yb0 = max(0, y - r), yb1 = min(h, y + r + 1)
                    let ta = s + ya1 * sw, ua = s + ya0 * sw, tb = s + yb1 * sw, ub = s + yb0 * sw
                    let ha = ya1 - ya0, hb = yb1 - yb0
                    let row = o.baseAddress! + y * w
                    @inline(__always) func clipped(_ x: Int) -> Float {
                        let xa0 = max(0, x - 1), xa1 = min(w, x + 2), xb0 = max(0, x - r), xb1 = min(w, x + r + 1)
                        let sa = ta[xa1] &- ua[xa1] &- ta[xa0] &+ ua[xa0]
                        let sb = tb[xb1] &- ub[xb1] &- tb[xb0] &+ ub[xb0]
                        return Float(sa) / Float((xa1 - xa0) * ha) - Float(sb) / Float((xb1 - xb0) * hb)
                    }
                    for x in 0..<inner.lowerBound { row[x] = clipped(x) }
                    if !inner.isEmpty {
                        // Sums below 2^24 (a square of 8-bit levels): exact as Int32 and as Float.
                        let na = Float(3 * ha), nb = Float((2 * r + 1) * hb)
                        let ta1 = ta + 2, ua1 = ua + 2, ta0 = ta - 1, ua0 = ua - 1
                        let tb1 = tb + (r + 1), ub1 = ub + (r + 1), tb0 = tb - r, ub0 = ub - r
                        for x in inner {
                            let sa = ta1[x] &- ua1[x] &- ta0[x] &+ ua0[x]
                            let sb = tb1[x] &- ub1[x] &- tb0[x] &+ ub0[x]
                            row[x] = Float(Int32(bitPattern: sa)) / na - Float(Int32(bitPattern: sb)) / nb
                        }
                    }
                    for x in max(inner.upperBound, inner.lowerBound)..<w { row[x] = clipped(x) }
                }
            }
            done = w * h
        }
    }

    /// The summed-area table of `g` (a row and a column of zeros first), in wrapping 32-bit
    /// sums: a rectangle's sum is exact modulo 2^32, and no rectangle here holds that much.
    static func summedArea(_ g: GrayImage) -> [UInt32] {
        let w = g.width, h = g.height, sw = w + 1
        return [UInt32](unsafeUninitializedCapacity: sw * (h + 1)) { s, done in
            let base = s.baseAddress!
            base.initialize(repeating: 0, count: sw)
            g.pixels.withUnsafeBufferPointer { pb in
                let p = pb.baseAddress!
                for y in 0..<h {
                    let src = p + y * w, above = base + y * sw, row = base + (y + 1) * sw
                    row[0] = 0
                    var run: UInt32 = 0
                    for x in 0..<w {
                        run &+= UInt32(src[x])
                        row[x + 1] = above[x + 1] &+ run
                    }
                }
            }
            done = sw * (h + 1)
        }
    }

    /// `localContrast` clipping every square (empty frames, radius 0).
    static func localContrastClipped(_ g: GrayImage, radius r: Int) -> [Float] {
        let w = g.width, h = g.height, sw = w + 1
        guard w > 0, h > 0 else { return [Float](repeating: 0, count: w * h) }
        let sat = summedArea(g)
        var out = [Float](repeating: 0, count: w * h)
        sat.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                @inline(__always) func mean(_ x: Int, _ y: Int, _ k: Int) -> Float {
                    let x0 = max(0, x - k), x1 = min(w, x + k + 1), y0 = max(0, y - k), y1 = min(h, y + k + 1)
                    let sum = s[y1 * sw + x1] &- s[y0 * sw + x1] &- s[y1 * sw + x0] &+ s[y0 * sw + x0]
                    return Float(sum) / Float((x1 - x0) * (y1 - y0))
                }
                for y in 0..<h { for x in 0..<w { o[y * w + x] = mean(x, y, 1) - mean(x, y, r) } }
            }
        }
        return out
    }

    /// Robust spread of local contrast over the frame: 1.48 times the median absolute
    /// value (in quarter levels), which text and edges hardly move.
    static func spread(_ c: [Float]) -> Float {
        // Four histograms taking turns (counts of one level in a row do not wait on each
        // other), summed.
        var parts = [Int](repeating: 0, count: 4 * 1024)
        parts.withUnsafeMutableBufferPointer { hp in
            c.withUnsafeBufferPointer { cp in
                let n = cp.count, quads = n / 4 * 4
                var i = 0
                // Clamped before conversion: the same bin (levels past 1023 go to 1023 either way).
                @inline(__always) func bin(_ v: Float) -> Int { Int(min(abs(v) * 4, 1023)) }
                while i < quads {
                    hp[bin(cp[i])] &+= 1
                    hp[1024 + bin(cp[i + 1])] &+= 1
                    hp[2048 + bin(cp[i + 2])] &+= 1
                    hp[3072 + bin(cp[i + 3])] &+= 1
                    i += 4
                }
                while i < n { hp[bin(cp[i])] &+= 1; i += 1 }
            }
        }
        let hist = (0..<1024).map { (i: Int) -> Int in parts[i] + parts[1024 + i] + parts[2048 + i] + parts[3072 + i] }
        var seen = 0, k = 0
        while k < 1023 && (seen + hist[k]) * 2 < c.count { seen += hist[k]; k += 1 }
        return 1.4826 * Float(k) / 4
    }
}

/// Connected marks (8-connected) of a binary picture: bounding boxes and areas.
struct Components {
    var boxes: [PixelRect] = []
    var areas: [Int] = []

    init(_ set: [Bool], width w: Int, height h: Int) {
        // Locals of the closure, not captured by it (captured variables are boxed).
        let marks = set.withUnsafeBufferPointer { p in
            var marks = MarkSets()
            var previous: [(a: Int, b: Int, label: Int32)] = [], current: [(a: Int, b: Int, label: Int32)] = []
            let raw = UnsafeRawPointer(p.baseAddress)
            for y in 0..<h {
                current.removeAll(keepingCapacity: true)
                var x = 0, k = 0
                let row = y * w
                while x < w {
                    // Eight pixels at a time (a Bool is a byte of 0 or 1, the first pixel the
                    // word's low byte): past unmarked ones to the first marked, and then past
                    // marked ones to the run's end.
                    if let raw, x + 8 <= w {
                        let word = raw.loadUnaligned(fromByteOffset: row + x, as: UInt64.self)
                        if word == 0 { x += 8; continue }
                        x += word.trailingZeroBitCount >> 3
                    } else if !p[row + x] {
                        x += 1; continue
                    }
                    let a = x
                    if let raw {
                        while x + 8 <= w {
                            let unmarked = ~raw.loadUnaligned(fromByteOffset: row + x, as: UInt64.self) & 0x0101_0101_0101_0101
                            if unmarked != 0 { x += unmarked.trailingZeroBitCount >> 3; break }
                            x += 8
                        }
                    }
                    while x < w && p[row + x] { x += 1 }
                    let b = x - 1
                    let label = marks.add(y: y, from: a, to: b)
                    while k < previous.count && previous[k].b < a - 1 { k += 1 }
                    var j = k
                    while j < previous.count && previous[j].a <= b + 1 { marks.union(label, previous[j].label); j += 1 }
                    current.append((a, b, label))
                }
                swap(&previous, &current)
            }
            return marks
        }
        for (i, set) in marks.sets.enumerated() where set.parent == Int32(i) {
            boxes.append(PixelRect(x: Int(set.x0), y: Int(set.y0), width: Int(set.x1 - set.x0) + 1, height: Int(set.y1 - set.y0) + 1))
            areas.append(Int(set.area))
        }
    }
}

/// Union-find over row runs with each set's bounding box and area. A struct with mutating
/// methods rather than nested functions over captured arrays: captured variables are boxed
/// and every access checked for exclusivity at run time, a measurable share of the stage.
private struct MarkSets {
    /// A set: its parent (itself for a root), bounding box and area (the root's hold the set's).
    struct Mark { var parent, x0, y0, x1, y1, area: Int32 }
    /// One array of sets, not one per field: a run costs one append.
    var sets: [Mark] = []

    /// A new set holding the run `a...b` of row `y`; returns its label.
    mutating func add(y: Int, from a: Int, to b: Int) -> Int32 {
        let label = Int32(sets.count)
        sets.append(Mark(parent: label, x0: Int32(a), y0: Int32(y), x1: Int32(b), y1: Int32(y), area: Int32(b - a + 1)))
        return label
    }

    mutating func find(_ a: Int32) -> Int32 {
        var a = a
        while sets[Int(a)].parent != a { sets[Int(a)].parent = sets[Int(sets[Int(a)].parent)].parent; a = sets[Int(a)].parent }
        return a
    }

    mutating func union(_ a: Int32, _ b: Int32) {
        let ra = find(a), rb = find(b)
        guard ra != rb else { return }
        let (keep, gone) = ra < rb ? (Int(ra), Int(rb)) : (Int(rb), Int(ra))
        let g = sets[gone]
        sets[gone].parent = Int32(keep)
        sets[keep].x0 = min(sets[keep].x0, g.x0); sets[keep].x1 = max(sets[keep].x1, g.x1)
        sets[keep].y0 = min(sets[keep].y0, g.y0); sets[keep].y1 = max(sets[keep].y1, g.y1)
        sets[keep].area += g.area
    }
}
