import CSystemShims
#if canImport(Glibc)
import Glibc
#endif

/// Names of dcm-write's temporary files: `.dcm-write.HOST.PID.XXXXXX` beside the file being
/// written, so that a later run can tell its own leftovers (same host, writer no longer
/// running) from files another writer is still filling on a shared output folder.
enum TemporaryFiles {
    static let prefix = ".dcm-write."

    static let host: String = {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "localhost" }
        // Dots separate the name's fields; a host name's dots become underscores.
        return String(cString: name).map { $0 == "." || $0 == "/" ? "_" : $0 }.reduce(into: "") { $0.append($1) }
    }()

    /// The mkstemp template for a file in `dir`.
    static func template(in dir: String) -> String {
        (dir.isEmpty ? "." : dir) + "/" + prefix + host + "." + String(getpid()) + ".XXXXXX"
    }

    /// Removes temporary files in `dir` left by writers of this host that are no longer
    /// running (killed outright, or a host that restarted); returns how many.
    @discardableResult
    static func removeStale(in dir: String) -> Int {
        guard let d = opendir(dir.isEmpty ? "." : dir) else { return 0 }
        defer { closedir(d) }
        var removed = 0
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix(prefix) else { continue }
            let fields = name.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
            guard fields.count == 3, fields[0] == host, let pid = pid_t(fields[1]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                if unlink((dir.isEmpty ? "." : dir) + "/" + name) == 0 { removed += 1 }
            }
        }
        return removed
    }

    /// A new temporary file in `dir`, open for writing, made known to the interrupt handler
    /// (the caller removes it and calls `ToolLifetime.noteTemporaryFile(nil)`).
    static func create(in dir: String) throws -> (fd: Int32, path: String) {
        var name = Array(template(in: dir).utf8) + [0]
        let fd = name.withUnsafeMutableBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { mkstemp($0) }
        }
        guard fd >= 0 else { throw OutputFailure("cannot create a file in \(dir.isEmpty ? "." : dir)", code: errno) }
        let path = String(decoding: name.dropLast(), as: UTF8.self)
        ToolLifetime.noteTemporaryFile(path)
        return (fd, path)
    }

    /// Creates `dest` (in `dir`) whole or not at all: `body` writes a temporary file, which
    /// is renamed into place when complete. Without `replace`, an existing `dest` is never
    /// overwritten, not even one that appeared meanwhile. The temporary file is removed on
    /// failure, and by the interrupt handler (`ToolLifetime`) if a signal comes first.
    /// `committed` runs right after the rename with interrupts held, so that a count it
    /// updates agrees with the files there whenever a signal arrives.
    static func writeAtomically(
        _ dest: String, in dir: String, replace: Bool, committed: () -> Void = {}, body: (Int32) throws -> Void
    ) throws {
        let (fd, tmp) = try create(in: dir)
        var ok = false
        defer {
            if !ok { unlink(tmp) }
            ToolLifetime.noteTemporaryFile(nil)
        }
        do {
            try body(fd)
            fchmod(fd, 0o644)
            guard close(fd) == 0 else { throw OutputFailure("cannot close \(tmp)", code: errno) }
        } catch {
            close(fd); throw error
        }
        try ToolLifetime.holdingInterrupts {
            if replace {
                guard rename(tmp, dest) == 0 else { throw OutputFailure("cannot rename to \(dest)", code: errno) }
            } else if dcm_rename_noreplace(tmp, dest) != 0 {
                // Fails if the destination exists or appeared meanwhile: never a silent overwrite.
                // Where renameat2 is missing, link() gives the same guarantee.
                let err = errno
                guard err == ENOSYS || err == EINVAL, link(tmp, dest) == 0 else {
                    let e = err == ENOSYS || err == EINVAL ? errno : err
                    if e == EEXIST { throw ToolError("\(dest) exists (use --overwrite to replace it)") }
                    throw OutputFailure("cannot create \(dest)", code: e)
                }
                unlink(tmp)
            }
            ok = true
            ToolLifetime.noteTemporaryFile(nil)
            committed()
        }
    }

    /// Whether the bytes `body` writes equal the content of the existing file `dest`; they
    /// are written to a temporary file in `dir`, compared, and removed.
    static func writeAndCompare(with dest: String, in dir: String, body: (Int32) throws -> Void) throws -> Bool {
        let (fd, tmp) = try create(in: dir)
        defer {
            close(fd)
            unlink(tmp)
            ToolLifetime.noteTemporaryFile(nil)
        }
        try body(fd)
        let other = open(dest, O_RDONLY | O_CLOEXEC)
        guard other >= 0 else { return false }
        defer { close(other) }
        var a = [UInt8](repeating: 0, count: 1 << 16), b = a
        lseek(fd, 0, SEEK_SET)
        while true {
            let n = readFully(fd, &a), m = readFully(other, &b)
            if n != m || n < 0 { return false }
            if n == 0 { return true }
            if a[0..<n] != b[0..<m] { return false }
        }
    }

    /// Fills `buffer` as far as the file allows; the count read (0 at the end, -1 on error).
    static func readFully(_ fd: Int32, _ buffer: inout [UInt8]) -> Int {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 { if errno == EINTR { continue }; return -1 }
            if n == 0 { break }
            done += n
        }
        return done
    }
}
