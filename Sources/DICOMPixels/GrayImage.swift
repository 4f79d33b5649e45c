import DICOMCore
import DICOMObject

/// An 8-bit grayscale picture of a frame, as OCR and the text pre-check see it.
public struct GrayImage: Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]
    public init(width: Int, height: Int, pixels: [UInt8]) { self.width = width; self.height = height; self.pixels = pixels }

    /// A copy with every value inverted (light text on dark becomes dark on light).
    public func inverted() -> GrayImage { GrayImage(width: width, height: height, pixels: pixels.map { 255 - $0 }) }

    /// The part of the picture inside `r` (clipped).
    public func crop(_ r0: PixelRect) -> GrayImage {
        let r = r0.clipped(width: width, height: height)
        var out = [UInt8](repeating: 0, count: r.width * r.height)
        for y in 0..<r.height {
            let s = (r.y + y) * width + r.x
            out.replaceSubrange((y * r.width)..<((y + 1) * r.width), with: pixels[s..<(s + r.width)])
        }
        return GrayImage(width: r.width, height: r.height, pixels: out)
    }

    /// Enlarged by an integer factor (bilinear), for small fonts.
    public func upscaled(_ f: Int) -> GrayImage {
        guard f > 1, width > 0, height > 0 else { return self }
        let w = width * f, h = height * f
        var out = [UInt8](repeating: 0, count: w * h)
        // Source positions in units of 1/(2f) pixel: output pixel k samples (2k + 1 - f) / 2f.
        // Per column: the two source columns and the weight (of 2f) of the right one.
        let d = 2 * f
        var cx0 = [Int](repeating: 0, count: w), cx1 = cx0, cfx = cx0
        for x in 0..<w {
            let sx = max(0, 2 * x + 1 - f)
            let x0 = min(width - 1, sx / d)
            cx0[x] = x0; cx1[x] = min(width - 1, x0 + 1); cfx[x] = x0 == width - 1 ? 0 : sx - x0 * d
        }
        pixels.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for y in 0..<h {
                    let sy = max(0, 2 * y + 1 - f)
                    let y0 = min(height - 1, sy / d), y1 = min(height - 1, y0 + 1)
                    let fy = y0 == height - 1 ? 0 : sy - y0 * d
                    let r0 = y0 * width, r1 = y1 * width, row = y * w
                    for x in 0..<w {
                        let fx = cfx[x]
                        let top = Int(p[r0 + cx0[x]]) * (d - fx) + Int(p[r0 + cx1[x]]) * fx
                        let bottom = Int(p[r1 + cx0[x]]) * (d - fx) + Int(p[r1 + cx1[x]]) * fx
                        o[row + x] = UInt8((top * (d - fy) + bottom * fy + d * d / 2) / (d * d))
                    }
                }
            }
        }
        return GrayImage(width: w, height: h, pixels: out)
    }

    /// Enlarged by factors of at least 1 across and down (bilinear at pixel centres; equal
    /// integer factors give what `upscaled` gives).
    public func scaled(by s: PictureScale) -> GrayImage {
        if s.x == s.y && s.x == s.x.rounded() { return upscaled(Int(s.x)) }
        guard s.x >= 1, s.y >= 1, width > 0, height > 0 else { return self }
        let w = Int((Double(width) * s.x).rounded()), h = Int((Double(height) * s.y).rounded())
        // Source position of output pixel k: (k + 0.5) / f - 0.5, weights in 1/256.
        func taps(_ n: Int, _ limit: Int, _ f: Double) -> (lo: [Int], hi: [Int], weight: [Int]) {
            var lo = [Int](repeating: 0, count: n), hi = lo, wt = lo
            for k in 0..<n {
                let s = max(0, (Double(k) + 0.5) / f - 0.5)
                let a = min(limit - 1, Int(s))
                lo[k] = a; hi[k] = min(limit - 1, a + 1)
                wt[k] = a == limit - 1 ? 0 : Int(((s - Double(a)) * 256).rounded())
            }
            return (lo, hi, wt)
        }
        let cx = taps(w, width, s.x), cy = taps(h, height, s.y)
        var out = [UInt8](repeating: 0, count: w * h)
        pixels.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                cx.lo.withUnsafeBufferPointer { xlo in
                    cx.hi.withUnsafeBufferPointer { xhi in
                        cx.weight.withUnsafeBufferPointer { xw in
                            for y in 0..<h {
                                let r0 = cy.lo[y] * width, r1 = cy.hi[y] * width, fy = cy.weight[y], row = y * w
                                for x in 0..<w {
                                    let fx = xw[x], x0 = xlo[x], x1 = xhi[x]
                                    let top = Int(p[r0 + x0]) * (256 - fx) + Int(p[r0 + x1]) * fx
                                    let bottom = Int(p[r1 + x0]) * (256 - fx) + Int(p[r1 + x1]) * fx
                                    o[row + x] = UInt8((top * (256 - fy) + bottom * fy + 32768) >> 16)
                                }
                            }
                        }
                    }
                }
            }
        }
        return GrayImage(width: w, height: h, pixels: out)
    }

    /// Reduced by an integer factor, each pixel the mean of an f x f block (edges dropped).
    public func reduced(_ f: Int) -> GrayImage {
        guard f > 1 else { return self }
        let w = width / f, h = height / f
        var out = [UInt8](repeating: 0, count: w * h)
        let n = f * f
        let width = self.width
        pixels.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                if f == 2 {
                    // The common factor (large frames' pre-check), without the inner loops.
                    guard w > 0, h > 0 else { return }
                    for y in 0..<h {
                        var r0 = p.baseAddress! + 2 * y * width, r1 = r0 + width
                        let row = o.baseAddress! + y * w
                        for x in 0..<w {
                            let s = UInt16(r0[0]) &+ UInt16(r0[1]) &+ UInt16(r1[0]) &+ UInt16(r1[1])
                            row[x] = UInt8(truncatingIfNeeded: s &>> 2)
                            r0 += 2; r1 += 2
                        }
                    }
                    return
                }
                guard w > 0, h > 0 else { return }
                // A sum of levels (never negative) over a power of two is a shift.
                let shift = n & (n - 1) == 0 ? n.trailingZeroBitCount : -1
                for y in 0..<h {
                    let top = p.baseAddress! + y * f * width, row = o.baseAddress! + y * w
                    for x in 0..<w {
                        var s = 0
                        var q = top + x * f
                        for _ in 0..<f {
                            for dx in 0..<f { s &+= Int(q[dx]) }
                            q += width
                        }
                        row[x] = UInt8(shift >= 0 ? s >> shift : s / n)
                    }
                }
            }
        }
        return GrayImage(width: w, height: h, pixels: out)
    }

    /// How many pixels hold each level.
    public var histogram: [Int] {
        // Four histograms taking turns (counts of one level in a row do not wait on each
        // other), summed.
        var parts = [Int](repeating: 0, count: 4 * 256)
        parts.withUnsafeMutableBufferPointer { h in
            pixels.withUnsafeBufferPointer { p in
                let n = p.count, quads = n / 4 * 4
                var i = 0
                while i < quads {
                    h[Int(p[i])] += 1; h[256 + Int(p[i + 1])] += 1; h[512 + Int(p[i + 2])] += 1; h[768 + Int(p[i + 3])] += 1
                    i += 4
                }
                while i < n { h[Int(p[i])] += 1; i += 1 }
            }
        }
        return (0..<256).map { (i: Int) -> Int in parts[i] + parts[256 + i] + parts[512 + i] + parts[768 + i] }
    }

    public var mean: Double {
        guard !pixels.isEmpty else { return 0 }
        var s = 0
        for p in pixels { s += Int(p) }
        return Double(s) / Double(pixels.count)
    }
}

