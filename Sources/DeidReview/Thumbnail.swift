import DeidPixels
import DICOMPixels

/// How the stored values of a frame become gray levels: the pixel stage's stretch of the
/// original frame's range over 0-255, applied to the output frame too so that before and
/// after compare (a fill outside the range shows as black or white).
public struct Window: Sendable, Equatable {
    public var low: Int32
    public var high: Int32
    public var invert: Bool

    public init(low: Int32, high: Int32, invert: Bool = false) { self.low = low; self.high = high; self.invert = invert }

    /// The range of sample 0 of a one-sample frame; nil for colour.
    public init?(_ fb: FrameBuffer, photometric: String) {
        guard fb.samples == 1, photometric.hasPrefix("MONOCHROME") else { return nil }
        var lo = Int32.max, hi = Int32.min
        if let words = Window.words(fb) {
            // Stored words of at most 16 bits: the range from a histogram of the words.
            var seen = [Bool](repeating: false, count: 1 << 16)
            fb.bytes.withUnsafeBufferPointer { b in
                for i in 0..<(fb.width * fb.height) { seen[words.word(b, i)] = true }
            }
            for w in 0..<(1 << 16) where seen[w] { let v = words.value(w); lo = min(lo, v); hi = max(hi, v) }
        } else {
            for y in 0..<fb.height { for x in 0..<fb.width { let v = fb.value(x, y, 0); lo = min(lo, v); hi = max(hi, v) } }
        }
        guard lo <= hi else { return nil }
        self.init(low: lo, high: hi, invert: photometric == "MONOCHROME1")
    }

    /// The gray level of stored value `v`.
    @inline(__always) func level(_ v: Int32) -> UInt8 {
        let span = max(1, Int64(high) - Int64(low))
        let c = min(max(Int64(v), Int64(low)), Int64(high))
        let g = UInt8((c - Int64(low)) * 255 / span)
        return invert ? 255 - g : g
    }

    public func render(_ fb: FrameBuffer) -> GrayImage {
        var px = [UInt8](repeating: 0, count: fb.width * fb.height)
        if let words = Window.words(fb) {
            // One lookup per pixel through a table over every possible word.
            let lut = (0..<(1 << 16)).map { level(words.value($0)) }
            fb.bytes.withUnsafeBufferPointer { b in
                for i in 0..<(fb.width * fb.height) { px[i] = lut[words.word(b, i)] }
            }
        } else {
            for y in 0..<fb.height { for x in 0..<fb.width { px[y * fb.width + x] = level(fb.value(x, y, 0)) } }
        }
        return GrayImage(width: fb.width, height: fb.height, pixels: px)
    }

    /// How to read the words of a one-sample frame of 8 or 16-bit words stored in order.
    struct Words {
        var two: Bool
        var bits: Int
        var signed: Bool
        @inline(__always) func word(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
            let raw = two ? Int(b[2 * i]) | Int(b[2 * i + 1]) << 8 : Int(b[i])
            return raw & ((1 << bits) - 1)
        }
        /// The stored value of a word (sign extended).
        func value(_ w: Int) -> Int32 {
            let masked = w & ((1 << bits) - 1)
            if signed && masked & (1 << (bits - 1)) != 0 { return Int32(masked - (1 << bits)) }
            return Int32(masked)
        }
    }

    static func words(_ fb: FrameBuffer) -> Words? {
        guard fb.samples == 1, fb.layout != .ybr422, fb.bytesPerSample == 1 || fb.bytesPerSample == 2,
            fb.bytes.count >= fb.width * fb.height * fb.bytesPerSample
        else { return nil }
        return Words(two: fb.bytesPerSample == 2, bits: max(1, min(fb.bitsStored, 8 * fb.bytesPerSample)), signed: fb.signed)
    }
}

/// Small pictures of frames for the report, with boxes outlined.
public enum Thumbnail {
    /// `image` shrunk (area average) so that its long side is at most `maxSide`, as RGB
    /// with `boxes` (in the image's pixels) outlined in red; returns the PNG and its size.
    public static func png(_ image: GrayImage, boxes: [PixelRect], maxSide: Int) -> (png: [UInt8], width: Int, height: Int) {
        let (small, w, h) = shrink(image, maxSide: maxSide)
        // Nothing to outline: one gray channel, a third of the bytes.
        if boxes.isEmpty { return (PNG.encode(width: w, height: h, channels: 1, pixels: small), w, h) }
        var rgb = [UInt8](repeating: 0, count: w * h * 3)
        for i in 0..<(w * h) { rgb[3 * i] = small[i]; rgb[3 * i + 1] = small[i]; rgb[3 * i + 2] = small[i] }
        let sx = Double(w) / Double(max(1, image.width)), sy = Double(h) / Double(max(1, image.height))
        func plot(_ x: Int, _ y: Int) {
            guard x >= 0, y >= 0, x < w, y < h else { return }
            let o = 3 * (y * w + x)
            rgb[o] = 255; rgb[o + 1] = 32; rgb[o + 2] = 32
        }
        for b in boxes {
            // Outline just outside the box, so the masked pixels stay visible.
            let x0 = Int((Double(b.x) * sx).rounded(.down)) - 1, y0 = Int((Double(b.y) * sy).rounded(.down)) - 1
            let x1 = Int((Double(b.maxX) * sx).rounded(.up)), y1 = Int((Double(b.maxY) * sy).rounded(.up))
            for x in x0...max(x0, x1) { plot(x, y0); plot(x, y1) }
            for y in y0...max(y0, y1) { plot(x0, y); plot(x1, y) }
        }
        return (PNG.encode(width: w, height: h, channels: 3, pixels: rgb), w, h)
    }

    /// Area-average reduction to at most `maxSide` on the long side (never enlarged).
    static func shrink(_ g: GrayImage, maxSide: Int) -> ([UInt8], Int, Int) {
        let long = max(g.width, g.height)
        guard long > maxSide, g.width > 0, g.height > 0 else { return (g.pixels, g.width, g.height) }
        let w = max(1, g.width * maxSide / long), h = max(1, g.height * maxSide / long)
        var out = [UInt8](repeating: 0, count: w * h)
        g.pixels.withUnsafeBufferPointer { p in
            for y in 0..<h {
                let ya = y * g.height / h, yb = max(ya + 1, (y + 1) * g.height / h)
                for x in 0..<w {
                    let xa = x * g.width / w, xb = max(xa + 1, (x + 1) * g.width / w)
                    var sum = 0
                    for yy in ya..<yb { let r = yy * g.width; for xx in xa..<xb { sum += Int(p[r + xx]) } }
                    out[y * w + x] = UInt8(sum / ((yb - ya) * (xb - xa)))
                }
            }
        }
        return (out, w, h)
    }
}
