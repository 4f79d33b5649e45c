import Synchronization
import Dispatch
import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
import DcmToolSupport
#if canImport(Glibc)
import Glibc
#endif

/// A leak audit: reads the originals, then searches every output for their identifying
/// values, optionally in OCR text of the pixels, and compares dciodvfy errors.
public struct Audit {
    public struct Options: Sendable {
        public var ignored: Set<ValueKind> = []
        /// Recognize text in output pixels, read as dcm-redact-pixels reads them.
        public var ocr = false
        /// Directory of Tesseract's eng.traineddata (default: where dcm-redact-pixels looks).
        public var tessdata: String?
        /// Run dciodvfy on originals and outputs when it is installed.
        public var verify = true
        /// Parallel OCR and dciodvfy processes.
        public var jobs = 2
        /// New-to-old UID pairs (uid_mapping.csv read backwards), to pair outputs with originals.
        public var uidMap: [String: String] = [:]
        /// Words that identify nobody in this collection (`--allow`).
        public var allowedWords: Set<String> = []
        public init() {}
    }

    /// Counts for the summary.
    public struct Summary: Sendable {
        public var originals = 0
        public var originalsUnreadable = 0
        public var outputs = 0
        public var outputsUnreadable = 0
        public var outputsPaired = 0
        /// Outputs with at least one leak (text or pixels).
        public var outputsWithLeaks: Int { leakyOutputs.count }
        var leakyOutputs = Set<String>()
        public var leaks = 0
        public var leaksByKind: [ValueKind: Int] = [:]
        /// Images read by OCR.
        public var ocrFiles = 0
        /// Images OCR could not decode.
        public var ocrFailed = 0
        /// Images not read, or not reliably (output, why): look at them.
        public var ocrUnreliable: [(output: String, why: String)] = []
        /// Why OCR or dciodvfy did not run, when asked or expected.
        public var notes: [String] = []
        public var verify: VerifySummary?
        /// Identifying values searched for, by kind.
        public var valuesByKind: [ValueKind: Int] = [:]

        public init() {}

