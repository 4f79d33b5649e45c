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
            // The files are read as dcm-parse reads them, so the rows are those the pipeline made.
            let source = RecordSource(inputs: inputs, stage: "dcm-pseudo")
            do {
                try source.forEach { item in
                    switch item {
                    case .record(var record): add(&record)
                    case .error(let e):
                        failed += 1
                        Diagnostics.message("\(e.source): \(e.stage): \(e.message)")
                    case .skipped: break
                    case .unusable(let path, let why):
                        failed += 1
                        Diagnostics.message("\(path): \(why)")
                    }
                }
            } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
            do { try writer.flush() } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
            Diagnostics.message("\(done) instances read, \(failed) failed")
            exitWith(failed > 0 ? .someFailed : .success)
        }
    }
}
