#if canImport(Glibc)
import Glibc
#endif

/// What a mapping row maps.
public enum MappingKind: String, Sendable, CaseIterable {
    case uid
    case patientID

    /// The file that holds rows of this kind (the names the MIDI-B scorer reads).
    public var fileName: String {
        switch self {
        case .uid: return "uid_mapping.csv"
        case .patientID: return "patid_mapping.csv"
        }
    }
}

/// One replaced value: original and replacement. Mapping files hold identifying
/// originals, so they are created readable by their owner only.
public struct MappingRow: Hashable, Sendable {
    public var kind: MappingKind
    public var old: String
    public var new: String
    public init(kind: MappingKind, old: String, new: String) { self.kind = kind; self.old = old; self.new = new }
}

/// Appends mapping rows to `uid_mapping.csv` and `patid_mapping.csv` in a directory that
/// other processes may be appending to at the same time.
///
/// Concurrency: each flush takes an exclusive `flock` on the file, checks that the open
/// file is still the one at the path (`compact` replaces it by rename) and reopens it if
/// not, writes the header when the file is empty, appends whole lines (O_APPEND), and
/// unlocks. Rows from different processes therefore never interleave, and the header
/// appears once. Each process writes an original value at most once; different processes
/// may write the same row, which `MappingFiles.compact` removes (readers such as the
/// MIDI-B scorer keep the first row for an original, and all rows for it agree when one
/// key was used). flock needs a local file system (or NFSv4 with working locks).
public final class MappingWriter {
    public let directory: String
    /// Buffered bytes per file before a flush happens on its own.
    public var flushThreshold = 256 << 10

    var fds: [MappingKind: Int32] = [:]
    /// Files appended to since the last `sync`.
    var unsynced: Set<MappingKind> = []
    var pending: [MappingKind: [UInt8]] = [:]
    var seen: [MappingKind: Set<String>] = [:]

    public static let header = Array("id_old,id_new\n".utf8)

    public init(directory: String) throws {
        self.directory = directory
        try FileIO.makeDirectories(directory, mode: 0o700)
    }
    deinit {
        try? flush()
        for fd in fds.values { close(fd) }
    }

    public func path(_ kind: MappingKind) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + kind.fileName
    }

    /// Adds rows not yet written by this writer; flushes when enough are buffered.
    public func add(_ rows: [MappingRow]) throws {
        for r in rows where !r.old.isEmpty {
            guard seen[r.kind, default: []].insert(r.old).inserted else { continue }
            pending[r.kind, default: []] += CSV.line([r.old, r.new])
        }
        if pending.values.contains(where: { $0.count >= flushThreshold }) { try flush() }
    }

    /// Writes all buffered rows and waits until they are on disk (fsync), so that a record
    /// whose rows were added before may leave the process: a crash or a full disk then never
    /// leaves a written file whose pseudonyms no mapping row explains.
    public func sync() throws {
        try flush()
        for kind in MappingKind.allCases where unsynced.contains(kind) {
            guard let fd = fds[kind] else { continue }
            guard fsync(fd) == 0 else { throw FileIOError("cannot sync \(path(kind)): \(FileIO.errnoText())") }
            unsynced.remove(kind)
        }
    }

    /// Writes all buffered rows.
    public func flush() throws {
        for kind in MappingKind.allCases {
            guard let bytes = pending[kind], !bytes.isEmpty else { continue }
            try append(bytes, kind: kind)
            pending[kind] = []
        }
    }

    func append(_ bytes: [UInt8], kind: MappingKind) throws {
        let p = path(kind)
        while true {
            let fd: Int32
            if let f = fds[kind] {
                fd = f
            } else {
                fd = open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
                guard fd >= 0 else { throw FileIOError("cannot open \(p): \(FileIO.errnoText())") }
                fds[kind] = fd
            }
            try MappingFiles.lock(fd, path: p)
            defer { flock(fd, LOCK_UN) }
            var mine = stat(), there = stat()
            guard fstat(fd, &mine) == 0 else { throw FileIOError("cannot stat \(p): \(FileIO.errnoText())") }
            if stat(p, &there) != 0 || there.st_ino != mine.st_ino || there.st_dev != mine.st_dev {
                // Replaced by compaction (or removed): append to the file now at the path.
                close(fd); fds[kind] = nil
                continue
            }
            do {
                if mine.st_size == 0 { try FileIO.writeAll(fd, MappingWriter.header + bytes) } else { try FileIO.writeAll(fd, bytes) }
            } catch { throw FileIOError("cannot append to \(p): \(error)") }
            unsynced.insert(kind)
            return
        }
    }
}

