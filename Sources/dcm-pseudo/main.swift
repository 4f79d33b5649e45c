import ArgumentParser
import DcmToolSupport
import DeidPseudo
import DICOMDeid
import DICOMPart10
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

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

DcmPseudo.runAsTool()
