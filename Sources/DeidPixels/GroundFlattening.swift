import DICOMPixels
/// Grounds painted white before OCR. Tesseract thresholds a picture globally, so a grey
/// ground falls in the glyphs' class: lines on white plates laid over a mid-grey image (a
/// common way viewers and test sets burn in text) are dropped as non-text, and a label
/// on textured anatomy is taken for an image.
enum GroundFlattening {
    /// `g` (dark text on light) with a mid-grey ground that reaches the picture's edge
    /// painted white, or nil when it holds no such ground or its glyphs are not on plates.
    static func flattened(_ g: GrayImage) -> GrayImage? {
        let w = g.width, h = g.height
        guard w >= 3, h >= 3 else { return nil }
        let hist = g.histogram
        // Three classes: glyphs (darkest), the ground, and plates (white). The ground is
        // the commonest band of the darker Otsu class, well above that class's darkest
        // pixels (thin anti-aliased glyphs are a small, spread part of it).
        guard let t1 = Otsu.threshold(hist, in: 0..<256), let t2 = glyphLevel(hist, below: t1) else { return nil }
        let ground = hist[t2..<t1].reduce(0, +)
        // Ground: mid-class pixels joined to the picture's edge. Glyph edges on a plate
        // are enclosed by the plate's white, so they are kept.
        var out = g.pixels
        func isGround(_ i: Int) -> Bool { out[i] == 255 && g.pixels[i] != 255 }
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
        // Only worth it when the ground was a real part of the picture, and only when
        // the darkest pixels lie on plates: where they touch the painted ground they
        // are no glyphs on plates (text straight on a noisy ground, whose strokes may be
        // the lighter class; anatomy) and the picture is read as it is.
        guard painted * 2 >= ground else { return nil }
        var core = 0, touching = 0
        for i in out.indices where out[i] < t2 {
            core += 1
            let x = i % w
            if (x > 0 && isGround(i - 1)) || (x < w - 1 && isGround(i + 1))
                || (i >= w && isGround(i - w)) || (i + w < w * h && isGround(i + w))
            {
                touching += 1
            }
        }
        guard core > 0, touching * 10 <= core else { return nil }
        return GrayImage(width: w, height: h, pixels: out)
    }

    /// `g` with every level from half way between its darkest 1% and its commonest band
    /// up painted white (text on texture), or nil when those are close.
    static func clipped(_ g: GrayImage) -> GrayImage? {
        guard let level = glyphLevel(g.histogram, below: 256) else { return nil }
        let t = UInt8(level)
        return GrayImage(width: g.width, height: g.height, pixels: g.pixels.map { $0 >= t ? 255 : $0 })
    }

    /// Among the levels below `limit`: half way between the darkest 1% (glyphs) and the
    /// commonest band of 16 levels (the ground), or nil when those are under 64 apart.
    static func glyphLevel(_ hist: [Int], below limit: Int) -> Int? {
        let count = hist[0..<limit].reduce(0, +)
        func band(_ v: Int) -> Int { hist[max(0, v - 8)..<min(limit, v + 8)].reduce(0, +) }
        guard count > 0, let mode = (0..<limit).max(by: { band($0) < band($1) }) else { return nil }
        var darkest = 0, seen = 0
        while darkest < limit - 1 && seen + hist[darkest] <= count / 100 { seen += hist[darkest]; darkest += 1 }
        guard mode - darkest >= 64 else { return nil }
        return (darkest + mode) / 2
    }
}
