import ArgumentParser
import DcmToolSupport
import DeidPseudo
import DICOMDeid
import DICOMPart10
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

/// Options that determine the pseudonyms; shared by the filter and regenerate-mapping.
struct PseudonymOptions: ParsableArguments {
    @Option(
        name: .customLong("key-file"),
        help: ArgumentHelp(
            "Secret key file (hex). Default: $DCM_DEID_KEY_FILE, else $XDG_CONFIG_HOME/dcm-deid/key, else ~/.config/dcm-deid/key, created on first use.",
            valueName: "FILE"))
    var keyFile: String?

    @Option(name: .customLong("uid-root"), help: ArgumentHelp("Root of replacement UIDs (2.25: UUID-derived).", valueName: "ROOT"))
    var uidRoot = UIDHasher.defaultRoot

    @Option(name: .customLong("id-prefix"), help: ArgumentHelp("Prefix of new PatientIDs.", valueName: "TEXT"))
    var idPrefix = PatientIDFormat().prefix

    @Option(name: .customLong("id-digits"), help: ArgumentHelp("Number of digits after the prefix (6-30).", valueName: "N"))
    var idDigits = PatientIDFormat().digits

    @Option(
        name: .customLong("patient-map"),
        help: ArgumentHelp("CSV of original,new[,days] PatientIDs to use instead of hashed ones.", valueName: "FILE"))
    var patientMap: String?

    @Flag(name: .customLong("require-mapping"), help: "Fail records whose PatientID is not in --patient-map.")
    var requireMapping = false

    @Option(name: .customLong("patient-name"), help: ArgumentHelp("PatientName becomes the new PatientID (id) or empty.", valueName: "id|empty"))
    var patientName: String = PatientNameRule.sameAsID.rawValue

    @Option(name: .customLong("issuer"), help: ArgumentHelp("Value for Issuer of Patient ID where present (default: remove it).", valueName: "TEXT"))
    var issuer: String?

    @Flag(name: .customLong("no-patient"), help: "Leave PatientID and PatientName alone.")
    var noPatient = false
    @Flag(name: .customLong("no-uids"), help: "Leave UIDs alone.")
    var noUIDs = false
    @Flag(name: .customLong("no-dates"), help: "Leave dates alone.")
    var noDates = false

    /// Loads the key (creating the default one if needed) and builds the configuration.
    func configuration() throws -> PseudonymizerConfig {
        let key = try loadKey()
        var c = PseudonymizerConfig(key: key)
        c.uidRoot = uidRoot
        c.patientIDFormat = PatientIDFormat(prefix: idPrefix, digits: idDigits)
        if let patientMap {
            c.patientTable = try PatientTable(csv: SmallFile.read(patientMap, limit: PatientTable.fileLimit))
        }
        c.requireTableEntry = requireMapping
        guard let rule = PatientNameRule(rawValue: patientName) else {
            throw ToolError("--patient-name must be id or empty")
        }
        c.patientName = rule
        c.issuerOfPatientID = issuer
        c.steps = []
        if !noPatient { c.steps.append(.pseudonymizePatient) }
        if !noUIDs { c.steps.append(.remapUIDs) }
        if !noDates { c.steps.append(.shiftDates) }
        return c
    }

    func loadKey() throws -> PseudonymKey {
        // A key named by the user (--key-file or $DCM_DEID_KEY_FILE) must exist: creating it
        // would silently give new pseudonyms. Only the default location is created.
        let fromEnvironment = getenv("DCM_DEID_KEY_FILE").map { String(cString: $0) }
        if let named = keyFile ?? (fromEnvironment?.isEmpty == false ? fromEnvironment : nil) {
            let k = try PseudonymKey.read(path: named)
            if PseudonymKey.isExposed(path: named) {
                Diagnostics.message("warning: key file \(named) is readable by others (chmod 600 it)")
            }
            return k
        }
        let env = keyEnvironment()
        guard let path = PseudonymKey.defaultPath(environment: env) else {
            throw ToolError("no --key-file given and no HOME to keep a default key in")
        }
        if access(path, F_OK) == 0 {
            if PseudonymKey.isExposed(path: path) {
                Diagnostics.message("warning: key file \(path) is readable by others (chmod 600 it)")
            }
            return try PseudonymKey.read(path: path)
        }
        let (key, created) = try PseudonymKey.create(at: path)
        if created {
            Diagnostics.message("created a new key at \(path) (fingerprint \(key.fingerprint), mode 0600); keep it to reproduce these pseudonyms")
        }
        return key
    }
}

/// `explicit`, or the default key path; exits (status 2) saying `missing` when there is none.
func keyPath(_ explicit: String?, missing: String) -> String {
    if let explicit { return explicit }
    guard let path = PseudonymKey.defaultPath(environment: keyEnvironment()) else {
        Diagnostics.message(missing)
        exitWith(.fatal)
    }
    return path
}

/// The environment variables that locate the default key (PseudonymKey.defaultPath).
func keyEnvironment() -> [String: String] {
    var env: [String: String] = [:]
    for name in ["DCM_DEID_KEY_FILE", "XDG_CONFIG_HOME", "HOME"] {
        if let v = getenv(name) { env[name] = String(cString: v) }
    }
    return env
}
