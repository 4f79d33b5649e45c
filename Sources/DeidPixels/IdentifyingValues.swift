import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPixels

/// The identifying values an image's burned-in text is compared with: the original
/// header values carried by earlier stages (`record.deid.phi`) and those still in the
/// header, normalized to upper-case letters and digits.
public struct IdentifyingValues: Sendable {
    /// Whole values in compact form (letters and digits only, upper case): names, IDs,
    /// institutions, addresses, dates in every written form.
    public private(set) var compact: Set<String> = []
    /// Single words of names, institutions and addresses (3+ characters).
    public private(set) var parts: Set<String> = []
    /// The words of people's names among `parts`.
    public private(set) var nameParts: Set<String> = []
    /// IDs and phone numbers (compact), also found inside longer tokens.
    public private(set) var ids: Set<String> = []
    /// Name words that are also placeholders or clinical words ("TEST", "FEMORAL"): not
    /// identifying alone, only next to a word of the name that is.
    public private(set) var weakParts: Set<String> = []

    public init() {}

    /// Values from the stream's `phi` member.
    public mutating func add(phi: [PHIKind: [String]]) {
        for (kind, values) in phi {
            for v in values { add(v, kind: kind) }
        }
    }

    /// The header attributes whose values are searched for in the pixels, for streams no
    /// scrubbing stage has seen and for the values a profile keeps (shifted dates, pseudonyms):
    /// people, patient and study identifiers, phones, the study-level dates, the institution and
    /// addresses. Their kinds come from the one table, `PHIKind.of(_:vr:)`.
    static let headerTags: [(Tag, PHIKind)] = {
        let tags: [UInt32] = [
            0x0010_0010, 0x0010_1001, 0x0010_1060, 0x0008_0090, 0x0008_1050, 0x0008_1070, 0x0008_1060, 0x0032_1032,
            0x0010_0020, 0x0010_1000, 0x0008_0050, 0x0020_0010,
            0x0010_2154, 0x0008_0094,
            0x0010_0030, 0x0008_0020, 0x0008_0021, 0x0008_0022, 0x0008_0023, 0x0008_0012,
            0x0008_0080, 0x0008_0081, 0x0010_1040, 0x0008_1040
        ]
        return tags.map { raw in
            let tag = Tag(raw)
            // Every one of them is in the table (or a person name by its VR): checked by a test.
            return (tag, PHIKind.of(tag, vr: DataDictionary.entry(for: tag)?.vr ?? .UN) ?? .other)
        }
    }()

    /// Values from the header itself (for streams no scrubbing stage has seen).
    public mutating func add(header ds: DataSet) {
        let cs = ds.declaredCharacterSet ?? .defaultRepertoire
        for (t, kind) in IdentifyingValues.headerTags {
            for v in ds.strings(t, charset: cs) where !v.isEmpty { add(v, kind: kind) }
        }
        if let seq = ds[Tag.otherPatientIDsSequence]?.items {  // Other Patient IDs Sequence
            for item in seq { if let v = item.string(Tag.patientID, charset: cs) { add(v, kind: .id) } }
        }
    }

    /// Adds one value of the given kind.
    public mutating func add(_ value: String, kind: PHIKind) {
        let whole = TextNorm.compact(value)
        switch kind {
        case .date:
            if let d = TextNorm.digits(value), d.count == 8 {
                compact.formUnion(DateForms.compactForms(yyyymmdd: d))
            } else if whole.count >= 6 {
                compact.insert(whole)
            }
        case .id, .phone:
            if whole.count >= 3 { compact.insert(whole) }
            if whole.count >= 5 { ids.insert(whole) }
            if kind == .phone, let d = TextNorm.digits(value), d.count >= 7 { ids.insert(d) }
        default:
            if whole.count >= 3 { compact.insert(whole) }
            for w in TextNorm.words(value) where w.count >= 3 {
                if ClinicalWords.keep.contains(w) {
                    weakParts.insert(w)
                } else {
                    parts.insert(w)
                    if kind == .name { nameParts.insert(w) }
                }
            }
        }
    }

    public var isEmpty: Bool { compact.isEmpty && parts.isEmpty && ids.isEmpty }
}

