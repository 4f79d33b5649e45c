import DICOMDeid
import SharedTestSupport
import XCTest

@testable import DeidScrub

/// Robustness harness for the free-text cleaner: PHI written in other ways than the dev set
/// writes it (name orders and initials, titles and labels in other words, dates with month
/// names, dots and two-digit years, international phone numbers, unit numbers, ZIP+4,
/// identifier labels, facility names, device serials, and the record's own values split or
/// re-cased), planted at the start, the end, the middle or in brackets of realistic clinical
/// text. Each case is judged word by word: recall = every word of the planted value (two
/// characters or more, stop words aside) is gone; retention = every word of the clinical text
/// is still there. Cases are generated from a fixed seed, so a change of the figures is a
/// change of the cleaner. The floors are the figures the cleaner reached, less a small margin.
final class TextCleanerVariantsTests: XCTestCase {
    /// One generated case.
    struct Variant {
        var kind: String
        var text: String
        /// The planted identifying value (without its label or title).
        var phi: String
        /// The label or title planted with it (its words are not judged).
        var cue: String
        /// The clinical text around it.
        var clinical: [String]
        var known: [PHIKind: [String]] = [:]
    }

    // MARK: vocabulary of the generator (written for this harness)

    /// Clinical text of the kinds the cleaner keeps: descriptions, series and protocol names,
    /// histories, alerts, contrast, SR sentences. Every word of these must survive.
    static let clinical = [
        "CT ABDOMEN PELVIS W/O CONTRAST", "MRI L-SPINE WO", "XR CHEST PA AND LATERAL", "US RENAL BILATERAL",
        "MR BRAIN W/WO GADOLINIUM", "CTA HEAD AND NECK", "PET/CT WHOLE BODY FDG", "MAMMO SCREENING BILATERAL DBT",
        "NM BONE SCAN WHOLE BODY", "Knee Left 3 views", "AX T2 FSE 5 mm", "SAG T1 C3-C4", "DWI B1000 ADC",
        "Ax 3D SPGR post Gad", "COR STIR L4/L5", "Lung 1.25 mm B70f", "Discovery MR750 3T", "Routine Head 5.0 H30s",
        "Level 2 trauma protocol", "Dixon in-phase opp-phase", "Stable 5 mm nodule in the right upper lobe",
        "Mild degenerative changes at L4/L5 with foraminal narrowing", "Follow-up of hepatic lesion, 12 mm, unchanged",
        "Rule out pulmonary embolism", "Known allergy to iodinated contrast", "Prior right knee arthroscopy",
        "Chronic low back pain radiating to left leg", "Status post left mastectomy", "Omnipaque 350 100 ml IV",
        "Gadavist 7.5 ml injected", "Metformin held 48 hours", "Compared with prior CT, no interval change",
        "Disc herniation C5-C6 with cord compression", "Small pericardial effusion",
        "T2 hyperintense lesion in the left frontal lobe", "No acute intracranial abnormality",
        "3.2 cm mass in the pancreatic head", "Hip pain after fall", "Shortness of breath, rule out pneumonia",
        "Latex allergy", "Claustrophobic, needs sedation", "Pacemaker in situ", "Ultravist 370 80 ml",
        "Aquilion ONE 320 row", "SOMATOM Force dual energy", "Signa HDxt 1.5T", "Brilliance 64 helical",
        "Screening mammogram, dense breasts", "Appendicitis suspected, RLQ tenderness", "Renal colic, left flank pain"
    ]

