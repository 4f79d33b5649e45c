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
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new random key file (mode 0600); prints only its fingerprint.")

        @Option(name: .shortAndLong, help: ArgumentHelp("Key file to create (default: the default key path).", valueName: "FILE"))
        var output: String?

        mutating func run() throws {
            Diagnostics.program = "dcm-pseudo"
            let path = keyPath(output, missing: "no -o FILE given and no HOME for the default key path")
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
}
