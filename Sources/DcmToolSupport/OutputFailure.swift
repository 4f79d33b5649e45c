import DICOMCore
#if canImport(Glibc)
import Glibc
#endif

/// A failure to write under the output directory. `fatal` when every later file would fail
/// the same way (no space, read-only, no permission): the run stops at once with status 2
/// instead of failing each remaining record.
public struct OutputFailure: Error, CustomStringConvertible, Sendable, ClassifiedError {
    public var message: String
    public var fatal: Bool
    /// The system's error number.
    public var code: Int32
    public var description: String { message }
    public var failureCause: FailureCause { .unwritable }

    /// The failure of `what` with the system's `code` (an errno).
    public init(_ what: String, code: Int32) {
        message = "\(what): \(String(cString: strerror(code)))"
        self.code = code
        fatal = [ENOSPC, EDQUOT, EROFS, EACCES, EPERM, EIO, ENOTDIR].contains(code)
    }
}

extension OutputTree {
    /// Free space below which an output directory is refused at start.
    public static let minimumFreeBytes: UInt64 = 1 << 20

    /// Why files cannot be written under `path`, or nil: it must be a writable directory,
    /// or not exist yet below a writable one, on a file system with room. Checked before
    /// anything is created, so that a run that cannot write leaves nothing behind.
    public static func unusableReason(_ path: String) -> String? {
        var st = stat()
        var existing = path.isEmpty ? "." : path
        while stat(existing, &st) != 0 {
            guard errno == ENOENT else { return "\(existing): \(String(cString: strerror(errno)))" }
            let up = parent(existing)
            if up == existing { return "\(path): no existing directory above it" }
            existing = up
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { return "\(existing): not a directory" }
        guard access(existing, W_OK | X_OK) == 0 else {
            let why = String(cString: strerror(errno))
            return existing == path ? "\(path): not writable (\(why))" : "cannot create \(path): \(existing) is not writable (\(why))"
        }
        var fs = statvfs()
        if statvfs(existing, &fs) == 0 {
            if UInt64(fs.f_bavail) * UInt64(fs.f_frsize) < minimumFreeBytes || (fs.f_files > 0 && fs.f_favail == 0) {
                return "\(path): no space left on its file system"
            }
        }
        return nil
    }

    /// The directory part of `path` ("." for a bare name).
    static func parent(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }

    /// The canonical absolute form of `path`, also for a path not created yet (its nearest
    /// existing ancestor resolved, the rest appended).
    public static func resolvedPath(_ path: String) -> String {
        if let r = realPath(path) { return r }
        let up = parent(path)
        guard up != path else { return path }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let base = resolvedPath(up)
        return base.hasSuffix("/") ? base + name : base + "/" + name
    }
}
