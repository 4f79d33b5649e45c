import CSystemShims
#if canImport(Glibc)
import Glibc
#endif

/// How long a tool lives and what it leaves when it is stopped.
public enum ToolLifetime {
    /// Set by dcm-deid for the stages it starts: its process ID.
    public static let parentVariable = "DCM_DEID_PARENT_PID"

    /// A stage started by dcm-deid dies with it (PR_SET_PDEATHSIG), so that killing
    /// dcm-deid outright never leaves five stages running on. The variable is removed so
    /// that programs this tool starts in turn do not inherit the request.
    static func followParent() {
        guard let value = getenv(parentVariable) else { return }
        let text = String(cString: value)
        unsetenv(parentVariable)
        guard let pid = pid_t(text), pid > 1 else { return }
        if dcm_die_with_parent(SIGTERM, pid) != 0 {
            Diagnostics.message("dcm-deid, which started this stage, has already ended")
            exitWith(.fatal)
        }
    }

    /// On INT, TERM or HUP: removes the temporary file being written (see
    /// `noteTemporaryFile`), prints "PROGRAM: interrupted: ..." with the counts last given
    /// to `noteCounts`, and ends by the signal.
    public static func cleanUpOnInterrupt() {
        dcm_interrupt_install(Diagnostics.program)
    }

    /// The temporary file to remove if a signal arrives now (nil: none).
    public static func noteTemporaryFile(_ path: String?) {
        dcm_interrupt_set_temp(path)
    }

    /// A mapped input that shrinks while it is read raises SIGBUS: from now on that ends the
    /// tool with status 2 and a message naming the input last given to `noteInput`, rather
    /// than a crash report.
    public static func reportChangedInputs() {
        dcm_fault_install(Diagnostics.program)
    }

    /// The input being read or sent now (nil: none).
    public static func noteInput(_ path: String?) {
        dcm_fault_set_input(path)
    }

    public static func noteCounts(records: Int, written: Int, failed: Int) {
        dcm_interrupt_set_counts(records, written, failed)
    }

    /// Runs `body` with INT, TERM and HUP held back until it returns, so that what it does
    /// (a rename and the counts saying so) is seen by an interruption whole or not at all.
    public static func holdingInterrupts<T>(_ body: () throws -> T) rethrows -> T {
        dcm_interrupt_hold(1)
        defer { dcm_interrupt_hold(0) }
        return try body()
    }
}
