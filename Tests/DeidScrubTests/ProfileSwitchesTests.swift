import XCTest
@testable import DeidScrub

final class ProfileSwitchesTests: XCTestCase {
    let full = DeidOption.retainLongitudinalFullDates
    let modified = DeidOption.retainLongitudinalModifiedDates

    func testOneDateOptionTurnsTheOtherOff() throws {
        var p = try XCTUnwrap(Profile.builtin(named: "tcia"))
        XCTAssertTrue(p.options.contains(modified), "the tcia profile shifts dates")
        try p.apply(switches: [(full, true), (modified, nil)])
        XCTAssertTrue(p.options.contains(full))
        XCTAssertFalse(p.options.contains(modified))
        try p.apply(switches: [(full, nil), (modified, true)])
        XCTAssertFalse(p.options.contains(full))
        XCTAssertTrue(p.options.contains(modified))
    }

    func testBothDateOptionsAreRefused() throws {
        var p = try XCTUnwrap(Profile.builtin(named: "basic"))
        XCTAssertThrowsError(try p.apply(switches: [(full, true), (modified, true)]))
    }

    func testSwitchesTurnOptionsOffAndLeaveTheRest() throws {
        var p = try XCTUnwrap(Profile.builtin(named: "tcia"))
        let before = p.options
        try p.apply(switches: [(.cleanPixelData, false), (.retainUIDs, nil)])
        XCTAssertEqual(p.options, before.subtracting([.cleanPixelData]))
    }
}
