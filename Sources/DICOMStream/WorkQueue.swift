import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What a held record becomes: itself transformed, or an error record passed on.
enum HeldOutput {
    case record(Record)
    case passedError(ErrorRecord)
}

/// Records handed from the reading thread to the workers, and their results back, in
/// input order. All shared state is behind one Mutex; transforms run outside it. Waiting
/// is on two counting semaphores: `workReady` is signalled once per record handed out and
/// once per worker at `finish` (so every wake finds a record to take, or the end), and
/// `resultReady` once per result (a wake that finds the next result not ready yet, from a
/// result further on, just waits again).
final class WorkQueue {
    private struct State {
        var jobs: [(seq: Int, record: Record)] = []
        var jobStart = 0
        var done: [Int: Result<HeldOutput, Error>] = [:]
        var sources: [Int: String] = [:]
        var sizes: [Int: Int] = [:]
        var nextSeq = 0, nextOut = 0
        var finished = false
    }
    private let state = Mutex(State())
    private let workReady = DispatchSemaphore(value: 0)
    private let resultReady = DispatchSemaphore(value: 0)
    private let workers: Int
    private let transform: (inout Record, Int) throws -> Void
    /// Records held (read and not yet written) and their bulk bytes; read by the reading
    /// thread only, which is the only one that changes them.
    private(set) var held = (count: 0, bytes: 0)

    /// `workers`: how many threads will `serve` (each is woken once by `finish`).
    init(workers: Int, transform: @escaping (inout Record, Int) throws -> Void) {
        self.workers = workers
        self.transform = transform
    }

    /// Hands `record` to the workers.
    func add(_ record: Record, bytes: Int) {
        state.withLock { s in
            let seq = s.nextSeq; s.nextSeq += 1
            s.jobs.append((seq, record)); s.sources[seq] = record.source; s.sizes[seq] = bytes
        }
        workReady.signal()
        held.count += 1; held.bytes += bytes
    }

    /// Holds an output that needs no work, to be written in its place.
    func add(done output: Result<HeldOutput, Error>, source: String) {
        state.withLock { s in
            let seq = s.nextSeq; s.nextSeq += 1
            s.done[seq] = output; s.sources[seq] = source
        }
        held.count += 1
    }

    /// The next output in input order if it is ready (or, with `wait`, once it is), or nil.
    func nextDone(wait: Bool) -> (output: Result<HeldOutput, Error>, source: String)? {
        enum Next { case nothingHeld, notReady, ready(Result<HeldOutput, Error>, source: String, bytes: Int) }
        while true {
            let next: Next = state.withLock { s in
                guard s.nextOut < s.nextSeq else { return .nothingHeld }
                guard let out = s.done.removeValue(forKey: s.nextOut) else { return .notReady }
                let source = s.sources.removeValue(forKey: s.nextOut) ?? "-"
                let bytes = s.sizes.removeValue(forKey: s.nextOut) ?? 0
                s.nextOut += 1
                return .ready(out, source: source, bytes: bytes)
            }
            switch next {
            case .ready(let out, let source, let bytes):
                held.count -= 1; held.bytes -= bytes
                return (out, source)
            case .nothingHeld:
                return nil
            case .notReady:
                guard wait else { return nil }
                resultReady.wait()
            }
        }
    }

    /// A worker's loop: takes records in turn until `finish` and no work is left.
    func serve(worker w: Int) {
        while true {
            workReady.wait()
            let job: (seq: Int, record: Record)? = state.withLock { s in
                guard s.jobStart < s.jobs.count else { return nil }
                let job = s.jobs[s.jobStart]
                s.jobStart += 1
                if s.jobStart > 64 && s.jobStart * 2 > s.jobs.count { s.jobs.removeFirst(s.jobStart); s.jobStart = 0 }
                return job
            }
            // A wake without a record is one of `finish`'s: the end.
            guard let (seq, input) = job else { return }
            var record = input
            let result: Result<HeldOutput, Error>
            do { try transform(&record, w); result = .success(.record(record)) } catch { result = .failure(error) }
            state.withLock { s in s.done[seq] = result }
            resultReady.signal()
        }
    }

    /// No more records will come: workers leave once the queue is empty.
    func finish() {
        let first = state.withLock { s in
            defer { s.finished = true }
            return !s.finished
        }
        guard first else { return }
        for _ in 0..<workers { workReady.signal() }
    }
}

/// Threads running `body(w)` for each w in 0..<count until joined.
final class ThreadGroup {
    private var threads: [pthread_t] = []

    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Starts the threads; fails when not even one can be started.
    init(count: Int, body: @escaping (Int) -> Void) throws {
        for w in 0..<count {
            let context = Unmanaged.passRetained(Body { body(w) }).toOpaque()
            var t = pthread_t()
            let rc = pthread_create(
                &t, nil,
                { p in
                    guard let p else { return nil }
                    Unmanaged<Body>.fromOpaque(p).takeRetainedValue().run()
                    return nil
                }, context)
            if rc == 0 { threads.append(t) } else { Unmanaged<Body>.fromOpaque(context).release() }
        }
        if threads.isEmpty && count > 0 { throw StreamError("cannot start worker threads") }
    }

    func join() {
        for t in threads { pthread_join(t, nil) }
        threads.removeAll()
    }
}
