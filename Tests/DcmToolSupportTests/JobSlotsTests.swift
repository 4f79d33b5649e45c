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
        let slots = try JobSlots<String>(count: 4) { j in
            counter.add(j)
            if j == 3 { throw Failed() }
            return j == 0 ? "zero" : "job \(j)"
        }
        XCTAssertEqual(try slots.slot(0), "zero")
        XCTAssertEqual(try slots.slot(1), "job 1")
        XCTAssertEqual(try slots.slot(1), "job 1")
        XCTAssertEqual(try slots.slot(2), "job 2")
        XCTAssertThrowsError(try slots.slot(3)) { XCTAssertTrue($0 is Failed) }
        XCTAssertEqual(counter.made.sorted(), [0, 1, 2, 3])
        // The first slot's failure is the caller's.
        XCTAssertThrowsError(
            try JobSlots<Int>(count: 3) { j in
                if j == 0 { throw Failed() }; return j
            })
    }

    /// Values are made before anyone asks (start-up work overlaps the first job's).
    func testSlotsAreMadeWithoutBeingAsked() {
        let made = DispatchSemaphore(value: 0)
        // Slot 1 is made while slot 0 is (slot 0 waits for it here, so it cannot be after).
        let slots = try? JobSlots<Int>(count: 2) { j in
            if j == 0 { XCTAssertEqual(made.wait(timeout: .now() + 10), .success) } else { made.signal() }
            return j
        }
        XCTAssertNotNil(slots)
        _ = slots
    }
}
