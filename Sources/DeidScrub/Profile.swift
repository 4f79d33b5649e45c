import DICOMCore
import DICOMDeid
import DICOMObject

/// A de-identification profile: the PS3.15 options in force, per-attribute and per-private-
/// element actions that override the standard's table, text rules for the free-text cleaner,
/// and a few settings. Built in (`basic`, `tcia`) or loaded from a profile file (dcm-profile(5)).
///
/// How an attribute's action is found, first match wins:
/// 1. the profile's own `tagActions` (from a profile file);
/// 2. the built-in base profile's per-attribute choice (TCIA's table for `tcia`), as long as
///    no option that Table E.1-1 names for this attribute was switched relative to the base
///    (a sequence it removes goes whole; other choices are raised to what conformance needs);
/// 3. Table E.1-1: an option in force that names the attribute (date options decide for
///    dates; otherwise K wins over C), else the Basic Profile code, combined codes resolved
///    by `combinedCodes`;
/// 4. attributes the table does not list: an attribute that only qualifies a listed one
///    follows it (Issuer of Patient ID Qualifiers Sequence follows Issuer of Patient ID);
///    `unlisted` (standard attributes of PS3.6; the
///    table is the standard's list of attributes that may identify, so the default keeps
///    them and only searches their text for known identifying values), `unknownPublic`
///    for even-group tags that PS3.6 does not define.
public struct Profile: Sendable {
    /// A tag or a repeating-group pattern such as 60xx3000.
    public struct TagPattern: Hashable, Sendable, CustomStringConvertible {
        public let value: UInt32
        public let mask: UInt32
        public init(_ tag: Tag) { value = tag.rawValue; mask = 0xFFFF_FFFF }
        public init(value: UInt32, mask: UInt32) { self.value = value & mask; self.mask = mask }
        public func matches(_ t: Tag) -> Bool { t.rawValue & mask == value }
        public var description: String {
            var s = ""
            for i in stride(from: 7, through: 0, by: -1) {
                let m = (mask >> (UInt32(i) * 4)) & 0xF
                s += m == 0 ? "x" : String(UInt8((value >> (UInt32(i) * 4)) & 0xF), radix: 16, uppercase: true)
            }
            return s
        }

        /// Parses `(gggg,eeee)`, `ggggeeee`, `gggg,eeee` (x allowed for repeating digits) or a
        /// PS3.6 keyword.
        public init?(parsing text: String) {
            var hex = ""
            for c in text where !"(), ".contains(c) { hex.append(c) }
            if hex.count == 8, hex.allSatisfy({ $0.isHexDigit || $0 == "x" || $0 == "X" }) {
                var m: UInt32 = 0, v: UInt32 = 0
                for c in hex {
                    m <<= 4; v <<= 4
                    if c == "x" || c == "X" { continue }
                    m |= 0xF; v |= UInt32(c.hexDigitValue ?? 0)
                }
                self.init(value: v, mask: m)
                return
            }
            guard let e = DataDictionary.entry(forKeyword: text.trimmingSpaces()) else { return nil }
            self.init(e.tag)
        }
    }

    /// A rule for private elements: group, and optionally creator and element byte.
    public struct PrivateRule: Sendable, Equatable {
        public var group: UInt16
        /// Normalized (upper case, spaces collapsed); nil matches any creator.
        public var creator: String?
        /// The low byte of the element; nil matches the whole block.
        public var element: UInt8?
        public var disposition: PrivateDisposition
        public init(group: UInt16, creator: String?, element: UInt8?, disposition: PrivateDisposition) {
            self.group = group; self.creator = creator.map(PrivateStep.normalize(creator:))
            self.element = element; self.disposition = disposition
        }
        var specificity: Int { (creator == nil ? 0 : 2) + (element == nil ? 0 : 1) }
        func matches(group g: UInt16, creator c: String, element e: UInt8) -> Bool {
            g == group && (creator == nil || creator == c) && (element == nil || element == e)
        }
    }

    /// Extra rules for the free-text cleaner.
    public struct TextRuleSet: Sendable, Equatable {
        /// Regular expressions whose matches are cut from cleaned text.
        public var patterns: [String] = []
        /// Words (or phrases) cut from cleaned text wherever they stand, ignoring case.
        public var words: [String] = []
        /// Words never cut (clinical vocabulary that looks like a name, for example).
        public var keepWords: [String] = []
        public init() {}
        public var isEmpty: Bool { patterns.isEmpty && words.isEmpty && keepWords.isEmpty }
    }

    /// What to do with an IS or DS value that reads as a date (e.g. Series Number 20181228).
    public enum NumericDates: String, Sendable, CaseIterable {
        /// Leave it.
        case keep
        /// Keep it for dcm-pseudo to shift like a date (path under "shift-date").
        case shift
        /// Replace it with 0.
        case dummy
    }

