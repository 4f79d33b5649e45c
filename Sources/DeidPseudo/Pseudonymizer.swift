import Crypto
import DICOMCore
import DICOMDeid
import DICOMEncoding
import DICOMObject
import DICOMPart10
import DICOMStream

/// A problem found in one record: the element path (never its value) and what was done.
public struct PseudonymizationIssue: Sendable, CustomStringConvertible, Equatable {
    /// `(gggg,eeee)` at the top level, `(gggg,eeee)[i](gggg,eeee)` inside items.
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// Why a record cannot be pseudonymized.
public struct PseudonymizationError: Error, CustomStringConvertible, Sendable, ClassifiedError {
    public var message: String
    public var failureCause: FailureCause
    public init(_ m: String, cause: FailureCause) { message = m; failureCause = cause }
    public var description: String { message }
}

/// What `apply` did to one record.
public struct PseudonymizationResult: Sendable {
    /// Every replaced value, once each (for uid_mapping.csv and patid_mapping.csv).
    public var rows: [MappingRow] = []
    /// Values removed because they could not be read (invalid dates, binary UIDs).
    public var issues: [PseudonymizationIssue] = []
    /// Steps carried out.
    public var steps: [DeidState.Step] = []
}

/// Replaces identity with keyed pseudonyms that depend only on the key, the settings and
/// the original values: PatientID and PatientName, identifying UIDs, and dates.
///
/// Not thread-safe (it caches replacements): give each thread its own instance.
public struct Pseudonymizer {
    public let config: PseudonymizerConfig
    public let uidHasher: UIDHasher
    let key: SymmetricKey
    let cache = Cache()

    final class Cache {
        var uids: [String: String] = [:]
        var patients: [String: (id: String, days: Int)] = [:]
    }

    public init(config: PseudonymizerConfig) throws {
        try config.patientIDFormat.validate()
        self.config = config
        key = config.key.symmetricKey
        uidHasher = try UIDHasher(key: key, root: config.uidRoot)
    }

    // MARK: Derivations

    func mac(_ domain: String, _ value: String) -> [UInt8] {
        var m = HMAC<SHA256>(key: key)
        m.update(data: Array(domain.utf8))
        m.update(data: [0])
        m.update(data: Array(value.utf8))
        return Array(m.finalize())
    }

    /// The HMAC pseudonym for an original PatientID (ignoring the patient table).
    public func hashedPatientID(_ original: String) -> String {
        let d = mac("pid", original)
        var v: UInt128 = 0
        for i in 0..<16 { v = v << 8 | UInt128(d[i]) }
        var mod: UInt128 = 1
        for _ in 0..<config.patientIDFormat.digits { mod *= 10 }
        var s = String(v % mod)
        if s.count < config.patientIDFormat.digits {
            s = String(repeating: "0", count: config.patientIDFormat.digits - s.count) + s
        }
        return config.patientIDFormat.prefix + s
    }

    /// The HMAC day offset for a patient identity: 1...365.
    public func hashedDayOffset(_ identity: String) -> Int {
        let d = mac("days", identity)
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(d[i]) }
        return Int(v % 365) + 1
    }

    /// New PatientID and day offset for an identity (the table first, then HMAC).
    public func patient(_ identity: String, originalID: String) -> (id: String, days: Int) {
        if let c = cache.patients[identity] { return c }
        let entry = originalID.isEmpty ? nil : config.patientTable?[originalID]
        let r = (entry?.newID ?? hashedPatientID(identity), entry?.days ?? hashedDayOffset(identity))
        cache.patients[identity] = r
        return r
    }

    /// The replacement of one UID value (padding removed); well-known UIDs come back as they are.
    public func replacementUID(_ uid: String) -> String {
        if let c = cache.uids[uid] { return c }
        let r = UIDPolicy.isWellKnown(uid) ? uid : uidHasher.hash(uid)
        cache.uids[uid] = r
        return r
    }

