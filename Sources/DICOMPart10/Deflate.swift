import CZlib

/// Raw deflate (RFC 1951, no zlib header), as the Deflated Explicit VR Little Endian syntax uses.
public enum Deflate {
    /// Largest inflated size accepted, against decompression bombs.
    public static var maxInflatedSize = 1 << 31

    public static func inflate(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DICOMReadError(.deflate, "zlib init failed")
        }
        defer { inflateEnd(&stream) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while true {
            let status: Int32 = chunk.withUnsafeMutableBytes { c in
                stream.next_out = c.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(c.count)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let produced = chunk.count - Int(stream.avail_out)
            out.append(contentsOf: chunk[0..<produced])
            guard out.count <= maxInflatedSize else { throw DICOMReadError(.deflate, "inflated data set exceeds \(maxInflatedSize) bytes") }
            if status == Z_STREAM_END { break }
            if status == Z_BUF_ERROR && stream.avail_in == 0 {
                throw DICOMReadError(.truncated, "deflated data set ends early")
            }
            guard status == Z_OK else { throw DICOMReadError(.deflate, "corrupt deflate stream (zlib \(status))") }
        }
        return out
    }

    public static func deflate(_ input: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DICOMReadError(.deflate, "zlib init failed")
        }
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        let status: Int32 = input.withUnsafeBytes { inp in
            out.withUnsafeMutableBytes { o in
                stream.next_in = UnsafeMutablePointer(mutating: inp.baseAddress?.assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(inp.count)
                stream.next_out = o.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(o.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw DICOMReadError(.deflate, "deflate failed (zlib \(status))") }
        out.removeLast(Int(stream.avail_out))
        return out
    }
}
