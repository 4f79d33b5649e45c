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
}
