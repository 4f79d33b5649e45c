/// One value per job, each made on first use by the job's own thread (a job only ever
/// touches its own slot, so no lock is needed).
public final class JobSlots<T> {
    public let first: T
    private let make: (Int) throws -> T
    private let slots: UnsafeMutableBufferPointer<T?>

    public init(count: Int, first: T, make: @escaping (Int) throws -> T) {
        self.first = first; self.make = make
        slots = .allocate(capacity: count)
        _ = slots.initialize(from: [first] + Array(repeating: nil, count: count - 1))
    }

    deinit { slots.baseAddress?.deinitialize(count: slots.count); slots.deallocate() }

    /// The value of job `j`, made now when it is the job's first use.
    public func slot(_ j: Int) throws -> T {
        if let v = slots[j] { return v }
        let v = try make(j)
        slots[j] = v
        return v
    }
}