    /// Given names and surnames of several origins, some not in the census lists.
    static let givenNames = [
        "John", "Jane", "Maria", "Wei", "Priya", "Jamal", "Keisha", "Connor", "Madison", "Brittany", "Jayden",
        "Olivia", "Mohammed", "Fatima", "Hiroshi", "Sofia", "Luis", "Grace", "Henry", "Emily", "Daniel", "Chloe",
        "Kevin", "Laura", "Tyrone", "Svetlana", "Diego", "Hannah", "Ethan", "Rebecca", "Samuel", "Natalie"
    ]
    static let surnames = [
        "Smith", "Nguyen", "Patel", "Kowalski", "Okafor", "Gonzalez", "Rossi", "Schmidt", "O'Brien", "McDonald",
        "Nakamura", "Haddad", "Fitzgerald", "Washington", "Murphy", "Chen", "Kim", "Singh", "Johansson",
        "Dubois", "Ivanova", "Lindqvist", "Moreno", "Abernathy", "Thompson", "Reyes", "Baptiste", "Whitfield"
    ]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December"
    ]
    static let cities = [
        ("Springfield", "IL"), ("Fairview", "OR"), ("Riverton", "WY"), ("Madison", "WI"),
        ("Georgetown", "TX"), ("Salem", "MA"), ("Clinton", "NY"), ("Franklin", "TN")
    ]
    static let streets = [
        "Oak", "Maple", "Birch", "Cedar", "Lincoln", "Washington", "Lakeview", "Hillcrest", "Sunset",
        "Elm", "Pine", "Highland"
    ]
    static let suffixes = [
        "Street", "St.", "Avenue", "Ave", "Road", "Rd.", "Boulevard", "Blvd", "Lane", "Drive", "Court",
        "Way", "Parkway", "Terrace"
    ]
    static let facilities = [
        "St. Mary's Hospital", "Mercy Medical Center", "Johns Hopkins Hospital", "Mayo Clinic",
        "Cedars-Sinai Medical Center", "Riverside Regional Medical Center", "Northwest Imaging Associates",
        "Good Samaritan Hospital", "Hospital Universitario La Paz", "Presbyterian Health System",
        "Lakeside Radiology Group", "Children's Hospital of Philadelphia", "Sutter Health", "Kaiser Permanente",
        "Massachusetts General Hospital", "Klinikum rechts der Isar", "Baptist Memorial Hospital"
    ]

    // MARK: generation

    struct Generator {
        var rng: SplitMix64

        mutating func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }
        mutating func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(int(0...9))) }) }
        mutating func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }

        /// Plants `phi` (with its label `cue`, which may be empty) in one or two clinical
        /// fragments, at the start, the end, the middle or in brackets.
        mutating func plant(_ kind: String, cue: String, phi: String, known: [PHIKind: [String]] = [:]) -> Variant {
            let c1 = pick(TextCleanerVariantsTests.clinical)
            var c2 = pick(TextCleanerVariantsTests.clinical)
            while c2 == c1 { c2 = pick(TextCleanerVariantsTests.clinical) }
            let p = cue.isEmpty ? phi : "\(cue) \(phi)"
            let text: String
            var clinical = [c1]
            switch int(0...4) {
            case 0: text = "\(c1) \(p)"
            case 1: text = "\(p) - \(c1)"
            case 2: text = "\(c1). \(p). \(c2)."; clinical.append(c2)
            case 3: text = "\(c1) (\(p))"
            default: text = "\(c1), \(p), \(c2)"; clinical.append(c2)
            }
            return Variant(kind: kind, text: text, phi: phi, cue: cue, clinical: clinical, known: known)
        }

        mutating func name() -> (given: String, family: String, middle: String) {
            (
                pick(TextCleanerVariantsTests.givenNames), pick(TextCleanerVariantsTests.surnames),
                String(pick(Array("ABCDEHJKLMRST")))
            )
        }

        mutating func nameVariant() -> Variant {
            let (g, f, m) = name()
            let forms = [
                "\(f), \(g)", "\(g.prefix(1)). \(f)", "\(g) \(m). \(f)", "\(g) \(f)-\(pick(TextCleanerVariantsTests.surnames))",
                "\(f.uppercased()) \(g.uppercased())", "\(f.uppercased()), \(g.uppercased())", "\(g) \(f)",
                "\(f), \(g) \(m).", "\(f.uppercased())^\(g.uppercased())", "\(g.uppercased()) \(f.uppercased())",
                "\(g) \(f), MD", "\(g) \(f) M.D.", "\(f) \(g.prefix(1))"
            ]
            let cues = [
                "for", "pt", "Pat.", "Patient:", "Referring:", "per Dr", "Dr.", "seen by", "Attending:", "cc:",
                "Ref. phys.:", "Name:", "Tech:", "Operator:", "Dictated by", "Read by Dr.", "Physician:",
                "Reviewed with", "Pt name:", "Requested by", "Radiologist:", "Signed:", ""
            ]
            return plant("name", cue: pick(cues), phi: pick(forms))
        }

        func ordinal(_ d: Int) -> String {
            let suffix = (d / 10 == 1) ? "th" : [1: "st", 2: "nd", 3: "rd"][d % 10] ?? "th"
            return "\(d)\(suffix)"
        }

        mutating func dateVariant() -> Variant {
            let y = int(1950...2024), mo = int(1...12), d = int(1...28)
            let mn = TextCleanerVariantsTests.months[mo - 1]
            let ab = String(mn.prefix(3))
            let forms = [
                "\(mn) \(d), \(y)", "\(d) \(ab) \(y)", "\(pad(d, 2))-\(ab.uppercased())-\(y)", "\(y)/\(pad(mo, 2))/\(pad(d, 2))",
                "\(d).\(mo).\(y)", "\(ab) '\(pad(y % 100, 2))", "\(pad(mo, 2))/\(pad(d, 2))/\(y) \(pad(int(0 ... 23), 2)):\(pad(int(0 ... 59), 2))",
                "\(y)-\(pad(mo, 2))-\(pad(d, 2))T\(pad(int(0 ... 23), 2)):\(pad(int(0 ... 59), 2)):00", "\(mo)/\(d)/\(pad(y % 100, 2))",
                "\(ab). \(d), \(y)", "\(d)-\(ab)-\(pad(y % 100, 2))", "\(mn) \(y)", "\(y)\(pad(mo, 2))\(pad(d, 2))",
                "\(ordinal(d)) of \(mn) \(y)", "\(ab) \(pad(d, 2)) \(y)", "\(pad(d, 2)).\(pad(mo, 2)).\(y)",
                "\(mo)/\(d)/\(y) \(int(1 ... 12)):\(pad(int(0 ... 59), 2)) \(pick(["AM", "PM", "am", "pm"]))"
            ]
            let cues = ["on", "dated", "DOB:", "Date of birth", "Exam date:", "seen", "born", "Prior study", "", "", "since"]
            return plant("date", cue: pick(cues), phi: pick(forms))
        }

        mutating func ageVariant() -> Variant {
            let a = int(90...104)
            let forms = [
                "\(a)-year-old", "\(a) yo", "\(a) y/o", "\(a) years old", "\(a)yo", "aged \(a)", "age \(a)",
                "Age: \(a)", "\(a) yrs", "\(a)-yr-old"
            ]
            return plant("age", cue: "", phi: pick(forms))
        }

        mutating func phoneVariant() -> Variant {
            let a = int(201...989), b = int(200...999)
            let c = digits(4)
            let forms = [
                "+1 (\(a)) \(b)-\(c)", "+44 20 \(digits(4)) \(digits(4))", "+49 89 \(digits(4)) \(digits(3))",
                "\(a)-\(b)-\(c) ext. \(int(10 ... 999))", "(\(a)) \(b)-\(c) x\(int(10 ... 9999))", "\(a).\(b).\(c)",
                "+33 1 \(digits(2)) \(digits(2)) \(digits(2)) \(digits(2))", "1-\(a)-\(b)-\(c)", "(\(a)) \(b) \(c)",
                "\(a) \(b) \(c)", "+61 2 \(digits(4)) \(digits(4))", "\(a)-\(b)-\(c) ext \(int(10 ... 9999))"
            ]
            let cues = ["call", "Tel:", "Phone", "ph.", "Fax:", "Pager", "contact", "Cell:", "reach at", "Mobile"]
            return plant("phone", cue: pick(cues), phi: pick(forms))
        }

        mutating func emailVariant() -> Variant {
            let (g, f, _) = name()
            let user = pick([
                "\(g.lowercased()).\(f.lowercased())", "\(g.prefix(1).lowercased())\(f.lowercased())\(int(1 ... 99))",
                "\(f.lowercased())_\(g.lowercased())"
            ])
            .replacingOccurrences(of: "'", with: "")
            let dom = pick(["gmail.com", "mercy-health.org", "radiology.example.edu", "yahoo.co.uk", "hospital.net"])
            return plant("email", cue: pick(["Email:", "e-mail", "contact", "Send report to", "mail", ""]), phi: "\(user)@\(dom)")
        }

        mutating func urlVariant() -> Variant {
            let forms = [
                "https://portal.example-health.com/patient/\(digits(6))", "www.mercyhealth.org/imaging",
                "http://pacs.riverside.local:8080/viewer?study=\(digits(8))", "www.drsmithradiology.com"
            ]
            return plant("url", cue: pick(["see", "Portal:", "images at", ""]), phi: pick(forms))
        }

        mutating func addressVariant() -> Variant {
            let (city, st) = pick(TextCleanerVariantsTests.cities)
            let street = "\(int(1 ... 9999)) \(pick(TextCleanerVariantsTests.streets)) \(pick(TextCleanerVariantsTests.suffixes))"
            let zip = "\(digits(5))"
            let forms = [
                "\(street) Apt \(int(1 ... 40))\(pick(["", "B", "C"])), \(city), \(st) \(zip)-\(digits(4))",
                "\(street), Unit \(int(1 ... 300)), \(city), \(st) \(zip)", "\(street) #\(int(2 ... 900)), \(city) \(st) \(zip)",
                "PO Box \(int(10 ... 9999)), \(city), \(st) \(zip)", "\(street), \(city)",
                "\(street) Suite \(int(100 ... 999)), \(city), \(st) \(zip)", "\(city), \(st) \(zip)-\(digits(4))",
                "\(street)"
            ]
            let cues = ["Lives at", "Address:", "Home address", "resides at", "Addr:", "residing at", ""]
            return plant("address", cue: pick(cues), phi: pick(forms))
        }

        mutating func idVariant() -> Variant {
            let forms: [(String, String)] = [
                ("MRN:", digits(8)), ("MRN", digits(7)), ("Acc#", "A\(digits(5))"), ("Accession:", "\(int(2000 ... 2024))-\(digits(6))"),
                ("SSN", "\(digits(3))-\(digits(2))-\(digits(4))"), ("", "\(int(100 ... 899))-\(digits(2))-\(digits(4))"),
                ("ID:", "CT\(digits(6))"), ("Med Rec #", digits(9)), ("Patient ID", "P\(digits(7))"), ("Acc no.", digits(10)),
                ("Encounter", "E\(digits(8))"), ("Chart #", digits(6)), ("Order #", "ORD\(digits(7))"), ("Insurance ID", "XJH\(digits(9))"),
                ("MR#", digits(8)), ("Social Security", "\(digits(3)) \(digits(2)) \(digits(4))")
            ]
            let (cue, v) = pick(forms)
            return plant("id", cue: cue, phi: v)
        }

        mutating func facilityVariant() -> Variant {
            let cues = ["Performed at", "Outside study from", "Transferred from", "Images from", "at", "", "Prior at"]
            return plant("facility", cue: pick(cues), phi: pick(TextCleanerVariantsTests.facilities))
        }

        mutating func serialVariant() -> Variant {
            let forms: [(String, String)] = [
                ("S/N", "\(digits(3))\(pick(["A", "K", "X"]))\(digits(4))"), ("Serial No.", "C\(digits(4))X\(digits(3))"),
                ("SN:", digits(8)), ("Serial #", "\(pick(["GE", "PH", "SI"]))\(digits(6))"),
                ("Device serial", "\(digits(2))-\(digits(5))")
            ]
            let (cue, v) = pick(forms)
            return plant("serial", cue: cue, phi: v)
        }

        /// The record's own values, written another way than in the header.
        mutating func knownVariant(_ which: Int) -> Variant {
            // Rare surnames: found because they are known, not because a list has them.
            let family = pick(["Zyskowski", "Okonkwo", "Thistlewood", "Vanterpool", "Quarshie", "Beauchesne", "Grzyb", "Hollingworth"])
            let given = pick(["Ingrid", "Obi", "Marisol", "Tobias", "Anneke", "Rafferty", "Lucinda", "Bartholomew"])
            let middle = pick(["Q", "R", "T"])
            let headerName = "\(family.uppercased())^\(given.uppercased())^\(middle)"
            switch which {
            case 0:
                let forms = [
                    "\(given) \(family)", "\(given.prefix(1)) \(family)", "\(family.uppercased()), \(given.prefix(1))",
                    "\(family), \(given)", "\(given.uppercased()) \(middle) \(family.uppercased())", "\(family)",
                    "\(given) \(middle). \(family)", "\(family) \(given.prefix(1))"
                ]
                let cue = pick(["", "", "Mr.", "pt", "Ms", "for", "with"])
                return plant("known-name", cue: cue, phi: pick(forms), known: [.name: [headerName]])
            case 1:
                let y = int(1930...2020), mo = int(1...12), d = int(13...28)
                let header = "\(y)\(pad(mo, 2))\(pad(d, 2))"
                let ab = String(TextCleanerVariantsTests.months[mo - 1].prefix(3))
                let forms = [
                    "\(pad(mo, 2))/\(pad(d, 2))/\(y)", "\(d) \(TextCleanerVariantsTests.months[mo - 1]) \(y)",
                    "\(d)-\(ab)-\(pad(y % 100, 2))", "\(pad(d, 2)).\(pad(mo, 2)).\(pad(y % 100, 2))", "\(y)-\(pad(mo, 2))-\(pad(d, 2))",
                    "\(pad(mo, 2))\(pad(d, 2))\(y)"
                ]
                return plant("known-date", cue: pick(["", "on", "dated"]), phi: pick(forms), known: [.date: [header]])
            case 2:
                let core = digits(7)
                let header = "PAT\(core)"
                let forms = ["pat\(core)", "PAT\(core)", "\(core)", "\(core.prefix(3))-\(core.dropFirst(3))"]
                return plant("known-id", cue: pick(["", "ref", "no."]), phi: pick(forms), known: [.id: [header]])
            default:
                let inst = pick(["Thistlewood Valley Medical Center", "Okonkwo Family Clinic", "Grzyb Memorial Hospital"])
                let first = String(inst.split(separator: " ")[0])
                let forms = [inst.uppercased(), first, "\(first) \(inst.split(separator: " ")[1])", inst.lowercased()]
                return plant("known-institution", cue: pick(["", "at", "from"]), phi: pick(forms), known: [.institution: [inst]])
            }
        }

        mutating func make(perKind: Int) -> [Variant] {
            var out: [Variant] = []
            for _ in 0..<perKind {
                out.append(nameVariant())
                out.append(dateVariant())
                out.append(ageVariant())
                out.append(phoneVariant())
                out.append(emailVariant())
                out.append(urlVariant())
                out.append(addressVariant())
                out.append(idVariant())
                out.append(facilityVariant())
                out.append(serialVariant())
                for k in 0...3 { out.append(knownVariant(k)) }
            }
            return out
        }
    }

    // MARK: judging

    static let stopWords: Set<String> = Set(CueVocabulary.stopWords.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Lower-cased runs of letters and digits.
    static func words(_ s: String) -> [String] {
        s.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// The words of `s` a check looks for: two characters or more, no stop words.
    static func significant(_ s: String) -> [String] {
        words(s).filter { $0.count >= 2 && !stopWords.contains($0) }
    }

    struct Tally {
        var cases = 0, removed = 0, retained = 0
        var misses: [String] = []
        var overcuts: [String] = []
    }

    /// Each word's number of occurrences.
    static func counts(_ words: [String]) -> [String: Int] {
        words.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// Word by word, by occurrences: a PHI word that is also a clinical word of the case
    /// ("Hill" of the patient and of "Hill-Sachs") is gone when no more of it is left than the
    /// clinical text has, and the clinical text is kept when every one of its words is still
    /// there as often.
    static func judge(_ variants: [Variant], cleaner: TextCleaner = TextCleaner()) -> [String: Tally] {
        var tally: [String: Tally] = [:]
        for v in variants {
            let out = cleaner.clean(v.text, knownPHI: KnownPHI(values: v.known))
            let outCounts = counts(words(out))
            let clinicalCounts = counts(v.clinical.flatMap(significant))
            let cueWords = Set(words(v.cue))
            // A degree after the name ("Ann Young, MD") is no PHI.
            let phiWords = significant(v.phi).filter { !cueWords.contains($0) && $0 != "md" }
            let gone = phiWords.allSatisfy { outCounts[$0, default: 0] <= clinicalCounts[$0, default: 0] }
            let kept = clinicalCounts.allSatisfy { outCounts[$0.key, default: 0] >= $0.value }
            var t = tally[v.kind] ?? Tally()
            t.cases += 1
            if gone { t.removed += 1 } else { t.misses.append("[\(v.text)] -> [\(out)]") }
            if kept { t.retained += 1 } else { t.overcuts.append("[\(v.text)] -> [\(out)]") }
            tally[v.kind] = t
        }
        return tally
    }

    static func report(_ tally: [String: Tally], title: String, examples: Int = 6) -> String {
        var s = "\(title)\n  kind                 cases  recall  retention\n"
        var all = Tally()
        for k in tally.keys.sorted() {
            let t = tally[k]!
            all.cases += t.cases; all.removed += t.removed; all.retained += t.retained
            s +=
                "  " + k.padding(toLength: 20, withPad: " ", startingAt: 0)
                + String(
                    format: " %5d  %5.1f%%  %5.1f%%\n", t.cases,
                    100 * Double(t.removed) / Double(t.cases), 100 * Double(t.retained) / Double(t.cases))
        }
        s +=
            "  " + "all".padding(toLength: 20, withPad: " ", startingAt: 0)
            + String(
                format: " %5d  %5.1f%%  %5.1f%%\n", all.cases,
                100 * Double(all.removed) / Double(max(all.cases, 1)), 100 * Double(all.retained) / Double(max(all.cases, 1)))
        for k in tally.keys.sorted() {
            let t = tally[k]!
            for m in t.misses.prefix(examples) { s += "  miss \(k): \(m)\n" }
            for m in t.overcuts.prefix(examples) { s += "  overcut \(k): \(m)\n" }
        }
        return s
    }

    // MARK: tests

    func testPlantedVariants() {
        // VARIANT_SEED=<n> draws other cases (to look at, not for the floors).
        let seed = ProcessInfo.processInfo.environment["VARIANT_SEED"].flatMap { UInt64($0) } ?? 0x5EED_2026
        var g = Generator(rng: SplitMix64(seed: seed))
        let variants = g.make(perKind: 60)
        XCTAssertGreaterThanOrEqual(variants.count, 800)
        let tally = Self.judge(variants)
        let examples = Int(ProcessInfo.processInfo.environment["VARIANT_EXAMPLES"] ?? "") ?? 6
        print(Self.report(tally, title: "free-text cleaner on planted PHI variants (seed \(seed)):", examples: examples))
        guard seed == 0x5EED_2026 else { return }
        // Floors per kind: recall, retention (fractions of cases).
        // Before this harness the cleaner stood at (recall, this seed): name 92%, date 80%, age
        // 83%, address 95%, id 95%, facility 88%, serial 82%, known-id 85%, known-institution
        // 88%; address retention 92%. Facilities named without a head word ("Kaiser
        // Permanente") and names with unlisted parts and no cue are the known misses.
        let floors: [String: (Double, Double)] = [
            "name": (0.95, 0.98), "date": (0.97, 0.98), "age": (0.97, 0.98), "phone": (0.97, 0.98), "email": (0.97, 0.98),
            "url": (0.97, 0.98), "address": (0.97, 0.98), "id": (0.97, 0.98), "facility": (0.88, 0.98), "serial": (0.97, 0.98),
            "known-name": (0.97, 0.98), "known-date": (0.97, 0.98), "known-id": (0.97, 0.98), "known-institution": (0.97, 0.98)
        ]
        for (kind, (recall, retention)) in floors {
            guard let t = tally[kind] else { XCTFail("no cases of \(kind)"); continue }
            XCTAssertGreaterThanOrEqual(Double(t.removed) / Double(t.cases), recall, "recall of \(kind)")
            XCTAssertGreaterThanOrEqual(Double(t.retained) / Double(t.cases), retention, "retention of \(kind)")
        }
    }

    /// One example of each rule the harness led to, with the exact output (tidying included).
    func testRuleExamples() {
        let cases: [(String, String, [PHIKind: [String]])] = [
            ("DOB: Jun '86", "", [:]),
            ("Follow-up (on 7th of June 2015)", "Follow-up", [:]),
            ("Exam date: 2019-10-27T12:36:00 - No acute abnormality", "Exam - No acute abnormality", [:]),
            ("Signed 05/17/1976 07:29 PM, stable", "Signed, stable", [:]),
            ("Hip fracture, 96yo", "Hip fracture", [:]),
            ("Pacemaker. 93 years old.", "Pacemaker.", [:]),
            ("Social Security 027 66 1247 - Signa HDxt 1.5T", "Signa HDxt 1.5T", [:]),
            ("Device serial 32-77839 - Aquilion ONE", "Device - Aquilion ONE", [:]),
            ("Outside study from Hospital Universitario La Paz", "Outside study", [:]),
            ("Images from Sutter Health, Lung 1.25 mm B70f", "Images, Lung 1.25 mm B70f", [:]),
            ("NM BONE SCAN WHOLE BODY Mercy Medical Center", "NM BONE SCAN WHOLE BODY", [:]),
            ("AX T2 FSE 5 mm. pt SMITH OLIVIA. Dual energy.", "AX T2 FSE 5 mm. Dual energy.", [:]),
            ("Dixon in-phase Dr. Svetlana T. Ivanova", "Dixon in-phase", [:]),
            ("Lung 1.25 mm B70f for E. Schmidt", "Lung 1.25 mm B70f", [:]),
            ("Ref. phys.: WASHINGTON^PRIYA", "Ref. phys.", [:]),
            ("Pat. J. Smith, MRI L-SPINE WO", "MRI L-SPINE WO", [:]),
            ("Reviewed with Hiroshi Washington M.D. - SOMATOM Force", "Reviewed with - SOMATOM Force", [:]),
            ("CT HEAD Reviewed with HADDAD^PRIYA", "CT HEAD Reviewed", [:]),
            ("US RENAL BILATERAL, Lives at 9258 Lakeview Boulevard, SOMATOM Force dual energy", "US RENAL BILATERAL, SOMATOM Force dual energy", [:]),
            ("Home address 626 Birch Blvd, Georgetown, Shortness of breath", "Shortness of breath", [:]),
            ("Lives in Apt 4C, 221B Baker Street, London NW1 6XE", "", [:]),
            ("NM BONE SCAN WHOLE BODY, PO Box 9855, Springfield, IL 03540, Small effusion", "NM BONE SCAN WHOLE BODY, Small effusion", [:]),
            ("CT ABDOMEN DAKOTA POOLE", "CT ABDOMEN", [:]),
            ("Contrast allergy, call +1-631-913-1353", "Contrast allergy", [.phone: ["+1-631-913-1353"]]),
            ("Metformin held, ref 123-4567", "Metformin held, ref", [.id: ["PAT1234567"]]),
            ("Small effusion (from Grzyb Memorial)", "Small effusion", [.institution: ["Grzyb Memorial Hospital"]]),
            ("Discovery MR750 3T Thistlewood Valley", "Discovery MR750 3T", [.institution: ["Thistlewood Valley Medical Center"]])
        ]
        let cleaner = TextCleaner()
        for (input, expected, known) in cases {
            XCTAssertEqual(cleaner.clean(input, knownPHI: KnownPHI(values: known)), expected, "input: \(input)")
        }
    }

    /// Clinical text alone, with nothing identifying in it, comes back unchanged.
    func testClinicalTextIsKept() {
        let cleaner = TextCleaner()
        var changed: [String] = []
        var texts = Self.clinical
        for (i, a) in Self.clinical.enumerated() { texts.append("\(a). \(Self.clinical[(i * 7 + 3) % Self.clinical.count]).") }
        texts += [
            "MRI C3-C4 and C5-C6 levels, T2 sag", "CT L4/L5 5 mm slices", "XR Hand 2 views Left", "Contrast: Isovue 300, 75 ml",
            "Dr. order: CT chest with contrast", "Patient prone, arms up", "Signed report pending", "March of contrast bolus",
            "Sequence 3 of 5", "Case 2 of teaching file", "Grant application phantom", "Room 3 scanner", "Version 2.1.0",
            "Protocol 7.1 L-Spine 3 Level 2.5mm", "Brain 5.0 H40s 3/3 kernel", "Apr mode", "Mar artifact",
            "Follow-up in 6 months", "Age-related changes", "95th percentile", "120 kVp 250 mAs", "Dose length product 450 mGy*cm",
            "Discovery MR750w 3.0T", "Ingenia 1.5T", "Optima CT660", "Revolution EVO", "Lightspeed VCT", "Vantage Titan 3T",
            "Window level 40/400", "Heart rate 65 bpm", "Weight 82 kg", "BMI 31", "eGFR 45", "Creatinine 1.2 mg/dL",
            "Bone age Greulich and Pyle", "Hounsfield units 35", "Jackson-Pratt drain", "Foley catheter in place",
            "Parkinson disease", "Alzheimer dementia", "Crohn disease", "Hodgkin lymphoma", "Baker cyst", "Morton neuroma",
            "Addison disease", "Bell palsy", "Paget disease of bone", "Graves disease", "Wilms tumor", "Ewing sarcoma",
            "Colles fracture", "Barrett esophagus", "Chiari I malformation", "Dandy-Walker variant", "Bankart lesion",
            "Hill-Sachs deformity", "Monteggia fracture", "Jefferson fracture C1", "Smith fracture left wrist",
            "Salter-Harris II", "Osgood-Schlatter", "Legg-Calve-Perthes disease", "Meckel diverticulum", "Wilson disease",
            "Whipple procedure", "Nissen fundoplication", "Roux-en-Y bypass", "Harrington rods T4-L2", "Swan-Ganz catheter",
            "Port-a-cath left chest", "Hickman line", "Mediport", "Greenfield filter", "Lisfranc injury", "Jones fracture",
            "Hartmann pouch", "Morison pouch", "Baker's cyst", "Rule out Lyme disease"
        ]
        for t in texts {
            let out = cleaner.clean(t, knownPHI: .none)
            if out != t { changed.append("[\(t)] -> [\(out)]") }
        }
        print("clinical texts changed: \(changed.count)/\(texts.count)\n" + changed.map { "  \($0)\n" }.joined())
        XCTAssertEqual(changed, [])
    }
}
