import XCTest
import Foundation
import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
@testable import DeidPseudo

/// Pseudonymization of real files (../shared/eval/dev/input and ../shared/corpus).
final class RealFileTests: XCTestCase {
    struct Pair { var path: String; var input: DICOMFile; var output: Record; var result: PseudonymizationResult }

    func pseudonymize(_ paths: [String], _ p: Pseudonymizer) -> [Pair] {
        var out: [Pair] = []
        for path in paths {
            guard let f = try? Part10Reader().read(contentsOf: path) else { continue }
            var r = Record(source: path, file: f)
            guard let res = try? p.apply(to: &r) else { continue }
            out.append(Pair(path: path, input: f, output: r, result: res))
        }
        return out
    }

    /// Calls `body` for each element of `a` and the element with the same tag in `b`, at any depth.
    func walkPairs(_ a: DataSet, _ b: DataSet, path: String = "", _ body: (String, Element, Element?) -> Void) {
        for e in a.elements {
            let other = b[e.tag]
            body(path + "\(e.tag)", e, other)
            if let items = e.items {
                let otherItems = other?.items ?? []
                for (i, item) in items.enumerated() {
                    walkPairs(item, i < otherItems.count ? otherItems[i] : DataSet(), path: path + "\(e.tag)[\(i)]", body)
                }
            }
        }
    }

    static func uidValues(_ e: Element?) -> [String] {
        guard let e, e.vr == .UI, let b = e.bytes else { return [] }
        return (TextValue.decodeValues(b, vr: .UI, charset: .defaultRepertoire) ?? []).filter { !$0.isEmpty }
    }

