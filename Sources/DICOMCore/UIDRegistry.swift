/// Look-ups of UIDs defined by the DICOM standard (PS3.6 Annex A, generated into `Generated/`).
///
/// Arguments may carry the trailing NUL or space padding of an encoded UI value.
public enum UIDRegistry {
    /// The name of a standard SOP class, e.g. "CT Image Storage"; nil for anything else
    /// (private SOP classes included).
    public static func sopClassName(_ uid: String) -> String? {
        sopClassNames[TransferSyntax.trimmed(uid)]
    }

    /// Whether `uid` names something defined once for everybody (a SOP class, transfer syntax,
    /// coding scheme, well-known frame of reference, ...) rather than an instance: true for the
    /// standard SOP classes, everything under the DICOM root `1.2.840.10008.`, and the private
    /// SOP classes and transfer syntaxes in `wellKnownPrivateUIDs`.
    /// Such UIDs identify no patient and must survive de-identification unchanged.
    public static func isWellKnown(_ uid: String) -> Bool {
        let u = TransferSyntax.trimmed(uid)
        return u.hasPrefix(dicomRoot) || sopClassNames[u] != nil || wellKnownPrivateUIDs[u] != nil
    }

    /// The root under which NEMA registers every standard UID.
    static let dicomRoot = "1.2.840.10008."

    /// Private SOP classes and transfer syntaxes common in real archives, as listed by DCMTK and
    /// fo-dicom. Exact UIDs only, never vendor roots: vendors issue their instance UIDs under the
    /// same roots (e.g. Siemens 1.3.12.2.1107.5.*, GE 1.2.840.113619.*, Philips 1.3.46.670589.*).
    static let wellKnownPrivateUIDs: [String: String] = [
        "1.2.840.113619.4.2": "Private GE Dicom MR Image Info Object",
        "1.2.840.113619.4.3": "Private GE Dicom CT Image Info Object",
        "1.2.840.113619.4.4": "Private GE Dicom Display Image Info Object",
        "1.2.840.113619.4.26": "Private GE 3D Model Storage",
        "1.2.840.113619.4.27": "Private GE eNTEGRA Protocol or NM Genie Storage",
        "1.2.840.113619.4.30": "Private GE PET Raw Data Storage",
        "1.2.840.113619.5.2": "Private GE Implicit VR Big Endian (transfer syntax)",
        "1.3.12.2.1107.5.9.1": "Private Siemens CSA Non-Image Storage",
        "1.3.12.2.1107.5.99.3.10": "Private Siemens CT MR Volume Storage",
        "1.3.12.2.1107.5.99.3.11": "Private Siemens AX Frame Sets Storage",
        "1.3.46.670589.11.0.0.12.1": "Private Philips MR Spectrum Storage",
        "1.3.46.670589.11.0.0.12.2": "Private Philips MR Series Data Storage",
        "1.3.46.670589.11.0.0.12.3": "Private Philips MR Color Image Storage",
        "1.3.46.670589.11.0.0.12.4": "Private Philips MR Examcard Storage",
        "1.2.392.200036.9125.1.1.2": "Private Fuji CR Image Storage",
        "1.2.392.200036.9116.7.8.1.1.1": "Private Toshiba US Image Storage"
    ]

    /// Built once from `generatedSOPClassText`: one `UID<TAB>Name` line per SOP class.
    static let sopClassNames: [String: String] = {
        var m = [String: String]()
        for line in generatedSOPClassText.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            m[String(line[..<tab])] = String(line[line.index(after: tab)...])
        }
        return m
    }()
}
