import ArgumentParser
import DcmToolSupport
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

    @Option(name: .customLong("files-from"), help: ArgumentHelp("Read input paths from FILE, one per line (`-` for standard input).", valueName: "FILE"))
    var filesFrom: String?

    @Flag(name: [.customShort("0"), .customLong("null")], help: "Paths in --files-from are separated by NUL bytes (find -print0).")
    var nullSeparated = false

    @Flag(help: "Treat inputs that are skipped (not DICOM, DICOMDIR) as errors.")
    var strict = false

    @Option(name: .customLong("bulk-threshold"), help: ArgumentHelp("Binary values longer than N bytes travel as bulk data frames.", valueName: "N"))
    var bulkThreshold = 1024

    @OptionGroup var messages: MessageOptions

    @Flag(help: "Write the stream even when standard output is a terminal.")
    var force = false

    mutating func run() throws {
        messages.apply(program: "dcm-parse")
        StageMain.refuseTerminalOutput(force: force, pipeInto: "dcm-scrub, dcm-write or dcm-json")
        var paths = inputs
        if let list = filesFrom {
            do { paths += try InputWalker.readList(list, nul: nullSeparated) }
            catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        }
        if paths.isEmpty && filesFrom == nil { paths = ["-"] }
        var failed = 0, skipped = 0, directories = 0, read = 0
        let progress = Progress()
        var unreadable = 0
        let files = InputWalker.expand(paths, onError: { path, why in
            Diagnostics.message("\(path): \(why)"); failed += 1; unreadable += 1
        }, onSkip: { path, why in
            Diagnostics.message("\(path): skipped: \(why)"); skipped += 1
        })
        var readerOptions = Part10Reader.Options()
        readerOptions.bulkThreshold = max(0, bulkThreshold)
        let driver = ParseDriver(reader: Part10Reader(options: readerOptions))
        let out = StreamWriter(fd: 1)
        do {
            try out.start()
            for (index, f) in files.enumerated() {
                let outcome = driver.parse(f)
                switch outcome {
                case .record(var r):
                    // Lets dcm-write show how far the run is (progress and time left).
                    r[extra: "input"] = .object([("index", .number(String(index))), ("of", .number(String(files.count)))])
                    try out.write(r)
                    read += 1
                    Diagnostics.info("\(f.path): read")
                case .notDICOM(let why), .directory(let why):
                    if case .directory = outcome { directories += 1 } else { skipped += 1 }
                    Diagnostics.message("\(f.path): skipped: \(why)")
                    if strict {
                        failed += 1
                        try out.writeError(ErrorRecord(source: f.path, stage: "dcm-parse", message: why))
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
                Diagnostics.message("\(files.count) inputs: \(read) read, \(skipped) skipped (not DICOM or not a regular file)\(dirs), \(failed) failed in \(String(Double(Int(progress.elapsed * 10)) / 10)) s")
            }
        } catch {
            Diagnostics.message("\(error)")
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

DcmParse.runAsTool()
