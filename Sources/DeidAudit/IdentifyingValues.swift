import DICOMCore
import DICOMDeid
import DICOMEncoding
import DICOMObject
import DICOMPart10

/// Which values of an original file count as identifying, and how each is searched for.
///
/// The choice (documented in dcm-audit(1)): values that point at one patient, person or
/// visit and are unlikely to occur by chance in other text. Short or placeholder values
/// ("1", "ANONYMOUS", "UNKNOWN") are left out: they would match everywhere and identify
/// nobody. Descriptions, free text and private values of the original are not searched
/// for as a whole (they are mostly clinical words); their identifying fragments are caught
/// when they equal one of the values below.
///
/// The attributes are listed here, not taken from the stages' table (`PHIKind`, DICOMDeid):
/// the audit is an independent check of what the stages did, so a gap in their table does
/// not hide its own leaks.
public enum IdentifyingValues {
    /// Values found in one original file.
    public struct FileValues: Sendable {
        /// Searched for in every output: names, IDs, UIDs, addresses, phones, institutions.
        public var global: [Needle] = []
        /// Dates: searched for only in the output made from this file when the pairing is
        /// known (a shifted date may equal another patient's real date).
        public var local: [Needle] = []
        /// The original SOP Instance UID (to pair outputs through a UID mapping).
        public var sopInstanceUID: String?
        /// Words the file uses as terms, not names (see `collectTerms`).
        public var terms = Set<String>()
        /// The words of the file's own person names and of its other text.
        public var own = OwnWords()
    }

    /// The words of one original: those of its person names, and those of its text values
    /// that identify nobody (descriptions, labels, comments). A word of the second kind
    /// that is no name of this file's people but a name part of another patient ("GREEN",
    /// a segment label here, a surname elsewhere) is a coincidence in this file's output.
    public struct OwnWords: Sendable {
        public var names = Set<String>()
        public var text = Set<String>()
        public init() {}

        /// Whether finding the one-word name `word` in this file's output is a coincidence.
        public func isCoincidence(_ word: String) -> Bool { !names.contains(word) && text.contains(word) }
    }

    static let idTags: Set<UInt32> = [
        0x0010_0020, 0x0010_1000, 0x0008_0050, 0x0020_0010, 0x0038_0010, 0x0010_1090,
        0x0040_2016, 0x0040_2017, 0x0040_1001, 0x0040_0009, 0x0040_0253, 0x0010_1050
    ]
    static let addressTags: Set<UInt32> = [0x0010_1040, 0x0008_0081, 0x0008_0092, 0x0040_1102]
    static let institutionTags: Set<UInt32> = [0x0008_0080, 0x0010_2299]
    static let phoneTags: Set<UInt32> = [0x0010_2154, 0x0008_0094, 0x0040_1103, 0x0040_2010]
    /// UI attributes that name classes, syntaxes, schemes and software versions rather than
    /// instances.
    static let nonInstanceUIDTags: Set<UInt32> = [
        0x0002_0002, 0x0002_0010, 0x0002_0012, 0x0004_1510, 0x0004_1512, 0x0008_0016,
        0x0008_001A, 0x0008_001B, 0x0008_0062, 0x0008_010C, 0x0008_010D, 0x0008_0117,
        0x0008_0118, 0x0008_1150, 0x0008_3002, 0x0040_A170, 0x0008_9123
    ]

    /// Words that are placeholders or particles, never identifying on their own.
    public static let placeholderWords: Set<String> = [
        "anonymous", "anonymized", "anonymised", "anon", "unknown", "patient", "test", "phantom",
        "removed", "none", "null", "name", "noname", "doctor", "physician", "operator", "mr",
        "mrs", "ms", "dr", "md", "phd", "jr", "sr", "ii", "iii", "iv", "van", "von", "der", "den",
        "de", "la", "le", "del", "della", "di", "da", "dos", "das", "du", "st", "the", "and",
        "not", "available", "deidentified", "deid", "yes", "no", "other", "na", "tbd",
        "default", "nobody", "anyone", "someone", "xxx", "xxxx", "zzz", "first", "last", "middle",
        "given", "family", "observer", "enter", "text", "here"
    ]