/// Red, green and blue lookup tables of a PALETTE COLOR image.
public struct Palette: Sendable {
    public var first: Int
    public var red: [UInt16], green: [UInt16], blue: [UInt16]
    public var bits: Int

    /// Reads the palette of `ds`; nil when absent or segmented.
    public init?(_ ds: DataSet) {
        func desc(_ t: UInt32) -> (Int, Int, Int)? {
            guard let b = ds[Tag(t)]?.bytes, b.count >= 6 else { return nil }
            let n = Int(b[0]) | Int(b[1]) << 8
            let f = Int(b[2]) | Int(b[3]) << 8
            return (n == 0 ? 65536 : n, f, Int(b[4]) | Int(b[5]) << 8)
        }
        func table(_ t: UInt32, _ n: Int, _ bits: Int) -> [UInt16]? {
            guard let e = ds[Tag(t)] else { return nil }
            let b: [UInt8]
            if let v = e.bytes { b = v } else if let bulk = e.bulk, let v = try? bulk.loadBytes() { b = v } else { return nil }
            if b.count >= 2 * n { return (0..<n).map { UInt16(b[2 * $0]) | UInt16(b[2 * $0 + 1]) << 8 } }
            if b.count >= n { return (0..<n).map { UInt16(b[$0]) } }  // 8-bit entries packed one a byte
            return nil
        }
        guard let dr = desc(0x0028_1101), let dg = desc(0x0028_1102), let db = desc(0x0028_1103),
            let r = table(0x0028_1201, dr.0, dr.2), let g = table(0x0028_1202, dg.0, dg.2),
            let b = table(0x0028_1203, db.0, db.2)
        else { return nil }
        first = dr.1; red = r; green = g; blue = b; bits = dr.2
        // Some writers say 16 bits but store 8-bit values.
        if bits == 16 && (r + g + b).allSatisfy({ $0 < 256 }) { bits = 8 }
    }

