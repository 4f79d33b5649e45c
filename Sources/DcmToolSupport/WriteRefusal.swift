import DICOMCore

/// A record dcm-write does not write though nothing failed: the interlock, an existing or
/// duplicate output file, a DICOMDIR. Typed so that its error record names the cause.
public struct WriteRefusal: Error, CustomStringConvertible, Sendable, ClassifiedError {
    public var failureCause: FailureCause
    public var message: String
    public init(_ cause: FailureCause, _ message: String) { failureCause = cause; self.message = message }
    public var description: String { message }
}
