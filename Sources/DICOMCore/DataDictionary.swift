/// One row of the PS3.6 data dictionary.
public struct DictionaryEntry: Sendable {
    public let tag: Tag
    public let keyword: String
    /// The first VR listed; `alternativeVRs` holds the rest (e.g. "US or SS").
    public let vr: VR
    public let alternativeVRs: [VR]
    public let vm: String
    public let retired: Bool
}

/// Look-ups in the PS3.6 data dictionary (generated into `Generated/`).
public enum DataDictionary {
    /// The entry for `tag`, including repeating groups such as (60xx,3000) and (50xx,xxxx).
    public static func entry(for tag: Tag) -> DictionaryEntry? {
        if let e = table.exact[tag.rawValue] { return e }
        // Repeating groups (50xx, 60xx, 7Fxx) are even groups; odd ones are private.
        guard !tag.isPrivate else { return nil }
        for (mask, value, entry) in table.masked where tag.rawValue & mask == value { return entry }
        return nil
    }
    public static func entry(forKeyword keyword: String) -> DictionaryEntry? { table.byKeyword[keyword] }
    /// The dictionary VR of `tag`; UN when unknown. Group lengths are UL.
    public static func vr(for tag: Tag) -> VR {
        if tag.element == 0 { return .UL }
        if tag.isPrivateCreator { return .LO }
        return entry(for: tag)?.vr ?? .UN
    }

    struct Table {
        var exact: [UInt32: DictionaryEntry] = [:]
        var masked: [(UInt32, UInt32, DictionaryEntry)] = []
        var byKeyword: [String: DictionaryEntry] = [:]
    }

    /// Built once from the compact text in `generatedDictionaryText`: one line per entry,
    /// `TAG VR[/VR...] VM R|- Keyword`, where TAG may hold `x` for repeating digits.
    static let table: Table = {
        var t = Table()
        for line in generatedDictionaryText.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count == 5 else { continue }
            let tagText = f[0].lowercased()
            var mask: UInt32 = 0, value: UInt32 = 0
            for ch in tagText.utf8 {
                mask <<= 4; value <<= 4
                if ch == UInt8(ascii: "x") { continue }
                mask |= 0xF
                value |= UInt32(ch <= UInt8(ascii: "9") ? ch - 48 : ch - 87)
            }
            let vrs = f[1].split(separator: "/").compactMap { VR(rawValue: String($0)) }
            let e = DictionaryEntry(tag: Tag(value), keyword: String(f[4]), vr: vrs.first ?? .UN,
                                    alternativeVRs: Array(vrs.dropFirst()), vm: String(f[2]),
                                    retired: f[3] == "R")
            if mask == 0xFFFF_FFFF { t.exact[value] = e } else { t.masked.append((mask, value, e)) }
            t.byKeyword[e.keyword] = e
        }
        return t
    }()
}
