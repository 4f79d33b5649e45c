import DICOMCore
import DICOMDeid
import DICOMObject
import XCTest
@testable import DICOMPixels
@testable import DeidPixels

final class MatcherTests: XCTestCase {
    func matcher() -> TextMatcher {
        var v = IdentifyingValues()
        v.add(phi: [
            .name: ["DAVIDSON^DOUGLAS^J"], .id: ["292821506"], .date: ["20130713", "19760616"],
            .institution: ["Scott Community Hospital"], .phone: ["(555) 123-4567"]
        ])
        return TextMatcher(values: v)
    }

    func hits(_ line: String) -> [String] {
        let words = line.split(separator: " ").map(String.init)
        return matcher().lineHits(words).sorted().map { words[$0] }
    }

    func testIdentifyingValuesInAnyWrittenForm() {
        XCTAssertEqual(hits("DAVIDSON DOUGLAS"), ["DAVIDSON", "DOUGLAS"])
        XCTAssertEqual(hits("Davidson, Douglas"), ["Davidson,", "Douglas"])
        XCTAssertEqual(hits("DAVIDS0N"), ["DAVIDS0N"], "one OCR slip")
        XCTAssertEqual(hits("PATIENT DAVIDSO..."), ["DAVIDSO..."], "cut short by the display")
        XCTAssertEqual(hits("ID 292821506"), ["292821506"])
        XCTAssertEqual(hits("2013 Jul 13"), ["2013", "Jul", "13"])
        XCTAssertEqual(hits("Jul 13, 2013"), ["Jul", "13,", "2013"])
        XCTAssertEqual(hits("07/13/2013"), ["07/13/2013"])
        XCTAssertEqual(hits("13.07.2013 10:22"), ["13.07.2013"])
        XCTAssertEqual(hits("16-Jun-1976"), ["16-Jun-1976"])
        XCTAssertEqual(hits("Scott Community Hospital"), ["Scott", "Community", "Hospital"])
    }

    /// Words placed by their boxes: (text, x, y, width, height, confidence).
    func placed(_ ws: [(String, Int, Int, Int, Int, Float)]) -> [OCRWord] {
        ws.enumerated().map { i, w in
            OCRWord(text: w.0, box: PixelRect(x: w.1, y: w.2, width: w.3, height: w.4), confidence: w.5, line: i)
        }
    }

    /// Parts of a value OCR split off or misread are found by geometry: a year whose tall
    /// box put it on another line, misread or short words beside a name part, a name read
    /// with its start cut off. Nothing spreads from words that are not names or dates.
    func testNeighboursOfIdentifyingWords() {
        XCTAssertEqual(hits("VIDSON"), ["VIDSON"], "start cut off")
        XCTAssertEqual(hits("ADSON"), [], "not the end of a name part")
        let m = matcher()
        // "May 26" on one line, the year (tall box) and the rest each on their own: only
        // geometry joins the year to the date.
        var date = placed([
            ("2000", 129, 392, 28, 23, 96), ("May", 161, 403, 22, 9, 95), ("26", 187, 403, 14, 7, 95),
            ("2001", 300, 403, 28, 9, 95)
        ])
        date[2].line = date[1].line
        XCTAssertEqual(m.identifying(date).sorted().map { date[$0].text }, ["2000", "May", "26"])
        let name = placed([
            ("ae", 276, 96, 54, 25, 36), ("ee", 337, 98, 23, 18, 25), ("DAVIDSON", 380, 98, 50, 11, 94),
            ("Fw", 445, 98, 20, 11, 30), ("Knee", 600, 98, 40, 11, 20)
        ])
        XCTAssertEqual(m.identifying(name).sorted().map { name[$0].text }, ["ae", "ee", "DAVIDSON", "Fw"])
        // A short month beside a name part's neighbour, then its year beside the month.
        let chain = placed([
            ("2019", 82, 65, 43, 12, 96), ("Jul", 130, 44, 24, 36, 57), ("T1", 162, 64, 19, 13, 78),
            ("DOUGLAS", 188, 63, 65, 18, 20)
        ])
        XCTAssertEqual(m.identifying(chain), Set(chain.indices))
        let label = placed([("ae", 276, 96, 54, 25, 36), ("ABDOMEN", 337, 98, 70, 11, 94)])
        XCTAssertEqual(m.identifying(label), [])
        // Confident longer words beside a name are text of their own.
        let sure = placed([("DOUGLAS", 10, 10, 60, 12, 95), ("Cardiology", 80, 10, 90, 12, 90)])
        XCTAssertEqual(sure.indices.filter { m.identifying(sure).contains($0) }.map { sure[$0].text }, ["DOUGLAS"])
    }