        public var json: JSON {
            func counts(_ d: [ValueKind: Int]) -> JSON {
                .object(d.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .number(String($0.value))) })
            }
            var m: [(String, JSON)] = [
                ("originals", .number(String(originals))), ("originals_unreadable", .number(String(originalsUnreadable))),
                ("outputs", .number(String(outputs))), ("outputs_unreadable", .number(String(outputsUnreadable))),
                ("outputs_paired", .number(String(outputsPaired))),
                ("outputs_with_leaks", .number(String(outputsWithLeaks))), ("leaks", .number(String(leaks))),
                ("leaks_by_kind", counts(leaksByKind)), ("values_searched", counts(valuesByKind))
            ]
            if ocrFiles > 0 || ocrFailed > 0 {
                m.append(("ocr_files", .number(String(ocrFiles))))
                m.append(("ocr_failed", .number(String(ocrFailed))))
                m.append(
                    (
                        "ocr_unreliable",
                        .array(
                            ocrUnreliable.map {
                                .object([("output", .string($0.output)), ("why", .string($0.why))])
                            })
                    ))
            }
            if !notes.isEmpty { m.append(("notes", .array(notes.map { .string($0) }))) }
            var out: [(String, JSON)] = [("summary", .object(m))]
            if let v = verify {
                out.append(
                    (
                        "dciodvfy",
                        .object([
                            ("pairs", .number(String(v.pairs))), ("unpaired", .number(String(v.unpaired))),
                            ("original_errors", .number(String(v.originalErrors))),
                            ("output_errors", .number(String(v.outputErrors))),
                            ("outputs_with_new_errors", .number(String(v.filesWithNewErrors))),
                            ("failures", .number(String(v.failures))),
                            (
                                "new_errors",
                                .object(
                                    v.newErrors.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                                        .map { ($0.key, .number(String($0.value))) })
                            )
                        ])
                    ))
            }
            return .object(out)
        }
    }

    public var options: Options
    public var reader = Part10Reader()
    /// Called for every leak as soon as it is found (in output order).
    public var onLeak: (Leak) -> Void = { _ in }
    /// Called for inputs that cannot be read: (path, reason). Reasons never carry values.
    public var onProblem: (String, String) -> Void = { _, _ in }

    public init(options: Options = Options()) { self.options = options }

    /// An output that was scanned, kept for OCR and dciodvfy.
    struct Scanned {
        var path: String
        var originalPath: String?
        var hasPixels: Bool
        var local: NeedleIndex?
    }

    /// Reads the originals (files and directories); `paired` keeps dates file-scoped.
    public func loadOriginals(_ paths: [String], paired: Bool, summary: inout Summary) -> (Originals, [String: String]) {
        var originals = Originals(paired: paired, allowed: options.allowedWords)
        var pathBySOP: [String: String] = [:]
        let files = InputWalker.expand(paths) { p, why in
            onProblem(p, why); summary.originalsUnreadable += 1
        }
        for f in files where f.path != "-" {
            do {
                let file = try reader.read(contentsOf: f.path)
                let real = OutputTree.realPath(f.path) ?? f.path
                originals.add(file, path: real)
                if let sop = file.dataset.string(.sopInstanceUID)?.trimmingUIDPadding(), pathBySOP[sop] == nil {
                    pathBySOP[sop] = f.path
                }
                summary.originals += 1
            } catch let e as DICOMReadError where e.kind == .notDICOM {
                continue
            } catch {
                summary.originalsUnreadable += 1
                onProblem(f.path, "\(error)")
            }
        }
        summary.valuesByKind = originals.counts
        return (originals, pathBySOP)
    }

    /// Audits output files and directories against the originals.
    public func run(originals originalPaths: [String], outputs: [String]) -> Summary {
        var summary = Summary()
        let paired = !options.uidMap.isEmpty
        let (originals, pathBySOP) = loadOriginals(originalPaths, paired: paired, summary: &summary)
        let scanner = LeakScanner(originals: originals, ignored: options.ignored)
        var scanned: [Scanned] = []
        let files = InputWalker.expand(outputs) { p, why in
            onProblem(p, why); summary.outputsUnreadable += 1
        }
        for f in files where f.path != "-" {
            let file: DICOMFile
            do { file = try reader.read(contentsOf: f.path) } catch let e as DICOMReadError where e.kind == .notDICOM { continue } catch {
                summary.outputsUnreadable += 1; onProblem(f.path, "\(error)"); continue
            }
            let sop = file.dataset.string(.sopInstanceUID)?.trimmingUIDPadding()
            let local = scanner.local(outputSOP: sop, uidMap: options.uidMap)
            let oldSOP = sop.map { options.uidMap[$0] ?? $0 }
            let originalPath = oldSOP.flatMap { pathBySOP[$0] }
            if local != nil || originalPath != nil { summary.outputsPaired += 1 }
            summary.outputs += 1
            let leaks = scanner.scan(file, output: f.path, local: local)
            note(leaks, in: &summary)
            scanned.append(
                Scanned(
                    path: f.path, originalPath: originalPath,
                    hasPixels: DeidState.hasPixelData(file.dataset), local: local))
        }
        if options.ocr { runOCR(scanned, scanner: scanner, summary: &summary) }
        if options.verify { runVerify(scanned, originalPaths: originalPaths, summary: &summary) }
        return summary
    }

    /// Audits a dcm-stream (e.g. the output of dcm-redact-pixels) read from `fd`. Records
    /// are paired with originals by their source path; values handed down in the record's
    /// `deid.phi` are searched for in that record too.
    public func run(originals originalPaths: [String], streamFD fd: Int32) throws -> Summary {
        var summary = Summary()
        let (originals, _) = loadOriginals(originalPaths, paired: true, summary: &summary)
        let scanner = LeakScanner(originals: originals, ignored: options.ignored)
        let input = try StreamReader(fd: fd)
        var ocrTemp: [Scanned] = []
        defer { for s in ocrTemp { unlink(s.path) } }
        while let item = try input.next() {
            guard case .record(let header) = item else { continue }
            var record: Record
            do { record = try RecordCodec.decode(header) } catch { summary.outputsUnreadable += 1; onProblem("-", "\(error)"); continue }
            try input.loadBulk(into: &record)
            let real = OutputTree.realPath(record.source) ?? record.source
            var local =
                scanner.local(
                    outputSOP: record.file.dataset.string(.sopInstanceUID)?.trimmingUIDPadding(),
                    originalPath: real) ?? NeedleIndex()
            local.add(contentsOf: IdentifyingValues.needles(fromPHI: record.deid.phi))
            summary.outputs += 1
            if originals.byPath[real] != nil { summary.outputsPaired += 1 }
            note(scanner.scan(record.file, output: record.source, local: local), in: &summary)
            if options.ocr, DeidState.hasPixelData(record.file.dataset),
                let tmp = writeTemporary(record.file)
            {
                // OCR runs after the stream is read, on temporary copies removed at the end.
                ocrTemp.append(Scanned(path: tmp, originalPath: record.source, hasPixels: true, local: local))
            }
        }
        if options.ocr {
            runOCR(ocrTemp, scanner: scanner, summary: &summary, label: { $0.originalPath ?? $0.path })
        }
        if options.verify { summary.notes.append("dciodvfy not run on a stream (audit the written files for that)") }
        return summary
    }

    func note(_ leaks: [Leak], in summary: inout Summary) {
        guard let first = leaks.first else { return }
        summary.leakyOutputs.insert(first.output)
        summary.leaks += leaks.count
        for l in leaks { summary.leaksByKind[l.kind, default: 0] += 1; onLeak(l) }
    }

    func writeTemporary(_ file: DICOMFile) -> String? {
        var f = file
        if f.preamble == nil { f.preamble = [UInt8](repeating: 0, count: 128) }
        guard let bytes = try? Part10Writer().encode(f) else { return nil }
        var template = Array("/tmp/dcm-audit.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var pos = 0
        while pos < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + pos, bytes.count - pos) }
            if n <= 0 { if n < 0 && errno == EINTR { continue }; unlink(path); return nil }
            pos += n
        }
        return path
    }

    /// OCR of every output with pixel data, `jobs` at a time, each thread with its own
    /// engine. Outputs that cannot be read (again), decoded or read reliably are listed.
    func runOCR(
        _ scanned: [Scanned], scanner: LeakScanner, summary: inout Summary,
        label: (Scanned) -> String = { $0.path }
    ) {
        let todo = scanned.filter(\.hasPixels)
        guard !todo.isEmpty else { return }
        do {
            if try PixelOCR(tessdata: options.tessdata).external == nil {
                summary.notes.append("OCR: dcmj2pnm or tesseract not installed: images read by dcm-redact-pixels' decoders only")
            }
        } catch {
            summary.notes.append("OCR skipped: \(error)")
            return
        }
        let reader = self.reader, tessdata = options.tessdata
        let readings = parallelMap(todo, jobs: options.jobs, worker: { try? PixelOCR(tessdata: tessdata) }) { ocr, s -> PixelOCR.Reading in
            guard let ocr else { return PixelOCR.Reading(unreliable: "not read: OCR engine not started") }
            do { return ocr.read(try reader.read(contentsOf: s.path), path: s.path) } catch {
                return PixelOCR.Reading(unreliable: "not read: \(error)")
            }
        }
        for (s, r) in zip(todo, readings) {
            if r.decoded { summary.ocrFiles += 1 } else if r.unreliable != nil { summary.ocrFailed += 1 }
            if let why = r.unreliable { summary.ocrUnreliable.append((label(s), why)) }
            note(scanner.scan(ocrText: r.text, output: label(s), local: s.local), in: &summary)
        }
    }

    func runVerify(_ scanned: [Scanned], originalPaths: [String], summary: inout Summary) {
        guard let tool = Dciodvfy() else {
            summary.notes.append("dciodvfy not installed: conformance not compared")
            return
        }
        var v = VerifySummary()
        let pairs = scanned.compactMap { s in s.originalPath.map { ($0, s.path) } }
        let results = parallelMap(pairs, jobs: options.jobs) { (original, output) -> ([String]?, [String]?) in
            (tool.errors(ofFile: original), tool.errors(ofFile: output))
        }
        for (o, n) in results {
            guard let o, let n else { v.failures += 1; continue }
            v.add(original: o, output: n)
        }
        let unpaired = scanned.filter { $0.originalPath == nil }
        if !unpaired.isEmpty {
            var origFiles: [String] = []
            for f in InputWalker.expand(originalPaths, onError: { _, _ in }) where f.path != "-" { origFiles.append(f.path) }
            let o = parallelMap(origFiles, jobs: options.jobs) { tool.errors(ofFile: $0) }
            let n = parallelMap(unpaired, jobs: options.jobs) { tool.errors(ofFile: $0.path) }
            v.failures += o.filter { $0 == nil }.count + n.filter { $0 == nil }.count
            v.addUnpaired(originals: o.compactMap { $0 }, outputs: n.compactMap { $0 })
        }
        summary.verify = v
    }
}

/// `transform` applied to every element by `jobs` threads; results in input order.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> R) -> [R] {
    parallelMap(items, jobs: jobs, worker: {}) { _, item in transform(item) }
}

/// `transform` applied to every element by `jobs` threads, each with its own worker value
/// made on that thread by `worker` (an OCR engine, which is not thread safe, so `W` need
/// not be Sendable: it never leaves its thread); results in input order.
func parallelMap<T: Sendable, W, R: Sendable>(
    _ items: [T], jobs: Int, worker: @escaping @Sendable () -> W,
    _ transform: @escaping @Sendable (inout W, T) -> R
) -> [R] {
    guard !items.isEmpty else { return [] }
    // Each slot is filled once, by the worker that took its item; the lock is taken once
    // per item, next to work (OCR, dciodvfy) that takes far longer.
    let results = Mutex([R?](repeating: nil, count: items.count))
    // The next item to take.
    let next = Mutex(0)
    let workers = max(1, min(jobs, items.count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        var w = worker()
        while true {
            let i: Int = next.withLock { n in
                defer { n += 1 }; return n
            }
            guard i < items.count else { return }
            let r = transform(&w, items[i])
            results.withLock { $0[i] = r }
        }
    }
    return results.withLock { $0.map { $0! } }
}
