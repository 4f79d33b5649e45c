import Foundation
import XCTest

/// The built executables (next to the test bundle, or in DCM_BIN_DIR), run as a user would.
public enum Tools {
    /// Every executable the package builds.
    public static let all = [
        "dcm-parse", "dcm-scrub", "dcm-pseudo", "dcm-redact-pixels", "dcm-write",
        "dcm-deid", "dcm-audit", "dcm-json", "dcm-review"
    ]

    /// The directory holding the built tools, or nil.
    public static func directory() -> URL? {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["DCM_BIN_DIR"] { candidates.append(URL(fileURLWithPath: env)) }
        for b in Bundle.allBundles where b.bundlePath.hasSuffix(".xctest") {
            candidates.append(b.bundleURL.deletingLastPathComponent())
        }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        return candidates.first { c in
            all.allSatisfy { FileManager.default.isExecutableFile(atPath: c.appendingPathComponent($0).path) }
        }
    }

    /// The tools' directory; skips the test when they are not built.
    public static func require() throws -> URL {
        guard let d = directory() else {
            throw XCTSkip("the dcm-* tools are not built next to the tests (swift build first, or set DCM_BIN_DIR)")
        }
        return d
    }

    public struct Outcome {
        public var status: Int32
        /// Standard output as bytes (a stream is binary).
        public var output: Data
        public var stderr: String
        public var stdout: String { String(decoding: output, as: UTF8.self) }
    }

    /// Runs `tool` with `arguments` and `environment` added to this process's, standard input
    /// from `stdin` (empty when nil).
    public static func run(
        _ tool: String, _ arguments: [String], stdin: Data? = nil,
        environment: [String: String] = [:]
    ) throws -> Outcome {
        let p = Process()
        p.executableURL = try require().appendingPathComponent(tool)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let inPipe = Pipe(), outPipe = Pipe()
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("tools-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        let errHandle = try FileHandle(forWritingTo: errFile)
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errHandle
        try p.run()
        if let stdin { inPipe.fileHandleForWriting.write(stdin) }
        try inPipe.fileHandleForWriting.close()
        // Standard error goes to a file so that neither pipe can fill up while the other is read.
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try errHandle.close()
        let errData = try Data(contentsOf: errFile)
        return Outcome(
            status: p.terminationStatus, output: outData,
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
