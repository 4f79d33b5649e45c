import DICOMDeid
import SharedTestSupport
import XCTest

@testable import DeidScrub

/// The variant harness (TextCleanerVariantsTests) for names in name context: surnames and
/// given names that are ordinary English or clinical words ("Rose Hill", "Lauren Sharp",
/// "Ann Young"), in the header or not, in every form a name is written (Last, First; PN form
/// with ^; natural order after a cue; beside another part of the name; initials), after role
/// cues (tech, Dr., dictated by, per, cc, re, attn, discussed with ...), with name spans the
/// lists lack (hyphens, apostrophes, Mc/Mac/O', middle initials); and clinical phrases made of
/// the same words ("sharp margins", "rose bengal", "young adult", "Hill-Sachs lesion"), which
/// must stay although the patient is called so. Judged as the variant harness judges
/// (occurrences: a word of both the name and the clinical text must be left as often as the
/// clinical text has it).
final class TextCleanerNameContextTests: XCTestCase {
    typealias Variant = TextCleanerVariantsTests.Variant

    /// Surnames that are ordinary English (or clinical) words.
    static let wordSurnames = [
        "Hill", "Sharp", "Young", "Rose", "Green", "Bell", "Moss", "Reed", "Stone", "Wood", "Brown", "White", "King",
        "Long", "Little", "Rich", "Hope", "May", "Frost", "Black", "Gray", "Fox", "Marsh", "Lamb", "Hart", "Ball",
        "Baker", "Cook", "Mason", "Field", "Wolf", "Swift", "Page", "Bird", "Short", "Strong", "Lane", "Sweet"
    ]
    /// Given names, several of them ordinary words too.
    static let wordGivenNames = [
        "Rose", "Lauren", "Ann", "Dana", "Grace", "Hope", "May", "Faith", "Joy", "Iris", "Ruby", "Mark", "Frank",
        "Drew", "Dawn", "Amber", "Jack", "Carol", "Heather", "Robin", "Olive", "Summer", "Rich", "Patty", "Daisy",
        "John", "Mary", "Linda", "Peter", "Susan", "Wei", "Priya"
    ]
    /// Parts the name lists may lack, and names with hyphens, apostrophes and Mc/Mac/O'.
    static let rareGivenNames = [
        "Tamsin", "Oisin", "Zainab", "Leontyne", "Aurelio", "Saoirse", "Thandiwe", "Caoimhe",
        "Dana", "Kwame", "Ingrid", "Marisol", "Jun", "Anneke"
    ]
    static let rareSurnames = [
        "Whitfield", "Quarrell", "Ellacott", "Brackenbury", "Okonjo", "Vantongeren", "O'Brien",
        "O'Shaughnessy", "McDonald", "McAllister", "MacLeod", "MacAskill", "D'Souza",
        "Fairweather-Lowe", "Pryce-Jones", "Nakagawa", "Lindqvist", "St. John"
    ]

    /// Role cues after which a person's name stands.
    static let roleCues = [
        "tech", "Tech:", "technologist", "Technologist:", "Dr", "Dr.", "dictated by", "Dictated by", "ordered by",
        "read by", "reviewed by", "Reviewed by Dr.", "per", "per Dr.", "cc", "cc:", "re", "Re:", "pt", "Pt:", "attn",
        "Attn:", "called", "discussed with", "Discussed with Dr.", "spoke with", "for", "Patient:", "Referring:",
        "Callback re", "results to", "signed by"
    ]

