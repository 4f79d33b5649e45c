import DeidAudit
@testable import DeidReview
import XCTest

final class HTMLReportTests: XCTestCase {
    func result(showValues: Bool) -> ReviewResult {
        var o = ReviewOptions(); o.showValues = showValues; o.pageSize = 2
        var r = ReviewResult(options: o)
        var s = SeriesEntry(study: "1.2<script>", series: "3.4\"'&", modality: "OT", seriesNumber: "7")
        s.add([AttributeChange(path: "00100010", keyword: "PatientName", action: .replaced, before: "<b>Doe</b>", after: "P&1")])
        for i in 1...5 { s.files.append(FileEntry(number: i, output: "out/<\(i)>.dcm", original: nil, pixels: .notRead(PixelReason.noPixelData))) }
        r.series = [s]
        r.originals = 5; r.outputs = 5; r.paired = 5
        r.actionTotals = [.replaced: 5]
        r.leaks = [
            Leak(
                output: "out/<1>.dcm", path: "00081030", keyword: "StudyDescription", kind: .name, source: "PatientName",
                origin: .text, value: "Doe")
        ]
        return r
    }

    func testEverythingIsEscapedAndValuesHidden() {
        let pages = HTMLReport(result: result(showValues: false)).pages()
        let all = pages.map(\.html).joined()
        XCTAssertFalse(all.contains("<script>"))
        XCTAssertTrue(all.contains("1.2&lt;script&gt;"))
        XCTAssertTrue(all.contains("3.4&quot;&#39;&amp;"))
        XCTAssertTrue(all.contains("out/&lt;1&gt;.dcm"))
        XCTAssertFalse(all.contains("Doe"))
        XCTAssertTrue(all.contains("D\u{2026} (3 characters)"))
        XCTAssertTrue(all.contains("data-count=\"action-replaced\">5<"))
        XCTAssertTrue(all.contains("data-count=\"leaks\">1<"))
    }

    func testShowValuesShowsThemEscaped() {
        let all = HTMLReport(result: result(showValues: true)).pages().map(\.html).joined()
        XCTAssertTrue(all.contains("&lt;b&gt;Doe&lt;/b&gt;"))
        XCTAssertTrue(all.contains("P&amp;1"))
        XCTAssertTrue(all.contains("protected health information"))
    }

    func testSeriesArePaged() {
        let pages = HTMLReport(result: result(showValues: false)).pages()
        XCTAssertEqual(pages.map(\.name), ["index.html", "series-0001.html", "series-0001-2.html", "series-0001-3.html"])
        // The leak links to the page and anchor of its file.
        XCTAssertTrue(pages[0].html.contains("href=\"series-0001.html#f000001\""))
        XCTAssertTrue(pages[3].html.contains("out/&lt;5&gt;.dcm"))
        XCTAssertFalse(pages[3].html.contains("out/&lt;4&gt;.dcm"))
        // Studies listed and linked on the index.
        XCTAssertTrue(pages[0].html.contains("href=\"#s0001\""))
        XCTAssertTrue(pages[0].html.contains("id=\"s0001\""))
    }

    func testEscape() {
        XCTAssertEqual(HTMLReport.escape("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&#39;\u{FFFD}")
    }
}
