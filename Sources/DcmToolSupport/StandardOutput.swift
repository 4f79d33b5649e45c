#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to a file descriptor, retried on EINTR and short writes: what the
/// tools use for standard output and standard error instead of the C `stdout`/`stderr`
/// globals (shared mutable state for the Swift 6 checker, and buffered).
public enum StandardOutput {
    /// Writes all of `bytes` to standard output; false when it failed (a closed pipe).
    @discardableResult
    public static func write(_ bytes: [UInt8]) -> Bool { writeAll(1, bytes) }

    /// Writes all of `bytes` to `fd`; false when a write failed.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { b in
            var pos = 0
            while pos < b.count {
                let n = Glibc.write(fd, b.baseAddress! + pos, b.count - pos)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return false
                }
                pos += n
            }
            return true
        }
    }
}
