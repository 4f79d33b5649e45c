import XCTest
import Foundation
@testable import DeidPseudo
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

final class MappingAndKeyTests: XCTestCase {
    func testCSVQuotingRoundTrips() {
        let fields = ["plain", "with,comma", "with \"quote\"", "", "line\nbreak"]
        XCTAssertEqual(CSV.parse(CSV.line(fields)), [fields])
        XCTAssertEqual(CSV.parse(Array("a,b\r\nc,d\n\n".utf8)), [["a", "b"], ["c", "d"]])
    }

    func testWritersInParallelProduceOneHeaderAndWholeLines() throws {
        let dir = try Fixture.tempDir(self)
        let threads = 8, perThread = 3000
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            guard let w = try? MappingWriter(directory: dir) else { return }
            w.flushThreshold = 512  // many small appends, to provoke interleaving
            for i in 0..<perThread {
                // Half the originals are shared by all writers (as study UIDs are).
                let old = i % 2 == 0 ? "1.2.\(i)" : "1.2.\(t).\(i)"
                try? w.add([MappingRow(kind: .uid, old: old, new: "2.25.\(old.hashValue & 0xFFFF)")])
            }
            try? w.flush()
        }
        let text = try String(contentsOfFile: dir + "/uid_mapping.csv", encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "id_old,id_new")
        XCTAssertEqual(lines.last, "")
        XCTAssertEqual(lines.filter { $0 == "id_old,id_new" }.count, 1)
        let body = lines.dropFirst().dropLast()
        XCTAssertEqual(body.count, threads * perThread)
        for l in body {
            let f = l.split(separator: ",")
            XCTAssertEqual(f.count, 2, String(l))
            XCTAssertTrue(f[0].hasPrefix("1.2.") && f[1].hasPrefix("2.25."), String(l))
        }
        var st = stat()
        XCTAssertEqual(stat(dir + "/uid_mapping.csv", &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)

        let reports = try MappingFiles.compact(directory: dir)
        let uid = try XCTUnwrap(reports.first { $0.kind == .uid })
        XCTAssertEqual(uid.rows, perThread / 2 + threads * perThread / 2)
        XCTAssertEqual(uid.duplicatesRemoved, (threads - 1) * perThread / 2)
        XCTAssertEqual(uid.conflicts, 0)
        XCTAssertEqual(try MappingFiles.read(directory: dir, kind: .uid).count, uid.rows)
    }

    func testCompactionWhileWritersAppendLosesNothing() throws {
        let dir = try Fixture.tempDir(self)
        let rounds = 200
        DispatchQueue.concurrentPerform(iterations: 3) { t in
            if t == 2 {
                for _ in 0..<20 { _ = try? MappingFiles.compact(directory: dir) }
                return
            }
            guard let w = try? MappingWriter(directory: dir) else { return }
            for i in 0..<rounds {
                try? w.add([MappingRow(kind: .patientID, old: "P\(t)-\(i)", new: "N\(t)-\(i)")])
                try? w.flush()
            }
        }
        let rows = try MappingFiles.read(directory: dir, kind: .patientID)
        XCTAssertEqual(Set(rows.map(\.old)).count, 2 * rounds)
    }

    func testConflictsAreCounted() throws {
        let dir = try Fixture.tempDir(self)
        let w = try MappingWriter(directory: dir)
        try w.add([MappingRow(kind: .uid, old: "1.2", new: "2.25.1")])
        try w.flush()
        let w2 = try MappingWriter(directory: dir)
        try w2.add([MappingRow(kind: .uid, old: "1.2", new: "2.25.2")])
        try w2.flush()
        let r = try MappingFiles.compact(directory: dir)
        XCTAssertEqual(r.first?.conflicts, 1)
        XCTAssertEqual(try MappingFiles.read(directory: dir, kind: .uid).map(\.new), ["2.25.1"])
    }

    func testKeyFileCreationIsPrivateAndRaceFree() throws {
        let dir = try Fixture.tempDir(self)
        let path = dir + "/conf/dcm-deid/key"
        let found = Mutex((keys: [[UInt8]](repeating: [], count: 6), created: [Bool](repeating: false, count: 6)))
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            if let (k, c) = try? PseudonymKey.create(at: path) {
                found.withLock {
                    $0.keys[i] = k.bytes; $0.created[i] = c
                }
            }
        }
        let (keys, created) = found.withLock { ($0.keys, $0.created) }
        XCTAssertEqual(created.filter { $0 }.count, 1)
        XCTAssertEqual(Set(keys).count, 1)
        XCTAssertEqual(keys[0].count, 32)
        var st = stat()
        XCTAssertEqual(stat(path, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
        XCTAssertEqual(stat(dir + "/conf/dcm-deid", &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o700)
        XCTAssertFalse(PseudonymKey.isExposed(path: path))
        XCTAssertEqual(try PseudonymKey.read(path: path).bytes, keys[0])
        // Only the hex key and no leftovers are in the directory.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/conf/dcm-deid"), ["key"])
    }

    func testDefaultKeyPath() {
        XCTAssertEqual(PseudonymKey.defaultPath(environment: ["HOME": "/h"]), "/h/.config/dcm-deid/key")
        XCTAssertEqual(PseudonymKey.defaultPath(environment: ["HOME": "/h", "XDG_CONFIG_HOME": "/x"]), "/x/dcm-deid/key")
        XCTAssertEqual(PseudonymKey.defaultPath(environment: ["HOME": "/h", "DCM_DEID_KEY_FILE": "/k"]), "/k")
        XCTAssertNil(PseudonymKey.defaultPath(environment: [:]))
    }

    func testShortKeysAreRefused() throws {
        XCTAssertThrowsError(try PseudonymKey(bytes: [1, 2, 3]))
        let dir = try Fixture.tempDir(self)
        _ = FileManager.default.createFile(atPath: dir + "/k", contents: Data("abcd\n".utf8))
        XCTAssertThrowsError(try PseudonymKey.read(path: dir + "/k"))
    }
}
