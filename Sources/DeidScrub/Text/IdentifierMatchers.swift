/// Record numbers and other identifiers: long digit runs, letter+digit codes with many digits,
/// UIDs, and whatever token with digits follows an identifier label (MRN, ID, Acc#, SSN ...).
enum IdentifierMatchers {
    /// Digit runs this long are identifiers, not measurements.
    static let longDigits = 7
    /// Letter+digit codes with this many digits are identifiers ("271V4132", "MR0012345").
    static let codeDigits = 5

    static let noHash = TextWordHasher.hash("no")

    static func run(_ scan: inout TextScan) {
        let n = scan.count
        var i = 0
        while i < n {
            let a = scan[i]
            if a.digits == 0 {
                if TextLexicon.idCues.contains(a.hash) { labelled(&scan, i) }
                i += 1
                continue
            }
            if a.digits >= 2, a.digits <= 3, a.letters >= 1, isGluedAgeOver89(scan, i) {
                // "96yo", "92y", "101yrs".
                scan.cutAtoms(i, i, .id)
                i += 1
                continue
            }
            if a.isNumber {
                if let e = ageOver89End(scan, i) {
                    scan.cutAtoms(i, e, .id)
                    i = e + 1
                    continue
                }
                if let e = uidEnd(scan, i) {
                    scan.cutAtoms(i, e, .id)
                    i = e + 1
                    continue
                }
                // A fraction ("0.1234567") is a measurement.
                let fraction = i > 0 && scan.gap(after: i - 1, isByte: 0x2E) && scan[i - 1].isNumber
                if a.length >= longDigits && !fraction && !scan.isCut(i) && !isRepeatedDigit(scan, i) { scan.cutAtoms(i, i, .id) }
            } else if a.digits >= codeDigits && longestDigitRun(scan, i) >= 4 && !scan.isCut(i) && !isDimension(scan, i) {
                scan.cutAtoms(i, i, .id)
            }
            i += 1
        }
    }

    /// "512x512", "23x38x3": sizes, not codes.
    static let ageUnits: Set<UInt64> = ["y", "yo", "yr", "yrs", "year", "years", "jahre", "ans", "anos", "años"]
        .reduce(into: []) { $0.insert(TextWordHasher.hash($1)) }
    static let ageCues: Set<UInt64> = ["age", "aged", "alter"].reduce(into: []) { $0.insert(TextWordHasher.hash($1)) }

    /// An age over 89 ("92-year-old", "95 y/o", "age 91"), which Safe Harbor does not let
    /// through: index of its last atom.
    static func ageOver89End(_ scan: TextScan, _ i: Int) -> Int? {
        guard scan[i].length <= 3, let v = scan.intValue(i), v >= 90, v < 130 else { return nil }
        if i > 0, ageCues.contains(scan[i - 1].hash), scan.gap(after: i - 1, is: " :", lengths: 1...2) { return i }
        guard i + 1 < scan.count, scan.gap(after: i, is: " -", lengths: 0...1) || scan.gap(after: i).isEmpty,
            ageUnits.contains(scan[i + 1].hash)
        else { return nil }
        var e = i + 1
        // "y/o", "year-old", "years old".
        if e + 1 < scan.count, scan.gap(after: e, is: "/- ", lengths: 1...1),
            scan[e + 1].hash == oHash || scan[e + 1].hash == oldHash
        {
            e += 1
        }
        return e
    }

    static let oHash = TextWordHasher.hash("o")
    static let oldHash = TextWordHasher.hash("old")

    /// Atom `i` is an age over 89 written with its unit ("96yo", "92y", "101yrs").
    static func isGluedAgeOver89(_ scan: TextScan, _ i: Int) -> Bool {
        let a = scan[i]
        var v = 0
        var k = a.start
        while k < a.end, TextBytes.isDigit(scan.bytes[k]) { v = v * 10 + Int(scan.bytes[k] &- 0x30); k += 1 }
        guard k - a.start == a.digits, v >= 90, v < 130 else { return false }
        return ageUnits.contains(TextWordHasher.hash(scan.bytes[k..<a.end]))
    }

