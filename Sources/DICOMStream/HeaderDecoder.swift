import DICOMCore
import DICOMEncoding
import DICOMObject

/// Decodes a record header's `meta` and `dataset` members straight from the JSON bytes
/// into data sets, without building a JSON tree for them; every other member goes
/// through `JSONParser` and `RecordCodec.decode(_:)` as before. The result is the same
/// record the tree path gives: values it does not handle itself (PN, AT, members out of
/// the usual order) are handed to the same `ValueCodec` / `ElementMembers` code.
struct HeaderDecoder {
    var p: JSONParser

    /// A data set's (0008,0005) came after a value that its character set would have
    /// changed; the tree path, which reads (0008,0005) first, decodes the record instead.
    struct CharsetAfterUse: Error {}

    init(_ buf: UnsafeRawBufferPointer) { p = JSONParser(buf: buf) }

    mutating func record() throws -> Record {
        p.skipSpace()
        guard p.pos < p.buf.count, p.buf[p.pos] == UInt8(ascii: "{") else {
            return try RecordCodec.decode(JSONParser.parse(p.buf))
        }
        p.pos += 1
        var others: [(String, JSON)] = []
        var meta: DataSet?, dataset: DataSet?
        try members(depth: 0) { d, key in
            if key.is("meta") {
                meta = try d.dataSet(charset: .defaultRepertoire, depth: 1, path: { "meta" })
            } else if key.is("dataset") {
                dataset = try d.dataSet(charset: nil, depth: 1, path: { "dataset" })
            } else {
                others.append((key.string, try d.p.value(depth: 1)))
            }
        }
        p.skipSpace()
        guard p.pos == p.buf.count else { throw JSONError(message: "trailing characters", offset: p.pos) }
        return try RecordCodec.decode(.object(others), meta: meta, dataset: dataset)
    }

