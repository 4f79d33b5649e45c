import DcmToolSupport
import DeidAudit
import DeidPixels
import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMPixels
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

/// What to review and how to show it.
public struct ReviewOptions: Sendable {
    public var originals: [String] = []
    public var outputs: [String] = []
    public var reportDir = ""
    /// New-to-old UID pairs (uid_mapping.csv read backwards).
    public var uidMap: [String: String] = [:]
    /// dcm-write's --report file (failed records with reasons).
    public var writeReport: String?
    /// Leave out the before thumbnails (they show the burned-in PHI).
    public var noBefore = false
    /// Show header values and leaked values (PHI: for the operator only).
    public var showValues = false
    /// Images per page of a series.
    public var pageSize = 200
    /// Long side of the before/after thumbnails, and of the unchanged ones.
    public var thumbSide = 192
    public var smallSide = 96
    /// Changed frames shown per multi-frame image.
    public var framesShown = 3
    public init() {}
}

/// Pairs outputs with originals, compares them, writes thumbnails, and finds leaks.
public struct Review {
    public var options: ReviewOptions
    public var reader = Part10Reader()
    /// Hears of files that cannot be read: (path, reason); reasons carry no values.
    public var onProblem: (String, String) -> Void = { _, _ in }

    public init(options: ReviewOptions) { self.options = options }

    /// Runs the review and writes the thumbnails into `options.reportDir/img`.
    public func run() throws -> ReviewResult {
        var result = ReviewResult(options: options)
        try makeDirectory(options.reportDir)
        try makeDirectory(options.reportDir + "/img")

        // Originals by SOP Instance UID (paths only: files are read again when paired).
        var originalBySOP: [String: String] = [:]
        var originalPaths: [String] = []
        for f in InputWalker.expand(
            options.originals,
            onError: { p, why in
                onProblem(p, why); result.originalsUnreadable += 1
            })
        where f.path != "-" {
            do {
                let file = try reader.read(contentsOf: f.path)
                if BasicDirectory.isDirectory(file) { continue }
                result.originals += 1
                originalPaths.append(f.path)
                if let sop = file.dataset.string(.sopInstanceUID)?.uidTrimmed(), originalBySOP[sop] == nil {
                    originalBySOP[sop] = f.path
                }
            } catch let e as DICOMReadError where e.kind == .notDICOM {
                continue
            } catch {
                result.originalsUnreadable += 1; onProblem(f.path, "\(error)")
            }
        }

        var seriesIndex: [String: Int] = [:]
        var pairedOriginals = Set<String>()
        var number = 0
        for f in InputWalker.expand(
            options.outputs,
            onError: { p, why in
                onProblem(p, why); result.outputsUnreadable += 1
            })
        where f.path != "-" {
            let out: DICOMFile
            do { out = try reader.read(contentsOf: f.path) } catch let e as DICOMReadError where e.kind == .notDICOM { continue } catch {
                result.outputsUnreadable += 1; onProblem(f.path, "\(error)"); continue
            }
            if BasicDirectory.isDirectory(out) { continue }
            number += 1
            result.outputs += 1
            let ds = out.dataset
            let sop = ds.string(.sopInstanceUID)?.uidTrimmed() ?? ""
            let originalPath = originalBySOP[options.uidMap[sop] ?? sop]
            var original: DICOMFile?
            if let p = originalPath {
                do { original = try reader.read(contentsOf: p); pairedOriginals.insert(p); result.paired += 1 } catch { onProblem(p, "\(error)") }
            }
            let study = ds.string(Tag.studyInstanceUID)?.uidTrimmed() ?? "(no study UID)"
            let seriesUID = ds.string(Tag.seriesInstanceUID)?.uidTrimmed() ?? "(no series UID)"
            let key = study + "\u{0}" + seriesUID
            if seriesIndex[key] == nil {
                seriesIndex[key] = result.series.count
                result.series.append(
                    SeriesEntry(
                        study: study, series: seriesUID,
                        modality: ds.string(Tag.modality)?.trimmingSpaces() ?? "",
                        seriesNumber: ds.string(Tag.seriesNumber)?.trimmingSpaces() ?? ""))
            }
            let si = seriesIndex[key]!
            var entry = FileEntry(number: number, output: f.path, original: originalPath, pixels: .notRead("no original paired"))
            if let method = ds.string(Tag.deidentificationMethod)?.trimmingSpaces(), !method.isEmpty { result.series[si].methods.insert(method) }
            for item in ds[Tag.deidentificationMethodCodeSequence]?.items ?? [] {
                let code = [item.string(Tag.codeValue), item.string(Tag.codingSchemeDesignator), item.string(Tag.codeMeaning)]
                    .map { ($0 ?? "").trimmingSpaces() }
                result.series[si].methodCodes.insert("\(code[0]) (\(code[1])) \(code[2])")
            }
            if let r = ds.string(Tag.patientIdentityRemoved)?.trimmingSpaces() { result.series[si].identityRemoved.insert(r) }
            if let original {
                let changes = HeaderDiff.compare(original.dataset, ds, keepUnchanged: false)
                entry.changes = changes.count
                result.series[si].add(changes)
                for c in changes { result.actionTotals[c.action, default: 0] += 1 }
                for (b, kept) in HeaderDiff.privateBlocks(original.dataset, ds) {
                    var v = result.series[si].privateBlocks[b] ?? (0, 0)
                    if kept { v.kept += 1 } else { v.removed += 1 }
                    result.series[si].privateBlocks[b] = v
                }
                reviewPixels(original, out, into: &entry)
            }
            result.series[si].files.append(entry)
        }
        result.unpairedOriginals = originalPaths.filter { !pairedOriginals.contains($0) }
        if let wr = options.writeReport { try readWriteReport(wr, into: &result) }
        result.leaks = findLeaks()
        let leakCount = Dictionary(grouping: result.leaks, by: \.output).mapValues(\.count)
        for s in result.series.indices {
            for f in result.series[s].files.indices { result.series[s].files[f].leaks = leakCount[result.series[s].files[f].output] ?? 0 }
        }
        result.series.sort { ($0.study, Int($0.seriesNumber) ?? Int.max, $0.series) < ($1.study, Int($1.seriesNumber) ?? Int.max, $1.series) }
        return result
    }

