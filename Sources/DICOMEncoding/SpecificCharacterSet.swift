import DICOMCore

/// Specific Character Set (0008,0005): decodes and encodes the values of LO, LT, PN, SH,
/// ST, UC and UT (PS3.5 6.1, PS3.3 C.12.1.1.2). Other string VRs use the default
/// repertoire (ASCII) whatever the terms.
///
/// Supported terms (case, `_`/`-`/space and missing spaces are tolerated, e.g. `ISO-IR 100`):
/// - default repertoire: empty, `ISO_IR 6`, `ISO 2022 IR 6`
/// - single-byte, with or without `2022`: IR 100 (Latin-1), 101, 109, 110 (Latin-2/3/4),
///   126 (Greek), 127 (Arabic), 138 (Hebrew), 144 (Cyrillic), 148 (Latin-5), 166 (Thai),
///   13 (JIS X 0201: Katakana in G1; the G0 Romaji half is treated as ASCII, so 0x5C is
///   `\` and 0x7E is `~`, not YEN SIGN and OVERLINE)
/// - multi-byte with code extensions: `ISO 2022 IR 87` (JIS X 0208), `ISO 2022 IR 159`
///   (JIS X 0212), `ISO 2022 IR 149` (KS X 1001), `ISO 2022 IR 58` (GB 2312)
/// - without code extensions, value 1 only: `ISO_IR 192` (UTF-8), `GB18030`, `GBK`
///
/// Decoding follows ISO 2022 (PS3.5 6.1.2.5.3): value 1 is active at the start of the
/// value (the default repertoire when value 1 is empty); escape sequences switch sets; the
/// initial state returns after `\` (except in LT, ST, UT), after `^` and `=` in PN, and after
/// CR, LF, FF and TAB. Any escape sequence of a supported set is honoured, even for a set
/// that the terms do not list. When value 1 designates no G1 set and exactly one G1 set is
/// listed, GR bytes before any G1 escape sequence are read in that set.
///
/// Unknown terms are ignored: an unknown value 1 behaves as the default repertoire, so only
/// ASCII values (plus escape sequences into known sets) decode. `ISO_IR 192`, `GB18030` and
/// `GBK` after value 1 are ignored too.
public struct SpecificCharacterSet: Sendable, Hashable {
    /// Values of (0008,0005), e.g. ["ISO 2022 IR 13", "ISO 2022 IR 87"]; empty or [""] = default repertoire.
    /// Leading and trailing spaces of each term are removed; all-empty terms become [].
    public init(terms: [String]) {
        var t = terms.map { Self.trim($0) }
        if t.allSatisfy(\.isEmpty) { t = [] }
        self.terms = t
        (plan, unknownTerms) = Self.makePlan(t)
    }

    /// From the raw value bytes of (0008,0005) (backslash-separated, space padded).
    public init(rawValue: some Collection<UInt8>) {
        let parts = rawValue.split(separator: 0x5C, omittingEmptySubsequences: false)
        self.init(terms: parts.map { String(decoding: $0, as: UTF8.self) })
    }

    /// No (0008,0005), or an empty one: ASCII.
    public static let defaultRepertoire = SpecificCharacterSet(terms: [])

    /// The terms as given, trimmed.
    public let terms: [String]
    /// Terms this toolkit does not know (decode then falls back as documented).
    public let unknownTerms: [String]

    private let plan: Plan

    /// Text of a value of `vr`; nil when the bytes are not valid in this character set.
    /// Padding and trailing spaces are kept. Never traps on malformed input.
    public func decode(_ bytes: ArraySlice<UInt8>, vr: VR) -> String? {
        bytes.withUnsafeBufferPointer { p -> String? in
            // Fast path: ASCII without escape sequences reads the same in every set.
            var high = false, esc = false
            for b in p {
                if b >= 0x80 { high = true; if esc { break } } else if b == 0x1B { esc = true; if high { break } }
            }
            if !high && !esc { return String(decoding: p, as: UTF8.self) }
            guard vr.usesCharacterSet else {
                // Default repertoire only; ESC is an ordinary control character here.
                return high ? nil : String(decoding: p, as: UTF8.self)
            }
            switch plan {
            case .utf8:
                return String(validating: p, as: UTF8.self)
            case .gb18030, .gbk:
                var out: [UInt8] = []
                out.reserveCapacity(p.count * 2)
                let codec: IconvCodec = plan == .gb18030 ? .gb18030 : .gbk
                guard IconvPools.decoder(codec).convert(p, appendingTo: &out, strict: false) else { return nil }
                return String(decoding: out, as: UTF8.self)
            case .iso2022(let iso):
                if !esc, iso.decodeInitial.g1 == .single(.latin1) {
                    var out: [UInt8] = []
                    out.reserveCapacity(p.count * 2)
                    for b in p { appendUTF8(UInt32(b), to: &out) }
                    return String(decoding: out, as: UTF8.self)
                }
                return iso.decode(p, vr: vr)
            }
        }
    }

