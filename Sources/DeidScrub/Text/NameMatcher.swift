/// Person names: after cue words ("Dr.", "patient:", "read by", "for"), in DICOM form
/// (Last^First), and in natural or "Last, First" order when the census name lists vouch for
/// both parts. Clinical words never count as name parts.
enum NameMatcher {
    struct Unit {
        var first: Int
        var last: Int
        var hash: UInt64
        var initial: Bool
        var inFirst: Bool
        var inLast: Bool
        var common: Bool
        var allCaps: Bool
        /// A clinical or label word that is also a surname ("White", "Case", "Long"): a name
        /// part only where the form makes it one.
        var clinical: Bool = false
        /// A month name that is also a given name ("April").
        var month: Bool = false
    }

    enum Sep { case space, comma, caret }

    static let byHash = TextWordHasher.hash("by")
    static let patHash = TextWordHasher.hash("pat")
    static let ptHash = TextWordHasher.hash("pt")
    static let nameHash = TextWordHasher.hash("name")
    static let saintHash = TextWordHasher.hash("st")

    /// The name unit starting at atom `i`: a capitalised word, or words joined by '-' or an
    /// apostrophe ("Coleman-Cooper", "O'Brien"), or an initial.
    static func unit(_ scan: TextScan, _ i: Int, _ protected: TextWordSet) -> Unit? {
        guard scan.isProperWord(i) else { return nil }
        let a = scan[i]
        var last = i
        if a.letters == 1 {
            // "O'Brien", "D'Angelo": an initial joined by an apostrophe.
            guard i + 1 < scan.count, apostrophe(scan, i), scan.isProperWord(i + 1), scan[i + 1].letters >= 2 else {
                return Unit(
                    first: i, last: i, hash: a.hash, initial: true, inFirst: false, inLast: false,
                    common: false, allCaps: true)
            }
            last = i + 1
        }
        // "St. John", "St John": the saint's abbreviation is part of the surname.
        if last == i, a.letters == 2, a.hash == saintHash, i + 1 < scan.count, scan.isProperWord(i + 1), scan[i + 1].letters >= 3,
            scan.gap(after: i, is: ". ", lengths: 1...2), scan.byteAfter(i) != 0x2E || scan.gap(after: i, is: ". ", lengths: 2...2)
        {
            last = i + 1
        }
        // "Lindqvist-O'Brien": an "O'" inside a compound.
        while last + 1 < scan.count, scan.isProperWord(last + 1),
            scan[last + 1].letters >= 2 || (last + 2 < scan.count && apostrophe(scan, last + 1) && scan.isProperWord(last + 2)),
            scan.gap(after: last, isByte: 0x2D) || apostrophe(scan, last)
        {
            last += 1
        }
        return build(scan, i, last, protected)
    }

    @inline(__always) static func apostrophe(_ scan: TextScan, _ i: Int) -> Bool {
        let g = scan.gap(after: i)
        if g.count == 1 { return scan.bytes[g.lowerBound] == 0x27 }
        return g.count == 3 && scan.bytes[g.lowerBound] == 0xE2 && scan.bytes[g.lowerBound + 1] == 0x80
            && scan.bytes[g.lowerBound + 2] == 0x99
    }

