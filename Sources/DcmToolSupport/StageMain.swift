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
    /// Records whose bulk data is at most this large are worth loading into memory to leave
    /// in a gathering; larger ones pass through the kernel (splice) as they come.
    public static let gatheredRecordMax = 1 << 20

    /// Whether `record`'s bulk data is small enough to be gathered (see `gatherBytes`).
    public static func gathers(_ record: Record) -> Bool {
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
        return bulk(record.file.meta) + bulk(record.file.dataset) + (record.file.deflatedDataSet?.length ?? 0) <= gatheredRecordMax
    }

    /// Runs `transform` over the stream on standard input, writing standard output, then
    /// exits: 0 when every record went through, 1 when some became error records here,
    /// 2 when the stream itself could not be read or written.
    public static func run(
        stage: String, verbose: Bool,
        needsBulk: (Record) -> Bool = { _ in false },
        transform: (inout Record) throws -> Void,
        beforeOutput: (() throws -> Void)? = nil,
        finish: () throws -> Void = {}
    ) -> Never {
        run(
            stage: stage, verbose: verbose, needsBulk: needsBulk, workers: 1,
            transform: { record, _ in try transform(&record) }, beforeOutput: beforeOutput, finish: finish)
    }

    /// As above, with records that need their bulk data transformed `workers` at a time
    /// (see `StageRunner.run(input:output:needsBulk:workers:transform:)`). `beforeOutput`
    /// runs before each batch of records leaves (see `StreamWriter.beforeFlush`).
    public static func run(
        stage: String, verbose: Bool,
        needsBulk: (Record) -> Bool, workers: Int,
        transform: (inout Record, Int) throws -> Void,
        beforeOutput: (() throws -> Void)? = nil,
        finish: () throws -> Void = {}
    ) -> Never {
        do {
            let input = try StreamReader(fd: 0)
            let output = StreamWriter(fd: 1)
            output.beforeFlush = beforeOutput
            if beforeOutput != nil {
                // Records already waiting in the input leave together after one barrier (one
                // fsync of the mapping files instead of one per record); none waits for more.
                output.gatherBytes = StageMain.gatherBytes
                input.beforeWaiting = { try output.flush() }
            }
            var runner = StageRunner(stage: stage)
            runner.onFailure = { Diagnostics.message("\($0.source): \($0.message)") }
            let counts = try runner.run(
                input: input, output: output,
                needsBulk: needsBulk, workers: workers, transform: transform)
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
