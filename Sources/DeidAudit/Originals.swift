import DICOMDeid
import DICOMPart10

/// The identifying values of all original files, ready for matching.
///
/// Output files are renamed and their UIDs replaced, so an output cannot in general be
/// paired with its original: names, IDs, UIDs, addresses, phones and institutions of every
/// original are searched for in every output. Dates are searched for only in the output
/// made from the same original when the pairing is known (through a UID mapping, or the
/// record's source in a stream), since a shifted date of one patient may equal a real date
/// of another; without pairing they are searched for everywhere too.
public struct Originals: Sendable {
    /// Searched for in every output.
    public private(set) var global = NeedleIndex()
    /// File-scoped values by original SOP Instance UID.
    public private(set) var bySOP: [String: NeedleIndex] = [:]
    /// File-scoped values by original path (pairing by a stream record's source).
    public private(set) var byPath: [String: NeedleIndex] = [:]
    /// Whether outputs can be paired; when false, file-scoped values join the global set.
    public let paired: Bool
    /// Words the operator declared not identifying (`--allow`): values made only of them
    /// are not searched for.
    public let allowed: Set<String>
    public private(set) var files = 0
    /// Words some original uses as a coded term, device or vendor name, or private creator.
    public private(set) var terms = Set<String>()

    /// A name part or institution made only of such words names nobody: not reported.
    public func isTerm(_ n: Needle) -> Bool {
        switch n.kind {
        case .name: return n.words.allSatisfy(terms.contains)
        case .institution: return n.words.allSatisfy(terms.contains)
        default: return false
        }
    }

    public init(paired: Bool, allowed: Set<String> = []) {
        self.paired = paired
        self.allowed = Set(allowed.flatMap { Tokens.words($0) })
    }

    /// Adds the values of one original file read from `path`.
    public mutating func add(_ file: DICOMFile, path: String) {
        var v = IdentifyingValues.collect(from: file)
        if !allowed.isEmpty {
            let keep: (Needle) -> Bool = { n in n.uid != nil || !n.words.allSatisfy(self.allowed.contains) }
            v.global = v.global.filter(keep); v.local = v.local.filter(keep)
        }
        files += 1
        terms.formUnion(v.terms)
        global.add(contentsOf: v.global)
        if !paired { global.add(contentsOf: v.local); return }
        var local = NeedleIndex(v.local)
        local.own = v.own
        if let sop = v.sopInstanceUID, !sop.isEmpty {
            if var existing = bySOP[sop] { existing.add(contentsOf: v.local); bySOP[sop] = existing } else { bySOP[sop] = local }
        }
        byPath[path] = local
    }

    /// Adds values handed down a stream (`deid.phi`) as global values.
    public mutating func add(phi: [PHIKind: [String]]) {
        global.add(contentsOf: IdentifyingValues.needles(fromPHI: phi))
    }

    /// How many values of each kind are searched for (global ones).
    public var counts: [ValueKind: Int] {
        var c: [ValueKind: Int] = [:]
        for n in global.needles where !isTerm(n) { c[n.kind, default: 0] += 1 }
        for idx in bySOP.values { for n in idx.needles { c[n.kind, default: 0] += 1 } }
        return c
    }
}