    /// A member name: its bytes in the header when it has no escapes, else its text.
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
        var isExtension: Bool {
            switch self {
            case .bytes(let b): return b.first == UInt8(ascii: "_")
            case .text(let t): return t.hasPrefix("_")
            }
        }
        var tag: Tag? {
            switch self {
            case .bytes(let b):
                guard b.count == 8 else { return nil }
                var v: UInt32 = 0
                for c in b {
                    switch c {
                    case 0x30...0x39: v = v << 4 | UInt32(c - 0x30)
                    case 0x41...0x46: v = v << 4 | UInt32(c - 0x37)
                    case 0x61...0x66: v = v << 4 | UInt32(c - 0x57)
                    default: return nil
                    }
                }
                return Tag(v)
            case .text(let t): return Tag(hex: t)
            }
        }
    }

    mutating func key() throws -> Key {
        var i = p.pos + 1
        while i < p.buf.count {
            let c = p.buf[i]
            if c == UInt8(ascii: "\"") {
                let k = Key.bytes(UnsafeRawBufferPointer(rebasing: p.buf[(p.pos + 1)..<i]))
                p.pos = i + 1
                return k
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { break }
            i += 1
        }
        return .text(try p.string())
    }

    /// Reads `"key": value` pairs up to the closing brace (the opening one already read),
    /// handing each key to `body`, which must consume the value.
    mutating func members(depth: Int, _ body: (inout HeaderDecoder, Key) throws -> Void) throws {
        p.skipSpace()
        if p.pos < p.buf.count && p.buf[p.pos] == UInt8(ascii: "}") { p.pos += 1; return }
        while true {
            p.skipSpace()
            guard p.pos < p.buf.count, p.buf[p.pos] == UInt8(ascii: "\"") else { throw p.fail("expected a key") }
            let k = try key()
            p.skipSpace()
            guard p.pos < p.buf.count, p.buf[p.pos] == UInt8(ascii: ":") else { throw p.fail("expected ':'") }
            p.pos += 1; p.skipSpace()
            try body(&self, k)
            p.skipSpace()
            guard p.pos < p.buf.count else { throw p.fail("unexpected end in object") }
            if p.buf[p.pos] == UInt8(ascii: ",") { p.pos += 1; continue }
            if p.buf[p.pos] == UInt8(ascii: "}") { p.pos += 1; return }
            throw p.fail("expected ',' or '}'")
        }
    }

    /// True (and past the byte) when the next byte is `c`.
    mutating func take(_ c: UInt8) -> Bool {
        if p.pos < p.buf.count && p.buf[p.pos] == c { p.pos += 1; return true }
        return false
    }

    mutating func dataSet(charset inherited: SpecificCharacterSet?, depth: Int, path: () -> String) throws -> DataSet {
        guard depth < JSONParser.maxDepth else { throw p.fail("nesting too deep") }
        guard take(UInt8(ascii: "{")) else {
            return try RecordCodec.decodeDataSet(p.value(depth: depth), charset: inherited, path: path())
        }
        var charset = inherited ?? .defaultRepertoire
        var charsetUsed = false, charsetSeen = false
        var ds = DataSet()
        try members(depth: depth) { d, key in
            if key.is("_ul") { ds.undefinedLength = try d.p.value(depth: depth + 1).boolValue ?? false; return }
            if key.isExtension { _ = try d.p.value(depth: depth + 1); return }
            guard let tag = key.tag else { throw ValueError("\(path()): \(key.string) is not a tag") }
            if tag == .specificCharacterSet {
                guard !charsetUsed, !charsetSeen else { throw CharsetAfterUse() }
                charsetSeen = true
                let e = try d.element(tag, charset: .defaultRepertoire, depth: depth + 1, used: &charsetUsed, path: path)
                if let b = e.bytes { charset = SpecificCharacterSet(rawValue: b) }
                ds.elements.append(e)
                return
            }
            ds.elements.append(try d.element(tag, charset: charset, depth: depth + 1, used: &charsetUsed, path: path))
        }
        return ds
    }

    /// One element object. `used` becomes true when the value depended on the character set.
    mutating func element(_ tag: Tag, charset: SpecificCharacterSet, depth: Int, used: inout Bool,
                          path: () -> String) throws -> Element {
        guard depth < JSONParser.maxDepth else { throw p.fail("nesting too deep") }
        guard take(UInt8(ascii: "{")) else {
            used = true
            return try RecordCodec.decodeElement(tag, p.value(depth: depth), charset: charset, path: path())
        }
        var m = ElementMembers()
        var vr: VR?
        // As in a JSON object lookup, the first of repeated members counts.
        var seen: UInt16 = 0
        func first(_ bit: UInt16) -> Bool { defer { seen |= bit }; return seen & bit == 0 }
        try members(depth: depth) { d, key in
            if key.is("vr") {
                guard first(1) else { _ = try d.p.value(depth: depth + 1); return }
                // The usual `"XX"` without building a JSON value.
                let q = d.p.pos, b = d.p.buf
                if q + 3 < b.count, b[q] == 0x22, b[q + 3] == 0x22, let code = VR(b[q + 1], b[q + 2]) {
                    d.p.pos = q + 4; vr = code; m.vr = code.rawValue
                } else {
                    m.vr = try d.p.value(depth: depth + 1).stringValue; vr = m.vr.flatMap { VR(rawValue: $0) }
                }
                return
            }
            if key.is("Value") {
                guard first(2) else { _ = try d.p.value(depth: depth + 1); return }
                if let vr { m.value = try d.value(vr: vr, tag: tag, charset: charset, depth: depth + 1, used: &used, path: path) }
                else { m.value = .json(try d.p.value(depth: depth + 1)); used = true }
                return
            }
            let v = try d.p.value(depth: depth + 1)
            if key.is("BulkDataURI") { if first(4) { m.bulkDataURI = v.stringValue } }
            else if key.is("_len") { if first(8) { m.length = v.intValue } }
            else if key.is("_vr") { if first(16) { m.wireVR = v.stringValue } }
            else if key.is("_ul") { if first(32) { m.undefinedLength = v.boolValue ?? false } }
            else if key.is("_encap") { if first(64) { m.encapsulated = v.boolValue ?? false } }
            else if key.is("InlineBinary") { if first(128) { m.inlineBinary = v.stringValue } }
            else if key.is("_raw") { if first(256) { m.raw = v.stringValue }; used = true }
        }
        return try m.element(tag, charset: charset, path: path)
    }

    /// A `Value` array whose element VR is known.
    mutating func value(vr: VR, tag: Tag, charset: SpecificCharacterSet, depth: Int, used: inout Bool,
                        path: () -> String) throws -> ElementMembers.Value {
        guard depth < JSONParser.maxDepth else { throw p.fail("nesting too deep") }
        let start = p.pos
        guard take(UInt8(ascii: "[")) else { return .json(try p.value(depth: depth)) }
        if vr == .SQ {
            used = true  // items inherit the character set
            var items: [DataSet] = []
            try elements(depth: depth) { d in
                let i = items.count
                items.append(try d.dataSet(charset: charset, depth: depth + 1, path: { "\(path()) \(tag)[\(i)]" }))
            }
            return .items(items)
        }
        if vr.isString && vr != .PN {
            var b: [UInt8] = []
            var n = 0
            try elements(depth: depth) { d in
                if n > 0 { b.append(0x5C) }
                n += 1
                guard d.p.pos < d.p.buf.count else { throw d.p.fail("unexpected end") }
                switch d.p.buf[d.p.pos] {
                case UInt8(ascii: "\""): try d.appendString(to: &b)
                case UInt8(ascii: "n"): try d.p.literal("null")
                case UInt8(ascii: "-"), 0x30...0x39: b.append(contentsOf: try d.p.number().utf8)
                default:
                    _ = try d.p.value(depth: depth + 1)
                    throw ValueError("\(vr.rawValue) value must be a string")
                }
            }
            if b.contains(where: { $0 >= 0x80 || $0 == 0x1B }) {
                used = true
                return .bytes(TextValue.encode(String(decoding: b, as: UTF8.self), vr: vr, charset: charset))
            }
            if b.count & 1 == 1 { b.append(vr.paddingByte) }
            return .bytes(b)
        }
        // Everything else (numbers, PN, AT) through the general value codec.
        p.pos = start
        let json = try p.value(depth: depth)
        if vr == .PN { used = true }
        return .json(json)
    }

    /// Reads array elements up to the closing bracket (the opening one already read).
    mutating func elements(depth: Int, _ body: (inout HeaderDecoder) throws -> Void) throws {
        p.skipSpace()
        if take(UInt8(ascii: "]")) { return }
        while true {
            p.skipSpace()
            try body(&self)
            p.skipSpace()
            guard p.pos < p.buf.count else { throw p.fail("unexpected end in array") }
            if take(UInt8(ascii: ",")) { continue }
            if take(UInt8(ascii: "]")) { return }
            throw p.fail("expected ',' or ']'")
        }
    }

    /// Appends a JSON string's UTF-8 bytes; strings without escapes are copied as they are.
    mutating func appendString(to b: inout [UInt8]) throws {
        var i = p.pos + 1
        while i < p.buf.count {
            let c = p.buf[i]
            if c == UInt8(ascii: "\"") {
                b.append(contentsOf: UnsafeRawBufferPointer(rebasing: p.buf[(p.pos + 1)..<i]))
                p.pos = i + 1
                return
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { break }
            i += 1
        }
        b.append(contentsOf: try p.string().utf8)
    }
}