    func testIdentifyingPatterns() {
        XCTAssertEqual(hits("Name: JANE ROE"), ["Name:", "JANE", "ROE"], "values after a cue word")
        XCTAssertEqual(hits("DOB: 01/02/1950"), ["DOB:", "01/02/1950"])
        XCTAssertEqual(hits("Acc# 88812345"), ["88812345"], "long digit runs")
        XCTAssertEqual(hits("Tel (555) 987-6543"), ["(555)", "987-6543"])
        XCTAssertEqual(hits("2019-02-03"), ["2019-02-03"])
        XCTAssertEqual(hits("St Mary Medical Center"), ["St", "Mary", "Medical", "Center"])
    }

    func testClinicalLabelsStay() {
        for line in [
            "L", "R", "AP", "PA LAT", "5 cm", "4.0cm", "TIS0.0 MI 0.6", "Adv Breast", "L12-5 36Hz",
            "Dyn R 58", "60%", "x3", "Gain 45 dB", "05:24:57PM", "Depth 16.0", "0.123456"
        ] {
            XCTAssertEqual(hits(line), [], line)
        }
    }

    func testValuesFromHeader() {
        var ds = DataSet()
        ds.setString(Tag(0x0010_0010), "ROE^JANE", vr: .PN)
        ds.setString(Tag(0x0008_0050), "A55512", vr: .SH)
        ds.setString(Tag(0x0008_0020), "20200101", vr: .DA)
        var v = IdentifyingValues()
        v.add(header: ds)
        let m = TextMatcher(values: v)
        XCTAssertEqual(m.lineHits(["JANE", "ROE"]).count, 2)
        XCTAssertEqual(m.lineHits(["A55512"]).count, 1)
        XCTAssertEqual(m.lineHits(["01", "JAN", "2020"]).count, 3)
        XCTAssertEqual(m.lineHits(["JANET"]).count, 0, "a longer word is not a name part")
    }

    func testReadPolicy() {
        func ds(_ modality: String, burned: String?, bits: Int = 16) -> DataSet {
            var d = DataSet()
            d.setString(Tag(0x0008_0060), modality, vr: .CS)
            if let burned { d.setString(Tag(0x0028_0301), burned, vr: .CS) }
            d.insert(Element(tag: Tag(0x0028_0100), vr: .US, bytes: [UInt8(bits), 0]))
            return d
        }
        XCTAssertTrue(ReadPolicy.default.decide(ds("CT", burned: nil)).read)
        XCTAssertFalse(ReadPolicy.default.decide(ds("CT", burned: "NO")).read)
        XCTAssertTrue(ReadPolicy.default.decide(ds("US", burned: "NO")).read, "NO is not trusted on text modalities")
        XCTAssertFalse(ReadPolicy.modality.decide(ds("US", burned: "NO")).read)
        XCTAssertFalse(ReadPolicy.modality.decide(ds("CT", burned: nil)).read)
        XCTAssertFalse(ReadPolicy.default.decide(ds("SEG", burned: nil, bits: 1)).read)
        XCTAssertTrue(ReadPolicy.flagged.decide(ds("CT", burned: "YES")).read)
        XCTAssertFalse(ReadPolicy.flagged.decide(ds("US", burned: nil)).read)
        XCTAssertTrue(ReadPolicy.all.decide(ds("CT", burned: "NO")).read)
    }
}

final class HeaderTagKindTests: XCTestCase {
    /// Every header attribute the pixel stage reads has its kind in the one table (none falls
    /// back to `other`, which would search a name or an ID as free text).
    func testHeaderTagsHaveTheirKinds() {
        let kinds = Dictionary(uniqueKeysWithValues: IdentifyingValues.headerTags.map { ($0.0.rawValue, $0.1) })
        XCTAssertFalse(kinds.values.contains(.other))
        XCTAssertEqual(kinds[0x0010_0010], .name)
        XCTAssertEqual(kinds[0x0032_1032], .name)
        XCTAssertEqual(kinds[0x0010_0020], .id)
        XCTAssertEqual(kinds[0x0008_0094], .phone)
        XCTAssertEqual(kinds[0x0008_0021], .date)
        XCTAssertEqual(kinds[0x0008_0081], .address)
        XCTAssertEqual(kinds[0x0008_1040], .institution)
    }
}