    /// Bytes for `text` as a value of `vr`; nil when the text cannot be represented.
    /// With code extensions, each run of another set is preceded by its escape sequence and
    /// G0 returns to value 1's set before ASCII characters and at the end. No padding is added.
    public func encode(_ text: String, vr: VR) -> [UInt8]? {
        var ascii = true
        for u in text.utf8 where u >= 0x80 || u == 0x1B { ascii = false; break }
        if ascii { return Array(text.utf8) }
        guard vr.usesCharacterSet else {
            for u in text.utf8 where u >= 0x80 { return nil }
            return Array(text.utf8)
        }
        switch plan {
        case .utf8:
            return Array(text.utf8)
        case .gb18030, .gbk:
            let utf8 = Array(text.utf8)
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 8)
            let codec: IconvCodec = plan == .gb18030 ? .gb18030 : .gbk
            let ok = utf8.withUnsafeBufferPointer {
                IconvPools.encoder(codec).convert($0, appendingTo: &out, strict: true)
            }
            return ok ? out : nil
        case .iso2022(let iso):
            return iso.encode(text, vr: vr)
        }
    }
}

// MARK: - Terms

extension SpecificCharacterSet {
    enum Plan: Hashable, Sendable {
        case iso2022(ISO2022Plan)
        case utf8
        case gb18030
        case gbk
    }

    /// What one term means.
    enum Term: Equatable {
        case empty
        case unknown
        /// ISO-IR 6.
        case ascii
        case single(SingleByteSet)
        case jis0201
        case multiG0(G0Set)
        case multiG1(G1Set)
        case utf8, gb18030, gbk
    }

    static func trim(_ s: String) -> String {
        var u = Substring(s)
        while let c = u.first, c == " " || c == "\0" { u.removeFirst() }
        while let c = u.last, c == " " || c == "\0" { u.removeLast() }
        return String(u)
    }

    static func parseTerm(_ term: String) -> Term {
        if term.isEmpty { return .empty }
        var key = ""
        for c in term.uppercased() where c != " " && c != "_" && c != "-" { key.append(c) }
        if key == "GB18030" { return .gb18030 }
        if key == "GBK" { return .gbk }
        let iso2022: Bool
        let number: Substring
        if key.hasPrefix("ISO2022IR") {
            iso2022 = true
            number = key.dropFirst(9)
        } else if key.hasPrefix("ISOIR") {
            iso2022 = false
            number = key.dropFirst(5)
        } else {
            return .unknown
        }
        switch number {
        case "6": return .ascii
        case "100": return .single(.latin1)
        case "101": return .single(.latin2)
        case "109": return .single(.latin3)
        case "110": return .single(.latin4)
        case "126": return .single(.greek)
        case "127": return .single(.arabic)
        case "138": return .single(.hebrew)
        case "144": return .single(.cyrillic)
        case "148": return .single(.latin5)
        case "166": return .single(.thai)
        case "13": return .jis0201
        case "87": return .multiG0(.jisX0208)
        case "159": return .multiG0(.jisX0212)
        case "149": return .multiG1(.ksx1001)
        case "58": return .multiG1(.gb2312)
        case "192": return iso2022 ? .unknown : .utf8
        default: return .unknown
        }
    }

    static func makePlan(_ terms: [String]) -> (Plan, [String]) {
        let parsed = terms.map(parseTerm)
        let unknown = zip(terms, parsed).filter { $0.1 == .unknown }.map(\.0)
        switch parsed.first {
        case .utf8?: return (.utf8, unknown)
        case .gb18030?: return (.gb18030, unknown)
        case .gbk?: return (.gbk, unknown)
        default: break
        }
        var initial = CodeState(g0: .ascii, g1: nil)
        switch parsed.first {
        case .single(let s)?: initial.g1 = .single(s)
        case .jis0201?: initial = CodeState(g0: .jisRoman, g1: .katakana)
        case .multiG1(let s)?: initial.g1 = s  // not allowed as value 1; read as EUC
        default: break
        }
        var elements: [CodeElement] = []
        for t in parsed {
            let e: CodeElement
            switch t {
            case .single(let s): e = .g1(.single(s))
            case .jis0201: e = .g1(.katakana)
            case .multiG0(let s): e = .g0(s)
            case .multiG1(let s): e = .g1(s)
            default: continue
            }
            if !elements.contains(e) { elements.append(e) }
        }
        var decodeInitial = initial
        if initial.g1 == nil {
            let g1s = elements.compactMap { e -> G1Set? in if case .g1(let s) = e { return s } else { return nil } }
            if g1s.count == 1 { decodeInitial.g1 = g1s[0] }
        }
        return (.iso2022(ISO2022Plan(initial: initial, decodeInitial: decodeInitial, elements: elements)), unknown)
    }
}
