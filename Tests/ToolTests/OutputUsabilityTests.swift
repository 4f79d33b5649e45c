import Foundation
import SharedTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// An output that cannot take files stops the run at once (status 2), before anything is
/// created; inputs that are nothing to do are a fatal error too.
final class OutputUsabilityTests: ToolTestCase {
    var mounts: [String] = []

    override func tearDownWithError() throws {
        for m in mounts.reversed() { _ = umount(m) }
        try super.tearDownWithError()
    }

    var samples: String { Corpus.repoRoot.appendingPathComponent("samples").path }

    func stream() throws -> Data {
        let r = try Tools.run("dcm-parse", [samples])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.output
    }

    /// A small file system of its own (tmpfs), or a skip where mounting is not allowed.
    func smallFileSystem(_ name: String, bytes: Int, readOnly: Bool = false) throws -> URL {
        let m = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: m, withIntermediateDirectories: true)
        let options = "size=\(bytes)" + (readOnly ? ",ro" : "")
        guard mount("tmpfs", m.path, "tmpfs", 0, options) == 0 else {
            throw XCTSkip("cannot mount a tmpfs here (\(String(cString: strerror(errno)))): full-disk tests skipped")
        }
        mounts.append(m.path)
        return m
    }

    func testAFileNamedAsOutputIsFatalAndNothingIsCreated() throws {
        let file = dir.appendingPathComponent("a-file")
        FileManager.default.createFile(atPath: file.path, contents: Data("x".utf8))
        let r = try Tools.run("dcm-write", ["--allow-incomplete", "-o", file.appendingPathComponent("out").path], stdin: try stream())
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.lowercased().contains("not a directory"), r.stderr)
        let r2 = try Tools.run("dcm-write", ["--allow-incomplete", "-o", file.path], stdin: try stream())
        XCTAssertEqual(r2.status, 2, r2.stderr)
    }

    func testAFullDiskIsFatalAtStart() throws {
        let tiny = try smallFileSystem("tiny", bytes: 64 << 10)
        let out = tiny.appendingPathComponent("out")
        let r = try Tools.run("dcm-write", ["--allow-incomplete", "-o", out.path], stdin: try stream())
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("no space"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing created")
    }

    func testAReadOnlyOutputIsFatalAtStart() throws {
        let ro = try smallFileSystem("ro", bytes: 4 << 20, readOnly: true)
        let r = try Tools.run("dcm-write", ["--allow-incomplete", "-o", ro.appendingPathComponent("out").path], stdin: try stream())
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("not writable"), r.stderr)
    }

    /// The disk fills up during the run: one message, status 2, no empty folders, and the
    /// files written before are whole.
    func testADiskThatFillsUpStopsTheRunOnce() throws {
        // Two samples made large by a private element of 700 KB at their end.
        let big = dir.appendingPathComponent("big")
        try FileManager.default.createDirectory(at: big, withIntermediateDirectories: true)
        for name in ["ct-1.dcm", "ct-2.dcm"] {
            var bytes = try Data(contentsOf: URL(fileURLWithPath: samples + "/" + name))
            let creator = Array("DCMTEST ".utf8)
            bytes += Data([0xE1, 0x7F, 0x10, 0x00, 0x4C, 0x4F, UInt8(creator.count), 0]) + Data(creator)
            let payload = 700 << 10
            bytes += Data([0xE1, 0x7F, 0x00, 0x10, 0x4F, 0x42, 0, 0])
            bytes += withUnsafeBytes(of: UInt32(payload).littleEndian) { Data($0) }
            bytes += Data(repeating: 0x5A, count: payload)
            try bytes.write(to: big.appendingPathComponent(name))
        }
        let parsed = try Tools.run("dcm-parse", [big.path])
        XCTAssertEqual(parsed.status, 0, parsed.stderr)
        let input = parsed.output
        let small = try smallFileSystem("small", bytes: (1 << 20) + (200 << 10))
        let out = small.appendingPathComponent("out")
        let r = try Tools.run("dcm-write", ["--allow-incomplete", "-o", out.path], stdin: input)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("No space left on device"), r.stderr)
        XCTAssertTrue(r.stderr.contains("then stopped"), r.stderr)
        XCTAssertEqual(r.stderr.components(separatedBy: "No space left").count - 1, 1, "reported once: \(r.stderr)")
        var empty: [String] = []
        let walker = FileManager.default.enumerator(atPath: out.path)
        while let p = walker?.nextObject() as? String {
            let full = out.appendingPathComponent(p).path
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), isDir.boolValue,
                (try? FileManager.default.contentsOfDirectory(atPath: full))?.isEmpty == true
            {
                empty.append(p)
            }
            XCTAssertFalse(p.contains(".dcm-write."), "temporary file left: \(p)")
        }
        XCTAssertEqual(empty, [])
    }

    /// An empty stream (the stage before failed) creates nothing.
    func testAnUnreadableStreamCreatesNothing() throws {
        let out = dir.appendingPathComponent("out")
        let r = try Tools.run("dcm-write", ["-o", out.path], stdin: Data())
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    func testDcmDeidOnAMissingInputExitsTwoAndCreatesNothing() throws {
        let key = dir.appendingPathComponent("key").path
        XCTAssertEqual(try Tools.run("dcm-pseudo", ["keygen", "-o", key]).status, 0)
        let out = dir.appendingPathComponent("out")
        let r = try Tools.run("dcm-deid", ["--key-file", key, dir.appendingPathComponent("nonexistent").path, out.path])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        XCTAssertEqual(r.stderr.components(separatedBy: "No such file").count - 1, 1, "said once: \(r.stderr)")
    }

    func testFIFOsAndDanglingLinksInAFolderAreSkippedAndCounted() throws {
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: samples + "/ct-1.dcm", toPath: input.appendingPathComponent("ct-1.dcm").path)
        XCTAssertEqual(mkfifo(input.appendingPathComponent("fifo").path, 0o600), 0)
        try FileManager.default.createSymbolicLink(
            atPath: input.appendingPathComponent("dangling").path,
            withDestinationPath: "/nonexistent/target")
        let r = try Tools.run("dcm-parse", [input.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("fifo: skipped: not a regular file"), r.stderr)
        XCTAssertTrue(r.stderr.contains("dangling: skipped: not a regular file (dangling link)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("1 read, 2 skipped"), r.stderr)
    }
}
