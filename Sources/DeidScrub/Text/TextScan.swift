// Byte-level scanning shared by the free-text matchers: UTF-8 in, "atoms" (maximal runs of
// letters and digits) out, plus a per-byte cut mask the matchers fill in.

/// ASCII byte classes.
enum TextBytes {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}

/// FNV-1a over case-folded bytes: ASCII and the Latin-1 letters (U+00C0–U+00DE) fold to lower
/// case, so "TÊTE" and "tête" hash alike.
struct TextWordHasher {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private var previous: UInt8 = 0

    @inline(__always) mutating func add(_ byte: UInt8) {
        var b = TextBytes.lower(byte)
        if previous == 0xC3, b >= 0x80, b <= 0x9E, b != 0x97 { b |= 0x20 }
        previous = byte
        value = (value ^ UInt64(b)) &* 0x0000_0100_0000_01B3
    }

    static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h = TextWordHasher()
        for b in bytes { h.add(b) }
        return h.value
    }

    static func hash(_ s: String) -> UInt64 { hash(s.utf8) }
}

/// What a cut was made for; decides which neighbouring label words go with it when tidying.
enum TextCutKind: UInt8 {
    case keep = 0, name, id, date, address, phone, contact, institution, known, extra
}

/// A maximal run of letters/digits (any byte >= 0x80 that is not Unicode punctuation counts
/// as a letter).
struct TextAtom {
    var start: Int
    var end: Int
    var hash: UInt64
    var digits: Int
    var letters: Int
    var uppers: Int
    var lowers: Int

    var length: Int { end - start }
    var isNumber: Bool { digits == length }
    var isAlpha: Bool { digits == 0 }
}

