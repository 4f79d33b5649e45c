/// Dates hidden in numbers: an IS or DS value such as Series Number 20181228 that reads as a
/// calendar date (yyyymmdd, years 1900 to 2099).
enum NumericDate {
    /// Whether eight ASCII digits form a valid date.
    static func isDate(_ d: [UInt8]) -> Bool {
        guard d.count == 8 else { return false }
        return d.withUnsafeBufferPointer { isDate($0, 0) }
    }

    /// Whether the eight bytes at `at` are ASCII digits that form a valid date.
    static func isDate(_ d: UnsafeBufferPointer<UInt8>, _ at: Int) -> Bool {
        for i in 0..<8 {
            let c = d[at + i]
            guard c >= 0x30 && c <= 0x39 else { return false }
        }
        func n(_ from: Int, _ count: Int) -> Int {
            var v = 0
            for i in from..<(from + count) { v = v * 10 + Int(d[at + i] - 0x30) }
            return v
        }
        let y = n(0, 4), m = n(4, 2), day = n(6, 2)
        guard (1900...2099).contains(y), (1...12).contains(m), day >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days: Int
        switch m {
        case 2: days = leap ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return day <= days
    }

    /// The values of an IS or DS element (backslash-separated bytes) that read as dates,
    /// as eight digits each. A byte scan: most IS/DS values are short or long numbers, and
    /// DS arrays can hold thousands of values.
    static func dates(in b: [UInt8]) -> [String] {
        var out: [String] = []
        forEachDate(in: b) { d in
            out.append(String(decoding: d, as: UTF8.self)); return true
        }
        return out
    }

    /// Whether any value of an IS or DS element reads as a date (as `!dates(in:).isEmpty`,
    /// without building the strings).
    static func containsDate(in b: [UInt8]) -> Bool {
        var found = false
        forEachDate(in: b) { _ in
            found = true; return false
        }
        return found
    }

    /// Calls `body` with the eight digits of each value that reads as a date, in order,
    /// while it returns true.
    static func forEachDate(in b: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        b.withUnsafeBufferPointer { p in
            var start = 0
            let n = p.count
            while start <= n {
                var end = start
                while end < n && p[end] != 0x5C { end += 1 }
                let len = end - start
                // "20181228" with padding, a sign or a ".0" fraction: 8 to about 16 bytes.
                if len >= 8 && len <= 24, let at = dateDigits(p, start, end) {
                    if !body(UnsafeBufferPointer(rebasing: p[at..<(at + 8)])) { return }
                }
                start = end + 1
            }
        }
    }

    /// Whether one IS/DS value (padding and a DS's ".0" fraction allowed) reads as a date.
    static func valueIsDate(_ value: Substring) -> Bool {
        if let r = value.utf8.withContiguousStorageIfAvailable({ dateDigits($0, 0, $0.count) != nil }) { return r }
        return Array(value.utf8).withUnsafeBufferPointer { dateDigits($0, 0, $0.count) != nil }
    }

    /// The eight digits of one IS/DS value that reads as a date, else nil.
    static func dateDigits(_ value: ArraySlice<UInt8>) -> [UInt8]? {
        value.withUnsafeBufferPointer { p in dateDigits(p, 0, p.count).map { Array(p[$0..<($0 + 8)]) } }
    }

    /// Where the eight digits of the value `p[from..<to]` start when it reads as a date
    /// (leading spaces, trailing spaces and NULs, a leading "+" and a fraction of zeros
    /// after a "." allowed), else nil. Most values are refused at their first non-digit.
    static func dateDigits(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
        var lo = from
        while lo < to && p[lo] == 0x20 { lo += 1 }
        if lo < to && p[lo] == UInt8(ascii: "+") { lo += 1 }
        guard to - lo >= 8 else { return nil }
        for i in lo..<(lo + 8) where p[i] < 0x30 || p[i] > 0x39 { return nil }
        var hi = to
        while hi > lo + 8 && (p[hi - 1] == 0x20 || p[hi - 1] == 0) { hi -= 1 }
        if hi > lo + 8 {
            guard p[lo + 8] == UInt8(ascii: ".") else { return nil }
            for i in (lo + 9)..<hi where p[i] != UInt8(ascii: "0") { return nil }
        }
        return isDate(p, lo) ? lo : nil
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
