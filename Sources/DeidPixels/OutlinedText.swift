import DICOMPixels
/// Text drawn at an extreme of the range whose ground is neither plain nor far from it:
/// white glyphs with a black outline (a common annotation style) over bright anatomy,
/// where the glyphs are as bright as the ground and only their outline shows, or over
/// textured anatomy, where OCR takes the outlines for the text and reads hollow junk; and
/// black glyphs running from a dark ground onto a bright one. Local contrast merges such
/// glyphs with the ground into line-sized marks (`TextLines` finds no row there), and the
/// region's picture reads as junk. Here each candidate region keeps only its pixels at
/// either end of its own range, and of those only the glyph-sized pieces: the glyphs'
/// insides (cut from a ground of the same level by their outline) survive, the ground
/// (one large piece) and most texture (no extreme) do not.
struct OutlinedText {
    /// The region's pixels (with white margins; `origin` gives their place in the frame)
    /// with the glyph-sized pieces at one end of its range drawn black on white, one
    /// picture per end.
    let views: [(bright: Bool, image: GrayImage)]
    /// Where the views lie in the frame.
    let origin: PixelRect

    /// Width of the bands at either end of a region's range (levels of 255): the level
    /// burned-in text is drawn at (`band`), and the levels of its thin strokes, whose
    /// anti-aliased pixels blend with their outline (`wideBand`).
    static let band = 12
    static let wideBand = 100
    /// Levels by which the pixels around a piece of the wide band must lie beyond its
    /// threshold on average: a glyph's edge falls steeply (to its outline, or to a ground
    /// of the other end), texture that reaches the band falls off gently.
    static let edgeDrop = 64
    /// The same for pieces of the narrow band: dark glyphs on a dark ground stand out less,
    /// but holes of speckle (ultrasound) fade into their surroundings.
    static let bandDrop = 16
    /// Tallest piece kept (frame pixels): a glyph of the largest fonts read; taller pieces
    /// are the ground or anatomy.
    static let tallestGlyph = 48

    /// `region` (frame pixels) of `gray`; a region whose range spans under 96 levels has
    /// no extremes to speak of and gives no view.
    init(_ gray: GrayImage, region: PixelRect) {
        let w = gray.width, r = region.clipped(width: gray.width, height: gray.height)
        // White margins either side, so a row across the region is no bar across the view
        // (`TextLines.block` takes rows over three quarters of a picture's width for one).
        let m = r.width / 4 + 1, vw = r.width + 2 * m
        origin = PixelRect(x: r.x - m, y: r.y, width: vw, height: r.height)
        var out: [(Bool, GrayImage)] = []
        var lo = 255, hi = 0
        if !r.isEmpty {
            gray.pixels.withUnsafeBufferPointer { p in
                var low: UInt8 = 255, high: UInt8 = 0
                for y in r.y..<r.maxY {
                    let row = p.baseAddress! + y * w
                    for x in r.x..<r.maxX { low = min(low, row[x]); high = max(high, row[x]) }
                }
                lo = Int(low); hi = Int(high)
            }
        }
        if !r.isEmpty && hi - lo >= 96 {
            for bright in [true, false] {
                var px = [UInt8](repeating: 255, count: vw * r.height)
                var any = false
                for (band, drop) in [(Self.band, Self.bandDrop), (Self.wideBand, Self.edgeDrop)] {
                    let t = bright ? hi - band : lo + band
                    if Self.drawPieces(gray, in: r, threshold: t, bright: bright, drop: drop, into: &px, margin: m) { any = true }
                }
                if any { out.append((bright, GrayImage(width: vw, height: r.height, pixels: px))) }
            }
        }
        views = out
    }

