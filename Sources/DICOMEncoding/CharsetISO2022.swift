import DICOMCore

// The ISO/IEC 2022 model used for every Specific Character Set except ISO_IR 192,
// GB18030 and GBK (PS3.5 6.1.2.5, PS3.3 C.12.1.1.2).
//
// State: a G0 set invoked in GL (0x21-0x7E) and an optional G1 set invoked in GR
// (0xA0-0xFF). Escape sequences designate sets; the state returns to the initial state
// (that of value 1 of (0008,0005)) after the value delimiter, the PN delimiters, and
// CR, LF, FF, TAB.

/// Single-byte 96-character sets designated to G1 with ESC 02/13 F; the raw value is F.
enum SingleByteSet: UInt8, Hashable, Sendable {
    case latin1 = 0x41  // ISO-IR 100
    case latin2 = 0x42  // ISO-IR 101
    case latin3 = 0x43  // ISO-IR 109
    case latin4 = 0x44  // ISO-IR 110
    case greek = 0x46  // ISO-IR 126
    case arabic = 0x47  // ISO-IR 127
    case hebrew = 0x48  // ISO-IR 138
    case cyrillic = 0x4C  // ISO-IR 144
    case latin5 = 0x4D  // ISO-IR 148
    case thai = 0x54  // ISO-IR 166

    var table: SingleByteTable {
        switch self {
        case .latin1: return Tables.latin1
        case .latin2: return Tables.latin2
        case .latin3: return Tables.latin3
        case .latin4: return Tables.latin4
        case .greek: return Tables.greek
        case .arabic: return Tables.arabic
        case .hebrew: return Tables.hebrew
        case .cyrillic: return Tables.cyrillic
        case .latin5: return Tables.latin5
        case .thai: return Tables.thai
        }
    }

    /// Lazily built, thread-safe (Swift global initialisation).
    private enum Tables {
        static let latin1 = SingleByteTable.latin1()
        static let latin2 = SingleByteTable.fromIconv("ISO-8859-2")
        static let latin3 = SingleByteTable.fromIconv("ISO-8859-3")
        static let latin4 = SingleByteTable.fromIconv("ISO-8859-4")
        static let greek = SingleByteTable.fromIconv("ISO-8859-7")
        static let arabic = SingleByteTable.fromIconv("ISO-8859-6")
        static let hebrew = SingleByteTable.fromIconv("ISO-8859-8")
        static let cyrillic = SingleByteTable.fromIconv("ISO-8859-5")
        static let latin5 = SingleByteTable.fromIconv("ISO-8859-9")
        static let thai = SingleByteTable.fromIconv("TIS-620")
    }
}

/// Sets invoked in GL.
enum G0Set: Hashable, Sendable {
    /// ISO-IR 6 (ESC ( B).
    case ascii
    /// JIS X 0201 Romaji, ISO-IR 14 (ESC ( J). Decoded and encoded as ASCII: 0x5C stays
    /// REVERSE SOLIDUS (DICOM treats it as the value delimiter) and 0x7E stays TILDE.
    case jisRoman
    /// JIS X 0208, ISO-IR 87 (ESC $ B), two bytes per character.
    case jisX0208
    /// JIS X 0212, ISO-IR 159 (ESC $ ( D), two bytes per character.
    case jisX0212

    var isMultiByte: Bool { self == .jisX0208 || self == .jisX0212 }

    var escape: [UInt8] {
        switch self {
        case .ascii: return [0x1B, 0x28, 0x42]
        case .jisRoman: return [0x1B, 0x28, 0x4A]
        case .jisX0208: return [0x1B, 0x24, 0x42]
        case .jisX0212: return [0x1B, 0x24, 0x28, 0x44]
        }
    }
}

/// Sets invoked in GR.
enum G1Set: Hashable, Sendable {
    case single(SingleByteSet)
    /// JIS X 0201 Katakana, ISO-IR 13 (ESC ) I): 0xA1-0xDF = U+FF61-U+FF9F.
    case katakana
    /// KS X 1001, ISO-IR 149 (ESC $ ) C), two GR bytes per character.
    case ksx1001
    /// GB 2312, ISO-IR 58 (ESC $ ) A), two GR bytes per character.
    case gb2312

    var escape: [UInt8] {
        switch self {
        case .single(let s): return [0x1B, 0x2D, s.rawValue]
        case .katakana: return [0x1B, 0x29, 0x49]
        case .ksx1001: return [0x1B, 0x24, 0x29, 0x43]
        case .gb2312: return [0x1B, 0x24, 0x29, 0x41]
        }
    }
}

/// One designatable set, in the order the terms list them (used to pick sets when encoding).
enum CodeElement: Hashable, Sendable {
    case g0(G0Set)
    case g1(G1Set)
}

