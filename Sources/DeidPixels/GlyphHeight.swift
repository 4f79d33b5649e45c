/// The typical height of the glyphs in a crop of text, measured before OCR to choose how
/// much to enlarge it: the median height of the dark connected shapes (8-connected) after
/// Otsu thresholding, counting only shapes sized like glyphs.
enum GlyphHeight {
    /// Median glyph height in pixels of `g` (dark text on light), or nil when no shape
    /// looks like a glyph.
    static func estimate(_ g: GrayImage) -> Int? {
        let w = g.width, h = g.height
        guard w >= 4, h >= 4 else { return nil }
        let t = otsu(g)
        // Run-based labelling: each run of dark pixels joins the runs above it that
        // touch it (diagonals included); shapes are tracked by their bounding rows/columns.
        var parent: [Int32] = []
        var top: [Int32] = [], bottom: [Int32] = [], left: [Int32] = [], right: [Int32] = [], area: [Int32] = []
        func find(_ a: Int32) -> Int32 {
            var a = a
            while parent[Int(a)] != a { parent[Int(a)] = parent[Int(parent[Int(a)])]; a = parent[Int(a)] }
            return a
        }
        func union(_ a: Int32, _ b: Int32) {
            let ra = find(a), rb = find(b)
            guard ra != rb else { return }
            let (keep, gone) = ra < rb ? (Int(ra), Int(rb)) : (Int(rb), Int(ra))
            parent[gone] = Int32(keep)
            top[keep] = min(top[keep], top[gone]); bottom[keep] = max(bottom[keep], bottom[gone])
            left[keep] = min(left[keep], left[gone]); right[keep] = max(right[keep], right[gone])
            area[keep] += area[gone]
        }
        var previous: [(x0: Int, x1: Int, label: Int32)] = [], current: [(x0: Int, x1: Int, label: Int32)] = []
        g.pixels.withUnsafeBufferPointer { p in
            for y in 0..<h {
                current.removeAll(keepingCapacity: true)
                var x = 0, k = 0
                let row = y * w
                while x < w {
                    guard p[row + x] < t else { x += 1; continue }
                    let x0 = x
                    while x < w && p[row + x] < t { x += 1 }
                    let x1 = x - 1
                    let label = Int32(parent.count)
                    parent.append(label); top.append(Int32(y)); bottom.append(Int32(y))
                    left.append(Int32(x0)); right.append(Int32(x1)); area.append(Int32(x1 - x0 + 1))
                    while k < previous.count && previous[k].x1 < x0 - 1 { k += 1 }
                    var j = k
                    while j < previous.count && previous[j].x0 <= x1 + 1 { union(label, previous[j].label); j += 1 }
                    current.append((x0, x1, label))
                }
                swap(&previous, &current)
            }
        }
        var heights: [Int] = []
        for i in parent.indices where parent[i] == Int32(i) {
            let sh = Int(bottom[i] - top[i]) + 1, sw = Int(right[i] - left[i]) + 1
            // Glyph-like: a few pixels high at least, not a long rule or a big blob, and
            // not filling the crop (background shapes).
            guard sh >= 4, sh * 2 < h, sw <= 3 * sh, Int(area[i]) * 10 >= sh * sw else { continue }
            heights.append(sh)
        }
        guard heights.count >= 3 else { return nil }
        heights.sort()
        return heights[heights.count / 2]
    }

    /// Otsu's threshold of `g`: pixels below it are the dark class.
    static func otsu(_ g: GrayImage) -> UInt8 {
        UInt8(min(255, Otsu.threshold(g.histogram, in: 0..<256) ?? 128))
    }
}