    /// Draws black into `px` (the region's pixels, `m` white columns either side) the 8-connected pieces of the pixels of `r` at or beyond `t`
    /// (above it for `bright`) of glyph size (3 to `tallestGlyph` pixels high, three pixels
    /// at least; at the region's edge, not as high as the region nor three times as long as
    /// high) whose surrounding pixels lie `drop` levels beyond `t` on average; returns
    /// whether it drew any.
    static func drawPieces(_ g: GrayImage, in r: PixelRect, threshold t: Int, bright: Bool, drop: Int, into px: inout [UInt8], margin m: Int) -> Bool
    {
        let w = g.width, rw = r.width, rh = r.height, vw = rw + 2 * m
        guard rw > 0, rh > 0 else { return false }
        // The region's pixels, and their state: 0 outside the band, 1 in it, 2 taken, 3 the
        // border of one pixel around the region (so neighbours need no bounds test).
        let pw = rw + 2, size = pw * (rh + 2)
        var level = [UInt8](repeating: 0, count: size)
        var state = [UInt8](repeating: 3, count: size)
        g.pixels.withUnsafeBufferPointer { gb in
            level.withUnsafeMutableBufferPointer { lb in
                state.withUnsafeMutableBufferPointer { sb in
                    for y in 0..<rh {
                        let src = gb.baseAddress! + (r.y + y) * w + r.x
                        let lv = lb.baseAddress! + (y + 1) * pw + 1, st = sb.baseAddress! + (y + 1) * pw + 1
                        lv.update(from: src, count: rw)
                        if bright {
                            for x in 0..<rw { st[x] = Int(src[x]) >= t ? 1 : 0 }
                        } else {
                            for x in 0..<rw { st[x] = Int(src[x]) <= t ? 1 : 0 }
                        }
                    }
                }
            }
        }
        // Pixels as (y << 32 | x) in the bordered grid; each is pushed once at most, so the
        // stack and the piece fit in the region's size.
        let stack = UnsafeMutablePointer<Int>.allocate(capacity: rw * rh), piece = UnsafeMutablePointer<Int>.allocate(capacity: rw * rh)
        defer { stack.deallocate(); piece.deallocate() }
        return level.withUnsafeBufferPointer { lb in
            state.withUnsafeMutableBufferPointer { sb in
                px.withUnsafeMutableBufferPointer { ob in
                    let lv = lb.baseAddress!, st = sb.baseAddress!, out = ob.baseAddress!
                    var drew = false
                    for sy in 1...rh {
                        for sx in 1...rw where st[sy * pw + sx] == 1 {
                            stack[0] = sy << 32 | sx; st[sy * pw + sx] = 2
                            var top = 1, count = 0
                            var x0 = pw, x1 = 0, y0 = rh + 2, y1 = 0
                            var ring = 0, ringSum = 0
                            while top > 0 {
                                top -= 1
                                let c = stack[top]
                                piece[count] = c; count += 1
                                let x = c & 0xFFFF_FFFF, y = c >> 32
                                x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
                                let i = y * pw + x
                                for dy in -1...1 {
                                    for dx in -1...1 {
                                        let n = i + dy * pw + dx
                                        switch st[n] {
                                        case 1: st[n] = 2; stack[top] = (y + dy) << 32 | (x + dx); top += 1
                                        case 0:
                                            // A neighbour outside (counted once per piece pixel touching it).
                                            ring += 1; ringSum += Int(lv[n])
                                        default: break
                                        }
                                    }
                                }
                            }
                            // Back to the region's coordinates.
                            x0 -= 1; x1 -= 1; y0 -= 1; y1 -= 1
                            let ph = y1 - y0 + 1, pieceWidth = x1 - x0 + 1
                            guard ph >= 3, ph <= tallestGlyph, count >= 3 else { continue }
                            // The ground cut short by a region of one line: a piece at the region's edge as
                            // high as the region, or long for its height (a glyph lies inside its region).
                            let edge = x0 == 0 || y0 == 0 || x1 == rw - 1 || y1 == rh - 1
                            if edge && (ph >= rh - 2 || pieceWidth >= 3 * ph) { continue }
                            guard ring > 0 else { continue }
                            let mean = ringSum / ring
                            guard bright ? mean <= t - drop : mean >= t + drop else { continue }
                            for k in 0..<count { let c = piece[k]; out[((c >> 32) - 1) * vw + m + (c & 0xFFFF_FFFF) - 1] = 0 }
                            drew = true
                        }
                    }
                    return drew
                }
            }
        }
    }

    /// Rows of text in a view (dark marks on white): those `TextLines` calls text, of three
    /// marks or more.
    static func rows(_ view: GrayImage) -> TextLines {
        TextLines(view, probing: false)
    }
}
