import XCTest
import Dispatch
@testable import DcmToolSupport

/// Per-job values are made once each, on other threads than the caller's, and a failure
/// to make one reaches the job that asks for it.
final class JobSlotsTests: XCTestCase {
    final class Counter: @unchecked Sendable {
        let lock = DispatchSemaphore(value: 1)
        var made: [Int] = []
        func add(_ j: Int) { lock.wait(); made.append(j); lock.signal() }
    }
    struct Failed: Error {}

    func testEachSlotMadeOnceAndFailuresReported() throws {
        let counter = Counter()
        let slots = JobSlots<String>(count: 4, first: "zero") { j in
            counter.add(j)
            if j == 3 { throw Failed() }
            return "job \(j)"
        }
        XCTAssertEqual(try slots.slot(0), "zero")
        XCTAssertEqual(try slots.slot(1), "job 1")
        XCTAssertEqual(try slots.slot(1), "job 1")
        XCTAssertEqual(try slots.slot(2), "job 2")
        XCTAssertThrowsError(try slots.slot(3)) { XCTAssertTrue($0 is Failed) }
        XCTAssertEqual(counter.made.sorted(), [1, 2, 3])
    }

    /// Values are made before anyone asks (start-up work overlaps the first job's).
    func testSlotsAreMadeWithoutBeingAsked() {
        let made = DispatchSemaphore(value: 0)
        let slots = JobSlots<Int>(count: 2, first: 0) { j in made.signal(); return j }
        XCTAssertEqual(made.wait(timeout: .now() + 10), .success)
        _ = slots
    }
}
