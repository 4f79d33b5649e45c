/// Splitting text into the units the audit compares: lower-cased words (maximal runs of
/// letters and digits) and dotted numbers (UID-shaped runs of digits and dots).
///
/// Comparing whole words gives word-boundary matching for free: "Lee" never matches
/// inside "Sleep", and "1.2.3" never matches inside "1.2.34".
public enum Tokens {
    /// Lower-cased runs of letters and digits, in order.
    public static func words(_ text: String) -> [String] {
        var out: [String] = []
        // ASCII fast path: most DICOM text is ASCII, and Character iteration is slow.
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            var cur: [UInt8] = []
            for c in utf8 {
                if isASCIIAlnum(c) {
                    cur.append(c >= 0x41 && c <= 0x5A ? c + 0x20 : c)
                } else if !cur.isEmpty {
                    out.append(String(decoding: cur, as: UTF8.self)); cur.removeAll(keepingCapacity: true)
                }
            }
            if !cur.isEmpty { out.append(String(decoding: cur, as: UTF8.self)) }
            return out
        }
        var cur = ""
        for ch in text {
            if ch.isLetter || ch.isNumber {
                cur.append(ch)
            } else if !cur.isEmpty {
                out.append(cur.lowercased()); cur = ""
            }
        }
        if !cur.isEmpty { out.append(cur.lowercased()) }
        return out
    }

    /// Runs of digits and dots that start and end with a digit and hold at least one dot,
    /// not preceded or followed by a letter or digit (so they stand alone as a UID would).
    public static func dottedNumbers(_ text: String) -> [String] {
        var out: [String] = []
        let b = Array(text.utf8)
        var i = 0
        while i < b.count {
            guard isDigit(b[i]) else { i += 1; continue }
            var j = i
            while j < b.count, isDigit(b[j]) || b[j] == 0x2E { j += 1 }
            // Part of a longer word (x1.2.3): skip the whole run.
            if i > 0, isAlnumByte(b[i - 1]) { i = j; continue }
            var end = j
            while end > i, b[end - 1] == 0x2E { end -= 1 }
            if (j >= b.count || !isAlnumByte(b[j])), b[i..<end].contains(0x2E) {
                out.append(String(decoding: b[i..<end], as: UTF8.self))
            }
            i = j
        }
        return out
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isASCIIAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }
    /// Alphanumeric ASCII, or any non-ASCII byte (part of a letter in UTF-8).
    @inline(__always) static func isAlnumByte(_ c: UInt8) -> Bool { isASCIIAlnum(c) || c >= 0x80 }

    /// Whether a word contains characters of scripts written without spaces between words
    /// (CJK ideographs, kana, hangul), where a name is a substring of a longer run.
    public static func isUnspaced(_ word: String) -> Bool {
        word.unicodeScalars.contains { s in
            let v = s.value
            return (0x2E80...0x9FFF).contains(v) || (0xAC00...0xD7AF).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0x20000...0x2FFFF).contains(v)
        }
    }

    /// Printable runs inside binary bytes (as `strings` finds them), at least `minLength` long:
    /// ASCII runs, and the whole value when it is valid UTF-8 text with non-ASCII letters.
    public static func printableRuns(_ bytes: UnsafeRawBufferPointer, minLength: Int = 3) -> [String] {
        var out: [String] = []
        var start = -1
        for (i, c) in bytes.enumerated() {
            let printable = (c >= 0x20 && c < 0x7F) || c == 0x09 || c == 0x0A || c == 0x0D
            if printable {
                if start < 0 { start = i }
            } else {
                if start >= 0, i - start >= minLength {
                    out.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                }
                start = -1
            }
        }
        if start >= 0, bytes.count - start >= minLength {
            out.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
        }
        if bytes.contains(where: { $0 >= 0x80 }), let s = String(validating: bytes, as: UTF8.self) {
            out.append(s)
        }
        return out
    }
}

extension String {
    /// Decodes `bytes` when they are valid UTF-8; nil otherwise.
    init?(validating bytes: UnsafeRawBufferPointer, as: UTF8.Type) {
        var it = bytes.makeIterator()
        var utf8 = UTF8()
        var s = ""
        loop: while true {
            switch utf8.decode(&it) {
            case .scalarValue(let v): if v.value == 0 { continue } else { s.unicodeScalars.append(v) }
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = s
    }
}
