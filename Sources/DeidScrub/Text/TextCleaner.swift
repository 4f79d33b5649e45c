/// Cuts the identifying fragments out of free text (descriptions, comments, SR text) and keeps
/// the clinical words: names after cue words and from the name lists, IDs, SSNs, phone
/// numbers, e-mail and web addresses, IP addresses, street addresses, dates in written forms,
/// institution names, and every value already known for the instance.
public struct TextCleaner: Sendable {
    public let rules: TextRules

    public init(rules: TextRules = .default) {
        self.rules = rules
    }

    /// `text` with identifying fragments removed; clinical words, punctuation between kept words, and case kept.
    public func clean(_ text: String, knownPHI: KnownPHI) -> String {
        guard !text.isEmpty else { return text }
        var scan = TextScan(Array(text.utf8))
        guard scan.count > 0 else { return text }
        // Short code with nothing to find: "AX T2", "CHEST", "PA".
        if scan.count <= 2, rules.patterns.isEmpty, isInert(scan, knownPHI) { return text }
        knownPHI.cut(in: &scan)
        rules.extraWords.cut(in: &scan)
        ContactMatchers.run(&scan)
        DateMatcher.find(in: &scan, cut: true, known: knownPHI.dates)
        IdentifierMatchers.run(&scan)
        PlaceMatchers.run(&scan, protected: rules.protected)
        NameMatcher.run(&scan, protected: rules.protected)
        rules.cutPatterns(text, &scan)
        guard scan.anyCut else { return text }
        return TextTidy.render(scan)
    }

    /// True when `text` reads as a date in a common written form.
    public func containsDate(_ text: String) -> Bool {
        var scan = TextScan(Array(text.utf8))
        guard scan.count > 0 else { return false }
        return !DateMatcher.find(in: &scan, cut: false, known: []).isEmpty
    }

    /// One or two atoms without digits, no known phrase among them, and no pair that could be a
    /// name: nothing any rule would cut.
    private func isInert(_ scan: TextScan, _ known: KnownPHI) -> Bool {
        for i in 0..<scan.count {
            let a = scan[i]
            if a.digits > 0 { return false }
            if !known.isEmpty, known.byFirstAtom[a.hash] != nil { return false }
            if !rules.extraWords.isEmpty, rules.extraWords.byFirstAtom[a.hash] != nil { return false }
        }
        if scan.count == 2 {
            // "John Smith", "Smith^John", "Mayo Clinic" need the full rules.
            if scan.isProperWord(0) && scan.isProperWord(1) { return false }
        }
        // An '@' or "www" needs the contact rules.
        for b in scan.bytes where b == 0x40 { return false }
        return true
    }
}