    /// Luminance (0-255) of palette index `v`.
    @inline(__always) public func luminance(_ v: Int32) -> UInt8 {
        let i = max(0, min(red.count - 1, Int(v) - first))
        let shift = bits > 8 ? 8 : 0
        let r = Int(red[i]) >> shift, g = Int(green[min(i, green.count - 1)]) >> shift, b = Int(blue[min(i, blue.count - 1)]) >> shift
        return UInt8(min(255, (r * 77 + g * 150 + b * 29) >> 8))
    }

    /// The index whose colour is darkest (the "black" of this palette).
    public var darkestIndex: Int32 {
        var best = 0, bestL = Int.max
        for i in 0..<red.count { let l = Int(luminance(Int32(i + first))); if l < bestL { bestL = l; best = i } }
        return Int32(best + first)
    }
}

/// Renders decoded frames as 8-bit luminance for OCR.
public enum GrayRenderer {
    /// Luminance of `fb`: monochrome values stretched over their range (inverted for
    /// MONOCHROME1), palette indices through the palette, colour as Y.
    public static func render(_ fb: FrameBuffer, photometric: String, palette: Palette?) -> GrayImage {
        let w = fb.width, h = fb.height
        var out = [UInt8](repeating: 0, count: w * h)
        if fb.samples == 3 && fb.bytesPerSample == 1 && fb.bitsStored == 8 && fb.layout == .interleaved && fb.bytes.count >= 3 * w * h {
            // The common 8-bit interleaved case, without per-pixel offset arithmetic.
            let ycc = photometric.hasPrefix("YBR")
            fb.bytes.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { o in
                    if ycc {
                        for i in 0..<(w * h) { o[i] = b[3 &* i] }
                    } else {
                        // At most 255 * 256: no overflow.
                        for i in 0..<(w * h) {
                            let j = 3 &* i
                            o[i] = UInt8(truncatingIfNeeded: (Int(b[j]) &* 77 &+ Int(b[j &+ 1]) &* 150 &+ Int(b[j &+ 2]) &* 29) &>> 8)
                        }
                    }
                }
            }
            return GrayImage(width: w, height: h, pixels: out)
        }
        if fb.samples >= 3 {
            let ycc = photometric.hasPrefix("YBR")
            let shift = max(0, fb.bitsStored - 8)
            for y in 0..<h {
                for x in 0..<w {
                    let l: Int
                    if ycc {
                        l = Int(fb.value(x, y, 0)) >> shift
                    } else {
                        l = (Int(fb.value(x, y, 0)) * 77 + Int(fb.value(x, y, 1)) * 150 + Int(fb.value(x, y, 2)) * 29) >> (8 + shift)
                    }
                    out[y * w + x] = UInt8(max(0, min(255, l)))
                }
            }
            return GrayImage(width: w, height: h, pixels: out)
        }
        if photometric == "PALETTE COLOR", let palette {
            for y in 0..<h { for x in 0..<w { out[y * w + x] = palette.luminance(fb.value(x, y, 0)) } }
            return GrayImage(width: w, height: h, pixels: out)
        }
        let invert = photometric == "MONOCHROME1"
        if fb.samples == 1 && fb.layout != .ybr422 && (fb.bytesPerSample == 1 || fb.bytesPerSample == 2)
            && fb.bytes.count >= w * h * fb.bytesPerSample
        {
            // One sample of at most 16 bits a pixel, stored in order: two passes over the
            // words (range, then a lookup table over it), without per-pixel offset
            // arithmetic or division.
            let bits = min(fb.bitsStored, 8 * fb.bytesPerSample)
            let mask = UInt32((1 << bits) - 1), sign = UInt32(1) << UInt32(max(0, bits - 1))
            let signed = fb.signed, two = fb.bytesPerSample == 2
            @inline(__always) func sample(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
                var raw = two ? (UInt32(b[2 * i]) | UInt32(b[2 * i + 1]) << 8) : UInt32(b[i])
                raw &= mask
                if signed && raw & sign != 0 { raw |= ~mask }
                return Int(Int32(bitPattern: raw))
            }
            if bits >= 1 {
                // Each sample shifted to the top of its word and back (arithmetic shift when
                // signed): the value of its low `bits` bits, sign-extended, as `sample` reads it.
                fb.bytes.withUnsafeBufferPointer { b in
                    guard let base = b.baseAddress, w * h > 0 else { return }
                    let raw = UnsafeRawPointer(base)
                    if two {
                        let up = UInt16(16 - bits)
                        words(w * h, into: &out, invert: invert) { i in
                            let r = raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian &<< up
                            return signed ? Int32(Int16(bitPattern: r) &>> up) : Int32(r &>> up)
                        }
                    } else {
                        let up = UInt8(8 - bits)
                        words(w * h, into: &out, invert: invert) { i in
                            let r = raw.load(fromByteOffset: i, as: UInt8.self) &<< up
                            return signed ? Int32(Int8(bitPattern: r) &>> up) : Int32(r &>> up)
                        }
                    }
                }
                return GrayImage(width: w, height: h, pixels: out)
            }
            fb.bytes.withUnsafeBufferPointer { b in
                var lo = Int.max, hi = Int.min
                for i in 0..<(w * h) { let v = sample(b, i); lo = min(lo, v); hi = max(hi, v) }
                guard lo <= hi else { return }
                let span = max(1, hi - lo)
                let lut = (0...(hi - lo)).map { d -> UInt8 in
                    let g = UInt8(d * 255 / span)
                    return invert ? 255 - g : g
                }
                lut.withUnsafeBufferPointer { t in
                    out.withUnsafeMutableBufferPointer { o in
                        for i in 0..<(w * h) { o[i] = t[sample(b, i) - lo] }
                    }
                }
            }
            return GrayImage(width: w, height: h, pixels: out)
        }
        var lo = Int32.max, hi = Int32.min
        var vals = [Int32](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w { let v = fb.value(x, y, 0); vals[y * w + x] = v; lo = min(lo, v); hi = max(hi, v) } }
        let span = max(1, Int64(hi) - Int64(lo))
        for i in 0..<(w * h) {
            let g = UInt8((Int64(vals[i]) - Int64(lo)) * 255 / span)
            out[i] = invert ? 255 - g : g
        }
        return GrayImage(width: w, height: h, pixels: out)
    }

    /// `n` samples (`value` of each index) stretched over their range into `out`: a pass for
    /// the range, then a lookup table over it.
    @inline(__always) static func words(_ n: Int, into out: inout [UInt8], invert: Bool, _ value: (Int) -> Int32) {
        var lo = Int32.max, hi = Int32.min
        for i in 0..<n { let v = value(i); lo = min(lo, v); hi = max(hi, v) }
        let span = max(1, Int(hi) - Int(lo))
        let lut = (0...(Int(hi) - Int(lo))).map { d -> UInt8 in
            let g = UInt8(d * 255 / span)
            return invert ? 255 - g : g
        }
        lut.withUnsafeBufferPointer { t in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<n { o[i] = t[Int(value(i) &- lo)] }
            }
        }
    }
}
