import Foundation
import SharedTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// dcm-parse moves the bulk data of a large (mapped) file to a pipe with splice(2), and copies
/// it when its output is a regular file: both give the same stream, and the file written
/// from it is the input, byte for byte. Stages pass large bulk frames from pipe to pipe, and
/// dcm-write from its input pipe into the file, with splice(2) too: the same files result.
final class SpliceTests: ToolTestCase {
    /// An Explicit VR Little Endian file with `pixels` bytes of OW pixel data (a pattern).
    func largeFile(pixels: Int, name: String = "large.dcm", sop sopText: String = "2.25.987654321") throws -> URL {
        func el(_ g: UInt16, _ e: UInt16, _ vr: String, _ value: [UInt8]) -> [UInt8] {
            var v = value
            if v.count % 2 == 1 { v.append(vr == "UI" ? 0 : 0x20) }
            var out: [UInt8] = [UInt8(g & 0xFF), UInt8(g >> 8), UInt8(e & 0xFF), UInt8(e >> 8)] + Array(vr.utf8)
            out += [UInt8(v.count & 0xFF), UInt8(v.count >> 8)]
            return out + v
        }
        let sop = Array(sopText.utf8)
        let metaBody =
            [0x02, 0x00, 0x01, 0x00] + Array("OB".utf8) + [0, 0, 2, 0, 0, 0, 0, 1]
            + el(2, 2, "UI", Array("1.2.840.10008.5.1.4.1.1.7".utf8)) + el(2, 3, "UI", sop)
            + el(2, 0x10, "UI", Array("1.2.840.10008.1.2.1".utf8))
        let n = UInt32(metaBody.count)
        let meta = [0x02, 0x00, 0x00, 0x00] + Array("UL".utf8) + [4, 0, UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), 0, 0] + metaBody
        let ds =
            el(8, 0x16, "UI", Array("1.2.840.10008.5.1.4.1.1.7".utf8)) + el(8, 0x18, "UI", sop)
            + el(0x10, 0x10, "PN", Array("Splice^Test".utf8)) + el(0x28, 0x10, "US", [0, 16]) + el(0x28, 0x11, "US", [0, 16])
        let len = UInt32(pixels)
        let pixelHeader: [UInt8] =
            [0xE0, 0x7F, 0x10, 0x00] + Array("OW".utf8)
            + [0, 0, UInt8(len & 0xFF), UInt8(len >> 8 & 0xFF), UInt8(len >> 16 & 0xFF), UInt8(len >> 24)]
        var data = Data([UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + meta + ds + pixelHeader)
        data.append(Data((0..<pixels).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 13) }))
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    func testLargeFileThroughPipeAndFileAlike() throws {
        let input = try largeFile(pixels: 34 << 20 | 6)  // above the 32 MiB mapping threshold
        let piped = try Tools.run("dcm-parse", ["-q", input.path])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        // The same with standard output a regular file (no splice).
        let streamFile = dir.appendingPathComponent("stream")
        let sh = Process()
        sh.executableURL = URL(fileURLWithPath: "/bin/sh")
        sh.arguments = [
            "-c", "\"$0\" -q \"$1\" > \"$2\"",
            try Tools.require().appendingPathComponent("dcm-parse").path, input.path, streamFile.path
        ]
        try sh.run(); sh.waitUntilExit()
        XCTAssertEqual(sh.terminationStatus, 0)
        XCTAssertEqual(try Data(contentsOf: streamFile), piped.output, "spliced and copied streams differ")
        let out = dir.appendingPathComponent("out")
        let w = try Tools.run("dcm-write", ["-q", "--allow-incomplete", "-o", out.path], stdin: piped.output)
        XCTAssertEqual(w.status, 0, w.stderr)
        let written = FileManager.default.enumerator(atPath: out.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".dcm") } ?? []
        XCTAssertEqual(written.count, 1)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent(written[0])), try Data(contentsOf: input))
    }

    /// The header pipe joined by pipes (bulk spliced at every step) and through regular files
    /// between the stages (bulk copied): the same output files, and `dcm-parse | dcm-write`
    /// gives back each input.
    func testHeaderPipeSplicedOrCopiedAlike() throws {
        let inputs = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        var originals: [String: Data] = [:]
        // Read whole (small), mapped with one frame, mapped with frames of 1 MiB and an odd end.
        for (i, size) in [20_000, 200_001, (3 << 20) + 7].enumerated() {
            let f = try largeFile(pixels: size, name: "in/f\(i).dcm", sop: "2.25.98765432\(i)")
            originals["2.25.98765432\(i)"] = try Data(contentsOf: f)
        }
        let bin = try Tools.require().path
        let key = dir.appendingPathComponent("key").path
        XCTAssertEqual(try Tools.run("dcm-pseudo", ["keygen", "-o", key]).status, 0)
        func sh(_ script: String) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", "B=\"$0\"; IN=\"$1\"; D=\"$2\"; K=\"$3\"; " + script, bin, inputs.path, dir.path, key]
            try p.run(); p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, script)
        }
        try sh(
            #""$B/dcm-parse" -q "$IN" | "$B/dcm-scrub" -q | "$B/dcm-pseudo" -q --key-file "$K" | "$B/dcm-write" -q --allow-incomplete -o "$D/piped""#)
        try sh(
            #""$B/dcm-parse" -q "$IN" > "$D/s1" && "$B/dcm-scrub" -q < "$D/s1" > "$D/s2" && "$B/dcm-pseudo" -q --key-file "$K" < "$D/s2" > "$D/s3" && "$B/dcm-write" -q --allow-incomplete -o "$D/copied" < "$D/s3""#
        )
        try sh(#""$B/dcm-parse" -q "$IN" | "$B/dcm-write" -q --allow-incomplete -o "$D/back" --layout "{SOPInstanceUID}.dcm""#)
        func tree(_ name: String) throws -> [String: Data] {
            let root = dir.appendingPathComponent(name)
            let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".dcm") } ?? []
            return try Dictionary(uniqueKeysWithValues: files.map { ($0, try Data(contentsOf: root.appendingPathComponent($0))) })
        }
        let piped = try tree("piped")
        XCTAssertEqual(piped.count, 3)
        XCTAssertEqual(piped, try tree("copied"), "spliced and copied header pipes wrote different files")
        let back = try tree("back")
        XCTAssertEqual(back.count, 3)
        for (sop, data) in originals { XCTAssertEqual(back["\(sop).dcm"], data, "round trip of \(sop)") }
    }

    /// `tool` (dcm-parse unless said) started on a large file with its output pipe left
    /// unread until the pipe is full: it is then blocked in the middle of the pixel data.
    func blockedInPixelData(_ url: URL, tool: String = "dcm-parse", options: [String] = []) throws -> (Process, Pipe, URL) {
        let p = Process()
        p.executableURL = try Tools.require().appendingPathComponent(tool)
        p.arguments = options + [url.path]
        let out = Pipe()
        p.standardOutput = out
        let err = dir.appendingPathComponent("\(tool).err")
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        let fd = out.fileHandleForReading.fileDescriptor
        var pending: Int32 = 0
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            _ = ioctl(fd, UInt(FIONREAD), &pending)
            if pending >= 60_000 { break }
            usleep(10_000)
        }
        XCTAssertGreaterThanOrEqual(pending, 60_000, "\(tool) filled its output pipe")
        return (p, out, err)
    }

    /// An input that shrinks while its pixel data is being spliced out (another program
    /// truncating it): dcm-parse stops with a message that names the file and exit status 2,
    /// instead of sending a short value or crashing.
    func testInputShrinkingWhileSentIsNamed() throws {
        let url = try largeFile(pixels: 4 << 20, name: "shrinking.dcm")
        let (p, out, err) = try blockedInPixelData(url)
        XCTAssertEqual(truncate(url.path, 100_000), 0)
        _ = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .exit)
        XCTAssertEqual(p.terminationStatus, 2)
        let message = try String(contentsOf: err, encoding: .utf8)
        XCTAssertTrue(message.contains("dcm-parse: \(url.path): an input file shrank"), message)
    }

    /// Where a shrunk mapped file is touched directly, the kernel raises SIGBUS: dcm-parse
    /// then names the file and exits with status 2 rather than dumping a crash report. The
    /// signal is sent here, as the kernel would, while the file is being sent.
    func testBusErrorNamesTheInput() throws {
        try assertBusErrorNamesTheInput(tool: "dcm-parse")
    }

    /// dcm-json maps its input files too: a bus error while one is read (here sent while its
    /// pixel data, as inline JSON, is blocked in a full output pipe) names the file and ends
    /// the run with status 2 instead of a crash report.
    func testDcmJSONBusErrorNamesTheInput() throws {
        try assertBusErrorNamesTheInput(tool: "dcm-json", options: ["--record", "--inline-bulk"])
    }

    func assertBusErrorNamesTheInput(tool: String, options: [String] = [], line: UInt = #line) throws {
        let url = try largeFile(pixels: 4 << 20, name: "mapped-\(tool).dcm")
        let (p, out, err) = try blockedInPixelData(url, tool: tool, options: options)
        kill(p.processIdentifier, SIGBUS)
        _ = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .exit, line: line)
        XCTAssertEqual(p.terminationStatus, 2, line: line)
        let message = try String(contentsOf: err, encoding: .utf8)
        XCTAssertEqual(message, "\(tool): \(url.path): the file changed while it was read (bus error); stopping\n", line: line)
    }
}
