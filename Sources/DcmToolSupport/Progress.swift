#if canImport(Glibc)
import Glibc
#endif

/// Progress on stderr for long runs: a line rewritten in place on a terminal, a plain
/// line every 10 seconds otherwise; nothing for runs shorter than 2 seconds.
public struct Progress {
    let start = Progress.now()
    var lastShown: Double
    let terminal = isatty(2) == 1
    var shownOnTerminal = false
    public var enabled = true

    public init() { lastShown = start }

    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
    public var elapsed: Double { Progress.now() - start }

    public mutating func update(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        let t = Progress.now()
        guard t - start >= 2, t - lastShown >= (terminal ? 0.25 : 10) else { return }
        lastShown = t
        let line = "\(Diagnostics.program): \(text()) [\(Int(t - start)) s]"
        if terminal {
            write(line: "\r\u{1B}[K" + line, newline: false)
            shownOnTerminal = true
        } else {
            write(line: line, newline: true)
        }
    }

    /// Ends an in-place line before other messages or the summary.
    public mutating func finishLine() {
        if shownOnTerminal { write(line: "\r\u{1B}[K", newline: false); shownOnTerminal = false }
    }

    func write(line: String, newline: Bool) {
        var b = Array(line.utf8)
        if newline { b.append(0x0A) }
        _ = b.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
