import DICOMDeid
/// Finds dates in their common written forms: 20140321, 2014-03-21, 03/21/2014, 21.03.2014,
/// 3/21/14, 21-Mar-2014, 21 March 2014, March 21, 2014, Mar 21st 2014, March 2014.
/// Ambiguous forms (two-digit years with '-' or '.', six-digit runs) count only when they
/// equal a known date.
enum DateMatcher {
    struct Hit {
        var first: Int
        var last: Int
        /// year * 10000 + month * 100 + day when the form fixes it.
        var ymd: Int?
        var strong: Bool
    }

    static let monthTable: [UInt64: Int] = {
        var t: [UInt64: Int] = [:]
        for (name, m) in CueVocabulary.months { t[TextWordHasher.hash(name)] = m }
        return t
    }()

    /// Month number of atom `i` when it is a month name written as one (capitalised unless the
    /// whole text is in one case).
    @inline(__always) static func month(_ scan: TextScan, _ i: Int) -> Int? {
        let a = scan[i]
        guard a.digits == 0, a.letters >= 3, a.letters <= 9, let m = monthTable[a.hash] else { return nil }
        if scan.hasLower && !scan.isCapitalized(i) { return nil }
        return m
    }

    /// Day of month of atom `i`: "7", "21", "1st", "22nd", "3rd", "21st".
    @inline(__always) static func day(_ scan: TextScan, _ i: Int) -> Int? {
        let a = scan[i]
        guard a.digits >= 1, a.digits <= 2 else { return nil }
        var v = 0
        var k = a.start
        while k < a.end, TextBytes.isDigit(scan.bytes[k]) { v = v * 10 + Int(scan.bytes[k] - 0x30); k += 1 }
        guard k - a.start == a.digits, v >= 1, v <= 31 else { return nil }
        if k < a.end {
            guard a.end - k == 2 else { return nil }
            let s0 = TextBytes.lower(scan.bytes[k]), s1 = TextBytes.lower(scan.bytes[k + 1])
            let ok =
                (s0 == 0x73 && s1 == 0x74) || (s0 == 0x6E && s1 == 0x64) || (s0 == 0x72 && s1 == 0x64)
                || (s0 == 0x74 && s1 == 0x68)
            if !ok { return nil }
        }
        return v
    }

    /// Four-digit year 1800–2199, or a two-digit year (returned as 0–99).
    @inline(__always) static func year(_ scan: TextScan, _ i: Int) -> Int? {
        let a = scan[i]
        guard a.isNumber, a.length == 4 || a.length == 2, let v = scan.intValue(i) else { return nil }
        if a.length == 4 { return v >= 1800 && v < 2200 ? v : nil }
        return v
    }

