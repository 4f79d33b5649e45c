#if canImport(Glibc)
import Glibc
#endif

/// What a held record becomes: itself transformed, or an error record passed on.
enum HeldOutput {
    case record(Record)
    case passedError(ErrorRecord)
}

/// Records handed from the reading thread to the workers, and their results back, in
/// input order. All state is behind one lock; transforms run outside it.
final class WorkQueue {
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let resultReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let transform: (inout Record, Int) throws -> Void
    private var jobs: [(seq: Int, record: Record)] = []
    private var jobStart = 0
    private var done: [Int: Result<HeldOutput, Error>] = [:]
    private var sources: [Int: String] = [:]
    private var sizes: [Int: Int] = [:]
    private var nextSeq = 0, nextOut = 0
    private var finished = false
    /// Records held (read and not yet written) and their bulk bytes; read by the reading
    /// thread only, which is the only one that changes them.
    private(set) var held = (count: 0, bytes: 0)

    init(transform: @escaping (inout Record, Int) throws -> Void) {
        self.transform = transform
        lock.initialize(to: pthread_mutex_t()); pthread_mutex_init(lock, nil)
        workReady.initialize(to: pthread_cond_t()); pthread_cond_init(workReady, nil)
        resultReady.initialize(to: pthread_cond_t()); pthread_cond_init(resultReady, nil)
    }

    deinit {
        pthread_cond_destroy(workReady); pthread_cond_destroy(resultReady); pthread_mutex_destroy(lock)
        workReady.deallocate(); resultReady.deallocate(); lock.deallocate()
    }

    /// Hands `record` to the workers.
    func add(_ record: Record, bytes: Int) {
        pthread_mutex_lock(lock)
        let seq = nextSeq; nextSeq += 1
        jobs.append((seq, record)); sources[seq] = record.source; sizes[seq] = bytes
        pthread_cond_signal(workReady)
        pthread_mutex_unlock(lock)
        held.count += 1; held.bytes += bytes
    }

    /// Holds an output that needs no work, to be written in its place.
    func add(done output: Result<HeldOutput, Error>, source: String) {
        pthread_mutex_lock(lock)
        let seq = nextSeq; nextSeq += 1
        done[seq] = output; sources[seq] = source
        pthread_mutex_unlock(lock)
        held.count += 1
    }

    /// The next output in input order if it is ready (or, with `wait`, once it is), or nil.
    func nextDone(wait: Bool) -> (output: Result<HeldOutput, Error>, source: String)? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while nextOut < nextSeq {
            if let out = done.removeValue(forKey: nextOut) {
                let source = sources.removeValue(forKey: nextOut) ?? "-"
                held.count -= 1; held.bytes -= sizes.removeValue(forKey: nextOut) ?? 0
                nextOut += 1
                return (out, source)
            }
            guard wait else { return nil }
            pthread_cond_wait(resultReady, lock)
        }
        return nil
    }

    /// A worker's loop: takes records in turn until `finish` and no work is left.
    func serve(worker w: Int) {
        pthread_mutex_lock(lock)
        while true {
            if jobStart < jobs.count {
                var (seq, record) = jobs[jobStart]
                jobStart += 1
                if jobStart > 64 && jobStart * 2 > jobs.count { jobs.removeFirst(jobStart); jobStart = 0 }
                pthread_mutex_unlock(lock)
                let result: Result<HeldOutput, Error>
                do { try transform(&record, w); result = .success(.record(record)) } catch { result = .failure(error) }
                pthread_mutex_lock(lock)
                done[seq] = result
                pthread_cond_broadcast(resultReady)
            } else if finished {
                break
            } else {
                pthread_cond_wait(workReady, lock)
            }
        }
        pthread_mutex_unlock(lock)
    }

    /// No more records will come: workers leave once the queue is empty.
    func finish() {
        pthread_mutex_lock(lock)
        finished = true
        pthread_cond_broadcast(workReady)
        pthread_mutex_unlock(lock)
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
