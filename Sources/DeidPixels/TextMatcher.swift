import DICOMDeid
import DICOMPixels
/// Decides which OCR words identify someone: words matching the record's identifying
/// values (whole values over runs of words, name parts, IDs, dates in any written form)
/// and the identifying patterns the text scrubber uses (dates, long digit runs, phone
/// numbers, values after cue words such as "Name:" or "DOB:", institution names).
/// Clinical labels ("L", "R", "AP", "5 cm", scale marks) match none of these.
public struct TextMatcher: Sendable {
    public var values: IdentifyingValues
    public init(values: IdentifyingValues) { self.values = values }

    static let cues: Set<String> = [
        "NAME", "PATIENT", "PT", "PAT", "DOB", "BIRTH", "BORN", "MRN", "ACC", "ACCESSION",
        "SSN", "PHYSICIAN", "REFERRING", "REF", "OPERATOR", "DOCTOR", "DR", "PID", "ID", "DATE"
    ]
    static let institutionWords: Set<String> = Set<String>([
        "HOSPITAL", "CLINIC", "MEDICAL", "INFIRMARY", "UNIVERSITY", "INSTITUTE",
        "HEALTHCARE", "CENTER", "CENTRE", "IMAGING", "RADIOLOGY", "CLINICS", "HOSP",
        // Other languages' banners.
        "HOPITAL", "HOSPITALIER", "CHU", "KLINIK", "KLINIKUM", "KRANKENHAUS",
        "OSPEDALE", "CLINICA", "CLINIQUE", "HOSPITALARIO", "UNIVERSITE",
        "UNIVERSITAT", "UNIVERSIDAD", "UNIVERSITA", "ZIEKENHUIS", "SJUKHUS"
    ])
    // ... and every word that ends an institution name for the text cleaner.
    .union(CueVocabulary.words(CueVocabulary.institutionHeads).map { TextNorm.compact(String($0)) })
    /// Month names and abbreviations: the text cleaner's (English, German, French, Spanish).
    static let monthTokens: Set<String> = Set(
        DateForms.months + DateForms.monthNames
            + CueVocabulary.months.map { TextNorm.compact($0.0) })

    /// Indices (into `words`) of the words that identify.
    public func identifying(_ words: [OCRWord]) -> Set<Int> {
        var hit = Set<Int>()
        var lines: [Int: [Int]] = [:]
        for (i, w) in words.enumerated() { lines[w.line, default: []].append(i) }
        for (_, idx) in lines {
            let sorted = idx.sorted { words[$0].box.x < words[$1].box.x }
            for k in lineHits(sorted.map { words[$0].text }) { hit.insert(sorted[k]) }
        }
        // Twice: a month found beside a name part then takes its year along.
        var all = hit
        for _ in 0..<2 { all.formUnion(neighbourHits(words, hit: all)) }
        return all
    }

    /// Words beside identifying words that OCR split off or misread, found by geometry
    /// rather than by line (a tall box may have joined the line above): a day or year
    /// touching a month that is hit ("2000" beside "May 26"), and up to two misread
    /// (unsure) or very short words beside a part of the patient's name ("ae ee MICHAEL"
    /// for "RIVERA MICHAEL", "VIDSON DY" for "DAVIDSON DOUGLAS").
    func neighbourHits(_ words: [OCRWord], hit: Set<Int>) -> Set<Int> {
        func beside(_ i: Int, _ j: Int) -> Bool {
            let a = words[i].box, b = words[j].box
            let h = min(a.height, b.height)
            let overlap = min(a.maxY, b.maxY) - max(a.y, b.y)
            let gap = a.x < b.x ? b.x - a.maxX : a.x - b.maxX
            return overlap * 2 >= h && gap >= -2 && gap <= 2 * h + 2
        }
        let toks = words.map { TextNorm.compact($0.text) }
        var out = Set<Int>()
        for i in hit {
            let t = toks[i]
            if Self.monthTokens.contains(String(t.prefix(while: { $0.isLetter }))) {
                for j in words.indices where !hit.contains(j) && Self.isDayOrYear(toks[j]) && beside(i, j) { out.insert(j) }
            }
            guard isNamePart(t) else { continue }
            var frontier = [i], seen: Set<Int> = [i]
            for _ in 0..<2 {
                var next: [Int] = []
                for k in frontier {
                    for j in words.indices
                    where !seen.contains(j) && !hit.contains(j) && beside(k, j)
                        && (!words[j].isSure || (1...3).contains(toks[j].count))
                    {
                        out.insert(j); seen.insert(j); next.append(j)
                    }
                }
                frontier = next
            }
        }
        return out
    }

