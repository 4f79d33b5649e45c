import DICOMDeid
import Synchronization
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
        /// Texts this session cleaned, and what they became: a session serves every record
        /// with the same known values (see `KnownValuesMemo`), whose descriptions mostly
        /// repeat, and the cleaner's answer depends on the text and the session only.
        let cleaned = CleanedTexts()
        func clean(_ text: String) -> String {
            if let hit = cleaned.lookUp(text) { return hit }
            let out = cleaner.clean(text, knownPHI: known)
            cleaned.note(text, out)
            return out
        }
    }
}

/// A bounded memo of cleaned texts: short texts only (descriptions and codes, not reports),
/// at most `maxEntries` of them (some 2 MB at worst); full, it keeps what it has.
final class CleanedTexts: Sendable {
    private let entries = Mutex<[String: String]>([:])
    static let maxEntries = 1024
    static let maxLength = 1024

    func lookUp(_ text: String) -> String? {
        guard text.utf8.count <= CleanedTexts.maxLength else { return nil }
        return entries.withLock { $0[text] }
    }

    func note(_ text: String, _ cleaned: String) {
        guard text.utf8.count <= CleanedTexts.maxLength else { return }
        entries.withLock { if $0.count < CleanedTexts.maxEntries { $0[text] = cleaned } }
    }
}
