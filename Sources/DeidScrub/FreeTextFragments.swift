/// Identifying fragments of removed free text (comments, history): e-mail addresses and
/// numbers long enough to be phone numbers or identifiers (seven digits or more, with the
/// usual separators). The whole comment is not a pattern worth searching elsewhere; these
/// fragments are.
enum FreeTextFragments {
    static func identifying(in text: String) -> [String] {
        // Most text holds neither an '@' nor a digit, and then neither part below finds
        // anything (an address needs its '@', a digit run starts at a digit).
        var at = false, digit = false
        for b in text.utf8 {
            if b == UInt8(ascii: "@") { at = true } else if b >= 0x30 && b <= 0x39 { digit = true }
        }
        var out: [String] = []
        // E-mail addresses: a run without spaces holding '@' and a dot after it.
        for token in !at
            ? [] : text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" || $0 == "(" || $0 == ")" })
        {
            if let at = token.firstIndex(of: "@"), token[at...].contains("."), token.first != "@" {
                var t = Substring(token)
                while let l = t.last, l == "." || l == ":" { t.removeLast() }
                out.append(String(t))
            }
        }
        // Digit runs with separators: +1-678-841-2913, 601.836.4020x976, 472-27-1166.
        guard digit else { return out }
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count {
            guard isDigit(chars[i]) || (chars[i] == "+" && i + 1 < chars.count && isDigit(chars[i + 1])) else { i += 1; continue }
            var j = i, digits = 0, end = i
            while j < chars.count {
                let c = chars[j]
                if isDigit(c) {
                    digits += 1; end = j + 1
                } else if c == "-" || c == "." || c == " " || c == "(" || c == ")" || c == "+" || c == "/" {
                } else if (c == "x" || c == "X"), j + 1 < chars.count, isDigit(chars[j + 1]), digits >= 7 {
                } else {
                    break
                }
                j += 1
            }
            if digits >= 7 {
                var s = String(String.UnicodeScalarView(chars[i..<end]))
                while let f = s.first, f == "(" { s.removeFirst() }
                out.append(s)
            }
            i = max(j, i + 1)
        }
        return out
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
}