    /// Collects the identifying values of one original (meta group included).
    public static func collect(from file: DICOMFile) -> FileValues {
        var v = FileValues()
        v.sopInstanceUID = file.dataset.string(.sopInstanceUID)?.trimmingUIDPadding()
        var seen = Set<Needle>()
        func add(_ n: Needle, local: Bool = false) {
            guard seen.insert(n).inserted else { return }
            if local { v.local.append(n) } else { v.global.append(n) }
        }
        let charset = file.dataset.declaredCharacterSet ?? .defaultRepertoire
        collectTerms(file.dataset, charset: charset, into: &v.terms)
        let terms = v.terms
        // Its own variable: `add` modifies `v` while the walk fills it.
        var own = OwnWords()
        walk(file.dataset, charset: charset, terms: terms, own: &own, add: add)
        walk(file.meta, charset: .defaultRepertoire, terms: terms, own: &own, add: add)
        v.own = own
        return v
    }

    /// Attributes naming the device, its maker and software: their words name no person,
    /// and an Institution Name equal to the Manufacturer names the vendor, not a place.
    static let deviceTags: Set<UInt32> = [0x0008_0070, 0x0008_1090, 0x0018_1020]

    /// Words the file uses as coded terms (CS values of public attributes), device and vendor
    /// names, or private block creators. Test and phantom data often put such words in name
    /// fields ("ORIGINAL^PRIMARY", "Liver^Angio", the vendor as institution); they name
    /// nobody, so a name part or institution made only of words any original uses this way
    /// is not searched for (see `Originals.isTerm`).
    static func collectTerms(_ ds: DataSet, charset: SpecificCharacterSet, into terms: inout Set<String>) {
        let cs = ds.declaredCharacterSet ?? charset
        for e in ds.elements {
            if let items = e.items {
                for item in items { collectTerms(item, charset: cs, into: &terms) }
                continue
            }
            guard (e.vr == .CS && !e.tag.isPrivate) || e.tag.isPrivateCreator || deviceTags.contains(e.tag.rawValue),
                let b = e.bytes, let text = TextValue.decode(b, vr: e.vr, charset: cs)
            else { continue }
            for w in Tokens.words(text) { terms.insert(w) }
        }
    }

    static func walk(
        _ ds: DataSet, charset: SpecificCharacterSet, terms: Set<String>, own: inout OwnWords,
        add: (Needle, Bool) -> Void
    ) {
        let cs = ds.declaredCharacterSet ?? charset
        for e in ds.elements {
            if let items = e.items {
                for item in items { walk(item, charset: cs, terms: terms, own: &own, add: add) }
                continue
            }
            guard e.vr.isString, let bytes = e.bytes,
                let values = TextValue.decodeValues(bytes, vr: e.vr, charset: cs)
            else { continue }
            let raw = e.tag.rawValue
            let source = keyword(e.tag)
            for value in values where !value.isEmpty {
                switch e.vr {
                case .PN:
                    own.names.formUnion(Tokens.words(value))
                    for n in nameNeedles(value, source: source) where !terms.contains(n.words[0]) { add(n, false) }
                case .UI:
                    if let n = uidNeedle(value, tag: e.tag, source: source) { add(n, false) }
                case .DA:
                    for n in dateNeedles(value, source: source) { add(n, true) }
                case .DT:
                    for n in dateNeedles(String(value.prefix(8)), source: source) { add(n, true) }
                default:
                    if idTags.contains(raw) {
                        if let n = idNeedle(value, source: source) { add(n, false) }
                    } else if addressTags.contains(raw) {
                        for n in addressNeedles(value, source: source) { add(n, false) }
                    } else if institutionTags.contains(raw) {
                        if let n = wholeNeedle(value, kind: .institution, source: source),
                            !n.words.allSatisfy(terms.contains)
                        {
                            add(n, false)
                        }
                    } else if phoneTags.contains(raw) {
                        for n in phoneNeedles(value, source: source) { add(n, false) }
                    } else if e.vr != .DA, e.vr != .DT, e.vr != .TM, e.vr != .UI {
                        own.text.formUnion(Tokens.words(value))
                    }
                }
            }
        }
    }

