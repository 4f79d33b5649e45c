/// One decoded frame: samples as little-endian words of `bytesPerSample` bytes, laid out
/// as native DICOM data would be (so native frames are used in place and re-encoding
/// them keeps every untouched byte).
public struct FrameBuffer: Sendable {
    public enum Layout: Sendable, Equatable {
        /// Samples of a pixel together (R G B R G B ...).
        case interleaved
        /// Planar Configuration 1: each colour plane in turn.
        case planar
        /// YBR_FULL_422: Y Y Cb Cr for each pair of pixels.
        case ybr422
    }
    public var width: Int
    public var height: Int
    public var samples: Int
    public var bytesPerSample: Int
    public var bitsStored: Int
    public var signed: Bool
    public var layout: Layout
    public var bytes: [UInt8]

    public init(
        width: Int, height: Int, samples: Int, bytesPerSample: Int, bitsStored: Int, signed: Bool,
        layout: Layout, bytes: [UInt8]
    ) {
        self.width = width; self.height = height; self.samples = samples; self.bytesPerSample = bytesPerSample
        self.bitsStored = bitsStored; self.signed = signed; self.layout = layout; self.bytes = bytes
    }

    /// An empty (zero) frame shaped like `g`'s frames, samples interleaved.
    public init(zeroLike g: ImageGeometry, layout: Layout = .interleaved) {
        self.init(
            width: g.columns, height: g.rows, samples: g.samplesPerPixel, bytesPerSample: g.bytesPerSample,
            bitsStored: g.bitsStored, signed: g.signed, layout: layout,
            bytes: [UInt8](repeating: 0, count: g.rows * g.columns * g.samplesPerPixel * g.bytesPerSample))
    }

    /// Byte offset of sample `s` of pixel (x, y).
    @inline(__always) func offset(_ x: Int, _ y: Int, _ s: Int) -> Int {
        switch layout {
        case .interleaved: return ((y * width + x) * samples + s) * bytesPerSample
        case .planar: return ((s * height + y) * width + x) * bytesPerSample
        case .ybr422:
            let pair = (y * ((width + 1) / 2) + x / 2) * 4
            return (s == 0 ? pair + (x & 1) : pair + 1 + s) * bytesPerSample
        }
    }

    /// The stored value of sample `s` at (x, y): bits above Bits Stored dropped, sign extended.
    @inline(__always) public func value(_ x: Int, _ y: Int, _ s: Int) -> Int32 {
        let o = offset(x, y, s)
        var raw: UInt32
        switch bytesPerSample {
        case 1: raw = UInt32(bytes[o])
        case 2: raw = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8
        default: raw = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
        }
        if bitsStored < 32 {
            raw &= (UInt32(1) << UInt32(bitsStored)) - 1
            if signed && raw & (UInt32(1) << UInt32(bitsStored - 1)) != 0 { raw |= ~((UInt32(1) << UInt32(bitsStored)) - 1) }
        }
        return Int32(bitPattern: raw)
    }

    /// Writes `v` (two's complement, truncated to the sample size) to sample `s` at (x, y).
    @inline(__always) public mutating func set(_ x: Int, _ y: Int, _ s: Int, _ v: Int32) {
        let o = offset(x, y, s)
        var raw = UInt32(bitPattern: v)
        if bitsStored < 32 { raw &= (UInt32(1) << UInt32(bitsStored)) - 1 }
        for k in 0..<bytesPerSample { bytes[o + k] = UInt8(truncatingIfNeeded: raw >> (8 * UInt32(k))) }
    }

    /// Smallest and largest stored values of a plane-`s` sample.
    public var range: (min: Int32, max: Int32) {
        if bitsStored <= 0 { return (0, 0) }
        if signed { return (-(Int32(1) << Int32(bitsStored - 1)), (Int32(1) << Int32(bitsStored - 1)) - 1) }
        return (0, bitsStored >= 32 ? Int32.max : Int32((UInt32(1) << UInt32(bitsStored)) - 1))
    }

    /// Sets every pixel inside the rectangles to `fill` (one value per sample). For
    /// YBR_FULL_422 the rectangles are widened to whole pixel pairs.
    public mutating func fill(_ rects: [PixelRect], with fill: [Int32]) {
        for r0 in rects {
            var r = r0.clipped(width: width, height: height)
            if layout == .ybr422 && !r.isEmpty {
                let x0 = r.x & ~1, x1 = min(width, (r.x + r.width + 1) & ~1)
                r = PixelRect(x: x0, y: r.y, width: x1 - x0, height: r.height)
            }
            guard !r.isEmpty else { continue }
            for y in r.y..<(r.y + r.height) {
                for x in r.x..<(r.x + r.width) {
                    for s in 0..<samples { set(x, y, s, fill[min(s, fill.count - 1)]) }
                }
            }
        }
    }
}

/// A rectangle of pixels.
public struct PixelRect: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) { self.x = x; self.y = y; self.width = width; self.height = height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public func clipped(width w: Int, height h: Int) -> PixelRect {
        let x0 = max(0, x), y0 = max(0, y), x1 = min(w, maxX), y1 = min(h, maxY)
        return PixelRect(x: x0, y: y0, width: max(0, x1 - x0), height: max(0, y1 - y0))
    }
    public func padded(_ m: Int) -> PixelRect { PixelRect(x: x - m, y: y - m, width: width + 2 * m, height: height + 2 * m) }
    public func intersects(_ o: PixelRect) -> Bool { x < o.maxX && o.x < maxX && y < o.maxY && o.y < maxY }
    /// Area shared with `o` (0 when apart).
    public func overlapArea(_ o: PixelRect) -> Int {
        max(0, min(maxX, o.maxX) - max(x, o.x)) * max(0, min(maxY, o.maxY) - max(y, o.y))
    }
    public func union(_ o: PixelRect) -> PixelRect {
        let x0 = min(x, o.x), y0 = min(y, o.y)
        return PixelRect(x: x0, y: y0, width: max(maxX, o.maxX) - x0, height: max(maxY, o.maxY) - y0)
    }
    public var description: String { "\(width)x\(height)+\(x)+\(y)" }
}
