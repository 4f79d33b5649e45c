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
        t.exact.reserveCapacity(5200)
        t.byKeyword.reserveCapacity(5300)
        var text = generatedDictionaryText
        text.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            // Every tool builds this at start: no allocation per line beyond the entry itself.
            var fields = (0..<0, 0..<0, 0..<0, 0..<0, 0..<0)
            while i < n {
                var count = 0
                var start = i
                func field(_ r: Range<Int>) {
                    switch count {
                    case 0: fields.0 = r
                    case 1: fields.1 = r
                    case 2: fields.2 = r
                    case 3: fields.3 = r
                    case 4: fields.4 = r
                    default: break
                    }
                    count += 1
                }
                while i < n && bytes[i] != 0x0A {
                    if bytes[i] == 0x20 {
                        if i > start { field(start..<i) }
                        start = i + 1
                    }
                    i += 1
                }
                if i > start { field(start..<i) }
                i += 1
                guard count == 5 else { continue }
                var mask: UInt32 = 0, value: UInt32 = 0
                for k in fields.0 {
                    let ch = bytes[k] | 0x20  // lower case
                    mask <<= 4; value <<= 4
                    if ch == UInt8(ascii: "x") { continue }
                    mask |= 0xF
                    value |= UInt32(ch <= UInt8(ascii: "9") ? ch - 48 : ch - 87)
                }
                func str(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }
                var first: VR? = nil
                var alternatives: [VR] = []
                var k = fields.1.lowerBound
                while k + 1 < fields.1.upperBound {
                    if let vr = VR(bytes[k], bytes[k + 1]) {
                        if first == nil { first = vr } else { alternatives.append(vr) }
                    }
                    k += 3
                }
                let e = DictionaryEntry(
                    tag: Tag(value), keyword: str(fields.4), vr: first ?? .UN,
                    alternativeVRs: alternatives, vm: str(fields.2),
                    retired: bytes[fields.3.lowerBound] == UInt8(ascii: "R"))
                if mask == 0xFFFF_FFFF { t.exact[value] = e } else { t.masked.append((mask, value, e)) }
                t.byKeyword[e.keyword] = e
            }
        }
        return t
    }()
}