    /// Needles from values handed down a stream (`record.deid.phi`), by their kind. Free text
    /// (`other`) is not searched as a whole, as in an original's own values.
    public static func needles(fromPHI phi: [PHIKind: [String]]) -> [Needle] {
        var out: [Needle] = []
        for (kind, values) in phi.sorted(by: { $0.key < $1.key }) {
            for value in values {
                switch kind {
                case .name: out += nameNeedles(value, source: "phi.name")
                case .id: if let n = idNeedle(value, source: "phi.id") { out.append(n) }
                case .date: out += dateNeedles(value, source: "phi.date")
                case .address: out += addressNeedles(value, source: "phi.address")
                case .phone: out += phoneNeedles(value, source: "phi.phone")
                case .institution:
                    if let n = wholeNeedle(value, kind: .institution, source: "phi.institution") { out.append(n) }
                case .other: break
                }
            }
        }
        return out
    }

    static func keyword(_ tag: Tag) -> String {
        if tag.isPrivate { return "private" }
        return DataDictionary.entry(for: tag)?.keyword ?? tag.hex
    }

    // MARK: value forms

    /// Each part of a person name of 3 letters or more (2 in scripts without spaces),
    /// placeholders and particles excepted.
    public static func nameNeedles(_ value: String, source: String) -> [Needle] {
        var out: [Needle] = []
        for w in Tokens.words(value) {
            if Tokens.isUnspaced(w) {
                guard w.count >= 2 else { continue }
                out.append(Needle(kind: .name, source: source, value: value, words: [w], substring: true))
            } else {
                guard w.count >= 3, !placeholderWords.contains(w), !w.allSatisfy(\.isNumber), !isFiller(w) else { continue }
                out.append(Needle(kind: .name, source: source, value: value, words: [w]))
            }
        }
        return out
    }

    /// An identifier as its word sequence: at least 4 letters and digits, 5 when all digits,
    /// and at least one digit (a value without digits, "MULTIPLE", "Echo", is not an
    /// identifier), fillers excepted.
    public static func idNeedle(_ value: String, source: String) -> Needle? {
        let w = Tokens.words(value)
        let joined = w.joined()
        let chars = joined.count
        guard chars >= 4, joined.contains(where: \.isNumber), !isFiller(joined) else { return nil }
        if joined.allSatisfy(\.isNumber) && chars < 5 { return nil }
        return Needle(kind: .id, source: source, value: value, words: w)
    }

    /// One character repeated (00000, XXXXXX) or a run of consecutive digits (12345,
    /// 123456789): what people type when a value is required and unknown.
    public static func isFiller(_ word: String) -> Bool {
        let c = Array(word.unicodeScalars)
        guard let f = c.first else { return true }
        if c.allSatisfy({ $0 == f }) { return true }
        let digits = c.compactMap { (0x30...0x39).contains($0.value) ? Int($0.value) - 0x30 : nil }
        guard digits.count == c.count, digits.count >= 3 else { return false }
        return zip(digits, digits.dropFirst()).allSatisfy { ($0 + 1) % 10 == $1 }
    }

    /// A value matched as its whole word sequence (institution names).
    static func wholeNeedle(_ value: String, kind: ValueKind, source: String) -> Needle? {
        let w = Tokens.words(value)
        guard w.reduce(0, { $0 + $1.count }) >= 4, !w.allSatisfy(placeholderWords.contains) else { return nil }
        return Needle(kind: kind, source: source, value: value, words: w)
    }

