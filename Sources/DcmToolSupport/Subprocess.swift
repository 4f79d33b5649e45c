#if canImport(Glibc)
import Glibc
#endif

/// Running other programs with posix_spawn (no shell, so no quoting problems).
public enum Subprocess {
    /// How a child ended.
    public enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signaled(Int32)
        /// The program could not be started (errno).
        case notStarted(Int32)

        /// The tools' exit status for this ending: its own code, or 2 (fatal) when killed
        /// or not started.
        public var status: Int32 {
            switch self {
            case .exited(let c): return c
            case .signaled, .notStarted: return 2
            }
        }
    }

    public struct Result: Sendable {
        public var termination: Termination
        /// Standard output (and standard error when merged).
        public var output: [UInt8]
    }

    /// The path of `name` found in `$PATH` (or `name` itself when it holds a slash), if executable.
    public static func which(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let p = dir + "/" + name
            var st = stat()
            if stat(p, &st) == 0, st.st_mode & S_IFMT == S_IFREG, access(p, X_OK) == 0 { return p }
        }
        return nil
    }

    /// The directory holding this process's executable (to find sibling tools).
    public static func ownDirectory() -> String? {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    /// Runs `argv` to completion and returns its standard output (and standard error when
    /// `mergeStderr`; otherwise standard error goes to /dev/null). `environment` entries are
    /// added to (or replace those of) the current environment. Standard input is /dev/null.
    public static func run(
        _ argv: [String], environment: [String: String] = [:],
        mergeStderr: Bool = false
    ) -> Result {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return Result(termination: .notStarted(errno), output: []) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        if mergeStderr {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let started = spawn(argv, actions: &actions, environment: environment)
        close(fds[1])
        guard case .success(let pid) = started else {
            close(fds[0])
            if case .failure(let e) = started { return Result(termination: .notStarted(e.code), output: []) }
            return Result(termination: .notStarted(0), output: [])
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        close(fds[0])
        return Result(termination: wait(pid), output: out)
    }

    public struct SpawnError: Error { public var code: Int32 }

    /// Starts `argv` with the given file actions; the environment is the current one plus
    /// `environment`.
    public static func spawn(
        _ argv: [String], actions: inout posix_spawn_file_actions_t,
        environment: [String: String] = [:]
    ) -> Swift.Result<pid_t, SpawnError> {
        var env: [String] = []
        var p = environ
        while let e = p.pointee {
            let s = String(cString: e)
            let name = s.split(separator: "=", maxSplits: 1).first.map(String.init) ?? s
            if environment[name] == nil { env.append(s) }
            p += 1
        }
        for (k, v) in environment.sorted(by: { $0.key < $1.key }) { env.append(k + "=" + v) }
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) }; for e in cEnv { free(e) } }
        var pid = pid_t()
        let rc = posix_spawnp(&pid, argv[0], &actions, nil, cArgs, cEnv)
        return rc == 0 ? .success(pid) : .failure(SpawnError(code: rc))
    }

    /// Waits for `pid` and decodes its status.
    public static func wait(_ pid: pid_t) -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .notStarted(errno) }
        }
        let sig = status & 0x7F
        if sig == 0 { return .exited((status >> 8) & 0xFF) }
        return .signaled(sig)
    }
}
