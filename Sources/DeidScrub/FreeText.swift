import DICOMDeid
/// The free-text cleaner as the scrub engine sees it (Text/TextCleaner.swift, adapted in
/// FreeTextCleaner.swift): one session per record, built from the
/// record's known identifying values, then `clean` on each value to be cleaned.
protocol FreeTextCleaning: Sendable {
    func session(knownPHI: [PHIKind: [String]]) -> FreeTextSession
}

protocol FreeTextSession: Sendable {
    /// The text with identifying fragments cut out.
    func clean(_ text: String) -> String
}
