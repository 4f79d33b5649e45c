/// A small JSON reader for profile files that remembers the line of every value and key,
/// so errors can name the line. `//` comments running to the end of a line are allowed
/// outside strings. Not for hot paths.
struct ProfileJSON {
    indirect enum Kind {
        case object([(key: String, keyLine: Int, value: ProfileJSON)])
        case array([ProfileJSON])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }
    var kind: Kind
    var line: Int

    var typeName: String {
        switch kind {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true or false"
        case .null: return "null"
        }
    }

    struct SyntaxError: Error { var line: Int; var message: String }

    static func parse(_ bytes: [UInt8]) throws -> ProfileJSON {
        var p = Parser(b: bytes)
        p.skip()
        let v = try p.value(depth: 0)
        p.skip()
        if p.i < bytes.count { throw p.fail("unexpected text after the end of the profile") }
        return v
    }

    struct Parser {
        let b: [UInt8]
        var i = 0
        var line = 1

        func fail(_ m: String) -> SyntaxError { SyntaxError(line: line, message: m) }

        mutating func skip() {
            while i < b.count {
                switch b[i] {
                case 0x0A: line += 1; i += 1
                case 0x20, 0x09, 0x0D: i += 1
                case UInt8(ascii: "/") where i + 1 < b.count && b[i + 1] == UInt8(ascii: "/"):
                    while i < b.count && b[i] != 0x0A { i += 1 }
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws -> ProfileJSON {
            guard depth < 64 else { throw fail("nesting too deep") }
            guard i < b.count else { throw fail("unexpected end of file") }
            let start = line
            switch b[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [(key: String, keyLine: Int, value: ProfileJSON)] = []
                skip()
                if i < b.count && b[i] == UInt8(ascii: "}") { i += 1; return ProfileJSON(kind: .object(members), line: start) }
                while true {
                    skip()
                    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                    let keyLine = line
                    let k = try string()
                    if members.contains(where: { $0.key == k }) { throw SyntaxError(line: keyLine, message: "duplicate key \"\(k)\"") }
                    skip()
                    guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(k)\"") }
                    i += 1
                    skip()
                    members.append((k, keyLine, try value(depth: depth + 1)))
                    skip()
                    guard i < b.count else { throw fail("unexpected end of file in an object") }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "}") { i += 1; return ProfileJSON(kind: .object(members), line: start) }
                    throw fail("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [ProfileJSON] = []
                skip()
                if i < b.count && b[i] == UInt8(ascii: "]") { i += 1; return ProfileJSON(kind: .array(items), line: start) }
                while true {
                    skip()
                    items.append(try value(depth: depth + 1))
                    skip()
                    guard i < b.count else { throw fail("unexpected end of file in an array") }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "]") { i += 1; return ProfileJSON(kind: .array(items), line: start) }
                    throw fail("expected ',' or ']'")
                }
            case UInt8(ascii: "\""):
                return ProfileJSON(kind: .string(try string()), line: start)
            case UInt8(ascii: "t"): try literal("true"); return ProfileJSON(kind: .bool(true), line: start)
            case UInt8(ascii: "f"): try literal("false"); return ProfileJSON(kind: .bool(false), line: start)
            case UInt8(ascii: "n"): try literal("null"); return ProfileJSON(kind: .null, line: start)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let s = i
                while i < b.count, "+-.eE0123456789".utf8.contains(b[i]) { i += 1 }
                return ProfileJSON(kind: .number(String(decoding: b[s..<i], as: UTF8.self)), line: start)
            default:
                throw fail("unexpected character '\(String(decoding: [b[i]], as: UTF8.self))'")
            }
        }

        mutating func literal(_ w: String) throws {
            let u = Array(w.utf8)
            guard i + u.count <= b.count, Array(b[i..<(i + u.count)]) == u else { throw fail("expected \(w)") }
            i += u.count
        }

        mutating func string() throws -> String {
            i += 1
            var out: [UInt8] = []
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                if c == 0x0A { throw fail("line break inside a string") }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard i < b.count else { break }
                    switch b[i] {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard i + 4 < b.count, let v = UInt32(String(decoding: b[(i + 1)...(i + 4)], as: UTF8.self), radix: 16)
                        else { throw fail("bad \\u escape") }
                        i += 4
                        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: throw fail("bad escape in a string")
                    }
                    i += 1
                    continue
                }
                out.append(c); i += 1
            }
            throw fail("unterminated string")
        }
    }
}
