import DICOMObject
#if canImport(Glibc)
import Glibc
#endif

/// Opens files as `ByteSource`s: small files are read with one `read`, large ones mapped,
/// so bulk data of a large file is touched only when it is streamed out.
public enum FileSource {
    /// Files above this size are mapped instead of read: a parse touches only the pages of
    /// their header, and their bulk values can be spliced from the page cache to a pipe.
    public static let mapThreshold = 128 << 10

    public static func open(_ path: String) throws -> ByteSource {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DICOMReadError(.io, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw DICOMReadError(.io, "cannot stat: \(String(cString: strerror(errno)))") }
        guard st.st_mode & S_IFMT == S_IFREG else { throw DICOMReadError(.io, "not a regular file") }
        let size = Int(st.st_size)
        if size == 0 { return ByteSource(copying: []) }
        if size > mapThreshold {
            guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
                throw DICOMReadError(.io, "cannot map: \(String(cString: strerror(errno)))")
            }
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            // Kept open so that bulk values can be spliced to a pipe from the page cache.
            let kept = fcntl(fd, F_DUPFD_CLOEXEC, 0)
            return ByteSource(
                buffer: UnsafeRawBufferPointer(start: p, count: size),
                release: {
                    munmap(p, size); if kept >= 0 { close(kept) }
                },
                discard: { offset, count in
                    // Whole pages inside the range only; the mapping is read-only.
                    let first = (offset + page - 1) / page * page
                    let last = (offset + count) / page * page
                    if last > first { madvise(p + first, last - first, MADV_DONTNEED) }
                }, fileDescriptor: kept >= 0 ? kept : nil)
        }
        let mem = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        var done = 0
        while done < size {
            let n = Glibc.read(fd, mem + done, size - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                mem.deallocate()
                throw DICOMReadError(.io, n == 0 ? "file shrank while being read" : "read failed: \(String(cString: strerror(errno)))")
            }
            done += n
        }
        return ByteSource(buffer: UnsafeRawBufferPointer(start: mem, count: size), release: { mem.deallocate() })
    }
}