    func testReferencesStillPointIntoTheSetAndTheMappingIsComplete() throws {
        let paths = try Shared.evalInputs()
        let p = Fixture.pseudonymizer()
        let pairs = pseudonymize(paths, p)
        XCTAssertGreaterThan(pairs.count, paths.count - 5)
        var mapping: [String: String] = [:]
        for pair in pairs {
            for row in pair.result.rows where row.kind == .uid {
                if let prior = mapping[row.old] { XCTAssertEqual(prior, row.new) }
                mapping[row.old] = row.new
            }
        }
        let inputSOPs = Set(pairs.compactMap { $0.input.dataset.string(.sopInstanceUID) })
        let outputSOPs = Set(pairs.compactMap { $0.output.file.dataset.string(.sopInstanceUID) })
        XCTAssertEqual(inputSOPs.count, outputSOPs.count)
        var originals = Set<String>()
        var checkedRefs = 0, changed = 0
        for pair in pairs {
            for (a, b) in [(pair.input.meta, pair.output.file.meta), (pair.input.dataset, pair.output.file.dataset)] {
                walkPairs(a, b) { path, e, o in
                    let old = Self.uidValues(e), new = Self.uidValues(o)
                    guard !old.isEmpty else { return }
                    let keyword = DataDictionary.entry(for: e.tag)?.keyword ?? ""
                    if UIDPolicy.keeps(tag: e.tag) {
                        XCTAssertEqual(old, new, "\(pair.path) \(path): definition UIDs are kept")
                        return
                    }
                    XCTAssertEqual(old.count, new.count, "\(pair.path) \(path)")
                    for (v, w) in zip(old, new) {
                        if UIDRegistry.isWellKnown(v) { XCTAssertEqual(v, w); continue }
                        originals.insert(v)
                        changed += 1
                        // Mapping completeness: every replaced value has its row.
                        XCTAssertEqual(mapping[v], w, "\(pair.path) \(path): replaced UID missing from the mapping")
                        XCTAssertTrue(UIDHasher.isValidUID(w), "\(pair.path) \(path)")
                        // Referential integrity: a reference to an instance of the set still points at it.
                        if keyword.hasPrefix("Referenced") && inputSOPs.contains(v) {
                            checkedRefs += 1
                            XCTAssertTrue(outputSOPs.contains(w), "\(pair.path) \(path): dangling reference")
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(checkedRefs, 40, "the eval set has many in-set references")
        XCTAssertGreaterThan(changed, 1000)
        // No original identifying UID survives anywhere in the output.
        for pair in pairs {
            for ds in [pair.output.file.meta, pair.output.file.dataset] {
                walkPairs(ds, DataSet()) { path, e, _ in
                    for v in Self.uidValues(e) where originals.contains(v) {
                        XCTFail("\(pair.path) \(path): original UID left in the output")
                    }
                }
            }
        }
        // The mapping holds exactly the replaced values.
        XCTAssertEqual(Set(mapping.keys), originals)
    }

    func testIntervalsBetweenAPatientsStudiesAreKept() throws {
        let paths = try Shared.evalInputs()
        let p = Fixture.pseudonymizer()
        let pairs = pseudonymize(paths, p)
        func day(_ s: String?) -> Int? {
            guard let s, s.count == 8 else { return nil }
            let b = Array(s.utf8)
            guard let y = DateShifter.number(b[0..<4]), let m = DateShifter.number(b[4..<6]), let d = DateShifter.number(b[6..<8]),
                let c = CivilDate.valid(year: y, month: m, day: d)
            else { return nil }
            return c.dayNumber
        }
        var offsets: [String: Set<Int>] = [:]
        var checked = 0
        for pair in pairs {
            guard let pid = pair.input.dataset.string(.patientID)?.trimmingSpaces(), !pid.isEmpty else { continue }
            for tag in [0x0008_0020, 0x0008_0021, 0x0008_0022, 0x0008_0023, 0x0010_0030] as [UInt32] {
                guard let a = day(pair.input.dataset.string(Tag(tag))), let b = day(pair.output.file.dataset.string(Tag(tag))) else { continue }
                offsets[pid, default: []].insert(a - b)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 500)
        XCTAssertGreaterThan(offsets.count, 50)
        for (pid, o) in offsets {
            XCTAssertEqual(o.count, 1, "one offset per patient")
            XCTAssertEqual(o.first, p.hashedDayOffset(pid))
            XCTAssertTrue((1...365).contains(o.first ?? 0))
        }
        XCTAssertGreaterThan(Set(offsets.values.compactMap(\.first)).count, 30, "patients get different offsets")
    }

    /// dciodvfy (dicom3tools) finds no error in the output that it did not find in the input.
    func testDciodvfyReportsNoNewErrors() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dciodvfy") else {
            throw XCTSkip("dciodvfy (dicom3tools) not installed")
        }
        // Every 4th corpus file (dciodvfy does not inflate deflated files) and every 8th eval file.
        let corpus = (try? Shared.corpus().filter { $0.columns["transfer_syntax"]?.contains("Deflate") != true }.map(\.path)) ?? []
        let eval = (try? Shared.evalInputs()) ?? []
        var paths = corpus.enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
        paths += eval.enumerated().filter { $0.offset % 8 == 0 }.map(\.element)
        if paths.isEmpty { throw XCTSkip("../shared not found: skipped") }
        let dir = try Fixture.tempDir(self)
        let p = Fixture.pseudonymizer()
        var writer = Part10Writer()
        writer.options.updateGroupLengths = true
        var compared = 0
        var newErrors: [String] = []
        for (n, path) in paths.enumerated() {
            guard let f = try? Part10Reader().read(contentsOf: path), f.isPart10 else { continue }
            var r = Record(source: path, file: f)
            guard (try? p.apply(to: &r)) != nil, let bytes = try? writer.encode(r.file) else { continue }
            let out = dir + "/\(n).dcm"
            _ = FileManager.default.createFile(atPath: out, contents: Data(bytes))
            let before = try Self.errors(path), after = try Self.errors(out)
            var remaining = before
            for e in after {
                if let i = remaining.firstIndex(of: e) { remaining.remove(at: i); continue }
                newErrors.append("\(path): \(e)")
            }
            compared += 1
            try? FileManager.default.removeItem(atPath: out)
        }
        XCTAssertGreaterThan(compared, 100)
        XCTAssertEqual(newErrors, [], newErrors.prefix(20).joined(separator: "\n"))
    }

    /// dciodvfy's error lines, with numbers (values, UIDs, offsets) masked.
    static func errors(_ path: String) throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/dciodvfy")
        p.arguments = [path]
        let pipe = Pipe()
        p.standardError = pipe
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n").filter { $0.hasPrefix("Error") }.map { line in
            String(line.replacingOccurrences(of: "[0-9][0-9.]*", with: "#", options: .regularExpression))
        }.sorted()
    }
}
