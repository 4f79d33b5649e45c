#if canImport(Glibc)
import Glibc
#endif

extension MappingFiles {
    /// What merging found for one kind of mapping file.
    public struct MergeReport: Sendable {
        public var kind: MappingKind
        /// Rows written (one per original).
        public var rows = 0
        /// Rows that repeated one already taken (the same original and pseudonym).
        public var duplicates = 0
        /// Originals mapped to another pseudonym than the first folder's: a sign that
        /// different keys or settings were used. The first folder's row is kept.
        public var conflicts: [(old: String, kept: String, other: String, folder: String)] = []
    }

    /// Merges the mapping folders of several hosts or tasks into one: one header, one row
    /// per original, rows sorted by the original value (byte order), so that the result
    /// does not depend on how the work was split or in which order tasks ended. Writes
    /// `output/uid_mapping.csv` and `output/patid_mapping.csv` (mode 0600; each file
    /// created whole or not at all). A kind found in none of the folders is not written.
    public static func merge(_ folders: [String], into output: String) throws -> [MergeReport] {
        try FileIO.makeDirectories(output, mode: 0o700)
        var reports: [MergeReport] = []
        for kind in MappingKind.allCases {
            var report = MergeReport(kind: kind)
            var taken: [String: (new: String, folder: String)] = [:]
            var found = false
            for folder in folders {
                let p = (folder.hasSuffix("/") ? folder : folder + "/") + kind.fileName
                guard access(p, F_OK) == 0 else { continue }
                found = true
                for (old, new) in rows(try FileIO.readFile(p)) where !old.isEmpty {
                    if let prior = taken[old] {
                        if prior.new == new { report.duplicates += 1 } else { report.conflicts.append((old, prior.new, new, folder)) }
                        continue
                    }
                    taken[old] = (new, folder)
                }
            }
            guard found else { continue }
            var out = MappingWriter.header
            for old in taken.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                out += CSV.line([old, taken[old]!.new])
            }
            report.rows = taken.count
            try writeWhole(out, to: (output.hasSuffix("/") ? output : output + "/") + kind.fileName)
            reports.append(report)
        }
        return reports
    }

    /// Writes `bytes` to `path` through a synced temporary file renamed into place.
    static func writeWhole(_ bytes: [UInt8], to path: String) throws {
        let tmp = path + ".merging.\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileIOError("cannot create \(tmp): \(FileIO.errnoText())") }
        do {
            try FileIO.writeAll(fd, bytes)
            guard fsync(fd) == 0 else { throw FileIOError("cannot write \(tmp): \(FileIO.errnoText())") }
        } catch { close(fd); unlink(tmp); throw error }
        close(fd)
        guard rename(tmp, path) == 0 else {
            let why = FileIO.errnoText(); unlink(tmp)
            throw FileIOError("cannot rename to \(path): \(why)")
        }
    }
}
