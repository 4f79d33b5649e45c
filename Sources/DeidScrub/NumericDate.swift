/// Dates hidden in numbers: an IS or DS value such as Series Number 20181228 that reads as a
/// calendar date (yyyymmdd, years 1900 to 2099).
enum NumericDate {
    /// Whether eight ASCII digits form a valid date.
    static func isDate(_ d: [UInt8]) -> Bool {
        guard d.count == 8, d.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        func n(_ r: Range<Int>) -> Int { d[r].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let y = n(0..<4), m = n(4..<6), day = n(6..<8)
        guard (1900...2099).contains(y), (1...12).contains(m), day >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return day <= days
    }

    /// The values of an IS or DS element (backslash-separated bytes) that read as dates,
    /// as eight digits each. A byte scan: most IS/DS values are short or long numbers, and
    /// DS arrays can hold thousands of values.
    static func dates(in b: [UInt8]) -> [String] {
        var out: [String] = []
        var start = 0
        let n = b.count
        while start <= n {
            var end = start
            while end < n && b[end] != 0x5C { end += 1 }
            let len = end - start
            // "20181228" with padding, a sign or a ".0" fraction: 8 to about 16 bytes.
            if len >= 8 && len <= 24 {
                if let d = dateDigits(b[start..<end]) { out.append(String(decoding: d, as: UTF8.self)) }
            }
            start = end + 1
        }
        return out
    }

    /// Whether one IS/DS value (padding and a DS's ".0" fraction allowed) reads as a date.
    static func valueIsDate(_ value: Substring) -> Bool {
        dateDigits(ArraySlice(value.utf8)) != nil
    }

    /// The eight digits of one IS/DS value that reads as a date, else nil.
    static func dateDigits(_ value: ArraySlice<UInt8>) -> [UInt8]? {
        var v = value.drop { $0 == 0x20 }
        while let l = v.last, l == 0x20 || l == 0 { v = v.dropLast() }
        if let dot = v.firstIndex(of: UInt8(ascii: ".")) {
            guard v[v.index(after: dot)...].allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
            v = v[..<dot]
        }
        if v.first == UInt8(ascii: "+") { v = v.dropFirst() }
        guard v.count == 8 else { return nil }
        let d = Array(v)
        return isDate(d) ? d : nil
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces (and trailing NUL padding).
    var spaceTrimmed: String {
        var u = Substring(self)
        while let l = u.last, l == " " || l == "\0" { u.removeLast() }
        while let f = u.first, f == " " { u.removeFirst() }
        return String(u)
    }
}