    /// Leaks as dcm-audit finds them (header text only: OCR and dciodvfy are dcm-audit's).
    func findLeaks() -> [Leak] {
        var o = Audit.Options()
        o.verify = false
        o.uidMap = options.uidMap
        var audit = Audit(options: o)
        let box = LeakBox()
        audit.onLeak = { box.leaks.append($0) }
        _ = audit.run(originals: options.originals, outputs: options.outputs)
        return box.leaks
    }

    /// dcm-write's report: `{"error":{source,stage,message,cause}}` lines and a summary line.
    func readWriteReport(_ path: String, into result: inout ReviewResult) throws {
        guard let f = fopen(path, "r") else { throw ToolError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { fclose(f) }
        let text = InputWalker.readAll(fd: fileno(f))
        for line in text.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let j = try? JSONParser.parse(Array(line)) else { continue }
            if let e = ErrorRecord(json: j) {
                result.refusals.append(
                    Refusal(source: e.source, stage: e.stage, message: e.message, cause: FailureTally.cause(of: e).label))
            } else if let s = j["summary"] {
                func n(_ k: String) -> Int { if case .number(let v)? = s[k] { return Int(v) ?? 0 }; return 0 }
                let prev = result.writeSummary ?? (0, 0, 0)
                // One report file may collect several runs: their summaries add up.
                result.writeSummary = (prev.records + n("records"), prev.written + n("written"), prev.failed + n("failed"))
            }
        }
    }

    func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw ToolError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Collects leaks from the audit's callback.
final class LeakBox: @unchecked Sendable { var leaks: [Leak] = [] }

extension String {
    /// A UI value without its trailing NUL or space padding.
    func uidTrimmed() -> String {
        var s = Substring(self)
        while let c = s.last, c == "\u{0}" || c == " " { s.removeLast() }
        return String(s)
    }
}
