import ArgumentParser
import DcmToolSupport
import DeidPixels
import DICOMDeid
import DICOMPixels
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

extension ReadPolicy: ExpressibleByArgument {}
extension RedactionOptions.MaskMode: ExpressibleByArgument {}
extension RedactionOptions.Fill: ExpressibleByArgument {}
extension RedactionOptions.Undecodable: ExpressibleByArgument {}
extension RedactionOptions.FrameScheme: ExpressibleByArgument {}

struct DcmRedactPixels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcm-redact-pixels",
        abstract: "Find burned-in text in images (OCR) and mask the text that identifies.",
        discussion: """
            Reads a dcm-stream on standard input and writes it on standard output. Images the \
            read policy selects are decoded, searched for text-like structure, read with \
            Tesseract, and the words matching the record's identifying values or identifying \
            patterns are masked. Unmasked images keep their pixel data byte for byte. See \
            dcm-redact-pixels(1).
            Exit status: 0 all records processed, 1 some records failed, 2 fatal error.
            """,
        version: ToolVersion.current)

    @Option(help: ArgumentHelp("Which images are read: default, modality, flagged (Burned In Annotation YES only), all.", valueName: "POLICY"))
    var policy: ReadPolicy = .default

    @Flag(help: "Read every frame of every image (same as --policy all --frames every --no-precheck).")
    var all = false

    @Option(help: ArgumentHelp("What is masked: identifying (default) or all-text.", valueName: "MODE"))
    var mask: RedactionOptions.MaskMode = .identifying

    @Option(help: ArgumentHelp("Pixels added around each masked word.", valueName: "N"))
    var margin = 3

    @Option(help: ArgumentHelp("Mask colour in the image's own terms: black or white.", valueName: "COLOUR"))
    var fill: RedactionOptions.Fill = .black

    @Option(help: ArgumentHelp("Multi-frame images: changed (first frame, then regions that change) or every.", valueName: "SCHEME"))
    var frames: RedactionOptions.FrameScheme = .changed

    @Flag(name: .customLong("no-precheck"), help: "OCR whole frames without the text-structure pre-check.")
    var noPrecheck = false

    @Option(
        help: ArgumentHelp("Images that cannot be decoded: fail (error record, default) or pass (unredacted, with a warning).", valueName: "ACTION"))
    var undecodable: RedactionOptions.Undecodable = .fail

    @Flag(name: .customLong("keep-overlays"), help: "Keep overlay planes (60xx) of examined images.")
    var keepOverlays = false

    @Option(help: ArgumentHelp("Directory holding Tesseract's eng.traineddata.", valueName: "DIR"))
    var tessdata: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Images read at once, each by its own Tesseract engine (default: the number of processors, at most 8).", valueName: "N"))
    var jobs: Int?

    @Option(
        name: .customLong("ocr-threads"),
        help: ArgumentHelp("Candidate regions of one image read at once, each thread with its own engine.", valueName: "N"))
    var ocrThreads = 1

    @Option(
        name: .customLong("skip-existing"),
        help: ArgumentHelp(
            "Do not read images whose output file under DIR exists already (a resumed run; with dcm-write --skip-existing).", valueName: "DIR"))
    var skipExisting: String?

    @Option(help: ArgumentHelp("With --skip-existing: dcm-write's --layout.", valueName: "TEMPLATE"))
    var layout = OutputTree.defaultLayout

    @OptionGroup var messages: MessageOptions

    @OptionGroup var output: StreamOutputOptions

    mutating func run() throws {
        messages.apply(program: "dcm-redact-pixels")
        output.refuseTerminal(pipeInto: "dcm-write or dcm-json")
        var o = RedactionOptions()
        o.policy = all ? .all : policy
        o.mask = mask
        o.margin = max(0, margin)
        o.fill = fill
        o.frames = all ? .every : frames
        o.preCheck = !(noPrecheck || all)
        o.undecodable = undecodable
        o.keepOverlays = keepOverlays
        // One redactor (with its own engines) per job: engines are not thread safe. All are
        // made now, at the same time (JobSlots); a missing model is a fatal error before any
        // record.
        let workers = max(1, min(jobs ?? min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8), 64))
        let debugWords = getenv("DCM_PIXELS_DEBUG_WORDS") != nil
        let debugDir = getenv("DCM_PIXELS_DEBUG_DIR").map { String(cString: $0) }
        let make = { [o, ocrThreads, tessdata] (j: Int) throws -> PixelRedactor in
            let helpers = try (1..<max(1, ocrThreads)).map { _ in try OCREngine(dataPath: tessdata) }
            let redactor = PixelRedactor(options: o, engine: try OCREngine(dataPath: tessdata), helpers: helpers)
            if debugWords {
                redactor.debugWords = { ws in for w in ws { Diagnostics.message("word \(w.line) \(w.box) \(Int(w.confidence)): \(w.text)") } }
            }
            if let dir = debugDir {
                var n = 0
                redactor.debugDump = { img in
                    n += 1
                    let header = Array("P5\n\(img.width) \(img.height)\n255\n".utf8)
                    if let f = fopen("\(dir)/ocr-\(j)-\(n).pgm", "wb") {
                        _ = (header + img.pixels).withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
                        fclose(f)
                    }
                }
            }
            return redactor
        }
        let redactors: JobSlots<PixelRedactor>
        do { redactors = try JobSlots(count: workers, make: make) } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        let settings: [(String, JSON)] = [
            ("policy", .string(o.policy.rawValue)), ("mask", .string(o.mask.rawValue)),
            ("frames", .string(o.frames.rawValue)), ("precheck", .bool(o.preCheck))
        ]
        // A resumed run: images whose output is there already are not read again (OCR is
        // most of the cost); dcm-write --skip-existing then counts them as done.
        var existing: OutputTree? = nil
        if let dir = skipExisting {
            do { existing = try OutputTree(root: dir, layout: layout) } catch { Diagnostics.message("\(error)"); exitWith(.fatal) }
        }
        let written = { [existing] (r: Record) -> String? in
            guard let existing, DeidState.hasPixelData(r.file.dataset) else { return nil }
            return existing.existingFile(for: r)
        }
        StageMain.run(
            stage: "dcm-redact-pixels", verbose: messages.verbose,
            needsBulk: { written($0) == nil && redactors.first.wantsPixels($0) }, workers: workers,
            transform: { record, worker in
                if written(record) != nil {
                    var deid = record.deid
                    deid.leaveOutstanding(.cleanPixels, note: "not read: its output exists (--skip-existing)")
                    deid.notes[DeidState.outputExistsNote] = "1"
                    record.deid = deid
                    Diagnostics.info("\(record.source): not read (its output exists)")
                    return
                }
                var t0 = timespec(), t1 = timespec()
                clock_gettime(CLOCK_MONOTONIC, &t0)
                let r = try redactors.slot(worker).redact(&record)
                clock_gettime(CLOCK_MONOTONIC, &t1)
                let ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1_000_000
                for w in r.warnings { Diagnostics.message("\(record.source): warning: \(w)") }
                var s = settings
                s.append(("examined", .bool(r.examined)))
                if r.examined { s.append(("masked", .number(String(r.boxesMasked)))) }
                // Why Clean Pixel Data is done without a read, or left outstanding.
                let note = record.deid.notes[DeidState.Step.cleanPixels.rawValue]
                if !r.examined, let note { s.append(("pixels", .string(note))) }
                if let c = r.convertedTo { s.append(("reencoded", .string(c))) }
                record.noteStage("dcm-redact-pixels", settings: s)
                Diagnostics.info(
                    "\(record.source): \(r.examined ? "read \(r.framesRead) frame(s), \(r.wordsFound) words, \(r.boxesMasked) masked" : "not read (\(DeidState.hasPixelData(record.file.dataset) ? note ?? r.reason : "no pixel data"))") in \(ms) ms"
                )
            })
    }
}

DcmRedactPixels.runAsTool()
