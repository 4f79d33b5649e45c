import DICOMDeid

/// How new PatientIDs are written: `prefix` followed by exactly `digits` decimal digits
/// taken from HMAC(key, original ID). Among n patients the chance that two share a
/// pseudonym is below n²/(2·10^digits): with the default 12 digits, 1 in 20,000 for
/// 10,000 patients.
public struct PatientIDFormat: Sendable, Equatable {
    public var prefix: String
    public var digits: Int

    public init(prefix: String = "P", digits: Int = 12) { self.prefix = prefix; self.digits = digits }

    /// Why a format cannot be used.
    public struct FormatError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    public func validate() throws {
        guard (6...30).contains(digits) else {
            throw FormatError(message: "patient ID digits must be between 6 and 30 (got \(digits))")
        }
        guard prefix.utf8.count + digits <= 64 else {
            throw FormatError(message: "patient ID prefix and digits exceed the 64 characters of a PatientID")
        }
        guard prefix.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else {
            throw FormatError(message: "patient ID prefix must be printable ASCII without backslash")
        }
    }
}

/// What PatientName becomes.
public enum PatientNameRule: String, Sendable, CaseIterable {
    /// The new PatientID (TCIA practice, the `tcia` profile).
    case sameAsID = "id"
    /// Zero length (PS3.15 action Z with no dummy value).
    case empty
}

/// Everything that determines the pseudonyms. Two processes with equal configurations
/// produce identical output for identical input.
public struct PseudonymizerConfig: Sendable {
    public var key: PseudonymKey
    /// Root of replacement UIDs; `2.25` makes them UUID-derived (see `UIDHasher`).
    public var uidRoot: String = UIDHasher.defaultRoot
    public var patientIDFormat = PatientIDFormat()
    /// The user's mapping of original to new PatientIDs (and optional day offsets).
    /// Patients not in it get HMAC pseudonyms unless `requireTableEntry` is set.
    public var patientTable: PatientTable?
    /// Treat a patient missing from `patientTable` as an error instead of hashing.
    public var requireTableEntry = false
    public var patientName: PatientNameRule = .sameAsID
    /// The value for Issuer of Patient ID (0010,0021) where it is present; nil removes it.
    public var issuerOfPatientID: String?
    /// Steps to carry out. A record that carries a profile from dcm-scrub gets only the
    /// steps its profile requires; steps a record marks done are never repeated.
    public var steps: [DeidState.Step] = [.pseudonymizePatient, .remapUIDs, .shiftDates]

    public init(key: PseudonymKey) { self.key = key }
}
