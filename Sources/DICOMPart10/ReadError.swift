import DICOMCore

/// Why an input could not be read. Messages name offsets and tags, never values.
public struct DICOMReadError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        case notDICOM = "not DICOM"
        case truncated
        case invalidLength = "invalid length"
        case malformed
        case tooDeep = "nesting too deep"
        case io = "I/O error"
        case deflate = "deflate error"
    }
    public var kind: Kind
    public var message: String
    /// Byte offset in the (inflated) input where the problem was found.
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind; self.message = message; self.offset = offset
    }
    public var description: String {
        if let o = offset { return "\(kind.rawValue): \(message) (at byte \(o))" }
        return "\(kind.rawValue): \(message)"
    }
}

extension DICOMReadError: ClassifiedError {
    public var failureCause: FailureCause {
        switch kind {
        case .notDICOM: .notDICOM
        case .io: .unreadable
        case .truncated, .invalidLength, .malformed, .tooDeep, .deflate: .malformed
        }
    }
}