    /// "0000000", "9999999": fillers, not identifiers.
    static func isRepeatedDigit(_ scan: TextScan, _ i: Int) -> Bool {
        let a = scan[i]
        let c = scan.bytes[a.start]
        return scan.bytes[a.start..<a.end].allSatisfy { $0 == c }
    }

    /// Longest run of digits in atom `i` ("FA12nTI128": 3, "271V4132": 4).
    static func longestDigitRun(_ scan: TextScan, _ i: Int) -> Int {
        let a = scan[i]
        var best = 0, run = 0
        for k in a.start..<a.end {
            if TextBytes.isDigit(scan.bytes[k]) { run += 1; best = max(best, run) } else { run = 0 }
        }
        return best
    }

    /// An upper-case 'X' between groups of different lengths is a code ("327X4018").
    static func isDimension(_ scan: TextScan, _ i: Int) -> Bool {
        let a = scan[i]
        var run = 0
        var runs: [Int] = []
        var upper = false
        for k in a.start..<a.end {
            let c = scan.bytes[k]
            if TextBytes.isDigit(c) { run += 1; continue }
            guard c | 0x20 == 0x78, run > 0 else { return false }
            if c == 0x58 { upper = true }
            runs.append(run)
            run = 0
        }
        guard run > 0 else { return false }
        runs.append(run)
        return !upper || runs.allSatisfy { $0 == runs[0] }
    }

    /// A dotted UID ("1.2.840.113619.2.55...") starting at atom `i`: index of its last atom.
    static func uidEnd(_ scan: TextScan, _ i: Int) -> Int? {
        if i > 0, scan.gap(after: i - 1, isByte: 0x2E) { return nil }
        var j = i
        var longest = scan[i].length
        while j + 1 < scan.count, scan.gap(after: j, isByte: 0x2E), scan[j + 1].isNumber {
            j += 1
            longest = max(longest, scan[j].length)
        }
        let parts = j - i + 1
        let length = scan[j].end - scan[i].start
        return parts >= 4 && length >= 12 && longest >= 4 ? j : nil
    }

    /// The token after an identifier label, when it holds at least four digits (three for
    /// "MRN"-like labels), with its dash/slash-joined continuations.
    static func labelled(_ scan: inout TextScan, _ cue: Int) {
        let n = scan.count
        guard cue + 1 < n, scan.gap(after: cue, is: " :#.=-", lengths: 1...3) || scan.gap(after: cue).isEmpty else { return }
        // "no 5 mm": "No" needs "No." / "No:" / "No#".
        if scan[cue].hash == noHash {
            let g = scan.gap(after: cue)
            if !g.contains(where: { scan.bytes[$0] == 0x2E || scan.bytes[$0] == 0x3A || scan.bytes[$0] == 0x23 }) { return }
        }
        var j = cue + 1
        // "ID: AB-12345", "MRN 123 456 789": following groups joined by '-', '/', '.' or a space
        // when they are digits too.
        var digits = scan[j].digits
        guard digits > 0 || (scan[j].length <= 4 && j + 1 < n && scan.gap(after: j, is: "-", lengths: 1...1)) else { return }
        while j + 1 < n {
            let next = scan[j + 1]
            if scan.gap(after: j, is: "-/.", lengths: 1...1), next.digits > 0 || next.length <= 4 {
                j += 1
            } else if scan.gap(after: j, is: " ", lengths: 1...1), next.isNumber, next.length >= 3, scan[j].isNumber {
                j += 1
            } else {
                break
            }
            digits += next.digits
        }
        // A trailing word after a dash is not part of the code ("12345-CT").
        while j > cue + 1, scan[j].digits == 0 { j -= 1 }
        guard digits >= 4 else { return }
        scan.cutAtoms(cue + 1, j, .id)
    }
}
