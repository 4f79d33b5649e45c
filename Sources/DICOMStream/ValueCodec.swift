import DICOMCore
import DICOMEncoding
import DICOMObject

/// Converts element value bytes to and from the `Value` arrays of the DICOM JSON model
/// (PS3.18 F.2). Conversions that would not give the same bytes back are detected by the
/// record codec, which then carries the original bytes as well.
public enum ValueCodec {
    /// The JSON values of `bytes`; nil when they cannot be decoded (e.g. invalid text).
    public static func values(_ bytes: [UInt8], vr: VR, charset: SpecificCharacterSet) -> [JSON]? {
        if bytes.isEmpty { return [] }
        switch vr {
        case .PN:
            guard let vals = TextValue.decodeValues(bytes, vr: vr, charset: charset) else { return nil }
            return vals.map { v -> JSON in
                if v.isEmpty { return .null }
                let groups = v.split(separator: "=", omittingEmptySubsequences: false)
                var members: [(String, JSON)] = []
                for (i, name) in ["Alphabetic", "Ideographic", "Phonetic"].enumerated() where i < groups.count && !groups[i].isEmpty {
                    members.append((name, .string(String(groups[i]))))
                }
                // More than three groups cannot be expressed; the raw bytes cover it.
                return .object(members)
            }
        case .DS, .IS:
            guard let vals = TextValue.decodeValues(bytes, vr: vr, charset: .defaultRepertoire) else { return nil }
            return vals.map { v in
                if v.isEmpty { return .null }
                return isJSONNumber(v) ? .number(v) : .string(v)
            }
        case _ where vr.isString:
            guard let vals = TextValue.decodeValues(bytes, vr: vr, charset: charset) else { return nil }
            return vals.map { $0.isEmpty && !vr.isSingleValuedText ? .null : .string($0) }
        case .AT:
            var out: [JSON] = []
            var i = 0
            while i + 4 <= bytes.count {
                let g = UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
                let e = UInt16(bytes[i + 2]) | UInt16(bytes[i + 3]) << 8
                out.append(.string(Tag(group: g, element: e).hex)); i += 4
            }
            return out
        case .US, .SS, .UL, .SL, .UV, .SV, .FL, .FD:
            return numbers(bytes, vr: vr)
        default:
            return nil  // blobs are InlineBinary or bulk data, not Value
        }
    }

    static func numbers(_ b: [UInt8], vr: VR) -> [JSON] {
        let size = vr.wordSize
        var out: [JSON] = []
        out.reserveCapacity(b.count / size)
        b.withUnsafeBytes { raw in
            var i = 0
            while i + size <= raw.count {
                let s: String
                switch vr {
                case .US: s = String(raw.loadUnaligned(fromByteOffset: i, as: UInt16.self).littleEndian)
                case .SS: s = String(raw.loadUnaligned(fromByteOffset: i, as: Int16.self).littleEndian)
                case .UL: s = String(raw.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian)
                case .SL: s = String(raw.loadUnaligned(fromByteOffset: i, as: Int32.self).littleEndian)
                case .UV: s = String(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian)
                case .SV: s = String(raw.loadUnaligned(fromByteOffset: i, as: Int64.self).littleEndian)
                case .FL: s = jsonFloat(Float(bitPattern: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian))
                default: s = jsonFloat(Double(bitPattern: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian))
                }
                out.append(isJSONNumber(s) ? .number(s) : .string(s))
                i += size
            }
        }
        return out
    }

    static func jsonFloat<F: BinaryFloatingPoint & LosslessStringConvertible>(_ f: F) -> String {
        guard f.isFinite else { return f.isNaN ? "NaN" : (f < 0 ? "-Infinity" : "Infinity") }
        return String(f)
    }