    /// Stop words, labels, cue words and months are never name parts; clinical words only when
    /// they are also surnames (flagged `clinical`).
    static func build(_ scan: TextScan, _ first: Int, _ last: Int, _ protected: TextWordSet) -> Unit? {
        var h = TextWordHasher()
        var inFirst = false, inLast = false, allCaps = true, clinical = false, month = false
        for k in first...last {
            let a = scan[k]
            // The "O" of "O'Connor" is no stop word.
            if first != last && a.letters == 1 { for b in scan.bytes[a.start..<a.end] { h.add(b) }; continue }
            if TextLexicon.stopWords.contains(a.hash) || TextLexicon.labels.contains(a.hash)
                || TextLexicon.strongNameCues.contains(a.hash) || TextLexicon.weakNameCues.contains(a.hash)
            {
                return nil
            }
            // "April", "June": given names too, but only where the form makes them one.
            if DateMatcher.monthTable[a.hash] != nil {
                guard first == last, TextLexicon.firstNames.contains(a.hash) else { return nil }
                month = true
            }
            if protected.contains(a.hash) || TextLexicon.idCues.contains(a.hash) || TextLexicon.phoneCues.contains(a.hash) {
                guard TextLexicon.lastNames.contains(a.hash) else { return nil }
                clinical = true
            }
            for b in scan.bytes[a.start..<a.end] { h.add(b) }
            if a.letters >= 2 {
                if TextLexicon.firstNames.contains(a.hash) { inFirst = true }
                if TextLexicon.lastNames.contains(a.hash) { inLast = true }
            }
            if a.lowers > 0 { allCaps = false }
        }
        let hash = h.value
        if first != last {
            if TextLexicon.firstNames.contains(hash) { inFirst = true }
            if TextLexicon.lastNames.contains(hash) { inLast = true }
        }
        let common = first == last && TextLexicon.commonWords.contains(hash)
        return Unit(
            first: first, last: last, hash: hash, initial: false, inFirst: inFirst, inLast: inLast,
            common: common, allCaps: allCaps, clinical: clinical, month: month)
    }

    /// Name units from atom `j` on, with the separator before each (the first's is `.space`).
    static func span(_ scan: TextScan, from j: Int, _ protected: TextWordSet, max: Int = 4) -> [(Unit, Sep)] {
        var out: [(Unit, Sep)] = []
        var k = j
        var sep = Sep.space
        var commas = 0
        while k < scan.count, out.count < max, !scan.isCut(k), let u = unit(scan, k, protected) {
            out.append((u, sep))
            guard u.last + 1 < scan.count else { break }
            let g = scan.gap(after: u.last)
            let bytes = scan.bytes[g]
            if u.initial, bytes.first == 0x2E, bytes.count <= 2, bytes.count == 1 || bytes.last == 0x20 {
                sep = .space
            } else if scan.spaceGap(after: u.last) {
                sep = .space
            } else if (bytes.elementsEqual([0x2C, 0x20]) || bytes.elementsEqual([0x2C])) && out.count == 1 && commas == 0 {
                sep = .comma
                commas += 1
            } else if bytes.elementsEqual([0x5E]) {
                sep = .caret
            } else {
                break
            }
            k = u.last + 1
        }
        return out
    }

