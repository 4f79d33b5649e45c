/// Street addresses (number, street, suffix, unit, city, state, ZIP), "City, ST 12345",
/// P.O. boxes, and institution names ("Taylor Medical Center", "St. Mary's Hospital",
/// "University of Iowa Hospitals and Clinics").
enum PlaceMatchers {
    static let ofHashes: Set<UInt64> = [
        "of", "de", "del", "della", "di", "du", "des", "der", "for", "at", "and", "the", "la",
        "le", "los", "las", "san", "santa", "&"
    ].reduce(into: []) { $0.insert(TextWordHasher.hash($1)) }
    static let andHash = TextWordHasher.hash("and")
    static let sHash = TextWordHasher.hash("s")
    static let theHash = TextWordHasher.hash("the")
    static let poHash = TextWordHasher.hash("po")
    static let boxHash = TextWordHasher.hash("box")
    static let pHash = TextWordHasher.hash("p")
    static let oHash = TextWordHasher.hash("o")
    static let directions: Set<UInt64> = [
        "n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west",
        "northeast", "northwest", "southeast", "southwest"
    ]
    .reduce(into: []) { $0.insert(TextWordHasher.hash($1)) }

    /// Words common in place names that are clinical words elsewhere ("New", "Port", "Lake").
    static let placeWords: Set<UInt64> = [
        "new", "old", "east", "west", "north", "south", "port", "lake", "mount", "fort",
        "saint", "st", "san", "santa", "los", "las", "el", "la", "le", "point", "grand",
        "great", "little", "upper", "lower", "center", "city", "beach", "springs",
        "falls", "heights", "park", "valley", "village", "hills", "view", "green"
    ]
    .reduce(into: []) { $0.insert(TextWordHasher.hash($1)) }

    /// A clinical word may still be part of a street or city name when it is a place word or
    /// a surname ("White Mill", "Long Course", "New Caitlin").
    @inline(__always) static func placeOK(_ h: UInt64, _ protected: TextWordSet) -> Bool {
        !protected.contains(h) || placeWords.contains(h) || TextLexicon.lastNames.contains(h)
            || TextLexicon.streetSuffixes.contains(h) || TextLexicon.addressUnits.contains(h)
    }

    static func run(_ scan: inout TextScan, protected: TextWordSet) {
        let n = scan.count
        guard n >= 2 else { return }
        var hasDigit = false
        for i in 0..<n where scan[i].digits > 0 { hasDigit = true; break }
        if hasDigit {
            stateZip(&scan, protected: protected)
            streets(&scan, protected: protected)
            poBoxes(&scan)
        }
        residence(&scan, protected: protected)
        institutions(&scan, protected: protected)
    }

    // MARK: addresses

    /// TextAtom `i` is a state code (upper case) or a state name (capitalised).
    static func isState(_ scan: TextScan, _ i: Int) -> Bool {
        let a = scan[i]
        if a.length == 2, a.uppers == 2, TextLexicon.stateCodes.contains(a.hash) { return true }
        return a.letters >= 4 && scan.isCapitalized(i) && TextLexicon.stateNames.contains(a.hash)
    }

    /// TextAtom `i` is a five-digit ZIP (ZIP+4 handled by the caller).
    @inline(__always) static func isZip(_ scan: TextScan, _ i: Int) -> Bool {
        scan[i].isNumber && scan[i].length == 5
    }

