import CSystemShims
import DcmToolSupport
#if canImport(Glibc)
import Glibc
#endif

/// A pipe of tools run as child processes, standard output of each into standard input of
/// the next, as a shell would run `a | b | c` (for dcm-deid).
public struct StagePipeline: Sendable {
    public struct Stage: Sendable, Equatable {
        /// Tool name (e.g. "dcm-scrub").
        public var name: String
        /// Path of the executable to run.
        public var executable: String
        /// Arguments after the program name.
        public var arguments: [String]

        public init(name: String, executable: String, arguments: [String]) {
            self.name = name; self.executable = executable; self.arguments = arguments
        }
    }

    public var stages: [Stage]
    public init(stages: [Stage]) { self.stages = stages }

    /// Finds a tool next to `directory` (the running program's own directory) or else in `$PATH`.
    public static func locate(_ name: String, besides directory: String?) -> String? {
        if let d = directory {
            let p = d + "/" + name
            if access(p, X_OK) == 0 { return p }
        }
        return Subprocess.which(name)
    }

    /// The pipe as a shell command line (arguments quoted where needed).
    public func commandLine(shortNames: Bool = false) -> String {
        stages.map { s in
            ([shortNames ? s.name : s.executable] + s.arguments).map(StagePipeline.shellQuote).joined(separator: " ")
        }.joined(separator: " | ")
    }

    /// Quotes a word for a POSIX shell when it holds anything but safe characters.
    public static func shellQuote(_ w: String) -> String {
        let safe = w.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x2D || c == 0x5F || c == 0x2E || c == 0x2F || c == 0x3D || c == 0x3A || c == 0x2C || c == 0x2B
        }
        if safe && !w.isEmpty { return w }
        return "'" + w.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs the stages concurrently and waits for all of them; returns how each ended, in
    /// stage order. The first stage reads this process's standard input, the last writes
    /// its standard output; standard error is shared. INT, TERM and HUP received meanwhile
    /// are sent on to the stages (see `interruptedBy`), and each stage dies with this
    /// process should it be killed outright (`ToolLifetime`).
    public func run() -> [Subprocess.Termination] {
        let n = stages.count
        guard n > 0 else { return [] }
        var pipes: [[Int32]] = []
        for _ in 0..<(n - 1) {
            var fds: [Int32] = [-1, -1]
            if pipe(&fds) != 0 {
                let e = errno
                for p in pipes { close(p[0]); close(p[1]) }
                return Array(repeating: .notStarted(e), count: n)
            }
            pipes.append(fds)
        }
        var pids: [pid_t?] = []
        var results: [Subprocess.Termination?] = Array(repeating: nil, count: n)
        for (i, stage) in stages.enumerated() {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            if i > 0 { posix_spawn_file_actions_adddup2(&actions, pipes[i - 1][0], 0) }
            if i < n - 1 { posix_spawn_file_actions_adddup2(&actions, pipes[i][1], 1) }
            for p in pipes {
                posix_spawn_file_actions_addclose(&actions, p[0])
                posix_spawn_file_actions_addclose(&actions, p[1])
            }
            switch Subprocess.spawn(
                [stage.executable] + stage.arguments, actions: &actions,
                environment: [ToolLifetime.parentVariable: String(getpid())])
            {
            case .success(let pid): pids.append(pid)
            case .failure(let e): pids.append(nil); results[i] = .notStarted(e.code)
            }
            posix_spawn_file_actions_destroy(&actions)
        }
        // Only the children hold the pipe ends now, so each sees end of file when its
        // writer exits.
        for p in pipes { close(p[0]); close(p[1]) }
        let started = pids.compactMap { $0 }
        started.withUnsafeBufferPointer { dcm_forward_signals($0.baseAddress, Int32($0.count)) }
        for (i, pid) in pids.enumerated() {
            if let pid { results[i] = Subprocess.wait(pid) }
        }
        return results.map { $0 ?? .notStarted(0) }
    }

    /// The signal that interrupted the last `run` (sent on to its stages), or nil.
    public static var interruptedBy: Int32? {
        let s = dcm_forwarded_signal()
        return s == 0 ? nil : s
    }

    /// The exit status for the whole pipe: the worst of the stages' statuses.
    public static func worstStatus(_ ends: [Subprocess.Termination]) -> Int32 {
        ends.map(\.status).max() ?? 0
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]; out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Index>? {
        let t = Array(target)
        guard !t.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            var j = i, k = 0
            while k < t.count, j < endIndex, self[j] == t[k] { j = index(after: j); k += 1 }
            if k == t.count { return i..<j }
            i = index(after: i)
        }
        return nil
    }
}