    static func run(_ scan: inout TextScan, protected: TextWordSet) {
        var cutNames: [UInt64] = []
        let n = scan.count
        // Cue rules first.
        var i = 0
        while i < n {
            let a = scan[i]
            guard a.digits == 0, !scan.isCut(i), i + 1 < n else { i += 1; continue }
            let g = scan.gap(after: i)
            let gapBytes = scan.bytes[g]
            // "Name:", "Ref. phys.:".
            let colon =
                (gapBytes.first == 0x3A && gapBytes.count <= 2)
                || (gapBytes.count <= 3 && gapBytes.starts(with: [0x2E, 0x3A]))
            // "Pat. Smith", "Pt. J. Doe": the abbreviation of "patient" with its full stop.
            let patientAbbreviation =
                (a.hash == patHash || a.hash == ptHash) && gapBytes.first == 0x2E && gapBytes.count <= 2
                && !(a.hash == patHash && i > 0 && !scan.isCut(i - 1) && scan.isProperWord(i - 1) && scan.spaceGap(after: i - 1))
            // "MR Lever", "DR CHEST", "MS": modality or disease codes unless written as a title.
            let title =
                TextLexicon.strongNameCues.contains(a.hash) && !(scan.isAllCaps(i) && a.length == 2 && gapBytes.first != 0x2E)
                && (gapBytes.elementsEqual([0x2E, 0x20]) || gapBytes.elementsEqual([0x2E]) || scan.spaceGap(after: i)
                    || gapBytes.elementsEqual([0x20, 0x20]))
            let labelled =
                (colon && (TextLexicon.weakNameCues.contains(a.hash) || TextLexicon.byVerbs.contains(a.hash) || a.hash == nameHash))
                || patientAbbreviation
            let byVerb = a.hash == byHash && i > 0 && TextLexicon.byVerbs.contains(scan[i - 1].hash) && scan.spaceGap(after: i)
            // "tech Moss", "re Rose Hill", "cc J. Marsh", "discussed with Ann Young".
            let role =
                !title && !labelled && !byVerb && (scan.spaceGap(after: i) || colon)
                && (TextLexicon.roleCues.contains(a.hash)
                    || (a.hash == NameContext.withHash && i > 0 && TextLexicon.withVerbs.contains(scan[i - 1].hash)))
            if title || labelled || byVerb || role {
                let units = span(scan, from: i + 1, protected)
                var take = 0
                for (k, (u, s)) in units.enumerated() {
                    if k == 0 {
                        if u.initial && units.count == 1 { break }
                        // "Hill, Rose", "WHITE^BETTY": the family name of a reversed name.
                        let reversed =
                            units.count > 1 && units[1].1 != .space && !units[1].0.clinical
                            && (units[1].0.inFirst || units[1].0.initial || (!units[1].0.common && !units[1].0.month))
                        // After a title a clinical surname is a name ("Dr White"); after a label not.
                        if u.clinical && !title && !reversed { break }
                        // "Dr. May Wood", "read by Jun D. Lindqvist": a month as a given name.
                        if u.month
                            && !(units.count > 1 && !units[1].0.clinical
                                && (units[1].0.inLast || ((title || byVerb || role) && units[1].0.initial && units.count > 2)))
                        {
                            break
                        }
                        if role && !roleStart(scan, units, cue: i) { break }
                        take = 1
                    } else if u.clinical && u.inLast && s == .space && units[k - 1].0.initial && take == k
                        && (units[0].0.initial || units[0].0.inFirst) && units.prefix(k).allSatisfy({ !$0.0.clinical })
                    {
                        // "Dr. W. White", "Wei C. White": a clinical surname after an initial.
                        take = k + 1
                        break
                    } else if !u.clinical
                        && (u.initial || u.inFirst || u.inLast || s == .caret
                            || (s == .comma && plainWord(u) && closesName(scan, units, k)))
                        && !(s == .comma && !u.initial && !u.inFirst && !closesName(scan, units, k))
                    {
                        // "Marsh, Signa HDxt": after a comma a given name, an initial, or an
                        // unlisted word that ends the name ("Quarrell, Anneke.").
                        take = k + 1
                    } else if (k == 1 || (k == 2 && units[1].0.initial && !(units[0].0.inLast && !units[0].0.inFirst)))
                        && s == .space && !u.clinical && !u.common && !u.month
                        && (!role || units[0].0.inFirst || units[0].0.initial || (k == 2 && units[1].0.initial))
                    {
                        // "Dr. Priya Okafor", "Name: H. Lindqvist": after a title or label the
                        // word after the first (and a middle initial) is the surname, listed or not.
                        take = k + 1
                    } else if u.clinical && u.inLast && s == .space && units[0].0.inFirst && !units[0].0.clinical {
                        // "referring: Neil Wise": a clinical surname after a given name ends the name.
                        take = k + 1
                        break
                    } else {
                        break
                    }
                }
                // Trailing initials after a natural-order name stay ("Dr Smith A" is unusual);
                // "Smith, John A." keeps its middle initial.
                if !units.prefix(take).contains(where: { $0.1 != .space }) {
                    while take > 1, units[take - 1].0.initial { take -= 1 }
                }
                if take > 0 {
                    let start = title ? a.start : scan[units[0].0.first].start
                    let lastAtom = units[take - 1].0.last
                    if units[take - 1].0.initial, scan.byteAfter(lastAtom) == 0x2E {
                        scan.cut(start, scan[lastAtom].end + 1, .name)
                    }
                    scan.cut(start, suffixEnd(scan, lastAtom), .name)
                    for k in 0..<take where !units[k].0.initial { cutNames.append(units[k].0.hash) }
                    i = lastAtom + 1
                    continue
                }
            } else if TextLexicon.weakNameCues.contains(a.hash) && (scan.spaceGap(after: i) || colon) {
                let units = span(scan, from: i + 1, protected)
                // The second unit is an initial that ends the clause ("for Nguyen F", "pt Murphy S.").
                var closingInitial = false
                if units.count >= 2, units[1].0.initial, !units[0].0.inFirst || units.count == 2 {
                    let e = scan[units[1].0.last].end
                    let after = e < scan.bytes.count ? scan.bytes[e] : 0
                    let nextIsName = units.count > 2 && (units[2].0.inFirst || units[2].0.inLast)
                    let dash = e + 2 < scan.bytes.count && after == 0x20 && scan.bytes[e + 1] == 0x2D && scan.bytes[e + 2] == 0x20
                    closingInitial =
                        after == 0 || after == 0x2C || after == 0x3B || after == 0x29 || after == 0x0A || dash
                        || (after == 0x2E && !nextIsName)
                }
                if let take = pairLength(units, cued: true, closingInitial: closingInitial) ?? loneSurname(scan, units) {
                    let lastAtom = units[take - 1].0.last
                    if units[take - 1].0.initial, scan.byteAfter(lastAtom) == 0x2E {
                        scan.cut(scan[units[0].0.first].start, scan[lastAtom].end + 1, .name)
                    }
                    scan.cut(scan[units[0].0.first].start, suffixEnd(scan, lastAtom), .name)
                    for k in 0..<take where !units[k].0.initial { cutNames.append(units[k].0.hash) }
                    i = lastAtom + 1
                    continue
                }
            }
            i += 1
        }
        // Names without a cue.
        i = 0
        while i < n {
            // "J. Abernathy": an initial with its full stop and a listed surname, in mixed case.
            if scan.hasLower, !scan.isCut(i), scan.isProperWord(i), scan[i].letters == 1, i + 1 < n,
                scan.gap(after: i, is: ". ", lengths: 2...2), !scan.isCut(i + 1), scan.isProperWord(i + 1),
                !scan.isAllCaps(i + 1), i == 0 || scan.byteBefore(i) != 0x2E,
                let u = unit(scan, i + 1, protected), !u.initial, u.inLast, !u.inFirst || u.inLast, !u.common, !u.clinical, !u.month
            {
                scan.cut(scan[i].start, suffixEnd(scan, u.last), .name)
                cutNames.append(u.hash)
                i = u.last + 1
                continue
            }
            guard !scan.isCut(i), scan.isProperWord(i), scan[i].letters >= 2 || (i + 1 < n && apostrophe(scan, i)) else { i += 1; continue }
            // Start of a unit only (not the middle of "Coleman-Cooper").
            if i > 0, scan.gap(after: i - 1, isByte: 0x2D) || apostrophe(scan, i - 1), scan.isProperWord(i - 1) {
                i += 1
                continue
            }
            let units = span(scan, from: i, protected)
            var pair = pairLength(units, cued: false, mixedCase: scan.hasLower)
            // "Hiroshi Washington, MD": two name words before a degree, one of them listed.
            if pair == nil, units.count >= 2, units[1].1 == .space, !units[0].0.initial, !units[1].0.initial,
                !units[0].0.clinical, !units[1].0.clinical, units[0].0.inFirst || units[1].0.inLast,
                degreeFollows(scan, units[1].0.last)
            {
                pair = 2
            }
            // "CT ABDOMEN DAKOTA POOLE": in text all in capitals, a listed given name and surname,
            // neither an ordinary nor a clinical word, closing the text or a clause.
            if pair == nil, !scan.hasLower, units.count >= 2, units[1].1 == .space, !units[0].0.initial, !units[1].0.initial,
                units[0].0.inFirst, units[1].0.inLast, plainWord(units[0].0), plainWord(units[1].0),
                units[0].0.first == units[0].0.last, units[1].0.first == units[1].0.last
            {
                let e = scan[units[1].0.last].end
                let after = e < scan.bytes.count ? scan.bytes[e] : 0
                if after == 0 || after == 0x2C || after == 0x2E || after == 0x3B || after == 0x29 || after == 0x0A
                    || (after == 0x20 && e + 1 < scan.bytes.count && scan.bytes[e + 1] == 0x2D)
                {
                    pair = 2
                }
            }
            if let take = pair {
                let lastAtom = units[take - 1].0.last
                scan.cut(scan[units[0].0.first].start, suffixEnd(scan, lastAtom), .name)
                for k in 0..<take where !units[k].0.initial { cutNames.append(units[k].0.hash) }
                i = lastAtom + 1
                continue
            }
            i += 1
        }
        // A name found once is cut wherever else it appears capitalised (an ordinary word
        // only where it was found: "Rose" of "re Rose Hill" is no "Rose bengal").
        if !cutNames.isEmpty {
            let names = Set(cutNames.filter { !TextLexicon.commonWords.contains($0) && !TextLexicon.frequentWordNames.contains($0) })
            for k in 0..<n where !scan.isCut(k) && names.contains(scan[k].hash) && scan.isCapitalized(k) && scan[k].letters >= 3 {
                scan.cutAtoms(k, k, .name)
            }
        }
    }

