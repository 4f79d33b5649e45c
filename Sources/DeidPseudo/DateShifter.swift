/// Shifts dates back by a whole number of days, keeping each value's format.
///
/// Every function returns nil for a value it cannot read as a date: the caller removes
/// such values rather than let an unshifted date through.
public enum DateShifter {
    // MARK: DA

    /// Shifts one DA value: `YYYYMMDD`, the ACR-NEMA form `YYYY.MM.DD`, the partial forms
    /// `YYYYMM` and `YYYY`, or a range `A-B`, `-B`, `A-`. Partial dates are shifted from the
    /// first day of their month or year and written back at the same precision, so a year
    /// or month never survives unchanged.
    public static func shiftDA(_ value: String, days: Int) -> String? {
        let b = Array(trimSpaces(value.utf8))
        guard !b.isEmpty else { return "" }
        if let dash = b.firstIndex(of: UInt8(ascii: "-")) {
            let l = Array(b[..<dash]), r = Array(b[(dash + 1)...])
            guard !(l.isEmpty && r.isEmpty), !r.contains(UInt8(ascii: "-")) else { return nil }
            var out: [UInt8] = []
            if !l.isEmpty { guard let s = shiftDateBytes(l, days: days) else { return nil }; out += s }
            out.append(UInt8(ascii: "-"))
            if !r.isEmpty { guard let s = shiftDateBytes(r, days: days) else { return nil }; out += s }
            return String(decoding: out, as: UTF8.self)
        }
        return shiftDateBytes(b, days: days).map { String(decoding: $0, as: UTF8.self) }
    }

    static func shiftDateBytes(_ b: [UInt8], days: Int) -> [UInt8]? {
        if b.count == 10, b[4] == UInt8(ascii: "."), b[7] == UInt8(ascii: "."),
            let y = number(b[0..<4]), let m = number(b[5..<7]), let d = number(b[8..<10]),
            let date = CivilDate.valid(year: y, month: m, day: d), let s = date.shifted(back: days)
        {
            return digits(s.year, 4) + [UInt8(ascii: ".")] + digits(s.month, 2) + [UInt8(ascii: ".")] + digits(s.day, 2)
        }
        guard b.allSatisfy(isDigit) else { return nil }
        return shiftDigits(b[...], days: days)
    }

    /// Shifts the date digits `YYYY`, `YYYYMM` or `YYYYMMDD`.
    static func shiftDigits(_ b: ArraySlice<UInt8>, days: Int) -> [UInt8]? {
        guard [4, 6, 8].contains(b.count), let y = number(b.prefix(4)) else { return nil }
        let m = b.count >= 6 ? number(b.dropFirst(4).prefix(2)) : 1
        let d = b.count == 8 ? number(b.dropFirst(6).prefix(2)) : 1
        guard let m, let d, let date = CivilDate.valid(year: y, month: m, day: d),
            let s = date.shifted(back: days)
        else { return nil }
        var out = digits(s.year, 4)
        if b.count >= 6 { out += digits(s.month, 2) }
        if b.count == 8 { out += digits(s.day, 2) }
        return out
    }

    // MARK: DT

    /// Shifts the date part of one DT value `YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]` (or a
    /// range of two); the time part and the UTC offset are kept as written.
    public static func shiftDT(_ value: String, days: Int) -> String? {
        let b = Array(trimSpaces(value.utf8))
        guard !b.isEmpty else { return "" }
        if let one = shiftOneDT(b[...], days: days) { return String(decoding: one, as: UTF8.self) }
        // A range: try each hyphen as the separator.
        for (i, c) in b.enumerated() where c == UInt8(ascii: "-") {
            let l = b[..<i], r = b[(i + 1)...]
            if l.isEmpty && r.isEmpty { continue }
            var out: [UInt8] = []
            if !l.isEmpty { guard let s = shiftOneDT(l, days: days) else { continue }; out += s }
            out.append(UInt8(ascii: "-"))
            if !r.isEmpty { guard let s = shiftOneDT(r, days: days) else { continue }; out += s }
            return String(decoding: out, as: UTF8.self)
        }
        return nil
    }

