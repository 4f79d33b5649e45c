/// What dcm-scrub does to one public attribute. The letters are those of PS3.15 Table E.1-1
/// where one exists.
public enum Action: String, CaseIterable, Sendable {
    /// X: remove the attribute.
    case remove
    /// Z: keep the attribute with an empty value (a sequence keeps no item).
    case empty
    /// D: replace the value with a dummy of its VR (a sequence keeps its items, cleaned).
    case dummy
    /// K: keep the value (text is still searched for known identifying values).
    case keep
    /// C: keep the value, cleaned of identifying text.
    case clean
    /// U: keep the UID for dcm-pseudo, which replaces it consistently.
    case uid
    /// Keep a date for dcm-pseudo, which shifts it (Modified Dates option).
    case shift
    /// Keep for dcm-pseudo, which replaces it with the patient's pseudonym (PatientID);
    /// on PatientName the value is emptied until dcm-pseudo writes the pseudonym.
    case pseudonym

    /// The PS3.15 letter, or the action's name when the standard has none.
    public var code: String {
        switch self {
        case .remove: return "X"
        case .empty: return "Z"
        case .dummy: return "D"
        case .keep: return "K"
        case .clean: return "C"
        case .uid: return "U"
        case .shift, .pseudonym: return rawValue
        }
    }

    /// Accepts a name (`remove`) or a single PS3.15 letter (`X`).
    public init?(name: String) {
        let n = name.trimmingSpaces()
        if let a = Action(rawValue: n.lowercased()) { self = a; return }
        switch n.uppercased() {
        case "X": self = .remove
        case "Z": self = .empty
        case "D": self = .dummy
        case "K": self = .keep
        case "C": self = .clean
        case "U": self = .uid
        default: return nil
        }
    }

    /// Whether the element leaves the record.
    var removes: Bool { self == .remove }
    /// Whether the original value is gone from the output (identifying values handed on).
    var replacesValue: Bool {
        switch self {
        case .remove, .empty, .dummy, .pseudonym: return true
        default: return false
        }
    }
}

/// A code of the Basic Profile column as printed in Table E.1-1, e.g. `X/Z/D`.
public struct ProfileCode: Sendable, Equatable, CustomStringConvertible {
    public let text: String

    /// The codes Table E.1-1 prints. Built once: made per call it cost some 0.5 ms of every
    /// dcm-scrub start (the table's 620 rows).
    static let allowed: Set<String> = ["X", "Z", "D", "K", "C", "U", "X/Z", "X/D", "X/Z/D", "Z/D", "X/Z/U*"]

    public init?(_ text: String) {
        guard Self.allowed.contains(text) else { return nil }
        self.text = text
    }

    public var description: String { text }
    /// Letters of the code, `U*` read as `U`.
    public var letters: [Character] { text.split(separator: "/").compactMap { $0.first } }
    /// Whether the standard allows a dummy value here (the attribute may be Type 1).
    public var allowsDummy: Bool { letters.contains("D") }

    /// How combined codes are resolved.
    public enum Resolution: String, Sendable, CaseIterable {
        /// The alternative that keeps any IOD conformant whatever the attribute's Type there:
        /// D over Z over X, U over Z over X (PS3.15 E.1.1: X/Z, X/D, Z/D, X/Z/D, X/Z/U*
        /// choose by the Type the IOD gives; a de-identifier that does not know the IOD must
        /// assume the strictest Type).
        case conformant
        /// The first letter: X/Z and X/D remove, Z/D empties (may break Type 1 attributes).
        case strict
    }

    /// The action the code stands for, combined codes resolved as `resolution` says.
    public func action(_ resolution: Resolution) -> Action {
        let l = letters
        if l.count == 1 { return Action(name: String(l[0])) ?? .remove }
        switch resolution {
        case .strict:
            return Action(name: String(l[0])) ?? .remove
        case .conformant:
            if l.contains("U") { return .uid }
            if l.contains("D") { return .dummy }
            if l.contains("Z") { return .empty }
            return .remove
        }
    }
}
