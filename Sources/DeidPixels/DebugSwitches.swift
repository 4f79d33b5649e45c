import Glibc

/// Milliseconds spent per step of a record (DCM_PIXELS_DEBUG_TIME).
struct DebugClock {
    var decode = 0.0, preCheck = 0.0, ocr = 0.0, lines = 0.0
    /// CPU milliseconds of the faint look and of the outlined look, OCR included.
    var faintCPU = 0.0, outlinedCPU = 0.0
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6
    }
    /// CPU milliseconds used by the calling thread.
    static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6
    }
    /// Milliseconds since `t`, which becomes now.
    static func since(_ t: inout Double) -> Double { let n = now(); defer { t = n }; return n - t }
}

/// Debugging switches read from the environment, printing to stderr.
enum DebugEnv {
    static func flag(_ name: String) -> Bool { getenv(name) != nil }
    static func say(_ s: String) { var line = s + "\n"; line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) } }
}
