import DICOMCore
import DICOMObject
import DICOMPart10

/// One instance travelling through the pipeline: the parsed file, where it came from,
/// and what the stages recorded about it.
public struct Record: Sendable {
    /// The input path (or `-`), for reports. Never used to name output files.
    public var source: String
    public var file: DICOMFile
    /// Other top-level members of the record, in order (stage state such as `deid`).
    public var extras: [(String, JSON)]

    public init(source: String, file: DICOMFile, extras: [(String, JSON)] = []) {
        self.source = source; self.file = file; self.extras = extras
    }

    public subscript(extra key: String) -> JSON? {
        get { extras.first { $0.0 == key }?.1 }
        set {
            if let i = extras.firstIndex(where: { $0.0 == key }) {
                if let v = newValue { extras[i].1 = v } else { extras.remove(at: i) }
            } else if let v = newValue {
                extras.append((key, v))
            }
        }
    }
}

/// A record that stands for an input that failed: which input, which stage, why (in words
/// for people, and as a `FailureCause` for programs).
public struct ErrorRecord: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var stage: String
    public var message: String
    /// The `cause` member as the stream carries it, kept as read: a name this version does
    /// not know passes on unchanged. Nil in records written before causes were (older
    /// streams, stages of other origin).
    public var causeName: String?

    public init(source: String, stage: String, message: String, cause: FailureCause?) {
        self.source = source; self.stage = stage; self.message = message; self.causeName = cause?.rawValue
    }
    /// The record for `error`, which `stage` met on `source`: its message and the cause
    /// its type names (`.other` when it names none).
    public init(source: String, stage: String, error: any Error) {
        self.init(source: source, stage: stage, message: "\(error)", cause: FailureCause(of: error))
    }

    /// The cause, when the record has one this version knows.
    public var cause: FailureCause? {
        get { causeName.flatMap(FailureCause.init(rawValue:)) }
        set { causeName = newValue?.rawValue }
    }

    public var description: String { "\(source): \(stage): \(message)" }

    public var json: JSON {
        var members: [(String, JSON)] = [("source", .string(source)), ("stage", .string(stage)), ("message", .string(message))]
        if let causeName { members.append(("cause", .string(causeName))) }
        return .object([("error", .object(members))])
    }
    public init?(json: JSON) {
        guard let e = json["error"], let s = e["source"]?.stringValue, let st = e["stage"]?.stringValue,
            let m = e["message"]?.stringValue
        else { return nil }
        self.init(source: s, stage: st, message: m, cause: nil)
        causeName = e["cause"]?.stringValue
    }
}

extension Record {
    /// The stages that have processed this record, in order (the `pipeline` member).
    public var pipeline: [JSON] {
        get { self[extra: "pipeline"]?.arrayValue ?? [] }
        set { self[extra: "pipeline"] = newValue.isEmpty ? nil : .array(newValue) }
    }
    /// Records that `stage` ran, with its settings.
    public mutating func noteStage(_ stage: String, settings: [(String, JSON)] = []) {
        pipeline.append(.object([("stage", .string(stage))] + (settings.isEmpty ? [] : [("settings", .object(settings))])))
    }
}
