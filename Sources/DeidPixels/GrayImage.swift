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
        for y in 0..<h {
            let sy = max(0, Double(y) + 0.5) / Double(f) - 0.5
            let y0 = max(0, min(height - 1, Int(sy.rounded(.down)))), y1 = min(height - 1, y0 + 1)
            let fy = max(0, min(1, sy - Double(y0)))
            for x in 0..<w {
                let sx = (Double(x) + 0.5) / Double(f) - 0.5
                let x0 = max(0, min(width - 1, Int(sx.rounded(.down)))), x1 = min(width - 1, x0 + 1)
                let fx = max(0, min(1, sx - Double(x0)))
                let a = Double(pixels[y0 * width + x0]), b = Double(pixels[y0 * width + x1])
                let c = Double(pixels[y1 * width + x0]), d = Double(pixels[y1 * width + x1])
                let v = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy
                out[y * w + x] = UInt8(max(0, min(255, v.rounded())))
            }
        }
        return GrayImage(width: w, height: h, pixels: out)
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
              let b = table(0x0028_1203, db.0, db.2) else { return nil }
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
        if fb.samples >= 3 {
            let ycc = photometric.hasPrefix("YBR")
            let shift = max(0, fb.bitsStored - 8)
            for y in 0..<h { for x in 0..<w {
                let l: Int
                if ycc { l = Int(fb.value(x, y, 0)) >> shift }
                else { l = (Int(fb.value(x, y, 0)) * 77 + Int(fb.value(x, y, 1)) * 150 + Int(fb.value(x, y, 2)) * 29) >> (8 + shift) }
                out[y * w + x] = UInt8(max(0, min(255, l)))
            } }
            return GrayImage(width: w, height: h, pixels: out)
        }
        if photometric == "PALETTE COLOR", let palette {
            for y in 0..<h { for x in 0..<w { out[y * w + x] = palette.luminance(fb.value(x, y, 0)) } }
            return GrayImage(width: w, height: h, pixels: out)
        }
        var lo = Int32.max, hi = Int32.min
        var vals = [Int32](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w { let v = fb.value(x, y, 0); vals[y * w + x] = v; lo = min(lo, v); hi = max(hi, v) } }
        let span = max(1, Int64(hi) - Int64(lo))
        let invert = photometric == "MONOCHROME1"
        for i in 0..<(w * h) {
            let g = UInt8((Int64(vals[i]) - Int64(lo)) * 255 / span)
            out[i] = invert ? 255 - g : g
        }
        return GrayImage(width: w, height: h, pixels: out)
    }
}
