import XCTest
@testable import DeidAudit

final class TokensTests: XCTestCase {
    func testWordsAreLowercasedAlphanumericRuns() {
        XCTAssertEqual(Tokens.words("Doe^John  O'Neil-Smith 1.2.3"), ["doe", "john", "o", "neil", "smith", "1", "2", "3"])
        XCTAssertEqual(Tokens.words("Müller, Jürgen"), ["müller", "jürgen"])
    }

    func testDottedNumbersStandAlone() {
        XCTAssertEqual(Tokens.dottedNumbers("ref 1.2.840.1234.5. and x1.2.3 and 1.2.3a and 7"), ["1.2.840.1234.5"])
        XCTAssertEqual(Tokens.dottedNumbers("1.2.3\\4.5.6"), ["1.2.3", "4.5.6"])
    }
}
