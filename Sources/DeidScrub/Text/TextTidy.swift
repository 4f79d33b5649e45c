import DICOMDeid
/// Rebuilds the text around the cuts: label words left pointing at nothing ("for", "MRN",
/// "call", "Lives at") go with the cut, empty brackets and dangling separators go, and the
/// kept pieces are joined with single spaces. Text away from the cuts is left byte for byte.
enum TextTidy {
    static func hashes(_ words: String) -> Set<UInt64> {
        Set(words.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { TextWordHasher.hash(String($0)) })
    }

    static let generic = hashes("for per re")
    static let nameLabels = hashes("by cc attn pt pat")
    static let contactLabels: Set<UInt64> = {
        var s = hashes("at email mail mailto url web website via e address number num no nr age aged social security")
        s.formUnion(hashes(CueVocabulary.idCues))
        s.formUnion(hashes(CueVocabulary.phoneCues))
        return s
    }()
    static let dateLabels = hashes("on dated dob born birth date since")
    static let addressLabels = hashes("at lives living live resides residing reside located address addr home in")
    static let institutionLabels = hashes("at from in")
    static let trailingStops = hashes("with for by at on of to from and or per via in")

    static func labels(for kind: UInt8) -> Set<UInt64> {
        switch TextCutKind(rawValue: kind) ?? .known {
        case .name: return nameLabels
        case .id, .phone, .contact: return contactLabels
        case .date: return dateLabels
        case .address: return addressLabels
        case .institution: return institutionLabels
        default: return []
        }
    }

    /// Extends each cut over the label words just before it.
    static func absorbLabels(_ scan: inout TextScan) {
        var p = 0
        let n = scan.bytes.count
        while p < n {
            guard scan.mask[p] != 0 else { p += 1; continue }
            let kind = scan.mask[p]
            var start = p
            var rounds = 0
            while rounds < 3, let k = scan.atomEnding(before: start), scan[k].end <= start {
                let a = scan[k]
                guard scan.mask[a.start] == 0, a.digits == 0 else { break }
                // A word glued to the one before ("w/o", "T2-on") is no label.
                if a.start > 0 {
                    let c = scan.bytes[a.start - 1]
                    if c == 0x2F || c == 0x2D || c == 0x27 || c == 0x5F || c == 0x5E { break }
                }
                // Only spaces and label punctuation between the word and the cut.
                var ok = start - a.end <= 3
                if ok {
                    for q in a.end..<start {
                        let c = scan.bytes[q]
                        if !(c == 0x20 || c == 0x3A || c == 0x23 || c == 0x3D || c == 0x2D || (c == 0x2E && a.letters <= 4)) {
                            ok = false
                            break
                        }
                    }
                }
                guard ok, generic.contains(a.hash) || labels(for: kind).contains(a.hash) else { break }
                scan.cut(a.start, start, TextCutKind(rawValue: kind) ?? .known)
                start = a.start
                rounds += 1
                // "Observation and Name for X": nothing before "for" belongs to the cut.
                if generic.contains(a.hash) { break }
            }
            while p < n, scan.mask[p] != 0 { p += 1 }
        }
    }

    @inline(__always) static func isOpener(_ c: UInt8) -> Bool { c == 0x28 || c == 0x5B || c == 0x7B || c == 0x3C }

    @inline(__always) static func closer(of c: UInt8) -> UInt8 {
        switch c {
        case 0x28: return 0x29
        case 0x5B: return 0x5D
        case 0x7B: return 0x7D
        default: return 0x3E
        }
    }

    /// Always dangling next to a cut.
    @inline(__always) static func isLooseSeparator(_ c: UInt8) -> Bool {
        c == 0x2C || c == 0x3B || c == 0x3A || c == 0x26 || c == 0x2B || c == 0x23 || c == 0x3D
    }

    /// Dangling when set off by a space or touching the cut.
    @inline(__always) static func isJoiningSeparator(_ c: UInt8) -> Bool {
        c == 0x2D || c == 0x2F || c == 0x5E || c == 0x5C || c == 0x7C || c == 0x5F || c == 0x2E
    }

    @inline(__always) static func isClosingPunct(_ c: UInt8) -> Bool {
        c == 0x2C || c == 0x2E || c == 0x3B || c == 0x3A || c == 0x29 || c == 0x5D || c == 0x7D || c == 0x21 || c == 0x3F
    }

