import DICOMPixels
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
        let shapes = Components(g.pixels.map { $0 < t }, width: w, height: h)
        var heights: [Int] = []
        for (box, area) in zip(shapes.boxes, shapes.areas) {
            let sh = box.height, sw = box.width
            // Glyph-like: a few pixels high at least, not a long rule or a big blob, and
            // not filling the crop (background shapes).
            guard sh >= 4, sh * 2 < h, sw <= 3 * sh, area * 10 >= sh * sw else { continue }
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
