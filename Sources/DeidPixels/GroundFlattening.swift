/// Text on plates: dark glyphs on white boxes laid over a mid-grey image (a common way
/// viewers and test sets burn in text). Tesseract thresholds a picture globally, so the
/// grey ground falls in the glyphs' class and whole lines on plates are dropped as
/// non-text. The ground around the plates is painted white before OCR.
enum GroundFlattening {
    /// `g` (dark text on light) with a mid-grey ground that reaches the picture's edge
    /// painted white, or nil when its darker pixels hold no such ground.
    static func flattened(_ g: GrayImage) -> GrayImage? {
        let w = g.width, h = g.height
        guard w >= 3, h >= 3 else { return nil }
        var hist = [Int](repeating: 0, count: 256)
        for v in g.pixels { hist[Int(v)] += 1 }
        // Three classes: glyphs (darkest), the ground, and plates (white).
        guard let t1 = Otsu.threshold(hist, in: 0..<256), let t2 = Otsu.threshold(hist, in: 0..<t1) else { return nil }
        let core = hist[0..<t2].reduce(0, +), ground = hist[t2..<t1].reduce(0, +)
        guard core > 0, ground > core else { return nil }
        func mean(_ r: Range<Int>) -> Double {
            Double(r.reduce(0) { $0 + $1 * hist[$1] }) / Double(max(1, r.reduce(0) { $0 + hist[$1] }))
        }
        guard mean(t2..<t1) - mean(0..<t2) >= 64 else { return nil }
        // Ground: mid-class pixels joined to the picture's edge. Glyph edges on a plate
        // are enclosed by the plate's white, so they are kept.
        var out = g.pixels
        var stack: [Int] = []
        var painted = 0
        func push(_ i: Int) {
            let v = Int(out[i])
            if v >= t2 && v < t1 { out[i] = 255; stack.append(i); painted += 1 }
        }
        for x in 0..<w { push(x); push((h - 1) * w + x) }
        for y in 0..<h { push(y * w); push(y * w + w - 1) }
        while let i = stack.popLast() {
            let x = i % w
            if x > 0 { push(i - 1) }
            if x < w - 1 { push(i + 1) }
            if i >= w { push(i - w) }
            if i + w < w * h { push(i + w) }
        }
        // Only worth it when the ground was a real part of the picture.
        guard painted * 2 >= ground else { return nil }
        return GrayImage(width: w, height: h, pixels: out)
    }
}