    /// A token that is (or is read as) a part of the patient's name.
    func isNamePart(_ t: String) -> Bool {
        guard t.count >= 3 else { return false }
        return values.nameParts.contains(t)
            || values.nameParts.contains(where: {
                $0.count >= 5 && t.count >= 5 && (Self.nearlyEqual(t, $0) || $0.hasPrefix(t) || $0.hasSuffix(t))
            })
    }

    /// Positions of identifying tokens in one line of OCR words.
    public func lineHits(_ raw: [String]) -> Set<Int> {
        let toks = raw.map { TextNorm.compact($0) }
        let upper = raw.map { $0.uppercased() }
        var hit = Set<Int>()
        let n = toks.count
        // Whole values over runs of up to six words.
        for i in 0..<n where !toks[i].isEmpty {
            var joined = ""
            for j in i..<min(n, i + 6) {
                joined += toks[j]
                if joined.count >= 3 && values.compact.contains(joined) { for k in i...j { hit.insert(k) } }
            }
        }
        for (i, t) in toks.enumerated() where !t.isEmpty {
            if values.parts.contains(t) { hit.insert(i); continue }
            if t.count >= 5 && values.ids.contains(where: { t.contains($0) }) { hit.insert(i); continue }
            if t.count >= 5 && values.parts.contains(where: { $0.count >= 5 && (t.contains($0) || Self.nearlyEqual(t, $0)) }) {
                hit.insert(i); continue
            }
            // Values cut short by the display ("PATIENTFI..."), or read short by OCR.
            if t.count >= 5 && values.parts.contains(where: { $0.count > t.count && $0.hasPrefix(t) }) { hit.insert(i); continue }
            // ... or with their start cut off ("VIDSON" for "DAVIDSON").
            if t.count >= 5 && values.parts.contains(where: { $0.count > t.count && $0.hasSuffix(t) }) { hit.insert(i); continue }
            if t.count >= 6 && values.ids.contains(where: { Self.nearlyEqual(t, $0) }) { hit.insert(i); continue }
            if Self.looksLikeDate(upper[i]) || Self.hasLongDigitRun(upper[i]) || Self.looksLikePhone(upper[i]) { hit.insert(i) }
        }
        // Dates written with month names: "Jul 13, 2013", "13-JUL-2013", "2013 Jul 13".
        for i in 0..<n
        where (Self.monthTokens.contains(String(toks[i].prefix(while: { $0.isLetter }))) && toks[i].count <= 9)
            || Self.misreadMonth(toks, i)
        {
            let isMonthOnly = toks[i].allSatisfy { $0.isLetter }
            let numericNeighbour = (i > 0 && Self.isDayOrYear(toks[i - 1])) || (i + 1 < n && Self.isDayOrYear(toks[i + 1]))
            guard numericNeighbour || !isMonthOnly else { continue }
            hit.insert(i)
            for k in [i - 2, i - 1, i + 1, i + 2] where k >= 0 && k < n && Self.isDayOrYear(toks[k]) { hit.insert(k) }
            // "28 Mar 97": any two digits after day and month are the year.
            if i > 0, i + 1 < n, Self.isDayOrYear(toks[i - 1]), toks[i + 1].count == 2, toks[i + 1].allSatisfy({ $0.isNumber }) {
                hit.insert(i + 1)
            }
        }
        // Phone numbers split over words: "(555) 123-4567".
        for i in 0..<n where toks[i].count == 3 || upper[i].hasPrefix("(") || upper[i].hasPrefix("+") {
            var digits = 0, j = i
            while j < n, j < i + 4, !toks[j].isEmpty, toks[j].allSatisfy({ $0.isNumber }) { digits += toks[j].count; j += 1 }
            if j - i >= 2 && digits >= 10 && digits <= 12 { for k in i..<j { hit.insert(k) } }
        }
        // Cue words: the words after "Name:", "DOB:", "ID:" ... on the same line.
        for i in 0..<n {
            let word = String(toks[i].prefix(while: { $0.isLetter }))
            guard Self.cues.contains(word) else { continue }
            let colon =
                upper[i].contains(where: { $0 == ":" || $0 == ";" }) || (i + 1 < n && (upper[i + 1].hasPrefix(":") || upper[i + 1].hasPrefix(";")))
            guard colon else { continue }
            hit.insert(i)
            var j = i + 1
            while j < n && j <= i + 4 {
                let w = String(toks[j].prefix(while: { $0.isLetter }))
                if j > i + 1 && Self.cues.contains(w) && upper[j].contains(":") { break }
                hit.insert(j); j += 1
            }
        }
        // Names written "Last,First" or "LAST^FIRST" in one word, and "LAST: FIRST" or
        // "Last, First" opening a line (banners print the patient's name that way even
        // when the header no longer holds it).
        for i in 0..<n where Self.looksLikeJoinedName(raw[i]) { hit.insert(i) }
        if n >= 2, let sep = raw[0].last, sep == ":" || sep == ",",
            Self.isNameWord(String(raw[0].dropLast())), Self.isNameWord(raw[1])
        {
            hit.insert(0); hit.insert(1)
        }
        // Institution names: the whole line.
        if toks.contains(where: { Self.institutionWords.contains($0) }) { for k in 0..<n { hit.insert(k) } }
        // "ZZZ TEST PATIENT": a weak name word joins the name words beside it.
        var grew = true
        while grew {
            grew = false
            for i in 0..<n
            where !hit.contains(i) && values.weakParts.contains(toks[i])
                && ((i > 0 && hit.contains(i - 1)) || (i + 1 < n && hit.contains(i + 1)))
            {
                hit.insert(i); grew = true
            }
        }
        return hit
    }

