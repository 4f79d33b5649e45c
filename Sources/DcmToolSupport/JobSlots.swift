import Dispatch

/// One value per job. The first is made by the caller while the others are made at the
/// same time, each on its own thread, so that slow set-up (an OCR model loading) is paid
/// once in wall time instead of delaying each job's first record. A job only ever touches
/// its own slot.
public final class JobSlots<T> {
    public let first: T
    private let slots: UnsafeMutableBufferPointer<Result<T, Error>?>
    /// Whether job j has waited for its slot (touched by job j's thread only).
    private let taken: UnsafeMutableBufferPointer<Bool>
    private let ready: [DispatchSemaphore]

    /// Makes slot 0 on the calling thread (its error is thrown, after the others are
    /// done) while slots 1..<count are made on threads of their own.
    public init(count: Int, make: @escaping (Int) throws -> T) throws {
        let n = max(1, count)
        slots = .allocate(capacity: n)
        _ = slots.initialize(from: Array(repeating: nil, count: n))
        taken = .allocate(capacity: n)
        _ = taken.initialize(from: Array(repeating: false, count: n))
        ready = (0..<n).map { _ in DispatchSemaphore(value: 0) }
        Self.start(slots: slots, ready: ready, make: make)
        do { first = try make(0) } catch {
            for j in 1..<n { ready[j].wait() }
            slots.baseAddress?.deinitialize(count: n); slots.deallocate(); taken.deallocate()
            throw error
        }
    }

    /// Makes slots 1..<n, each on its own thread.
    private static func start(
        slots: UnsafeMutableBufferPointer<Result<T, Error>?>, ready: [DispatchSemaphore],
        make: @escaping (Int) throws -> T
    ) {
        let box = UncheckedBox(slots: slots, make: make)
        for j in 1..<slots.count {
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
