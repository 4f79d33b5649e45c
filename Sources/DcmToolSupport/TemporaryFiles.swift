import CSystemShims
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The files dcm-write fills before they take their names. Unnamed where the system allows
/// (O_TMPFILE: a writer killed outright leaves nothing); otherwise, and to replace a file,
/// `.dcm-write.HOST.PID.XXXXXX` beside the file being written, so that a later run can tell
/// its own leftovers (same host, writer no longer running) from files another writer is
/// still filling on a shared output folder.
enum TemporaryFiles {
    static let prefix = ".dcm-write."

    static let host: String = {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "localhost" }
        // Dots separate the name's fields; a host name's dots become underscores.
        return String(cString: name).map { $0 == "." || $0 == "/" ? "_" : $0 }.reduce(into: "") { $0.append($1) }
    }()

    /// This process's ID as text, for the names of its temporary files.
    static let processID = String(getpid())

    /// The mkstemp template for a file in `dir`.
    static func template(in dir: String) -> String {
        (dir.isEmpty ? "." : dir) + "/" + prefix + host + "." + processID + ".XXXXXX"
    }

    /// Whether new files start unnamed (O_TMPFILE, named by linkat through /proc/self/fd):
    /// cleared for the rest of the run when the kernel or file system refuses, or when
    /// /proc is not mounted; a test clears it to exercise the named temporary files.
    static let unnamedFiles = Atomic<Bool>(access("/proc/self/fd", X_OK) == 0)

    /// The umask leaves 0644 alone, so a file created with that mode needs no fchmod.
    static let umaskKeeps0644: Bool = {
        let m = umask(0o022)
        umask(m)
        return m & 0o644 == 0
    }()

    /// A file being written: unnamed until it is committed, or (`path`) a named temporary file.
    struct Pending {
        var fd: Int32
        /// The named temporary file, nil for an unnamed one.
        var path: String?
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

    /// A new file in `dir`, mode 0644, open for reading and writing. Unnamed where the system
    /// allows (nothing is left if the process dies before `commit`), unless `named`: then a
    /// `.dcm-write.` file, made known to the interrupt handler (the caller removes it and
    /// calls `ToolLifetime.noteTemporaryFile(nil)`).
    /// `openUnnamed` stands for `dcm_open_unnamed` (tests pass a refusing one).
    static func create(
        in dir: String, named: Bool = false, openUnnamed: (String, Int32) -> Int32 = { dcm_open_unnamed($0, $1) }
    ) throws -> Pending {
        let d = dir.isEmpty ? "." : dir
        if !named && unnamedFiles.load(ordering: .relaxed) {
            let fd = openUnnamed(d, 0o644)
            if fd >= 0 {
                if !umaskKeeps0644 { fchmod(fd, 0o644) }
                return Pending(fd: fd, path: nil)
            }
            let e = errno
            guard e == EOPNOTSUPP || e == EISDIR || e == EINVAL else {
                throw OutputFailure("cannot create a file in \(d)", code: e)
            }
            unnamedFiles.store(false, ordering: .relaxed)
        }
        var name = Array(template(in: dir).utf8) + [0]
        let fd = name.withUnsafeMutableBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { mkstemp($0) }
        }
        guard fd >= 0 else { throw OutputFailure("cannot create a file in \(d)", code: errno) }
        let path = String(decoding: name.dropLast(), as: UTF8.self)
        ToolLifetime.noteTemporaryFile(path)
        fchmod(fd, 0o644)
        return Pending(fd: fd, path: path)
    }

    /// What `writeAtomically` did.
    enum Outcome: Equatable {
        case written
        /// Without `replace`: `dest` exists, and has (`same`) or has not the bytes written.
        case exists(same: Bool)
    }

    /// Creates `dest` (in `dir`) whole or not at all: `body` writes a new file (`file`, or
    /// one made by `create`), which takes the name `dest` when complete. Without `replace`,
    /// an existing `dest` is never overwritten, not even one that appeared meanwhile: the
    /// bytes written are then compared with it, and dropped. The new file is removed on
    /// failure, and by the interrupt handler (`ToolLifetime`) if a signal comes first (an
    /// unnamed one vanishes by itself). `committed` runs right after `dest` appears, with
    /// interrupts held, so that a count it updates agrees with the files there whenever a
    /// signal arrives.
    @discardableResult
    static func writeAtomically(
        _ dest: String, in dir: String, replace: Bool, file: Pending? = nil, committed: () -> Void = {},
        body: (Int32) throws -> Void
    ) throws -> Outcome {
        // An unnamed file cannot take the place of a name: with `replace` it is a named one.
        let file = try file ?? create(in: dir, named: replace)
        precondition(!replace || file.path != nil, "an unnamed file cannot replace a file")
        var open = true
        var ok = false
        defer {
            if open { close(file.fd) }
            if let tmp = file.path {
                if !ok { unlink(tmp) }
                ToolLifetime.noteTemporaryFile(nil)
            }
        }
        try body(file.fd)
        guard let tmp = file.path else {
            return try ToolLifetime.holdingInterrupts {
                if dcm_link_unnamed(file.fd, dest) != 0 {
                    let e = errno
                    guard e == EEXIST else { throw OutputFailure("cannot create \(dest)", code: e) }
                    return .exists(same: sameContent(file.fd, dest))
                }
                open = false
                guard close(file.fd) == 0 else {
                    let e = errno
                    unlink(dest)
                    throw OutputFailure("cannot close \(dest)", code: e)
                }
                ok = true
                committed()
                return .written
            }
        }
        open = false
        guard close(file.fd) == 0 else { throw OutputFailure("cannot close \(tmp)", code: errno) }
        return try ToolLifetime.holdingInterrupts {
            if replace {
                guard rename(tmp, dest) == 0 else { throw OutputFailure("cannot rename to \(dest)", code: errno) }
            } else if dcm_rename_noreplace(tmp, dest) != 0 {
                // Fails if the destination exists or appeared meanwhile: never a silent overwrite.
                // Where renameat2 is missing, link() gives the same guarantee.
                let err = errno
                guard err == ENOSYS || err == EINVAL, link(tmp, dest) == 0 else {
                    let e = err == ENOSYS || err == EINVAL ? errno : err
                    guard e == EEXIST else { throw OutputFailure("cannot create \(dest)", code: e) }
                    let fd = Glibc.open(tmp, O_RDONLY | O_CLOEXEC)
                    defer { if fd >= 0 { close(fd) } }
                    return .exists(same: fd >= 0 && sameContent(fd, dest))
                }
                unlink(tmp)
            }
            ok = true
            ToolLifetime.noteTemporaryFile(nil)
            committed()
            return .written
        }
    }

    /// Whether the file open on `fd` (read from its start) has the content of the file `dest`.
    static func sameContent(_ fd: Int32, _ dest: String) -> Bool {
        let other = Glibc.open(dest, O_RDONLY | O_CLOEXEC)
        guard other >= 0 else { return false }
        defer { close(other) }
        var a = [UInt8](repeating: 0, count: 1 << 16), b = a
        guard lseek(fd, 0, SEEK_SET) == 0 else { return false }
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
