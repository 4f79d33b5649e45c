#if canImport(Glibc)
import Glibc
#endif

/// Messages on stderr, prefixed with the program name (GNU style), and exit codes.
public enum Diagnostics {
    /// Set by each tool at start.
    nonisolated(unsafe) public static var program = "dcm"
    nonisolated(unsafe) public static var verbose = false
    /// Set by -q: summaries and notes are not said (failures and warnings still are).
    nonisolated(unsafe) public static var quiet = false

    /// Standard error is a terminal: each message then first clears the line, so that it
    /// never lands on the end of a progress line (this tool's or another stage's).
    static let terminal = isatty(2) == 1

    /// Writes "PROGRAM: TEXT" as one line. Control characters in the text (a file name
    /// holding a newline or an escape sequence) are shown escaped, never sent raw.
    public static func message(_ text: String) {
        let line = (terminal ? "\r\u{1B}[K" : "") + "\(program): \(escaped(text))\n"
        writeRaw(line)
    }

    /// Text whose control characters (C0, DEL, C1) are written as \n, \t or \xNN.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for s in text.unicodeScalars {
            guard isControl(s) else { out.unicodeScalars.append(s); continue }
            switch s {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out += "\\x" + (s.value < 16 ? "0" : "") + String(s.value, radix: 16)
            }
        }
        return out
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || (0x7F...0x9F).contains(s.value) }

    /// Writes `text` to standard error as it is (for multi-line text such as usage).
    public static func writeRaw(_ text: String) {
        StandardOutput.writeAll(2, Array(text.utf8))
    }
    public static func info(_ text: String) { if verbose { message(text) } }
    /// A summary or note: said unless -q.
    public static func note(_ text: String) { if !quiet { message(text) } }
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
