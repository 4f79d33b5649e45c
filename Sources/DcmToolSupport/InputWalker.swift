#if canImport(Glibc)
import Glibc
#endif

/// One input named on the command line or found under a directory.
public struct InputFile: Sendable {
    /// The path as given or found (`-` for stdin).
    public var path: String
    /// The command-line argument it came from (a directory, for files found under one).
    public var root: String
}

/// Expands command-line inputs into a deterministic list of files: directories are walked
/// recursively in byte order of names; symbolic links to directories are not followed
/// (as `find` does by default), so loops cannot occur.
public enum InputWalker {
    /// `onSkip` hears of what a directory holds that is not a regular file (FIFOs, sockets,
    /// devices, dangling links), which is never read.
    public static func expand(
        _ args: [String], onError: (String, String) -> Void,
        onSkip: (String, String) -> Void = { _, _ in }
    ) -> [InputFile] {
        var out: [InputFile] = []
        for a in args {
            if a == "-" { out.append(InputFile(path: "-", root: "-")); continue }
            var st = stat()
            guard stat(a, &st) == 0 else { onError(a, String(cString: strerror(errno))); continue }
            if st.st_mode & S_IFMT == S_IFDIR {
                walk(a, root: a, into: &out, onError: onError, onSkip: onSkip)
            } else {
                out.append(InputFile(path: a, root: a))
            }
        }
        return out
    }

    static func walk(
        _ dir: String, root: String, into out: inout [InputFile], onError: (String, String) -> Void,
        onSkip: (String, String) -> Void
    ) {
        guard let d = opendir(dir) else { onError(dir, String(cString: strerror(errno))); return }
        var names: [String] = []
        while let ent = readdir(d) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        closedir(d)
        names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let prefix = dir.hasSuffix("/") ? dir : dir + "/"
        for n in names {
            let p = prefix + n
            var st = stat()
            guard lstat(p, &st) == 0 else { onError(p, String(cString: strerror(errno))); continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: walk(p, root: root, into: &out, onError: onError, onSkip: onSkip)
            case S_IFREG: out.append(InputFile(path: p, root: root))
            case S_IFLNK:
                // Links to files are followed; links to directories are not (no cycles).
                var t = stat()
                if stat(p, &t) != 0 {
                    onSkip(p, "not a regular file (dangling link)")
                } else if t.st_mode & S_IFMT == S_IFREG {
                    out.append(InputFile(path: p, root: root))
                } else if t.st_mode & S_IFMT != S_IFDIR {
                    onSkip(p, "not a regular file")
                }
            default: onSkip(p, "not a regular file")
            }
        }
    }

    /// Reads a list of paths from a file (or `-`), separated by newlines or, with `nul`, by NUL bytes.
    public static func readList(_ path: String, nul: Bool) throws -> [String] {
        let bytes: [UInt8]
        if path == "-" {
            bytes = readAll(fd: 0)
        } else {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw ToolError("cannot open file list \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            bytes = readAll(fd: fd)
        }
        let sep: UInt8 = nul ? 0 : 0x0A
        return bytes.split(separator: sep).map { String(decoding: $0, as: UTF8.self) }
            .map { nul ? $0 : ($0.hasSuffix("\r") ? String($0.dropLast()) : $0) }.filter { !$0.isEmpty }
    }

    public static func readAll(fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }
}

/// A fatal, user-facing error of a tool.
public struct ToolError: Error, CustomStringConvertible {
    public var message: String
    public init(_ m: String) { message = m }
    public var description: String { message }
}
