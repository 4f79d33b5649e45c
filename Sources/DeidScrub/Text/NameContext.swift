/// Name context: where a word stands as part of a person's name rather than as the word it
/// also is. A known name part that is an ordinary or clinical word ("Hill", "Rose", "Sharp")
/// is cut only here: beside another part of a known name (across initials), in PN form
/// (joined by '^'), after a name cue ("Pt", "tech", "Dr.", "read by", "discussed with"), or
/// as the family name of "Last, First".
enum NameContext {
    static let byHash = TextWordHasher.hash("by")
    static let withHash = TextWordHasher.hash("with")

    /// Atom `j` is a cue after which a name stands: a title, a name or role cue word, or "by"
    /// and "with" after their verbs.
    static func isCue(_ scan: TextScan, _ j: Int) -> Bool {
        let a = scan[j]
        guard a.digits == 0 else { return false }
        let h = a.hash
        if h == byHash || h == withHash {
            return j > 0 && (TextLexicon.byVerbs.contains(scan[j - 1].hash) || TextLexicon.withVerbs.contains(scan[j - 1].hash))
        }
        return TextLexicon.strongNameCues.contains(h) || TextLexicon.weakNameCues.contains(h) || TextLexicon.roleCues.contains(h)
    }

    /// The gap after atom `j` joins a cue to what follows: 1–3 bytes of spaces, ':' and '.'.
    static func cueGap(_ scan: TextScan, _ j: Int) -> Bool {
        scan.gap(after: j, is: " :.", lengths: 1...3)
    }

    /// The gap after atom `j` joins two parts of one name: spaces, a full stop after an
    /// initial, or a comma ("Hill, Rose").
    static func partGap(_ scan: TextScan, _ j: Int) -> Bool {
        scan.gap(after: j, is: " .,", lengths: 1...2) && !scan.gap(after: j, is: ".", lengths: 2...2)
    }

    /// A capital initial ("R", "R.").
    @inline(__always) static func isInitial(_ scan: TextScan, _ j: Int) -> Bool {
        scan[j].letters == 1 && scan[j].digits == 0 && scan.isCapitalized(j)
    }

    /// Atom `i` is capitalised (not all capitals) in the middle of a sentence of mixed-case
    /// text: after another word and only spaces or a comma ("CT HEAD, John reviewed", "at
    /// Mark's request"), not at the start of the text or after '.', ':', '(' or a line break.
    static func midSentenceCapital(_ scan: TextScan, _ i: Int) -> Bool {
        guard i > 0, scan.hasLower, scan.isCapitalized(i), !scan.isAllCaps(i) else { return false }
        return scan.gap(after: i - 1, is: " ,", lengths: 1...2)
    }

    /// Atom `i`, a known name part, stands in name context. `parts` holds the hashes of the
    /// known name parts, `initials` their first letters (lower case).
    static func knownPart(_ scan: TextScan, _ i: Int, parts: Set<UInt64>, initials: Set<UInt8>) -> Bool {
        let n = scan.count
        // PN form: "HILL^ROSE".
        if i > 0, scan.gap(after: i - 1, isByte: 0x5E) { return true }
        if i + 1 < n, scan.gap(after: i, isByte: 0x5E) { return true }
        let me = scan[i].hash
        func part(_ j: Int) -> Bool {
            parts.contains(scan[j].hash) && scan[j].hash != me && scan[j].letters >= 2 && (scan.isCapitalized(j) || !scan.hasUpper)
        }
        func initialOfName(_ j: Int) -> Bool { initials.contains(TextBytes.lower(scan.bytes[scan[j].start])) }
        // To the left, across initials: another part, a cue, or an initial of the name.
        var j = i - 1
        while j >= 0, j + 1 < n {
            if isInitial(scan, j), partGap(scan, j) {
                if initialOfName(j) { return true }
                j -= 1
                continue
            }
            if part(j), partGap(scan, j) { return true }
            if isCue(scan, j), cueGap(scan, j) { return true }
            break
        }
        // To the right, across initials: another part, or an initial of the name.
        var k = i + 1
        while k < n, partGap(scan, k - 1) {
            if isInitial(scan, k) {
                if initialOfName(k) { return true }
                k += 1
                continue
            }
            if part(k) { return true }
            break
        }
        // "Hill, Jane": a family name before a comma and a given name.
        if i + 1 < n, scan.gap(after: i, is: ", ", lengths: 1...2), scan.byteAfter(i) == 0x2C, scan.isProperWord(i + 1),
            scan[i + 1].letters >= 2, TextLexicon.firstNames.contains(scan[i + 1].hash), !TextLexicon.clinical.contains(scan[i + 1].hash)
        {
            return true
        }
        return false
    }
}