    /// Screen labels that open a line as "Label: Value" and are not names.
    static let labels: Set<String> = [
        "MODE", "PROBE", "GAIN", "DEPTH", "FREQ", "FREQUENCY", "EXAM", "STUDY", "SERIES",
        "VIEW", "PRESET", "APP", "TYPE", "PROTOCOL", "STATUS", "SITE", "ORGAN", "REGION",
        "BODY", "POSITION", "SIDE", "FOCUS", "POWER", "MAP", "COLOR", "COLOUR", "FRAME",
        "SCAN", "DATE", "TIME", "LABEL", "NOTE", "COMMENT", "COMMENTS", "FILTER", "ZOOM",
        "PERSIST", "DYNAMIC", "RANGE", "TISSUE", "HARMONIC", "SERIAL", "VERSION", "REV",
        "KV", "KVP", "MA", "MAS", "SLICE", "THICKNESS", "WINDOW", "LEVEL", "CENTER", "WIDTH",
        "ORIENTATION", "IMAGE", "SEQUENCE", "PLANE", "MAG", "MAGNIFICATION", "SCALE"
    ]

    /// A word of letters only (2+, apostrophes and hyphens allowed inside) that is no
    /// cue, label, month, institution word or clinical label.
    static func isNameWord(_ w: String, strict: Bool = true) -> Bool {
        let letters = w.filter { $0.isLetter }
        guard letters.count >= 2, w.allSatisfy({ $0.isLetter || $0 == "'" || $0 == "-" }), w.first?.isLetter == true,
            w.first?.isUppercase == true
        else { return false }
        let u = TextNorm.compact(w)
        return !cues.contains(u) && !labels.contains(u) && !monthTokens.contains(u) && !institutionWords.contains(u)
            && (!strict || !ClinicalWords.keep.contains(u))
    }

