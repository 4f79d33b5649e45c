import ArgumentParser
import DcmToolSupport
import DeidAudit
import DeidReview
#if canImport(Glibc)
import Glibc
#endif

struct DcmReview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcm-review",
        abstract: "Write a static HTML report of what de-identification changed, for the person who signs off a release.",
        discussion: """
            Pairs every output file with its original (through uid_mapping.csv), compares the \
            headers element by element (removed, emptied, replaced, shifted, cleaned, added; \
            private blocks kept or removed) and the pixels (before/after thumbnails of the frames \
            that changed, masked boxes outlined), lists what the leak audit finds, and writes \
            DIR/index.html with one page per series and PNG thumbnails in DIR/img. The page \
            loads nothing from outside DIR. Before thumbnails show burned-in PHI: --no-before \
            leaves them out. See dcm-review(1).
            Exit status: 0 report written, 1 report written but some files could not be read, 2 fatal error.
            """,
        version: ToolVersion.current)

    @Argument(help: ArgumentHelp("Original files or directories.", valueName: "ORIGINAL"))
    var originals: [String] = []

    @Option(name: .customLong("output"), help: ArgumentHelp("The de-identified output tree (repeatable).", valueName: "OUT"))
    var outputs: [String] = []

    @Option(
        name: .customLong("report"), help: ArgumentHelp("Directory to write index.html, the series pages and img/ into (created).", valueName: "DIR"))
    var report: String

    @Option(
        name: .customLong("mapping-dir"),
        help: ArgumentHelp("Directory holding dcm-pseudo's uid_mapping.csv, to pair outputs with originals.", valueName: "DIR"))
    var mappingDir: String?

    @Option(name: .customLong("uid-map"), help: ArgumentHelp("uid_mapping.csv itself (default: MAPPING-DIR/uid_mapping.csv).", valueName: "FILE"))
    var uidMap: String?

    @Option(
        name: .customLong("write-report"),
        help: ArgumentHelp("dcm-write's (or dcm-deid's) --report file: lists refused files by cause.", valueName: "FILE"))
    var writeReport: String?

    @Flag(name: .customLong("no-before"), help: "Leave out the before thumbnails (they show burned-in identifying text).")
    var noBefore = false

    @Flag(name: .customLong("show-values"), help: "Show header values and leaked values (this puts PHI in the report).")
    var showValues = false

    @Option(name: .customLong("page-size"), help: ArgumentHelp("Images per series page.", valueName: "N"))
    var pageSize = 200

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        guard !originals.isEmpty else { throw ValidationError("give the original files or directories") }
        guard !outputs.isEmpty else { throw ValidationError("give the de-identified output with --output") }
        guard pageSize >= 1 else { throw ValidationError("--page-size must be at least 1") }
    }

    mutating func run() throws {
        messages.apply(program: "dcm-review")
        var options = ReviewOptions()
        options.originals = originals
        options.outputs = outputs
        options.reportDir = report
        options.writeReport = writeReport
        options.noBefore = noBefore
        options.showValues = showValues
        options.pageSize = pageSize
        if let mapPath = uidMap ?? mappingDir.map({ $0 + "/uid_mapping.csv" }) {
            do { options.uidMap = try UIDMapping.newToOld(path: mapPath) } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        }
        var review = Review(options: options)
        var problems = 0
        review.onProblem = { path, why in
            problems += 1; Diagnostics.message("\(path): \(why)")
        }
        let start = Progress.now()
        var result: ReviewResult
        do { result = try review.run() } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        if result.originals == 0 { Diagnostics.message("no readable DICOM file among the originals"); exitWith(.fatal) }
        result.seconds = Progress.now() - start
        let bytes: Int
        do { bytes = try HTMLReport(result: result).write() } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        Diagnostics.note(
            "\(result.outputs) outputs (\(result.paired) paired), \(result.masked) masked, \(result.unchanged) read unchanged, \(result.leaks.count) leaks; \(report)/index.html (\(bytes / 1024) KiB of pages) in \(String(Double(Int(result.seconds * 10)) / 10)) s"
        )
        exitWith(problems > 0 ? .someFailed : .success)
    }
}

DcmReview.runAsTool()
