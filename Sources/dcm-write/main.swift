import ArgumentParser
import DcmToolSupport
import DICOMPart10
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

struct DcmWrite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcm-write",
        abstract: "Write a dcm-stream from standard input as DICOM Part 10 files.",
        discussion: """
        Files are named from attribute values of each record (by default its UIDs), never \
        from input file names. Each file is written to a temporary name and renamed, so an \
        interrupted run leaves no partial files. Error records in the stream are reported \
        and make the exit status 1; every good record is still written.
        Exit status: 0 all records written, 1 some records failed, 2 fatal error.
        """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Output directory (created if missing).", valueName: "DIR"))
    var output: String

    @Option(help: ArgumentHelp("File path template under DIR: {Keyword} or {GGGGEEEE} placeholders.", valueName: "TEMPLATE"))
    var layout = OutputTree.defaultLayout

    @Flag(help: "Replace files that already exist.")
    var overwrite = false

    @Flag(name: .customLong("rewrite-meta"), help: "Rewrite the file meta group even for records no stage changed.")
    var rewriteMeta = false

    @Option(help: ArgumentHelp("Append a JSON line per failed record and a summary line to FILE.", valueName: "FILE"))
    var report: String?

    @Flag(name: .shortAndLong, help: "Print each file written and a summary on standard error.")
    var verbose = false

    mutating func run() throws {
        Diagnostics.program = "dcm-write"
        Diagnostics.verbose = verbose
        var tree: OutputTree
        do {
            try OutputTree.makeDirectories(output)
            tree = try OutputTree(root: output, layout: layout)
        } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        tree.overwrite = overwrite
        tree.rewriteMeta = rewriteMeta
        let outReal = OutputTree.realPath(output) ?? output
        var reportFile: UnsafeMutablePointer<FILE>? = nil
        if let report {
            reportFile = fopen(report, "a")
            if reportFile == nil { Diagnostics.message("cannot open report \(report): \(String(cString: strerror(errno)))"); exitWith(.fatal) }
        }
        defer { if let reportFile { fclose(reportFile) } }
        func reportLine(_ json: JSON) {
            guard let reportFile else { return }
            var b = json.serialized(); b.append(0x0A)
            fwrite(b, 1, b.count, reportFile)
        }
        var written = 0, failed = 0
        let start = timeNow()
        let input: StreamReader
        do { input = try StreamReader(fd: 0) } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        var checkedRoots = Set<String>()
        do {
            while let item = try input.next() {
                switch item {
                case .error(let e):
                    failed += 1
                    Diagnostics.message("\(e.source): \(e.stage): \(e.message)")
                    reportLine(e.json)
                case .record(let header):
                    var source = "-"
                    do {
                        let record = try RecordCodec.decode(header)
                        source = record.source
                        // Never write into the tree the inputs came from.
                        let root = record[extra: "sourceRoot"]?.stringValue ?? record.source
                        if root != "-", !checkedRoots.contains(root), let r = OutputTree.realPath(root) {
                            checkedRoots.insert(root)
                            var st = stat()
                            let isDir = stat(r, &st) == 0 && st.st_mode & S_IFMT == S_IFDIR
                            // Output inside an input directory, or an input inside the output tree.
                            if (isDir && OutputTree.isWithin(outReal, r)) || OutputTree.isWithin(r, outReal) {
                                Diagnostics.message("refusing to write into the input tree: \(output) and \(root) overlap")
                                exitWith(.fatal)
                            }
                        }
                        var provider = StreamBulkDataProvider(reader: input)
                        let path = try tree.write(record, bulk: &provider)
                        written += 1
                        Diagnostics.info("\(source) -> \(path)")
                    } catch let e as StreamError {
                        throw e
                    } catch {
                        failed += 1
                        let e = ErrorRecord(source: source, stage: "dcm-write", message: "\(error)")
                        Diagnostics.message("\(source): \(error)")
                        reportLine(e.json)
                    }
                }
            }
        } catch {
            Diagnostics.message("\(error)")
            exitWith(.fatal)
        }
        let seconds = timeNow() - start
        reportLine(.object([("summary", .object([("written", .number(String(written))), ("failed", .number(String(failed)))]))]))
        if verbose || failed > 0 {
            Diagnostics.message("\(written) written, \(failed) failed in \(String(format1: seconds)) s")
        }
        exitWith(failed > 0 ? .someFailed : .success)
    }
}

func timeNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
extension String {
    init(format1 v: Double) { self = String(Double(Int(v * 10)) / 10) }
}

DcmWrite.main()
