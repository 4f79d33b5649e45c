import XCTest
@testable import DeidPseudo

final class DateShifterTests: XCTestCase {
    func testCivilDateRoundTripsAcrossCalendarEdges() {
        for n in stride(from: -800_000, through: 2_900_000, by: 997) {
            XCTAssertEqual(CivilDate(dayNumber: n).dayNumber, n)
        }
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 1).dayNumber, 0)
        XCTAssertEqual(CivilDate(year: 2000, month: 3, day: 1).shifted(back: 1), CivilDate(year: 2000, month: 2, day: 29))
        XCTAssertEqual(CivilDate(year: 1900, month: 3, day: 1).shifted(back: 1), CivilDate(year: 1900, month: 2, day: 28))
        XCTAssertNil(CivilDate.valid(year: 2023, month: 2, day: 29))
        XCTAssertNotNil(CivilDate.valid(year: 2024, month: 2, day: 29))
    }

    func testDAFullPartialLegacyAndRanges() {
        XCTAssertEqual(DateShifter.shiftDA("20140321", days: 21), "20140228")
        XCTAssertEqual(DateShifter.shiftDA("20120321", days: 21), "20120229")
        XCTAssertEqual(DateShifter.shiftDA("20140101", days: 1), "20131231")
        XCTAssertEqual(DateShifter.shiftDA("2014.03.21", days: 21), "2014.02.28")
        // Partial dates move from the first day of their period, so they always change.
        XCTAssertEqual(DateShifter.shiftDA("201403", days: 1), "201402")
        XCTAssertEqual(DateShifter.shiftDA("201403", days: 40), "201401")
        XCTAssertEqual(DateShifter.shiftDA("2014", days: 1), "2013")
        XCTAssertEqual(DateShifter.shiftDA("2014", days: 365), "2013")
        XCTAssertEqual(DateShifter.shiftDA("20140101-20140321", days: 10), "20131222-20140311")
        XCTAssertEqual(DateShifter.shiftDA("-20140321", days: 10), "-20140311")
        XCTAssertEqual(DateShifter.shiftDA("20140321-", days: 10), "20140311-")
        XCTAssertEqual(DateShifter.shiftDA(" 20140321 ", days: 1), "20140320")
    }

    func testInvalidDAIsRejected() {
        for bad in ["20140230", "2014032", "20141321", "00000000", "2014-03-21", "abcdefgh", "-", "2014-01-01-2014", "19.05.2014"] {
            XCTAssertNil(DateShifter.shiftDA(bad, days: 5), bad)
        }
    }

    func testDTKeepsTimeAndOffset() {
        XCTAssertEqual(DateShifter.shiftDT("20201001231409.020-0500", days: 2), "20200929231409.020-0500")
        XCTAssertEqual(DateShifter.shiftDT("20141023105851.00", days: 23), "20140930105851.00")
        XCTAssertEqual(DateShifter.shiftDT("19940306125300", days: 6), "19940228125300")
        XCTAssertEqual(DateShifter.shiftDT("2014+0100", days: 1), "2013+0100")
        XCTAssertEqual(DateShifter.shiftDT("201403211015", days: 1), "201403201015")
        XCTAssertEqual(DateShifter.shiftDT("20140321", days: 1), "20140320")
        XCTAssertEqual(DateShifter.shiftDT("20140321101500-20140322", days: 1), "20140320101500-20140321")
        XCTAssertEqual(DateShifter.shiftDT("-201403211015", days: 1), "-201403201015")
    }

    func testInvalidDTIsRejected() {
        XCTAssertEqual(DateShifter.shiftDT("2014032110", days: 1), "2014032010")
        for bad in ["20140321256000", "201403211", "20140321101500.1234567", "20140321+2500", "20140230101500", "x"] {
            XCTAssertNil(DateShifter.shiftDT(bad, days: 1), bad)
        }
    }

    func testIntervalsBetweenDatesArePreserved() {
        let dates = ["19961231", "19970101", "20000228", "20000301", "20240229", "20240301"]
        for days in [1, 59, 180, 365] {
            let shifted = dates.compactMap { DateShifter.shiftDA($0, days: days) }
            XCTAssertEqual(shifted.count, dates.count)
            func n(_ s: String) -> Int {
                let b = Array(s.utf8)
                return CivilDate(
                    year: DateShifter.number(b[0..<4])!, month: DateShifter.number(b[4..<6])!,
                    day: DateShifter.number(b[6..<8])!
                ).dayNumber
            }
            for i in 1..<dates.count {
                XCTAssertEqual(n(shifted[i]) - n(shifted[i - 1]), n(dates[i]) - n(dates[i - 1]))
            }
            XCTAssertEqual(n(dates[0]) - n(shifted[0]), days)
        }
    }

    func testIntegerDates() {
        XCTAssertEqual(DateShifter.shiftIntegerText("20140321", days: 21), "20140228")
        XCTAssertEqual(DateShifter.shiftIntegerText("1467104331", days: 2), "1466931531")
        XCTAssertEqual(DateShifter.shiftIntegerText("1467104341.628856", days: 1), "1467017941.628856")
        XCTAssertNil(DateShifter.shiftIntegerText("12a", days: 1))
        // Zero and negative are no time: removed rather than shifted into nonsense.
        XCTAssertNil(DateShifter.shiftIntegerText("0", days: 1))
        XCTAssertNil(DateShifter.shiftIntegerText("0.0", days: 1))
        XCTAssertNil(DateShifter.shiftIntegerText("-5", days: 1))
        XCTAssertNil(DateShifter.shiftInteger(0, days: 1))
        XCTAssertEqual(DateShifter.shiftInteger(20140321, days: 21), 20140228)
        XCTAssertEqual(DateShifter.shiftInteger(978955222, days: 1), 978955222 - 86_400)
    }

    func testDatesInsideText() {
        let (s, n) = DateShifter.shiftDatesInText("Seen 03/21/2014 and 2014-03-22, again 21 Mar 2014; Mar 21, 2014 or 20140321.", days: 21)
        XCTAssertEqual(n, 5)
        XCTAssertEqual(s, "Seen 02/28/2014 and 2014-03-01, again 28 Feb 2014; Feb 28, 2014 or 20140228.")
        XCTAssertEqual(DateShifter.shiftDatesInText("21.03.2014", days: 21).0, "28.02.2014")
        XCTAssertEqual(DateShifter.shiftDatesInText("25/12/2014", days: 1).0, "24/12/2014")
        XCTAssertEqual(DateShifter.shiftDatesInText("MARCH 1ST 2014", days: 1).0, "FEBRUARY 28TH 2014")
        XCTAssertEqual(DateShifter.shiftDatesInText("01-JAN-2000", days: 1).0, "31-DEC-1999")
        // Numbers that are not dates stay.
        let (kept, none) = DateShifter.shiftDatesInText("Series 12345678 of 3/4 slices, 1.5 mm, id 20141399", days: 3)
        XCTAssertEqual(none, 0)
        XCTAssertEqual(kept, "Series 12345678 of 3/4 slices, 1.5 mm, id 20141399")
    }
}