    static func shiftOneDT(_ b: ArraySlice<UInt8>, days: Int) -> [UInt8]? {
        var i = b.startIndex
        while i < b.endIndex, isDigit(b[i]) { i += 1 }
        let n = i - b.startIndex
        guard [4, 6, 8, 10, 12, 14].contains(n) else { return nil }
        var j = i
        if j < b.endIndex, b[j] == UInt8(ascii: ".") {
            guard n == 14 else { return nil }
            j += 1
            let f = j
            while j < b.endIndex, isDigit(b[j]) { j += 1 }
            guard (1...6).contains(j - f) else { return nil }
        }
        if j < b.endIndex {
            // UTC offset &ZZXX: -1200 ... +1400.
            guard b.endIndex - j == 5, b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-"),
                let hh = number(b[(j + 1)..<(j + 3)]), let mm = number(b[(j + 3)..<(j + 5)]),
                hh <= 14, mm <= 59
            else { return nil }
        }
        let start = b.startIndex
        if n >= 10 { guard let h = number(b[(start + 8)..<(start + 10)]), h <= 23 else { return nil } }
        if n >= 12 { guard let m = number(b[(start + 10)..<(start + 12)]), m <= 59 else { return nil } }
        if n >= 14 { guard let s = number(b[(start + 12)..<(start + 14)]), s <= 60 else { return nil } }
        guard let date = shiftDigits(b[start..<(start + min(n, 8))], days: days) else { return nil }
        return date + Array(b[(start + min(n, 8))...])
    }

    // MARK: Dates held as integers

    /// Shifts a date held as a number in text (IS, DS, LO, ...): eight digits that form a
    /// valid date are `YYYYMMDD`; any other positive number is seconds since 1970-01-01 UTC,
    /// moved back by whole days (a fraction is kept as written). Zero and negative numbers
    /// are no time at all (nil).
    public static func shiftIntegerText(_ value: String, days: Int) -> String? {
        let b = Array(trimSpaces(value.utf8))
        guard !b.isEmpty else { return "" }
        var i = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { negative = b[0] == UInt8(ascii: "-"); i = 1 }
        let intStart = i
        while i < b.count, isDigit(b[i]) { i += 1 }
        let intDigits = b[intStart..<i]
        guard !intDigits.isEmpty, intDigits.count <= 18 else { return nil }
        let rest = b[i...]
        if !rest.isEmpty {
            guard rest.first == UInt8(ascii: "."), rest.dropFirst().allSatisfy(isDigit) else { return nil }
        }
        if rest.isEmpty, !negative, intDigits.count == 8, let s = shiftYYYYMMDD(intDigits, days: days) {
            return String(decoding: s, as: UTF8.self)
        }
        guard let v = Int(String(decoding: intDigits, as: UTF8.self)), !negative,
            v > 0 || rest.dropFirst().contains(where: { $0 != 0x30 })
        else { return nil }
        let shifted = v - days * 86_400
        return String(shifted) + String(decoding: rest, as: UTF8.self)
    }

    /// Shifts an integer date: `YYYYMMDD` when it reads as a plausible one, else seconds
    /// since the epoch; nil for zero and negative numbers, which are no time at all.
    public static func shiftInteger(_ v: Int64, days: Int) -> Int64? {
        guard v > 0 else { return nil }
        if v >= 1800_01_01 && v <= 2200_12_31 {
            let d = Array(String(v).utf8)
            if let s = shiftYYYYMMDD(d[...], days: days), let n = Int64(String(decoding: s, as: UTF8.self)) { return n }
        }
        return v - Int64(days) * 86_400
    }

    static func shiftYYYYMMDD(_ d: ArraySlice<UInt8>, days: Int) -> [UInt8]? {
        guard d.count == 8, let y = number(d.prefix(4)), (1800...2200).contains(y),
            let m = number(d.dropFirst(4).prefix(2)), let dd = number(d.dropFirst(6)),
            CivilDate.valid(year: y, month: m, day: dd) != nil
        else { return nil }
        return shiftDigits(d, days: days)
    }

    // MARK: Dates inside text

    /// Shifts every date found in free text, keeping each one's format: `YYYYMMDD` (also
    /// as the head of a `YYYYMMDDhhmm[ss]` run), `YYYY-MM-DD` (or with `/` `.`),
    /// `MM/DD/YYYY` (`DD/MM/YYYY` when the first number exceeds 12), `DD.MM.YYYY`,
    /// `21 Mar 2014`, `21-MAR-2014`, `Mar 21, 2014`, `March 21 2014`. Years 1800-2200.
    /// Returns the new text and how many dates were shifted.
    public static func shiftDatesInText(_ text: String, days: Int) -> (String, Int) {
        let b = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var count = 0
        var i = 0
        while i < b.count {
            let boundary = i == 0 || !isAlnum(b[i - 1])
            if boundary, let (len, repl) = matchDate(b, at: i, days: days) {
                out += repl; i += len; count += 1
            } else {
                out.append(b[i]); i += 1
            }
        }
        return (count == 0 ? text : String(decoding: out, as: UTF8.self), count)
    }

