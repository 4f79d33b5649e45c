/// One row of the PS3.6 data dictionary.
public struct DictionaryEntry: Sendable {
    public let tag: Tag
    /// The first VR listed; `alternativeVRs` holds the rest (e.g. "US or SS").
    public let vr: VR
    public let retired: Bool
    /// The entry's line in `generatedDictionaryLines`: the keyword and VM are read from it
    /// when asked for, so a look-up allocates nothing.
    let row: Int

    public var keyword: String { DataDictionary.string(DataDictionary.fields(row).keyword) }
    public var vm: String { DataDictionary.string(DataDictionary.fields(row).vm) }
    public var alternativeVRs: [VR] { Array(DataDictionary.vrs(DataDictionary.fields(row).vr).dropFirst()) }
}

/// Look-ups in the PS3.6 data dictionary (generated into `Generated/`).
///
/// The generated text and its indexes are literals that need no work at start-up (building
/// dictionaries from the text cost every process some 2 ms of CPU); tags are found by
/// binary search over the sorted fixed tags, then the repeating-group entries in order.
public enum DataDictionary {
    /// The entry for `tag`, including repeating groups such as (60xx,3000) and (50xx,xxxx).
    public static func entry(for tag: Tag) -> DictionaryEntry? {
        if let r = exactRow(tag.rawValue) { return entry(row: r) }
        // Repeating groups (50xx, 60xx, 7Fxx) are even groups; odd ones are private.
        guard !tag.isPrivate else { return nil }
        for i in generatedDictionaryMasks.indices
        where tag.rawValue & generatedDictionaryMasks[i] == generatedDictionaryMaskedValues[i] {
            return entry(row: Int(generatedDictionaryMaskedRows[i]))
        }
        return nil
    }

    public static func entry(forKeyword keyword: String) -> DictionaryEntry? {
        var keyword = keyword
        return keyword.withUTF8 { k -> DictionaryEntry? in
            generatedDictionaryKeywordRows.withUnsafeBufferPointer { rows in
                var lo = 0, hi = rows.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    let row = Int(rows[mid])
                    let order = compare(fields(row).keyword, k)
                    if order == 0 { return entry(row: row) }
                    if order < 0 { lo = mid + 1 } else { hi = mid }
                }
                return nil
            }
        }
    }

    /// The dictionary VR of `tag`; UN when unknown. Group lengths are UL.
    public static func vr(for tag: Tag) -> VR {
        if tag.element == 0 { return .UL }
        if tag.isPrivateCreator { return .LO }
        return entry(for: tag)?.vr ?? .UN
    }

    /// Number of entries.
    static var count: Int { generatedDictionaryStarts.count - 1 }

    static func exactRow(_ value: UInt32) -> Int? {
        generatedDictionaryExactTags.withUnsafeBufferPointer { tags -> Int? in
            var lo = 0, hi = tags.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                let t = tags[mid]
                if t == value { return Int(generatedDictionaryExactRows[mid]) }
                if t < value { lo = mid + 1 } else { hi = mid }
            }
            return nil
        }
    }

    /// The fields of line `row`: `TAG VR[/VR...] VM R|- Keyword`.
    struct Fields {
        var tag: UnsafeBufferPointer<UInt8>
        var vr: UnsafeBufferPointer<UInt8>
        var vm: UnsafeBufferPointer<UInt8>
        var retired: UnsafeBufferPointer<UInt8>
        var keyword: UnsafeBufferPointer<UInt8>
    }

    @inline(__always) static func fields(_ row: Int) -> Fields {
        let from = Int(generatedDictionaryStarts[row]), to = Int(generatedDictionaryStarts[row + 1]) - 1
        let p = generatedDictionaryLines.utf8Start
        // The first four spaces (no array: this runs on every look-up).
        var c0 = to, c1 = to, c2 = to, c3 = to
        var n = 0, i = from
        while i < to && n < 4 {
            if p[i] == 0x20 {
                switch n {
                case 0: c0 = i
                case 1: c1 = i
                case 2: c2 = i
                default: c3 = i
                }
                n += 1
            }
            i += 1
        }
        func slice(_ a: Int, _ b: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: p + a, count: Swift.max(0, b - a)) }
        return Fields(
            tag: slice(from, c0), vr: slice(c0 + 1, c1), vm: slice(c1 + 1, c2),
            retired: slice(c2 + 1, c3), keyword: slice(c3 + 1, to))
    }

    static func entry(row: Int) -> DictionaryEntry {
        let f = fields(row)
        var value: UInt32 = 0
        for ch in f.tag {
            let c = ch | 0x20  // lower case
            value <<= 4
            if c == UInt8(ascii: "x") { continue }
            value |= UInt32(c <= UInt8(ascii: "9") ? c - 48 : c - 87)
        }
        // The first VR the field names that is known.
        var first: VR? = nil
        var k = 0
        while first == nil && k + 1 < f.vr.count {
            first = VR(f.vr[k], f.vr[k + 1])
            k += 3
        }
        return DictionaryEntry(tag: Tag(value), vr: first ?? .UN, retired: f.retired.first == UInt8(ascii: "R"), row: row)
    }

    /// The VRs of a `VR[/VR...]` field; unknown ones are left out.
    static func vrs(_ field: UnsafeBufferPointer<UInt8>) -> [VR] {
        var out: [VR] = []
        var k = 0
        while k + 1 < field.count {
            if let vr = VR(field[k], field[k + 1]) { out.append(vr) }
            k += 3
        }
        return out
    }

    static func string(_ b: UnsafeBufferPointer<UInt8>) -> String { String(decoding: b, as: UTF8.self) }

    /// Byte order of `a` against `b`.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let m = Swift.min(a.count, b.count)
        var i = 0
        while i < m {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i += 1
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
