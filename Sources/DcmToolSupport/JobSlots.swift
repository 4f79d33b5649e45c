import Dispatch

/// One value per job. The first is made by the caller; the others start being made at
/// once, each on its own thread, so that slow set-up (an OCR model loading) overlaps with
/// the first job's work instead of delaying each job's first record. A job only ever
/// touches its own slot.
public final class JobSlots<T> {
    public let first: T
    private let slots: UnsafeMutableBufferPointer<Result<T, Error>?>
    /// Whether job j has waited for its slot (touched by job j's thread only).
    private let taken: UnsafeMutableBufferPointer<Bool>
    private let ready: [DispatchSemaphore]

    public init(count: Int, first: T, make: @escaping (Int) throws -> T) {
        let n = max(1, count)
        self.first = first
        slots = .allocate(capacity: n)
        _ = slots.initialize(from: Array(repeating: nil, count: n))
        taken = .allocate(capacity: n)
        _ = taken.initialize(from: Array(repeating: false, count: n))
        ready = (0..<n).map { _ in DispatchSemaphore(value: 0) }
        let box = UncheckedBox(slots: slots, make: make)
        for j in 1..<n {
            // Slot j is written once, then its semaphore signalled; it is read only after.
            let done = ready[j]
            DispatchQueue.global().async {
                box.slots[j] = Result { try box.make(j) }
                done.signal()
            }
        }
    }

    deinit {
        for j in 1..<slots.count where !taken[j] { ready[j].wait() }
        slots.baseAddress?.deinitialize(count: slots.count); slots.deallocate()
        taken.deallocate()
    }

    /// The value of job `j`, waiting for it to be made if need be.
    public func slot(_ j: Int) throws -> T {
        if j == 0 { return first }
        if !taken[j] { ready[j].wait(); taken[j] = true }
        guard let v = slots[j] else { throw SlotError() }
        return try v.get()
    }

    struct SlotError: Error {}
}

/// What the making threads share with the owner; access is ordered by the semaphores.
private struct UncheckedBox<T>: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<Result<T, Error>?>
    let make: (Int) throws -> T
}
