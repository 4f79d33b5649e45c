import ArgumentParser
import DcmToolSupport
import DICOMDeid
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
        from input file names. A record is written only when a de-identification profile was \
        applied and every step it requires has run (both built-in profiles require \
        dcm-redact-pixels for every record with pixel data; --allow-incomplete overrides this). \
        Each file is written to a temporary name and renamed, so an \
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

    @Flag(name: .customLong("allow-incomplete"), help: "Write records that were not (fully) de-identified, e.g. for a plain copy.")
    var allowIncomplete = false

    @Flag(name: .shortAndLong, help: "No progress and no summary on standard error (failures are still reported).")
    var quiet = false

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
        var written = 0, failed = 0, incomplete = 0, records = 0
        var progress = Progress()
        progress.enabled = !quiet
        let input: StreamReader
        do { input = try StreamReader(fd: 0) } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        var checkedRoots = Set<String>()
        do {
            while let item = try input.next() {
                records += 1
                progress.update("\(written) written, \(failed) failed")
                switch item {
                case .error(let e):
                    failed += 1
                    progress.finishLine()
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
                        let missing = Interlock.missingSteps(record)
                        if let why = missing, !allowIncomplete { throw ToolError(why) }
                        var provider = StreamBulkDataProvider(reader: input)
                        let path = try tree.write(record, bulk: &provider)
                        written += 1
                        if missing != nil { incomplete += 1 }
                        Diagnostics.info("\(source) -> \(path)")
                    } catch let e as StreamError {
                        throw e
                    } catch {
                        failed += 1
                        let e = ErrorRecord(source: source, stage: "dcm-write", message: "\(error)")
                        progress.finishLine()
                        Diagnostics.message("\(source): \(error)")
                        reportLine(e.json)
                    }
                }
            }
        } catch {
            Diagnostics.message("\(error)")
            exitWith(.fatal)
        }
        let seconds = progress.elapsed
        progress.finishLine()
        reportLine(.object([("summary", .object([
            ("records", .number(String(records))), ("written", .number(String(written))),
            ("failed", .number(String(failed))), ("incomplete", .number(String(incomplete))),
            ("seconds", .number(String(format1: seconds)))]))]))
        if !quiet || failed > 0 {
            var line = "\(records) records in, \(written) written, \(failed) failed"
            if incomplete > 0 { line += ", \(incomplete) written without complete de-identification (--allow-incomplete)" }
            Diagnostics.message(line + " in \(String(format1: seconds)) s")
        }
        exitWith(failed > 0 ? .someFailed : .success)
    }
}

extension String {
    init(format1 v: Double) { self = String(Double(Int(v * 10)) / 10) }
}

DcmWrite.main()
