import DICOMObject
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

/// The plumbing every stream stage shares: refusing to write binary to a terminal,
/// running the transform over standard input and output, reporting and exit status.
public enum StageMain {
    /// Exits with a message when standard output is a terminal (unless `force`).
    public static func refuseTerminalOutput(force: Bool, pipeInto next: String) {
        guard isatty(1) == 1 && !force else { return }
        Diagnostics.message("standard output is a terminal; pipe into \(next) (or use --force)")
        exitWith(.fatal)
    }

    /// With a barrier before output (`beforeOutput`): how many bytes of records already
    /// waiting in the input may leave together after one barrier.
    public static let gatherBytes = 4 << 20
    /// A barrier slower than this on average (seconds) makes records worth loading to
    /// gather; below it they pass through as they come, one barrier each.
    public static let slowBarrier = 0.000_3
    /// Records whose bulk data is at most this large are worth loading into memory to leave
    /// in a gathering; larger ones pass through the kernel (splice) as they come.
    public static let gatheredRecordMax = 1 << 20

    /// The bytes of `record`'s bulk values (counted up to a little beyond `gatheredRecordMax`).
    static func bulkBytes(_ record: Record) -> Int {
        func bulk(_ ds: DataSet) -> Int {
            var n = 0
            for e in ds.elements {
                switch e.value {
                case .bulk(let b): n += b.length
                case .items(let items): for i in items { n += bulk(i) }
                case .bytes: break
                }
                if n > gatheredRecordMax { return n }
            }
            return n
        }
        return bulk(record.file.meta) + bulk(record.file.dataset) + (record.file.deflatedDataSet?.length ?? 0)
    }

    /// Runs `transform` over the stream on standard input, writing standard output, then
    /// exits: 0 when every record went through, 1 when some became error records here,
    /// 2 when the stream itself could not be read or written.
    public static func run(
        stage: String, verbose: Bool,
        needsBulk: (Record) -> Bool = { _ in false },
        transform: (inout Record) throws -> Void,
        beforeOutput: (() throws -> Void)? = nil,
        gather: Bool = false,
        finish: () throws -> Void = {}
    ) -> Never {
        run(
            stage: stage, verbose: verbose, needsBulk: needsBulk, workers: 1,
            transform: { record, _ in try transform(&record) }, beforeOutput: beforeOutput, gather: gather, finish: finish)
    }

    /// As above, with records that need their bulk data transformed `workers` at a time
    /// (see `StageRunner.run(input:output:needsBulk:workers:transform:)`). `beforeOutput`
    /// runs before each batch of records leaves (see `StreamWriter.beforeFlush`); with it and
    /// `gather`, records whose bulk data is at most `gatheredRecordMax` may be loaded to leave
    /// together with those waiting behind them after one `beforeOutput` (see `gatherBytes`).
    public static func run(
        stage: String, verbose: Bool,
        needsBulk: (Record) -> Bool, workers: Int,
        transform: (inout Record, Int) throws -> Void,
        beforeOutput: (() throws -> Void)? = nil,
        gather: Bool = false,
        finish: () throws -> Void = {}
    ) -> Never {
        do {
            let input = try StreamReader(fd: 0)
            let output = StreamWriter(fd: 1)
            // What a barrier costs, as a moving average of the last ones (seconds).
            var barrierCost = 0.0
            if let beforeOutput {
                output.beforeFlush = {
                    let t0 = Progress.now()
                    try beforeOutput()
                    barrierCost = 0.75 * barrierCost + 0.25 * (Progress.now() - t0)
                }
            }
            let gathering = beforeOutput != nil && gather
            if gathering {
                // Records already waiting in the input leave together after one barrier (one
                // fsync of the mapping files instead of one per record); none waits for more.
                output.gatherBytes = StageMain.gatherBytes
                input.beforeWaiting = { try output.flush() }
            }
            var runner = StageRunner(stage: stage)
            runner.onFailure = { Diagnostics.message("\($0.source): \($0.message)") }
            // A record is loaded to join a gathering only when the next one is waiting already
            // (more bytes in the input than its bulk data): otherwise its batch would go out
            // alone anyway, and passing its bulk data on by the kernel costs less.
            let counts = try runner.run(
                input: input, output: output,
                needsBulk: { r in
                    if needsBulk(r) { return true }
                    // Loading costs some 0.1 ms per 256 kB: worth it only where barriers cost
                    // more (an fsync on a busy disk), not where they are nearly free.
                    guard gathering, barrierCost > StageMain.slowBarrier else { return false }
                    let bulk = StageMain.bulkBytes(r)
                    return bulk <= StageMain.gatheredRecordMax && input.bytesWaiting() > bulk + 64
                },
                workers: workers, transform: transform)
            try finish()
            if counts.failed > 0 {
                Diagnostics.message("\(counts.failed) of \(counts.records) records failed")
            } else if verbose {
                Diagnostics.message("\(counts.records) records, \(counts.passedErrors) error records passed on")
            }
            exitWith(counts.failed > 0 ? .someFailed : .success)
        } catch {
            try? finish()
            Diagnostics.message("\(error)")
            exitWith(.fatal)
        }
    }
}
