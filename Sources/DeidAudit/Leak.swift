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

    public init(
        output: String, path: String, keyword: String, kind: ValueKind, source: String,
        origin: Origin, value: String
    ) {
        self.output = output; self.path = path; self.keyword = keyword; self.kind = kind
        self.source = source; self.origin = origin; self.value = value
    }

    /// The value in a form that lets a person judge a hit without reading the value: its
    /// first character, then one `*` per further character ("G****" for a five-letter word).
    public var masked: String {
        guard let first = value.first else { return "" }
        return String(first) + String(repeating: "*", count: value.count - 1)
    }

    /// One JSON line: `{"leak":{...}}`; the value only when `showValue`, else its masked form.
    public func json(showValue: Bool) -> JSON {
        var m: [(String, JSON)] = [
            ("file", .string(output)), ("path", .string(path)), ("keyword", .string(keyword)),
            ("kind", .string(kind.rawValue)), ("from", .string(source)), ("where", .string(origin.rawValue))
        ]
        if showValue {
            m.append(("value", .string(value)))
        } else {
            m.append(("masked", .string(masked)))
            m.append(("length", .number(String(value.count))))
        }
        return .object([("leak", .object(m))])
    }

    /// One line of text for people: `FILE: PATH (Keyword): kind from Source [in pixels]:
    /// VALUE`, the value masked ("G**** (5)") unless `showValue`.
    public func line(showValue: Bool) -> String {
        var s = "\(output): \(path) (\(keyword)): \(kind.rawValue) from \(source)"
        if origin != .text { s += " [\(origin == .ocr ? "in pixels" : "in binary value")]" }
        s += showValue ? ": \(value)" : ": \(masked) (\(value.count))"
        return s
    }
}
