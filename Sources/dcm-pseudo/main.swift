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
    @Option(name: .customLong("key-file"), help: ArgumentHelp("Secret key file (hex). Default: $DCM_DEID_KEY_FILE, else $XDG_CONFIG_HOME/dcm-deid/key, else ~/.config/dcm-deid/key, created on first use.", valueName: "FILE"))
    var keyFile: String?

    @Option(name: .customLong("uid-root"), help: ArgumentHelp("Root of replacement UIDs (2.25: UUID-derived).", valueName: "ROOT"))
    var uidRoot = UIDHasher.defaultRoot

    @Option(name: .customLong("id-prefix"), help: ArgumentHelp("Prefix of new PatientIDs.", valueName: "TEXT"))
    var idPrefix = PatientIDFormat().prefix

    @Option(name: .customLong("id-digits"), help: ArgumentHelp("Number of digits after the prefix (6-30).", valueName: "N"))
    var idDigits = PatientIDFormat().digits

    @Option(name: .customLong("patient-map"), help: ArgumentHelp("CSV of original,new[,days] PatientIDs to use instead of hashed ones.", valueName: "FILE"))
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

/// The environment variables that locate the default key (PseudonymKey.defaultPath).
func keyEnvironment() -> [String: String] {
    var env: [String: String] = [:]
    for name in ["DCM_DEID_KEY_FILE", "XDG_CONFIG_HOME", "HOME"] {
        if let v = getenv(name) { env[name] = String(cString: v) }
    }
    return env
}

struct DcmPseudo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcm-pseudo",
        abstract: "Replace patient identity, UIDs and dates with keyed, consistent pseudonyms.",
        discussion: """
        The same key gives the same pseudonyms in every file, run, process and host, with no \
        shared state. See dcm-pseudo(1).
        Exit status: 0 all records processed, 1 some records failed, 2 fatal error.
        """,
        version: ToolVersion.current,
        subcommands: [Run.self, Keygen.self, RegenerateMapping.self, CompactMapping.self, MergeMapping.self, Fingerprint.self],
        defaultSubcommand: Run.self)
}

extension DcmPseudo {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Pseudonymize a dcm-stream from standard input to standard output (the default).")

        @OptionGroup var pseudo: PseudonymOptions

        @Option(name: .customLong("mapping-dir"), help: ArgumentHelp("Append uid_mapping.csv and patid_mapping.csv rows here (safe with concurrent writers).", valueName: "DIR"))
        var mappingDir: String?

        @OptionGroup var messages: MessageOptions

        @Flag(help: "Write the stream even when standard output is a terminal.")
        var force = false

