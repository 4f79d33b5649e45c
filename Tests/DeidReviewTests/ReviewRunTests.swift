import DeidAudit
import DICOMPixels
import DeidPixels
import DICOMCore
import DICOMPart10
@testable import DeidReview
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A run over files written to a temporary directory: one masked image, one unchanged, one
/// without pixel data, paired through a UID mapping.
final class ReviewRunTests: XCTestCase {
    typealias F = Fixture
    var root = ""

    override func setUpWithError() throws {
        root = F.tempDir()
        for d in ["orig", "out", "map", "report"] { mkdir(root + "/" + d, 0o755) }
        // Masked: the bar is gone in the output; the name is replaced.
        try F.write(
            F.image(sop: "1.2.3.1", study: "1.2.3.100", series: "1.2.3.200", name: "Doe^John", pixels: F.pixels(bar: true)),
            to: root + "/orig/a.dcm")
        try F.write(
            F.image(sop: "2.25.1", study: "2.25.100", series: "2.25.200", name: "P1", pixels: F.pixels(bar: false)),
            to: root + "/out/a.dcm")
        // Unchanged pixels; the name left in (a leak).
        try F.write(
            F.image(sop: "1.2.3.2", study: "1.2.3.100", series: "1.2.3.200", name: "Roe^Richard", pixels: F.pixels(bar: false)),
            to: root + "/orig/b.dcm")
        try F.write(
            F.image(sop: "2.25.2", study: "2.25.100", series: "2.25.200", name: "Roe^Richard", pixels: F.pixels(bar: false)),
            to: root + "/out/b.dcm")
        // No pixel data.
        var c = F.image(sop: "1.2.3.3", study: "1.2.3.100", series: "1.2.3.300", name: "Doe^John", pixels: [])
        _ = c.dataset.remove(.pixelData)
        try F.write(c, to: root + "/orig/c.dcm")
        var co = F.image(sop: "2.25.3", study: "2.25.100", series: "2.25.300", name: "P1", pixels: [])
        _ = co.dataset.remove(.pixelData)
        try F.write(co, to: root + "/out/c.dcm")
        // An original that was refused.
        try F.write(
            F.image(sop: "1.2.3.4", study: "1.2.3.100", series: "1.2.3.200", name: "Doe^John", pixels: F.pixels(bar: true)),
            to: root + "/orig/d.dcm")
        let csv = "id_old,id_new\n1.2.3.1,2.25.1\n1.2.3.2,2.25.2\n1.2.3.3,2.25.3\n1.2.3.100,2.25.100\n"
        FileManagerLite.write(csv, to: root + "/map/uid_mapping.csv")
        FileManagerLite.write(
            """
            {"error":{"source":"\(root)/orig/d.dcm","stage":"dcm-write","message":"not de-identified: dcm-scrub did not run"}}
            {"summary":{"records":4,"written":3,"alreadyThere":0,"failed":1,"incomplete":0,"seconds":0.1}}

            """, to: root + "/write.jsonl")
    }

    override func tearDown() { _ = system("rm -rf '\(root)'") }

    func review(noBefore: Bool = false) throws -> ReviewResult {
        var o = ReviewOptions()
        o.originals = [root + "/orig"]; o.outputs = [root + "/out"]; o.reportDir = root + "/report"
        o.uidMap = try UIDMapping.newToOld(path: root + "/map/uid_mapping.csv")
        o.writeReport = root + "/write.jsonl"
        o.noBefore = noBefore
        return try Review(options: o).run()
    }

    func testRunPairsComparesAndFindsTheBox() throws {
        let r = try review()
        XCTAssertEqual(r.originals, 4)
        XCTAssertEqual(r.outputs, 3)
        XCTAssertEqual(r.paired, 3)
        XCTAssertEqual(r.unpairedOriginals, [root + "/orig/d.dcm"])
        XCTAssertEqual(r.refusals.map(\.cause), ["refused by the interlock"])
        XCTAssertEqual(r.writeSummary?.failed, 1)
        XCTAssertEqual(r.masked, 1)
        XCTAssertEqual(r.unchanged, 1)
        XCTAssertEqual(r.notRead, [PixelReason.noPixelData: 1])
        let files = r.series.flatMap(\.files)
        let a = files.first { $0.output.hasSuffix("/a.dcm") }!
        XCTAssertEqual(a.thumbs.count, 1)
        XCTAssertEqual(a.thumbs[0].boxes, [PixelRect(x: 8, y: 4, width: 30, height: 6)])
        for name in [a.thumbs[0].before!, a.thumbs[0].after] {
            XCTAssertEqual(PNG.size(F.readFile(root + "/report/" + name) ?? [])?.width, 64, name)
        }
        // The name kept in b.dcm is a leak; replaced names are header changes.
        XCTAssertFalse(r.leaks.isEmpty)
        XCTAssertEqual(Set(r.leaks.map(\.kind)), [.name])
        XCTAssertEqual(Set(r.leaks.map(\.output)), [root + "/out/b.dcm"])
        XCTAssertEqual(files.first { $0.output.hasSuffix("/b.dcm") }?.leaks, r.leaks.count)
        // UIDs of a, b, c (3 each) and the names of a and c.
        XCTAssertEqual(r.actionTotals[.replaced], 11)
    }

    func testNoBeforeWritesNoBeforeThumbnail() throws {
        let r = try review(noBefore: true)
        let a = r.series.flatMap(\.files).first { $0.output.hasSuffix("/a.dcm") }!
        XCTAssertNil(a.thumbs[0].before)
        XCTAssertNil(F.readFile(root + "/report/" + Review.thumbName(a.number, 0, "b")))
        XCTAssertNotNil(F.readFile(root + "/report/" + Review.thumbName(a.number, 0, "a")))
        let html = HTMLReport(result: r).pages().map(\.html).joined()
        XCTAssertFalse(html.contains("-b.png"))
        XCTAssertFalse(html.contains("original pixels, burned-in"))
    }

    func testPagesCountWhatTheRunFound() throws {
        let r = try review()
        let bytes = try HTMLReport(result: r).write()
        XCTAssertGreaterThan(bytes, 0)
        let index = String(decoding: F.readFile(root + "/report/index.html")!, as: UTF8.self)
        XCTAssertTrue(index.contains("data-count=\"files-in\">4<"))
        XCTAssertTrue(index.contains("data-count=\"files-out\">3<"))
        XCTAssertTrue(index.contains("data-count=\"masked\">1<"))
        XCTAssertTrue(index.contains("data-count=\"write-failed\">1<"))
        XCTAssertTrue(index.contains("data-count=\"refused-refused-by-the-interlock\">1<"))
        XCTAssertTrue(index.contains("R\u{2026} ("))
        XCTAssertFalse(index.contains("Roe") || index.contains("Richard"))
        XCTAssertFalse(index.contains("Doe^John"))
        // Every image a page names is a PNG in the report.
        for p in HTMLReport(result: r).pages() {
            for src in p.html.components(separatedBy: "src=\"").dropFirst().map({ $0.prefix { $0 != "\"" } }) {
                XCTAssertNotNil(PNG.size(F.readFile(root + "/report/" + src) ?? []), String(src))
            }
            XCTAssertFalse(p.html.contains("http://") || p.html.contains("https://"), p.name)
        }
    }
}

/// Small file writes without Foundation.
enum FileManagerLite {
    static func write(_ text: String, to path: String) {
        let f = fopen(path, "wb")!
        _ = fputs(text, f)
        fclose(f)
    }
}
