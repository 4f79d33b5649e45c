import ArgumentParser
import DcmToolSupport
import DeidPipeline
#if canImport(Glibc)
import Glibc
#endif

struct DcmDeid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcm-deid",
        abstract: "De-identify DICOM files with the default pipeline: parse, scrub, pseudo, redact, write.",
        usage: "dcm-deid [<options>] IN... OUT",
        discussion: """
            Runs exactly `dcm-parse IN | dcm-scrub | dcm-pseudo | dcm-redact-pixels | dcm-write -o OUT` \
            as child processes connected by pipes, the tools found next to dcm-deid (else in PATH). \
            Options below go to the stage that owns them; --STAGE-opt passes any other argument \
            verbatim (repeat it, one argument each: --scrub-opt --no-clean-descriptors). \
            -v prints the pipe it runs. See dcm-deid(1) and dcm-deid(7).
            Exit status: the worst of the stages' statuses (0 all files written, 1 some failed, 2 fatal).
            """,
        version: ToolVersion.current)

    @Argument(help: ArgumentHelp("Input files or directories, then the output directory.", valueName: "IN... OUT"))
    var paths: [String] = []

    @Option(
        name: .customLong("files-from"), help: ArgumentHelp("dcm-parse: also read input paths from FILE (`-`: standard input).", valueName: "FILE"))
    var filesFrom: String?

    @Flag(name: [.customShort("0"), .customLong("null")], help: "dcm-parse: paths in --files-from are NUL-separated.")
    var nullSeparated = false

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("dcm-scrub: built-in profile (basic, tcia) or a profile file (dcm-profile(5)).", valueName: "NAME|FILE"))
    var profile: String?

    @Option(
        name: .customLong("key-file"),
        help: ArgumentHelp("dcm-pseudo: secret key file; the same key gives the same pseudonyms everywhere.", valueName: "FILE"))
    var keyFile: String?

    @Option(
        name: .customLong("mapping-dir"),
        help: ArgumentHelp(
            "dcm-pseudo: append uid_mapping.csv and patid_mapping.csv here (keep it apart from OUT: it re-identifies).", valueName: "DIR"))
    var mappingDir: String?

    @Option(help: ArgumentHelp("dcm-write: file path template under OUT.", valueName: "TEMPLATE"))
    var layout: String?

    @Flag(help: "dcm-write: name files as PS3.10 file IDs and write a new OUT/DICOMDIR (input DICOMDIRs are never copied).")
    var dicomdir = false

    @Flag(help: "dcm-write: replace files that already exist.")
    var overwrite = false

    @Flag(name: .customLong("skip-existing"), help: "dcm-write: count files already there with the same bytes as done (resume an interrupted run).")
    var skipExisting = false

    @Option(help: ArgumentHelp("dcm-write: append a JSON line per failed record and a summary to FILE.", valueName: "FILE"))
    var report: String?

    @Flag(
        name: .customLong("allow-incomplete"),
        help: "Skip de-identification stages that are not installed, and let dcm-write write records whose required steps were not all done.")
    var allowIncomplete = false

    @Option(
        name: .customLong("parse-opt"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Extra argument for dcm-parse (repeatable).", valueName: "ARG"))
    var parseOpts: [String] = []
    @Option(
        name: .customLong("scrub-opt"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Extra argument for dcm-scrub (repeatable).", valueName: "ARG"))
    var scrubOpts: [String] = []
    @Option(
        name: .customLong("pseudo-opt"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Extra argument for dcm-pseudo (repeatable).", valueName: "ARG"))
    var pseudoOpts: [String] = []
    @Option(
        name: .customLong("redact-opt"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Extra argument for dcm-redact-pixels (repeatable).", valueName: "ARG"))
    var redactOpts: [String] = []
    @Option(
        name: .customLong("write-opt"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Extra argument for dcm-write (repeatable).", valueName: "ARG"))
    var writeOpts: [String] = []

    @Flag(name: [.customShort("n"), .customLong("dry-run")], help: "Print the pipe on standard output and exit without running it.")
    var dryRun = false

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        let minimum = filesFrom == nil ? 2 : 1
        guard paths.count >= minimum else {
            throw ValidationError(
                filesFrom == nil
                    ? "give at least one input and the output directory: IN... OUT"
                    : "give the output directory: OUT")
        }
    }

    mutating func run() throws {
        messages.apply(program: "dcm-deid")
        var o = DeidPipeline.Options()
        o.output = paths[paths.count - 1]
        o.inputs = Array(paths.dropLast())
        o.filesFrom = filesFrom
        o.nullSeparated = nullSeparated
        o.profile = profile
        o.keyFile = keyFile
        o.mappingDir = mappingDir
        o.layout = layout
        o.overwrite = overwrite
        o.quiet = messages.quiet
        o.verbose = messages.verbose
        o.skipExisting = skipExisting
        o.dicomdir = dicomdir
        o.report = report
        o.allowIncomplete = allowIncomplete
        o.extra = [
            "dcm-parse": parseOpts, "dcm-scrub": scrubOpts, "dcm-pseudo": pseudoOpts,
            "dcm-redact-pixels": redactOpts, "dcm-write": writeOpts
        ]
        let own = Subprocess.ownDirectory()
        let built: (pipeline: StagePipeline, skipped: [String])
        do {
            built = try DeidPipeline.build(o) { StagePipeline.locate($0, besides: own) }
        } catch {
            Diagnostics.message("\(error)")
            exitWith(.fatal)
        }
        for s in built.skipped {
            Diagnostics.message("warning: \(s) is not installed; skipped (--allow-incomplete): the output is not fully de-identified")
        }
        if dryRun {
            print(built.pipeline.commandLine())
            exitWith(.success)
        }
        if messages.verbose { Diagnostics.message(built.pipeline.commandLine()) }
        let ends = built.pipeline.run()
        if let sig = StagePipeline.interruptedBy {
            // Every stage got the signal and has ended; each said what it had done.
            Diagnostics.message("interrupted (signal \(sig)); the output holds only complete files")
            signal(sig, SIG_DFL)
            raise(sig)
        }
        for (stage, end) in zip(built.pipeline.stages, ends) {
            switch end {
            case .exited: break
            case .signaled(let sig) where sig == SIGPIPE: break  // a later stage stopped reading; it reports why
            case .signaled(let sig): Diagnostics.message("\(stage.name) was killed by signal \(sig)")
            case .notStarted(let e): Diagnostics.message("cannot run \(stage.executable): \(String(cString: strerror(e)))")
            }
        }
        Glibc.exit(StagePipeline.worstStatus(ends))
    }
}

DcmDeid.runAsTool()