/// Reading and compacting mapping files.
public enum MappingFiles {
    static func lock(_ fd: Int32, path: String) throws {
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw FileIOError("cannot lock \(path): \(FileIO.errnoText())")
        }
    }

    /// The (old, new) rows of one file in order, header skipped; empty when the file is absent.
    public static func read(directory: String, kind: MappingKind) throws -> [(old: String, new: String)] {
        let p = (directory.hasSuffix("/") ? directory : directory + "/") + kind.fileName
        if access(p, F_OK) != 0 { return [] }
        return rows(try FileIO.readFile(p))
    }

    static func rows(_ bytes: [UInt8]) -> [(old: String, new: String)] {
        var out: [(old: String, new: String)] = []
        for (i, r) in CSV.parse(bytes).enumerated() {
            if i == 0 && r.first == "id_old" { continue }
            guard r.count >= 2 else { continue }
            out.append((r[0], r[1]))
        }
        return out
    }

    /// What compaction found in one file.
    public struct CompactionReport: Sendable {
        public var kind: MappingKind
        public var rows = 0
        public var duplicatesRemoved = 0
        /// Originals mapped to more than one value (a sign that different keys or settings
        /// wrote to the same directory); the first value is kept.
        public var conflicts = 0
    }

    /// Rewrites each file with one row per original (the first), in place under the same
    /// lock the writers take. Safe while writers run.
    public static func compact(directory: String) throws -> [CompactionReport] {
        var reports: [CompactionReport] = []
        for kind in MappingKind.allCases {
            let p = (directory.hasSuffix("/") ? directory : directory + "/") + kind.fileName
            if access(p, F_OK) != 0 { continue }
            let fd = open(p, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { throw FileIOError("cannot open \(p): \(FileIO.errnoText())") }
            defer { close(fd) }
            try lock(fd, path: p)
            defer { flock(fd, LOCK_UN) }
            let original = try FileIO.readAll(fd, path: p)
            let all = rows(original)
            var report = CompactionReport(kind: kind)
            var first: [String: String] = [:]
            var out = MappingWriter.header
            for (o, n) in all {
                if let prior = first[o] {
                    if prior == n { report.duplicatesRemoved += 1 } else { report.conflicts += 1 }
                    continue
                }
                first[o] = n
                out += CSV.line([o, n])
                report.rows += 1
            }
            if out != original {
                // Rewritten in place under the lock: writers keep appending to the same file
                // (a rename would let a writer blocked on the old file append where no one
                // reads). A synced copy guards the rows while the file is rewritten.
                let backup = p + ".compacting"
                let b = open(backup, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
                guard b >= 0 else { throw FileIOError("cannot create \(backup): \(FileIO.errnoText())") }
                do {
                    try FileIO.writeAll(b, original)
                    guard fsync(b) == 0 else { throw FileIOError("cannot write \(backup): \(FileIO.errnoText())") }
                } catch { close(b); unlink(backup); throw error }
                close(b)
                guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else {
                    throw FileIOError("cannot rewrite \(p): \(FileIO.errnoText()) (rows kept in \(backup))")
                }
                do { try FileIO.writeAll(fd, out) } catch {
                    throw FileIOError("cannot rewrite \(p): \(error) (rows kept in \(backup))")
                }
                guard fsync(fd) == 0 else { throw FileIOError("cannot sync \(p) (rows kept in \(backup))") }
                unlink(backup)
            }
            reports.append(report)
        }
        return reports
    }
}
