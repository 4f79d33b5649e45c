import ArgumentParser
import DcmToolSupport
import DeidPseudo
import DICOMDeid
import DICOMPart10
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

extension DcmPseudo {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Pseudonymize a dcm-stream from standard input to standard output (the default).")

        @OptionGroup var pseudo: PseudonymOptions

        @Option(
            name: .customLong("mapping-dir"),
            help: ArgumentHelp("Append uid_mapping.csv and patid_mapping.csv rows here (safe with concurrent writers).", valueName: "DIR"))
        var mappingDir: String?

        @OptionGroup var messages: MessageOptions

        @OptionGroup var output: StreamOutputOptions

        mutating func run() throws {
            messages.apply(program: "dcm-pseudo")
            output.refuseTerminal(pipeInto: "dcm-redact-pixels, dcm-write or dcm-json")
            let pseudonymizer: Pseudonymizer
            var writer: MappingWriter? = nil
            do {
                pseudonymizer = try Pseudonymizer(config: pseudo.configuration())
                if let mappingDir {
                    writer = try MappingWriter(directory: mappingDir)
                    writer?.flushThreshold = 64 << 10
                }
            } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
            // With a mapping folder, records already waiting leave together after one fsync
            // of the mapping files (the small ones loaded for it: StageMain.gatheredRecordMax).
            StageMain.run(
                stage: "dcm-pseudo", verbose: messages.verbose,
                transform: { record in
                    let r = try pseudonymizer.apply(to: &record)
                    for i in r.issues { Diagnostics.message("\(record.source): \(i)") }
                    try writer?.add(r.rows)
                    Diagnostics.info("\(record.source): \(r.steps.map(\.rawValue).joined(separator: ", "))")
                }, beforeOutput: { try writer?.sync() }, gather: writer != nil,
                finish: { try writer?.sync() })
        }
    }
}
