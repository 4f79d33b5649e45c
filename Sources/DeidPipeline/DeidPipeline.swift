import DcmToolSupport
/// The documented default pipeline, as dcm-deid runs it:
///
///     dcm-parse IN | dcm-scrub | dcm-pseudo | dcm-redact-pixels | dcm-write -o OUT
///
/// with dcm-deid's options mapped to the stage that owns them and verbatim extra arguments
/// per stage.
public enum DeidPipeline {
    /// The stages in order.
    public static let stageNames = ["dcm-parse", "dcm-scrub", "dcm-pseudo", "dcm-redact-pixels", "dcm-write"]
    /// Stages without which there is no pipe at all.
    public static let requiredStages: Set<String> = ["dcm-parse", "dcm-write"]

    public struct Options: Sendable {
        public var inputs: [String] = []
        public var output: String = ""
        public var filesFrom: String?
        public var nullSeparated = false
        public var profile: String?
        public var keyFile: String?
        public var mappingDir: String?
        public var layout: String?
        /// dcm-write --dicomdir: PS3.10 file names and a fresh DICOMDIR for OUT.
        public var dicomdir = false
        public var overwrite = false
        /// dcm-write --skip-existing: files already there with the same bytes count as done.
        public var skipExisting = false
        public var report: String?
        public var allowIncomplete = false
        /// -q for every stage; -v for dcm-write (each file written).
        public var quiet = false
        public var verbose = false
        /// Extra arguments for each stage, by stage name, passed verbatim.
        public var extra: [String: [String]] = [:]
        public init() {}
    }

    public struct BuildError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Builds the pipe. `locate` finds a stage's executable (nil when absent). A missing
    /// de-identification stage is skipped only with `allowIncomplete`, which is also passed
    /// to dcm-write so that its safety interlock lets the incomplete records through.
    public static func build(_ o: Options, locate: (String) -> String?) throws -> (pipeline: StagePipeline, skipped: [String]) {
        var stages: [StagePipeline.Stage] = []
        var skipped: [String] = []
        for name in stageNames {
            guard let exe = locate(name) else {
                if requiredStages.contains(name) {
                    throw BuildError(description: "\(name) not found next to dcm-deid or in PATH")
                }
                guard o.allowIncomplete else {
                    throw BuildError(
                        description:
                            "\(name) not found next to dcm-deid or in PATH; install it, or pass --allow-incomplete to write output that is not fully de-identified"
                    )
                }
                skipped.append(name)
                continue
            }
            var args: [String] = []
            switch name {
            case "dcm-parse":
                if let f = o.filesFrom { args += ["--files-from", f] }
                if o.nullSeparated { args.append("--null") }
            case "dcm-scrub":
                if let p = o.profile { args += ["--profile", p] }
            case "dcm-pseudo":
                if let k = o.keyFile { args += ["--key-file", k] }
                if let m = o.mappingDir { args += ["--mapping-dir", m] }
            case "dcm-redact-pixels":
                if o.skipExisting {
                    args += [
                        "--skip-existing", o.output,
                        "--layout", o.layout ?? (o.dicomdir ? OutputTree.fileSetLayout : OutputTree.defaultLayout)
                    ]
                }
            case "dcm-write":
                args += ["-o", o.output]
                if let l = o.layout { args += ["--layout", l] }
                if o.dicomdir { args.append("--dicomdir") }
                if o.overwrite { args.append("--overwrite") }
                if o.skipExisting { args.append("--skip-existing") }
                if let r = o.report { args += ["--report", r] }
                if o.allowIncomplete { args.append("--allow-incomplete") }
            default: break
            }
            if o.quiet { args.append("--quiet") }  // every stage takes MessageOptions
            if o.verbose && name == "dcm-write" { args.append("--verbose") }
            args += o.extra[name] ?? []
            if name == "dcm-parse" {
                // Inputs last, after "--" so that names starting with "-" stay names.
                if !o.inputs.isEmpty { args.append("--"); args += o.inputs }
            }
            stages.append(StagePipeline.Stage(name: name, executable: exe, arguments: args))
        }
        return (StagePipeline(stages: stages), skipped)
    }
}