struct CodeState: Hashable, Sendable {
    var g0: G0Set
    var g1: G1Set?
}

/// Everything derived from the terms for the ISO 2022 model.
struct ISO2022Plan: Hashable, Sendable {
    /// State at the start of a value and after every reset, for encoding.
    var initial: CodeState
    /// As `initial`, but with an implicit G1 set when value 1 has none and exactly one G1
    /// set is listed (tolerates writers that omit the G1 escape sequence, e.g. Korean).
    var decodeInitial: CodeState
    /// Known sets from the terms, in order, without duplicates.
    var elements: [CodeElement]
}

// MARK: - Decoding

extension ISO2022Plan {
    func decode(_ p: UnsafeBufferPointer<UInt8>, vr: VR) -> String? {
        let n = p.count
        var out: [UInt8] = []
        out.reserveCapacity(n * 2 + 8)
        // Bytes waiting for one iconv call (EUC form); ASCII is shared by all these codecs.
        var pending: [UInt8] = []
        var pendingCodec: IconvCodec? = nil

        func flush(_ out: inout [UInt8]) -> Bool {
            guard let codec = pendingCodec else { return true }
            pendingCodec = nil
            defer { pending.removeAll(keepingCapacity: true) }
            return pending.withUnsafeBufferPointer {
                IconvPools.decoder(codec).convert($0, appendingTo: &out, strict: false)
            }
        }

        let start = decodeInitial
        var g0 = start.g0
        var g1 = start.g1
        let resetOnBackslash = !vr.isSingleValuedText
        let isPN = vr == .PN
        var i = 0
        while i < n {
            let b = p[i]
            if b == 0x1B {
                guard let (len, designation) = ISO2022Plan.parseEscape(p, at: i) else { return nil }
                switch designation {
                case .g0(let s): g0 = s
                case .g1(let s): g1 = s
                }
                i += len
                continue
            }
            if b >= 0x80 {
                guard let set = g1 else { return nil }
                switch set {
                case .single(let s):
                    let v = s.table.toScalar[Int(b &- 0x80)]
                    guard v != 0 else { return nil }
                    guard flush(&out) else { return nil }
                    appendUTF8(v, to: &out)
                    i += 1
                case .katakana:
                    guard b >= 0xA1 && b <= 0xDF else { return nil }
                    guard flush(&out) else { return nil }
                    appendUTF8(0xFF61 + UInt32(b - 0xA1), to: &out)
                    i += 1
                case .ksx1001, .gb2312:
                    guard i + 1 < n, b >= 0xA1, b <= 0xFE, p[i + 1] >= 0xA1, p[i + 1] <= 0xFE else { return nil }
                    let codec: IconvCodec = set == .ksx1001 ? .eucKR : .gb2312
                    if pendingCodec != codec {
                        guard flush(&out) else { return nil }
                        pendingCodec = codec
                    }
                    pending.append(b)
                    pending.append(p[i + 1])
                    i += 2
                }
                continue
            }
            if g0.isMultiByte && b >= 0x21 && b <= 0x7E {
                guard i + 1 < n, p[i + 1] >= 0x21, p[i + 1] <= 0x7E else { return nil }
                if pendingCodec != .eucJP {
                    guard flush(&out) else { return nil }
                    pendingCodec = .eucJP
                }
                if g0 == .jisX0212 { pending.append(0x8F) }
                pending.append(b | 0x80)
                pending.append(p[i + 1] | 0x80)
                i += 2
                continue
            }
            // A G0 single-byte character, SPACE, DEL or a C0 control.
            if pendingCodec != nil { pending.append(b) } else { out.append(b) }
            switch b {
            case 0x0D, 0x0A, 0x0C, 0x09:
                g0 = start.g0; g1 = start.g1
            case 0x5C where resetOnBackslash:
                g0 = start.g0; g1 = start.g1
            case 0x5E, 0x3D:
                if isPN { g0 = start.g0; g1 = start.g1 }
            default:
                break
            }
            i += 1
        }
        guard flush(&out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses the escape sequence at `p[i]` (which is ESC): its length and what it designates;
    /// nil when truncated or not one this toolkit knows.
    static func parseEscape(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (Int, CodeElement)? {
        var j = i + 1
        while j < p.count, p[j] >= 0x20, p[j] <= 0x2F { j += 1 }
        guard j < p.count, p[j] >= 0x30, p[j] <= 0x7E else { return nil }
        let final = p[j]
        let len = j - i + 1
        let element: CodeElement?
        switch len {
        case 3:
            switch (p[i + 1], final) {
            case (0x28, 0x42): element = .g0(.ascii)  // ESC ( B
            case (0x28, 0x4A): element = .g0(.jisRoman)  // ESC ( J
            case (0x24, 0x42): element = .g0(.jisX0208)  // ESC $ B
            case (0x29, 0x49): element = .g1(.katakana)  // ESC ) I
            case (0x2D, _):  // ESC - F
                element = SingleByteSet(rawValue: final).map { .g1(.single($0)) }
            default: element = nil
            }
        case 4:
            switch (p[i + 1], p[i + 2], final) {
            case (0x24, 0x28, 0x42): element = .g0(.jisX0208)  // ESC $ ( B
            case (0x24, 0x28, 0x44): element = .g0(.jisX0212)  // ESC $ ( D
            case (0x24, 0x29, 0x43): element = .g1(.ksx1001)  // ESC $ ) C
            case (0x24, 0x29, 0x41): element = .g1(.gb2312)  // ESC $ ) A
            default: element = nil
            }
        default:
            element = nil
        }
        guard let element else { return nil }
        return (len, element)
    }
}

// MARK: - Encoding

extension ISO2022Plan {
    func encode(_ text: String, vr: VR) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        var leases = IconvLeases()
        var g0 = initial.g0
        var g1 = initial.g1
        let back = initial.g0.escape  // ESC ( B, or ESC ( J when value 1 is ISO 2022 IR 13
        let resetOnBackslash = !vr.isSingleValuedText
        let isPN = vr == .PN

        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                if v == 0x1B { return nil }  // would be read as an escape sequence
                if g0.isMultiByte {
                    out.append(contentsOf: back)
                    g0 = initial.g0
                }
                out.append(UInt8(v))
                switch v {
                case 0x0D, 0x0A, 0x0C, 0x09:
                    g0 = initial.g0; g1 = initial.g1
                case 0x5C where resetOnBackslash:
                    g0 = initial.g0; g1 = initial.g1
                case 0x5E, 0x3D:
                    if isPN { g0 = initial.g0; g1 = initial.g1 }
                default:
                    break
                }
                continue
            }
            // Prefer the sets already invoked, then the terms in order.
            if let g1set = g1, let bytes = ISO2022Plan.encode(scalar, in: .g1(g1set), &leases) {
                out.append(contentsOf: bytes)
                continue
            }
            if g0.isMultiByte, let bytes = ISO2022Plan.encode(scalar, in: .g0(g0), &leases) {
                out.append(contentsOf: bytes)
                continue
            }
            var done = false
            for element in elements {
                switch element {
                case .g0(let s):
                    guard s.isMultiByte, s != g0 else { continue }
                case .g1(let s):
                    guard s != g1 else { continue }
                }
                guard let bytes = ISO2022Plan.encode(scalar, in: element, &leases) else { continue }
                switch element {
                case .g0(let s): out.append(contentsOf: s.escape); g0 = s
                case .g1(let s): out.append(contentsOf: s.escape); g1 = s
                }
                out.append(contentsOf: bytes)
                done = true
                break
            }
            if !done { return nil }
        }
        if g0.isMultiByte { out.append(contentsOf: back) }
        return out
    }