/// The text being cleaned: its bytes, atoms and the cut mask.
struct TextScan {
    let bytes: [UInt8]
    private(set) var atoms: [TextAtom] = []
    /// Per byte: `TextCutKind.rawValue`, 0 = kept.
    var mask: [UInt8]
    /// True when the text has lower-case letters (so capitalisation carries information).
    private(set) var hasLower = false
    /// True when the text has upper-case letters.
    private(set) var hasUpper = false
    var anyCut = false

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        mask = [UInt8](repeating: 0, count: bytes.count)
        tokenize()
    }

    /// Length in bytes of a separator (Unicode punctuation or space) starting at `i`, or 0.
    @inline(__always) static func separatorLength(_ b: [UInt8], _ i: Int) -> Int {
        let c = b[i]
        if c < 0x80 { return TextBytes.isDigit(c) || TextBytes.isLetter(c) ? 0 : 1 }
        // U+00A0–U+00BF: no-break space, ¡ « » ¿ and other Latin-1 symbols.
        if c == 0xC2, i + 1 < b.count, b[i + 1] >= 0xA0, b[i + 1] <= 0xBF { return 2 }
        // U+00D7 ×, U+00F7 ÷.
        if c == 0xC3, i + 1 < b.count, b[i + 1] == 0x97 || b[i + 1] == 0xB7 { return 2 }
        // U+2000–U+206F general punctuation (dashes, quotes, bullets), U+3000 ideographic space.
        if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x80 || b[i + 1] == 0x81 { return 3 }
        if c == 0xE3, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0x80 { return 3 }
        return 0
    }

    private mutating func tokenize() {
        let b = bytes
        let n = b.count
        var i = 0
        atoms.reserveCapacity(n / 4 + 1)
        while i < n {
            let sep = TextScan.separatorLength(b, i)
            if sep > 0 { i += sep; continue }
            var a = TextAtom(start: i, end: i, hash: 0, digits: 0, letters: 0, uppers: 0, lowers: 0)
            var h = TextWordHasher()
            var previousLead: UInt8 = 0
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    if TextBytes.isDigit(c) {
                        a.digits += 1
                    } else if TextBytes.isUpper(c) {
                        a.letters += 1; a.uppers += 1
                    } else if TextBytes.isLower(c) {
                        a.letters += 1; a.lowers += 1
                    } else {
                        break
                    }
                } else {
                    if TextScan.separatorLength(b, i) > 0 { break }
                    if c >= 0xC0 {
                        a.letters += 1
                        previousLead = c
                    } else if previousLead == 0xC3 || previousLead == 0xD0 || previousLead == 0xD1 {
                        // Latin-1 and Cyrillic case, enough for capitalisation tests.
                        if previousLead == 0xC3 {
                            if c <= 0x9E { a.uppers += 1 } else { a.lowers += 1 }
                        } else if previousLead == 0xD0 && c <= 0xAF {
                            a.uppers += 1
                        } else {
                            a.lowers += 1
                        }
                    }
                }
                h.add(c)
                i += 1
            }
            a.end = i
            a.hash = h.value
            if a.lowers > 0 { hasLower = true }
            if a.uppers > 0 { hasUpper = true }
            atoms.append(a)
        }
    }

    var count: Int { atoms.count }

    subscript(i: Int) -> TextAtom { atoms[i] }

    /// Bytes between atom `i` and atom `i + 1` (or the end of the text).
    @inline(__always) func gap(after i: Int) -> Range<Int> {
        atoms[i].end..<(i + 1 < atoms.count ? atoms[i + 1].start : bytes.count)
    }

    /// Gap after atom `i` is made only of the given ASCII bytes, with length in `lengths`.
    func gap(after i: Int, is allowed: StaticString, lengths: ClosedRange<Int>) -> Bool {
        guard i + 1 < atoms.count else { return false }
        let r = gap(after: i)
        guard lengths.contains(r.count) else { return false }
        for k in r {
            let c = bytes[k]
            var ok = false
            allowed.withUTF8Buffer { buf in for x in buf where x == c { ok = true; break } }
            if !ok { return false }
        }
        return true
    }

    /// Gap after atom `i` is 1–2 spaces.
    @inline(__always) func spaceGap(after i: Int) -> Bool {
        guard i + 1 < atoms.count else { return false }
        let r = gap(after: i)
        if r.count == 1 { return bytes[r.lowerBound] == 0x20 }
        return r.count == 2 && bytes[r.lowerBound] == 0x20 && bytes[r.lowerBound + 1] == 0x20
    }

    /// Gap after atom `i` is exactly the byte `c`.
    @inline(__always) func gap(after i: Int, isByte c: UInt8) -> Bool {
        guard i + 1 < atoms.count else { return false }
        let r = gap(after: i)
        return r.count == 1 && bytes[r.lowerBound] == c
    }

    /// Byte just before atom `i` (0 at the start of the text).
    @inline(__always) func byteBefore(_ i: Int) -> UInt8 {
        let s = atoms[i].start
        return s > 0 ? bytes[s - 1] : 0
    }

    /// Byte just after atom `i` (0 at the end of the text).
    @inline(__always) func byteAfter(_ i: Int) -> UInt8 {
        let e = atoms[i].end
        return e < bytes.count ? bytes[e] : 0
    }

    /// TextAtom `i` starts with an upper-case letter.
    @inline(__always) func isCapitalized(_ i: Int) -> Bool {
        let a = atoms[i]
        let c = bytes[a.start]
        if TextBytes.isUpper(c) { return true }
        if c == 0xC3, a.start + 1 < bytes.count { return bytes[a.start + 1] <= 0x9E }
        if c == 0xD0, a.start + 1 < bytes.count { return bytes[a.start + 1] <= 0xAF }
        return false
    }

    /// TextAtom `i` is a word that could be part of a proper name: letters only, capitalised, and
    /// either Titlecase or all capitals.
    @inline(__always) func isProperWord(_ i: Int) -> Bool {
        let a = atoms[i]
        return a.digits == 0 && a.letters >= 1 && isCapitalized(i)
    }

    /// TextAtom `i` is all capitals (at least two letters).
    @inline(__always) func isAllCaps(_ i: Int) -> Bool {
        let a = atoms[i]
        return a.lowers == 0 && a.uppers >= 2
    }

    func isCut(_ i: Int) -> Bool { mask[atoms[i].start] != 0 }

    /// Marks bytes `from..<to` as cut for `kind` (bytes already cut keep their kind).
    mutating func cut(_ from: Int, _ to: Int, _ kind: TextCutKind) {
        guard from < to else { return }
        for k in from..<to where mask[k] == 0 { mask[k] = kind.rawValue }
        anyCut = true
    }

    /// Marks atoms `first...last` (and the gaps between them) as cut.
    mutating func cutAtoms(_ first: Int, _ last: Int, _ kind: TextCutKind) {
        cut(atoms[first].start, atoms[last].end, kind)
    }

    /// Index of the atom that ends at or before byte `pos`, searching backwards from `hint`.
    func atomEnding(before pos: Int) -> Int? {
        var lo = 0, hi = atoms.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if atoms[mid].end <= pos { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? lo - 1 : nil
    }

    /// Index of the first atom that starts at or after byte `pos`.
    func atomStarting(atOrAfter pos: Int) -> Int? {
        var lo = 0, hi = atoms.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if atoms[mid].start < pos { lo = mid + 1 } else { hi = mid }
        }
        return lo < atoms.count ? lo : nil
    }

    /// The atom's digits as an integer (nil when not all digits or too long).
    func intValue(_ i: Int) -> Int? {
        let a = atoms[i]
        guard a.isNumber, a.length <= 9 else { return nil }
        var v = 0
        for k in a.start..<a.end { v = v * 10 + Int(bytes[k] &- 0x30) }
        return v
    }

    /// Lower-cased ASCII text of atom `i` (for rare paths and debugging only).
    func text(_ i: Int) -> String {
        String(decoding: bytes[atoms[i].start..<atoms[i].end], as: UTF8.self)
    }
}
