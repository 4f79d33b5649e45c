import XCTest
@testable import DeidAudit
import DcmToolSupport
@testable import DeidPipeline
#if canImport(Glibc)
import Glibc
#endif

final class DeidPipelineTests: XCTestCase {
    func testDocumentedPipeWithOptionsMappedToTheirStages() throws {
        var o = DeidPipeline.Options()
        o.inputs = ["in", "-odd name"]
        o.output = "out"
        o.profile = "basic"
        o.keyFile = "k.key"
        o.mappingDir = "map"
        o.overwrite = true
        o.dicomdir = true
        o.extra = ["dcm-scrub": ["--no-clean-descriptors"], "dcm-redact-pixels": ["--mode", "fast"]]
        let (p, skipped) = try DeidPipeline.build(o) { "/bin/" + $0 }
        XCTAssertEqual(skipped, [])
        XCTAssertEqual(p.stages.map(\.name), ["dcm-parse", "dcm-scrub", "dcm-pseudo", "dcm-redact-pixels", "dcm-write"])
        XCTAssertEqual(
            p.commandLine(shortNames: true),
            "dcm-parse -- in '-odd name' | dcm-scrub --profile basic --no-clean-descriptors"
                + " | dcm-pseudo --key-file k.key --mapping-dir map | dcm-redact-pixels --mode fast"
                + " | dcm-write -o out --dicomdir --overwrite")
    }

    func testMissingStageNeedsAllowIncomplete() throws {
        var o = DeidPipeline.Options()
        o.inputs = ["in"]; o.output = "out"
        let locate: (String) -> String? = { $0 == "dcm-redact-pixels" ? nil : "/x/" + $0 }
        XCTAssertThrowsError(try DeidPipeline.build(o, locate: locate)) { e in
            XCTAssertTrue("\(e)".contains("dcm-redact-pixels"))
        }
        o.allowIncomplete = true
        let (p, skipped) = try DeidPipeline.build(o, locate: locate)
        XCTAssertEqual(skipped, ["dcm-redact-pixels"])
        XCTAssertEqual(p.stages.last?.arguments, ["-o", "out", "--allow-incomplete"])
        // Reading and writing cannot be skipped at all.
        XCTAssertThrowsError(try DeidPipeline.build(o) { $0 == "dcm-write" ? nil : $0 })
    }

    func testShellQuote() {
        XCTAssertEqual(StagePipeline.shellQuote("a/b-c.d"), "a/b-c.d")
        XCTAssertEqual(StagePipeline.shellQuote("it's"), "'it'\\''s'")
        XCTAssertEqual(StagePipeline.shellQuote(""), "''")
        XCTAssertEqual(StagePipeline.shellQuote("{SOPInstanceUID}.dcm"), "'{SOPInstanceUID}.dcm'")
    }
}

final class StagePipelineTests: XCTestCase {
    func testStagesAreConnectedByPipesAndWorstStatusWins() throws {
        let dir = try AuditFixture.temporaryDirectory()
        defer { AuditFixture.removeTree(dir) }
        let p = StagePipeline(stages: [
            .init(name: "gen", executable: "/bin/sh", arguments: ["-c", "printf 'b\\na\\nc\\n'"]),
            .init(name: "sort", executable: "sort", arguments: []),
            .init(name: "save", executable: "/bin/sh", arguments: ["-c", "cat > \(dir)/out; exit 1"])
        ])
        let ends = p.run()
        XCTAssertEqual(ends, [.exited(0), .exited(0), .exited(1)])
        XCTAssertEqual(StagePipeline.worstStatus(ends), 1)
        var buf = [CChar](repeating: 0, count: 64)
        let f = try XCTUnwrap(fopen(dir + "/out", "r"))
        let n = fread(&buf, 1, 63, f); fclose(f)
        XCTAssertEqual(String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self), "a\nb\nc\n")
    }

    func testMissingExecutableIsFatal() {
        let ends = StagePipeline(stages: [
            .init(name: "a", executable: "/bin/true", arguments: []),
            .init(name: "b", executable: "/nonexistent/dcm-none", arguments: [])
        ]).run()
        XCTAssertEqual(ends[0], .exited(0))
        XCTAssertEqual(ends[1].status, 2)
        XCTAssertEqual(StagePipeline.worstStatus(ends), 2)
    }

    func testSubprocessCapturesOutput() {
        let r = Subprocess.run(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"], mergeStderr: true)
        XCTAssertEqual(r.termination, .exited(3))
        XCTAssertEqual(String(decoding: r.output, as: UTF8.self), "out\nerr\n")
        let env = Subprocess.run(["/bin/sh", "-c", "echo $DCM_AUDIT_T"], environment: ["DCM_AUDIT_T": "v1"])
        XCTAssertEqual(String(decoding: env.output, as: UTF8.self), "v1\n")
    }
}
