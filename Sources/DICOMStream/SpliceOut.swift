import CSystemShims
#if canImport(Glibc)
import Glibc
#endif

extension StreamWriter {
    /// Writes the `length` bytes of `file` at `offset` as B frames of value `id`, moving the
    /// bytes from the page cache to the output pipe with splice(2), so they never cross user
    /// space. False, with nothing written, when the output is not a pipe (the caller then
    /// copies). Where the kernel refuses to splice, the rest is read and written instead.
    func writeChunks(id: Int, file: Int32, offset: Int, length: Int) throws -> Bool {
        guard outputIsPipe else { return false }
        var off = Int64(offset)
        var pos = 0
        while pos < length {
            let n = min(StreamFormat.chunkSize, length - pos)
            frameHeader(.bulk, n + 4); appendU32(UInt32(id))
            try flush()
            var moved = 0
            while moved < n {
                if spliceWorks {
                    let r = dcm_splice_file_to_pipe(file, &off, fd, UInt(n - moved))
                    if r > 0 { moved += r; continue }
                    if r < 0 && errno == EINTR { continue }
                    if r == 0 { throw StreamError("an input file shrank while its bulk data was being sent") }
                    guard errno == EINVAL || errno == ENOSYS else {
                        throw StreamError("write error: \(String(cString: strerror(errno)))")
                    }
                    spliceWorks = false
                }
                var buf = [UInt8](repeating: 0, count: min(n - moved, 1 << 16))
                let r = buf.withUnsafeMutableBytes { pread(file, $0.baseAddress!, $0.count, off_t(off)) }
                if r < 0 && errno == EINTR { continue }
                guard r > 0 else { throw StreamError("an input file shrank or could not be read while its bulk data was being sent") }
                try buf.withUnsafeBytes { try writeAll(UnsafeRawBufferPointer(rebasing: $0[0..<r])) }
                off += Int64(r); moved += r
            }
            pos += n
        }
        return true
    }
}
