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
    struct Fingerprint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the fingerprint of the key in use (first 8 hex digits of its SHA-256).")

        @Option(name: .customLong("key-file"), help: ArgumentHelp("Key file (default: the default key path).", valueName: "FILE"))
        var keyFile: String?

        mutating func run() throws {
            Diagnostics.program = "dcm-pseudo"
            let path = keyPath(keyFile, missing: "no --key-file given and no HOME")
            do { print(try PseudonymKey.read(path: path).fingerprint) } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        }
    }
}
