/// The options of the Basic Application Level Confidentiality Profile (PS3.15 Annex E),
/// each with its CID 7050 code. Raw values are the names carried in `record.deid.options`
/// and accepted in profile files.
public enum DeidOption: String, CaseIterable, Sendable, Comparable {
    case retainSafePrivate = "RetainSafePrivate"
    case retainUIDs = "RetainUIDs"
    case retainDeviceIdentity = "RetainDeviceIdentity"
    case retainInstitutionIdentity = "RetainInstitutionIdentity"
    case retainPatientCharacteristics = "RetainPatientCharacteristics"
    case retainLongitudinalFullDates = "RetainLongitudinalTemporalInformationFullDates"
    case retainLongitudinalModifiedDates = "RetainLongitudinalTemporalInformationModifiedDates"
    case cleanDescriptors = "CleanDescriptors"
    case cleanStructuredContent = "CleanStructuredContent"
    case cleanGraphics = "CleanGraphics"
    /// Declared here, carried out by dcm-redact-pixels.
    case cleanPixelData = "CleanPixelData"
    /// Declared only: no header attribute depends on it.
    case cleanRecognizableVisualFeatures = "CleanRecognizableVisualFeatures"

    public static func < (a: DeidOption, b: DeidOption) -> Bool {
        a.codeValue < b.codeValue
    }

    /// CID 7050 code value (coding scheme DCM).
    public var codeValue: String {
        switch self {
        case .cleanPixelData: return "113101"
        case .cleanRecognizableVisualFeatures: return "113102"
        case .cleanGraphics: return "113103"
        case .cleanStructuredContent: return "113104"
        case .cleanDescriptors: return "113105"
        case .retainLongitudinalFullDates: return "113106"
        case .retainLongitudinalModifiedDates: return "113107"
        case .retainPatientCharacteristics: return "113108"
        case .retainDeviceIdentity: return "113109"
        case .retainUIDs: return "113110"
        case .retainSafePrivate: return "113111"
        case .retainInstitutionIdentity: return "113112"
        }
    }

    /// CID 7050 code meaning.
    public var codeMeaning: String {
        switch self {
        case .cleanPixelData: return "Clean Pixel Data Option"
        case .cleanRecognizableVisualFeatures: return "Clean Recognizable Visual Features Option"
        case .cleanGraphics: return "Clean Graphics Option"
        case .cleanStructuredContent: return "Clean Structured Content Option"
        case .cleanDescriptors: return "Clean Descriptors Option"
        case .retainLongitudinalFullDates: return "Retain Longitudinal Temporal Information Full Dates Option"
        case .retainLongitudinalModifiedDates: return "Retain Longitudinal Temporal Information Modified Dates Option"
        case .retainPatientCharacteristics: return "Retain Patient Characteristics Option"
        case .retainDeviceIdentity: return "Retain Device Identity Option"
        case .retainUIDs: return "Retain UIDs Option"
        case .retainSafePrivate: return "Retain Safe Private Option"
        case .retainInstitutionIdentity: return "Retain Institution Identity Option"
        }
    }

    /// The code of the profile itself, always present in the marker sequence.
    public static let basicProfileCode = (value: "113100", meaning: "Basic Application Confidentiality Profile")

    /// Accepts the raw value, the code value, or a spelling without case, spaces, dashes
    /// and the words "Option"/"Information" (e.g. "retain-modified-dates").
    public init?(name: String) {
        if let o = DeidOption(rawValue: name) { self = o; return }
        let key = DeidOption.squash(name)
        guard
            let o = DeidOption.allCases.first(where: {
                $0.codeValue == name || DeidOption.squash($0.rawValue) == key || $0.shortNames.contains(key)
            })
        else { return nil }
        self = o
    }

    /// The command-line spelling, e.g. `retain-modified-dates`.
    public var flagName: String {
        switch self {
        case .retainSafePrivate: return "retain-safe-private"
        case .retainUIDs: return "retain-uids"
        case .retainDeviceIdentity: return "retain-device-identity"
        case .retainInstitutionIdentity: return "retain-institution-identity"
        case .retainPatientCharacteristics: return "retain-patient-characteristics"
        case .retainLongitudinalFullDates: return "retain-full-dates"
        case .retainLongitudinalModifiedDates: return "retain-modified-dates"
        case .cleanDescriptors: return "clean-descriptors"
        case .cleanStructuredContent: return "clean-structured-content"
        case .cleanGraphics: return "clean-graphics"
        case .cleanPixelData: return "clean-pixel-data"
        case .cleanRecognizableVisualFeatures: return "clean-visual-features"
        }
    }

    private var shortNames: [String] {
        [DeidOption.squash(flagName)]
    }

    static func squash(_ s: String) -> String {
        var out = ""
        for c in s.lowercased() where c.isLetter || c.isNumber { out.append(c) }
        for w in ["option", "temporalinformation", "longitudinal"] {
            out = out.replacingAll(w, with: "")
        }
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        // No byte of an ASCII target's kind in the text: nothing to find (most values).
        if target.utf8.count == 1, let t = target.utf8.first, t < 0x80, !utf8.contains(t) { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