    /// The whole address, and each comma-, caret- or line-separated part of two words or more.
    public static func addressNeedles(_ value: String, source: String) -> [Needle] {
        var out: [Needle] = []
        if let n = wholeNeedle(value, kind: .address, source: source) { out.append(n) }
        let parts = value.split(whereSeparator: { $0 == "," || $0 == "^" || $0 == "\n" || $0 == "\r" || $0 == ";" })
        if parts.count > 1 {
            for p in parts {
                let w = Tokens.words(String(p))
                guard w.count >= 2, !w.allSatisfy(placeholderWords.contains) else { continue }
                out.append(Needle(kind: .address, source: source, value: value, words: w))
            }
        }
        return out
    }

    /// A telephone number of 7 digits or more: as its digit groups, as one run of digits,
    /// and (for 11 digits or more) its last 10 digits, which drop a country code.
    public static func phoneNeedles(_ value: String, source: String) -> [Needle] {
        let groups = Tokens.words(value).filter { $0.allSatisfy(\.isNumber) }
        let digits = groups.joined()
        guard digits.count >= 7 else { return [] }
        var out = [Needle(kind: .phone, source: source, value: value, words: [digits])]
        if groups.count > 1 { out.append(Needle(kind: .phone, source: source, value: value, words: groups)) }
        if digits.count >= 11 {
            let last = String(digits.suffix(10))
            out.append(Needle(kind: .phone, source: source, value: value, words: [last]))
            out.append(
                Needle(
                    kind: .phone, source: source, value: value,
                    words: [String(last.prefix(3)), String(last.dropFirst(3).prefix(3)), String(last.suffix(4))]))
        }
        return out
    }

    /// A UID that names an instance (not a class, syntax or scheme, nor a well-known UID).
    static func uidNeedle(_ value: String, tag: Tag, source: String) -> Needle? {
        let u = value.trimmingUIDPadding()
        guard u.count >= 6, u.contains("."), !nonInstanceUIDTags.contains(tag.rawValue),
            !source.hasSuffix("ClassUID"), !UIDRegistry.isWellKnown(u),
            u.allSatisfy({ $0 == "." || $0.isASCII && $0.isNumber })
        else { return nil }
        return Needle(kind: .uid, source: source, value: u, uid: u)
    }

    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"
    ]

    /// A DA value (YYYYMMDD) as the word sequences of its common written forms:
    /// 20240307, 2024-03-07, 03/07/2024, 07.03.2024, 3/7/2024, March 7, 2024, 7 Mar 2024, ...
    public static func dateNeedles(_ value: String, source: String) -> [Needle] {
        let d = Array(value.utf8)
        guard d.count == 8, d.allSatisfy(Tokens.isDigit),
            let y = Int(String(value.prefix(4))), let m = Int(String(value.dropFirst(4).prefix(2))),
            let day = Int(String(value.suffix(2))),
            (1800...2200).contains(y), (1...12).contains(m), (1...31).contains(day)
        else { return [] }
        let yyyy = String(value.prefix(4))
        let mm = String(value.dropFirst(4).prefix(2)), dd = String(value.suffix(2))
        let m1 = String(m), d1 = String(day)
        let month = monthNames[m - 1], mon = String(month.prefix(3))
        var forms: [[String]] = [
            [value], [yyyy, mm, dd], [mm, dd, yyyy], [dd, mm, yyyy],
            [month, d1, yyyy], [d1, month, yyyy], [mon, d1, yyyy], [d1, mon, yyyy],
            [dd, mon, yyyy], [mon, dd, yyyy]
        ]
        if m1 != mm || d1 != dd { forms += [[m1, d1, yyyy], [d1, m1, yyyy], [yyyy, m1, d1]] }
        var seen = Set<[String]>()
        return forms.filter { seen.insert($0).inserted }
            .map { Needle(kind: .date, source: source, value: value, words: $0) }
    }
}

extension String {
    /// A UI value without its NUL or space padding.
    func trimmingUIDPadding() -> String {
        var u = Substring(self)
        while let l = u.last, l == "\0" || l == " " { u.removeLast() }
        while let f = u.first, f == " " { u.removeFirst() }
        return String(u)
    }
}
