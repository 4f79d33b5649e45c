import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import DICOMCore
import DICOMObject
import DICOMPart10

/// Runs a stage over a stream: each record is decoded, transformed and written on;
/// error records pass through untouched, and a record whose transform fails becomes an
/// error record naming its source, so the other records go on.
public struct StageRunner {
    public let stage: String
    /// Hears of each record this stage failed, as it is written out as an error record (the
    /// stage says so once; later stages only pass the error record on).
    public var onFailure: (ErrorRecord) -> Void = { _ in }
    public init(stage: String) { self.stage = stage }

    public struct Counts: Sendable { public var records = 0; public var failed = 0; public var passedErrors = 0 }

    /// `needsBulk`: load each record's bulk data into memory before `transform`.
    public func run(
        input: StreamReader, output: StreamWriter, needsBulk: Bool = false,
        transform: (inout Record) throws -> Void
    ) throws -> Counts {
        try run(input: input, output: output, needsBulk: { _ in needsBulk }, transform: transform)
    }

    /// As above, deciding per record (from its header) whether to load its bulk data;
    /// bulk data not loaded passes through untouched.
    public func run(
        input: StreamReader, output: StreamWriter, needsBulk: (Record) -> Bool,
        transform: (inout Record) throws -> Void
    ) throws -> Counts {
        try run(input: input, output: output, needsBulk: needsBulk, workers: 1) { record, _ in try transform(&record) }
    }

    /// As `run`, with records whose bulk data is loaded transformed on `workers` threads
    /// (`transform` gets the worker's index, so each can own what it must not share, such
    /// as an OCR engine). Reading, transforming and writing overlap: this thread reads
    /// records and hands them out, the workers take them in turn, and each record is
    /// written as soon as those before it are, so the output is the same as with one
    /// worker. At most `16 * workers` records (one with one worker) and about 512 MiB of
    /// bulk data (or one larger record) are held at once: a record that takes long (a
    /// large image read by OCR) holds up the writing of those after it, and the other
    /// workers go on with those until the hold is full, then wait. A record that needs no bulk
    /// data streams straight through when nothing is held; otherwise it is held too, so
    /// it keeps its place without stalling the workers.
    public func run(
        input: StreamReader, output: StreamWriter, needsBulk: (Record) -> Bool, workers: Int,
        transform: (inout Record, Int) throws -> Void
    ) throws -> Counts {
        let workers = max(1, workers)
        let hold = workers == 1 ? 1 : 16 * workers
        let holdBytes = 1 << 29
        var counts = Counts()
        return try withoutActuallyEscaping(transform) { transform in
            let work = WorkQueue(workers: workers, transform: transform)
            let threads = try ThreadGroup(count: workers) { w in work.serve(worker: w) }
            defer { work.finish(); threads.join() }
            // Writes what is ready in input order; waits while too much is held.
            func writeReady(untilHeldBelow limit: (count: Int, bytes: Int)) throws {
                while let (output: out, source: source) = work.nextDone(wait: work.held.count >= limit.count || work.held.bytes >= limit.bytes) {
                    switch out {
                    case .success(.record(let r)): try output.write(r)
                    case .success(.passedError(let e)): try output.writeError(e)
                    case .failure(let e as StreamError): throw e
                    case .failure(let e):
                        counts.failed += 1
                        let failure = ErrorRecord(source: source, stage: stage, error: e)
                        onFailure(failure)
                        try output.writeError(failure)
                    }
                }
            }
            try output.start()
            func nextItem() throws -> StreamReader.Item? {
                do { return try input.next() } catch {
                    // The records read complete still go on (without an end-of-stream frame,
                    // so the next stage stops as well).
                    try writeReady(untilHeldBelow: (1, Int.max))
                    try output.flush()
                    throw error
                }
            }
            while let item = try nextItem() {
                switch item {
                case .error(let e):
                    counts.passedErrors += 1
                    if work.held.count == 0 { try output.writeError(e) } else { work.add(done: .success(.passedError(e)), source: e.source) }
                case .record(let header):
                    counts.records += 1
                    var source = "-"
                    do {
                        var record = try RecordCodec.decode(header)
                        source = record.source
                        if needsBulk(record) || work.held.count > 0 {
                            try input.loadBulk(into: &record)
                            work.add(record, bytes: record.file.dataset.elements.reduce(0) { $0 + ($1.bulk?.length ?? 0) })
                            try writeReady(untilHeldBelow: (hold, holdBytes))
                            continue
                        }
                        // Nothing held, so every worker is idle: transformed here, streamed.
                        try transform(&record, 0)
                        try output.write(record, input: input)
                    } catch let e as StreamError {
                        throw e
                    } catch {
                        if work.held.count == 0 {
                            counts.failed += 1
                            let failure = ErrorRecord(source: source, stage: stage, error: error)
                            onFailure(failure)
                            try output.writeError(failure)
                        } else {
                            work.add(done: .failure(error), source: source)
                        }
                    }
                }
            }
            try writeReady(untilHeldBelow: (1, Int.max))
            try output.finish()
            return counts
        }
    }
}
