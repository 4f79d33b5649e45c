import DICOMDeid
import Synchronization

/// What each known value adds to a `KnownPHI` (with the clinical vocabulary protected),
/// worked out once: a record's values are mostly those of the records before it (the same
/// patient, study, institution), and what a value adds depends on nothing else. At most
/// `maxParts` values are kept (some hundreds of bytes each): when full, the memo starts over
/// with the values of the records that follow.
final class KnownPHIParts: Sendable {
    private struct Key: Hashable {
        var kind: PHIKind
        var value: String
    }
    private let parts = Mutex<[Key: KnownPHI]>([:])
    static let maxParts = 4096

    func part(_ value: String, kind: PHIKind) -> KnownPHI {
        let key = Key(kind: kind, value: value)
        if let hit = parts.withLock({ $0[key] }) { return hit }
        let made = KnownPHI.part(value, kind: kind, protected: TextLexicon.clinical)
        parts.withLock {
            if $0.count >= KnownPHIParts.maxParts { $0.removeAll(keepingCapacity: true) }
            $0[key] = made
        }
        return made
    }
}

/// Identifying values already known for the instance (from its header), searched for in free
/// text. Built once per instance and reused for every value cleaned.
public struct KnownPHI: Sendable {
    /// A sequence of atoms to find, separated in the text by short runs of punctuation/space.
    struct Phrase: Sendable {
        var atoms: [UInt64]
        var kind: TextCutKind
        /// Only cut capitalised occurrences (names), unless the text has no capitals at all.
        var capitalizedOnly: Bool
        /// Digit phrase: a leading "(" or "+" goes with it.
        var numeric: Bool
        /// A name part that is also an ordinary or clinical word ("Hill", "Rose", "Sharp"):
        /// cut only in name context (NameContext).
        var contextual: Bool = false
        /// A frequent given name that is also a word ("Rose", "Mark"): a name first, so a
        /// capital in the middle of a sentence makes it one too ("at Mark's request").
        var nameFirst: Bool = false
    }

    private(set) var phrases: [Phrase] = []
    /// Phrase indices by the hash of their first atom.
    private(set) var byFirstAtom: [UInt64: [Int]] = [:]
    /// Known dates as year * 10000 + month * 100 + day.
    private(set) var dates: Set<Int> = []
    /// Hashes of the digits of known IDs and phone numbers (six or more), found in text however
    /// the digits are grouped ("123-4567" for "PAT1234567", "555 867 5309").
    private(set) var digitRuns: Set<UInt64> = []
    /// Hashes of the single-word parts of known names, and their first letters (lower case):
    /// what makes name context for a part that is also an ordinary word.
    private(set) var nameParts: Set<UInt64> = []
    private(set) var nameInitials: Set<UInt8> = []

    public static let none = KnownPHI(values: [:])

    /// Values by kind, as in DeidState.phi.
    public init(values: [PHIKind: [String]]) {
        self.init(values: values, protected: TextLexicon.clinical)
    }

    init(values: [PHIKind: [String]], protected: TextWordSet) {
        // In a fixed order, so that equal inputs give equal phrase tables in every process.
        for kind in values.keys.sorted() {
            for v in values[kind]! { add(v, kind: kind, protected: protected) }
        }
        finish()
    }

    /// As `init(values:)`, taking what each value adds from `parts` (worked out there once
    /// per value): the same tables, in the same order.
    init(values: [PHIKind: [String]], parts: KnownPHIParts) {
        for kind in values.keys.sorted() {
            for v in values[kind]! { merge(parts.part(v, kind: kind)) }
        }
        finish()
    }

    /// What `value` alone adds (before `finish`).
    static func part(_ value: String, kind: PHIKind, protected: TextWordSet) -> KnownPHI {
        var k = KnownPHI()
        k.add(value, kind: kind, protected: protected)
        return k
    }

    private init() {}

    /// Adds what `other` holds after what this holds (the phrases in order).
    private mutating func merge(_ other: KnownPHI) {
        phrases.append(contentsOf: other.phrases)
        dates.formUnion(other.dates)
        digitRuns.formUnion(other.digitRuns)
        nameParts.formUnion(other.nameParts)
        nameInitials.formUnion(other.nameInitials)
    }

    /// A profile's extra words (dcm-profile(5) "text": "words"): cut wherever they stand.
    init(extraWords: [String]) {
        for v in extraWords {
            let value = KnownPHI.trimmed(v)
            if !value.isEmpty {
                phrases.append(Phrase(atoms: KnownPHI.atomHashes(value), kind: .extra, capitalizedOnly: false, numeric: false))
            }
        }
        finish()
    }