    /// Encodes JSON values as value bytes of `vr`, padded to even length.
    public static func bytes(_ values: [JSON], vr: VR, charset: SpecificCharacterSet) throws -> [UInt8] {
        if values.isEmpty { return [] }
        switch vr {
        case .PN:
            let texts = try values.map { v -> String in
                switch v {
                case .null: return ""
                case .string(let s): return s
                case .object(let m):
                    var groups = ["Alphabetic", "Ideographic", "Phonetic"].map { k in m.first { $0.0 == k }?.1.stringValue ?? "" }
                    while let l = groups.last, l.isEmpty { groups.removeLast() }
                    return groups.joined(separator: "=")
                default: throw ValueError("PN value must be an object")
                }
            }
            return TextValue.encode(texts.joined(separator: "\\"), vr: vr, charset: charset)
        case _ where vr.isString:
            var b: [UInt8] = []
            for (i, v) in values.enumerated() {
                if i > 0 { b.append(0x5C) }
                switch v {
                case .null: break
                case .string(let s): b.append(contentsOf: s.utf8)
                case .number(let n): b.append(contentsOf: n.utf8)
                default: throw ValueError("\(vr.rawValue) value must be a string")
                }
            }
            // Plain ASCII is the same bytes in every character set; anything else is encoded.
            if b.contains(where: { $0 >= 0x80 || $0 == 0x1B }) {
                return TextValue.encode(String(decoding: b, as: UTF8.self), vr: vr, charset: charset)
            }
            if b.count & 1 == 1 { b.append(vr.paddingByte) }
            return b
        case .AT:
            var out: [UInt8] = []
            for v in values {
                guard let s = v.stringValue, let t = Tag(hex: s) else { throw ValueError("AT value must be GGGGEEEE") }
                out += [UInt8(t.group & 0xFF), UInt8(t.group >> 8), UInt8(t.element & 0xFF), UInt8(t.element >> 8)]
            }
            return out
        case .US, .SS, .UL, .SL, .UV, .SV, .FL, .FD:
            var out: [UInt8] = []
            out.reserveCapacity(values.count * vr.wordSize)
            for v in values {
                let text: String
                switch v {
                case .number(let n): text = n
                case .string(let s): text = s
                default: throw ValueError("\(vr.rawValue) value must be a number")
                }
                guard try appendNumber(text, vr: vr, to: &out) else {
                    throw ValueError("\(vr.rawValue) value out of range or not a number")
                }
            }
            return out
        default:
            throw ValueError("\(vr.rawValue) takes InlineBinary or BulkDataURI, not Value")
        }
    }

    static func appendNumber(_ t: String, vr: VR, to out: inout [UInt8]) throws -> Bool {
        func put<T: FixedWidthInteger>(_ v: T?) -> Bool {
            guard let v else { return false }
            withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }; return true
        }
        switch vr {
        case .US: return put(UInt16(t) ?? integral(t).flatMap { UInt16(exactly: $0) })
        case .SS: return put(Int16(t) ?? integral(t).flatMap { Int16(exactly: $0) })
        case .UL: return put(UInt32(t) ?? integral(t).flatMap { UInt32(exactly: $0) })
        case .SL: return put(Int32(t) ?? integral(t).flatMap { Int32(exactly: $0) })
        case .UV: return put(UInt64(t))
        case .SV: return put(Int64(t))
        case .FL:
            guard let f = parseFloat(t).map(Float.init) ?? Float(t) else { return false }
            return put(f.bitPattern)
        default:
            guard let d = parseFloat(t) else { return false }
            return put(d.bitPattern)
        }
    }
    static func integral(_ t: String) -> Double? { Double(t).flatMap { $0.rounded() == $0 ? $0 : nil } }
    static func parseFloat(_ t: String) -> Double? {
        switch t {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(t)
        }
    }

    /// True when `s` is a JSON number token (so DS/IS text can be carried verbatim).
    public static func isJSONNumber(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isJSONNumber($0) }
    }

    /// True when the bytes are one JSON number token.
    static func isJSONNumber(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = u.count
        if i < n && u[i] == UInt8(ascii: "-") { i += 1 }
        func digits() -> Int { let s = i; while i < n, u[i] >= 0x30, u[i] <= 0x39 { i += 1 }; return i - s }
        guard i < n else { return false }
        let first = u[i]
        let d = digits()
        if d == 0 || (first == 0x30 && d > 1) { return false }
        if i < n && u[i] == UInt8(ascii: ".") { i += 1; if digits() == 0 { return false } }
        if i < n && (u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E")) {
            i += 1
            if i < n && (u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-")) { i += 1 }
            if digits() == 0 { return false }
        }
        return i == n
    }
}

/// A JSON value that does not fit its element's VR.
public struct ValueError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ m: String) { message = m }
    public var description: String { message }
}