/// Text normalization shared by the header values and the OCR words.
enum TextNorm {
    /// Upper-case ASCII letters and digits only (accents dropped to their base letter).
    static func compact(_ s: String) -> String {
        var out = ""
        for ch in s.uppercased().unicodeScalars {
            if (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9") {
                out.unicodeScalars.append(ch)
            } else if let base = foldAccent(ch) {
                out.unicodeScalars.append(base)
            }
        }
        return out
    }
    /// Words of a value: split at anything not a letter or digit, including DICOM's ^.
    static func words(_ s: String) -> [String] {
        var out: [String] = [], cur = ""
        for ch in s.uppercased().unicodeScalars {
            if (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9") {
                cur.unicodeScalars.append(ch)
            } else if let b = foldAccent(ch) {
                cur.unicodeScalars.append(b)
            } else if !cur.isEmpty {
                out.append(cur); cur = ""
            }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }
    static func digits(_ s: String) -> String? {
        let d = String(s.unicodeScalars.filter { $0 >= "0" && $0 <= "9" })
        return d.isEmpty ? nil : d
    }
    static func foldAccent(_ c: Unicode.Scalar) -> Unicode.Scalar? {
        switch c {
        case "À", "Á", "Â", "Ã", "Ä", "Å": return "A"
        case "Ç": return "C"
        case "È", "É", "Ê", "Ë": return "E"
        case "Ì", "Í", "Î", "Ï": return "I"
        case "Ñ": return "N"
        case "Ò", "Ó", "Ô", "Õ", "Ö", "Ø": return "O"
        case "Ù", "Ú", "Û", "Ü": return "U"
        case "Ý": return "Y"
        default: return nil
        }
    }
}

/// Written forms of a date, compact (letters and digits only).
enum DateForms {
    static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let monthNames = [
        "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST",
        "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"
    ]

    static func compactForms(yyyymmdd d: String) -> Set<String> {
        let c = Array(d)
        guard c.count == 8, let m = Int(String(c[4...5])), let day = Int(String(c[6...7])), (1...12).contains(m), (1...31).contains(day) else {
            return [d]
        }
        let yyyy = String(c[0...3]), yy = String(c[2...3])
        let mms = [String(c[4...5]), String(m)], dds = [String(c[6...7]), String(day)]
        var out: Set<String> = [d]
        for mm in mms {
            for dd in dds {
                for y in [yyyy, yy] { out.insert(mm + dd + y); out.insert(dd + mm + y); out.insert(y + mm + dd) }
                for mon in [months[m - 1], monthNames[m - 1]] {
                    for y in [yyyy, yy] {
                        out.insert(y + mon + dd); out.insert(dd + mon + y); out.insert(mon + dd + y)
                    }
                }
            }
        }
        return out.filter { $0.count >= 5 }
    }
}

/// Words that are clinical labels, never names (kept even when a name contains them).
enum ClinicalWords {
    static let keep: Set<String> = [
        "THE", "AND", "OF", "MR", "MRS", "MS", "DR", "MD", "PHD", "JR", "SR", "II", "III", "IV",
        "LEFT", "RIGHT", "AP", "PA", "LAT", "CM", "MM", "HZ", "MHZ", "KHZ", "DB", "FPS", "BPM",
        "GAIN", "DEPTH", "HOSPITAL", "CLINIC", "MEDICAL", "CENTER", "CENTRE", "UNIVERSITY", "HEALTH",
        // Placeholders that test and anonymized records put in name fields, and that
        // screens print as ordinary words ("SMPTE TEST PATTERN").
        "TEST", "PATIENT", "ANONYMOUS", "ANONYMIZED", "ANONYMISED", "UNKNOWN", "PHANTOM", "DEMO", "SAMPLE",
        "CASE", "REPORT", "STUDY", "SERIES", "IMAGE", "EXAM", "MODALITY", "QUALITY", "CONTROL",
        // Anatomy and procedures: a name field holding a study's description must not
        // make the same clinical words on screen count as a name.
        "HEAD", "NECK", "CHEST", "THORAX", "ABDOMEN", "PELVIS", "SPINE", "BRAIN", "HEART", "CARDIAC", "CARDIO",
        "LIVER", "KIDNEY", "RENAL", "BREAST", "THYROID", "KNEE", "HIP", "SHOULDER", "ANKLE", "WRIST", "ELBOW",
        "FEMORAL", "CAROTID", "AORTA", "AORTIC", "ARTERY", "ARTERIAL", "VEIN", "VENOUS", "VASCULAR", "CORONARY",
        "HUMERAL", "RADIAL", "ULNAR", "TIBIAL", "ILIAC", "PORTAL", "JUGULAR", "SUBCLAVIAN", "POPLITEAL", "BRACHIAL",
        "LUMBAR", "CERVICAL", "THORACIC", "SACRAL", "FETAL", "OBSTETRIC", "ECHO", "DOPPLER", "COLOR", "SCAN",
        "ANTERIOR", "POSTERIOR", "LATERAL", "MEDIAL", "PROXIMAL", "DISTAL", "SUPERIOR", "INFERIOR", "AXIAL",
        "SAGITTAL", "CORONAL", "CONTRAST", "ROUTINE", "FOLLOW", "BIOPSY", "SURGERY", "STENT", "GRAFT"
    ]
}