    /// A date starting at `i`: its length and its shifted form.
    static func matchDate(_ b: [UInt8], at i: Int, days: Int) -> (Int, [UInt8])? {
        if isDigit(b[i]) { return matchNumericDate(b, at: i, days: days) }
        if isAlpha(b[i]) { return matchMonthFirst(b, at: i, days: days) }
        return nil
    }

    static func matchNumericDate(_ b: [UInt8], at i: Int, days: Int) -> (Int, [UInt8])? {
        var j = i
        while j < b.count, isDigit(b[j]) { j += 1 }
        let run = j - i
        let endsClean = j == b.count || !isAlpha(b[j])
        // YYYYMMDD, or the date head of a YYYYMMDDhhmm[ss] run.
        if [8, 12, 14].contains(run), endsClean, let s = shiftYYYYMMDD(b[i..<(i + 8)], days: days) {
            return (run, s + Array(b[(i + 8)..<j]))
        }
        // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD
        if run == 4, j < b.count, let sep = separator(b[j]), let y = number(b[i..<j]),
            let (m, mLen) = smallNumber(b, at: j + 1), j + 1 + mLen < b.count, b[j + 1 + mLen] == sep,
            let (d, dLen) = smallNumber(b, at: j + 2 + mLen)
        {
            let end = j + 2 + mLen + dLen
            if isEnd(b, end), (1800...2200).contains(y), let date = CivilDate.valid(year: y, month: m, day: d),
                let s = date.shifted(back: days)
            {
                return (end - i, digits(s.year, 4) + [sep] + digits(s.month, mLen) + [sep] + digits(s.day, dLen))
            }
        }
        // MM/DD/YYYY, DD/MM/YYYY, MM-DD-YYYY, DD.MM.YYYY
        if run <= 2, j < b.count, let sep = separator(b[j]), let a = number(b[i..<j]),
            let (c, cLen) = smallNumber(b, at: j + 1), j + 1 + cLen < b.count, b[j + 1 + cLen] == sep
        {
            let yStart = j + 2 + cLen
            var k = yStart
            while k < b.count, isDigit(b[k]) { k += 1 }
            if k - yStart == 4, isEnd(b, k), let y = number(b[yStart..<k]), (1800...2200).contains(y) {
                let dayFirst = sep == UInt8(ascii: ".") || (a > 12 && c <= 12)
                let (m, d) = dayFirst ? (c, a) : (a, c)
                if let date = CivilDate.valid(year: y, month: m, day: d), let s = date.shifted(back: days) {
                    let first = dayFirst ? digits(s.day, run) : digits(s.month, run)
                    let second = dayFirst ? digits(s.month, cLen) : digits(s.day, cLen)
                    return (k - i, first + [sep] + second + [sep] + digits(s.year, 4))
                }
            }
            return nil
        }
        // 21 Mar 2014, 21-MAR-2014
        if run <= 2, let d = number(b[i..<j]) {
            var k = j
            guard k < b.count, b[k] == UInt8(ascii: " ") || b[k] == UInt8(ascii: "-") else { return nil }
            let sep1 = b[k]; k += 1
            guard let (m, nameLen) = monthName(b, at: k) else { return nil }
            let nameStart = k
            k += nameLen
            let sepStart = k
            while k < b.count, b[k] == UInt8(ascii: " ") || b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: ",") { k += 1 }
            guard k > sepStart || sep1 == UInt8(ascii: "-") else { return nil }
            let yStart = k
            while k < b.count, isDigit(b[k]) { k += 1 }
            guard k - yStart == 4, isEnd(b, k), let y = number(b[yStart..<k]), (1800...2200).contains(y),
                let date = CivilDate.valid(year: y, month: m, day: d), let s = date.shifted(back: days)
            else { return nil }
            let name = renderMonth(s.month, like: Array(b[nameStart..<(nameStart + nameLen)]))
            return (k - i, digits(s.day, run) + [sep1] + name + Array(b[sepStart..<yStart]) + digits(s.year, 4))
        }
        return nil
    }

    /// Mar 21, 2014; March 21 2014; Mar. 21st, 2014
    static func matchMonthFirst(_ b: [UInt8], at i: Int, days: Int) -> (Int, [UInt8])? {
        guard let (m, nameLen) = monthName(b, at: i) else { return nil }
        var k = i + nameLen
        let gapStart = k
        if k < b.count, b[k] == UInt8(ascii: ".") { k += 1 }
        guard k < b.count, b[k] == UInt8(ascii: " ") else { return nil }
        while k < b.count, b[k] == UInt8(ascii: " ") { k += 1 }
        let dStart = k
        while k < b.count, isDigit(b[k]) { k += 1 }
        let dLen = k - dStart
        guard (1...2).contains(dLen), let d = number(b[dStart..<k]) else { return nil }
        let suffixStart = k
        if k + 2 <= b.count, ["st", "nd", "rd", "th"].contains(String(decoding: [lower(b[k]), lower(b[k + 1])], as: UTF8.self)) {
            k += 2
        }
        let suffix = Array(b[suffixStart..<k])
        let sepStart = k
        if k < b.count, b[k] == UInt8(ascii: ",") { k += 1 }
        guard k < b.count, b[k] == UInt8(ascii: " ") else { return nil }
        while k < b.count, b[k] == UInt8(ascii: " ") { k += 1 }
        let yStart = k
        while k < b.count, isDigit(b[k]) { k += 1 }
        guard k - yStart == 4, isEnd(b, k), let y = number(b[yStart..<k]), (1800...2200).contains(y),
            let date = CivilDate.valid(year: y, month: m, day: d), let s = date.shifted(back: days)
        else { return nil }
        let name = renderMonth(s.month, like: Array(b[i..<(i + nameLen)]))
        let newSuffix = suffix.isEmpty ? [] : Array(ordinalSuffix(s.day).utf8).map { isUpper(suffix[0]) ? $0 - 32 : $0 }
        return (
            k - i,
            name + Array(b[gapStart..<dStart]) + digits(s.day, dLen) + newSuffix
                + Array(b[sepStart..<yStart]) + digits(s.year, 4)
        )
    }

    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"
    ]

    /// A month name (full, or its first three letters, or "sept") at `i`, ending at a word boundary.
    static func monthName(_ b: [UInt8], at i: Int) -> (Int, Int)? {
        var j = i
        while j < b.count, isAlpha(b[j]) { j += 1 }
        let word = String(decoding: b[i..<j].map(lower), as: UTF8.self)
        guard word.count >= 3 else { return nil }
        for (n, name) in monthNames.enumerated() where word == name || word == String(name.prefix(3)) || (n == 8 && word == "sept") {
            return (n + 1, j - i)
        }
        return nil
    }

    /// The name of `month` written the way `sample` was: abbreviated or full, and in the same case.
    static func renderMonth(_ month: Int, like sample: [UInt8]) -> [UInt8] {
        let full = monthNames[month - 1]
        var name = Array((sample.count > 4 ? full : String(full.prefix(sample.count == 4 && month == 9 ? 4 : 3))).utf8)
        if sample.allSatisfy(isUpper) { name = name.map { $0 - 32 } } else if let f = sample.first, isUpper(f) { name[0] -= 32 }
        return name
    }

    static func ordinalSuffix(_ d: Int) -> String {
        if (11...13).contains(d % 100) { return "th" }
        switch d % 10 {
        case 1: return "st";
        case 2: return "nd";
        case 3: return "rd";
        default: return "th"
        }
    }

    // MARK: Byte helpers

    static func separator(_ c: UInt8) -> UInt8? {
        c == UInt8(ascii: "-") || c == UInt8(ascii: "/") || c == UInt8(ascii: ".") ? c : nil
    }
    static func isEnd(_ b: [UInt8], _ k: Int) -> Bool { k == b.count || !isAlnum(b[k]) }
    /// One or two digits at `i` (not followed by a third).
    static func smallNumber(_ b: [UInt8], at i: Int) -> (Int, Int)? {
        var k = i
        while k < b.count, isDigit(b[k]), k - i < 3 { k += 1 }
        guard (1...2).contains(k - i), let v = number(b[i..<k]) else { return nil }
        return (v, k - i)
    }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
    @inline(__always) static func isAlpha(_ c: UInt8) -> Bool { isUpper(c) || (c >= 0x61 && c <= 0x7A) }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { isUpper(c) ? c + 32 : c }

    static func number(_ b: ArraySlice<UInt8>) -> Int? {
        guard !b.isEmpty, b.count <= 18 else { return nil }
        var v = 0
        for c in b { guard isDigit(c) else { return nil }; v = v * 10 + Int(c - 0x30) }
        return v
    }

    static func digits(_ v: Int, _ width: Int) -> [UInt8] {
        var s = Array(String(v).utf8)
        while s.count < width { s.insert(0x30, at: 0) }
        return s
    }

    static func trimSpaces(_ u: String.UTF8View) -> ArraySlice<UInt8> {
        var a = ArraySlice(u)
        while let l = a.last, l == 0x20 || l == 0 { a.removeLast() }
        while let f = a.first, f == 0x20 { a.removeFirst() }
        return a
    }
}