    /// The identity that keys a record's patient pseudonym and date offset: its PatientID,
    /// or, when that is empty, `study:` + StudyInstanceUID (then series, then instance,
    /// then the file meta's MediaStorageSOPInstanceUID), so that files without a PatientID
    /// still shift consistently per study. Objects with none of these (DICOMDIR, standalone
    /// LUTs) share the identity `unidentified`.
    public static func patientIdentity(of file: DICOMFile) -> (identity: String, originalID: String) {
        let ds = file.dataset
        let cs = ds.declaredCharacterSet ?? .defaultRepertoire
        let id = ds.string(.patientID, charset: cs)?.trimmingSpaces() ?? ""
        if !id.isEmpty { return (id, id) }
        for (tag, label) in [(Tag.studyInstanceUID, "study:"), (.seriesInstanceUID, "series:"), (.sopInstanceUID, "instance:")] {
            if let u = ds.string(tag)?.trimmingSpaces(), !u.isEmpty { return (label + u, "") }
        }
        if let u = file.meta.string(.mediaStorageSOPInstanceUID)?.trimmingSpaces(), !u.isEmpty { return ("instance:" + u, "") }
        return ("unidentified", "")
    }

    // MARK: Applying

    /// Settings recorded in the record's pipeline (a key fingerprint, never the key).
    public var stageSettings: [(String, JSON)] {
        var s: [(String, JSON)] = [
            ("keyFingerprint", .string(config.key.fingerprint)),
            ("uidRoot", .string(config.uidRoot)),
            ("patientIDFormat", .string("\(config.patientIDFormat.prefix)+\(config.patientIDFormat.digits) digits")),
            ("patientName", .string(config.patientName.rawValue))
        ]
        if let t = config.patientTable { s.append(("patientTable", .number(String(t.entries.count)))) }
        return s
    }

    /// Pseudonymizes `record` in place, marks the steps done and notes the stage.
    public func apply(to record: inout Record) throws -> PseudonymizationResult {
        var deid = record.deid
        var steps = config.steps
        if deid.profile != nil { steps = steps.filter { deid.required.contains($0) } }
        steps = steps.filter { !deid.done.contains($0) }
        var result = PseudonymizationResult()
        defer { record.noteStage("dcm-pseudo", settings: stageSettings) }
        guard !steps.isEmpty else { return result }

        let doPatient = steps.contains(.pseudonymizePatient)
        let doDates = steps.contains(.shiftDates)
        var who: (identity: String, originalID: String, newID: String, days: Int)? = nil
        if doPatient || doDates {
            let p = Pseudonymizer.patientIdentity(of: record.file)
            if config.requireTableEntry, config.patientTable != nil, config.patientTable?[p.originalID] == nil {
                throw PseudonymizationError("PatientID is not in the patient mapping (--require-mapping)", cause: .unmappedPatient)
            }
            let (newID, days) = patient(p.identity, originalID: p.originalID)
            who = (p.identity, p.originalID, newID, days)
        }

        var walker = Walker(
            p: self, doUIDs: steps.contains(.remapUIDs), doDates: doDates, doPatient: doPatient,
            days: who?.days ?? 0, paths: deid.paths)
        let cs = record.file.dataset.declaredCharacterSet ?? .defaultRepertoire
        if walker.doUIDs { walker.walk(&record.file.meta, charset: .defaultRepertoire) }
        walker.walk(&record.file.dataset, charset: cs)

        if doPatient, let who {
            var ds = record.file.dataset
            record.file.dataset = DataSet()
            if let oldName = ds.string(.patientName, charset: cs)?.trimmingSpaces(), !oldName.isEmpty {
                deid.addPHI(oldName, kind: .name)
            }
            if !who.originalID.isEmpty { deid.addPHI(who.originalID, kind: .id) }
            // PatientID and PatientName are written (added if absent) in objects that have a
            // patient: those with a PatientID or a StudyInstanceUID, not DICOMDIRs or LUTs.
            if ds[.patientID] != nil || ds[.studyInstanceUID] != nil {
                ds.setString(.patientID, who.newID, vr: .LO, charset: cs)
                switch config.patientName {
                case .sameAsID: ds.setString(.patientName, who.newID, vr: .PN, charset: cs)
                case .empty: ds.setString(.patientName, "", vr: .PN, charset: cs)
                }
            }
            if !who.originalID.isEmpty {
                walker.note(MappingRow(kind: .patientID, old: who.originalID, new: who.newID))
            }
            record.file.dataset = ds
        }
        if doDates && walker.datesTouched {
            record.file.dataset.setString(Tag.longitudinalTemporalInformationModified, "MODIFIED", vr: .CS)
            for d in walker.topLevelDates { deid.addPHI(d, kind: .date) }
        }
        for s in steps { deid.markDone(s) }
        record.deid = deid
        result.rows = walker.rows
        result.issues = walker.issues
        result.steps = steps
        return result
    }
}
