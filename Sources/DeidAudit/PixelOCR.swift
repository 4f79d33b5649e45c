import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
import DeidPixels

/// Text recognized in an output's pixels, for `dcm-audit --ocr`, read the way
/// dcm-redact-pixels reads: its decoders (every transfer syntax it handles), every frame
/// under its frame scheme, its text pre-check, and the same pictures (regions enlarged,
/// light text inverted, the extreme views of noisy frames, second reads of what the first
/// left unread). So the audit reads at least what the pixel stage reads, and on every image
/// (policy `all`), whatever Burned In Annotation says. Not thread safe: one per thread.
public final class PixelOCR {
    /// What was read in one image.
    public struct Reading: Sendable {
        /// The words read, one line of text per line of the image.
        public var text = ""
        public var words = 0
        public var framesRead = 0
        /// Why the image was not read, or not reliably (nil when it was): never a value
        /// of the image.
        public var unreliable: String?
        public init(unreliable: String? = nil) { self.unreliable = unreliable }
    }

    let redactor: PixelRedactor

    /// Loads Tesseract's model (`tessdata`: its directory; default: where dcm-redact-pixels
    /// looks). Throws when the model is missing.
    public init(tessdata: String? = nil) throws {
        var o = RedactionOptions()
        o.policy = .all
        o.undecodable = .fail
        redactor = PixelRedactor(options: o, engine: try OCREngine(dataPath: tessdata))
    }

    /// Words of lower confidence than this, among words of three letters or digits or
    /// more, make an image's reading unreliable (the pixel stage's own "sure" threshold).
    public static let reliableConfidence = OCRWord.sureConfidence

    /// Reads the image of `file` (nothing is changed in it).
    public func read(_ file: DICOMFile) -> Reading {
        var r = Reading()
        guard DeidState.hasPixelData(file.dataset) else { return r }
        guard file.dataset[.pixelData] != nil else {
            r.unreliable = "float pixel data: not read"
            return r
        }
        var words: [OCRWord] = []
        // One call per frame, each numbering its lines from 0.
        redactor.debugWords = { ws in
            let base = (words.map(\.line).max() ?? -1) + 1
            words += ws.map { var w = $0; w.line += base; return w }
        }
        defer { redactor.debugWords = nil }
        // The stage's own read, on a copy: what it would mask is thrown away with it.
        var record = Record(source: "-", file: file)
        do {
            let report = try redactor.redact(&record)
            r.framesRead = report.framesRead
        } catch {
            r.unreliable = "not decoded: \(error)"
            return r
        }
        r.words = words.count
        r.text = Self.lines(words)
        let unsure = words.filter { w in
            !w.isSure && w.text.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.count >= 3
        }
        if !unsure.isEmpty {
            r.unreliable = "\(unsure.count) of \(words.count) words read with low confidence"
        }
        return r
    }

    /// The words as text, one line of the image per line of text (values split over words
    /// are matched within a line).
    static func lines(_ words: [OCRWord]) -> String {
        var byLine: [Int: [OCRWord]] = [:]
        for w in words { byLine[w.line, default: []].append(w) }
        return byLine.keys.sorted().map { k in
            byLine[k]!.sorted { $0.box.x < $1.box.x }.map(\.text).joined(separator: " ")
        }.joined(separator: "\n")
    }
}