    private mutating func finish() {
        phrases.removeAll { $0.atoms.isEmpty }
        for (i, p) in phrases.enumerated() { byFirstAtom[p.atoms[0], default: []].append(i) }
    }

    /// True when nothing is known.
    var isEmpty: Bool { phrases.isEmpty && dates.isEmpty && digitRuns.isEmpty }

    private mutating func add(_ raw: String, kind: PHIKind, protected: TextWordSet) {
        let value = KnownPHI.trimmed(raw)
        guard !value.isEmpty else { return }
        switch kind {
        case .name:
            addName(value, protected: protected)
        case .date:
            if let d = KnownPHI.parseDate(value) { dates.insert(d) }
            addWhole(value, .date, protected: protected)
        case .phone:
            addNumeric(value, .phone, protected: protected)
        case .id:
            addNumeric(value, .id, protected: protected)
        case .address:
            addWhole(value, .address, protected: protected)
            // Each line or comma-separated part of an address on its own.
            for part in value.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "^" || $0 == "\r" }) {
                let atoms = KnownPHI.atomHashes(String(part))
                if atoms.count >= 2 || (atoms.count == 1 && part.count >= 5) {
                    addWhole(String(part), .address, protected: protected)
                }
            }
        case .institution:
            addWhole(value, .institution, protected: protected)
            // Its distinctive words on their own ("Taylor" of "Taylor Medical Center").
            let scan = TextScan(Array(value.utf8))
            for i in 0..<scan.count {
                let a = scan[i]
                let h = a.hash
                if a.isAlpha, a.letters >= 3, !protected.contains(h), !TextLexicon.stopWords.contains(h),
                    !TextLexicon.institutionWords.contains(h), !TextLexicon.institutionHeads.contains(h),
                    !TextLexicon.institutionTails.contains(h), !TextLexicon.nameParticles.contains(h)
                {
                    phrases.append(Phrase(atoms: [h], kind: .institution, capitalizedOnly: true, numeric: false))
                }
            }
        case .other:
            addWhole(value, .known, protected: protected)
        }
    }

    /// A value matched as a whole (its atoms in order).
    private mutating func addWhole(_ value: String, _ kind: TextCutKind, protected: TextWordSet) {
        let scan = TextScan(Array(value.utf8))
        guard scan.count > 0 else { return }
        if scan.count == 1 {
            let a = scan[0]
            // A lone short code or clinical word is not worth a global cut ("1", "CT").
            if a.isNumber ? a.length < 4 : (a.length < 3 || protected.contains(a.hash)) { return }
            if TextLexicon.stopWords.contains(a.hash) { return }
        }
        phrases.append(
            Phrase(
                atoms: (0..<scan.count).map { scan[$0].hash }, kind: kind,
                capitalizedOnly: false, numeric: false))
    }

    /// IDs and phone numbers: as written, and as their digits only (with and without a
    /// leading country code), so "555-96-5489" also finds "555965489" and the reverse.
    private mutating func addNumeric(_ value: String, _ kind: TextCutKind, protected: TextWordSet) {
        let scan = TextScan(Array(value.utf8))
        guard scan.count > 0 else { return }
        var digits: [UInt8] = []
        var other = false
        for i in 0..<scan.count {
            if scan[i].isNumber { digits += scan.bytes[scan[i].start..<scan[i].end] } else { other = true }
        }
        if other || scan.count == 1 {
            addWhole(value, kind, protected: protected)
        }
        if digits.count >= 6 { digitRuns.insert(TextWordHasher.hash(digits)) }
        // The longest digit run of a code with letters ("PAT1234567").
        if other {
            var run: [UInt8] = [], best: [UInt8] = []
            for b in scan.bytes {
                if TextBytes.isDigit(b) { run.append(b) } else { if run.count > best.count { best = run }; run = [] }
            }
            if run.count > best.count { best = run }
            if best.count >= 6 { digitRuns.insert(TextWordHasher.hash(best)) }
        }
        guard !other, digits.count >= 4 else { return }
        var variants: [[UInt8]] = [digits]
        var groups = (0..<scan.count).map { Array(scan.bytes[scan[$0].start..<scan[$0].end]) }
        if digits.count >= 11 {
            for prefix in [[UInt8]("001".utf8), [UInt8]("1".utf8), [UInt8]("00".utf8)]
            where digits.starts(with: prefix) && digits.count - prefix.count >= 10 {
                variants.append(Array(digits.dropFirst(prefix.count)))
                break
            }
            if let g = groups.first, g == [UInt8]("1".utf8) || g == [UInt8]("001".utf8) {
                groups.removeFirst()
            }
        }
        for v in variants {
            phrases.append(Phrase(atoms: [TextWordHasher.hash(v)], kind: kind, capitalizedOnly: false, numeric: true))
        }
        if groups.count >= 2 {
            phrases.append(
                Phrase(
                    atoms: groups.map { TextWordHasher.hash($0) }, kind: kind,
                    capitalizedOnly: false, numeric: true))
        }
    }

    /// A person name: the whole name in both orders, and each part of two or more letters
    /// that is not a clinical word, a stop word or a particle.
    private mutating func addName(_ value: String, protected: TextWordSet) {
        let parts = value.split(whereSeparator: { $0 == "^" || $0 == " " || $0 == "," || $0 == "=" })
            .map(String.init)
        let all = parts.flatMap { KnownPHI.atomHashes($0) }
        // The whole name counts only when some part of it is a name rather than a clinical word.
        let distinctive = all.contains { !protected.contains($0) && !TextLexicon.stopWords.contains($0) && !TextLexicon.nameParticles.contains($0) }
        if all.count >= 2 && distinctive {
            phrases.append(Phrase(atoms: all, kind: .name, capitalizedOnly: true, numeric: false))
            if parts.count >= 2 {
                // Natural order: given names first, family name last.
                let natural = parts.dropFirst().flatMap { KnownPHI.atomHashes($0) } + KnownPHI.atomHashes(parts[0])
                phrases.append(Phrase(atoms: natural, kind: .name, capitalizedOnly: true, numeric: false))
            }
        }
        for part in parts {
            let scan = TextScan(Array(part.utf8))
            guard scan.count > 0 else { continue }
            var pieces: [(hashes: [UInt64], letters: Int, initial: UInt8)] = []
            if scan.count > 1 {
                pieces.append(((0..<scan.count).map { scan[$0].hash }, part.count, 0))
            }
            for i in 0..<scan.count where scan[i].isAlpha {
                pieces.append(([scan[i].hash], scan[i].letters, TextBytes.lower(scan.bytes[scan[i].start])))
            }
            for (hashes, letters, initial) in pieces {
                var contextual = false, nameFirst = false
                if hashes.count == 1 {
                    let h = hashes[0]
                    if letters < 2 || TextLexicon.stopWords.contains(h) || TextLexicon.nameParticles.contains(h) { continue }
                    // A clinical word counts only in a name that is not all clinical words
                    // ("PHANTOM^HEAD" is a label).
                    if protected.contains(h) && !distinctive { continue }
                    nameParts.insert(h)
                    nameInitials.insert(initial)
                    // "Hill", "Rose", "Sharp", "May": the part goes where the text makes it a
                    // name, whatever else the word means, and stays elsewhere ("Hill-Sachs",
                    // "rose bengal", "sharp margins").
                    contextual =
                        protected.contains(h) || TextLexicon.commonWords.contains(h)
                        || TextLexicon.frequentWordNames.contains(h) || DateMatcher.monthTable[h] != nil
                    nameFirst = contextual && TextLexicon.frequentWordNames.contains(h) && !protected.contains(h)
                }
                // Names are written capitalised ("skin mark" is no "Mark"), unless the whole text
                // is lower case.
                phrases.append(
                    Phrase(
                        atoms: hashes, kind: .name, capitalizedOnly: true, numeric: false,
                        contextual: contextual, nameFirst: nameFirst))
            }
        }
    }

    /// `s` without leading/trailing spaces, tabs, line breaks and NULs.
    static func trimmed(_ s: String) -> String {
        var u = Substring(s)
        while let c = u.first, c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\0" { u.removeFirst() }
        while let c = u.last, c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\0" { u.removeLast() }
        return String(u)
    }

    /// Hashes of the atoms of `s`.
    static func atomHashes(_ s: String) -> [UInt64] {
        let scan = TextScan(Array(s.utf8))
        return (0..<scan.count).map { scan[$0].hash }
    }

    /// A DICOM DA/DT value ("20140321", "20140321101500") or any date form the date matcher
    /// reads, as year * 10000 + month * 100 + day.
    static func parseDate(_ value: String) -> Int? {
        let b = Array(value.utf8)
        if b.count >= 8, b[0..<8].allSatisfy(TextBytes.isDigit) {
            var v = 0
            for k in 0..<8 { v = v * 10 + Int(b[k] - 0x30) }
            let y = v / 10000, m = v / 100 % 100, d = v % 100
            if y >= 1800, y <= 2200, m >= 1, m <= 12, d >= 1, d <= 31 { return v }
        }
        var scan = TextScan(b)
        let found = DateMatcher.find(in: &scan, cut: false, known: [])
        return found.first.flatMap { $0.ymd }
    }

    /// Finds every known phrase in `scan` and cuts it.
    func cut(in scan: inout TextScan) {
        if !digitRuns.isEmpty { cutDigitRuns(in: &scan) }
        guard !phrases.isEmpty else { return }
        let n = scan.count
        for i in 0..<n {
            guard let ids = byFirstAtom[scan[i].hash] else { continue }
            for id in ids {
                let p = phrases[id]
                let k = p.atoms.count
                guard i + k <= n else { continue }
                var ok = true
                var j = 1
                while j < k {
                    if scan[i + j].hash != p.atoms[j] || !KnownPHI.joinable(scan, i + j - 1) { ok = false; break }
                    j += 1
                }
                guard ok else { continue }
                if p.capitalizedOnly && !scan.isCapitalized(i) && scan.hasUpper { continue }
                if p.contextual && !(p.nameFirst && NameContext.midSentenceCapital(scan, i))
                    && !NameContext.knownPart(scan, i, parts: nameParts, initials: nameInitials)
                {
                    continue
                }
                // A numeric phrase must not be part of a longer number ("12345" in "123456" is
                // a different atom already; here: "555-1234" inside "1-555-1234-9").
                var start = scan[i].start
                let end = scan[i + k - 1].end
                if p.numeric {
                    if start > 0, scan.bytes[start - 1] == 0x28 || scan.bytes[start - 1] == 0x2B { start -= 1 }
                }
                scan.cut(start, end, p.kind)
                if p.kind == .institution { extendInstitution(&scan, from: i + k - 1) }
            }
        }
    }

    /// A known institution word takes the institution words after it ("Taylor Memorial").
    private func extendInstitution(_ scan: inout TextScan, from last: Int) {
        var e = last
        while e + 1 < scan.count, scan.spaceGap(after: e), scan.isCapitalized(e + 1) {
            let h = scan[e + 1].hash
            guard
                TextLexicon.institutionWords.contains(h) || TextLexicon.institutionHeads.contains(h)
                    || TextLexicon.institutionTails.contains(h)
            else { break }
            e += 1
        }
        if e > last { scan.cut(scan[last].end, scan[e].end, .institution) }
    }

    /// Runs of numbers joined by single '-', '.', '/' or spaces whose digits spell a known ID or
    /// phone number.
    private func cutDigitRuns(in scan: inout TextScan) {
        let n = scan.count
        var i = 0
        while i < n {
            guard scan[i].isNumber else { i += 1; continue }
            var h = TextWordHasher()
            var j = i
            var matched = -1
            var total = 0
            while j < n, scan[j].isNumber, total <= 20 {
                for b in scan.bytes[scan[j].start..<scan[j].end] { h.add(b) }
                total += scan[j].length
                if total >= 6, digitRuns.contains(h.value) { matched = j }
                guard j + 1 < n, scan.gap(after: j, is: "-./ ", lengths: 1...1) || scan.gap(after: j, is: ") ", lengths: 1...2)
                else { break }
                j += 1
            }
            if matched >= 0 {
                // A leading "+", "(" or "+(" goes with the number.
                var start = scan[i].start
                while start > 0, scan.bytes[start - 1] == 0x2B || scan.bytes[start - 1] == 0x28, scan[i].start - start < 2 { start -= 1 }
                scan.cut(start, scan[matched].end, .id)
                i = matched + 1
            } else {
                i += 1
            }
        }
    }

    /// The gap after atom `i` may separate two atoms of one phrase: at most three bytes of
    /// space or punctuation, no line break.
    @inline(__always) static func joinable(_ scan: TextScan, _ i: Int) -> Bool {
        let r = scan.gap(after: i)
        if r.count > 3 { return false }
        for k in r where scan.bytes[k] == 0x0A || scan.bytes[k] == 0x0D || scan.bytes[k] >= 0x80 { return false }
        return true
    }
}