    /// "..., City, ST 12345[-6789]": walks left from the state over the city, street, unit and
    /// house number.
    static func stateZip(_ scan: inout TextScan, protected: TextWordSet) {
        let n = scan.count
        var i = 1
        while i + 1 < n {
            guard isState(scan, i), isZip(scan, i + 1), scan.gap(after: i, is: " ,", lengths: 1...2),
                scan.gap(after: i - 1, is: " ,", lengths: 1...2)
            else { i += 1; continue }
            var end = i + 1
            if end + 1 < n, scan.gap(after: end, isByte: 0x2D), scan[end + 1].isNumber, scan[end + 1].length == 4 { end += 1 }
            // Walk left.
            var start = i
            var k = i - 1
            var steps = 0
            while k >= 0, steps < 14 {
                let a = scan[k]
                let gapOK: Bool = {
                    let g = scan.bytes[scan.gap(after: k)]
                    if g.isEmpty { return false }
                    for c in g where !(c == 0x20 || c == 0x2C || c == 0x2E || c == 0x23 || c == 0x0A) { return false }
                    // A sentence end (". " after a plain word) stops the walk, except after a
                    // unit or suffix abbreviation ("Apt. 4", "St. Louis").
                    if g.first == 0x2E && g.count > 1
                        && !(TextLexicon.addressUnits.contains(a.hash)
                            || TextLexicon.streetSuffixes.contains(a.hash) || directions.contains(a.hash))
                    {
                        return false
                    }
                    return true
                }()
                guard gapOK else { break }
                if a.isNumber && a.length <= 6 {
                    start = k
                    // A house number ("12 Oak St") starts the address.
                    if scan.spaceGap(after: k), scan.isProperWord(k + 1), !TextLexicon.addressUnits.contains(a.hash),
                        k == 0 || !TextLexicon.addressUnits.contains(scan[k - 1].hash)
                    {
                        break
                    }
                } else if a.digits > 0 && a.letters <= 2 && a.length <= 7 && TextBytes.isDigit(scan.bytes[a.start]) {
                    start = k  // "12B", "4th"
                } else if a.hash == poHash || (a.hash == boxHash && k > 0 && scan[k - 1].hash == poHash) {
                    // "PO Box 12" starts the address.
                    start = a.hash == poHash ? k : k - 1
                    break
                } else if a.hash == oHash && k > 0 && scan[k - 1].hash == pHash {
                    start = k - 1
                    break
                } else if scan.isProperWord(k) && !TextLexicon.stopWords.contains(a.hash) && !TextLexicon.labels.contains(a.hash)
                    && placeOK(a.hash, protected)
                {
                    start = k
                } else {
                    break
                }
                k -= 1
                steps += 1
            }
            // A leading "#" or "(" goes too.
            scan.cut(scan[start].start, scan[end].end, .address)
            i = end + 1
        }
    }

    /// "123 Main Street", "4 N. Oak Ave Apt 5": house number, 1–4 capitalised words, a USPS
    /// suffix, an optional direction and unit.
    static func streets(_ scan: inout TextScan, protected: TextWordSet) {
        let n = scan.count
        var i = 0
        while i + 2 < n {
            let a = scan[i]
            guard !scan.isCut(i), a.digits >= 1, a.digits <= 6, a.letters <= 1, scan.spaceGap(after: i) else { i += 1; continue }
            // "3T Signa": a field strength, not a house number.
            if a.letters == 1, a.digits == 1, scan.bytes[a.end - 1] | 0x20 == 0x74 { i += 1; continue }
            // Not a measurement or the tail of a decimal.
            if i > 0, scan.gap(after: i - 1, isByte: 0x2E) || scan.gap(after: i - 1, isByte: 0x2D) { i += 1; continue }
            var k = i + 1
            var words = 0
            var suffixAt = -1
            while k < n, words < 5 {
                let w = scan[k]
                guard scan.isProperWord(k) || (w.digits > 0 && w.letters == 2 && words == 0) else { break }
                if words >= 1, TextLexicon.streetSuffixes.contains(w.hash) { suffixAt = k }
                if suffixAt < 0 && !placeOK(w.hash, protected) && !directions.contains(w.hash) { break }
                words += 1
                if suffixAt >= 0 { break }
                guard scan.gap(after: k, is: " .", lengths: 1...2) else { break }
                k += 1
            }
            guard suffixAt > 0 else { i += 1; continue }
            // A clinical suffix ("4 Chamber View") needs street words that are no clinical words.
            if protected.contains(scan[suffixAt].hash),
                (i + 1..<suffixAt).contains(where: { protected.contains(scan[$0].hash) })
            {
                i += 1
                continue
            }
            var end = suffixAt
            // "Ave." / direction / unit.
            if end + 1 < n, scan.gap(after: end, is: " .", lengths: 1...2), directions.contains(scan[end + 1].hash),
                scan.isCapitalized(end + 1)
            {
                end += 1
            }
            if end + 2 < n, scan.gap(after: end, is: " .,", lengths: 1...3), TextLexicon.addressUnits.contains(scan[end + 1].hash),
                scan.gap(after: end + 1, is: " .#", lengths: 1...3), scan[end + 2].digits > 0 || scan[end + 2].length <= 2
            {
                end += 2
            } else if end + 1 < n, scan.gap(after: end, is: " #", lengths: 1...2), scan.bytes[scan.gap(after: end)].contains(0x23),
                scan[end + 1].digits > 0
            {
                end += 1
            }
            // "12 Oak Ave, Salem": one or two place words closing the clause name the town.
            if end + 1 < n, scan.gap(after: end, is: ".,  ", lengths: 2...3), scan.bytes[scan.gap(after: end)].contains(0x2C) {
                var c = end + 1
                var town = -1
                while c < n, c <= end + 2, scan.isProperWord(c), scan[c].letters >= 3, placeOK(scan[c].hash, protected),
                    !TextLexicon.stopWords.contains(scan[c].hash), !TextLexicon.labels.contains(scan[c].hash)
                {
                    let after = c + 1 < n ? scan.bytes[scan.gap(after: c)] : []
                    let closes =
                        c + 1 == n || after.contains(where: { $0 == 0x2C || $0 == 0x2E || $0 == 0x3B || $0 == 0x29 || $0 == 0x2D || $0 == 0x0A })
                    if closes { town = c; break }
                    guard scan.spaceGap(after: c) else { break }
                    c += 1
                }
                if town > 0 { end = town }
            }
            scan.cut(a.start, scan[end].end, .address)
            i = end + 1
        }
    }

