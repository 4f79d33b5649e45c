import Foundation
import SharedTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Stopping a run: nothing half-written is left, the tools say what they had done, and
/// dcm-deid's stages end with it.
final class InterruptTests: ToolTestCase {

    func start(_ tool: String, _ args: [String], stdin: Any) throws -> (Process, URL) {
        let p = Process()
        p.executableURL = try Tools.require().appendingPathComponent(tool)
        p.arguments = args
        p.standardInput = stdin
        let err = dir.appendingPathComponent("\(tool).err")
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return (p, err)
    }

    func waitForExit(_ p: Process, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        return !p.isRunning
    }

    /// dcm-write on TERM: the files it finished stay, no temporary file is left, and it says
    /// how far it got; it ends by the signal (so a shell sees 143).
    func testDcmWriteReportsAndLeavesNoTemporaryFile() throws {
        let sample = Corpus.repoRoot.appendingPathComponent("samples/ct-1.dcm").path
        var stream = try Tools.run("dcm-parse", [sample]).output
        stream.removeLast(5)  // keep the stream open: no end-of-stream frame yet
        let pipe = Pipe()
        let out = dir.appendingPathComponent("out")
        let (p, err) = try start("dcm-write", ["--allow-incomplete", "-o", out.path], stdin: pipe)
        pipe.fileHandleForWriting.write(stream)
        // Wait for the record to be written, then stop the writer while it waits for more.
        let deadline = Date().addingTimeInterval(20)
        func written() -> [String] {
            (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".dcm") }
        }
        while written().isEmpty && Date() < deadline { usleep(20_000) }
        XCTAssertEqual(written().count, 1)
        p.terminate()
        XCTAssertTrue(waitForExit(p))
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        XCTAssertEqual(p.terminationStatus, SIGTERM)
        let message = try String(contentsOf: err, encoding: .utf8)
        XCTAssertTrue(message.contains("dcm-write: interrupted: 1 records in, 1 written, 0 failed"), message)
        let all = FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []
        XCTAssertEqual(all.filter { $0.contains(".dcm-write.") }, [])
    }

    /// dcm-deid on TERM sends it on to its stages and waits for them; killed outright, its
    /// stages die with it (PR_SET_PDEATHSIG) instead of running on.
    func testDcmDeidStagesEndWithIt() throws {
        for signal in [SIGTERM, SIGKILL] {
            // The list of inputs never ends, so the pipe runs until stopped.
            let list = Pipe()
            let key = dir.appendingPathComponent("key").path
            if !FileManager.default.fileExists(atPath: key) {
                XCTAssertEqual(try Tools.run("dcm-pseudo", ["keygen", "-o", key]).status, 0)
            }
            let (p, _) = try start(
                "dcm-deid",
                [
                    "--files-from", "-", "--key-file", key,
                    dir.appendingPathComponent("out\(signal)").path
                ], stdin: list)
            // Give the stages time to start.
            var children: [pid_t] = []
            let deadline = Date().addingTimeInterval(20)
            while children.count < 5 && Date() < deadline { usleep(50_000); children = childPIDs(of: p.processIdentifier) }
            XCTAssertEqual(children.count, 5, "dcm-deid started its five stages")
            kill(p.processIdentifier, signal)
            XCTAssertTrue(waitForExit(p))
            let stillRunning = Date().addingTimeInterval(10)
            while children.contains(where: { kill($0, 0) == 0 && !isZombie($0) }) && Date() < stillRunning { usleep(50_000) }
            XCTAssertEqual(children.filter { kill($0, 0) == 0 && !isZombie($0) }, [], "signal \(signal): stages still running")
            try? list.fileHandleForWriting.close()
        }
    }

    func childPIDs(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && pid_t(fields[1]) == parent
        }
    }

    func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }
}

/// Leftovers of a writer killed outright (SIGKILL leaves no chance to clean up).
final class StaleTemporaryFileTests: ToolTestCase {
    func testDcmWriteRemovesItsOwnStaleTemporaryFilesOnly() throws {
        let sample = Corpus.repoRoot.appendingPathComponent("samples/ct-1.dcm").path
        let stream = try Tools.run("dcm-parse", [sample]).output
        let out = dir.appendingPathComponent("out")
        XCTAssertEqual(try Tools.run("dcm-write", ["--allow-incomplete", "-o", out.path], stdin: stream).status, 0)
        let written = try XCTUnwrap(FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String])
            .first { $0.hasSuffix(".dcm") }
        let folder = out.appendingPathComponent(try XCTUnwrap(written)).deletingLastPathComponent()
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        let hostName = String(cString: host).replacingOccurrences(of: ".", with: "_")
        // A process ID that is not running: a child that has ended and been reaped.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run(); ended.waitUntilExit()
        let stale = folder.appendingPathComponent(".dcm-write.\(hostName).\(ended.processIdentifier).AbC123")
        let live = folder.appendingPathComponent(".dcm-write.\(hostName).\(getpid()).XyZ789")
        let otherHost = folder.appendingPathComponent(".dcm-write.elsewhere.\(ended.processIdentifier).QwE456")
        for f in [stale, live, otherHost] { FileManager.default.createFile(atPath: f.path, contents: Data("part".utf8)) }
        XCTAssertEqual(try Tools.run("dcm-write", ["--allow-incomplete", "--overwrite", "-o", out.path], stdin: stream).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path), "a dead writer's file of this host goes")
        XCTAssertTrue(FileManager.default.fileExists(atPath: live.path), "a running writer's file stays")
        XCTAssertTrue(FileManager.default.fileExists(atPath: otherHost.path), "another host's file stays")
    }
}
