#if canImport(Glibc)
import Glibc
#endif

/// Reads the files that hold settings (keys, profiles, mapping tables): regular files only,
/// and no larger than the caller allows, so that `/dev/zero`, `/dev/urandom` or a FIFO named
/// by mistake is refused at once instead of growing memory without end.
public enum SmallFile {
    /// Why a settings file was refused (its path and the reason; never its content).
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// The whole file at `path`, which must be a regular file of at most `limit` bytes.
    public static func read(_ path: String, limit: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(path: path, reason: "cannot stat: \(String(cString: strerror(errno)))") }
        guard st.st_mode & S_IFMT == S_IFREG else { throw Failure(path: path, reason: "not a regular file") }
        guard Int(st.st_size) <= limit else {
            throw Failure(path: path, reason: "too large (\(st.st_size) bytes; at most \(limit) expected)")
        }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 { if errno == EINTR { continue }; throw Failure(path: path, reason: "cannot read: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            done += n
        }
        // A file that grew while read is cut where fstat saw its end, still within the limit.
        return Array(out[0..<done])
    }
}