    static let residenceCues: Set<UInt64> = ["lives", "resides", "residing", "living", "address", "addr", "domicile"]
        .reduce(into: []) { $0.insert(TextWordHasher.hash($1)) }
    static let residencePrepositions: Set<UInt64> = ["at", "in", "on", "is"].reduce(into: []) { $0.insert(TextWordHasher.hash($1)) }

    /// "Lives at 12 Rue de la Paix, Paris", "Address: Springfield, IL": after a residence cue,
    /// the run of numbers, capitalised words and place words up to the end of the clause.
    static func residence(_ scan: inout TextScan, protected: TextWordSet) {
        let n = scan.count
        var i = 0
        while i + 1 < n {
            guard residenceCues.contains(scan[i].hash) else { i += 1; continue }
            var j = i + 1
            guard scan.gap(after: i, is: " :", lengths: 1...2) else { i += 1; continue }
            if residencePrepositions.contains(scan[j].hash), j + 1 < n, scan.spaceGap(after: j) { j += 1 }
            let first = j
            var last = -1
            var k = j
            // Last atom before the latest comma, and whether the part after it has words yet.
            var beforeComma = -1
            var partWords = 0
            var postcode = false
            while k < n {
                let a = scan[k]
                // After a comma, a number belongs to a unit ("Unit 12"), a ZIP after a state, or
                // starts the part; "…, Brilliance 64", "…, AX T2" is the next clause, not the address.
                // A postcode written with letters ("NW1 6XE", "K1A 0B1") is part of the address.
                let postcodeStart =
                    a.digits > 0 && a.letters > 0 && a.length <= 4 && scan.isAllCaps(k) && TextBytes.isLetter(scan.bytes[a.start])
                    && !protected.contains(a.hash)
                let postcodeEnd = postcode && a.length == 3 && TextBytes.isDigit(scan.bytes[a.start]) && a.letters == 2
                postcode = false
                if postcodeStart || postcodeEnd {
                    last = k
                    postcode = postcodeStart
                    if postcodeEnd { break }
                    k += 1
                    if k >= n || !scan.spaceGap(after: k - 1) { break }
                    continue
                }
                if beforeComma >= 0, a.digits > 0, partWords > 0, !scan.isCut(k), k > 0,
                    !TextLexicon.addressUnits.contains(scan[k - 1].hash), !isState(scan, k - 1)
                {
                    last = beforeComma
                    break
                }
                let ok =
                    scan.isCut(k) || (a.digits > 0 && a.length <= 10) || scan.isProperWord(k) || ofHashes.contains(a.hash)
                    || TextLexicon.addressUnits.contains(a.hash) || TextLexicon.streetSuffixes.contains(a.hash)
                guard ok, scan.isCut(k) || !protected.contains(a.hash) || placeOK(a.hash, protected) else {
                    // A clinical or lower-case word inside a part after a comma: that part starts
                    // the next clause ("…, Shortness of breath") and goes back.
                    if beforeComma >= 0, partWords > 0, protected.contains(a.hash) || (a.digits == 0 && !scan.isCapitalized(k)) {
                        last = beforeComma
                    }
                    break
                }
                if !ofHashes.contains(a.hash) { last = k }
                if a.digits == 0 { partWords += 1 }
                // A ZIP code after a state ends the address (with its "-1234").
                if isZip(scan, k), k > first, isState(scan, k - 1) {
                    if k + 1 < n, scan.gap(after: k, isByte: 0x2D), scan[k + 1].isNumber, scan[k + 1].length == 4 { last = k + 1 }
                    break
                }
                guard k + 1 < n else { break }
                let g = scan.bytes[scan.gap(after: k)]
                // "St., Madison": an abbreviation's full stop before the comma.
                let abbreviationComma = g.elementsEqual([0x2E, 0x2C, 0x20])
                if g.isEmpty || (g.count > 2 && !abbreviationComma)
                    || !g.allSatisfy({ $0 == 0x20 || $0 == 0x2C || $0 == 0x2E || $0 == 0x23 || $0 == 0x2D })
                {
                    break
                }
                // A full stop ends the clause unless it closes an abbreviation ("Apt. 4", "St. Louis",
                // "Blvd., Apt 5") that the address goes on after.
                if g.first == 0x2E {
                    let abbreviation =
                        TextLexicon.addressUnits.contains(a.hash) || TextLexicon.streetSuffixes.contains(a.hash)
                        || a.letters <= 2
                    let short = a.letters <= 3 || !scan.bytes[a.start..<a.end].contains(where: { "aeiouAEIOU".utf8.contains($0) })
                    let next = scan[k + 1]
                    let goesOn =
                        g.count == 1 || g.contains(0x2C) || next.digits > 0 || TextLexicon.addressUnits.contains(next.hash)
                        || directions.contains(next.hash) || TextLexicon.addressUnits.contains(a.hash)
                    let placePrefix = placeWords.contains(a.hash) && g.count == 2 && scan.isProperWord(k + 1)
                    if !(abbreviation && short && (goesOn || placePrefix)) { break }
                }
                if g.contains(0x2C) { beforeComma = k; partWords = 0 }
                k += 1
            }
            // Something that looks like a place: a number and a word, or two capitalised words.
            if last > first || (last == first && scan[first].digits == 0 && scan[first].letters >= 4) {
                scan.cut(scan[first].start, scan[last].end, .address)
                i = last + 1
                continue
            }
            i += 1
        }
    }

