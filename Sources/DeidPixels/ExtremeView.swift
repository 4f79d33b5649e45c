import DICOMPixels
/// Binary views of a frame that keep only the pixels at one end of its intensity range,
/// as dark marks on white, with isolated specks removed: burned-in text survives,
/// noise and anatomy mostly do not.
enum ExtremeView {
    /// The bright-end and dark-end views, each only when that end is a small part of the frame.
    static func views(of g: GrayImage, band: Int = 12, maxFraction: Double = 0.25) -> [GrayImage] {
        var low: UInt8 = 255, high: UInt8 = 0
        g.pixels.withUnsafeBufferPointer { p in for v in p { low = min(low, v); high = max(high, v) } }
        let lo = Int(low), hi = Int(high)
        guard hi - lo >= 48 else { return [] }
        let width = max(8, (hi - lo) * band / 100)
        var out: [GrayImage] = []
        for bright in [true, false] {
            let t = bright ? hi - width : lo + width
            var set = [Bool](repeating: false, count: g.pixels.count)
            var n = 0
            g.pixels.withUnsafeBufferPointer { p in
                set.withUnsafeMutableBufferPointer { s in
                    for i in 0..<p.count {
                        let v = Int(p[i])
                        let on = bright ? v >= t : v <= t
                        s[i] = on; n += on ? 1 : 0
                    }
                }
            }
            guard Double(n) < maxFraction * Double(g.pixels.count), n > 0 else { continue }
            out.append(despeckled(set, width: g.width, height: g.height))
        }
        return out
    }

    /// Marks with at least two marked neighbours, drawn black on white. Inside the picture
    /// the eight neighbours are read without bounds tests; `shortcut` false tests them
    /// everywhere (the plain loop, for tests).
    static func despeckled(_ set: [Bool], width w: Int, height h: Int, shortcut: Bool = true) -> GrayImage {
        var px = [UInt8](repeating: 255, count: w * h)
        set.withUnsafeBufferPointer { sb in
            px.withUnsafeMutableBufferPointer { pb in
                for y in 0..<h {
                    let inner = shortcut && y > 0 && y < h - 1
                    for x in 0..<w where sb[y * w + x] {
                        let i = y * w + x
                        var k = 0
                        if inner && x > 0 && x < w - 1 {
                            let above = i - w, below = i + w
                            k =
                                (sb[above - 1] ? 1 : 0) + (sb[above] ? 1 : 0) + (sb[above + 1] ? 1 : 0) + (sb[i - 1] ? 1 : 0)
                                + (sb[i + 1] ? 1 : 0) + (sb[below - 1] ? 1 : 0) + (sb[below] ? 1 : 0) + (sb[below + 1] ? 1 : 0)
                        } else {
                            for dy in -1...1 {
                                let yy = y + dy
                                if yy < 0 || yy >= h { continue }
                                for dx in -1...1 where dx != 0 || dy != 0 {
                                    let xx = x + dx
                                    if xx >= 0 && xx < w && sb[yy * w + xx] { k += 1 }
                                }
                            }
                        }
                        if k >= 2 { pb[i] = 0 }
                    }
                }
            }
        }
        return GrayImage(width: w, height: h, pixels: px)
    }
}

/// Which pixels of a frame lie at either end of its intensity range (where burned-in
/// text is drawn), to tell whether a region's text changed between frames.
struct ExtremeMarks {
    let gray: GrayImage
    let dark: UInt8, bright: UInt8

    init(_ g: GrayImage, band: Int = 12) {
        gray = g
        var lo = 255, hi = 0
        for v in g.pixels { lo = min(lo, Int(v)); hi = max(hi, Int(v)) }
        let w = max(8, (hi - lo) * band / 100)
        dark = UInt8(clamping: lo + w); bright = UInt8(clamping: hi - w)
    }

    @inline(__always) func marked(_ i: Int) -> Bool {
        let v = gray.pixels[i]
        return v <= dark || v >= bright
    }

    /// Whether `a` and `b` mark the same pixels inside `r`, allowing a few flips along
    /// stroke edges (lossy compression) but not a changed glyph.
    static func same(_ a: ExtremeMarks, _ b: ExtremeMarks, in r0: PixelRect) -> Bool {
        guard a.gray.width == b.gray.width, a.gray.height == b.gray.height else { return false }
        let r = r0.clipped(width: a.gray.width, height: a.gray.height)
        guard !r.isEmpty else { return true }
        var either = 0, differ = 0
        for y in r.y..<r.maxY {
            let row = y * a.gray.width
            for x in r.x..<r.maxX {
                let ma = a.marked(row + x), mb = b.marked(row + x)
                if ma || mb { either += 1; if ma != mb { differ += 1 } }
            }
        }
        return differ * 33 <= either
    }
}
