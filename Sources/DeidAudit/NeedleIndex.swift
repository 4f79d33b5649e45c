/// A set of needles indexed for matching against the words of a text: by first word, by
/// UID, plus a short list of substring needles (names in scripts without spaces).
public struct NeedleIndex: Sendable {
    public private(set) var needles: [Needle] = []
    var positions: [Needle: Int] = [:]
    var byFirstWord: [String: [Int]] = [:]
    var byUID: [String: Int] = [:]
    var substrings: [Int] = []
    /// Single-word date needles (YYYYMMDD), also found as the start of a longer run of digits (DT).
    var dateWords: [String: Int] = [:]
    /// For the index of one original's file-scoped values: that file's own words, which tell
    /// a coincidence from a leak (`IdentifyingValues.OwnWords`).
    public var own: IdentifyingValues.OwnWords?

    public init(_ needles: [Needle] = []) { for n in needles { add(n) } }

    public var count: Int { needles.count }
    public var isEmpty: Bool { needles.isEmpty }

    /// Adds a needle unless an equal one (same kind and words, or same UID) is present.
    public mutating func add(_ n: Needle) {
        guard positions[n] == nil else { return }
        let i = needles.count
        needles.append(n); positions[n] = i
        if let u = n.uid { byUID[u] = i; return }
        if n.substring { substrings.append(i); return }
        guard let first = n.words.first else { return }
        byFirstWord[first, default: []].append(i)
        if n.kind == .date, n.words.count == 1, first.count == 8 { dateWords[first] = i }
    }

    public mutating func add(contentsOf other: [Needle]) { for n in other { add(n) } }

    /// Indices of needles found in `text`, each once, in order of first occurrence.
    public func matches(in text: String, ignoring ignored: Set<ValueKind> = []) -> [Int] {
        matches(words: Tokens.words(text), dotted: byUID.isEmpty ? [] : Tokens.dottedNumbers(text), ignoring: ignored)
    }

    /// Indices of needles found in a word sequence and a list of dotted numbers.
    public func matches(words: [String], dotted: [String], ignoring ignored: Set<ValueKind> = []) -> [Int] {
        var found: [Int] = []
        var seen = Set<Int>()
        func hit(_ i: Int) {
            if !ignored.contains(needles[i].kind), seen.insert(i).inserted { found.append(i) }
        }
        for d in dotted { if let i = byUID[d] { hit(i) } }
        for (p, w) in words.enumerated() {
            if let cands = byFirstWord[w] {
                for i in cands {
                    let nw = needles[i].words
                    guard p + nw.count <= words.count else { continue }
                    var ok = true
                    var k = 1
                    while k < nw.count { if words[p + k] != nw[k] { ok = false; break }; k += 1 }
                    if ok { hit(i) }
                }
            }
            // A date at the start of a DT value or a longer timestamp: 20240307101500.
            if !dateWords.isEmpty, w.utf8.count > 8, w.utf8.count <= 21,
                w.utf8.allSatisfy(Tokens.isDigit), let i = dateWords[String(w.prefix(8))]
            {
                hit(i)
            }
            if !substrings.isEmpty, Tokens.isUnspaced(w) {
                for i in substrings where w.contains(needles[i].words[0]) { hit(i) }
            }
        }
        return found
    }
}
