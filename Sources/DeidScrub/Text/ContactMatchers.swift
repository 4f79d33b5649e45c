/// E-mail addresses, URLs, IPv4 addresses, phone numbers (with extensions) and SSNs.
enum ContactMatchers {
    static func run(_ scan: inout TextScan) {
        var hasAt = false, hasColon = false, hasW = false
        for b in scan.bytes {
            if b == 0x40 { hasAt = true } else if b == 0x3A { hasColon = true } else if b | 0x20 == 0x77 { hasW = true }
        }
        if hasAt { emails(&scan) }
        if hasColon || hasW { urls(&scan) }
        numberGroups(&scan)
    }

    @inline(__always) static func isLocalByte(_ c: UInt8) -> Bool {
        TextBytes.isDigit(c) || TextBytes.isLetter(c) || c == 0x2E || c == 0x5F || c == 0x25 || c == 0x2B || c == 0x2D
    }

    @inline(__always) static func isDomainByte(_ c: UInt8) -> Bool {
        TextBytes.isDigit(c) || TextBytes.isLetter(c) || c == 0x2E || c == 0x2D || c >= 0x80
    }

    static func emails(_ scan: inout TextScan) {
        let b = scan.bytes
        let n = b.count
        var p = 0
        while p < n {
            guard b[p] == 0x40 else { p += 1; continue }
            var l = p
            while l > 0, isLocalByte(b[l - 1]) { l -= 1 }
            var r = p + 1
            while r < n, isDomainByte(b[r]) { r += 1 }
            while r > p + 1, b[r - 1] == 0x2E || b[r - 1] == 0x2D { r -= 1 }
            // The domain needs a dot and a top-level label of two letters or more.
            var lastDot = -1
            for k in p + 1..<r where b[k] == 0x2E { lastDot = k }
            if l < p, lastDot > p + 1, r - lastDot - 1 >= 2, b[(lastDot + 1)..<r].allSatisfy(TextBytes.isLetter) {
                // "mailto:" goes with it.
                if l >= 7, String(decoding: b[(l - 7)..<l], as: UTF8.self).lowercased() == "mailto:" { l -= 7 }
                scan.cut(l, r, .contact)
            }
            p = r
        }
    }

    static let schemes: [[UInt8]] = ["http://", "https://", "ftp://", "sftp://", "www."].map { Array($0.utf8) }

    static func urls(_ scan: inout TextScan) {
        let b = scan.bytes
        let n = b.count
        var p = 0
        while p < n {
            let c = b[p] | 0x20
            guard c == 0x68 || c == 0x66 || c == 0x73 || c == 0x77, p == 0 || !TextBytes.isLetter(b[p - 1]) else { p += 1; continue }
            var matched = false
            for s in schemes where p + s.count <= n {
                var ok = true
                for k in 0..<s.count where TextBytes.lower(b[p + k]) != s[k] { ok = false; break }
                if ok { matched = true; break }
            }
            guard matched else { p += 1; continue }
            var r = p
            while r < n, !TextBytes.isSpace(b[r]), b[r] != 0x22, b[r] != 0x27, b[r] != 0x3C, b[r] != 0x3E, b[r] != 0x5C { r += 1 }
            while r > p, [0x2E, 0x2C, 0x3B, 0x3A, 0x29, 0x21, 0x3F].contains(b[r - 1]) { r -= 1 }
            scan.cut(p, r, .contact)
            p = r
        }
    }

    /// Gap after atom `j` may separate groups of one phone number: 1–3 bytes of " -.()".
    @inline(__always) static func phoneGap(_ scan: TextScan, _ j: Int) -> Bool {
        scan.gap(after: j, is: " -.()", lengths: 1...3)
    }

    /// A phone cue word among the two atoms before `i`.
    static func phoneCueBefore(_ scan: TextScan, _ i: Int) -> Bool {
        for k in max(0, i - 2)..<i where TextLexicon.phoneCues.contains(scan[k].hash) { return true }
        return false
    }

    /// "SSN", "SS#", "Social Security" among the two atoms before `i`.
    static func ssnCueBefore(_ scan: TextScan, _ i: Int) -> Bool {
        for k in max(0, i - 2)..<i where ssnHashes.contains(scan[k].hash) { return true }
        return false
    }

    static let ssnHashes: Set<UInt64> = ["ssn", "ss", "security", "sin", "ssnum"].reduce(into: []) { $0.insert(TextWordHasher.hash($1)) }
    static let extHashes: Set<UInt64> = [
        TextWordHasher.hash("x"), TextWordHasher.hash("ext"), TextWordHasher.hash("extn"),
        TextWordHasher.hash("extension")
    ]

