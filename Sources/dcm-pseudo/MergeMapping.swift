import ArgumentParser
import DcmToolSupport
import DeidPseudo

extension DcmPseudo {
    struct MergeMapping: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-mapping",
            abstract: "Merge the mapping folders of several hosts or tasks into one (one header, one row per original, sorted).")

        @Option(name: .shortAndLong, help: ArgumentHelp("Folder to write the merged uid_mapping.csv and patid_mapping.csv into.", valueName: "DIR"))
        var output: String

        @Argument(help: "Mapping folders to merge (rows of earlier folders win a conflict).")
        var folders: [String]

        func validate() throws {
            if folders.isEmpty { throw ValidationError("give the mapping folders to merge") }
        }

        mutating func run() throws {
            Diagnostics.program = "dcm-pseudo"
            do {
                var conflicts = 0
                for r in try MappingFiles.merge(folders, into: output) {
                    for c in r.conflicts.prefix(20) {
                        // Originals are identifying values: named by folder and pseudonyms only.
                        Diagnostics.message("\(r.kind.fileName): conflicting row in \(c.folder): pseudonym \(c.other) where \(c.kept) was taken")
                    }
                    if r.conflicts.count > 20 { Diagnostics.message("\(r.kind.fileName): \(r.conflicts.count - 20) more conflicting rows") }
                    Diagnostics.message(
                        "\(r.kind.fileName): \(r.rows) rows, \(r.duplicates) duplicates dropped, \(r.conflicts.count) conflicting rows dropped")
                    conflicts += r.conflicts.count
                }
                if conflicts > 0 {
                    Diagnostics.message("conflicting rows mean different keys or settings were used; the first folder's rows were kept")
                    exitWith(.someFailed)
                }
            } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        }
    }
}
