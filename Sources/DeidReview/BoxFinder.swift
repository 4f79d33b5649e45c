import DeidPixels
import DICOMPixels

/// Finds the masked boxes of an image as the rectangles where its frame before and after
/// de-identification differ, so the review needs nothing from the pixel stage but its output.
public enum BoxFinder {
    /// Pixels that differ between two frames of the same size (any sample), or nil when
    /// the sizes differ.
    public static func difference(_ a: FrameBuffer, _ b: FrameBuffer) -> [Bool]? {
        guard a.width == b.width, a.height == b.height, a.samples == b.samples else { return nil }
        let w = a.width, h = a.height
        var mask = [Bool](repeating: false, count: w * h)
        if a.layout == b.layout, a.layout == .interleaved, a.bytesPerSample == b.bytesPerSample,
            a.bitsStored == b.bitsStored, a.bytes.count == b.bytes.count
        {
            // Same layout: whole pixels compared as bytes.
            let step = a.samples * a.bytesPerSample
            guard a.bytes.count >= w * h * step else { return nil }
            a.bytes.withUnsafeBufferPointer { p in
                b.bytes.withUnsafeBufferPointer { q in
                    for i in 0..<(w * h) {
                        let o = i * step
                        for k in 0..<step where p[o + k] != q[o + k] { mask[i] = true; break }
                    }
                }
            }
            return mask
        }
        for y in 0..<h {
            for x in 0..<w {
                for s in 0..<a.samples where a.value(x, y, s) != b.value(x, y, s) { mask[y * w + x] = true; break }
            }
        }
        return mask
    }

    /// Pixels that differ between two renderings of the same size.
    public static func difference(_ a: GrayImage, _ b: GrayImage) -> [Bool]? {
        guard a.width == b.width, a.height == b.height else { return nil }
        return zip(a.pixels, b.pixels).map { $0 != $1 }
    }

    /// Bounding boxes of the groups of differing pixels: pixels closer than `gap` join one
    /// group (a fill that happens to equal some original pixels leaves holes, not new boxes);
    /// overlapping boxes are merged.
    public static func boxes(_ mask: [Bool], width w: Int, height h: Int, gap: Int = 4) -> [PixelRect] {
        guard w > 0, h > 0, mask.count >= w * h else { return [] }
        let cell = max(1, gap)
        let cw = (w + cell - 1) / cell, ch = (h + cell - 1) / cell
        // Exact extent of the differing pixels in each cell.
        var lo = [PixelRect?](repeating: nil, count: cw * ch)
        for y in 0..<h {
            let row = y * w, cy = y / cell
            var x = 0
            while x < w {
                if mask[row + x] {
                    let c = cy * cw + x / cell
                    let r = PixelRect(x: x, y: y, width: 1, height: 1)
                    lo[c] = lo[c].map { $0.union(r) } ?? r
                }
                x += 1
            }
        }
        // Cells joined with their eight neighbours.
        var seen = [Bool](repeating: false, count: cw * ch)
        var out: [PixelRect] = []
        for start in 0..<(cw * ch) where lo[start] != nil && !seen[start] {
            var stack = [start]; seen[start] = true
            var box = lo[start]!
            while let c = stack.popLast() {
                box = box.union(lo[c]!)
                let cx = c % cw, cy = c / cw
                for dy in -1...1 {
                    for dx in -1...1 {
                        let nx = cx + dx, ny = cy + dy
                        guard nx >= 0, ny >= 0, nx < cw, ny < ch else { continue }
                        let n = ny * cw + nx
                        if lo[n] != nil && !seen[n] { seen[n] = true; stack.append(n) }
                    }
                }
            }
            out.append(box)
        }
        return merged(out)
    }

    /// Boxes that overlap joined until none do, sorted top to bottom, left to right.
    static func merged(_ boxes: [PixelRect]) -> [PixelRect] {
        var list = boxes
        var changed = true
        while changed {
            changed = false
            outer: for i in list.indices {
                for j in list.indices where j > i && list[i].intersects(list[j]) {
                    list[i] = list[i].union(list[j]); list.remove(at: j); changed = true; break outer
                }
            }
        }
        return list.sorted { ($0.y, $0.x) < ($1.y, $1.x) }
    }
}
