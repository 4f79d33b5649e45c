/// Why one input did not come through: the `cause` of an error record (dcm-stream(5)),
/// which dcm-write's summary and dcm-review count. It lives at the bottom layer so that
/// each error type says its cause where it is defined, from Part 10 reading up to the
/// stages. The raw values are the stream's names for the causes: new causes may be
/// added, none renamed (a reader that does not know a name treats the cause as absent).
public enum FailureCause: String, CaseIterable, Sendable {
    /// The input could not be read at all (an I/O error).
    case unreadable
    /// Not a DICOM file (failed only under `dcm-parse --strict`).
    case notDICOM = "not-dicom"
    /// A DICOMDIR: its directory records are never copied (`dcm-parse --strict`, or a
    /// stream of other origin reaching dcm-write).
    case directory = "dicomdir"
    /// Not well formed: truncated, a bad length, nesting too deep, deflated data that does
    /// not inflate; or a stream record that does not decode.
    case malformed
    /// Pixel data in a transfer syntax that no decoder here reads.
    case unsupportedSyntax = "unsupported-syntax"
    /// Pixel data that does not decode: damaged, a form its syntax allows that is not
    /// supported, or image attributes missing or unusable.
    case undecodablePixels = "undecodable-pixels"
    /// Its PatientID is not in the patient mapping (`dcm-pseudo --require-mapping`).
    case unmappedPatient = "unmapped-patient"
    /// A value that a Part 10 file cannot hold (too long for its length field).
    case unencodable
    /// Refused by dcm-write's interlock: a required de-identification step did not run.
    case notDeidentified = "not-deidentified"
    /// Another input of the same run wrote (or would write) the same output file.
    case duplicate
    /// Its output file exists already, from an earlier run.
    case outputExists = "output-exists"
    /// What it produces (its file, or its mapping rows) could not be written.
    case unwritable
    /// Anything else; the message says what.
    case other

    /// The words of dcm-write's summary line and dcm-review's report.
    public var label: String {
        switch self {
        case .unreadable: "unreadable"
        case .notDICOM: "not DICOM"
        case .directory: "DICOMDIR"
        case .malformed: "malformed"
        case .unsupportedSyntax: "unsupported transfer syntax"
        case .undecodablePixels: "undecodable"
        case .unmappedPatient: "not in the patient mapping"
        case .unencodable: "not encodable"
        case .notDeidentified: "refused by the interlock"
        case .duplicate: "duplicate"
        case .outputExists: "already exists"
        case .unwritable: "not writable"
        case .other: "other"
        }
    }

    /// The cause `error` names, or `.other` when its type names none.
    public init(of error: any Error) {
        self = (error as? any ClassifiedError)?.failureCause ?? .other
    }
}

/// An error that can fail one record says which `FailureCause` it stands for, so the error
/// record made from it carries the cause without anyone reading its message.
public protocol ClassifiedError: Error {
    var failureCause: FailureCause { get }
}