        mutating func run() throws {
            messages.apply(program: "dcm-pseudo")
            StageMain.refuseTerminalOutput(force: force, pipeInto: "dcm-redact-pixels, dcm-write or dcm-json")
            let pseudonymizer: Pseudonymizer
            var writer: MappingWriter? = nil
            do {
                pseudonymizer = try Pseudonymizer(config: pseudo.configuration())
                if let mappingDir {
                    writer = try MappingWriter(directory: mappingDir)
                    writer?.flushThreshold = 64 << 10
                }
            } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
            StageMain.run(stage: "dcm-pseudo", verbose: messages.verbose, transform: { record in
                let r = try pseudonymizer.apply(to: &record)
                for i in r.issues { Diagnostics.message("\(record.source): \(i)") }
                try writer?.add(r.rows)
                Diagnostics.info("\(record.source): \(r.steps.map(\.rawValue).joined(separator: ", "))")
            }, beforeOutput: { try writer?.sync() }, finish: { try writer?.sync() })
        }
    }

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new random key file (mode 0600); prints only its fingerprint.")

        @Option(name: .shortAndLong, help: ArgumentHelp("Key file to create (default: the default key path).", valueName: "FILE"))
        var output: String?

        mutating func run() throws {
            Diagnostics.program = "dcm-pseudo"
            let env = keyEnvironment()
            guard let path = output ?? PseudonymKey.defaultPath(environment: env) else {
                Diagnostics.message("no -o FILE given and no HOME for the default key path"); exitWith(.fatal)
            }
            do {
                let (key, created) = try PseudonymKey.create(at: path)
                guard created else {
                    Diagnostics.message("\(path) already exists; not replaced (remove it first to make a new key)")
                    exitWith(.fatal)
                }
                // The fingerprint on standard output, for scripts; the path on standard error.
                print(key.fingerprint)
                Diagnostics.message("created key \(path)")
            } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        }
    }

    struct Fingerprint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the fingerprint of the key in use (first 8 hex digits of its SHA-256).")

        @Option(name: .customLong("key-file"), help: ArgumentHelp("Key file (default: the default key path).", valueName: "FILE"))
        var keyFile: String?

        mutating func run() throws {
            Diagnostics.program = "dcm-pseudo"
            let env = keyEnvironment()
            guard let path = keyFile ?? PseudonymKey.defaultPath(environment: env) else {
                Diagnostics.message("no --key-file given and no HOME"); exitWith(.fatal)
            }
            do { print(try PseudonymKey.read(path: path).fingerprint) }
            catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        }
    }

    struct RegenerateMapping: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "regenerate-mapping",
            abstract: "Rebuild uid_mapping.csv and patid_mapping.csv from the original files and the key alone.",
            discussion: """
            Use the same key and pseudonym options as the run that made the output. Rows are \
            appended (with the same locking as the filter) to DIR. With no IN, a dcm-stream is \
            read from standard input, so `dcm-parse IN | dcm-scrub | dcm-pseudo regenerate-mapping` \
            also covers the private elements dcm-scrub marks.
            """)

        @OptionGroup var pseudo: PseudonymOptions

        @Option(name: .customLong("mapping-dir"), help: ArgumentHelp("Directory for the mapping files.", valueName: "DIR"))
        var mappingDir: String

        @Argument(help: "Original files or directories (none: a dcm-stream on standard input).")
        var inputs: [String] = []

        mutating func run() throws {
            Diagnostics.program = "dcm-pseudo"
            let pseudonymizer: Pseudonymizer
            let writer: MappingWriter
            do {
                pseudonymizer = try Pseudonymizer(config: pseudo.configuration())
                writer = try MappingWriter(directory: mappingDir)
            } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
            var failed = 0, done = 0
            func add(_ record: inout Record) {
                do {
                    try writer.add(try pseudonymizer.apply(to: &record).rows)
                    done += 1
                } catch {
                    failed += 1
                    Diagnostics.message("\(record.source): \(error)")
                }
            }
            if inputs.isEmpty {
                do {
                    let input = try StreamReader(fd: 0)
                    while let item = try input.next() {
                        switch item {
                        case .error(let e):
                            failed += 1
                            Diagnostics.message("\(e.source): \(e.stage): \(e.message)")
                        case .record(let header):
                            var record = try RecordCodec.decode(header)
                            add(&record)
                        }
                    }
                } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
            } else {
                let files = InputWalker.expand(inputs) { path, why in
                    Diagnostics.message("\(path): \(why)"); failed += 1
                }
                let reader = Part10Reader()
                for f in files where f.path != "-" {
                    do {
                        var record = Record(source: f.path, file: try reader.read(contentsOf: f.path))
                        add(&record)
                    } catch let e as DICOMReadError where e.kind == .notDICOM {
                        continue
                    } catch {
                        failed += 1
                        Diagnostics.message("\(f.path): \(error)")
                    }
                }
            }
            do { try writer.flush() } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
            Diagnostics.message("\(done) instances read, \(failed) failed")
            exitWith(failed > 0 ? .someFailed : .success)
        }
    }

    struct CompactMapping: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compact-mapping",
            abstract: "Remove duplicate rows from the mapping files in DIR (safe while writers run).")

        @Argument(help: "Mapping directory.")
        var directory: String

        mutating func run() throws {
            Diagnostics.program = "dcm-pseudo"
            do {
                var conflicts = 0
                for r in try MappingFiles.compact(directory: directory) {
                    Diagnostics.message("\(r.kind.fileName): \(r.rows) rows, \(r.duplicatesRemoved) duplicates removed, \(r.conflicts) conflicting rows removed")
                    conflicts += r.conflicts
                }
                if conflicts > 0 {
                    Diagnostics.message("conflicting rows mean different keys or settings wrote to this directory")
                    exitWith(.someFailed)
                }
            } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        }
    }
}

DcmPseudo.runAsTool()
