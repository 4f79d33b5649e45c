/// A JSON value. Numbers keep their source text so that DS and IS values survive exactly;
/// objects keep their key order.
public indirect enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        for (k, v) in members where k == key { return v }
        return nil
    }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: [(String, JSON)]? { if case .object(let o) = self { return o } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var intValue: Int? {
        switch self {
        case .number(let n): return Int(n)
        case .string(let s): return Int(s)
        default: return nil
        }
    }

    /// Serialises compactly (no spaces, no newline).
    public func serialized() -> [UInt8] {
        var w = JSONWriter(); w.value(self); return w.out
    }
}

/// Why JSON text could not be parsed.
public struct JSONError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var offset: Int
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

/// A strict, allocation-light JSON parser over bytes.
public struct JSONParser {
    /// Deepest nesting accepted.
    public static let maxDepth = 512

    public static func parse(_ bytes: [UInt8]) throws -> JSON {
        try bytes.withUnsafeBytes { try parse($0) }
    }

    public static func parse(_ buf: UnsafeRawBufferPointer) throws -> JSON {
        var p = JSONParser(buf: buf)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.pos == buf.count else { throw JSONError(message: "trailing characters", offset: p.pos) }
        return v
    }

    let buf: UnsafeRawBufferPointer
    var pos = 0