    /// Clinical phrases made of words that are also surnames or given names; every word must
    /// stay, whatever the patient is called.
    static let homonyms: [(phrase: String, word: String)] = [
        ("sharp margins", "Sharp"), ("Sharp margins, no invasion", "Sharp"), ("rose bengal stain", "Rose"),
        ("young adult with headache", "Young"), ("Young adult, no trauma", "Young"), ("Hill-Sachs lesion", "Hill"),
        ("HILL-SACHS DEFORMITY", "Hill"), ("white matter changes", "White"), ("White matter hyperintensities", "White"),
        ("ground glass opacity", "Glass"), ("long axis view", "Long"), ("Long axis cine", "Long"),
        ("stone in the kidney", "Stone"), ("Stone in the left ureter", "Stone"), ("may be artifact", "May"),
        ("May be positional", "May"), ("green dye injected", "Green"), ("Bell palsy", "Bell"),
        ("little finger fracture", "Little"), ("Little change since prior", "Little"), ("brown fat uptake", "Brown"),
        ("Reed-Sternberg cells", "Reed"), ("wood splinter in the foot", "Wood"), ("black blood sequence", "Black"),
        ("fox sign absent", "Fox"), ("hope for recovery", "Hope"), ("rich in fat", "Rich"),
        ("short axis stack", "Short"), ("strong enhancement", "Strong"), ("king size bed", "King"),
        ("moss-like pattern", "Moss"), ("sweet smell", "Sweet"), ("swift recovery", "Swift")
    ]

    struct Generator {
        var base: TextCleanerVariantsTests.Generator

        init(seed: UInt64) { base = TextCleanerVariantsTests.Generator(rng: SplitMix64(seed: seed)) }

        mutating func pick<T>(_ a: [T]) -> T { base.pick(a) }

        /// The forms of one name; `header` is its PN value.
        mutating func forms(given g: String, family f: String) -> [String] {
            let m = String(pick(Array("ABCDEJKLMRST")))
            return [
                "\(f), \(g)", "\(f.uppercased())^\(g.uppercased())", "\(g) \(f)", "\(g) \(m). \(f)", "\(g.prefix(1)). \(f)",
                "\(f.uppercased()), \(g.uppercased())", "\(g.uppercased()) \(f.uppercased())", "\(f), \(g) \(m).",
                "\(f.uppercased())^\(g.uppercased())^\(m)", "\(g) \(f), MD"
            ]
        }

        /// A name of ordinary words that the header does not hold, after a role cue.
        mutating func wordName() -> Variant {
            let g = pick(TextCleanerNameContextTests.wordGivenNames), f = pick(TextCleanerNameContextTests.wordSurnames)
            let cue = pick(TextCleanerNameContextTests.roleCues)
            var all = forms(given: g, family: f)
            // A surname alone after a title.
            if cue.hasPrefix("Dr") || cue.hasSuffix("Dr.") { all += [f, f.uppercased()] }
            return base.plant("word-name", cue: cue, phi: pick(all))
        }

        /// The patient's own name (in the header), of ordinary words, in name context: after a
        /// cue, or with no cue beside another part of it.
        mutating func knownWordName() -> Variant {
            let g = pick(TextCleanerNameContextTests.wordGivenNames), f = pick(TextCleanerNameContextTests.wordSurnames)
            let header = "\(f.uppercased())^\(g.uppercased())"
            let cue = pick(TextCleanerNameContextTests.roleCues + ["Mrs.", "Mr.", "Ms", "", "", "", ""])
            var all = forms(given: g, family: f)
            if !cue.isEmpty { all += [f, "\(f) \(g.prefix(1))"] }
            return base.plant("known-word-name", cue: cue, phi: pick(all), known: [.name: [header]])
        }

        /// A name the lists may lack (1–3 capitalised tokens, initials, hyphens, apostrophes,
        /// Mc/Mac/O'), after a role cue.
        mutating func roleName() -> Variant {
            let g = pick(TextCleanerNameContextTests.rareGivenNames), f = pick(TextCleanerNameContextTests.rareSurnames)
            let m = String(pick(Array("ABCDEJKLMRST")))
            let cue = pick(TextCleanerNameContextTests.roleCues)
            let all = [
                "\(g) \(f)", "\(g) \(m). \(f)", "\(g.prefix(1)). \(f)", "\(g.prefix(1)).\(m). \(f)", "\(f), \(g)",
                "\(f.uppercased())^\(g.uppercased())", "\(g) \(m) \(f)", "\(f)", "\(g.uppercased()) \(f.uppercased())",
                "\(g) \(f)-\(pick(TextCleanerNameContextTests.wordSurnames))"
            ]
            return base.plant("role-name", cue: cue, phi: pick(all))
        }