    /// "P.O. Box 123", "PO Box 123".
    static func poBoxes(_ scan: inout TextScan) {
        let n = scan.count
        var i = 0
        while i + 1 < n {
            var j = -1
            if scan[i].hash == poHash, scan.gap(after: i, is: " .", lengths: 1...2) { j = i + 1 }
            if scan[i].hash == pHash, i + 2 < n, scan.gap(after: i, isByte: 0x2E), scan[i + 1].hash == oHash,
                scan.gap(after: i + 1, is: " .", lengths: 1...2)
            {
                j = i + 2
            }
            if j > 0, j + 1 < n, scan[j].hash == boxHash, scan.gap(after: j, is: " #", lengths: 1...2), scan[j + 1].digits > 0 {
                scan.cut(scan[i].start, scan[j + 1].end, .address)
                i = j + 2
                continue
            }
            i += 1
        }
    }

    // MARK: institutions

    static let healthHash = TextWordHasher.hash("health")

    /// Descriptors that follow the head word in names written head first ("Hospital
    /// Universitario La Paz", "Hôpital Saint-Louis", "Ospedale San Raffaele").
    static let headFirstDescriptors: Set<UInt64> = [
        "universitario", "universitaria", "universitari", "universitaire", "universitätsklinikum", "general", "generale",
        "regional", "central", "provincial", "municipal", "civil", "militar", "infantil", "san", "santa", "santo", "sao", "são",
        "saint", "sainte", "st", "ste", "sankt", "de", "del", "della", "degli", "di", "du", "des", "der", "la", "le", "los",
        "las", "el", "nuestra", "notre", "maggiore", "clinico", "clínico", "clinic", "clinique", "policlinico", "nacional",
        "national", "israelita", "aleman", "alemán", "italiano", "britanico", "británico", "frances", "francés", "español",
        "espanol", "americano", "memorial", "metodista", "bautista", "adventista", "evangelico", "evangélico"
    ].reduce(into: []) { $0.insert(TextWordHasher.hash($1)) }

