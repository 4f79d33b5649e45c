import ArgumentParser
import DcmToolSupport
import DICOMCore
import DICOMPart10
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

struct DcmParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcm-parse",
        abstract: "Read DICOM files and write them as a dcm-stream on standard output.",
        discussion: """
            Directories are read recursively, in byte order of names. `-` (or no input at all) \
            reads one DICOM file from standard input. Inputs that are not DICOM are skipped with \
            a message; inputs that are DICOM but cannot be read become error records. DICOMDIRs \
            are skipped with a message: their directory records name files by paths that often \
            hold Patient IDs (dcm-write --dicomdir builds a new one for the output).
            Exit status: 0 all inputs read (or skipped), 1 some inputs failed or were skipped under --strict, 2 fatal error.
            """,
        version: ToolVersion.current)

    @Argument(help: "Files or directories to read (`-` for standard input).")
    var inputs: [String] = []

    @Option(
        name: .customLong("files-from"), help: ArgumentHelp("Read input paths from FILE, one per line (`-` for standard input).", valueName: "FILE"))
    var filesFrom: String?

    @Flag(name: [.customShort("0"), .customLong("null")], help: "Paths in --files-from are separated by NUL bytes (find -print0).")
    var nullSeparated = false

    @Flag(help: "Treat inputs that are skipped (not DICOM, DICOMDIR) as errors.")
    var strict = false

    @Option(name: .customLong("bulk-threshold"), help: ArgumentHelp("Binary values longer than N bytes travel as bulk data frames.", valueName: "N"))
    var bulkThreshold = 1024

    @Option(
        name: .customLong("list-shares"),
        help: ArgumentHelp(
            "Read no stream: cut the inputs into N shares and print them as lists of paths (see --by, --share, --shares-dir).", valueName: "N"))
    var listShares: Int?

    @Option(
        help: ArgumentHelp(
            "With --list-shares: `file` deals files out in turn; `study` keeps all files of a study in one share (reads each header up to the Study Instance UID).",
            valueName: "file|study"))
    var by: String = "file"

    @Option(help: ArgumentHelp("With --list-shares: print only share K (1 to N), one path per line (NUL-terminated with -0).", valueName: "K"))
    var share: Int?

    @Option(
        name: .customLong("shares-dir"),
        help: ArgumentHelp("With --list-shares: write DIR/share-1 ... DIR/share-N (lists for --files-from) instead of printing.", valueName: "DIR"))
    var sharesDir: String?

    @OptionGroup var messages: MessageOptions

    @OptionGroup var output: StreamOutputOptions

    mutating func run() throws {
        messages.apply(program: "dcm-parse")
        var paths = inputs
        if let list = filesFrom {
            do { paths += try InputWalker.readList(list, nul: nullSeparated) } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        }
        if let n = listShares { printShares(n, paths: paths) }
        output.refuseTerminal(pipeInto: "dcm-scrub, dcm-write or dcm-json")
        if paths.isEmpty && filesFrom == nil { paths = ["-"] }
        var failed = 0, skipped = 0, directories = 0, read = 0
        let progress = Progress()
        var unreadable = 0
        let files = InputWalker.expand(
            paths,
            onError: { path, why in
                Diagnostics.message("\(path): \(why)"); failed += 1; unreadable += 1
            },
            onSkip: { path, why in
                Diagnostics.message("\(path): skipped: \(why)"); skipped += 1
            })
        var readerOptions = Part10Reader.Options()
        readerOptions.bulkThreshold = max(0, bulkThreshold)
        let driver = ParseDriver(reader: Part10Reader(options: readerOptions))
        let out = StreamWriter(fd: 1)
        // The input being sent when the stream fails (a file that shrank meanwhile, a closed
        // pipe), so that the message names it.
        var sending: String?
        ToolLifetime.reportChangedInputs()
        do {
            try out.start()
            for (index, f) in files.enumerated() {
                // Mapped until the record is sent: a bus error meanwhile is this file's.
                ToolLifetime.noteInput(f.path)
                let outcome = driver.parse(f)
                switch outcome {
                case .record(var r):
                    // Lets dcm-write show how far the run is (progress and time left).
                    r[extra: "input"] = .object([("index", .number(String(index))), ("of", .number(String(files.count)))])
                    sending = f.path
                    try out.write(r)
                    sending = nil
                    read += 1
                    Diagnostics.info("\(f.path): read")
                case .notDICOM(let why), .directory(let why):
                    if case .directory = outcome { directories += 1 } else { skipped += 1 }
                    Diagnostics.message("\(f.path): skipped: \(why)")
                    if strict {
                        failed += 1
                        let cause: FailureCause = if case .directory = outcome { .directory } else { .notDICOM }
                        try out.writeError(ErrorRecord(source: f.path, stage: "dcm-parse", message: why, cause: cause))
                    }
                case .failed(let e):
                    failed += 1
                    Diagnostics.message("\(f.path): \(e.message)")
                    try out.writeError(e)
                }
            }
            try out.finish()
            if messages.verbose || ((skipped > 0 || directories > 0 || failed > 0) && !messages.quiet) {
                let dirs = directories > 0 ? ", \(directories) DICOMDIR skipped" : ""
                Diagnostics.message(
                    "\(files.count) inputs: \(read) read, \(skipped) skipped (not DICOM or not a regular file)\(dirs), \(failed) failed in \(String(Double(Int(progress.elapsed * 10)) / 10)) s"
                )
            }
        } catch {
            Diagnostics.message(sending.map { "\($0): \(error)" } ?? "\(error)")
            exitWith(.fatal)
        }
        // Nothing named could be opened at all: nothing to do is a usage error, not a
        // partial run (the stream written is empty and complete, so later stages stay quiet).
        if files.isEmpty && unreadable > 0 && unreadable == paths.count { exitWith(.fatal) }
        if read == 0 && failed == 0 {
            Diagnostics.message("warning: no DICOM input found")
        }
        exitWith(failed > 0 ? .someFailed : .success)
    }
}