    /// "Last,First" or "LAST^FIRST" read as one word.
    static func looksLikeJoinedName(_ s: String) -> Bool {
        guard let k = s.firstIndex(where: { $0 == "," || $0 == "^" }) else { return false }
        let a = String(s[..<k]), b = String(s[s.index(after: k)...].reversed().drop(while: { $0 == "," || $0 == "^" || $0 == "." }).reversed())
        // Either side may be a placeholder ("Test,Belle"); the joined form is the evidence.
        return isNameWord(a, strict: false) && isNameWord(b, strict: false) && (isNameWord(a) || isNameWord(b))
            && max(a.count, b.count) >= 3
    }

    /// A three-letter word one letter off a month ("Jui") between a day and a year
    /// ("2019 Jui 11", "11 Jui 2019"): a month misread by OCR.
    static func misreadMonth(_ toks: [String], _ i: Int) -> Bool {
        guard i > 0, i + 1 < toks.count, toks[i].count == 3, toks[i].allSatisfy({ $0.isLetter }),
            isDayOrYear(toks[i - 1]), isDayOrYear(toks[i + 1]), toks[i - 1].count + toks[i + 1].count >= 5
        else { return false }
        return DateForms.months.contains { nearlyEqual($0, toks[i]) }
    }

    static func isDayOrYear(_ t: String) -> Bool {
        guard !t.isEmpty, t.allSatisfy({ $0.isNumber }) else { return false }
        if t.count <= 2, let v = Int(t) { return (1...31).contains(v) }
        if t.count == 4, let v = Int(t) { return (1900...2100).contains(v) }
        return false
    }

    /// d/m/y, y-m-d, d.m.y forms, and 8-digit YYYYMMDD dates.
    static func looksLikeDate(_ s: String) -> Bool {
        let groups = s.split(whereSeparator: { !$0.isNumber }).map(String.init)
        let seps = s.filter { $0 == "/" || $0 == "-" || $0 == "." }
        if groups.count >= 3 && seps.count >= 2 {
            let g = groups.prefix(3).compactMap { Int($0) }
            guard g.count == 3 else { return false }
            let lens = groups.prefix(3).map(\.count)
            if lens[0] == 4 { return (1...12).contains(g[1]) && (1...31).contains(g[2]) }
            if lens[2] == 4 || lens[2] == 2 { return (1...31).contains(g[0]) && (1...31).contains(g[1]) && (g[0] <= 12 || g[1] <= 12) }
            return false
        }
        for g in groups where g.count == 8 {
            if let y = Int(g.prefix(4)), let m = Int(g.dropFirst(4).prefix(2)), let d = Int(g.suffix(2)),
                (1900...2100).contains(y), (1...12).contains(m), (1...31).contains(d)
            {
                return true
            }
        }
        return false
    }

    /// Six or more digits in a row (IDs, accession and record numbers), ignoring
    /// decimals such as "0.123456".
    static func hasLongDigitRun(_ s: String) -> Bool {
        var run = 0, prevDot = false, inDecimal = false
        for ch in s {
            if ch.isNumber {
                if run == 0 { inDecimal = prevDot }
                run += 1
                if run >= 6 && !inDecimal { return true }
            } else {
                run = 0
            }
            prevDot = ch == "." || ch == ","
        }
        return false
    }

    static func looksLikePhone(_ s: String) -> Bool {
        let d = s.filter { $0.isNumber }.count
        let seps = s.filter { $0 == "-" || $0 == "(" || $0 == ")" || $0 == "." }.count
        return d >= 10 && d <= 12 && seps >= 1 && !s.contains(where: { $0.isLetter })
    }

    /// Equal but for one substituted, inserted or deleted character (OCR slips).
    static func nearlyEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > 1 { return false }
        var i = 0, j = 0, edits = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { i += 1; j += 1; continue }
            edits += 1
            if edits > 1 { return false }
            if x.count > y.count { i += 1 } else if y.count > x.count { j += 1 } else { i += 1; j += 1 }
        }
        return edits + (x.count - i) + (y.count - j) <= 1
    }
}
