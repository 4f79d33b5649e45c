import DICOMCore
import DICOMObject
import DICOMPart10

/// Searches outputs for the identifying values of the originals.
public struct LeakScanner: Sendable {
    public var originals: Originals
    /// Kinds not reported (`--ignore`).
    public var ignored: Set<ValueKind>

    public init(originals: Originals, ignored: Set<ValueKind> = []) {
        self.originals = originals; self.ignored = ignored
    }

    /// The file-scoped values for an output whose original is known by SOP Instance UID
    /// (mapped back through `uidMap`, new to old) or by path.
    public func local(outputSOP: String?, uidMap: [String: String] = [:], originalPath: String? = nil) -> NeedleIndex? {
        if let p = originalPath, let idx = originals.byPath[p] { return idx }
        guard let sop = outputSOP else { return nil }
        if let old = uidMap[sop], let idx = originals.bySOP[old] { return idx }
        // UIDs left unchanged: the output's own SOP Instance UID is the original's.
        return originals.bySOP[sop]
    }

    /// Every leak in an output file's meta group and data set.
    public func scan(_ file: DICOMFile, output: String, local: NeedleIndex? = nil) -> [Leak] {
        var leaks: [Leak] = []
        var seen = Set<String>()
        func visit(_ t: FoundText) {
            let kw = t.tag.isPrivate ? "private" : (DataDictionary.entry(for: t.tag)?.keyword ?? t.tag.hex)
            let origin: Leak.Origin = t.fromBinary ? .binary : .text
            report(
                text: t.text, output: output, path: t.path, keyword: kw, origin: origin,
                local: local, seen: &seen, into: &leaks)
        }
        try? TextWalker.visit(file.meta, visit)
        try? TextWalker.visit(file.dataset, charset: file.dataset.declaredCharacterSet ?? .defaultRepertoire, visit)
        return leaks
    }

    /// Leaks in text recognized in an output's pixels.
    public func scan(ocrText: String, output: String, local: NeedleIndex? = nil) -> [Leak] {
        var leaks: [Leak] = []
        var seen = Set<String>()
        report(
            text: ocrText, output: output, path: Tag.pixelData.hex, keyword: "PixelData", origin: .ocr,
            local: local, seen: &seen, into: &leaks)
        return leaks
    }

    func report(
        text: String, output: String, path: String, keyword: String, origin: Leak.Origin,
        local: NeedleIndex?, seen: inout Set<String>, into leaks: inout [Leak]
    ) {
        let words = Tokens.words(text)
        let dotted = Tokens.dottedNumbers(text)
        for index in [originals.global, local ?? NeedleIndex()] where !index.isEmpty {
            for i in index.matches(words: words, dotted: dotted, ignoring: ignored) {
                let n = index.needles[i]
                if originals.isTerm(n) { continue }
                // A one-word name part of someone else that this output's original used itself
                // in text naming nobody (a segment label "GREEN", a surname elsewhere).
                if n.kind == .name, n.words.count == 1, local?.own?.isCoincidence(n.words[0]) == true { continue }
                // Short words turn up by chance among the printable bytes of binary values.
                if origin == .binary, n.kind == .name, n.words.joined().count < 4 { continue }
                // One report per value and place, however many written forms matched.
                guard seen.insert(path + "\u{0}" + n.kind.rawValue + "\u{0}" + n.value).inserted else { continue }
                leaks.append(
                    Leak(
                        output: output, path: path, keyword: keyword, kind: n.kind,
                        source: n.source, origin: origin, value: n.value))
            }
        }
    }
}
