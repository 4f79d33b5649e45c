import DICOMCore

/// What happens to a private element.
public enum PrivateDisposition: String, CaseIterable, Sendable {
    /// k: keep (text still searched for known identifying values).
    case keep
    /// d: remove.
    case remove
    /// Keep, with free text cleaned.
    case clean
    /// h: keep for dcm-pseudo, which replaces the UID it holds.
    case hashUID = "hash-uid"
    /// o: keep for dcm-pseudo, which shifts the date it holds.
    case shiftDate = "shift-date"
    /// oi: keep for dcm-pseudo, which shifts the date held as an integer.
    case shiftIntDate = "shift-int-date"

    /// Accepts the names above and the Knowledge Base letters k, d, h, o, oi.
    public init?(name: String) {
        let n = name.trimmingSpacesAndCase()
        if let d = PrivateDisposition(rawValue: n) { self = d; return }
        switch n {
        case "k": self = .keep
        case "d", "delete", "x": self = .remove
        case "h", "hash", "uid": self = .hashUID
        case "o", "offset", "shift": self = .shiftDate
        case "oi": self = .shiftIntDate
        case "c": self = .clean
        default: return nil
        }
    }
}

/// One step of a private element's address: a public tag, or group + creator + element byte.
struct PrivateStep: Hashable, Sendable {
    var group: UInt16
    /// Upper-cased, trimmed, inner spaces collapsed; nil for a public tag step.
    var creator: String?
    /// Element byte (private) or full element (public).
    var element: UInt16

    var signature: String {
        let g = hex4(group)
        if let creator { return "\(g)\"\(creator)\"\(hex2(UInt8(truncatingIfNeeded: element)))" }
        return g + hex4(element)
    }

    static func normalize(creator: String) -> String {
        creator.split(whereSeparator: { $0 == " " || $0 == "\0" }).joined(separator: " ").uppercased()
    }
}

func hex4(_ v: UInt16) -> String { upperHex(UInt32(v), digits: 4) }
func hex2(_ v: UInt8) -> String { upperHex(UInt32(v), digits: 2) }

/// The TCIA Private Tag Knowledge Base (private-tag-kb-2024-02-01.csv), generated into
/// `Generated/`: dispositions of private elements by group, creator and element byte,
/// optionally behind a sequence path.
public enum PrivateTagKB {
    /// Full signature (steps joined by TAB) -> disposition; an element named at the top
    /// level is a signature of one step.
    static let byPath = PackedKeyTable(keys: generatedKBPathKeys, starts: generatedKBPathStarts, codes: generatedKBPathCodes)
    /// Signature of the element alone, from rows that name it behind a sequence path (used
    /// when the path itself does not match); left out where those rows disagree.
    static let byLastStep = PackedKeyTable(
        keys: generatedKBLastStepKeys, starts: generatedKBLastStepStarts, codes: generatedKBLastStepCodes)

    /// Number of signatures in the knowledge base.
    public static var count: Int { byPath.count }

    /// The disposition a generated code letter stands for.
    static func disposition(code: UInt8) -> PrivateDisposition? {
        switch code {
        case UInt8(ascii: "d"): return .remove
        case UInt8(ascii: "k"): return .keep
        case UInt8(ascii: "h"): return .hashUID
        case UInt8(ascii: "o"): return .shiftDate
        case UInt8(ascii: "i"): return .shiftIntDate
        default: return nil
        }
    }

    /// The disposition for a private element reached through `ancestors` (outermost first);
    /// nil when the knowledge base does not know it.
    static func disposition(ancestors: [String], element: String) -> PrivateDisposition? {
        if !ancestors.isEmpty {
            if let c = byPath.code(for: (ancestors + [element]).joined(separator: "\t")) { return disposition(code: c) }
        }
        var element = element
        return element.withUTF8 { e -> PrivateDisposition? in
            // Signatures of one step: a step holding a TAB (from a creator that holds one)
            // must not match a longer path.
            if !e.contains(0x09), let c = byPath.code(forUTF8: e) { return disposition(code: c) }
            return byLastStep.code(forUTF8: e).flatMap(disposition(code:))
        }
    }

    /// Disposition of a top-level element: `group`, `creator` (as in the file), element byte.
    public static func disposition(group: UInt16, creator: String, element: UInt8) -> PrivateDisposition? {
        let step = PrivateStep(group: group, creator: PrivateStep.normalize(creator: creator), element: UInt16(element))
        return disposition(ancestors: [], element: step.signature)
    }
}

extension String {
    func trimmingSpacesAndCase() -> String {
        var u = Substring(self)
        while let l = u.last, l == " " { u.removeLast() }
        while let f = u.first, f == " " { u.removeFirst() }
        return u.lowercased()
    }
}