    /// The bytes of one non-ASCII scalar in `element` (as invoked in GL or GR), or nil.
    static func encode(_ scalar: Unicode.Scalar, in element: CodeElement, _ leases: inout IconvLeases) -> [UInt8]? {
        let v = scalar.value
        switch element {
        case .g0(.ascii), .g0(.jisRoman):
            return nil
        case .g0(let s):  // JIS X 0208 / 0212 through EUC-JP, high bits cleared
            guard let e = leases.encode(scalar, .eucJP) else { return nil }
            if s == .jisX0208, e.count == 2, e[0] >= 0xA1, e[0] <= 0xFE, e[1] >= 0xA1, e[1] <= 0xFE {
                return [e[0] & 0x7F, e[1] & 0x7F]
            }
            if s == .jisX0212, e.count == 3, e[0] == 0x8F, e[1] >= 0xA1, e[1] <= 0xFE, e[2] >= 0xA1, e[2] <= 0xFE {
                return [e[1] & 0x7F, e[2] & 0x7F]
            }
            return nil
        case .g1(.single(let s)):
            return s.table.fromScalar[v].map { [$0] }
        case .g1(.katakana):
            guard v >= 0xFF61 && v <= 0xFF9F else { return nil }
            return [UInt8(v - 0xFF61 + 0xA1)]
        case .g1(let s):  // KS X 1001 / GB 2312 in EUC form
            guard let e = leases.encode(scalar, s == .ksx1001 ? .eucKR : .gb2312),
                e.count == 2, e[0] >= 0xA1, e[0] <= 0xFE, e[1] >= 0xA1, e[1] <= 0xFE
            else { return nil }
            return e
        }
    }
}