    static func render(_ scanIn: TextScan) -> String {
        var scan = scanIn
        absorbLabels(&scan)
        let b = scan.bytes
        let n = b.count
        // Kept pieces between cuts.
        var pieces: [ArraySlice<UInt8>] = []
        var p = 0
        var s = 0
        while p < n {
            if scan.mask[p] != 0 {
                pieces.append(b[s..<p])
                while p < n, scan.mask[p] != 0 { p += 1 }
                s = p
            } else {
                p += 1
            }
        }
        pieces.append(b[s..<n])

        var out: [UInt8] = []
        out.reserveCapacity(n)
        out.append(contentsOf: pieces[0])
        for k in 1..<pieces.count {
            var r = pieces[k]
            let atEnd = k == pieces.count - 1
            // Glue between two cuts (only spaces/separators) goes with them.
            if !atEnd, r.allSatisfy({ TextBytes.isSpace($0) || isLooseSeparator($0) || isJoiningSeparator($0) || isOpener($0) }) {
                if let o = r.first(where: isOpener) {
                    if r.first.map(TextBytes.isSpace) == true || out.last.map(TextBytes.isSpace) == true { out.append(0x20) }
                    out.append(o)
                }
                continue
            }
            join(&out, &r, atEnd: atEnd)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Joins kept piece `r` after a cut to the output so far.
    static func join(_ out: inout [UInt8], _ r: inout ArraySlice<UInt8>, atEnd: Bool) {
        var leftSpace = out.last.map(TextBytes.isSpace) ?? false
        var lineBreak: [UInt8] = []
        while let c = out.last, TextBytes.isSpace(c) {
            if c == 0x0A || c == 0x0D { lineBreak.insert(c, at: 0) }
            out.removeLast()
        }
        var rightSpace = r.first.map(TextBytes.isSpace) ?? false
        var rightBreak: [UInt8] = []
        while let c = r.first, TextBytes.isSpace(c) {
            if c == 0x0A || c == 0x0D { rightBreak.append(c) }
            r.removeFirst()
        }
        // Lines stay lines: a cut never joins two lines of a report.
        if lineBreak.count < rightBreak.count { lineBreak = rightBreak }
        let rEmpty = r.isEmpty || (atEnd && r.allSatisfy { $0 == 0x2E || TextBytes.isSpace($0) })

        // Empty brackets left by the cut: "(MRN 123)".
        while let o = out.last, isOpener(o), let c = r.first, c == closer(of: o) {
            out.removeLast()
            r.removeFirst()
            while let x = out.last, TextBytes.isSpace(x) { out.removeLast(); leftSpace = true }
            while let x = r.first, TextBytes.isSpace(x) { r.removeFirst(); rightSpace = true }
        }
        // An opener with nothing after it.
        if let o = out.last, isOpener(o), r.isEmpty || rEmpty {
            out.removeLast()
            while let x = out.last, TextBytes.isSpace(x) { out.removeLast(); leftSpace = true }
        }
        // Dangling separators at the end of the left part.
        var touching = !leftSpace
        while let c = out.last {
            let followedByPunct = r.first.map { isClosingPunct($0) || isLooseSeparator($0) } ?? true
            let loose = isLooseSeparator(c) && (rEmpty || followedByPunct || out.count == 1)
            let spaced = out.count >= 2 && TextBytes.isSpace(out[out.count - 2])
            let joining = isJoiningSeparator(c) && c != 0x2E && (touching || spaced) && (rEmpty || followedByPunct || spaced)
            guard loose || joining else { break }
            out.removeLast()
            while let x = out.last, TextBytes.isSpace(x) { out.removeLast() }
            touching = false
        }
        // Left hanging function word at the end of a sentence: "Reviewed with".
        if rEmpty || r.first.map({ $0 == 0x2E || $0 == 0x3B }) == true {
            var q = out.count
            while q > 0, TextBytes.isLetter(out[q - 1]) { q -= 1 }
            if q < out.count, q == 0 || TextBytes.isSpace(out[q - 1]),
                trailingStops.contains(TextWordHasher.hash(out[q...]))
            {
                out.removeSubrange(q...)
                while let x = out.last, TextBytes.isSpace(x) || isLooseSeparator(x) { out.removeLast() }
            }
        }
        // Dangling separators at the start of the right part.
        if out.isEmpty || out.last.map({ isLooseSeparator($0) || isOpener($0) }) == true {
            while let c = r.first, isLooseSeparator(c) || (isJoiningSeparator(c) && c != 0x2E) || (c == 0x2E && out.isEmpty) {
                r.removeFirst()
                while let x = r.first, TextBytes.isSpace(x) { r.removeFirst() }
            }
        }
        if atEnd && rEmpty {
            // Keep a final full stop when the text had one.
            if r.first == 0x2E, let l = out.last, l != 0x2E { out.append(0x2E) }
            return
        }
        guard !r.isEmpty else { return }
        // A cut sentence leaves one full stop, not two ("5 mm. Pt Smith. Dual" -> "5 mm. Dual").
        if out.last == 0x2E, r.first == 0x2E {
            r.removeFirst()
            while let x = r.first, TextBytes.isSpace(x) { r.removeFirst(); rightSpace = true }
        }
        guard !r.isEmpty else { return }
        if !out.isEmpty {
            let tight = r.first.map(isClosingPunct) == true || (out.last.map(isOpener) == true)
            if !lineBreak.isEmpty {
                out.append(contentsOf: lineBreak)
            } else if !tight && (leftSpace || rightSpace) {
                out.append(0x20)
            }
        }
        out.append(contentsOf: r)
    }
}