    /// How many leading units of `units` form a name, or nil.
    /// Natural order: First [Middle|Initial] Last. Reversed: Last, First [Initial] or
    /// Last^First[^Middle]. Without a cue the first name must not be an ordinary word and, in
    /// mixed-case text, the parts must not be all-capital acronyms. A clinical word that is also
    /// a surname counts only as the surname of a clear first name ("Betty Long", "LONG^BETTY").
    static func pairLength(_ units: [(Unit, Sep)], cued: Bool, mixedCase: Bool = true, closingInitial: Bool = false) -> Int? {
        guard units.count >= 2 else { return nil }
        let u0 = units[0].0
        let u1 = units[1].0
        // "for E. Schmidt": after a cue an initial and a listed surname.
        // "for A.E. McDonald": two initials.
        if u0.initial {
            let j = u1.initial && units.count > 2 && units[2].1 == .space ? 2 : 1
            let s = units[j].0
            guard cued, units[j].1 == .space, !s.initial, s.inLast, !s.common, !s.clinical, !s.month else { return nil }
            return j + 1
        }
        // "for Oisin McDonald": after a cue, a given name the lists lack before a listed
        // surname that is no ordinary word.
        if cued && units[1].1 == .space && !u0.inFirst && !u0.inLast && plainWord(u0) && !u1.initial && u1.inLast
            && plainWord(u1) && u0.allCaps == u1.allCaps && (mixedCase ? !u0.allCaps : true) && u0.first == u0.last
        {
            return 2
        }
        // "Priya T. O'Brien": a given name the lists lack, a middle initial and a listed surname.
        if !u0.inFirst && !u0.common && !u0.clinical && !u0.month && units.count >= 3 && u1.initial
            && units[1].1 == .space && units[2].1 == .space
        {
            let u2 = units[2].0
            if !u2.initial && u2.inLast && !u2.common && !u2.clinical && u0.allCaps == u2.allCaps && (mixedCase ? !u0.allCaps : true) {
                return 3
            }
        }
        if !cued && mixedCase {
            // "CT ABD" style acronyms are not names in mixed-case text.
            if u0.allCaps && u0.last == u0.first && u1.allCaps && units[1].1 == .space { return nil }
        }
        let givenOK = u1.inFirst && !u1.clinical && !u1.initial
        switch units[1].1 {
        case .caret:
            // DICOM order: family ^ given ^ middle.
            // "with HADDAD^PRIYA": after a cue the caret form needs only one listed part.
            if cued && !u0.clinical && !u1.clinical && !u0.common && !u1.common && !u0.month && !u1.month && !u1.initial
                && plainWord(u0) && plainWord(u1)
            {
                return 2
            }
            if u0.clinical || !cued {
                guard u0.inLast, givenOK || u1.initial, !(u0.clinical && u1.initial) else { return nil }
            } else {
                guard u0.inLast || u0.inFirst || (!u0.common && !u0.month && givenOK),
                    givenOK || u1.initial || (u1.inLast && !u1.common && !u1.clinical)
                else { return nil }
            }
            var take = 2
            while take < units.count, units[take].1 == .caret, !units[take].0.clinical,
                units[take].0.initial || units[take].0.inFirst || units[take].0.inLast
            {
                take += 1
            }
            return take
        case .comma:
            // After a cue the family name may be one the lists lack ("pt LINDQVIST, DANIEL").
            // ... or the given name ("for Baptiste, Hiroshi D."), when the other part is listed.
            let unlistedGiven = cued && u0.inLast && !u0.common && !u0.clinical && !u1.initial && !u1.inFirst && plainWord(u1)
            guard u0.inLast || (cued && !u0.common && !u0.clinical && !u0.month), givenOK || unlistedGiven else { return nil }
            if (!cued || u0.clinical) && u1.common { return nil }
            // "BODY, Reed-Sternberg cells": a clinical word before a compound is no name.
            if u0.clinical && u1.first != u1.last { return nil }
            if !cued && u0.common && !u0.clinical { return nil }
            var take = 2
            // "Smith, Mary Ann", "Smith, John A."
            while take < units.count, units[take].1 == .space, !units[take].0.clinical,
                units[take].0.initial || units[take].0.inFirst
            {
                take += 1
            }
            return take
        case .space:
            break
        }
        // "for GRIFFITH HEATHER": family name first, after a cue only ("pt SMITH OLIVIA": a
        // surname that is also a word, before a frequent given name).
        if cued && !u0.inFirst && u0.inLast && (!u0.common || !u1.common) && givenOK
            && units.count >= 2 && units[1].1 == .space && u0.allCaps == u1.allCaps
        {
            return 2
        }
        // "for IVANOVA LAURA", "with LAURA IVANOVA": after a cue, a frequent given name vouches
        // for a surname the lists lack, in either order.
        if cued && units[1].1 == .space && u0.allCaps == u1.allCaps && !u0.initial && !u1.initial {
            let f0 = TextLexicon.frequentFirstNames.contains(u0.hash), f1 = TextLexicon.frequentFirstNames.contains(u1.hash)
            if f1 && !u0.inFirst && !u0.inLast && plainWord(u0) { return 2 }
            if f0 && !u1.inFirst && !u1.inLast && plainWord(u1) { return 2 }
        }
        // "for Nguyen F", "pt Murphy S.": a surname and a closing initial, after a cue.
        if cued && closingInitial && u0.inLast && !u0.common && !u0.month && u1.initial && units[1].1 == .space {
            return 2
        }
        // Natural order.
        guard u0.inFirst, !u0.clinical else { return nil }
        if u0.month && !(cued && !u1.common && !u1.clinical && u1.inLast) { return nil }
        var k = 1
        var end = 0
        while k < units.count, units[k].1 == .space {
            let u = units[k].0
            if u.initial { k += 1; continue }
            // "for Daniel J. Okafor": after a cue, the word after a middle initial is the surname.
            if cued && !u.inLast && !u.inFirst && units[k - 1].0.initial && !u.common && !u.clinical && !u.month {
                end = k
                break
            }
            guard u.inLast || u.inFirst else { break }
            if u.clinical {
                // Only as the surname, and only after a first name that is no ordinary word.
                if u.inLast && !u0.common { end = k }
                break
            }
            if u.inLast { end = k }
            k += 1
        }
        guard end >= 1 else { return nil }
        if !cued && u0.allCaps != units[end].0.allCaps { return nil }
        // Without a cue a given name that is also an ordinary word ("Melody", "Grant") needs a
        // surname that is not ("Corbin"), and no clinical word.
        if !cued && u0.common && (units[end].0.common || units[end].0.clinical) { return nil }
        // Capitals carry no information in "KHOA CHAN DOAN": without a cue an all-capital pair
        // needs a frequent given name.
        if !cued && u0.allCaps && !TextLexicon.frequentFirstNames.contains(u0.hash) { return nil }
        return end + 1
    }

