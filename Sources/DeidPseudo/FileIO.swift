import DICOMCore
#if canImport(Glibc)
import Glibc
#endif

/// A failed file operation (path and system reason; never file contents).
public struct FileIOError: Error, CustomStringConvertible, Sendable, ClassifiedError {
    public var message: String
    public init(_ m: String) { message = m }
    public var description: String { message }
    /// A record fails with one only when its mapping rows cannot be written (the key and
    /// mappings are read before the first record, and failing there is fatal).
    public var failureCause: FailureCause { .unwritable }
}

/// Thin POSIX helpers: whole-file reads, complete writes, directory creation.
enum FileIO {
    static func errnoText() -> String { String(cString: strerror(errno)) }

    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileIOError("cannot open \(path): \(errnoText())") }
        defer { close(fd) }
        return try readAll(fd, path: path)
    }

    static func readAll(_ fd: Int32, path: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw FileIOError("cannot read \(path): \(errnoText())") }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { b in
            var pos = 0
            while pos < b.count {
                guard let base = b.baseAddress else { return }
                let n = write(fd, base + pos, b.count - pos)
                if n < 0 { if errno == EINTR { continue }; throw FileIOError("write failed: \(errnoText())") }
                pos += n
            }
        }
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let p = String(path[..<slash])
        return p.isEmpty ? "/" : p
    }

    /// `mkdir -p` with `mode` for the directories it creates.
    static func makeDirectories(_ path: String, mode: mode_t) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw FileIOError("\(path) is not a directory") }
            return
        }
        let up = parent(path)
        if up != path && up != "." && up != "/" { try makeDirectories(up, mode: mode) }
        if mkdir(path, mode) != 0 && errno != EEXIST { throw FileIOError("cannot create directory \(path): \(errnoText())") }
    }
}
