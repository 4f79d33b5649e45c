import DICOMPixels
/// A fast look for text-like structure before OCR runs: burned-in glyphs are strokes of
/// a few pixels with sharp, high-contrast edges on both sides, packed densely along a
/// line. The frame is divided into cells; cells with enough such edges are joined into
/// candidate regions. A frame with no candidate region holds no text to read.
public struct TextPreCheck: Sendable {
    /// Smallest step between neighbouring pixels counted as a glyph edge (0-255).
    public var edgeContrast: Int = 60
    /// Cell size in pixels.
    public var cell: Int = 8
    /// Edges a cell needs to count as text-like.
    public var minEdges: Int = 4
    /// Width (percent of the frame's range) of the bands at either end where strokes peak.
    public var extremeBand: Int = 12

    public init() {}

    /// Candidate text regions of `g`, padded by a few pixels and clipped to the frame.
    /// Large frames are also looked at reduced (by 2 from 1024 pixels on their longer
    /// side, by 4 from 2048), where the thick strokes of large fonts, too wide for the
    /// stroke test at full size, look like those of ordinary text.
    public func regions(_ g: GrayImage) -> [PixelRect] { regions(HalvedPicture(g)) }

    /// Candidate text regions of `picture.frame`, its halving shared with later looks.
    func regions(_ picture: HalvedPicture) -> [PixelRect] {
        let g = picture.frame
        var out = regionsAtScale(g)
        for f in [2, 4] where max(g.width, g.height) >= 512 * f {
            let found = regionsAtScale(picture.reduced(f)).map {
                PixelRect(x: $0.x * f, y: $0.y * f, width: $0.width * f, height: $0.height * f).clipped(width: g.width, height: g.height)
            }
            // Texture (anatomy, speckle) looks like strokes when reduced: a scale at which
            // much of the frame is text-like adds nothing.
            let area = found.reduce(0) { $0 + $1.width * $1.height }
            if area * 4 <= g.width * g.height { out += found }
        }
        return out
    }

    /// Pixels of `g` in text-like cells (joined along lines), at full scale only: how
    /// much of the frame looks like text, however its regions' bounding boxes spread.
    public func textArea(_ g: GrayImage) -> Int {
        guard let c = cells(g) else { return 0 }
        return c.texty.reduce(0) { $0 + ($1 ? 1 : 0) } * cell * cell
    }