    mutating func skipSpace() {
        while pos < buf.count {
            let c = buf[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { break }
        }
    }

    func fail(_ m: String) -> JSONError { JSONError(message: m, offset: pos) }

    mutating func value(depth: Int) throws -> JSON {
        guard depth < JSONParser.maxDepth else { throw fail("nesting too deep") }
        guard pos < buf.count else { throw fail("unexpected end") }
        switch buf[pos] {
        case UInt8(ascii: "{"):
            pos += 1
            var members: [(String, JSON)] = []
            try self.members { p, key in members.append((key.string, try p.value(depth: depth + 1))) }
            return .object(members)
        case UInt8(ascii: "["):
            pos += 1
            var items: [JSON] = []
            try elements { p in items.append(try p.value(depth: depth + 1)) }
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            return .number(try number())
        }
    }

    /// True (and past the byte) when the next byte is `c`.
    mutating func take(_ c: UInt8) -> Bool {
        if pos < buf.count && buf[pos] == c { pos += 1; return true }
        return false
    }

    /// Reads `"key": value` pairs up to the closing brace (the opening one already read),
    /// handing each key to `body`, which must read the value.
    mutating func members(_ body: (inout JSONParser, Key) throws -> Void) throws {
        skipSpace()
        if take(UInt8(ascii: "}")) { return }
        while true {
            skipSpace()
            guard pos < buf.count, buf[pos] == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let k: Key
            if let plain = plainString() { k = .bytes(plain) } else { k = .text(try string()) }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { throw fail("expected ':'") }
            skipSpace()
            try body(&self, k)
            skipSpace()
            guard pos < buf.count else { throw fail("unexpected end in object") }
            if take(UInt8(ascii: ",")) { continue }
            if take(UInt8(ascii: "}")) { return }
            throw fail("expected ',' or '}'")
        }
    }

    /// Reads array elements up to the closing bracket (the opening one already read),
    /// `body` reading each.
    mutating func elements(_ body: (inout JSONParser) throws -> Void) throws {
        skipSpace()
        if take(UInt8(ascii: "]")) { return }
        while true {
            skipSpace()
            try body(&self)
            skipSpace()
            guard pos < buf.count else { throw fail("unexpected end in array") }
            if take(UInt8(ascii: ",")) { continue }
            if take(UInt8(ascii: "]")) { return }
            throw fail("expected ',' or ']'")
        }
    }

    /// A member name: its bytes in the input when it has no escapes, else its text.
    enum Key {
        case bytes(UnsafeRawBufferPointer)
        case text(String)

        func `is`(_ s: StaticString) -> Bool {
            switch self {
            case .bytes(let b):
                guard b.count == s.utf8CodeUnitCount else { return false }
                for i in 0..<b.count where b[i] != s.utf8Start[i] { return false }
                return true
            case .text(let t): return t == s.description
            }
        }
        var string: String {
            switch self {
            case .bytes(let b): return String(decoding: b, as: UTF8.self)
            case .text(let t): return t
            }
        }
    }

    /// The bytes of the string whose opening quote is at `pos`, `pos` moved past it, when
    /// it has no escapes or control characters; nil, `pos` unchanged, otherwise.
    mutating func plainString() -> UnsafeRawBufferPointer? {
        var i = pos + 1
        while i < buf.count {
            let c = buf[i]
            if c == UInt8(ascii: "\"") {
                let r = UnsafeRawBufferPointer(rebasing: buf[(pos + 1)..<i])
                pos = i + 1
                return r
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard pos + n <= buf.count else { throw fail("unexpected end") }
        for i in 0..<n where buf[pos + i] != word.utf8Start[i] { throw fail("invalid literal") }
        pos += n
    }

    mutating func number() throws -> String {
        let start = pos
        if pos < buf.count && buf[pos] == UInt8(ascii: "-") { pos += 1 }
        let intStart = pos
        while pos < buf.count, buf[pos] >= 0x30, buf[pos] <= 0x39 { pos += 1 }
        guard pos > intStart else { throw fail("invalid number") }
        if buf[intStart] == 0x30 && pos - intStart > 1 { throw fail("leading zero") }
        if pos < buf.count && buf[pos] == UInt8(ascii: ".") {
            pos += 1
            let f = pos
            while pos < buf.count, buf[pos] >= 0x30, buf[pos] <= 0x39 { pos += 1 }
            guard pos > f else { throw fail("invalid fraction") }
        }
        if pos < buf.count && (buf[pos] == UInt8(ascii: "e") || buf[pos] == UInt8(ascii: "E")) {
            pos += 1
            if pos < buf.count && (buf[pos] == UInt8(ascii: "+") || buf[pos] == UInt8(ascii: "-")) { pos += 1 }
            let e = pos
            while pos < buf.count, buf[pos] >= 0x30, buf[pos] <= 0x39 { pos += 1 }
            guard pos > e else { throw fail("invalid exponent") }
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: buf[start..<pos]), as: UTF8.self)
    }

    mutating func string() throws -> String {
        if let plain = plainString() { return String(decoding: plain, as: UTF8.self) }
        pos += 1  // opening quote
        // Escapes or control characters.
        var bytes: [UInt8] = []
        while pos < buf.count {
            let c = buf[pos]
            if c == UInt8(ascii: "\"") { pos += 1; return String(decoding: bytes, as: UTF8.self) }
            guard c >= 0x20 else { throw fail("control character in string") }
            if c != UInt8(ascii: "\\") { bytes.append(c); pos += 1; continue }
            pos += 1
            guard pos < buf.count else { break }
            let e = buf[pos]; pos += 1
            switch e {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard pos + 6 <= buf.count, buf[pos] == UInt8(ascii: "\\"), buf[pos + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate")
                    }
                    pos += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("bad low surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("invalid code point") }
                bytes.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= buf.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = buf[pos]; pos += 1
            v <<= 4
            switch c {
            case 0x30...0x39: v |= UInt32(c - 0x30)
            case 0x41...0x46: v |= UInt32(c - 0x37)
            case 0x61...0x66: v |= UInt32(c - 0x57)
            default: throw fail("bad hex digit")
            }
        }
        return v
    }
}

/// Appends JSON text to a byte buffer.
public struct JSONWriter {
    public var out: [UInt8] = []
    public init() { out.reserveCapacity(4096) }

    public mutating func raw(_ s: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
    public mutating func byte(_ b: UInt8) { out.append(b) }

    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { string(bytes: $0) }
    }

    /// Writes `"key":`.
    public mutating func key(_ k: String) { string(k); out.append(UInt8(ascii: ":")) }

    public mutating func number<T: BinaryInteger>(_ n: T) { out.append(contentsOf: Array(String(n).utf8)) }

    public mutating func value(_ v: JSON) {
        switch v {
        case .null: raw("null")
        case .bool(let b): if b { raw("true") } else { raw("false") }
        case .number(let n): out.append(contentsOf: Array(n.utf8))
        case .string(let s): string(s)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, x) in a.enumerated() { if i > 0 { out.append(UInt8(ascii: ",")) }; value(x) }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (i, (k, x)) in o.enumerated() { if i > 0 { out.append(UInt8(ascii: ",")) }; key(k); value(x) }
            out.append(UInt8(ascii: "}"))
        }
    }
}

/// Base64 (RFC 4648) for InlineBinary and `_raw` values.
public enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let reverse: [UInt8] = {
        var r = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { r[Int(c)] = UInt8(i) }
        return r
    }()

    public static func encode(_ b: [UInt8]) -> String {
        var out = [UInt8](); out.reserveCapacity((b.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= b.count {
            let v = UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])
            out.append(alphabet[Int(v >> 18 & 63)]); out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)]); out.append(alphabet[Int(v & 63)])
            i += 3
        }
        let rest = b.count - i
        if rest > 0 {
            let v = UInt32(b[i]) << 16 | (rest > 1 ? UInt32(b[i + 1]) << 8 : 0)
            out.append(alphabet[Int(v >> 18 & 63)]); out.append(alphabet[Int(v >> 12 & 63)])
            out.append(rest > 1 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ s: String) -> [UInt8]? {
        var out = [UInt8](); out.reserveCapacity(s.utf8.count / 4 * 3)
        var acc: UInt32 = 0, n = 0
        for c in s.utf8 {
            if c == UInt8(ascii: "=") { break }
            let v = reverse[Int(c)]
            guard v != 0xFF else { return nil }
            acc = acc << 6 | UInt32(v); n += 1
            if n == 4 {
                out.append(UInt8(acc >> 16 & 0xFF)); out.append(UInt8(acc >> 8 & 0xFF)); out.append(UInt8(acc & 0xFF))
                acc = 0; n = 0
            }
        }
        switch n {
        case 2: out.append(UInt8(acc >> 4 & 0xFF))
        case 3: out.append(UInt8(acc >> 10 & 0xFF)); out.append(UInt8(acc >> 2 & 0xFF))
        case 1: return nil
        default: break
        }
        return out
    }
}
