import SharedTestSupport
import XCTest
@testable import DICOMPixels
@testable import DeidPixels

/// The inner loops made faster (bounds-free pointers, skipped runs, no divisions) give
/// what the plain loops they replaced gave, bit for bit, on random pictures of many sizes
/// (edges, pictures smaller than the contrast square, text-like strokes over noise). The
/// reference is the plain loop: kept here, the source's own plain path where it still has
/// one (local contrast clipped everywhere, the pre-check testing every position, the
/// despeckling testing every neighbour's bounds), or a plain algorithm of another kind
/// (components by flood fill).
final class InnerLoopIdentityTests: XCTestCase {
    /// A picture of noise (1 to 40 levels) about a slow ramp, with bright and dark strokes and blocks at the
    /// extremes: every branch of the loops below is taken.
    func picture(_ w: Int, _ h: Int, seed: UInt64) -> GrayImage {
        var rng = SplitMix64(seed: seed)
        let noise = Int(rng.next() % 40) + 1
        var px = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                let v = 60 + (x / 3 + y / 2) % 120 + Int(rng.next() % UInt64(noise)) - noise / 2
                px[y * w + x] = UInt8(max(0, min(255, v)))
            }
        }
        for _ in 0..<((w * h) / 200 + 2) {
            let x0 = Int(rng.next() % UInt64(w)), y0 = Int(rng.next() % UInt64(h))
            let sw = Int(rng.next() % 4) + 1, sh = Int(rng.next() % 14) + 1
            let v: UInt8 = rng.next() % 2 == 0 ? UInt8(235 + rng.next() % 21) : UInt8(rng.next() % 20)
            for y in y0..<min(h, y0 + sh) { for x in x0..<min(w, x0 + sw) { px[y * w + x] = v } }
        }
        return GrayImage(width: w, height: h, pixels: px)
    }

    static let sizes = [(1, 1), (2, 3), (5, 7), (8, 8), (17, 9), (25, 25), (26, 31), (40, 13), (64, 64), (97, 45), (130, 70), (211, 150)]

    func testLocalContrastMarksAndComponentsAsBefore() {
        for (k, (w, h)) in Self.sizes.enumerated() {
            for seed in 0..<3 {
                let g = picture(w, h, seed: UInt64(k * 10 + seed))
                for r in [0, 1, 2, 12] {
                    let c = TextLines.localContrast(g, radius: r), ref = TextLines.localContrastClipped(g, radius: r)
                    XCTAssertEqual(c.map(\.bitPattern), ref.map(\.bitPattern), "contrast \(w)x\(h) r\(r)")
                }
                let c = TextLines.localContrast(g, radius: TextLines.radius)
                XCTAssertEqual(TextLines.spread(c).bitPattern, referenceSpread(c).bitPattern)
                for t: Float in [2.5, -2.5, 6, -9, 20] {
                    for growth in [0, 1, 3] {
                        let set = TextLines.marked(c, width: w, height: h, threshold: t, growth: growth)
                        XCTAssertEqual(
                            set, TextLines.referenceMarked(c, width: w, height: h, threshold: t, growth: growth), "marked \(w)x\(h) \(t) \(growth)")
                        let a = Components(set, width: w, height: h), b = ReferenceComponents(set, width: w, height: h)
                        XCTAssertEqual(a.boxes, b.boxes); XCTAssertEqual(a.areas, b.areas)
                    }
                }
            }
        }
    }

    func testPreCheckCellsAsBefore() {
        for (k, (w, h)) in Self.sizes.enumerated() {
            for seed in 0..<3 {
                let g = picture(w, h, seed: UInt64(k * 10 + seed + 100))
                for contrast in [0, 1, 20, 60, 255, 300] {
                    var pc = TextPreCheck()
                    pc.edgeContrast = contrast
                    let a = pc.cells(g), b = pc.cells(g, skipRuns: false)
                    XCTAssertEqual(a?.counts, b?.counts, "cells \(w)x\(h) \(contrast)")
                    XCTAssertEqual(a?.texty, b?.texty)
                }
            }
        }
    }

    func testOutlinedPiecesAsBefore() {
        for (k, (w, h)) in Self.sizes.enumerated() {
            for seed in 0..<3 {
                let g = picture(w, h, seed: UInt64(k * 10 + seed + 200))
                var rng = SplitMix64(seed: UInt64(k + seed))
                for _ in 0..<4 {
                    let x = Int(rng.next() % UInt64(w)), y = Int(rng.next() % UInt64(h))
                    let r = PixelRect(x: x, y: y, width: Int(rng.next() % UInt64(w - x)) + 1, height: Int(rng.next() % UInt64(h - y)) + 1)
                    let m = r.width / 4 + 1
                    for (t, bright, drop) in [(240, true, 16), (160, true, 64), (15, false, 16), (100, false, 64)] {
                        var a = [UInt8](repeating: 255, count: (r.width + 2 * m) * r.height), b = a
                        let da = OutlinedText.drawPieces(g, in: r, threshold: t, bright: bright, drop: drop, into: &a, margin: m)
                        let db = OutlinedText.referenceDrawPieces(g, in: r, threshold: t, bright: bright, drop: drop, into: &b, margin: m)
                        XCTAssertEqual(da, db); XCTAssertEqual(a, b, "pieces \(w)x\(h) \(r)")
                    }
                }
            }
        }
    }

    func testExtremeViewsReducedAndHistogramAsBefore() {
        for (k, (w, h)) in Self.sizes.enumerated() {
            for seed in 0..<3 {
                let g = picture(w, h, seed: UInt64(k * 10 + seed + 300))
                var lo = 255, hi = 0
                for v in g.pixels { lo = min(lo, Int(v)); hi = max(hi, Int(v)) }
                let views = ExtremeView.views(of: g, maxFraction: 1)
                var expected: [[UInt8]] = []
                if hi - lo >= 48 {
                    let width = max(8, (hi - lo) * 12 / 100)
                    for bright in [true, false] {
                        let set = g.pixels.map { bright ? Int($0) >= hi - width : Int($0) <= lo + width }
                        if set.contains(true) { expected.append(ExtremeView.despeckled(set, width: w, height: h, shortcut: false).pixels) }
                    }
                }
                XCTAssertEqual(views.map(\.pixels), expected, "views \(w)x\(h)")
                var hist = [Int](repeating: 0, count: 256)
                for v in g.pixels { hist[Int(v)] += 1 }
                XCTAssertEqual(g.histogram, hist)
                for f in [2, 3, 4] {
                    let rw = w / f, rh = h / f
                    var px = [UInt8](repeating: 0, count: rw * rh)
                    for y in 0..<rh {
                        for x in 0..<rw {
                            var s = 0
                            for dy in 0..<f { for dx in 0..<f { s += Int(g.pixels[(y * f + dy) * w + x * f + dx]) } }
                            px[y * rw + x] = UInt8(s / (f * f))
                        }
                    }
                    XCTAssertEqual(g.reduced(f).pixels, px, "reduced \(w)x\(h) by \(f)")
                }
            }
        }
    }

    /// Monochrome frames of 1 and 2 bytes a sample, signed or not, of any bits stored:
    /// the lookup-table path gives what the per-pixel `value` path gives.
    func testRenderedWordsAsBefore() {
        var rng = SplitMix64(seed: 42)
        for (w, h) in [(1, 1), (7, 5), (64, 33)] {
            for bytes in [1, 2] {
                for bits in [1, 6, 8, 10, 12, 16] where bits <= 8 * bytes {
                    for signed in [false, true] {
                        let raw = (0..<(w * h * bytes)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                        let fb = FrameBuffer(
                            width: w, height: h, samples: 1, bytesPerSample: bytes, bitsStored: bits, signed: signed,
                            layout: .interleaved, bytes: raw)
                        for photometric in ["MONOCHROME2", "MONOCHROME1"] {
                            var lo = Int64.max, hi = Int64.min
                            for y in 0..<h { for x in 0..<w { let v = Int64(fb.value(x, y, 0)); lo = min(lo, v); hi = max(hi, v) } }
                            let span = max(1, hi - lo)
                            var px = [UInt8](repeating: 0, count: w * h)
                            for y in 0..<h {
                                for x in 0..<w {
                                    let g = UInt8((Int64(fb.value(x, y, 0)) - lo) * 255 / span)
                                    px[y * w + x] = photometric == "MONOCHROME1" ? 255 - g : g
                                }
                            }
                            let out = GrayRenderer.render(fb, photometric: photometric, palette: nil)
                            XCTAssertEqual(out.pixels, px, "\(bytes) bytes \(bits) bits signed \(signed) \(photometric)")
                        }
                    }
                }
            }
        }
    }

    /// 8-bit colour frames (RGB as luminance, YBR as its Y) as the per-pixel formula gives them.
    func testRenderedColourAsBefore() {
        var rng = SplitMix64(seed: 7)
        for (w, h) in [(1, 1), (9, 4), (50, 21)] {
            let raw = (0..<(w * h * 3)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let fb = FrameBuffer(width: w, height: h, samples: 3, bytesPerSample: 1, bitsStored: 8, signed: false, layout: .interleaved, bytes: raw)
            for photometric in ["RGB", "YBR_FULL"] {
                var px = [UInt8](repeating: 0, count: w * h)
                for i in 0..<(w * h) {
                    let r = Int(raw[3 * i]), g = Int(raw[3 * i + 1]), b = Int(raw[3 * i + 2])
                    px[i] = photometric == "RGB" ? UInt8((r * 77 + g * 150 + b * 29) >> 8) : raw[3 * i]
                }
                XCTAssertEqual(GrayRenderer.render(fb, photometric: photometric, palette: nil).pixels, px, photometric)
            }
        }
    }

    func referenceSpread(_ c: [Float]) -> Float {
        var hist = [Int](repeating: 0, count: 1024)
        for v in c { hist[min(1023, Int(abs(v) * 4))] += 1 }
        var seen = 0, k = 0
        while k < 1023 && (seen + hist[k]) * 2 < c.count { seen += hist[k]; k += 1 }
        return 1.4826 * Float(k) / 4
    }
}

extension TextLines {
    static func referenceMarked(_ c: [Float], width w: Int, height h: Int, threshold t: Float, growth: Int = growth) -> [Bool] {
        let s: Float = t < 0 ? -1 : 1, strong = abs(t), weak = abs(t) / 2
        var set = [Bool](repeating: false, count: c.count)
        var front: [Int32] = []
        c.withUnsafeBufferPointer { cp in
            set.withUnsafeMutableBufferPointer { sp in
                for i in 0..<cp.count {
                    let v = s * cp[i]
                    if v > strong { sp[i] = true } else if growth > 0 && v > weak { front.append(Int32(i)) }
                }
            }
        }
        let m = max(1, edgeMargin)
        guard growth > 0, !front.isEmpty, w > 2 * m, h > 2 * m else { return set }
        let around = [-w - 1, -w, -w + 1, -1, 1, w - 1, w, w + 1]
        // Seeds: strong pixels with two strong neighbours or more, away from the frame's
        // edges (where the ground is a one-sided mean, and noise stands out more).
        var grown = [Bool](repeating: false, count: c.count)
        set.withUnsafeBufferPointer { sp in
            grown.withUnsafeMutableBufferPointer { gp in
                for y in m..<(h - m) {
                    for x in m..<(w - m) where sp[y * w + x] {
                        let i = y * w + x
                        var n = 0
                        for d in around where sp[i + d] { n += 1 }
                        if n >= 2 { gp[i] = true }
                    }
                }
            }
        }
        for _ in 0..<growth {
            var reached: [Int32] = [], rest: [Int32] = []
            grown.withUnsafeBufferPointer { gp in
                for k in front {
                    let i = Int(k), x = i % w, y = i / w
                    var touches = false
                    if x > 0 && y > 0 && x < w - 1 && y < h - 1 {
                        for d in around where gp[i + d] { touches = true; break }
                    } else {
                        for dy in -1...1 where y + dy >= 0 && y + dy < h {
                            for dx in -1...1 where x + dx >= 0 && x + dx < w && gp[i + dy * w + dx] { touches = true }
                        }
                    }
                    if touches { reached.append(k) } else { rest.append(k) }
                }
            }
            if reached.isEmpty { break }
            for k in reached { grown[Int(k)] = true; set[Int(k)] = true }
            front = rest
        }
        return set
    }
}

extension OutlinedText {
    static func referenceDrawPieces(_ g: GrayImage, in r: PixelRect, threshold t: Int, bright: Bool, drop: Int, into px: inout [UInt8], margin m: Int)
        -> Bool
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
}

/// The 8-connected components of `set` by a plain flood fill, in the order of their first
/// pixel in raster order (the order `Components` gives): an oracle independent of its
/// run-and-union algorithm.
struct ReferenceComponents {
    var boxes: [PixelRect] = []
    var areas: [Int] = []

    init(_ set: [Bool], width w: Int, height h: Int) {
        var seen = [Bool](repeating: false, count: set.count)
        for start in set.indices where set[start] && !seen[start] {
            var x0 = w, y0 = h, x1 = -1, y1 = -1, area = 0
            var todo = [start]
            seen[start] = true
            while let i = todo.popLast() {
                let x = i % w, y = i / w
                x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y); area += 1
                for dy in -1...1 {
                    for dx in -1...1 {
                        let xx = x + dx, yy = y + dy
                        guard xx >= 0, xx < w, yy >= 0, yy < h, set[yy * w + xx], !seen[yy * w + xx] else { continue }
                        seen[yy * w + xx] = true
                        todo.append(yy * w + xx)
                    }
                }
            }
            boxes.append(PixelRect(x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1))
            areas.append(area)
        }
    }
}
