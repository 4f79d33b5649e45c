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
                    Diagnostics.message(
                        "\(r.kind.fileName): \(r.rows) rows, \(r.duplicatesRemoved) duplicates removed, \(r.conflicts) conflicting rows removed")
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
