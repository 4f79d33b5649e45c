import Foundation
import SharedTestSupport
import XCTest

/// What every tool promises a user on the command line (see each man page's EXIT STATUS).
final class ConventionTests: ToolTestCase {
    func testHelpGoesToStandardOutputWithStatusZero() throws {
        for tool in Tools.all {
            let r = try Tools.run(tool, ["--help"])
            XCTAssertEqual(r.status, 0, tool)
            XCTAssertTrue(r.stdout.contains("USAGE:"), "\(tool) --help: \(r.stdout.prefix(200))")
            XCTAssertEqual(r.stderr, "", tool)
        }
    }

    func testVersionIsPrinted() throws {
        for tool in Tools.all {
            let r = try Tools.run(tool, ["--version"])
            XCTAssertEqual(r.status, 0, tool)
            XCTAssertEqual(
                r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count, 3,
                "\(tool) --version printed \(r.stdout)")
        }
    }

    /// Bad usage is a fatal error (2), as the manuals say, not ArgumentParser's 64; the
    /// message names the program, as GNU tools' messages do.
    func testBadUsageExitsTwoWithTheProgramName() throws {
        for tool in Tools.all {
            let r = try Tools.run(tool, ["--no-such-option"])
            XCTAssertEqual(r.status, 2, "\(tool): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("\(tool): "), "\(tool) said: \(r.stderr.prefix(200))")
            XCTAssertEqual(r.stdout, "", tool)
        }
    }

    /// A stage given something that is not a stream stops with status 2 and says why.
    func testStagesRefuseAGarbageStream() throws {
        let garbage = Data("this is not a dcm-stream\n".utf8)
        let key = dir.appendingPathComponent("key")
        try Data((String(repeating: "ab", count: 32) + "\n").utf8).write(to: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
        for tool in ["dcm-scrub", "dcm-pseudo", "dcm-redact-pixels", "dcm-write"] {
            var args: [String] = []
            if tool == "dcm-pseudo" { args = ["--key-file", key.path] }
            if tool == "dcm-write" { args = ["-o", dir.appendingPathComponent("out").path] }
            let r = try Tools.run(tool, args, stdin: garbage)
            XCTAssertEqual(r.status, 2, "\(tool): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("\(tool): "), "\(tool) said: \(r.stderr.prefix(200))")
        }
    }
}

/// The end-of-stream frame as users meet it: a pipe whose writer stopped between two records
/// must not look like a finished run.
final class StreamEndToolTests: ToolTestCase {
    func testDcmWriteExitsTwoOnAStreamCutAtARecordBoundary() throws {
        let sample = Corpus.repoRoot.appendingPathComponent("samples/ct-1.dcm").path
        let stream = try Tools.run("dcm-parse", [sample])
        XCTAssertEqual(stream.status, 0, stream.stderr)
        let bytes = stream.output
        // The stream ends with the 5-byte end-of-stream frame 'Z' + length 0.
        XCTAssertEqual(Array(bytes.suffix(5)), [0x5A, 0, 0, 0, 0])
        let out = dir.appendingPathComponent("out")
        let whole = try Tools.run("dcm-write", ["--allow-incomplete", "-o", out.path], stdin: bytes)
        XCTAssertEqual(whole.status, 0, whole.stderr)
        let cut = try Tools.run("dcm-write", ["--allow-incomplete", "--overwrite", "-o", out.path], stdin: bytes.dropLast(5))
        XCTAssertEqual(cut.status, 2, cut.stderr)
        XCTAssertTrue(cut.stderr.contains("end-of-stream"), cut.stderr)
    }
}

final class DashTests: XCTestCase {
    /// `-` is standard input: for dcm-json a stream, as with no argument.
    func testDcmJsonDashReadsAStream() throws {
        let stream = try Tools.run("dcm-parse", [Corpus.repoRoot.appendingPathComponent("samples/ct-1.dcm").path]).output
        let r = try Tools.run("dcm-json", ["-"], stdin: stream)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("{\"00080008\""), r.stdout)
    }

    /// dcm-write writes a directory tree: `-o -` is a usage error, not a folder named "-".
    func testDcmWriteRefusesDashAsOutput() throws {
        let r = try Tools.run("dcm-write", ["-o", "-"], stdin: Data())
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("-o - is not a directory"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/-"))
    }
}

final class VerbosityTests: XCTestCase {
    /// -q and -v mean the same on every tool (and exclude each other).
    func testQuietAndVerboseAreTakenByEveryTool() throws {
        for tool in Tools.all {
            // dcm-pseudo's options are those of its default subcommand, run.
            let help = try Tools.run(tool, tool == "dcm-pseudo" ? ["run", "--help"] : ["--help"]).stdout
            XCTAssertTrue(help.contains("-q, --quiet"), "\(tool) has -q")
            XCTAssertTrue(help.contains("-v, --verbose"), "\(tool) has -v")
            let both = try Tools.run(tool, ["-q", "-v"])
            XCTAssertEqual(both.status, 2, "\(tool): \(both.stderr)")
        }
    }
}