    func regionsAtScale(_ g: GrayImage) -> [PixelRect] {
        guard let c = cells(g) else { return [] }
        let (counts, texty, cw, ch) = c
        let w = g.width, h = g.height
        var seen = [Bool](repeating: false, count: cw * ch)
        var out: [PixelRect] = []
        var stack: [Int] = []
        for start in 0..<(cw * ch) where texty[start] && !seen[start] {
            var x0 = cw, y0 = ch, x1 = 0, y1 = 0, cells = 0, strong = 0
            stack.append(start); seen[start] = true
            while let c = stack.popLast() {
                let cx = c % cw, cy = c / cw
                x0 = min(x0, cx); x1 = max(x1, cx); y0 = min(y0, cy); y1 = max(y1, cy); cells += 1
                if counts[c] >= minEdges { strong += 1 }
                for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                    let nx = cx + dx, ny = cy + dy
                    guard nx >= 0, ny >= 0, nx < cw, ny < ch else { continue }
                    let n = ny * cw + nx
                    if texty[n] && !seen[n] { seen[n] = true; stack.append(n) }
                }
            }
            // A lone cell is a dot or a corner, not a word.
            guard strong >= 2 else { continue }
            let r = PixelRect(x: x0 * cell, y: y0 * cell, width: (x1 - x0 + 1) * cell, height: (y1 - y0 + 1) * cell)
            out.append(r.padded(4).clipped(width: w, height: h))
        }
        return out
    }

    /// Stroke counts per cell and the text-like cells (grown along lines), or nil for
    /// a frame too small to hold text. `skipRuns: false` tests every position (the plain
    /// loop the skipping must agree with; for tests).
    func cells(_ g: GrayImage, skipRuns: Bool = true) -> (counts: [Int], texty: [Bool], cw: Int, ch: Int)? {
        let w = g.width, h = g.height
        guard w >= 8, h >= 8 else { return nil }
        let cw = (w + cell - 1) / cell, ch = (h + cell - 1) / cell
        var counts = [Int](repeating: 0, count: cw * ch)
        // Burned-in text is drawn at an extreme of the intensity range; strokes whose
        // peak is not near the frame's darkest or brightest value (speckle, noise,
        // anatomy) do not count.
        var low: UInt8 = 255, high: UInt8 = 0
        g.pixels.withUnsafeBufferPointer { p in for v in p { low = min(low, v); high = max(high, v) } }
        let lo = Int(low), hi = Int(high)
        let band = max(12, (hi - lo) * extremeBand / 100)
        let darkMax = lo + band, brightMin = hi - band
        let contrast = edgeContrast
        // A strong edge spans half the frame's range (at most twice the edge contrast):
        // coloured text on a coloured ground (ultrasound banners) is far from black and
        // white in luminance, and the frame's extreme may be some brighter mark.
        let strongEdge = max(contrast, min(2 * contrast, (hi - lo) / 2))
        // Runs of 16 pixels with no step of `contrast` between neighbours are skipped at
        // once (most of a frame): no position inside holds an edge for the test below.
        let skipping = skipRuns && contrast >= 1 && contrast <= 255
        let step = SIMD16<UInt8>(repeating: UInt8(clamping: contrast))
        g.pixels.withUnsafeBufferPointer { p in
            let raw = UnsafeRawPointer(p.baseAddress!)
            counts.withUnsafeMutableBufferPointer { counts in
                for y in 0..<h {
                    let row = y * w, cy = (y / cell) * cw
                    var x = 1
                    while x < w - 2 {
                        if skipping && x + 16 <= w {
                            // d[j] = |p[x + j] - p[x + j - 1]|: position x + j tests d[j] and
                            // d[j + 1], so with no d at `contrast`, x ..< x + 15 hold none,
                            // and with the first at j, x ..< x + j - 1 hold none.
                            let a = raw.loadUnaligned(fromByteOffset: row + x - 1, as: SIMD16<UInt8>.self)
                            let b = raw.loadUnaligned(fromByteOffset: row + x, as: SIMD16<UInt8>.self)
                            let d = pointwiseMax(a, b) &- pointwiseMin(a, b)
                            // The comparison's lanes as two words (`any` is not inlined).
                            let hit = unsafeBitCast(SIMD16<UInt8>(repeating: 0).replacing(with: 1, where: d .>= step), to: SIMD2<UInt64>.self)
                            if hit[0] | hit[1] == 0 { x += 15; continue }
                            let first = hit[0] != 0 ? hit[0].trailingZeroBitCount >> 3 : 8 + hit[1].trailingZeroBitCount >> 3
                            if first > 1 { x += first - 1; continue }
                        }
                        let a = Int(p[row + x - 1]), b = Int(p[row + x]), c = Int(p[row + x + 1])
                        // A rising then falling edge within a short span: a stroke, not a ramp.
                        let d1 = b - a, d2 = c - b
                        if abs(d1) >= contrast || abs(d2) >= contrast {
                            var k = x + 1, stroke = false
                            let rising = abs(d1) >= abs(d2) ? d1 > 0 : d2 > 0
                            var peak = rising ? max(b, c) : min(b, c)
                            while k < min(w - 1, x + 6) {
                                let v = Int(p[row + k]), d = Int(p[row + k + 1]) - v
                                peak = rising ? max(peak, v) : min(peak, v)
                                if abs(d) >= contrast && (d > 0) != rising {
                                    // Small anti-aliased fonts never reach the extreme: a
                                    // strong edge on both sides counts as well.
                                    // Measured over the whole rise and fall, as blur and JPEG
                                    // spread an edge over two pixels.
                                    let before = rising ? min(a, b) : max(a, b)
                                    let n1 = Int(p[row + k + 1]), n2 = k + 2 < w ? Int(p[row + k + 2]) : n1
                                    let after = rising ? min(n1, n2) : max(n1, n2)
                                    let strong = abs(peak - before) >= strongEdge && abs(peak - after) >= strongEdge
                                    stroke = strong || (rising ? peak >= brightMin : peak <= darkMax)
                                    break
                                }
                                k += 1
                            }
                            if stroke { counts[cy + x / cell] += 1; x = k + 1; continue }
                        }
                        x += 1
                    }
                }
            }
        }
        let texty = counts.map { $0 >= minEdges }
        // Join cells along lines (glyph gaps) and to the line above/below.
        var grown = texty
        for cy in 0..<ch {
            for cx in 0..<cw where texty[cy * cw + cx] {
                for dx in -2...2 { let x = cx + dx; if x >= 0 && x < cw { grown[cy * cw + x] = true } }
            }
        }
        return (counts, grown, cw, ch)
    }
}
