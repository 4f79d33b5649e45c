import DICOMDeid
/// A case-insensitive set of words, stored as 64-bit hashes of their folded bytes so lookups
/// need no string allocation (collisions among a few hundred thousand words are negligible).
struct TextWordSet: Sendable {
    // An open-addressing table of the words' hashes (linear probing, at most half full):
    // the hashes are already well mixed, so building the 90,000 surnames at start-up and
    // each lookup cost a fraction of what `Set<UInt64>` (which hashes them again) costs.
    // Slot value 0 means empty; a word hashing to 0 is kept in `hasZero`.
    private var slots: [UInt64]
    private var hasZero = false
    /// Number of distinct hashes held.
    private(set) var count = 0

    init() { slots = [] }

    /// Words separated by spaces or newlines.
    init(words: String) {
        slots = []
        var text = words
        text.makeContiguousUTF8()
        reserve(text.utf8.count / 6)
        // Through a pointer: iterating the 700 kB of the surname list as a String.UTF8View
        // cost most of dcm-scrub's start-up.
        text.utf8.withContiguousStorageIfAvailable { p in
            var h = TextWordHasher()
            var any = false
            for b in p {
                if b == 0x20 || b == 0x0A || b == 0x09 {
                    if any { insert(hash: h.value) }
                    h = TextWordHasher()
                    any = false
                } else {
                    h.add(b)
                    any = true
                }
            }
            if any { insert(hash: h.value) }
        }
    }

    init<S: Sequence>(_ words: S) where S.Element == String {
        slots = []
        for w in words { insert(hash: TextWordHasher.hash(w)) }
    }

    @inline(__always) static func start(_ hash: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inline(__always) func contains(_ hash: UInt64) -> Bool {
        if hash == 0 { return hasZero }
        return slots.withUnsafeBufferPointer { p in
            guard p.count > 0 else { return false }
            let mask = p.count - 1
            var i = TextWordSet.start(hash, mask)
            while true {
                let v = p[i]
                if v == hash { return true }
                if v == 0 { return false }
                i = (i + 1) & mask
            }
        }
    }

    func contains(_ word: String) -> Bool { contains(TextWordHasher.hash(word)) }

    mutating func formUnion(_ other: TextWordSet) {
        if other.hasZero { insert(hash: 0) }
        reserve(count + other.count)
        for h in other.slots where h != 0 { insert(hash: h) }
    }

    mutating func insert(_ word: String) { insert(hash: TextWordHasher.hash(word)) }

    mutating func insert(hash: UInt64) {
        if hash == 0 {
            if !hasZero { hasZero = true; count += 1 }
            return
        }
        if (count + 1) * 2 > slots.count { reserve(count + 1) }
        let inserted = slots.withUnsafeMutableBufferPointer { p in TextWordSet.place(hash, in: p) }
        if inserted { count += 1 }
    }

    /// Puts `hash` (not 0) in the table `p`; false when it was there.
    @inline(__always) static func place(_ hash: UInt64, in p: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        let mask = p.count - 1
        var i = start(hash, mask)
        while true {
            let v = p[i]
            if v == hash { return false }
            if v == 0 { p[i] = hash; return true }
            i = (i + 1) & mask
        }
    }

    /// Makes room for `n` hashes at most half filling the table.
    mutating func reserve(_ n: Int) {
        var size = max(16, slots.count)
        while size < 2 * n { size <<= 1 }
        guard size > slots.count else { return }
        var bigger = [UInt64](repeating: 0, count: size)
        bigger.withUnsafeMutableBufferPointer { p in
            for h in slots where h != 0 { _ = TextWordSet.place(h, in: p) }
        }
        slots = bigger
    }
}

/// The built-in word lists, parsed once per process.
enum TextLexicon {
    /// Census given names.
    static let firstNames = TextWordSet(words: NameLists.firstNames)
    /// The most frequent census given names.
    static let frequentFirstNames = TextWordSet(words: NameLists.frequentFirstNames)
    /// Census surnames.
    static let lastNames = TextWordSet(words: NameLists.lastNames)
    /// Names that are also ordinary English words ("mark", "young").
    static let commonWords = TextWordSet(words: NameLists.commonWords)
    /// Frequent given names that are also ordinary words ("rose", "mark").
    static let frequentWordNames = TextWordSet(words: NameLists.frequentWordNames)
    /// Clinical vocabulary that no name rule may cut.
    static let clinical = TextWordSet(words: ClinicalVocabulary.words)
    /// English function words (the scorer's stop words and a few more): never names.
    static let stopWords = TextWordSet(words: CueVocabulary.stopWords)
    /// Name particles and suffixes ("van", "de", "jr") that only count inside a whole name.
    static let nameParticles = TextWordSet(words: CueVocabulary.nameParticles)
    /// Words after which a proper name is expected (titles, "patient:", "ordered by").
    static let strongNameCues = TextWordSet(words: CueVocabulary.strongNameCues)
    /// Words after which a "First Last" pair from the name lists is a name.
    static let weakNameCues = TextWordSet(words: CueVocabulary.weakNameCues)
    /// Role words after which a name goes whatever its words ("tech", "re", "cc", "per").
    static let roleCues = TextWordSet(words: CueVocabulary.roleCues)
    /// Verbs that make a following "with" a role cue ("discussed with").
    static let withVerbs = TextWordSet(words: CueVocabulary.withVerbs)
    /// Verbs that make a following "by" a strong name cue ("read by", "signed by").
    static let byVerbs = TextWordSet(words: CueVocabulary.byVerbs)
    /// Labels after which the next token with digits is an identifier.
    static let idCues = TextWordSet(words: CueVocabulary.idCues)
    /// Labels that announce a phone number.
    static let phoneCues = TextWordSet(words: CueVocabulary.phoneCues)
    /// Label words that never start a name (MRN, SSN, DOB ...).
    static let labels = TextWordSet(words: CueVocabulary.labels)
    /// USPS street suffixes and their abbreviations.
    static let streetSuffixes = TextWordSet(words: CueVocabulary.streetSuffixes)
    /// Unit designators inside an address (Apt, Suite ...).
    static let addressUnits = TextWordSet(words: CueVocabulary.addressUnits)
    /// USPS state and territory codes.
    static let stateCodes = TextWordSet(words: CueVocabulary.stateCodes)
    /// Full state names (single words; two-word names are checked as pairs).
    static let stateNames = TextWordSet(words: CueVocabulary.stateNames)
    /// Words that end an institution name (Hospital, Clinic ...).
    static let institutionHeads = TextWordSet(words: CueVocabulary.institutionHeads)
    /// Words that end an institution name only after a descriptor ("Medical Center").
    static let institutionTails = TextWordSet(words: CueVocabulary.institutionTails)
    /// Descriptors that may sit inside an institution name although clinical ("Heart", "Cancer").
    static let institutionWords = TextWordSet(words: CueVocabulary.institutionWords)
    /// Titles and suffixes that go with a cut name (MD, PhD, Jr).
    static let nameSuffixes = TextWordSet(words: CueVocabulary.nameSuffixes)
}
