import DICOMCore
import DICOMEncoding
import DICOMObject

/// The record header decoder: a header's `meta` and `dataset` members are decoded straight
/// from the JSON bytes into data sets, without building a JSON tree; every other member goes
/// through `JSONParser` and `RecordCodec.decode(_:)` as before. The result is the same
/// record the tree path gives: values it does not handle itself (PN, AT, members out of
/// the usual order) are handed to the same `ValueCodec` / `ElementMembers` code.
extension JSONParser {
    /// A data set's (0008,0005) came after a value that its character set would have
    /// changed; the tree path, which reads (0008,0005) first, decodes the record instead.
    struct CharsetAfterUse: Error {}

    mutating func record() throws -> Record {
        skipSpace()
        guard pos < buf.count, buf[pos] == UInt8(ascii: "{") else {
            return try RecordCodec.decode(JSONParser.parse(buf))
        }
        pos += 1
        var others: [(String, JSON)] = []
        var meta: DataSet?, dataset: DataSet?
        try members { d, key in
            if key.is("meta") {
                meta = try d.dataSet(charset: .defaultRepertoire, depth: 1, path: { "meta" })
            } else if key.is("dataset") {
                dataset = try d.dataSet(charset: nil, depth: 1, path: { "dataset" })
            } else {
                others.append((key.string, try d.value(depth: 1)))
            }
        }
        skipSpace()
        guard pos == buf.count else { throw JSONError(message: "trailing characters", offset: pos) }
        return try RecordCodec.decode(.object(others), meta: meta, dataset: dataset)
    }

    mutating func dataSet(charset inherited: SpecificCharacterSet?, depth: Int, path: () -> String) throws -> DataSet {
        guard depth < JSONParser.maxDepth else { throw fail("nesting too deep") }
        guard take(UInt8(ascii: "{")) else {
            return try RecordCodec.decodeDataSet(value(depth: depth), charset: inherited, path: path())
        }
        var charset = inherited ?? .defaultRepertoire
        var charsetUsed = false, charsetSeen = false
        var ds = DataSet()
        try members { d, key in
            if key.is("_ul") { ds.undefinedLength = try d.value(depth: depth + 1).boolValue ?? false; return }
            if key.is("_over") { ds.lengthOverrun = UInt32(clamping: try d.value(depth: depth + 1).intValue ?? 0); return }
            if key.isExtension { _ = try d.value(depth: depth + 1); return }
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
    mutating func element(
        _ tag: Tag, charset: SpecificCharacterSet, depth: Int, used: inout Bool,
        path: () -> String
    ) throws -> Element {
        guard depth < JSONParser.maxDepth else { throw fail("nesting too deep") }
        guard take(UInt8(ascii: "{")) else {
            used = true
            return try RecordCodec.decodeElement(tag, value(depth: depth), charset: charset, path: path())
        }
        var m = ElementMembers()
        var vr: VR?
        // As in a JSON object lookup, the first of repeated members counts.
        var seen: UInt16 = 0
        func first(_ bit: UInt16) -> Bool { defer { seen |= bit }; return seen & bit == 0 }
        try members { d, key in
            if key.is("vr") {
                guard first(1) else { _ = try d.value(depth: depth + 1); return }
                // The usual `"XX"` without building a JSON value.
                let q = d.pos, b = d.buf
                if q + 3 < b.count, b[q] == 0x22, b[q + 3] == 0x22, let code = VR(b[q + 1], b[q + 2]) {
                    d.pos = q + 4; vr = code; m.vr = code.rawValue
                } else {
                    m.vr = try d.value(depth: depth + 1).stringValue; vr = m.vr.flatMap { VR(rawValue: $0) }
                }
                return
            }
            if key.is("Value") {
                guard first(2) else { _ = try d.value(depth: depth + 1); return }
                if let vr {
                    m.value = try d.elementValue(vr: vr, tag: tag, charset: charset, depth: depth + 1, used: &used, path: path)
                } else {
                    m.value = .json(try d.value(depth: depth + 1)); used = true
                }
                return
            }
            let v = try d.value(depth: depth + 1)
            if key.is("BulkDataURI") {
                if first(4) { m.bulkDataURI = v.stringValue }
            } else if key.is("_len") {
                if first(8) { m.length = v.intValue }
            } else if key.is("_vr") {
                if first(16) { m.wireVR = v.stringValue }
            } else if key.is("_vrcode") {
                if first(512) { m.wireVRCode = v.stringValue }
            } else if key.is("_ul") {
                if first(32) { m.undefinedLength = v.boolValue ?? false }
            } else if key.is("_encap") {
                if first(64) { m.encapsulated = v.boolValue ?? false }
            } else if key.is("InlineBinary") {
                if first(128) { m.inlineBinary = v.stringValue }
            } else if key.is("_raw") {
                if first(256) { m.raw = v.stringValue }; used = true
            }
        }
        return try m.element(tag, charset: charset, path: path)
    }

    /// A `Value` array whose element VR is known.
    mutating func elementValue(
        vr: VR, tag: Tag, charset: SpecificCharacterSet, depth: Int, used: inout Bool,
        path: () -> String
    ) throws -> ElementMembers.Value {
        guard depth < JSONParser.maxDepth else { throw fail("nesting too deep") }
        let start = pos
        guard take(UInt8(ascii: "[")) else { return .json(try value(depth: depth)) }
        if vr == .SQ {
            used = true  // items inherit the character set
            var items: [DataSet] = []
            try elements { d in
                let i = items.count
                items.append(try d.dataSet(charset: charset, depth: depth + 1, path: { "\(path()) \(tag)[\(i)]" }))
            }
            return .items(items)
        }
        if vr.isString && vr != .PN {
            var b: [UInt8] = []
            var n = 0
            try elements { d in
                if n > 0 { b.append(0x5C) }
                n += 1
                guard d.pos < d.buf.count else { throw d.fail("unexpected end") }
                switch d.buf[d.pos] {
                case UInt8(ascii: "\""): try d.appendString(to: &b)
                case UInt8(ascii: "n"): try d.literal("null")
                case UInt8(ascii: "-"), 0x30...0x39: b.append(contentsOf: try d.number().utf8)
                default:
                    _ = try d.value(depth: depth + 1)
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
        pos = start
        let json = try value(depth: depth)
        if vr == .PN { used = true }
        return .json(json)
    }

    /// Appends a JSON string's UTF-8 bytes; strings without escapes are copied as they are.
    mutating func appendString(to b: inout [UInt8]) throws {
        if let plain = plainString() { b.append(contentsOf: plain) } else { b.append(contentsOf: try string().utf8) }
    }
}

extension JSONParser.Key {
    /// Members that extend the DICOM JSON model start with "_".
    var isExtension: Bool {
        switch self {
        case .bytes(let b): return b.first == UInt8(ascii: "_")
        case .text(let t): return t.hasPrefix("_")
        }
    }

    /// The tag a data set member's `GGGGEEEE` name stands for.
    var tag: Tag? {
        switch self {
        case .bytes(let b): return Tag(hexDigits: b)
        case .text(let t): return Tag(hex: t)
        }
    }
}
