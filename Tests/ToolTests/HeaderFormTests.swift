import Foundation
import SharedTestSupport
import XCTest

/// Both record header forms as users meet them: stages write binary headers, read JSON
/// headers (a version 2 stream, or one written by a third-party stage), and
/// `dcm-json --record --inline-bulk | dcm-json --to-stream` gives back the same records.
final class HeaderFormTests: ToolTestCase {
    var samples: String { Corpus.repoRoot.appendingPathComponent("samples").path }

    /// Every file under `root`, relative path to bytes.
    func tree(_ root: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: root.path)
        while let p = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            let full = root.appendingPathComponent(p).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                out[p] = try Data(contentsOf: URL(fileURLWithPath: full))
            }
        }
        return out
    }

    func run(_ tool: String, _ args: [String], _ input: Data?) throws -> Data {
        let r = try Tools.run(tool, args, stdin: input)
        XCTAssertEqual(r.status, 0, "\(tool): \(r.stderr)")
        return r.output
    }

    /// The header stages' output from a JSON-header stream (version 2) is the output from the
    /// binary one, file for file.
    func testEveryStageReadsAJSONHeaderStream() throws {
        let key = dir.appendingPathComponent("key")
        try Data((String(repeating: "cd", count: 32) + "\n").utf8).write(to: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
        let binary = try run("dcm-parse", [samples], nil)
        XCTAssertEqual(Array(binary.prefix(12).suffix(4)), [3, 0, 0, 0], "stages write version 3")
        XCTAssertEqual(binary[12], UInt8(ascii: "D"), "stages write binary headers")
        let lines = try run("dcm-json", ["--record", "--inline-bulk"], binary)
        let json = try run("dcm-json", ["--to-stream", "--json-header"], lines)
        XCTAssertEqual(Array(json.prefix(12).suffix(4)), [2, 0, 0, 0], "JSON headers make a version 2 stream")
        XCTAssertEqual(json[12], UInt8(ascii: "H"))
        var outputs: [[String: Data]] = []
        for (name, stream) in [("bin", binary), ("json", json)] {
            let scrubbed = try run("dcm-scrub", [], stream)
            XCTAssertEqual(scrubbed[12], UInt8(ascii: "D"), "dcm-scrub writes binary headers whatever it reads")
            let pseudo = try run("dcm-pseudo", ["--key-file", key.path], scrubbed)
            let out = dir.appendingPathComponent(name)
            _ = try run("dcm-write", ["-q", "--allow-incomplete", "-o", out.path], pseudo)
            outputs.append(try tree(out))
            // dcm-write, dcm-json and dcm-audit read a JSON stream directly too.
            _ = try run("dcm-write", ["-q", "--allow-incomplete", "-o", dir.appendingPathComponent(name + "-raw").path], stream)
            XCTAssertEqual(try run("dcm-json", [], stream), try run("dcm-json", [], binary))
        }
        XCTAssertEqual(outputs[0].count, 6)
        XCTAssertEqual(outputs[0], outputs[1])
        XCTAssertEqual(try tree(dir.appendingPathComponent("bin-raw")), try tree(dir.appendingPathComponent("json-raw")))
    }

    /// `dcm-json --to-stream` turns its own `--record --inline-bulk` lines back into the
    /// records: the files written are those of `dcm-parse | dcm-write`, byte for byte.
    func testToStreamRoundTrip() throws {
        let stream = try run("dcm-parse", [samples], nil)
        let direct = dir.appendingPathComponent("direct"), viaJSON = dir.appendingPathComponent("json")
        _ = try run("dcm-write", ["-q", "--allow-incomplete", "-o", direct.path], stream)
        let lines = try run("dcm-json", ["--record", "--inline-bulk"], stream)
        let back = try run("dcm-json", ["--to-stream"], lines)
        _ = try run("dcm-write", ["-q", "--allow-incomplete", "-o", viaJSON.path], back)
        let a = try tree(direct)
        XCTAssertEqual(a.count, 6)
        XCTAssertEqual(a, try tree(viaJSON))
        // Lines with bulk:N references cannot be turned back: error records, status 1.
        let plain = try Tools.run("dcm-json", ["--to-stream"], stdin: try run("dcm-json", ["--record"], stream))
        XCTAssertEqual(plain.status, 1, plain.stderr)
        XCTAssertTrue(plain.stderr.contains("line 1: ") && plain.stderr.contains("inline-bulk"), plain.stderr)
        let written = try Tools.run("dcm-write", ["--allow-incomplete", "-o", dir.appendingPathComponent("x").path], stdin: plain.output)
        XCTAssertEqual(written.status, 1, written.stderr)
    }

    /// A binary header frame that is cut short or corrupt stops a stage with status 2 (the
    /// stream is corrupt) and a message naming the header, never a crash.
    func testHostileBinaryHeaderIsAFatalStreamError() throws {
        var stream = Data([0x89, 0x44, 0x43, 0x4D, 0x0D, 0x0A, 0x1A, 0x0A, 3, 0, 0, 0])
        let payload: [UInt8] = [4, 0, 0, 0] + Array("{}xx".utf8) + [0, 0xFF, 0xFF, 0, 0]
        stream.append(contentsOf: [UInt8(ascii: "D"), UInt8(payload.count), 0, 0, 0] + payload)
        stream.append(contentsOf: [UInt8(ascii: "E"), 0, 0, 0, 0, UInt8(ascii: "Z"), 0, 0, 0, 0])
        for tool in ["dcm-scrub", "dcm-write", "dcm-json"] {
            let args = tool == "dcm-write" ? ["-o", dir.appendingPathComponent("out").path] : []
            let r = try Tools.run(tool, args, stdin: stream)
            XCTAssertEqual(r.status, 2, "\(tool): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("binary record header"), "\(tool): \(r.stderr)")
        }
    }
}
