import CZlib

/// A minimal PNG encoder (8-bit RGB or gray, no interlace) for the thumbnails: zlib does
/// the compression, so nothing outside the toolkit's own libraries is needed.
public enum PNG {
    /// `pixels` has `channels` (1 or 3) bytes per pixel, rows top to bottom.
    public static func encode(width: Int, height: Int, channels: Int, pixels: [UInt8]) -> [UInt8] {
        precondition((channels == 1 || channels == 3) && pixels.count >= width * height * channels)
        // Each row filtered (none, Sub or Up) the way that leaves the smallest residuals, the
        // usual heuristic: medical pictures are smooth, and zlib packs small residuals best.
        let stride = width * channels
        var raw: [UInt8] = []
        raw.reserveCapacity((stride + 1) * height)
        var sub = [UInt8](repeating: 0, count: stride), up = sub
        for y in 0..<height {
            let row = y * stride
            var costNone = 0, costSub = 0, costUp = 0
            for i in 0..<stride {
                let v = pixels[row + i]
                sub[i] = v &- (i >= channels ? pixels[row + i - channels] : 0)
                up[i] = v &- (y > 0 ? pixels[row - stride + i] : 0)
                costNone += Int(Int8(bitPattern: v).magnitude)
                costSub += Int(Int8(bitPattern: sub[i]).magnitude)
                costUp += Int(Int8(bitPattern: up[i]).magnitude)
            }
            if costSub <= costUp && costSub < costNone {
                raw.append(1); raw += sub
            } else if costUp < costNone {
                raw.append(2); raw += up
            } else {
                raw.append(0); raw += pixels[row..<(row + stride)]
            }
        }
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var ihdr: [UInt8] = []
        ihdr += be32(width); ihdr += be32(height)
        ihdr += [8, channels == 3 ? 2 : 0, 0, 0, 0]
        chunk("IHDR", ihdr, into: &out)
        chunk("IDAT", deflate(raw), into: &out)
        chunk("IEND", [], into: &out)
        return out
    }

    /// Width and height from a PNG's header, or nil when `bytes` is not a PNG.
    public static func size(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            Array(bytes[12..<16]) == Array("IHDR".utf8)
        else { return nil }
        func u32(_ o: Int) -> Int { Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]) }
        return (u32(16), u32(20))
    }

    static func be32(_ v: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }

    static func chunk(_ type: String, _ data: [UInt8], into out: inout [UInt8]) {
        out += be32(data.count)
        let body = Array(type.utf8) + data
        out += body
        let crc = body.withUnsafeBufferPointer { p in crc32(0, p.baseAddress, uInt(p.count)) }
        out += be32(Int(crc))
    }

    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let rc = out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { i in compress2(o.baseAddress, &size, i.baseAddress, uLong(i.count), 9) }
        }
        precondition(rc == Z_OK, "zlib compress2 failed")
        return Array(out.prefix(Int(size)))
    }
}
