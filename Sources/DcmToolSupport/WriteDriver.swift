import DICOMDeid
import DICOMPart10
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

/// dcm-write's loop: every record of a stream written under an output tree, error records
/// and records that cannot be written counted and reported, the run going on until the
/// stream ends (beside `ParseDriver`, which turns input files into records).
public struct WriteDriver {
    /// What a run did.
    public struct Summary {
        public var records = 0, written = 0, failed = 0, incomplete = 0, alreadyThere = 0
        /// Why the run stopped before the stream's end (a stream or output fault), if it did.
        public var fatal: String?
        public var seconds = 0.0
        /// The failures by cause, for the summary line.
        public var causes = FailureTally()
    }

    /// The output tree records are written into (named as given on the command line for
    /// messages).
    public var tree: OutputTree
    public var outputName: String
    /// Write records whose required de-identification steps did not all run.
    public var allowIncomplete = false
    /// Count a record whose file is already there as done (a resumed run).
    public var skipExisting = false
    /// Progress on standard error while the run goes.
    public var showProgress = true
    /// Hears each failure (error records and records not written) as JSON, for --report.
    public var report: (JSON) -> Void = { _ in }

    public init(tree: OutputTree, outputName: String) {
        self.tree = tree
        self.outputName = outputName
    }

    /// Writes every record of `input`. Exits with status 2 when the stream comes from inside
    /// the output tree (or the output from inside an input tree).
    public mutating func run(_ input: StreamReader) -> Summary {
        var s = Summary()
        ToolLifetime.cleanUpOnInterrupt()
        var progress = Progress()
        progress.enabled = showProgress
        let outReal = OutputTree.resolvedPath(outputName)
        // Where the inputs stand: dcm-parse numbers its records (index, of).
        var position: (index: Int?, of: Int?) = (nil, nil)
        let started = Progress.now()
        func progressText() -> String {
            var text = "\(s.written) written, \(s.failed) failed"
            if let i = position.index, let n = position.of, n > 0 {
                text += ", input \(i + 1) of \(n)"
                let done = Double(i + 1) / Double(n)
                if done > 0.01 {
                    let left = Int((Progress.now() - started) * (1 - done) / done)
                    text += ", about \(left / 60):\(left % 60 < 10 ? "0" : "")\(left % 60) left"
                }
            }
            return text
        }
        var checkedRoots = Set<String>()
        do {
            while let item = try input.next() {
                s.records += 1
                // What an interruption reports, kept up to date as each record comes and goes.
                ToolLifetime.noteCounts(records: s.records, written: s.written, failed: s.failed)
                defer { ToolLifetime.noteCounts(records: s.records, written: s.written, failed: s.failed) }
                progress.update(progressText())
                switch item {
                case .error(let e):
                    // The stage that failed it said so already; counted and reported here.
                    s.failed += 1
                    s.causes.add(e)
                    Diagnostics.info("\(e.source): \(e.stage): \(e.message)")
                    report(e.json)
                case .record(let header):
                    var source = "-"
                    do {
                        let record = try RecordCodec.decode(header)
                        source = record.source
                        if let i = record[extra: "input"] { position = (i["index"]?.intValue, i["of"]?.intValue) }
                        // Never write into the tree the inputs came from.
                        let root = record[extra: "sourceRoot"]?.stringValue ?? record.source
                        if root != "-", !checkedRoots.contains(root), let r = OutputTree.realPath(root) {
                            checkedRoots.insert(root)
                            var st = stat()
                            let isDir = stat(r, &st) == 0 && st.st_mode & S_IFMT == S_IFDIR
                            // Output inside an input directory, or an input inside the output tree.
                            if (isDir && OutputTree.isWithin(outReal, r)) || OutputTree.isWithin(r, outReal) {
                                Diagnostics.message("refusing to write into the input tree: \(outputName) and \(root) overlap")
                                exitWith(.fatal)
                            }
                        }
                        if BasicDirectory.isDirectory(record.file) { throw WriteRefusal(.directory, OutputTree.directoryRefusal) }
                        // Not read again by dcm-redact-pixels because its file is there: done
                        // while the file is (otherwise the interlock below refuses it).
                        if skipExisting, record.deid.notes[DeidState.outputExistsNote] != nil,
                            let p = tree.existingFile(for: record)
                        {
                            s.alreadyThere += 1
                            Diagnostics.info("\(source) -> \(p) (already there)")
                            continue
                        }
                        let missing = Interlock.missingSteps(record)
                        if let why = missing, !allowIncomplete { throw WriteRefusal(.notDeidentified, why) }
                        var provider = StreamBulkDataProvider(reader: input, record: record)
                        let path: String
                        let committed = { ToolLifetime.noteCounts(records: s.records, written: s.written + 1, failed: s.failed) }
                        switch try tree.put(record, bulk: &provider, committed: committed) {
                        case .written(let p): path = p
                        case .alreadyThere(let p):
                            s.alreadyThere += 1
                            Diagnostics.info("\(source) -> \(p) (already there)")
                            continue
                        }
                        s.written += 1
                        if missing != nil { s.incomplete += 1 }
                        Diagnostics.info("\(source) -> \(path)")
                    } catch let e as StreamError {
                        throw e
                    } catch let e as OutputFailure where e.fatal {
                        // Every later file would fail the same way.
                        throw e
                    } catch {
                        s.failed += 1
                        let e = ErrorRecord(source: source, stage: "dcm-write", error: error)
                        s.causes.add(e)
                        progress.finishLine()
                        Diagnostics.message("\(source): \(error)")
                        report(e.json)
                    }
                }
            }
        } catch {
            s.fatal = "\(error)"
        }
        s.seconds = progress.elapsed
        progress.finishLine()
        return s
    }
}
