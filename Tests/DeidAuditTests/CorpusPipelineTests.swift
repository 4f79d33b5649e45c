import DICOMCore
import DICOMPart10
import Foundation
import SharedTestSupport
import DcmToolSupport
import XCTest
@testable import DeidAudit

/// Runs the built tools (found next to the test bundle) over the shared corpus.
final class CorpusPipelineTests: XCTestCase {
    static var corpusDir: String { Corpus.sharedDir.appendingPathComponent("corpus/real").path }

    /// The directory holding the built executables, or a skip.
    func binDirectory(_ tools: [String]) throws -> String {
        // The test bundle is built into the same directory as the executables.
        guard let dir = Subprocess.ownDirectory() else { throw XCTSkip("cannot find the build directory") }
        for t in tools where access(dir + "/" + t, X_OK) != 0 {
            throw XCTSkip("\(t) is not built next to the tests (swift build --build-tests builds it)")
        }
        return dir
    }

    /// Corpus shares (top-level directories), a few small ones so a debug build stays quick.
    func shares(count: Int) throws -> [String] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: Self.corpusDir) else {
            throw XCTSkip("../shared/corpus not found (set DCM_SHARED): corpus tests skipped")
        }
        let dirs = names.sorted().map { Self.corpusDir + "/" + $0 }.filter {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: $0, isDirectory: &isDir) && isDir.boolValue
        }
        func size(_ d: String) -> Int {
            (fm.enumerator(atPath: d)?.allObjects as? [String] ?? []).reduce(0) {
                $0 + ((try? fm.attributesOfItem(atPath: d + "/" + $1)[.size] as? Int) ?? 0)
            }
        }
        return Array(dirs.map { ($0, size($0)) }.sorted { $0.1 < $1.1 }.prefix(count).map(\.0)).sorted()
    }

    func sh(_ command: String) -> (Int32, String) {
        let r = Subprocess.run(["/bin/sh", "-c", command], mergeStderr: true)
        return (r.termination.status, String(decoding: r.output, as: UTF8.self))
    }

    /// Output files (relative path and content) and mapping rows of a run.
    func snapshot(_ out: String, _ map: String) -> (files: [String: Data], uid: Set<String>, patid: Set<String>) {
        var files: [String: Data] = [:]
        let fm = FileManager.default
        for rel in (fm.enumerator(atPath: out)?.allObjects as? [String] ?? []) {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: out + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                files[rel] = fm.contents(atPath: out + "/" + rel)
            }
        }
        func rows(_ f: String) -> Set<String> {
            Set((try? String(contentsOfFile: map + "/" + f, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? [])
        }
        return (files, rows("uid_mapping.csv"), rows("patid_mapping.csv"))
    }

    /// Output names dcm-write refused because another input had written them: "OUT/NAME
    /// exists with ... content" when another process wrote it, "...: OUT/NAME not written"
    /// when an earlier input of the same run did.
    func refusedNames(_ stderr: String, out: String) -> Set<String> {
        var names = Set<String>()
        for line in stderr.split(separator: "\n") {
            guard let r = line.range(of: out + "/") else { continue }
            let end = line.range(of: " exists with ")?.lowerBound ?? line.range(of: " not written")?.lowerBound
            guard let e = end, e > r.upperBound else { continue }
            names.insert(String(line[r.upperBound..<e]))
        }
        return names
    }

    func testParallelSharesGiveTheSameFilesAndMappingsAsASerialRun() throws {
        let bin = try binDirectory(["dcm-deid", "dcm-parse", "dcm-scrub", "dcm-pseudo", "dcm-redact-pixels", "dcm-write"])
        let parts = try shares(count: 6)
        let work = try AuditFixture.temporaryDirectory()
        defer { AuditFixture.removeTree(work) }
        XCTAssertEqual(sh("'\(bin)/dcm-pseudo' keygen -o '\(work)/key'").0, 0)
        let deid = "'\(bin)/dcm-deid' --key-file '\(work)/key' --write-opt --quiet"
        let quoted = parts.map { "'\($0)'" }.joined(separator: " ")
        let (serialStatus, serialErr) = sh("\(deid) --mapping-dir '\(work)/smap' \(quoted) '\(work)/serial'")
        XCTAssertLessThanOrEqual(serialStatus, 1, serialErr)
        // Two pipes at a time, one per share, appending to one mapping directory.
        let (parallelStatus, parallelErr) = sh(
            "printf '%s\\0' \(quoted) | xargs -0 -P 2 -I{} \(deid) --mapping-dir '\(work)/pmap' {} '\(work)/parallel'")
        XCTAssertTrue(parallelStatus == 0 || parallelStatus == 123, parallelErr)
        XCTAssertEqual(serialStatus == 0, parallelStatus == 0, "the same inputs fail in both runs")

        let s = snapshot(work + "/serial", work + "/smap")
        let p = snapshot(work + "/parallel", work + "/pmap")
        XCTAssertGreaterThan(s.files.count, 10)
        XCTAssertEqual(s.files.keys.sorted(), p.files.keys.sorted())
        // Inputs of the same instance claim one name; which writes first depends on scheduling.
        let collided = refusedNames(serialErr, out: work + "/serial").union(refusedNames(parallelErr, out: work + "/parallel"))
        for (name, data) in s.files where p.files[name] != data && !collided.contains(name) {
            XCTFail("\(name) differs between the runs")
        }
        XCTAssertLessThan(collided.count, s.files.count / 2)
        XCTAssertGreaterThan(s.uid.count, s.files.count)
        XCTAssertEqual(s.uid, p.uid)
        XCTAssertEqual(s.patid, p.patid)
    }

    /// A plain copy (no de-identification) of corpus files must be reported: every output
    /// whose original has a patient name part or patient ID worth searching for leaks it.
    func testAuditReportsEveryFileOfAPlainCopy() throws {
        let bin = try binDirectory(["dcm-parse", "dcm-write"])
        let parts = try shares(count: 4)
        let work = try AuditFixture.temporaryDirectory()
        defer { AuditFixture.removeTree(work) }
        let quoted = parts.map { "'\($0)'" }.joined(separator: " ")
        let (status, err) = sh("'\(bin)/dcm-parse' \(quoted) | '\(bin)/dcm-write' -q --allow-incomplete -o '\(work)/copy'")
        XCTAssertLessThanOrEqual(status, 1, err)

        var options = Audit.Options()
        options.verify = false
        var leaky = Set<String>()
        var audit = Audit(options: options)
        audit.onLeak = { leaky.insert($0.output) }
        let summary = audit.run(originals: parts, outputs: [work + "/copy"])
        XCTAssertGreaterThan(summary.outputs, 10)
        // Which outputs must leak: those whose own name or ID is searchable (and the UIDs of all).
        var expected = 0
        for path in (FileManager.default.enumerator(atPath: work + "/copy")?.allObjects as? [String] ?? []) {
            let full = work + "/copy/" + path
            guard let f = try? Part10Reader().read(contentsOf: full) else { continue }
            let v = IdentifyingValues.collect(from: f)
            if !v.global.isEmpty {
                expected += 1
                XCTAssertTrue(leaky.contains(full), "\(path): a copy of an original with identifying values is not reported")
            }
        }
        XCTAssertGreaterThan(expected, 10)
        XCTAssertEqual(summary.outputsWithLeaks, leaky.count)
    }
}
