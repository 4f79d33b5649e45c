#if canImport(Glibc)
import Glibc
#endif

/// Messages on stderr, prefixed with the program name (GNU style), and exit codes.
public enum Diagnostics {
    /// Set by each tool at start.
    nonisolated(unsafe) public static var program = "dcm"
    nonisolated(unsafe) public static var verbose = false

    public static func message(_ text: String) {
        let line = "\(program): \(text)\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { b in
            var pos = 0
            while pos < b.count {
                let n = write(2, b.baseAddress! + pos, b.count - pos)
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                pos += n
            }
        }
    }
    public static func info(_ text: String) { if verbose { message(text) } }
}

/// Exit statuses shared by all tools (documented in each man page).
public enum ExitStatus: Int32 {
    /// Every input was processed.
    case success = 0
    /// Some inputs failed (error records were produced or received); the rest were processed.
    case someFailed = 1
    /// Nothing useful could be done: bad usage, unreadable stream, unusable output directory.
    case fatal = 2
}

public func exitWith(_ status: ExitStatus) -> Never { exit(status.rawValue) }