    /// Unit `k` of `units` ends the clause (text end, ',', '.', ';', ')', " - ") or comes before
    /// an initial ("Brown, Priya L.").
    static func closesName(_ scan: TextScan, _ units: [(Unit, Sep)], _ k: Int) -> Bool {
        if k + 1 < units.count, units[k + 1].1 == .space, units[k + 1].0.initial { return true }
        let u = units[k].0
        guard u.last + 1 < scan.count else { return true }
        let g = scan.gap(after: u.last)
        let b = scan.bytes[g.lowerBound]
        if b == 0x2C || b == 0x2E || b == 0x3B || b == 0x29 || b == 0x0A || b == 0x3A { return true }
        return g.count == 3 && b == 0x20 && scan.bytes[g.lowerBound + 1] == 0x2D
    }

    /// After a role cue without a colon ("pt", "re", "per", "cc"), whether the span starts a
    /// name: a listed name part, an initial before more, a reversed form ("Wolf, Lauren",
    /// "HILL^ROSE"), a word shaped like a name (Mc/Mac/O', hyphen or apostrophe), or an
    /// unlisted word before a listed part ("Zainab Whitfield"). An unlisted capitalised word
    /// alone is read as a word ("pt Tolerated", "per ACR"). After a two-letter cue in text all
    /// in capitals ("PT", "CC", "RE") a listed part is needed.
    static func roleStart(_ scan: TextScan, _ units: [(Unit, Sep)], cue: Int) -> Bool {
        guard let (u, _) = units.first else { return false }
        let next = units.count > 1 ? units[1] : nil
        if let (v, sep) = next, sep != .space, !v.clinical, v.inFirst || v.inLast || v.initial || plainWord(v) {
            return u.inFirst || u.inLast || plainWord(u) || sep == .caret
        }
        if !scan.hasLower && scan[cue].letters <= 2 { return !u.initial && (u.inFirst || u.inLast) && !u.clinical }
        if u.initial { return next.map { !$0.0.clinical || $0.0.inLast } ?? false }
        if u.inFirst || u.inLast {
            // "Patient Young adult": an ordinary word before a clinical one is that word.
            if u.common, units.count == 1 || units[1].1 == .space, u.last + 1 < scan.count, scan.spaceGap(after: u.last),
                !scan.isCapitalized(u.last + 1), TextLexicon.clinical.contains(scan[u.last + 1].hash)
            {
                return false
            }
            return true
        }
        guard plainWord(u) else { return false }
        if u.first != u.last || nameShaped(scan, u) { return true }
        if let (v, sep) = next, sep == .space, !v.clinical, !v.initial, v.inLast || v.inFirst { return true }
        return false
    }

