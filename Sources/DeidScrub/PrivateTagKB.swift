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

func hex4(_ v: UInt16) -> String {
    let d = Array("0123456789ABCDEF".utf8)
    return String(decoding: [d[Int(v >> 12)], d[Int(v >> 8 & 0xF)], d[Int(v >> 4 & 0xF)], d[Int(v & 0xF)]], as: UTF8.self)
}
func hex2(_ v: UInt8) -> String {
    let d = Array("0123456789ABCDEF".utf8)
    return String(decoding: [d[Int(v >> 4)], d[Int(v & 0xF)]], as: UTF8.self)
}

/// The TCIA Private Tag Knowledge Base (private-tag-kb-2024-02-01.csv), generated into
/// `Generated/`: dispositions of private elements by group, creator and element byte,
/// optionally behind a sequence path.
public enum PrivateTagKB {
    struct Index: Sendable {
        /// Full signature (steps joined by TAB) -> disposition.
        var byPath: [String: PrivateDisposition] = [:]
        /// Signature of the element alone, from rows that name it at the top level.
        var byElement: [String: PrivateDisposition] = [:]
        /// Signature of the element alone, from rows that name it behind a sequence path
        /// (used when the path itself does not match).
        var byLastStep: [String: PrivateDisposition] = [:]
    }

    static let index: Index = {
        var ix = Index()
        ix.byPath.reserveCapacity(8192)
        ix.byElement.reserveCapacity(8192)
        var ambiguous = Set<String>()
        // Split as bytes: the text is ASCII, and splitting by Character cost ~10% of a
        // dcm-scrub run over a few hundred files.
        for line in generatedPrivateTagKBText.utf8.split(separator: 0x0A) {
            guard let tab = line.firstIndex(of: 0x09) else { continue }
            let letters = line[..<tab]
            let d: PrivateDisposition
            // The generated rows use the Knowledge Base letters; anything else goes by name.
            switch (letters.count, letters.first) {
            case (1, 0x64): d = .remove
            case (1, 0x6B): d = .keep
            case (1, 0x68): d = .hashUID
            case (1, 0x6F): d = .shiftDate
            default:
                guard let named = PrivateDisposition(name: String(decoding: letters, as: UTF8.self)) else { continue }
                d = named
            }
            let rest = line[line.index(after: tab)...]
            // The steps joined by TAB are the rest of the row as written (when no field is empty).
            var path = String(decoding: rest, as: UTF8.self)
            var emptyField = rest.isEmpty || rest.first == 0x09 || rest.last == 0x09
            var previous: UInt8 = 0
            for b in rest where !emptyField {
                emptyField = b == 0x09 && previous == 0x09
                previous = b
            }
            if emptyField {
                let steps = rest.split(separator: 0x09)
                guard !steps.isEmpty else { continue }
                path = steps.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\t")
            }
            ix.byPath[path] = d
            guard let lastTab = path.utf8.lastIndex(of: 0x09) else {
                ix.byElement[path] = d
                continue
            }
            let last = String(path[path.utf8.index(after: lastTab)...])
            if let old = ix.byLastStep[last], old != d {
                ambiguous.insert(last)
            } else {
                ix.byLastStep[last] = d
            }
        }
        for a in ambiguous { ix.byLastStep[a] = nil }
        return ix
    }()

    /// Number of signatures in the knowledge base.
    public static var count: Int { index.byPath.count }

    /// The disposition for a private element reached through `ancestors` (outermost first);
    /// nil when the knowledge base does not know it.
    static func disposition(ancestors: [String], element: String) -> PrivateDisposition? {
        let ix = index
        if !ancestors.isEmpty {
            if let d = ix.byPath[(ancestors + [element]).joined(separator: "\t")] { return d }
        }
        if let d = ix.byElement[element] { return d }
        return ix.byLastStep[element]
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
