import DICOMCore

/// PS3.15 Table E.1-1, as generated into `Generated/` by scripts/gen-deid-tables.py.
public enum ConfidentialityTable {
    /// One attribute of the table.
    public struct Row: Sendable {
        /// The tag; for repeating groups (50xx, 60xx) the digits covered by `mask` matter only.
        public let tag: Tag
        /// Bits of the tag that must match (0xFFFFFFFF for an ordinary tag).
        public let mask: UInt32
        public let keyword: String
        /// The Basic Profile code.
        public let basic: ProfileCode
        /// What each option says (K or C), for the options that name this attribute.
        public let options: [DeidOption: Character]

        public func matches(_ t: Tag) -> Bool { t.rawValue & mask == tag.rawValue }
    }

    /// The option columns, in the order of the generated text.
    static let columns: [DeidOption] = [
        .retainSafePrivate, .retainUIDs, .retainDeviceIdentity, .retainInstitutionIdentity,
        .retainPatientCharacteristics, .retainLongitudinalFullDates, .retainLongitudinalModifiedDates,
        .cleanDescriptors, .cleanStructuredContent, .cleanGraphics
    ]

    /// All rows, in tag order (the "Private Attributes" row is not among them: private
    /// elements are governed by the Retain Safe Private option and the profile's private rules).
    public static let rows: [Row] = parse(generatedConfidentialityText)

    /// Rows by exact tag.
    static let exact: [UInt32: Row] = {
        var m: [UInt32: Row] = [:]
        for r in rows where r.mask == 0xFFFF_FFFF { m[r.tag.rawValue] = r }
        return m
    }()
    /// Rows of repeating groups (curves 50xx, overlays 60xx).
    static let masked: [Row] = rows.filter { $0.mask != 0xFFFF_FFFF }

    /// The row for `tag`, repeating groups included; nil when the table does not list it.
    public static func row(for tag: Tag) -> Row? {
        if let r = exact[tag.rawValue] { return r }
        if tag.isPrivate { return nil }
        return masked.first { $0.matches(tag) }
    }

    /// Split as bytes (the text is ASCII): splitting it by Character cost every dcm-scrub
    /// process some 2 ms.
    static func parse(_ text: String) -> [Row] {
        var out: [Row] = []
        out.reserveCapacity(700)
        for line in text.utf8.split(separator: 0x0A) {
            let f = line.split(separator: 0x20)
            guard f.count == 3 + columns.count, let basic = ProfileCode(String(decoding: f[1], as: UTF8.self)) else { continue }
            var mask: UInt32 = 0, value: UInt32 = 0
            for ch in f[0] {
                mask <<= 4; value <<= 4
                if ch == UInt8(ascii: "x") { continue }
                mask |= 0xF
                value |= UInt32(ch <= UInt8(ascii: "9") ? ch &- 48 : ch &- 55)
            }
            var opts: [DeidOption: Character] = [:]
            for (i, o) in columns.enumerated() {
                let c = f[2 + i]
                if c.count == 1, let b = c.first, b < 0x80 {
                    // One ASCII letter (every generated code): no grapheme breaking.
                    if b != UInt8(ascii: "-") { opts[o] = Character(Unicode.Scalar(b)) }
                } else if let ch = String(decoding: c, as: UTF8.self).first {
                    opts[o] = ch
                }
            }
            out.append(
                Row(
                    tag: Tag(value), mask: mask, keyword: String(decoding: f[f.count - 1], as: UTF8.self),
                    basic: basic, options: opts))
        }
        return out
    }
}

/// The Cancer Imaging Archive's own per-attribute choices (tcia-profile.csv), generated.
enum TCIATable {
    static let actions: [UInt32: Action] = parse(generatedTCIAProfileText)

    /// `TAG ACTION Keyword` lines; split as bytes (the text is ASCII), which costs a tenth
    /// of splitting by Character.
    static func parse(_ text: String) -> [UInt32: Action] {
        var m: [UInt32: Action] = [:]
        m.reserveCapacity(700)
        for line in text.utf8.split(separator: 0x0A) {
            let f = line.split(separator: 0x20)
            guard f.count == 3, let v = UInt32(String(decoding: f[0], as: UTF8.self), radix: 16),
                let a = Action(rawValue: String(decoding: f[1], as: UTF8.self))
            else { continue }
            m[v] = a
        }
        return m
    }
}
