import DICOMDeid
/// The free-text cleaner (Text/TextCleaner.swift) behind the engine's small interface, with
/// the profile's text rules.
func makeFreeTextCleaner(_ rules: Profile.TextRuleSet) -> any FreeTextCleaning {
    if rules.isEmpty { return TextCleanerAdapter(cleaner: TextCleaner()) }
    // Patterns were checked when the profile was read; a failure here keeps the built-in rules.
    let r =
        (try? TextRules(
            extraPatterns: rules.patterns, extraWords: rules.words,
            protectedWords: rules.keepWords)) ?? .default
    return TextCleanerAdapter(cleaner: TextCleaner(rules: r))
}

struct TextCleanerAdapter: FreeTextCleaning {
    let cleaner: TextCleaner
    /// What each known value adds to a session's tables, kept across records.
    let parts = KnownPHIParts()

    func session(knownPHI: [PHIKind: [String]]) -> FreeTextSession {
        Session(cleaner: cleaner, known: KnownPHI(values: knownPHI, parts: parts))
    }

    struct Session: FreeTextSession {
        let cleaner: TextCleaner
        let known: KnownPHI
        func clean(_ text: String) -> String { cleaner.clean(text, knownPHI: known) }
    }
}
