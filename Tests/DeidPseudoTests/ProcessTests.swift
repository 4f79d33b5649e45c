import XCTest
import Foundation
import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
@testable import DeidPseudo

/// The built tools in separate processes: dcm-parse | dcm-pseudo | dcm-write.
final class ProcessTests: XCTestCase {
    /// Writes fixture instances (3 patients, 4 studies, references between instances) as Part 10 files.
    func writeFixtures(to dir: String) throws {
        var writer = Part10Writer()
        writer.options.updateGroupLengths = true
        for i in 0..<24 {
            let patient = "PAT-\(i % 3)", study = "1.2.826.0.1.99.\(i % 4)"
            var r = Fixture.instance(
                patientID: patient, name: "NAME^\(i % 3)", study: study, series: study + ".1",
                sop: study + ".1.\(i)", studyDate: i % 4 == 0 ? "20140321" : "20150704",
                refs: [study + ".1.\((i + 4) % 24)"])
            r.file.meta.insert(Element(tag: .fileMetaInformationGroupLength, vr: .UL, bytes: [0, 0, 0, 0]))
            let bytes = try writer.encode(r.file)
            let sub = dir + "/p\(i % 3)"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: sub + "/f\(i).dcm", contents: Data(bytes))
        }
    }

    func tree(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: dir) else { return out }
        while let p = e.nextObject() as? String {
            if p.hasSuffix(".dcm") { out[p] = FileManager.default.contents(atPath: dir + "/" + p) }
        }
        return out
    }

    func pipeline(_ bin: URL, input: String, key: String, out: String, mapping: String, extra: String = "") -> String {
        let b = bin.path
        return
            "'\(b)/dcm-parse' '\(input)' | '\(b)/dcm-pseudo' --key-file '\(key)' --mapping-dir '\(mapping)' \(extra) | '\(b)/dcm-write' --allow-incomplete -o '\(out)'"
    }

    func testSameKeyInParallelProcessesGivesIdenticalOutputAndAnotherKeyDoesNot() throws {
        let bin = try Binaries.require()
        let dir = try Fixture.tempDir(self)
        try writeFixtures(to: dir + "/in")
        try Binaries.sh("'\(bin.path)/dcm-pseudo' keygen -o '\(dir)/k1' && '\(bin.path)/dcm-pseudo' keygen -o '\(dir)/k2'")
        // Two pipelines at once, with the same key, appending to the same mapping directory.
        let script = """
            (\(pipeline(bin, input: dir + "/in", key: dir + "/k1", out: dir + "/a", mapping: dir + "/map"))) &
            (\(pipeline(bin, input: dir + "/in", key: dir + "/k1", out: dir + "/b", mapping: dir + "/map"))) &
            wait
            \(pipeline(bin, input: dir + "/in", key: dir + "/k2", out: dir + "/c", mapping: dir + "/map2"))
            """
        let r = try Binaries.sh(script)
        XCTAssertEqual(r.status, 0, r.stderr)
        let a = try tree(dir + "/a"), b = try tree(dir + "/b"), c = try tree(dir + "/c")
        XCTAssertEqual(a.count, 24)
        XCTAssertEqual(a, b, "same key, separate processes: identical files and names")
        XCTAssertEqual(c.count, 24)
        XCTAssertTrue(Set(a.keys).isDisjoint(with: Set(c.keys)), "another key gives other UIDs")
        for (_, data) in c { XCTAssertFalse(a.values.contains(data)) }

        // The shared mapping has one header; after compaction, one row per replaced value.
        let uidText = try String(contentsOfFile: dir + "/map/uid_mapping.csv", encoding: .utf8)
        XCTAssertEqual(uidText.components(separatedBy: "id_old,id_new").count - 1, 1)
        let reports = try MappingFiles.compact(directory: dir + "/map")
        XCTAssertEqual(reports.map(\.conflicts), [0, 0])
        let uids = try MappingFiles.read(directory: dir + "/map", kind: .uid)
        let pats = try MappingFiles.read(directory: dir + "/map", kind: .patientID)
        XCTAssertEqual(pats.count, 3)
        XCTAssertEqual(uids.count, 24 + 4 + 4 + 4)  // instances, studies, series, frames of reference
        // Every output file's UIDs map back to an original.
        let newToOld = Dictionary(uniqueKeysWithValues: uids.map { ($0.new, $0.old) })
        for (path, data) in a {
            let f = try Part10Reader().read(bytes: Array(data))
            let sop = try XCTUnwrap(f.dataset.string(.sopInstanceUID))
            XCTAssertNotNil(newToOld[sop], path)
            let ref = try XCTUnwrap(f.dataset.item(0x0008_1140, 0)?.text(0x0008_1155))
            XCTAssertTrue(a.keys.contains { $0.hasSuffix(ref + ".dcm") }, "reference resolves to an output file")
            XCTAssertEqual(f.meta.string(.mediaStorageSOPInstanceUID), sop)
        }

        // regenerate-mapping rebuilds the same rows from the originals and the key alone.
        let regen = try Binaries.sh("'\(bin.path)/dcm-pseudo' regenerate-mapping --key-file '\(dir)/k1' --mapping-dir '\(dir)/regen' '\(dir)/in'")
        XCTAssertEqual(regen.status, 0, regen.stderr)
        // The same from a stream (where dcm-scrub would sit in front).
        let regenStream = try Binaries.sh(
            "'\(bin.path)/dcm-parse' '\(dir)/in' | '\(bin.path)/dcm-pseudo' regenerate-mapping --key-file '\(dir)/k1' --mapping-dir '\(dir)/regen-stream'"
        )
        XCTAssertEqual(regenStream.status, 0, regenStream.stderr)
        for kind in MappingKind.allCases {
            let x = try MappingFiles.read(directory: dir + "/map", kind: kind).map { "\($0.old),\($0.new)" }
            let y = try MappingFiles.read(directory: dir + "/regen", kind: kind).map { "\($0.old),\($0.new)" }
            let z = try MappingFiles.read(directory: dir + "/regen-stream", kind: kind).map { "\($0.old),\($0.new)" }
            XCTAssertFalse(x.isEmpty)
            XCTAssertEqual(Set(x), Set(y), kind.fileName)
            XCTAssertEqual(Set(x), Set(z), kind.fileName)
        }
        // The key appears in no output, log or mapping file.
        let keyHex = try String(contentsOfFile: dir + "/k1", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(keyHex.count, 64)
        XCTAssertFalse(r.stderr.contains(keyHex) || regen.stderr.contains(keyHex))
        for file in ["map/uid_mapping.csv", "map/patid_mapping.csv"] {
            XCTAssertFalse(try String(contentsOfFile: dir + "/" + file, encoding: .utf8).contains(keyHex))
        }
        let keyBytes = Array(try PseudonymKey.read(path: dir + "/k1").bytes)
        for (_, data) in a {
            XCTAssertNil(Array(data).firstRange(of: keyBytes))
            XCTAssertNil(String(decoding: data, as: UTF8.self).range(of: keyHex))
        }
    }

    func testDefaultKeyIsCreatedOnceWithMode0600AndAnnounced() throws {
        let bin = try Binaries.require()
        let dir = try Fixture.tempDir(self)
        try writeFixtures(to: dir + "/in")
        let env = ["HOME": dir + "/home", "XDG_CONFIG_HOME": "", "DCM_DEID_KEY_FILE": ""]
        let b = bin.path
        let run1 = try Binaries.sh("'\(b)/dcm-parse' '\(dir)/in' | '\(b)/dcm-pseudo' | '\(b)/dcm-write' --allow-incomplete -o '\(dir)/o1'", env: env)
        XCTAssertEqual(run1.status, 0, run1.stderr)
        let keyPath = dir + "/home/.config/dcm-deid/key"
        XCTAssertTrue(run1.stderr.contains("created a new key at \(keyPath)"), run1.stderr)
        let attrs = try FileManager.default.attributesOfItem(atPath: keyPath)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let keyHex = try String(contentsOfFile: keyPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertFalse(run1.stderr.contains(keyHex))
        let run2 = try Binaries.sh("'\(b)/dcm-parse' '\(dir)/in' | '\(b)/dcm-pseudo' | '\(b)/dcm-write' --allow-incomplete -o '\(dir)/o2'", env: env)
        XCTAssertEqual(run2.status, 0, run2.stderr)
        XCTAssertFalse(run2.stderr.contains("created"), run2.stderr)
        XCTAssertEqual(try tree(dir + "/o1"), try tree(dir + "/o2"))
    }
}
