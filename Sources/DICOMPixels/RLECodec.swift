/// RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits
/// segment per byte plane (most significant byte of each sample first).
public enum RLECodec {
    public static func decode(_ src: [UInt8], geometry g: ImageGeometry) throws -> FrameBuffer {
        guard g.bitsAllocated >= 8 else { throw PixelError("RLE with Bits Allocated \(g.bitsAllocated) is not supported") }
        guard src.count >= 64 else { throw PixelError("RLE frame is shorter than its header") }
        func u32(_ o: Int) -> Int { Int(src[o]) | Int(src[o + 1]) << 8 | Int(src[o + 2]) << 16 | Int(src[o + 3]) << 24 }
        let nseg = u32(0)
        let bps = g.bytesPerSample
        guard nseg == g.samplesPerPixel * bps else { throw PixelError("RLE frame has \(nseg) segments, expected \(g.samplesPerPixel * bps)") }
        var fb = FrameBuffer(zeroLike: g)
        let pixels = g.rows * g.columns
        let stride = g.samplesPerPixel * bps
        try fb.bytes.withUnsafeMutableBufferPointer { out in
            for seg in 0..<nseg {
                let start = u32(4 + 4 * seg)
                let end = seg + 1 < nseg ? u32(8 + 4 * seg) : src.count
                guard start >= 64, start <= end, end <= src.count else { throw PixelError("RLE segment offsets are invalid") }
                let s = seg / bps, byteInSample = bps - 1 - seg % bps
                var o = s * bps + byteInSample
                var n = 0, i = start
                while i < end && n < pixels {
                    let c = Int(Int8(bitPattern: src[i])); i += 1
                    if c >= 0 {
                        let k = min(c + 1, end - i, pixels - n)
                        for j in 0..<k { out[o] = src[i + j]; o += stride }
                        i += c + 1; n += k
                    } else if c != -128 {
                        guard i < end else { break }
                        let v = src[i]; i += 1
                        let k = min(1 - c, pixels - n)
                        for _ in 0..<k { out[o] = v; o += stride }
                        n += k
                    }
                }
                guard n == pixels else { throw PixelError("RLE segment \(seg) is truncated") }
            }
        }
        return fb
    }

    /// Encodes an interleaved frame buffer; rows are coded separately as the standard asks.
    public static func encode(_ fb: FrameBuffer) -> [UInt8] {
        let bps = fb.bytesPerSample
        let nseg = fb.samples * bps
        var out = [UInt8](repeating: 0, count: 64)
        var plane = [UInt8](repeating: 0, count: fb.width)
        func put32(_ v: Int, at o: Int) { for k in 0..<4 { out[o + k] = UInt8(truncatingIfNeeded: v >> (8 * k)) } }
        put32(nseg, at: 0)
        for seg in 0..<nseg {
            put32(out.count, at: 4 + 4 * seg)
            let s = seg / bps, byteInSample = bps - 1 - seg % bps
            for y in 0..<fb.height {
                for x in 0..<fb.width { plane[x] = fb.bytes[fb.offset(x, y, s) + byteInSample] }
                packBits(plane, into: &out)
            }
            if out.count & 1 == 1 { out.append(0) }
        }
        return out
    }

    public static func packBits(_ row: [UInt8], into out: inout [UInt8]) {
        let n = row.count
        var i = 0
        while i < n {
            var run = 1
            while i + run < n && run < 128 && row[i + run] == row[i] { run += 1 }
            if run >= 2 {
                out.append(UInt8(bitPattern: Int8(1 - run))); out.append(row[i]); i += run
                continue
            }
            // Literal run up to the next repeat of at least three bytes.
            var j = i + 1
            while j < n && j - i < 128 {
                if j + 2 < n && row[j] == row[j + 1] && row[j] == row[j + 2] { break }
                j += 1
            }
            out.append(UInt8(j - i - 1))
            out.append(contentsOf: row[i..<j])
            i = j
        }
    }
}
