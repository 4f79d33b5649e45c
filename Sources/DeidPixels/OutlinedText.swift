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
            for y in r.y..<r.maxY { for x in r.x..<r.maxX { let v = Int(gray.pixels[y * w + x]); lo = min(lo, v); hi = max(hi, v) } }
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
        // The region's pixels, and their state: 0 outside the band, 1 in it, 2 taken.
        var level = [UInt8](repeating: 0, count: rw * rh)
        var state = [UInt8](repeating: 0, count: rw * rh)
        for y in 0..<rh {
            let row = (r.y + y) * w + r.x
            for x in 0..<rw {
                let v = g.pixels[row + x]
                level[y * rw + x] = v
                if bright ? Int(v) >= t : Int(v) <= t { state[y * rw + x] = 1 }
            }
        }
        var stack: [Int] = [], piece: [Int] = []
        var drew = false
        level.withUnsafeBufferPointer { lv in
            state.withUnsafeMutableBufferPointer { st in
                for start in 0..<(rw * rh) where st[start] == 1 {
                    stack.append(start); st[start] = 2; piece.removeAll(keepingCapacity: true)
                    var x0 = rw, x1 = 0, y0 = rh, y1 = 0
                    var ring = 0, ringSum = 0
                    while let i = stack.popLast() {
                        piece.append(i)
                        let x = i % rw, y = i / rw
                        x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
                        let ya = y > 0 ? -1 : 0, yb = y < rh - 1 ? 1 : 0, xa = x > 0 ? -1 : 0, xb = x < rw - 1 ? 1 : 0
                        for dy in ya...yb {
                            for dx in xa...xb {
                                let n = i + dy * rw + dx
                                switch st[n] {
                                case 1: st[n] = 2; stack.append(n)
                                case 0:
                                    // A neighbour outside (counted once per piece pixel touching it).
                                    ring += 1; ringSum += Int(lv[n])
                                default: break
                                }
                            }
                        }
                    }
                    let ph = y1 - y0 + 1, pw = x1 - x0 + 1
                    guard ph >= 3, ph <= tallestGlyph, piece.count >= 3 else { continue }
                    // The ground cut short by a region of one line: a piece at the region's edge as
                    // high as the region, or long for its height (a glyph lies inside its region).
                    let edge = x0 == 0 || y0 == 0 || x1 == rw - 1 || y1 == rh - 1
                    if edge && (ph >= rh - 2 || pw >= 3 * ph) { continue }
                    guard ring > 0 else { continue }
                    let mean = ringSum / ring
                    guard bright ? mean <= t - drop : mean >= t + drop else { continue }
                    for i in piece { px[(i / rw) * vw + m + i % rw] = 0 }
                    drew = true
                }
            }
        }
        return drew
    }

    /// Rows of text in a view (dark marks on white): those `TextLines` calls text, of three
    /// marks or more.
    static func rows(_ view: GrayImage) -> TextLines {
        TextLines(view, probing: false)
    }
}
