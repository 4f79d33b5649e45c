import DeidPixels

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
        for y in 0..<fb.height { for x in 0..<fb.width { let v = fb.value(x, y, 0); lo = min(lo, v); hi = max(hi, v) } }
        guard lo <= hi else { return nil }
        self.init(low: lo, high: hi, invert: photometric == "MONOCHROME1")
    }

    public func render(_ fb: FrameBuffer) -> GrayImage {
        let span = max(1, Int64(high) - Int64(low))
        var px = [UInt8](repeating: 0, count: fb.width * fb.height)
        for y in 0..<fb.height { for x in 0..<fb.width {
            let v = min(max(Int64(fb.value(x, y, 0)), Int64(low)), Int64(high))
            let g = UInt8((v - Int64(low)) * 255 / span)
            px[y * fb.width + x] = invert ? 255 - g : g
        } }
        return GrayImage(width: fb.width, height: fb.height, pixels: px)
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
