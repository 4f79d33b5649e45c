import DICOMCore
import DICOMObject
import DICOMStream

/// What the de-identification stages tell each other through the `deid` member of a
/// record: the profile and options in force, which steps are still required, and the
/// original identifying values that later stages search for (in text and in pixels).
/// dcm-write never writes any of it into a file.
public struct DeidState: Sendable, Equatable {
    /// Steps a later stage must carry out before the record may be written.
    public enum Step: String, Sendable, CaseIterable {
        /// PatientID/PatientName replaced by pseudonyms (dcm-pseudo).
        case pseudonymizePatient = "pseudonymize-patient"
        /// Identifying UIDs replaced consistently (dcm-pseudo).
        case remapUIDs = "remap-uids"
        /// Dates shifted per patient (dcm-pseudo).
        case shiftDates = "shift-dates"
        /// Burned-in text found and masked (dcm-redact-pixels).
        case cleanPixels = "clean-pixels"
    }

    /// Name of the profile applied (e.g. "tcia", "basic").
    public var profile: String?
    /// PS3.15 option names in force (e.g. "RetainLongitudinalTemporalInformationModifiedDates").
    public var options: [String] = []
    /// Steps required by the profile.
    public var required: [Step] = []
    /// Steps already carried out.
    public var done: [Step] = []
    /// How a step ended when that is not plain "done", keyed by the step's raw value: a
    /// step marked done without doing its work (dcm-redact-pixels: "not read: one-bit"),
    /// or left outstanding on purpose ("undecodable: passed unexamined"). Shown by
    /// `dcm-json --record` and in dcm-write's refusal. Never holds identifying values.
    public var notes: [String: String] = [:]
    /// Original identifying values, grouped by kind. Never written to output.
    public var phi: [PHIKind: [String]] = [:]
    /// Paths of elements a later stage must treat beyond its own rules, keyed by action.
    /// Path syntax: `GGGGEEEE` at the top level, `GGGGEEEE[i].GGGGEEEE` inside sequence items.
    public var paths: [PathAction: [String]] = [:]

    /// What dcm-pseudo does to an element listed under `paths` (private elements the Private
    /// Tag Knowledge Base marks h, o or oi); the raw values are the stream's names.
    public enum PathAction: String, Sendable, CaseIterable, Comparable {
        /// Replace the UID it holds as every other UID.
        case hashUID = "hash-uid"
        /// Shift the date it holds (DA, DT, or dates inside text).
        case shiftDate = "shift-date"
        /// Shift the date it holds as a number (YYYYMMDD or seconds since 1970).
        case shiftIntDate = "shift-int-date"

        public static func < (a: PathAction, b: PathAction) -> Bool { a.rawValue < b.rawValue }
    }

    public init() {}

    /// Steps required and not done.
    public var outstanding: [Step] { required.filter { !done.contains($0) } }

    public mutating func require(_ s: Step) { if !required.contains(s) { required.append(s) } }
    public mutating func markDone(_ s: Step) { if !done.contains(s) { done.append(s) } }
    /// Marks `s` done with why it was done without its usual work.
    public mutating func markDone(_ s: Step, note: String) { markDone(s); notes[s.rawValue] = note }
    /// Records why `s` is left outstanding.
    public mutating func leaveOutstanding(_ s: Step, note: String) { notes[s.rawValue] = note }

    /// The note dcm-redact-pixels leaves on an image it did not read because its output file
    /// exists (a resumed run): dcm-write --skip-existing counts such a record as done when
    /// the file is still there, and the interlock refuses it otherwise.
    public static let outputExistsNote = "output-exists"

    /// Whether a data set holds pixel data (integer, float or double float): the records
    /// Clean Pixel Data applies to. Icon Image Sequences are not counted: every built-in
    /// profile removes them (X in PS3.15 Table E.1-1).
    public static func hasPixelData(_ ds: DataSet) -> Bool {
        ds[.pixelData] != nil || ds[Tag.floatPixelData] != nil || ds[Tag.doubleFloatPixelData] != nil
    }

    /// Adds an original value of the given kind (ignored when empty or already present).
    public mutating func addPHI(_ value: String, kind: PHIKind) {
        let v = value.trimmingCharacters()
        guard !v.isEmpty else { return }
        if !(phi[kind]?.contains(v) ?? false) { phi[kind, default: []].append(v) }
    }

    public var json: JSON {
        var m: [(String, JSON)] = []
        if let profile { m.append(("profile", .string(profile))) }
        if !options.isEmpty { m.append(("options", .array(options.map { .string($0) }))) }
        m.append(("required", .array(required.map { .string($0.rawValue) })))
        m.append(("done", .array(done.map { .string($0.rawValue) })))
        if !notes.isEmpty {
            m.append(("notes", .object(notes.keys.sorted().map { ($0, .string(notes[$0]!)) })))
        }
        if !phi.isEmpty {
            m.append(("phi", .object(phi.keys.sorted().map { ($0.rawValue, .array(phi[$0]!.map { .string($0) })) })))
        }
        if !paths.isEmpty {
            m.append(("paths", .object(paths.keys.sorted().map { ($0.rawValue, .array(paths[$0]!.map { .string($0) })) })))
        }
        return .object(m)
    }

    public init(json: JSON) {
        profile = json["profile"]?.stringValue
        options = json["options"]?.arrayValue?.compactMap { $0.stringValue } ?? []
        required = json["required"]?.arrayValue?.compactMap { $0.stringValue.flatMap(Step.init) } ?? []
        done = json["done"]?.arrayValue?.compactMap { $0.stringValue.flatMap(Step.init) } ?? []
        for (k, v) in json["notes"]?.objectValue ?? [] { if let n = v.stringValue { notes[k] = n } }
        for (k, v) in json["phi"]?.objectValue ?? [] {
            phi[PHIKind(streamName: k), default: []] += v.arrayValue?.compactMap { $0.stringValue } ?? []
        }
        // An action this version does not know could not be carried out here anyway.
        for (k, v) in json["paths"]?.objectValue ?? [] {
            guard let action = PathAction(rawValue: k) else { continue }
            paths[action, default: []] += v.arrayValue?.compactMap { $0.stringValue } ?? []
        }
    }
}

extension Record {
    /// The de-identification state carried by this record (empty when no stage set it).
    public var deid: DeidState {
        get { self[extra: "deid"].map(DeidState.init(json:)) ?? DeidState() }
        set { self[extra: "deid"] = newValue.json }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var u = Substring(self)
        while let l = u.last, l == " " || l == "\0" || l == "\n" || l == "\r" || l == "\t" { u.removeLast() }
        while let f = u.first, f == " " || f == "\n" || f == "\r" || f == "\t" { u.removeFirst() }
        return String(u)
    }
}