    @inline(__always) static func valid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        m >= 1 && m <= 12 && d >= 1 && d <= 31
    }

    /// Candidate full dates for a two-digit year.
    @inline(__always) static func expand(_ y: Int, _ m: Int, _ d: Int) -> [Int] {
        y >= 100 ? [y * 10000 + m * 100 + d] : [(1900 + y) * 10000 + m * 100 + d, (2000 + y) * 10000 + m * 100 + d]
    }

    /// Gap after `i` is one of the separators between date parts written with a month name.
    @inline(__always) static func wordGap(_ scan: TextScan, _ i: Int) -> Bool {
        scan.gap(after: i, is: " -/.,", lengths: 1...3)
    }

    /// TextAtom `i` is part of a longer dotted/dashed number run joined by `sep` on the left.
    @inline(__always) static func joinedLeft(_ scan: TextScan, _ i: Int, _ sep: UInt8) -> Bool {
        i > 0 && scan.gap(after: i - 1, isByte: sep) && scan[i - 1].digits > 0
    }

    @inline(__always) static func joinedRight(_ scan: TextScan, _ i: Int, _ sep: UInt8) -> Bool {
        i + 1 < scan.count && scan.gap(after: i, isByte: sep) && scan[i + 1].digits > 0
    }

    /// All dates in `scan`; cuts them (kind .date) when `cut` is true.
    @discardableResult
    static func find(in scan: inout TextScan, cut: Bool, known: Set<Int>) -> [Hit] {
        var hits: [Hit] = []
        let n = scan.count
        var i = 0
        while i < n {
            if let h = match(scan, i, known: known) {
                if h.strong || (h.ymd.map { known.contains($0) } ?? false) {
                    var h = h
                    h.last = timeEnd(scan, after: h.last) ?? h.last
                    hits.append(h)
                    if cut { scan.cutAtoms(h.first, h.last, .date) }
                    i = h.last + 1
                    continue
                }
            }
            i += 1
        }
        return hits
    }

    /// The date starting at atom `i`, if any (weak hits carry the interpretation that matches a
    /// known date, when one does).
    static func match(_ scan: TextScan, _ i: Int, known: Set<Int>) -> Hit? {
        let n = scan.count
        let a = scan[i]
        if a.isNumber {
            // Compact forms.
            if a.length == 8 || a.length == 14 || (a.length > 14 && scan.byteAfter(i) == 0x2E) {
                if let v8 = prefix8(scan, i) {
                    let y = v8 / 10000, m = v8 / 100 % 100, d = v8 % 100
                    if y >= 1800, y < 2200, valid(y, m, d) { return Hit(first: i, last: i, ymd: v8, strong: true) }
                    // MMDDYYYY / DDMMYYYY: weak.
                    let yy = v8 % 10000, p = v8 / 1_000_000, q = v8 / 10000 % 100
                    for (mm, dd) in [(p, q), (q, p)] where valid(yy, mm, dd) {
                        let c = yy * 10000 + mm * 100 + dd
                        if known.contains(c) { return Hit(first: i, last: i, ymd: c, strong: false) }
                    }
                }
                return nil
            }
            if a.length == 6, !known.isEmpty, let v = scan.intValue(i) {
                let p = v / 10000, q = v / 100 % 100, r = v % 100
                for (y, m, d) in [(p, q, r), (r, q, p), (r, p, q)] where valid(y, m, d) {
                    for c in expand(y, m, d) where known.contains(c) {
                        return Hit(first: i, last: i, ymd: c, strong: false)
                    }
                }
                return nil
            }
            // ISO date and time: "2019-10-27T12:36:00" (the day and hour make one atom).
            if a.length == 4, i + 2 < n, scan.gap(after: i, isByte: 0x2D), scan.gap(after: i + 1, isByte: 0x2D),
                scan[i + 1].isNumber, scan[i + 1].length <= 2, let y = scan.intValue(i), y >= 1800, y < 2200,
                let m = scan.intValue(i + 1), let d = dayBeforeT(scan, i + 2), valid(y, m, d)
            {
                var last = i + 2
                // ":mm[:ss]" of the time.
                while last + 1 < n, last < i + 4, scan.gap(after: last, isByte: 0x3A), scan[last + 1].isNumber,
                    scan[last + 1].length <= 2 + (last == i + 3 ? 7 : 0)
                {
                    last += 1
                }
                return Hit(first: i, last: last, ymd: y * 10000 + m * 100 + d, strong: true)
            }
            // Three numbers with one separator.
            if i + 2 < n, a.length <= 4, scan[i + 1].isNumber, scan[i + 2].isNumber {
                let g = scan.gap(after: i)
                if g.count == 1 {
                    let sep = scan.bytes[g.lowerBound]
                    if (sep == 0x2D || sep == 0x2F || sep == 0x2E), scan.gap(after: i + 1, isByte: sep),
                        !joinedLeft(scan, i, sep), !joinedRight(scan, i + 2, sep),
                        let x = scan.intValue(i), let y2 = scan.intValue(i + 1), let z = scan.intValue(i + 2)
                    {
                        let l0 = a.length, l1 = scan[i + 1].length, l2 = scan[i + 2].length
                        if l0 == 4, l1 <= 2, l2 <= 2, x >= 1800, x < 2200, valid(x, y2, z) {
                            return Hit(first: i, last: i + 2, ymd: x * 10000 + y2 * 100 + z, strong: true)
                        }
                        if l0 <= 2, l1 <= 2, l2 == 4, z >= 1800, z < 2200 {
                            // Month first (US) or day first (elsewhere): either is a date.
                            let us = valid(z, x, y2), eu = valid(z, y2, x)
                            if us || eu {
                                let c1 = z * 10000 + x * 100 + y2, c2 = z * 10000 + y2 * 100 + x
                                let ymd = us ? (eu && known.contains(c2) ? c2 : c1) : c2
                                return Hit(first: i, last: i + 2, ymd: ymd, strong: true)
                            }
                        }
                        if l0 <= 2, l1 <= 2, l2 == 2 {
                            var cands: [Int] = []
                            if valid(z, x, y2) { cands += expand(z, x, y2) }
                            if valid(z, y2, x) { cands += expand(z, y2, x) }
                            if valid(x, y2, z) { cands += expand(x, y2, z) }
                            guard !cands.isEmpty else { return nil }
                            let k = cands.first(where: { known.contains($0) })
                            // m/d/yy with slashes is a date; with '-' or '.' it may be a code.
                            let strong = sep == 0x2F && (valid(z, x, y2) || valid(z, y2, x))
                            return Hit(first: i, last: i + 2, ymd: k ?? cands[0], strong: strong)
                        }
                    }
                }
            }
        }
        // Day first: "21 Mar 2014", "21-MAR-14", "21st March", "3. März 2014", "7th of June 2015".
        if let d = day(scan, i), i + 1 < n, wordGap(scan, i) {
            var mi = i + 1
            if scan[mi].hash == ofHash, scan[i].letters == 2, mi + 1 < n, scan.spaceGap(after: mi) { mi += 1 }
            guard let m = month(scan, mi) else { return nil }
            var last = mi
            var ymd: Int? = nil
            if mi + 1 < n, wordGap(scan, mi), let y = year(scan, mi + 1) {
                last = mi + 1
                if valid(max(y, 1), m, d) {
                    let c = expand(y, m, d)
                    ymd = c.first(where: { known.contains($0) }) ?? c.last
                }
            }
            return Hit(first: i, last: last, ymd: ymd, strong: valid(2000, m, d))
        }
        // Month and two-digit year: "Mar '82", "Jun’86".
        if month(scan, i) != nil, i + 1 < n, scan[i + 1].isNumber, scan[i + 1].length == 2, apostropheYearGap(scan, i) {
            return Hit(first: i, last: i + 1, ymd: nil, strong: true)
        }
        // Month first: "March 21, 2014", "Mar 21st 2014", "MAR-21-2014", "March 2014".
        if let m = month(scan, i), i + 1 < n, wordGap(scan, i) {
            if year(scan, i + 1) != nil, scan[i + 1].length == 4 {
                return Hit(first: i, last: i + 1, ymd: nil, strong: true)
            }
            if let d = day(scan, i + 1) {
                if i + 2 < n, wordGap(scan, i + 1), let y = year(scan, i + 2) {
                    let c = expand(y, m, d)
                    return Hit(first: i, last: i + 2, ymd: c.first(where: { known.contains($0) }) ?? c.last, strong: true)
                }
                return Hit(first: i, last: i + 1, ymd: nil, strong: true)
            }
        }
        return nil
    }

    static let ofHash = TextWordHasher.hash("of")

    /// Gap after atom `i` is an apostrophe (ASCII or U+2019), after at most one space.
    static func apostropheYearGap(_ scan: TextScan, _ i: Int) -> Bool {
        var g = scan.bytes[scan.gap(after: i)]
        if g.first == 0x20 { g = g.dropFirst() }
        return g.elementsEqual([0x27]) || g.elementsEqual([0xE2, 0x80, 0x99])
    }

    /// Day of an ISO date-time atom "27T12": the day, when the atom is day 'T' hour.
    static func dayBeforeT(_ scan: TextScan, _ i: Int) -> Int? {
        let a = scan[i]
        guard a.letters == 1, a.digits >= 3, a.digits <= 4 else { return nil }
        let b = scan.bytes
        guard a.start + 2 < a.end, TextBytes.isDigit(b[a.start]), TextBytes.isDigit(b[a.start + 1]), b[a.start + 2] | 0x20 == 0x74
        else { return nil }
        let d = Int(b[a.start] - 0x30) * 10 + Int(b[a.start + 1] - 0x30)
        return d >= 1 && d <= 31 ? d : nil
    }

    /// Last atom of a time of day right after a date ending at atom `last`: " 14:35", " 14:35:00",
    /// "T14:35" (hours and minutes at least), else nil.
    static func timeEnd(_ scan: TextScan, after last: Int) -> Int? {
        let n = scan.count
        guard last + 2 < n, scan.gap(after: last, is: " T", lengths: 1...2), scan[last + 1].isNumber,
            scan[last + 1].length <= 2, scan.gap(after: last + 1, isByte: 0x3A), scan[last + 2].isNumber,
            scan[last + 2].length == 2, let hh = scan.intValue(last + 1), hh < 24
        else { return nil }
        var e = last + 2
        if e + 1 < n, scan.gap(after: e, isByte: 0x3A), scan[e + 1].isNumber, scan[e + 1].length == 2 { e += 1 }
        if e + 1 < n, scan.spaceGap(after: e) || scan.gap(after: e).isEmpty, meridiem.contains(scan[e + 1].hash) { e += 1 }
        return e
    }

    static let meridiem: Set<UInt64> = [TextWordHasher.hash("am"), TextWordHasher.hash("pm")]

    /// First eight digits of atom `i` as an integer.
    @inline(__always) static func prefix8(_ scan: TextScan, _ i: Int) -> Int? {
        let a = scan[i]
        guard a.length >= 8 else { return nil }
        var v = 0
        for k in a.start..<a.start + 8 { v = v * 10 + Int(scan.bytes[k] - 0x30) }
        return v
    }
}
