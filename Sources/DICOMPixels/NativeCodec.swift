/// Frames of native (uncompressed) pixel data, as stored in the data set (little endian).
public enum NativeCodec {
    /// Frame `index` of `data` as a frame buffer (1-bit data unpacked to one byte a sample).
    public static func frame(_ data: [UInt8], index: Int, geometry g: ImageGeometry) throws -> FrameBuffer {
        let layout: FrameBuffer.Layout = g.isSubsampled422 ? .ybr422 : (g.planar && g.samplesPerPixel > 1 ? .planar : .interleaved)
        if g.bitsAllocated == 1 {
            let n = g.rows * g.columns * g.samplesPerPixel
            let bit0 = index * n
            guard (bit0 + n + 7) / 8 <= data.count else { throw PixelError("pixel data is shorter than its frames") }
            var out = [UInt8](repeating: 0, count: n)
            for i in 0..<n { let b = bit0 + i; out[i] = (data[b >> 3] >> UInt8(b & 7)) & 1 }
            return FrameBuffer(
                width: g.columns, height: g.rows, samples: g.samplesPerPixel, bytesPerSample: 1,
                bitsStored: 1, signed: false, layout: layout, bytes: out)
        }
        let size = g.nativeFrameBytes
        let start = index * size
        guard start + size <= data.count else {
            throw PixelError("pixel data is shorter than its frames (\(data.count) bytes for \(g.frames) of \(size))")
        }
        // The data of a single frame of exactly a frame's size is shared, not copied (a
        // large frame's buffer is not duplicated to be read).
        let bytes = start == 0 && size == data.count ? data : Array(data[start..<(start + size)])
        return FrameBuffer(
            width: g.columns, height: g.rows, samples: g.samplesPerPixel, bytesPerSample: g.bytesPerSample,
            bitsStored: g.bitsStored, signed: g.signed, layout: layout, bytes: bytes)
    }

    /// Writes `frame` back as frame `index` of `data`.
    public static func store(_ frame: FrameBuffer, into data: inout [UInt8], index: Int, geometry g: ImageGeometry) {
        if g.bitsAllocated == 1 {
            let n = frame.bytes.count
            let bit0 = index * n
            for i in 0..<n {
                let b = bit0 + i
                let m = UInt8(1) << UInt8(b & 7)
                if frame.bytes[i] & 1 == 1 { data[b >> 3] |= m } else { data[b >> 3] &= ~m }
            }
            return
        }
        let start = index * g.nativeFrameBytes
        data.replaceSubrange(start..<(start + frame.bytes.count), with: frame.bytes)
    }
}