    /// End of an institution name written head first, starting at head word `i`: the head, a
    /// descriptor, and the capitalised words and particles after it (up to five), or nil.
    static func headFirstEnd(_ scan: TextScan, _ i: Int, protected: TextWordSet) -> Int? {
        let n = scan.count
        guard i + 1 < n, scan.spaceGap(after: i), headFirstDescriptors.contains(scan[i + 1].hash), scan.isCapitalized(i + 1)
        else { return nil }
        var end = i + 1
        var proper = 0
        var k = i + 2
        while k < n, k - i <= 6, scan.spaceGap(after: k - 1) || scan.gap(after: k - 1, isByte: 0x2D) || scan.gap(after: k - 1, isByte: 0x27) {
            let h = scan[k].hash
            if ofHashes.contains(h) || headFirstDescriptors.contains(h) {
                k += 1
                continue
            }
            guard scan.isProperWord(k), !TextLexicon.stopWords.contains(h), !TextLexicon.labels.contains(h),
                !protected.contains(h) || TextLexicon.lastNames.contains(h)
            else { break }
            proper += 1
            end = k
            k += 1
        }
        // "Hospital General" alone says nothing about which one; a proper word names it.
        return proper > 0 ? end : nil
    }

    /// Atom `k` is a capitalised surname that is no ordinary, clinical or institution word.
    static func surnameOnly(_ scan: TextScan, _ k: Int, protected: TextWordSet) -> Bool {
        let h = scan[k].hash
        return scan.isProperWord(k) && scan[k].letters >= 3 && TextLexicon.lastNames.contains(h) && !TextLexicon.commonWords.contains(h)
            && !protected.contains(h) && !TextLexicon.institutionWords.contains(h) && !TextLexicon.stopWords.contains(h)
            && !TextLexicon.firstNames.contains(h)
    }

    /// TextAtom `k` may stand inside an institution name.
    static func institutionWord(_ scan: TextScan, _ k: Int, protected: TextWordSet) -> Bool {
        guard scan.isProperWord(k) || (scan[k].length == 1 && scan.bytes[scan[k].start] == 0x26) else { return false }
        let h = scan[k].hash
        if TextLexicon.institutionWords.contains(h) || TextLexicon.institutionHeads.contains(h) { return true }
        if TextLexicon.stopWords.contains(h) || TextLexicon.labels.contains(h) || TextLexicon.weakNameCues.contains(h)
            || TextLexicon.strongNameCues.contains(h)
        {
            return false
        }
        // A surname that is also a clinical word still names an institution ("White Hospital").
        return !protected.contains(h) || TextLexicon.lastNames.contains(h)
    }

    /// Gap after `k` may sit inside an institution name: space, hyphen, apostrophe, "St. ".
    static func institutionGap(_ scan: TextScan, _ k: Int) -> Bool {
        scan.spaceGap(after: k) || scan.gap(after: k, is: "-'&", lengths: 1...1) || scan.gap(after: k, is: " &", lengths: 3...3)
            || (scan.gap(after: k, is: ". ", lengths: 2...2) && scan[k].letters <= 3)
            || NameMatcher.apostrophe(scan, k)
    }