extension DcmParse {
    /// `--list-shares`: the inputs as N lists of paths, one per share; writes no stream.
    func printShares(_ n: Int, paths: [String]) -> Never {
        guard n >= 1, let unit = ShareSplitter.Unit(rawValue: by) else {
            Diagnostics.message("--list-shares needs N >= 1 and --by file or study"); exitWith(.fatal)
        }
        if let k = share, !(1...n).contains(k) { Diagnostics.message("--share must be between 1 and \(n)"); exitWith(.fatal) }
        if share != nil && sharesDir != nil { Diagnostics.message("--share and --shares-dir exclude each other"); exitWith(.fatal) }
        guard !paths.isEmpty, !paths.contains("-") else {
            Diagnostics.message("--list-shares needs files or directories (not standard input)"); exitWith(.fatal)
        }
        var failed = 0
        let files = InputWalker.expand(
            paths,
            onError: { path, why in
                Diagnostics.message("\(path): \(why)"); failed += 1
            }, onSkip: { path, why in Diagnostics.message("\(path): skipped: \(why)") }
        ).map(\.path)
        var sizes: [String: Int] = [:]
        if unit == .study { for f in files { sizes[f] = ShareSplitter.size(of: f) } }
        let shares = ShareSplitter(count: n, unit: unit).split(files, sizes: sizes)
        do {
            if let dir = sharesDir {
                try ShareLists.write(shares, to: dir, nul: nullSeparated)
            } else if let k = share {
                guard let bytes = ShareLists.render(shares[k - 1], nul: nullSeparated) else {
                    throw ToolError("an input path holds a newline: use -0 (NUL-separated lists)")
                }
                try FileDescriptorOutput.writeAll(bytes, fd: 1)
            } else {
                // Every file with its share number: K, a tab, the path.
                var out: [UInt8] = []
                for (i, list) in shares.enumerated() {
                    for p in list {
                        if !nullSeparated && p.utf8.contains(0x0A) { throw ToolError("an input path holds a newline: use -0") }
                        out += Array("\(i + 1)\t\(p)".utf8); out.append(nullSeparated ? 0 : 0x0A)
                    }
                }
                try FileDescriptorOutput.writeAll(out, fd: 1)
            }
        } catch {
            Diagnostics.message("\(error)"); exitWith(.fatal)
        }
        if messages.verbose {
            Diagnostics.message("\(files.count) files in \(n) shares by \(unit.rawValue): " + shares.map { String($0.count) }.joined(separator: " "))
        }
        exitWith(failed > 0 ? .someFailed : .success)
    }
}

DcmParse.runAsTool()