    public var name: String
    public var options: Set<DeidOption>
    /// Overrides by tag, from a profile file.
    public var tagActions: [TagPattern: Action] = [:]
    /// Overrides for private elements, from a profile file (more specific rules win).
    public var privateRules: [PrivateRule] = []
    public var textRules = TextRuleSet()
    public var combinedCodes: ProfileCode.Resolution = .conformant
    /// Standard attributes that Table E.1-1 does not list: keep (their text still searched
    /// for known identifying values) or clean (their text always cleaned).
    public var unlisted: Action = .keep
    /// Even-group attributes unknown to PS3.6.
    public var unknownPublic: Action = .remove
    /// Private elements that no rule and no knowledge base entry covers.
    public var unknownPrivate: PrivateDisposition = .remove
    public var numericDates: NumericDates = .keep

    /// What happens to a private sequence that its rule removes.
    public enum PrivateSequences: String, Sendable, CaseIterable {
        /// It goes, whatever it holds.
        case disposition
        /// It stays as a container when its items hold standard attributes, which then follow
        /// the table like anywhere else; the private elements in it follow their own rules.
        /// (Vendors nest whole standard data sets in private sequences: Philips per-frame
        /// groups, GE preview images.)
        case publicContent = "public-content"
    }
    public var privateSequences: PrivateSequences = .disposition

    /// The built-in base's per-attribute choices and the options they assume.
    var baseActions: [UInt32: Action] = [:]
    var baseOptions: Set<DeidOption> = []
    /// Name of the built-in profile this one starts from.
    public private(set) var base: String

    public init(name: String, options: Set<DeidOption> = []) {
        self.name = name; self.options = options; self.base = name
    }

    /// Names of the built-in profiles.
    public static let builtinNames = ["basic", "tcia"]
    /// The profile used when none is named.
    public static let defaultName = "tcia"

    /// A built-in profile: `basic` (the Basic Profile alone) or `tcia` (The Cancer Imaging
    /// Archive's practice, which the MIDI-B answer keys encode).
    public static func builtin(named name: String) -> Profile? {
        switch name.lowercased() {
        // Both include Clean Pixel Data: an image with pixel data is written only after
        // dcm-redact-pixels examined it (or its read policy chose, with a reason, not to).
        // Users sure their images hold no burned-in text switch it off (--no-clean-pixel-data).
        case "basic":
            var p = Profile(name: "basic", options: [.cleanPixelData])
            p.baseOptions = p.options
            // Z/D: the pseudonym dcm-pseudo writes is the dummy value, consistent per patient.
            p.baseActions = [Tag.patientID.rawValue: .pseudonym]
            p.numericDates = .dummy
            return p
        case "tcia":
            // Clean Graphics: the MIDI-B keys keep overlays (curves and overlay planes stay,
            // their text is cleaned; overlay bitmaps are not read here).
            var p = Profile(
                name: "tcia",
                options: [
                    .retainLongitudinalModifiedDates, .retainPatientCharacteristics, .cleanDescriptors,
                    .cleanStructuredContent, .retainSafePrivate, .cleanGraphics, .cleanPixelData
                ])
            p.baseOptions = p.options
            p.baseActions = TCIATable.actions
            p.baseActions[Tag.patientID.rawValue] = .pseudonym
            p.baseActions[Tag.patientName.rawValue] = .pseudonym
            p.numericDates = .shift
            // A private sequence goes whole when the KB does not keep it, as TCIA does, even
            // when vendors nest standard attributes in it (Philips per-frame groups).
            p.privateSequences = .disposition
            return p
        default:
            return nil
        }
    }

    // MARK: - Resolution

    /// The action for a public attribute (see the type's documentation for the order).
    public func action(for tag: Tag) -> Action {
        if let a = override(for: tag) { return a }
        let row = ConfidentialityTable.row(for: tag)
        if let b = baseActions[tag.rawValue] {
            let switched = row?.options.keys.contains { options.contains($0) != baseOptions.contains($0) } ?? false
            if !switched {
                // A sequence the built-in profile removes goes whole (TCIA deletes it) where
                // the table's code allows X (Type 3 in some IOD): a dummy of it would keep
                // items of identifying codes and names. Z or D alone keep it conformant.
                if b == .remove, DataDictionary.entry(for: tag)?.vr == .SQ, row.map({ $0.basic.letters.contains("X") }) ?? true {
                    return b
                }
                return row.map { conformant(b, $0) } ?? b
            }
        }
        if let row { return conformant(standardAction(row, tag: tag), row) }
        // Text Value: the free text of structured content, whose Content Sequence is D
        // (dummy content) unless Clean Structured Content keeps it cleaned.
        if tag == Tag.textValue { return options.contains(.cleanStructuredContent) ? .clean : .dummy }
        // Attributes that only qualify another one go where it goes (the issuer's qualifiers
        // name the assigning facility and jurisdiction).
        if let qualified = Profile.qualifies[tag.rawValue] { return action(for: Tag(qualified)) }
        return DataDictionary.entry(for: tag) == nil ? unknownPublic : unlisted
    }