    /// "McAllister", "MacLeod", "O'Shaughnessy": a word shaped like a surname.
    static func nameShaped(_ scan: TextScan, _ u: Unit) -> Bool {
        let a = scan[u.first]
        guard a.letters >= 5 else { return false }
        let b = scan.bytes[a.start..<a.end].map(TextBytes.lower)
        if b.starts(with: [0x6D, 0x63]) && TextBytes.isUpper(scan.bytes[a.start + 2]) && a.lowers > 0 { return true }
        if b.starts(with: [0x6D, 0x61, 0x63]) && TextBytes.isUpper(scan.bytes[a.start + 3]) && a.lowers > 0 { return true }
        return false
    }

    /// A unit that is no ordinary, clinical, month or institution word.
    static func plainWord(_ u: Unit) -> Bool {
        !u.common && !u.clinical && !u.month && !TextLexicon.institutionWords.contains(u.hash)
            && !TextLexicon.institutionHeads.contains(u.hash) && !TextLexicon.institutionTails.contains(u.hash)
    }

    /// After a cue, a single surname that is no ordinary or clinical word, ending the text or a
    /// clause ("CT CHEST for Griffith", "Pt Nguyen, seen"): 1, else nil.
    static func loneSurname(_ scan: TextScan, _ units: [(Unit, Sep)]) -> Int? {
        guard let (u, _) = units.first, !u.initial, u.inLast, !u.common, !u.clinical, !u.month else { return nil }
        if units.count >= 2 && units[1].1 == .space { return nil }
        let after = scan.byteAfter(u.last)
        guard u.last + 1 == scan.count || after == 0x2C || after == 0x2E || after == 0x3B || after == 0x29 || after == 0x0A
        else { return nil }
        return 1
    }