    static func institutions(_ scan: inout TextScan, protected: TextWordSet) {
        let n = scan.count
        var i = 0
        while i < n {
            let h = scan[i].hash
            let head = TextLexicon.institutionHeads.contains(h)
            let tail =
                !head && TextLexicon.institutionTails.contains(h) && i > 0 && TextLexicon.institutionWords.contains(scan[i - 1].hash)
                && institutionGap(scan, i - 1)
            if !head && !tail && h == healthHash && i > 0 && scan.isCapitalized(i) && !scan.isCut(i) && scan.spaceGap(after: i - 1)
                && !scan.isCut(i - 1) && surnameOnly(scan, i - 1, protected: protected)
            {
                // "Sutter Health": a surname before "Health" names a health system.
                var end = i
                if end + 1 < n, scan.spaceGap(after: end), TextLexicon.institutionTails.contains(scan[end + 1].hash),
                    scan.isCapitalized(end + 1)
                {
                    end += 1
                }
                scan.cut(scan[i - 1].start, scan[end].end, .institution)
                i = end + 1
                continue
            }
            if head, scan.isCapitalized(i), !scan.isCut(i), let end = headFirstEnd(scan, i, protected: protected) {
                scan.cut(scan[i].start, scan[end].end, .institution)
                i = end + 1
                continue
            }
            guard (head || tail), scan.isCapitalized(i), !scan.isCut(i) else { i += 1; continue }
            // Left: proper words of the name.
            var start = i
            var proper = 0
            var k = i - 1
            var joined = false
            while k >= 0, i - k <= 8 {
                // "St. Mary's": the possessive "s" goes with its word.
                if scan[k].hash == sHash, k > 0, NameMatcher.apostrophe(scan, k - 1), institutionGap(scan, k) {
                    start = k
                    k -= 1
                    continue
                }
                // "Ball, Hendrix and Johnson Clinic": partners' names joined by ", " and "and".
                let joiner = (scan[k].hash == andHash || scan.bytes[scan[k].start] == 0x26) && k > 0 && k < i - 1
                // Only a list of names joined by "and" takes commas ("A, B and C"), not the clause before.
                let commaGap =
                    scan.gap(after: k, is: ", ", lengths: 1...2) && scan.bytes[scan.gap(after: k).lowerBound] == 0x2C
                    && k < i - 1 && proper > 0 && joined
                guard institutionGap(scan, k) || commaGap, joiner || institutionWord(scan, k, protected: protected) else { break }
                // "…WHOLE BODY Mercy Medical Center": a capitals clinical word is not part of a
                // name written in title case.
                if scan.hasLower, scan.isAllCaps(k), protected.contains(scan[k].hash), !scan.isAllCaps(i) { break }
                if joiner {
                    guard institutionWord(scan, k - 1, protected: protected) else { break }
                    joined = true
                } else if !TextLexicon.institutionWords.contains(scan[k].hash) && !TextLexicon.institutionHeads.contains(scan[k].hash) {
                    proper += 1
                }
                start = k
                k -= 1
            }
            // Right: "of Iowa", "and Clinics", "de la Pitié".
            var end = i
            while end + 1 < n, scan.spaceGap(after: end) {
                let j = end + 1
                if ofHashes.contains(scan[j].hash) {
                    var m = j
                    while m + 1 < n, ofHashes.contains(scan[m].hash), scan.spaceGap(after: m) || scan.gap(after: m, isByte: 0x27) {
                        m += 1
                    }
                    var took = 0
                    while m < n, took < 4, institutionWord(scan, m, protected: protected) {
                        if !TextLexicon.institutionWords.contains(scan[m].hash) && !TextLexicon.institutionHeads.contains(scan[m].hash) {
                            proper += 1
                        }
                        end = m
                        took += 1
                        guard m + 1 < n, institutionGap(scan, m) else { break }
                        m += 1
                    }
                    if took == 0 { break }
                } else if (TextLexicon.institutionHeads.contains(scan[j].hash) || TextLexicon.institutionTails.contains(scan[j].hash))
                    && scan.isCapitalized(j)
                {
                    end = j
                } else {
                    break
                }
            }
            if proper > 0 {
                scan.cut(scan[start].start, scan[end].end, .institution)
                i = end + 1
                continue
            }
            i += 1
        }
    }
}
