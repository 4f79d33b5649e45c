import ArgumentParser
import DcmToolSupport
import DICOMPart10
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

struct DcmJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcm-json",
        abstract: "Print DICOM data sets as PS3.18 JSON, one object per line (for jq).",
        discussion: """
            With FILE arguments, reads DICOM files (directories recursively); without, reads a \
            dcm-stream from standard input. Bulk data appears as BulkDataURI "bulk:N". \
            Error records print as {"error": {...}} lines. With --to-stream, reads such lines \
            on standard input and writes a dcm-stream.
            Exit status: 0 success, 1 some inputs failed, 2 fatal error.
            """,
        version: ToolVersion.current)

    @Argument(help: "DICOM files or directories; none or `-`: read a dcm-stream from standard input.")
    var inputs: [String] = []

    @Flag(help: "Print the whole stream record (source, transfer syntax, file meta, extension members) instead of the plain data set.")
    var record = false

    @Flag(help: "Include the file meta group (0002,xxxx) elements in the plain data set.")
    var meta = false

    @Flag(help: "With --record: bulk values as InlineBinary with _len, so that each line holds the whole record (for --to-stream).")
    var inlineBulk = false

    @Flag(help: "Read JSON lines (--record lines, plain data sets, error lines) on standard input and write a dcm-stream.")
    var toStream = false

    @Flag(help: "With --to-stream: write JSON record headers (a version 2 stream) instead of binary ones.")
    var jsonHeader = false

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        if toStream && (record || meta || inlineBulk || !inputs.isEmpty) {
            throw ValidationError("--to-stream reads standard input and takes no other option but --json-header")
        }
        if jsonHeader && !toStream { throw ValidationError("--json-header goes with --to-stream") }
        if inlineBulk && !record { throw ValidationError("--inline-bulk goes with --record") }
    }

    mutating func run() throws {
        messages.apply(program: "dcm-json")
        if toStream {
            let counts: JSONLines.Counts
            do {
                counts = try JSONLines.toStream(inputFD: 0, output: StreamWriter(fd: 1), jsonHeader: jsonHeader) { e in
                    Diagnostics.message("\(e.source): \(e.message)")
                }
            } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
            exitWith(counts.failed > 0 ? .someFailed : .success)
        }
        var failed = 0
        var out = [UInt8]()
        func emit(_ r: Record) {
            var opts = RecordCodec.EncodeOptions()
            opts.plain = !record
            opts.inlineBulk = inlineBulk
            var json = RecordCodec.encode(r, options: opts).json
            if !record, let parsed = try? JSONParser.parse(json) {
                var ds = parsed["dataset"]?.objectValue ?? []
                if meta { ds = (parsed["meta"]?.objectValue ?? []) + ds }
                json = JSON.object(ds).serialized()
            }
            out.append(contentsOf: json); out.append(0x0A)
            if out.count > 1 << 16 { flush() }
        }
        func flush() { StandardOutput.write(out); out.removeAll(keepingCapacity: true) }
        func emitError(_ e: ErrorRecord) { failed += 1; out.append(contentsOf: e.json.serialized()); out.append(0x0A) }

        // `-` is standard input, which holds a stream here (as with no argument at all).
        var source = RecordSource(inputs: inputs, stage: "dcm-json", driver: ParseDriver(passDirectories: true))
        source.loadBulk = inlineBulk
        let fromFiles = !source.readsStream
        // Files are mapped: one that shrinks while read raises SIGBUS, which then names it.
        if fromFiles { ToolLifetime.reportChangedInputs() }
        do {
            try source.forEach { item in
                switch item {
                case .record(let r):
                    emit(r)
                    if fromFiles { Diagnostics.info("\(r.source): read") }
                case .error(let e):
                    // A stream's error records were reported by the stage that made them.
                    if fromFiles { Diagnostics.message("\(e.source): \(e.message)") }
                    emitError(e)
                case .skipped(let path, let why): Diagnostics.note("\(path): skipped: \(why)")
                case .unusable(let path, let why):
                    Diagnostics.message("\(path): \(why)")
                    failed += 1
                }
            }
        } catch { flush(); Diagnostics.message("\(error)"); exitWith(.fatal) }
        flush()
        exitWith(failed > 0 ? .someFailed : .success)
    }
}

DcmJSON.runAsTool()
