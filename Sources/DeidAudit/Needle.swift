/// Kinds of identifying values the audit looks for. The names appear in reports and in
/// `--ignore`; dcm-audit(1) documents which attributes feed each kind.
public enum ValueKind: String, CaseIterable, Sendable, Comparable {
    /// Parts of person names: every PN value of the original, at any depth.
    case name
    /// Patient, accession, study, admission, order and procedure identifiers.
    case id
    /// Calendar dates (DA values and the date part of DT values), in several written forms.
    case date
    /// Instance UIDs of the original (study, series, SOP instance, frame of reference,
    /// referenced instances, ...): every UI value except class, syntax and scheme UIDs.
    case uid
    /// Patient, institution, physician and person addresses.
    case address
    /// Telephone numbers.
    case phone
    /// Institution names.
    case institution

    public static func < (a: ValueKind, b: ValueKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One identifying value of an original, in the form the matcher compares.
public struct Needle: Sendable, Hashable {
    public var kind: ValueKind
    /// Keyword of the attribute it came from (e.g. "PatientName"); never the value.
    public var source: String
    /// The original value as written, for `--show-values` only.
    public var value: String
    /// The word sequence to find (lower-cased); empty for UIDs.
    public var words: [String]
    /// The UID to find as a whole dotted number; nil for other kinds.
    public var uid: String?
    /// A name in a script written without spaces: found as a substring of a word.
    public var substring: Bool

    public init(
        kind: ValueKind, source: String, value: String, words: [String] = [],
        uid: String? = nil, substring: Bool = false
    ) {
        self.kind = kind; self.source = source; self.value = value
        self.words = words; self.uid = uid; self.substring = substring
    }

    /// What makes two needles the same search (their sources may differ).
    var key: String {
        if let uid { return "u:" + uid }
        return kind.rawValue + (substring ? ":s:" : ":") + words.joined(separator: " ")
    }

    public static func == (a: Needle, b: Needle) -> Bool { a.key == b.key }
    public func hash(into h: inout Hasher) { h.combine(key) }
}
