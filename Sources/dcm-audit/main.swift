import ArgumentParser
import DcmToolSupport
import DeidAudit
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

struct DcmAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcm-audit",
        abstract: "Report identifying values of the original files that remain in de-identified output.",
        discussion: """
            Collects the identifying values of every original (person names and their parts, \
            IDs, dates in several written forms, instance UIDs, addresses, phone numbers, \
            institution names) and searches every text value of every output at every depth \
            (private elements, SR content and undecoded binary values included) for them, and \
            with --ocr the text recognized in the pixels (read as dcm-redact-pixels reads them; \
            images not read reliably are listed). Values are never printed unless \
            --show-values is given. dciodvfy, when installed, checks originals and outputs and \
            the errors new in the outputs are summarized. See dcm-audit(1).
            Exit status: 0 no leak found, 1 leaks found (or new dciodvfy errors with --strict), \
            2 fatal error, or no output read at all (missing or empty folder, empty stream).
            """,
        version: ToolVersion.current)

    @Option(name: .customLong("original"), help: ArgumentHelp("Original file or directory (repeatable).", valueName: "PATH"))
    var originals: [String] = []

    @Option(
        name: .customLong("output"),
        help: ArgumentHelp("De-identified file or directory (repeatable), or `-` for a dcm-stream on standard input.", valueName: "PATH"))
    var outputs: [String] = []

    @Option(
        name: .customLong("uid-map"),
        help: ArgumentHelp(
            "uid_mapping.csv, to pair outputs with originals (default: MAPPING-DIR/uid_mapping.csv, else OUT/uid_mapping.csv when present).",
            valueName: "FILE"))
    var uidMap: String?

    @Option(name: .customLong("mapping-dir"), help: ArgumentHelp("Directory holding dcm-pseudo's uid_mapping.csv.", valueName: "DIR"))
    var mappingDir: String?

    @Flag(help: "Also search text recognized in output pixels, read as dcm-redact-pixels reads them.")
    var ocr = false

    @Option(help: ArgumentHelp("Directory holding Tesseract's eng.traineddata (for --ocr).", valueName: "DIR"))
    var tessdata: String?

    @Flag(help: "Print JSON lines: one per leak, then the summary.")
    var json = false

    @Flag(name: .customLong("show-values"), help: "Print the identifying value of each leak (for the operator only: this prints PHI).")
    var showValues = false

    @Option(
        name: .customLong("ignore"),
        help: ArgumentHelp("Do not report this kind: name, id, date, uid, address, phone, institution (repeatable).", valueName: "KIND"))
    var ignore: [String] = []

    @Option(
        name: .customLong("allow"),
        help: ArgumentHelp(
            "A word that identifies nobody in these files (a phantom's or test patient's name part, a site's device name): values made only of such words are not searched for (repeatable).",
            valueName: "WORD"))
    var allow: [String] = []

    @Flag(name: .customLong("no-verify"), help: "Do not run dciodvfy.")
    var noVerify = false

    @Flag(help: "Exit 1 also when outputs have dciodvfy errors their originals did not have.")
    var strict = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Images read by OCR at once and parallel dciodvfy processes.", valueName: "N"))
    var jobs = 2

    /// -q leaves out the list of leaks: the summary is the result and stays.
    @OptionGroup var messages: MessageOptions

    func validate() throws {
        guard !originals.isEmpty else { throw ValidationError("give the original files with --original") }
        guard !outputs.isEmpty else { throw ValidationError("give the de-identified output with --output") }
        if outputs.contains("-") && outputs.count > 1 { throw ValidationError("--output - (a stream) cannot be combined with other outputs") }
        for k in ignore where ValueKind(rawValue: k) == nil {
            throw ValidationError("unknown kind '\(k)' for --ignore: \(ValueKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    mutating func run() throws {
        messages.apply(program: "dcm-audit")
        var options = Audit.Options()
        options.ignored = Set(ignore.compactMap(ValueKind.init(rawValue:)))
        options.ocr = ocr
        options.tessdata = tessdata
        options.verify = !noVerify
        options.jobs = jobs
        options.allowedWords = Set(allow)
        var mapPath = uidMap ?? mappingDir.map { $0 + "/uid_mapping.csv" }
        if mapPath == nil, outputs.count == 1, outputs[0] != "-", access(outputs[0] + "/uid_mapping.csv", R_OK) == 0 {
            mapPath = outputs[0] + "/uid_mapping.csv"
        }
        if let mapPath {
            do { options.uidMap = try UIDMapping.newToOld(path: mapPath) } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        }
        var audit = Audit(options: options)
        let showValues = self.showValues, json = self.json, quiet = messages.quiet
        audit.onLeak = { leak in
            guard !quiet else { return }
            if json { emit(leak.json(showValue: showValues)) } else { print(leak.line(showValue: showValues)) }
        }
        audit.onProblem = { path, why in Diagnostics.message("\(path): \(why)") }
        let summary: Audit.Summary
        if outputs == ["-"] {
            do { summary = try audit.run(originals: originals, streamFD: 0) } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        } else {
            summary = audit.run(originals: originals, outputs: outputs)
        }
        if summary.originals == 0 {
            Diagnostics.message("no readable DICOM file among the originals")
            exitWith(.fatal)
        }
        // Nothing read is no evidence of anything: never "no leak found".
        if summary.outputs == 0 {
            Diagnostics.message(
                outputs == ["-"]
                    ? "no record in the stream on standard input: nothing audited"
                    : "no readable DICOM file among the outputs (missing or empty folder?): nothing audited")
            exitWith(.fatal)
        }
        if json { emit(summary.json) } else { printSummary(summary) }
        fflush(nil)  // every stdio stream: print() buffers standard output
        let newErrors = (summary.verify?.filesWithNewErrors ?? 0) > 0
        // An output that could not be read was not audited: that is no clean bill either.
        let unaudited = summary.outputsUnreadable > 0
        exitWith(summary.leaks > 0 || unaudited || (strict && newErrors) ? .someFailed : .success)
    }

    func printSummary(_ s: Audit.Summary) {
        func list(_ d: [ValueKind: Int]) -> String {
            d.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        }
        var out = "originals: \(s.originals) read"
        if s.originalsUnreadable > 0 { out += ", \(s.originalsUnreadable) unreadable" }
        out += "; outputs: \(s.outputs) read (\(s.outputsPaired) paired with their original)"
        if s.outputsUnreadable > 0 { out += ", \(s.outputsUnreadable) unreadable" }
        out += "\nvalues searched: \(list(s.valuesByKind))"
        if s.leaks == 0 {
            out += "\nno leak found"
        } else {
            out += "\nLEAKS: \(s.leaks) in \(s.outputsWithLeaks) outputs: \(list(s.leaksByKind))"
        }
        if s.ocrFiles > 0 || s.ocrFailed > 0 {
            out += "\nOCR: \(s.ocrFiles) outputs read, \(s.ocrFailed) not decoded, \(s.ocrUnreliable.count) not read reliably"
            if !s.ocrUnreliable.isEmpty { out += " (look at them):" }
            for u in s.ocrUnreliable.prefix(50) { out += "\n  \(u.output): \(u.why)" }
            if s.ocrUnreliable.count > 50 { out += "\n  ... \(s.ocrUnreliable.count - 50) more (--json lists all)" }
        }
        if let v = s.verify {
            out += "\ndciodvfy: \(v.pairs) original/output pairs"
            if v.unpaired > 0 { out += ", \(v.unpaired) outputs compared in bulk" }
            out += "; errors: \(v.originalErrors) in originals, \(v.outputErrors) in outputs; \(v.filesWithNewErrors) outputs with new errors"
            if v.failures > 0 { out += "; \(v.failures) files not checked" }
            for (m, n) in v.newErrors.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).prefix(20) {
                out += "\n  \(n)\t\(m)"
            }
            if v.newErrors.count > 20 { out += "\n  ... \(v.newErrors.count - 20) more kinds (--json lists all)" }
        }
        for n in s.notes { out += "\nnote: \(n)" }
        print(out)
    }
}

/// Writes one JSON line on standard output.
func emit(_ j: JSON) {
    print(String(decoding: j.serialized(), as: UTF8.self))
}

DcmAudit.runAsTool()