    /// Runs of digit groups: SSNs, US and international phone numbers, IPv4 addresses.
    static func numberGroups(_ scan: inout TextScan) {
        let n = scan.count
        var i = 0
        while i < n {
            guard scan[i].isNumber, !scan.isCut(i) else { i += 1; continue }
            // Part of something longer on the left ("v1.2", "324-58-2995" is fine, "a/123").
            if i > 0, scan.gap(after: i - 1).count == 1 {
                let g = scan.bytes[scan.gap(after: i - 1).lowerBound]
                if g == 0x2F || g == 0x2E || g == 0x5F || g == 0x3A || (g == 0x2D && scan[i - 1].digits > 0) {
                    i += 1
                    continue
                }
            }
            if ipv4(&scan, i) { i += 4; continue }
            var j = i
            while j + 1 < n, scan[j + 1].isNumber, phoneGap(scan, j) { j += 1 }
            // "…-4131x462": the last group carries its extension.
            var gluedExtension = 0
            if j + 1 < n, phoneGap(scan, j), let d = leadingDigitsBeforeX(scan, j + 1) {
                j += 1
                gluedExtension = d
            }
            let end = j
            // Continued on the right by "/6", ".5", "-x": a code, not a number of ours.
            let after = scan.byteAfter(end)
            if (after == 0x2F || after == 0x2E || after == 0x2D || after == 0x5F), end + 1 < n,
                scan.gap(after: end).count == 1, scan[end + 1].start == scan[end].end + 1
            {
                i = end + 1
                continue
            }
            var lengths = (i...end).map { scan[$0].length }
            if gluedExtension > 0 { lengths[lengths.count - 1] = gluedExtension }
            let total = lengths.reduce(0, +)
            let start = scan[i].start
            let plus = start > 0 && scan.bytes[start - 1] == 0x2B
            let paren = start > 0 && scan.bytes[start - 1] == 0x28
            let gapsAllSpaces = (i..<end).allSatisfy { scan.gap(after: $0).allSatisfy { scan.bytes[$0] == 0x20 } }
            let dashes = (i..<end).allSatisfy { scan.gap(after: $0, isByte: 0x2D) }
            var kind: TextCutKind? = nil
            if lengths == [3, 2, 4] && (dashes || ssnCueBefore(scan, i)) {
                kind = .id
            } else if plus && total >= 8 && total <= 15 && lengths.count >= 2 {
                kind = .phone
            } else if lengths == [3, 3, 4] || lengths == [1, 3, 3, 4]
                || (lengths.count == 4 && lengths[0] == 3 && lengths[1] == 3
                    && lengths[2] == 3 && lengths[3] == 4)
            {
                if !gapsAllSpaces || paren || phoneCueBefore(scan, i) { kind = .phone }
            } else if lengths == [3, 4] && dashes && phoneCueBefore(scan, i) {
                kind = .phone
            } else if lengths.count >= 3 && total >= 10 && total <= 13 && lengths[0] != 4
                && (scan.bytes[start] == 0x30 || !gapsAllSpaces) && lengths.allSatisfy({ $0 >= 2 })
            {
                kind = .phone
            } else if total >= 7 && phoneCueBefore(scan, i) && lengths.count >= 2 {
                kind = .phone
            }
            if let kind {
                var s = start
                if plus || paren { s -= 1 }
                if plus, s > 0, scan.bytes[s - 1] == 0x28 { s -= 1 }
                var e = scan[end].end
                if e < scan.bytes.count, scan.bytes[e] == 0x29, paren { e += 1 }
                scan.cut(s, e, kind)
                if kind == .phone { e = extensionEnd(scan, end) ?? e; scan.cut(s, e, kind) }
                i = end + 1
                continue
            }
            i = end + 1
        }
    }

    /// Digits before an 'x' in an atom like "4131x462" (digits, x, digits), else nil.
    static func leadingDigitsBeforeX(_ scan: TextScan, _ i: Int) -> Int? {
        let a = scan[i]
        guard a.letters == 1, a.digits >= 2 else { return nil }
        var k = a.start
        while k < a.end, TextBytes.isDigit(scan.bytes[k]) { k += 1 }
        let d = k - a.start
        guard d >= 3, k < a.end - 1, scan.bytes[k] | 0x20 == 0x78 else { return nil }
        return d
    }

    /// End of an extension after the phone number that ends at atom `j` ("x123", "ext. 45").
    static func extensionEnd(_ scan: TextScan, _ j: Int) -> Int? {
        let n = scan.count
        guard j + 1 < n, scan.gap(after: j, is: " ,;", lengths: 1...2) || scan.gap(after: j).isEmpty else { return nil }
        let a = scan[j + 1]
        // "x123"
        if a.letters == 1, a.digits >= 1, TextBytes.lower(scan.bytes[a.start]) == 0x78 { return a.end }
        if extHashes.contains(a.hash), j + 2 < n, scan[j + 2].isNumber, scan.gap(after: j + 1, is: " .:#", lengths: 0...3) {
            return scan[j + 2].end
        }
        return nil
    }

    /// IPv4 address at atoms i...i+3.
    static func ipv4(_ scan: inout TextScan, _ i: Int) -> Bool {
        guard i + 3 < scan.count else { return false }
        for k in i...i + 3 {
            guard scan[k].isNumber, scan[k].length <= 3, let v = scan.intValue(k), v <= 255 else { return false }
            if k < i + 3 && !scan.gap(after: k, isByte: 0x2E) { return false }
        }
        if i + 4 < scan.count, scan.gap(after: i + 3, isByte: 0x2E), scan[i + 4].isNumber { return false }
        var e = scan[i + 3].end
        // ":port"
        if i + 4 < scan.count, scan.gap(after: i + 3, isByte: 0x3A), scan[i + 4].isNumber { e = scan[i + 4].end }
        scan.cut(scan[i].start, e, .contact)
        return true
    }
}
