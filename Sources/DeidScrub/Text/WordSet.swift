import DICOMDeid
/// A case-insensitive set of words, stored as 64-bit hashes of their folded bytes so lookups
/// need no string allocation (collisions among a few hundred thousand words are negligible).
struct TextWordSet: Sendable {
    private var hashes: Set<UInt64>

    init() { hashes = [] }

    /// Words separated by spaces or newlines.
    init(words: String) {
        hashes = []
        hashes.reserveCapacity(words.utf8.count / 6)
        var h = TextWordHasher()
        var any = false
        for b in words.utf8 {
            if b == 0x20 || b == 0x0A || b == 0x09 {
                if any { hashes.insert(h.value) }
                h = TextWordHasher()
                any = false
            } else {
                h.add(b)
                any = true
            }
        }
        if any { hashes.insert(h.value) }
    }

    init<S: Sequence>(_ words: S) where S.Element == String {
        hashes = Set(words.map { TextWordHasher.hash($0) })
    }

    @inline(__always) func contains(_ hash: UInt64) -> Bool { hashes.contains(hash) }

    func contains(_ word: String) -> Bool { hashes.contains(TextWordHasher.hash(word)) }

    mutating func formUnion(_ other: TextWordSet) { hashes.formUnion(other.hashes) }

    mutating func insert(_ word: String) { hashes.insert(TextWordHasher.hash(word)) }

    var count: Int { hashes.count }
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
