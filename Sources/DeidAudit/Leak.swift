import DICOMCore
import DICOMStream

/// One residual identifying value found in an output.
public struct Leak: Sendable, Equatable {
    /// Where the value was found.
    public enum Origin: String, Sendable {
        /// A text value.
        case text
        /// Printable bytes inside a binary value (UN, OB, OW).
        case binary
        /// Text recognized in the pixels.
        case ocr
    }

    /// The output file (or the stream record's source).
    public var output: String
    /// Element path (`GGGGEEEE[i].GGGGEEEE`), or `7FE00010` for OCR text of the pixels.
    public var path: String
    /// Keyword of the output element ("private" for private elements).
    public var keyword: String
    public var kind: ValueKind
    /// Keyword of the original attribute the value came from.
    public var source: String
    public var origin: Origin
    /// The identifying value itself; reported only with `--show-values`.
    public var value: String

    public init(output: String, path: String, keyword: String, kind: ValueKind, source: String,
                origin: Origin, value: String) {
        self.output = output; self.path = path; self.keyword = keyword; self.kind = kind
        self.source = source; self.origin = origin; self.value = value
    }

    /// One JSON line: `{"leak":{...}}`; the value only when `showValue`.
    public func json(showValue: Bool) -> JSON {
        var m: [(String, JSON)] = [
            ("file", .string(output)), ("path", .string(path)), ("keyword", .string(keyword)),
            ("kind", .string(kind.rawValue)), ("from", .string(source)), ("where", .string(origin.rawValue)),
        ]
        if showValue { m.append(("value", .string(value))) }
        return .object([("leak", .object(m))])
    }

    /// One line of text for people: `FILE: PATH (Keyword): kind from Source [in pixels]`.
    public func line(showValue: Bool) -> String {
        var s = "\(output): \(path) (\(keyword)): \(kind.rawValue) from \(source)"
        if origin != .text { s += " [\(origin == .ocr ? "in pixels" : "in binary value")]" }
        if showValue { s += ": \(value)" }
        return s
    }
}
