import DICOMCore

// A record header that does not decode (JSON, binary, or a value that does not fit its VR)
// fails that record alone, as malformed. (StreamError is not here: it ends the stream.)
extension ValueError: ClassifiedError { public var failureCause: FailureCause { .malformed } }
extension BinaryHeaderError: ClassifiedError { public var failureCause: FailureCause { .malformed } }
extension JSONError: ClassifiedError { public var failureCause: FailureCause { .malformed } }
