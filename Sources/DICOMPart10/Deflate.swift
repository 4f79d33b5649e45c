import CZlib
import Synchronization

/// Raw deflate (RFC 1951, no zlib header), as the Deflated Explicit VR Little Endian syntax uses.
public enum Deflate {
    /// Largest inflated size accepted, against decompression bombs (atomic so that tests can
    /// lower it while readers run on other threads).
    public static let maxInflatedSize = Atomic<Int>(1 << 31)
    /// zlib counts in 32 bits: input is fed in pieces no larger than this.
    static let feedLimit = 1 << 30

    /// Inflates the raw deflate stream at the start of `input`; returns the inflated bytes
    /// and how many input bytes the stream used (anything after it is not deflate data).
    public static func inflate(_ input: UnsafeRawBufferPointer) throws -> (bytes: [UInt8], used: Int) {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DICOMReadError(.deflate, "zlib init failed")
        }
        defer { inflateEnd(&stream) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let base = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        var fed = 0
        while true {
            if stream.avail_in == 0 && fed < input.count, let base {
                let n = min(input.count - fed, feedLimit)
                stream.next_in = UnsafeMutablePointer(mutating: base + fed)
                stream.avail_in = uInt(n)
                fed += n
            }
            let status: Int32 = chunk.withUnsafeMutableBytes { c in
                stream.next_out = c.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(c.count)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let produced = chunk.count - Int(stream.avail_out)
            let limit = maxInflatedSize.load(ordering: .relaxed)
            guard out.count + produced <= limit else {
                throw DICOMReadError(.deflate, "inflated data set exceeds \(limit) bytes")
            }
            out.append(contentsOf: chunk[0..<produced])
            if status == Z_STREAM_END { break }
            if status == Z_BUF_ERROR && stream.avail_in == 0 && fed == input.count {
                throw DICOMReadError(.truncated, "deflated data set ends early")
            }
            guard status == Z_OK || status == Z_BUF_ERROR else {
                throw DICOMReadError(.deflate, "corrupt deflate stream (zlib \(status))")
            }
        }
        return (out, fed - Int(stream.avail_in))
    }

    /// Whether `trailer` is exactly a gzip member trailer (RFC 1952: CRC-32 and length
    /// modulo 2^32 of the uncompressed data, little endian) for `data`.
    public static func isGzipTrailer(_ trailer: UnsafeRawBufferPointer, of data: [UInt8]) -> Bool {
        trailer.count == 8 && Array(trailer) == gzipTrailer(for: data)
    }

    /// The gzip member trailer for `data`: CRC-32 and length modulo 2^32, little endian.
    public static func gzipTrailer(for data: [UInt8]) -> [UInt8] {
        var crc = crc32(0, nil, 0)
        data.withUnsafeBytes { b in
            guard let base = b.baseAddress?.assumingMemoryBound(to: Bytef.self) else { return }
            var done = 0
            while done < b.count {
                let n = min(b.count - done, feedLimit)
                crc = crc32(crc, base + done, uInt(n))
                done += n
            }
        }
        let c = UInt32(truncatingIfNeeded: crc), n = UInt32(truncatingIfNeeded: data.count)
        return [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: c >> $0) }
            + [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: n >> $0) }
    }

    /// Deflates `input` as one raw deflate stream. zlib's default level is what common
    /// writers (DCMTK, pydicom, fo-dicom) use, so their files re-deflate to the same bytes.
    public static func deflate(_ input: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) throws -> [UInt8] {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else {
            throw DICOMReadError(.deflate, "zlib init failed")
        }
        defer { deflateEnd(&stream) }
        var out = [UInt8]()
        out.reserveCapacity(input.count / 4 + 64)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        try input.withUnsafeBytes { inp in
            let base = inp.baseAddress?.assumingMemoryBound(to: Bytef.self)
            var fed = 0
            while true {
                if stream.avail_in == 0 && fed < inp.count, let base {
                    let n = min(inp.count - fed, feedLimit)
                    stream.next_in = UnsafeMutablePointer(mutating: base + fed)
                    stream.avail_in = uInt(n)
                    fed += n
                }
                let flush = fed == inp.count ? Z_FINISH : Z_NO_FLUSH
                let status: Int32 = chunk.withUnsafeMutableBytes { c in
                    stream.next_out = c.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = uInt(c.count)
                    return CZlib.deflate(&stream, flush)
                }
                out.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if status == Z_STREAM_END { return }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    throw DICOMReadError(.deflate, "deflate failed (zlib \(status))")
                }
            }
        }
        return out
    }
}
