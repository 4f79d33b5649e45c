/// Failed records counted by cause, for the summary line of dcm-write: the stage that
/// reported a failure said why in words, and the summary groups them.
public struct FailureTally: Sendable {
    public enum Cause: String, CaseIterable, Sendable {
        case unreadable = "unreadable"
        case undecodable = "undecodable"
        case refused = "refused by the interlock"
        case duplicate = "duplicate"
        case exists = "already exists"
        case other = "other"
    }

    public private(set) var counts: [Cause: Int] = [:]
    public init() {}

    public var total: Int { counts.values.reduce(0, +) }

    /// The cause of a failure that `stage` reported with `message`.
    public static func cause(stage: String, message: String) -> Cause {
        switch stage {
        case "dcm-parse":
            return .unreadable
        case "dcm-redact-pixels":
            // The pixel stage fails a record only when its pixel data cannot be read.
            return .undecodable
        default:
            if message.contains("--allow-incomplete") || message.hasPrefix("not de-identified")
                || message.hasPrefix("de-identification incomplete")
            {
                return .refused
            }
            if message.contains("duplicate SOP Instance UID") || message.contains("same output name") { return .duplicate }
            if message.contains(" exists ") || message.contains(" exists (") { return .exists }
            return .other
        }
    }

    public mutating func add(stage: String, message: String) {
        counts[Self.cause(stage: stage, message: message), default: 0] += 1
    }

    /// "2 unreadable, 1 refused by the interlock" (causes in a fixed order), or "".
    public var summary: String {
        Cause.allCases.compactMap { c in counts[c].map { "\($0) \(c.rawValue)" } }.joined(separator: ", ")
    }
}
