import DICOMDeid

/// A quick test of whether a value may contain one of the record's known identifying values:
/// the words (letters and digits, at least three) of every known value, lower-cased. Text
/// that shares no word with them cannot contain them, so only text that does goes through
/// the free-text cleaner, which decides what to cut.
struct KnownPHIIndex {
    private var words = Set<[UInt8]>()
    /// Whole values whose words are too short to index (e.g. a two-letter surname).
    private var minimumLength = 3

    init(_ phi: [PHIKind: [String]]) {
        for (kind, values) in phi {
            for v in values {
                for w in KnownPHIIndex.words(Array(v.utf8)) where w.count >= minimumLength {
                    // Common address and institution words would send every description to
                    // the cleaner without finding anything; the cleaner sees the whole values.
                    if kind == .address || kind == .institution, KnownPHIIndex.generic.contains(w) { continue }
                    words.insert(w)
                }
            }
        }
    }

    var isEmpty: Bool { words.isEmpty }

    /// Whether `bytes` (text in an ASCII-compatible encoding) shares a word with a known value.
    func mayContain(_ bytes: [UInt8]) -> Bool {
        if words.isEmpty { return false }
        var found = false
        KnownPHIIndex.forEachWord(bytes) { w in
            if w.count >= minimumLength, words.contains(w) { found = true; return false }
            return true
        }
        return found
    }

    static func words(_ bytes: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        forEachWord(bytes) {
            out.append($0); return true
        }
        return out
    }

    /// Calls `body` with each run of ASCII letters and digits (lower-cased) and each run of
    /// non-ASCII bytes; stops when `body` returns false.
    static func forEachWord(_ bytes: [UInt8], _ body: ([UInt8]) -> Bool) {
        var cur: [UInt8] = []
        cur.reserveCapacity(32)
        for b in bytes {
            let isWordByte = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80
            if isWordByte {
                cur.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            } else if !cur.isEmpty {
                if !body(cur) { return }
                cur.removeAll(keepingCapacity: true)
            }
        }
        if !cur.isEmpty { _ = body(cur) }
    }

    static let generic: Set<[UInt8]> = Set(
        [
            "apt", "suite", "street", "road", "avenue", "north", "south", "east", "west", "new", "port",
            "lake", "mount", "fort", "saint", "the", "and", "hospital", "medical", "center", "centre",
            "clinic", "community", "regional", "general", "university", "health", "memorial", "institute",
            "imaging", "radiology", "department", "county", "city", "care", "unit", "box"
        ].map { Array($0.utf8) })
}