        /// A clinical phrase made of a word the patient is called, with the patient's name
        /// planted elsewhere in the text (or not at all).
        mutating func homonym() -> Variant {
            let (phrase, word) = pick(TextCleanerNameContextTests.homonyms)
            let other = pick(TextCleanerNameContextTests.wordGivenNames)
            let surnameFirst = base.int(0...1) == 0
            let header = surnameFirst ? "\(word.uppercased())^\(other.uppercased())" : "\(other.uppercased())^\(word.uppercased())"
            let (g, f) = surnameFirst ? (other, word) : (word, other)
            let c = pick(TextCleanerVariantsTests.clinical)
            let name = pick(["\(g) \(f)", "\(f), \(g)", "\(f.uppercased())^\(g.uppercased())", "Pt \(g) \(f)", "for \(f), \(g)", ""])
            let text: String
            var clinical = [phrase, c]
            switch base.int(0...2) {
            case 0: text = name.isEmpty ? "\(phrase). \(c)" : "\(phrase). \(c). \(name)"
            case 1: text = name.isEmpty ? "\(c), \(phrase)" : "\(name): \(c), \(phrase)"
            default: text = name.isEmpty ? phrase : "\(phrase) (\(name))"; clinical = [phrase]
            }
            let cue = name.hasPrefix("Pt ") ? "Pt" : name.hasPrefix("for ") ? "for" : ""
            return Variant(kind: "homonym", text: text, phi: name, cue: cue, clinical: clinical, known: [.name: [header]])
        }

        mutating func make(perKind: Int) -> [Variant] {
            var out: [Variant] = []
            for _ in 0..<perKind {
                out.append(wordName())
                out.append(knownWordName())
                out.append(roleName())
                out.append(homonym())
            }
            return out
        }
    }

    /// Known name parts of ordinary words as the scrubber gives them (Scrubber.addName: the
    /// value, each part, the prose order).
    static func knownValues(_ v: Variant) -> Variant {
        guard let header = v.known[.name]?.first else { return v }
        var w = v
        let comps = header.split(separator: "^").map(String.init)
        var names = [header] + comps.filter { $0.count >= 2 }
        if comps.count >= 2 { names.append(([comps[1]] + (comps.count > 2 ? [comps[2]] : []) + [comps[0]]).joined(separator: " ")) }
        w.known[.name] = names
        return w
    }

    func testNameContextVariants() {
        let seed = ProcessInfo.processInfo.environment["VARIANT_SEED"].flatMap { UInt64($0) } ?? 0x4A11_2026
        var g = Generator(seed: seed)
        let variants = g.make(perKind: 150).map(Self.knownValues)
        let tally = TextCleanerVariantsTests.judge(variants)
        let examples = Int(ProcessInfo.processInfo.environment["VARIANT_EXAMPLES"] ?? "") ?? 6
        print(TextCleanerVariantsTests.report(tally, title: "free-text cleaner on names in name context (seed \(seed)):", examples: examples))
        guard seed == 0x4A11_2026 else { return }
        // Floors: the figures reached (this seed), less a small margin. Before the name-context
        // rules (recall / retention): word-name 91.3% / 100%, known-word-name 94.7% / 100%,
        // role-name 73.3% / 100%, homonym 100% / 73.3% (known name parts were cut wherever
        // capitalised); after: 100/100, 100/100, 95.3/100, 100/100.
        let floors: [String: (Double, Double)] = [
            "word-name": (0.97, 0.99), "known-word-name": (0.98, 0.99), "role-name": (0.92, 0.99), "homonym": (0.98, 0.99)
        ]
        for (kind, (recall, retention)) in floors {
            guard let t = tally[kind] else { XCTFail("no cases of \(kind)"); continue }
            XCTAssertGreaterThanOrEqual(Double(t.removed) / Double(t.cases), recall, "recall of \(kind)")
            XCTAssertGreaterThanOrEqual(Double(t.retained) / Double(t.cases), retention, "retention of \(kind)")
        }
    }

