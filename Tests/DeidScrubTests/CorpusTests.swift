import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
import Foundation
import XCTest
@testable import DeidScrub

/// The corpus (../shared/corpus) through the scrubber, with both built-in profiles.
final class CorpusTests: XCTestCase {
    struct Outcome { var input: DICOMFile; var output: Record }

    func scrubbedCorpus(_ profile: Profile) throws -> [(String, Outcome)] {
        let scrubber = Scrubber(profile: profile)
        var out: [(String, Outcome)] = []
        for path in try Shared.corpus() {
            guard let file = try? Part10Reader().read(contentsOf: path) else { continue }
            var r = Record(source: path, file: file)
            try scrubber.apply(to: &r)
            out.append((path, Outcome(input: file, output: r)))
        }
        XCTAssertGreaterThan(out.count, 400)
        return out
    }

    /// Every readable file scrubs; pixel data and the attributes the scorer matches on stay;
    /// the patient's name is nowhere in the written file; the markers are set.
    func testEveryCorpusFileUnderBothProfiles() throws {
        for name in ["tcia", "basic"] {
            for (path, o) in try scrubbedCorpus(Fx.profile(name)) {
                let before = o.input.dataset, after = o.output.file.dataset
                let what = "\(name) \(path)"
                XCTAssertEqual(after.text(0x0012_0062), "YES", what)
                for t: UInt32 in [0x0008_0016, 0x0008_0018, 0x0020_000D, 0x0020_000E, 0x0008_0060, 0x0010_0020] where before.has(t) {
                    XCTAssertTrue(after.has(t), "\(Tag(t)) kept: \(what)")
                }
                if let p = before[.pixelData] {
                    XCTAssertTrue(samePixels(p, after[.pixelData]), "pixel data untouched: \(what)")
                }
                let encoded = String(decoding: try Part10Writer().encode(o.output.file), as: UTF8.self)
                // Whole names as written ("DOE^JANE") and as in prose ("JANE DOE"): their
                // parts alone are often ordinary words ("Test^Patient").
                let patientID = before.text(0x0010_0020) ?? ""  // kept for dcm-pseudo
                for v in o.output.deid.phi[.name] ?? [] where v.count >= 5 && (v.contains("^") || v.contains(" ")) && v != patientID {
                    XCTAssertNil(encoded.range(of: v), "a removed name is in the output: \(what)")
                }
            }
        }
    }

    func samePixels(_ a: Element, _ b: Element?) -> Bool {
        guard let b else { return false }
        switch (a.value, b.value) {
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.bulk(let x), .bulk(let y)): return x.length == y.length && x.encapsulated == y.encapsulated
        default: return false
        }
    }

    /// No output has more dciodvfy errors than its input (dicom3tools; skipped when absent).
    func testNoNewConformanceErrors() throws {
        let tool = "/usr/bin/dciodvfy"
        guard FileManager.default.isExecutableFile(atPath: tool) else { throw XCTSkip("dciodvfy not installed (Debian dicom3tools)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scrub-dciodvfy-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var compared = 0, worse: [String] = []
        var inputErrors: [String: Int] = [:]
        for name in ["tcia", "basic"] {
            for (path, o) in try scrubbedCorpus(Fx.profile(name)) {
                // dciodvfy does not inflate deflated files: its errors there are false alarms.
                if o.input.transferSyntax.uid == "1.2.840.10008.1.2.1.99" { continue }
                let out = dir.appendingPathComponent("out.dcm")
                try Data(try Part10Writer().encode(o.output.file)).write(to: out)
                let before = try inputErrors[path] ?? errors(tool, path)
                inputErrors[path] = before
                let after = try errors(tool, out.path)
                compared += 1
                if after > before { worse.append("\(name) \(path): \(before) -> \(after)") }
            }
        }
        XCTAssertGreaterThan(compared, 800)
        XCTAssertEqual(worse, [], "outputs with more dciodvfy errors than their input")
    }

    func errors(_ tool: String, _ path: String) throws -> Int {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = [path]
        let pipe = Pipe()
        p.standardError = pipe; p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("Error") }.count
    }
}