    /// Attributes Table E.1-1 does not list that qualify one it does: qualifier -> qualified.
    static let qualifies: [UInt32: UInt32] = [
        0x0010_0024: 0x0010_0021  // Issuer of Patient ID Qualifiers Sequence -> Issuer of Patient ID
    ]

    /// Never below what IOD conformance needs: where a built-in choice (or the table's plain
    /// X) removes an attribute that the table's own code, or `ConformanceFloor`, says some IOD
    /// requires (Type 1 or 2, also conditionally), it is emptied or replaced by a dummy instead.
    func conformant(_ a: Action, _ row: ConfidentialityTable.Row) -> Action {
        guard combinedCodes == .conformant, a == .remove || a == .empty else { return a }
        let floor = ConformanceFloor.actions[row.tag.rawValue] ?? row.basic.action(.conformant)
        switch (a, floor) {
        case (.remove, .empty), (.remove, .dummy), (.empty, .dummy): return floor
        default: return a
        }
    }

    func override(for tag: Tag) -> Action? {
        if tagActions.isEmpty { return nil }
        if let a = tagActions[TagPattern(tag)] { return a }
        for (p, a) in tagActions where p.mask != 0xFFFF_FFFF && p.matches(tag) { return a }
        return nil
    }

    /// Table E.1-1 with the options in force.
    func standardAction(_ row: ConfidentialityTable.Row, tag: Tag) -> Action {
        if options.contains(.retainLongitudinalFullDates), row.options[.retainLongitudinalFullDates] != nil {
            return .keep
        }
        if options.contains(.retainLongitudinalModifiedDates), row.options[.retainLongitudinalModifiedDates] != nil {
            // Dates are shifted by dcm-pseudo; times stay (a whole-day shift leaves them as they are).
            return DataDictionary.vr(for: tag) == .TM ? .keep : .shift
        }
        var best: Action?
        for (o, code) in row.options where options.contains(o) {
            if o == .retainLongitudinalFullDates || o == .retainLongitudinalModifiedDates { continue }
            if code == "K" { return .keep }
            best = .clean
        }
        return best ?? row.basic.action(combinedCodes)
    }

    /// The disposition of a private element; `ancestors` are the signatures of the
    /// sequences it sits in (outermost first).
    func privateDisposition(group: UInt16, creator: String, element: UInt8, ancestors: [String]) -> PrivateDisposition {
        var d: PrivateDisposition?
        if !privateRules.isEmpty {
            var best: PrivateRule?
            for r in privateRules where r.matches(group: group, creator: creator, element: element) {
                if best == nil || r.specificity >= best!.specificity { best = r }
            }
            d = best?.disposition
        }
        if d == nil, options.contains(.retainSafePrivate) {
            let step = PrivateStep(group: group, creator: creator, element: UInt16(element))
            d = PrivateTagKB.disposition(ancestors: ancestors, element: step.signature)
        }
        switch d ?? unknownPrivate {
        case .hashUID:
            return options.contains(.retainUIDs) ? .keep : .hashUID
        case .shiftDate, .shiftIntDate:
            if options.contains(.retainLongitudinalFullDates) { return .keep }
            if options.contains(.retainLongitudinalModifiedDates) { return d ?? unknownPrivate }
            return .remove
        case let other:
            return other
        }
    }

    /// Steps dcm-pseudo and dcm-redact-pixels must carry out for this profile (before
    /// looking at a record: the scrubber keeps `cleanPixels` for records that hold pixel
    /// data only, see `requiredSteps(for:)`).
    public var requiredSteps: [DeidState.Step] {
        var s: [DeidState.Step] = [.pseudonymizePatient]
        if !options.contains(.retainUIDs) { s.append(.remapUIDs) }
        if options.contains(.retainLongitudinalModifiedDates) { s.append(.shiftDates) }
        if options.contains(.cleanPixelData) { s.append(.cleanPixels) }
        return s
    }

    /// The steps required for one record: Clean Pixel Data only where there are pixels
    /// (an SR, a presentation state or a waveform has nothing for dcm-redact-pixels to
    /// examine and must not be refused for it).
    public func requiredSteps(for ds: DataSet) -> [DeidState.Step] {
        requiredSteps.filter { $0 != .cleanPixels || DeidState.hasPixelData(ds) }
    }
}