    /// The rules of name context, one example each (exact output, tidying included).
    func testNameContextExamples() {
        let rose: [PHIKind: [String]] = [.name: ["HILL^ROSE", "HILL", "ROSE", "ROSE HILL"]]
        let cases: [(String, String, [PHIKind: [String]])] = [
            ("Pt: Hill, Rose", "", rose),
            ("XR CHEST for HILL^ROSE", "XR CHEST", rose),
            ("Callback re Rose Hill", "Callback", rose),
            ("CT HEAD, R. Hill reviewed", "CT HEAD, R. reviewed", rose),
            ("Hill-Sachs lesion, rose bengal stain", "Hill-Sachs lesion, rose bengal stain", rose),
            ("HILL-SACHS DEFORMITY. PT HILL", "HILL-SACHS DEFORMITY.", rose),
            ("Sharp margins. Lauren Sharp", "Sharp margins.", [.name: ["SHARP^LAUREN"]]),
            ("White matter changes, Dr White", "White matter changes, Dr", [.name: ["WHITE^BETTY"]]),
            ("May be artifact", "May be artifact", [.name: ["MAY^JUNE"]]),
            ("Stone in the kidney, Pt Stone, seen", "Stone in the kidney, seen", [.name: ["STONE^FRANK"]]),
            ("Young adult with headache. Young, Ann", "Young adult with headache.", [.name: ["YOUNG^ANN"]]),
            // Not in the header: after a role cue the whole span goes.
            ("tech Dana Whitfield", "tech", [:]),
            ("cc J. Marsh", "", [:]),
            ("Reviewed by Dr. M. White", "Reviewed", [:]),
            ("Re: Wolf, Lauren", "", [:]),
            ("Discussed with Ann Young", "Discussed", [:]),
            ("Callback re MacAskill", "Callback", [:]),
            ("for A.E. McDonald", "", [:]),
            ("attn Quarrell, Anneke.", "", [:]),
            ("Referring: Laura Lindqvist-O'Brien", "Referring", [:]),
            ("Discussed with Dr. St. John - no change", "Discussed with - no change", [:]),
            // ... but no clinical or ordinary word.
            ("Pt Tolerated the exam well", "Pt Tolerated the exam well", [:]),
            ("Patient Young adult", "Patient Young adult", [:]),
            ("Reviewed with Prior", "Reviewed with Prior", [:]),
            ("per Dr. Marsh, Signa HDxt", "Signa HDxt", [:])
        ]
        let cleaner = TextCleaner()
        for (input, expected, known) in cases {
            XCTAssertEqual(cleaner.clean(input, knownPHI: KnownPHI(values: known)), expected, "input: \(input)")
        }
    }

    /// Text about role cues and ordinary-word homonyms with nothing identifying comes back
    /// unchanged.
    func testRoleCueClinicalTextIsKept() {
        let texts = [
            "Pt Tolerated the exam well", "per Protocol", "Re: Evaluation of mass", "cc Radiology", "Patient Positioning supine",
            "100 cc Omnipaque", "per ACR guidelines", "re Appointment", "Patient Position HFS", "PT INR normal", "CC VIEW LEFT",
            "RE EVAL", "PER PROTOCOL", "MAMMO L CC MLO", "Discussed with Radiology", "spoke with Referring", "called Back",
            "Reviewed with Prior", "Referring Physician", "Patient History: Smoker", "pt Stable", "tech Trainee",
            "Callback re Results", "re Follow-up", "sharp margins", "Sharp margins, no invasion", "rose bengal stain",
            "young adult", "Young adult, no trauma", "Hill-Sachs lesion", "white matter changes", "ground glass opacity",
            "long axis view", "stone in the kidney", "may be artifact", "green dye injected", "Bell palsy",
            "Little change since prior", "Reed-Sternberg cells"
        ]
        let cleaner = TextCleaner()
        var changed: [String] = []
        for t in texts where cleaner.clean(t, knownPHI: .none) != t { changed.append("[\(t)] -> [\(cleaner.clean(t, knownPHI: .none))]") }
        XCTAssertEqual(changed, [])
    }
}
