import DICOMCore
import DICOMObject
import DICOMPixels

/// Which images are read for burned-in text. Whatever the policy, a frame the text
/// pre-check finds no text-like structure in is not handed to OCR.
///
/// - `default`: every image that can carry burned-in text: Burned In Annotation (0028,0301)
///   YES or absent, and, whatever the flag says, the modalities that often carry text
///   (US, SC, OT, XA, RF, ES, DX, CR, MG, XC, IO, PX, GM, SM, DOC...), secondary captures
///   (SOP classes 1.2.840.10008.5.1.4.1.1.7*), images whose Image Type says DERIVED or
///   SECONDARY, and screen captures (Conversion Type present): devices and converters often
///   write NO by default. Not read: Burned In Annotation NO on other modalities, and
///   one-bit images (segmentations, bitmaps), which have no room for legible text.
/// - `modality`: only the modalities, captures and derived images above with Burned In
///   Annotation YES or absent (NO is trusted).
/// - `flagged`: only images with Burned In Annotation YES.
/// - `all`: every image.
public enum ReadPolicy: String, Sendable, CaseIterable {
    case `default`, modality, flagged, all

    static let textModalities: Set<String> = [
        "US", "SC", "OT", "XA", "RF", "ES", "DX", "CR", "MG", "XC", "IO", "PX",
        "GM", "SM", "DOC", "IVUS", "OP", "OPT", "EPS", "ECG", "RG"
    ]

    /// Whether an image with this header is read, and why (for the record's notes).
    public func decide(_ ds: DataSet) -> (read: Bool, reason: String) {
        let burned = ds.string(Tag.burnedInAnnotation)?.trimmingSpaces().uppercased() ?? ""
        switch self {
        case .all: return (true, "all")
        case .flagged: return (burned == "YES", burned == "YES" ? "burned-in-annotation" : "not-flagged")
        case .default, .modality:
            if ds.uint(Tag.bitsAllocated) == 1 { return (false, "one-bit") }
            if burned == "YES" { return (true, "burned-in-annotation") }
            let textual = Self.carriesText(ds)
            if self == .modality {
                if burned == "NO" { return (false, "burned-in-annotation-no") }
                return textual.map { (true, $0) } ?? (false, "policy")
            }
            if let why = textual { return (true, why) }
            if burned == "NO" { return (false, "burned-in-annotation-no") }
            return (true, "burned-in-annotation-absent")
        }
    }

    /// Why an image is of a kind that often carries burned-in text, or nil.
    static func carriesText(_ ds: DataSet) -> String? {
        let modality = ds.string(Tag.modality)?.trimmingSpaces().uppercased() ?? ""
        if textModalities.contains(modality) { return "modality" }
        let sop = ds.string(Tag.sopClassUID)?.trimmingSpaces() ?? ""
        if sop.hasPrefix("1.2.840.10008.5.1.4.1.1.7") { return "secondary-capture" }
        let imageType = ds.strings(Tag.imageType).map { $0.trimmingSpaces().uppercased() }
        if imageType.contains("DERIVED") || imageType.contains("SECONDARY") { return "derived" }
        if ds[Tag.conversionType] != nil { return "screen-capture" }
        return nil
    }
}
