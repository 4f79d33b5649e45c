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
        Error records print as {"error": {...}} lines.
        Exit status: 0 success, 1 some inputs failed, 2 fatal error.
        """,
        version: ToolVersion.current)

    @Argument(help: "DICOM files or directories; none or `-`: read a dcm-stream from standard input.")
    var inputs: [String] = []

    @Flag(help: "Print the whole stream record (source, transfer syntax, file meta, extension members) instead of the plain data set.")
    var record = false

    @Flag(help: "Include the file meta group (0002,xxxx) elements in the plain data set.")
    var meta = false

    @OptionGroup var messages: MessageOptions

    mutating func run() throws {
        messages.apply(program: "dcm-json")
        var failed = 0
        var out = [UInt8]()
        func emit(_ r: Record) {
            var opts = RecordCodec.EncodeOptions()
            opts.plain = !record
            var json = RecordCodec.encode(r, options: opts).json
            if !record, let parsed = try? JSONParser.parse(json) {
                var ds = parsed["dataset"]?.objectValue ?? []
                if meta { ds = (parsed["meta"]?.objectValue ?? []) + ds }
                json = JSON.object(ds).serialized()
            }
            out.append(contentsOf: json); out.append(0x0A)
            if out.count > 1 << 16 { flush() }
        }
        func flush() { out.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, stdout) }; out.removeAll(keepingCapacity: true) }
        func emitError(_ e: ErrorRecord) { failed += 1; out.append(contentsOf: e.json.serialized()); out.append(0x0A) }

        // `-` is standard input, which holds a stream here (as with no argument at all).
        if inputs.isEmpty || inputs == ["-"] {
            do {
                let input = try StreamReader(fd: 0)
                while let item = try input.next() {
                    switch item {
                    case .error(let e): emitError(e)
                    case .record(let h):
                        do { emit(try RecordCodec.decode(h)) }
                        catch { emitError(ErrorRecord(source: "-", stage: "dcm-json", message: "\(error)")) }
                    }
                }
            } catch { flush(); Diagnostics.message("\(error)"); exitWith(.fatal) }
        } else {
            let files = InputWalker.expand(inputs) { p, why in Diagnostics.message("\(p): \(why)"); failed += 1 }
            let driver = ParseDriver(passDirectories: true)
            for f in files {
                switch driver.parse(f) {
                case .record(let r): emit(r); Diagnostics.info("\(f.path): read")
                case .notDICOM(let why), .directory(let why): Diagnostics.note("\(f.path): skipped: \(why)")
                case .failed(let e): Diagnostics.message("\(f.path): \(e.message)"); emitError(e)
                }
            }
        }
        flush()
        fflush(stdout)
        exitWith(failed > 0 ? .someFailed : .success)
    }
}

DcmJSON.runAsTool()
