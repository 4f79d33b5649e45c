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
            and make the exit status 1; every good record is still written. DICOMDIR records are \
            never written (their directory records would publish the original file names): \
            --dicomdir names files as PS3.10 file IDs and builds a new DICOMDIR from the whole \
            output tree at the end; --dicomdir-only just builds it (after parallel runs).
            Exit status: 0 all records written, 1 some records failed (or files were left out of \
            the DICOMDIR), 2 fatal error.
            """,
        version: ToolVersion.current)

    @Option(name: .shortAndLong, help: ArgumentHelp("Output directory (created if missing).", valueName: "DIR"))
    var output: String

    @Option(
        help: ArgumentHelp(
            "File path template under DIR: {Keyword} or {GGGGEEEE} placeholders, {Keyword:ID} for a PS3.10 file ID component (default \(OutputTree.defaultLayout); with --dicomdir \(OutputTree.fileSetLayout)).",
            valueName: "TEMPLATE"))
    var layout: String?

    @Flag(help: "Name files as PS3.10 file IDs and write DIR/DICOMDIR for every file under DIR at the end.")
    var dicomdir = false

    @Flag(name: .customLong("dicomdir-only"), help: "Read no stream: (re)build DIR/DICOMDIR from the files under DIR.")
    var dicomdirOnly = false

    @Flag(help: "Replace files that already exist.")
    var overwrite = false

    @Flag(
        name: .customLong("skip-existing"),
        help: "Count a file that exists with exactly the bytes it would be written with as done (to resume a run).")
    var skipExisting = false

    @Flag(name: .customLong("rewrite-meta"), help: "Rewrite the file meta group even for records no stage changed.")
    var rewriteMeta = false

    @Flag(name: .customLong("allow-incomplete"), help: "Write records that were not (fully) de-identified, e.g. for a plain copy.")
    var allowIncomplete = false

    @Option(help: ArgumentHelp("Append a JSON line per failed record and a summary line to FILE.", valueName: "FILE"))
    var report: String?

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        if output == "-" {
            throw ValidationError("-o - is not a directory: dcm-write writes files under a directory (dcm-json shows a stream)")
        }
    }

    mutating func run() throws {
        messages.apply(program: "dcm-write")
        if dicomdirOnly {
            let leftOut = buildDirectory()
            exitWith(leftOut > 0 ? .someFailed : .success)
        }
        // Nothing is created before the stream and the output are known to be usable: a
        // fatal error leaves no output folder behind. Folders are made as files need them.
        let input: StreamReader
        do { input = try StreamReader(fd: 0) } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        if let why = OutputTree.unusableReason(output) { Diagnostics.message(why); exitWith(.fatal) }
        var tree: OutputTree
        do {
            tree = try OutputTree(root: output, layout: layout ?? (dicomdir ? OutputTree.fileSetLayout : OutputTree.defaultLayout))
        } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        if dicomdir && !tree.givesFileIDs {
            Diagnostics.message(
                "warning: --layout gives names that are not PS3.10 file IDs (use {Keyword:ID} placeholders and A-Z, 0-9, _): such files are left out of the DICOMDIR"
            )
        }
        tree.overwrite = overwrite
        tree.skipExisting = skipExisting
        tree.rewriteMeta = rewriteMeta
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
        var driver = WriteDriver(tree: tree, outputName: output)
        driver.allowIncomplete = allowIncomplete
        driver.skipExisting = skipExisting
        driver.showProgress = !messages.quiet
        driver.report = reportLine
        let s = driver.run(input)
        let (records, written, failed, incomplete, alreadyThere, fatal, seconds) =
            (s.records, s.written, s.failed, s.incomplete, s.alreadyThere, s.fatal, s.seconds)
        var summary: [(String, JSON)] = [
            ("records", .number(String(records))), ("written", .number(String(written))),
            ("alreadyThere", .number(String(alreadyThere))),
            ("failed", .number(String(failed))), ("incomplete", .number(String(incomplete))),
            ("seconds", .number(String(format1: seconds)))
        ]
        if failed > 0 { summary.append(("causes", s.causes.json)) }
        reportLine(.object([("summary", .object(summary))]))
        if let fatal { Diagnostics.message(fatal) }
        let leftOut = dicomdir && fatal == nil && access(output, F_OK) == 0 ? buildDirectory() : 0
        if !messages.quiet || failed > 0 || fatal != nil {
            var line = "\(records) records in, \(written) written, \(failed) failed"
            if failed > 0 { line += " (\(s.causes.summary))" }
            if alreadyThere > 0 { line += ", \(alreadyThere) already there (--skip-existing)" }
            if incomplete > 0 { line += ", \(incomplete) written without complete de-identification (--allow-incomplete)" }
            if fatal != nil { line += ", then stopped" }
            Diagnostics.message(line + " in \(String(format1: seconds)) s")
        }
        if records == 0 && fatal == nil {
            Diagnostics.message("warning: the stream held no records; nothing written")
        }
        if fatal != nil { exitWith(.fatal) }
        exitWith(failed + leftOut > 0 ? .someFailed : .success)
    }

    /// Writes DIR/DICOMDIR from a scan of DIR; returns the number of DICOM files left out.
    func buildDirectory() -> Int {
        do {
            let s = try FileSetWriter.write(root: output) { path, why, leftOut in
                if leftOut { Diagnostics.message("\(path): \(why)") } else { Diagnostics.info("\(path): \(why)") }
            }
            if !messages.quiet || s.leftOut > 0 {
                Diagnostics.message("DICOMDIR: \(s.listed) files listed, \(s.leftOut) left out")
            }
            return s.leftOut
        } catch {
            Diagnostics.message("DICOMDIR not written: \(error)")
            exitWith(.fatal)
        }
    }
}

extension String {
    init(format1 v: Double) { self = String(Double(Int(v * 10)) / 10) }
}

DcmWrite.runAsTool()