    static let degrees: Set<UInt64> = ["md", "phd", "mbbs", "dds", "dmd", "frcr", "frcp", "facr", "mph", "mbchb"]
        .reduce(into: []) { $0.insert(TextWordHasher.hash($1)) }

    /// A medical degree follows atom `last` (", MD", " M.D.", ", PhD").
    static func degreeFollows(_ scan: TextScan, _ last: Int) -> Bool {
        guard last + 1 < scan.count, scan.gap(after: last, is: " ,", lengths: 1...2), scan.isCapitalized(last + 1) else { return false }
        if degrees.contains(scan[last + 1].hash) { return true }
        // "M.D.", "Ph.D."
        guard last + 2 < scan.count, scan[last + 1].letters <= 2, scan.gap(after: last + 1, isByte: 0x2E) else { return false }
        var h = TextWordHasher()
        for b in scan.bytes[scan[last + 1].start..<scan[last + 1].end] { h.add(b) }
        for b in scan.bytes[scan[last + 2].start..<scan[last + 2].end] { h.add(b) }
        return degrees.contains(h.value)
    }

    /// End byte of a cut name, taking a following degree or suffix (", MD", " Jr.", " M.D.").
    static func suffixEnd(_ scan: TextScan, _ last: Int) -> Int {
        var e = scan[last].end
        var k = last
        while k + 1 < scan.count, scan.gap(after: k, is: " ,.", lengths: 1...2) {
            let next = scan[k + 1]
            if TextLexicon.nameSuffixes.contains(next.hash) && scan.isCapitalized(k + 1) {
                k += 1
                e = next.end
                if e < scan.bytes.count, scan.bytes[e] == 0x2E { e += 1 }
                continue
            }
            // "M.D.", "Ph.D."
            if k + 2 < scan.count, next.letters <= 2, scan.gap(after: k + 1, isByte: 0x2E) {
                var h = TextWordHasher()
                for b in scan.bytes[next.start..<next.end] { h.add(b) }
                for b in scan.bytes[scan[k + 2].start..<scan[k + 2].end] { h.add(b) }
                if TextLexicon.nameSuffixes.contains(h.value) {
                    k += 2
                    e = scan[k].end
                    if e < scan.bytes.count, scan.bytes[e] == 0x2E { e += 1 }
                    continue
                }
            }
            break
        }
        return e
    }
}
