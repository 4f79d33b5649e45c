import DICOMCore
import DICOMStream

/// Failed records counted by cause, for the summary line of dcm-write and its report: the
/// cause each error record carries, or for a record without one (an older stream, a stage
/// of other origin) the cause read from which stage failed it and its message.
public struct FailureTally: Sendable {
    public private(set) var counts: [FailureCause: Int] = [:]
    public init() {}

    public var total: Int { counts.values.reduce(0, +) }

    /// The cause of `record`: the one it carries, or else `cause(stage:message:)`.
    public static func cause(of record: ErrorRecord) -> FailureCause {
        record.cause ?? cause(stage: record.stage, message: record.message)
    }

    /// The cause of a failure that `stage` reported with `message` in a record that names
    /// none. The words matched are those the dcm-deid tools wrote before error records
    /// carried a cause.
    public static func cause(stage: String, message: String) -> FailureCause {
        switch stage {
        case "dcm-parse":
            if message.hasPrefix("not DICOM") { return .notDICOM }
            if message.hasPrefix("DICOMDIR") { return .directory }
            if message.hasPrefix("I/O error") { return .unreadable }
            return .malformed
        case "dcm-redact-pixels":
            // The pixel stage fails a record only when its pixel data cannot be read.
            return message.contains("cannot be decoded here") ? .unsupportedSyntax : .undecodablePixels
        default:
            if message.contains("--allow-incomplete") || message.hasPrefix("not de-identified")
                || message.hasPrefix("de-identification incomplete")
            {
                return .notDeidentified
            }
            if message.contains("duplicate SOP Instance UID") || message.contains("same output name") { return .duplicate }
            if message.contains(" exists ") || message.contains(" exists (") { return .outputExists }
            if message.hasPrefix("DICOMDIR not written") { return .directory }
            if message.contains("not in the patient mapping") { return .unmappedPatient }
            return .other
        }
    }

    public mutating func add(_ record: ErrorRecord) {
        counts[Self.cause(of: record), default: 0] += 1
    }

    /// "2 malformed, 1 refused by the interlock" (causes in a fixed order), or "".
    public var summary: String {
        FailureCause.allCases.compactMap { c in counts[c].map { "\($0) \(c.label)" } }.joined(separator: ", ")
    }

    /// The counts by the causes' stream names, in the same order, for dcm-write's report.
    public var json: JSON {
        .object(FailureCause.allCases.compactMap { c in counts[c].map { (c.rawValue, .number(String($0))) } })
    }
}
