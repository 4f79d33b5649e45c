import DeidPixels
import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMPixels
import DICOMStream

/// Text recognized in an output's pixels, for `dcm-audit --ocr`, read twice:
/// 1. the way dcm-redact-pixels reads: its decoders (every transfer syntax it handles),
///    every frame under its frame scheme, its text pre-check, and the same pictures
///    (regions enlarged, light text inverted, the extreme views of noisy frames, second
///    reads of what the first left unread), on every image (policy `all`), whatever Burned
///    In Annotation says: the audit reads at least what the pixel stage reads;
/// 2. independently of the stage's choices: the first frame whole, its range stretched,
///    narrow ones enlarged twice, read as sparse text in both polarities. This finds text
///    the stage's pre-check or views missed (names left in low-contrast MR and CT images
///    of the dev set);
/// 3. by other programs, when installed (`ExternalOCR`: dcmj2pnm and tesseract).
/// Each read finds names the others miss. Not thread safe: one per thread.
public final class PixelOCR {
    /// What was read in one image.
    public struct Reading: Sendable {
        /// The words read, one line of text per line of the image.
        public var text = ""
        public var words = 0
        public var framesRead = 0
        /// Whether dcm-redact-pixels' decoders decoded it.
        public var decoded = false
        /// Why the image was not read, or not reliably (nil when it was): never a value
        /// of the image.
        public var unreliable: String?
        public init(unreliable: String? = nil) { self.unreliable = unreliable }
    }

    let redactor: PixelRedactor
    let engine: OCREngine
    /// The third read; nil when dcmj2pnm or tesseract is missing.
    public let external = ExternalOCR()

    /// Loads Tesseract's model (`tessdata`: its directory; default: where dcm-redact-pixels
    /// looks). Throws when the model is missing.
    public init(tessdata: String? = nil) throws {
        var o = RedactionOptions()
        o.policy = .all
        o.undecodable = .fail
        engine = try OCREngine(dataPath: tessdata)
        redactor = PixelRedactor(options: o, engine: engine)
    }

    /// Words of lower confidence than this, among words of three letters or digits or
    /// more, make an image's reading unreliable (the pixel stage's own "sure" threshold).
    public static let reliableConfidence = OCRWord.sureConfidence

    /// Reads the image of `file` (nothing is changed in it); `path`, where the file is
    /// stored, for the external read.
    public func read(_ file: DICOMFile, path: String? = nil) -> Reading {
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
            words += ws.map {
                var w = $0; w.line += base; return w
            }
        }
        defer { redactor.debugWords = nil }
        // The stage's own read, on a copy: what it would mask is thrown away with it.
        var record = Record(source: "-", file: file)
        do {
            r.framesRead = try redactor.redact(&record).framesRead
            r.decoded = true
        } catch {
            r.unreliable = "not decoded: \(error)"
        }
        // Reliability is judged on the stage's reading; the whole-frame read of a noisy
        // frame is mostly clutter.
        let stageWords = words
        if r.decoded, let whole = try? wholeFrameWords(file) {
            let base = (words.map(\.line).max() ?? -1) + 1
            words += whole.map {
                var w = $0; w.line += base; return w
            }
        }
        r.words = words.count
        r.text = Self.lines(words)
        // Other decoders: an image ours cannot decode is still read when dcmtk can.
        if let external, let path, let text = external.text(ofFile: path, columns: file.dataset.uint(Tag.columns).map(Int.init)) {
            r.text += "\n" + text
            if !r.decoded { r.unreliable! += " (read by dcmj2pnm and tesseract only)" }
        }
        let unsure = stageWords.filter { w in
            w.confidence < Self.reliableConfidence
                && w.text.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.count >= 3
        }
        if r.decoded, !unsure.isEmpty {
            r.unreliable = "\(unsure.count) of \(stageWords.count) words read with low confidence"
        }
        return r
    }

    /// The independent read (2. above).
    func wholeFrameWords(_ file: DICOMFile) throws -> [OCRWord] {
        var img = Self.stretched(try PixelRedactor.frameImage(Record(source: "-", file: file)))
        if img.width < 1024 { img = img.upscaled(2) }
        // Both polarities: light text on a bright image is as common as on a dark one.
        let first = engine.words(in: img, sparse: true)
        let base = (first.map(\.line).max() ?? -1) + 1
        return first
            + engine.words(in: img.inverted(), sparse: true).map {
                var w = $0; w.line += base; return w
            }
    }

    /// The image's range of values stretched over 0...255 (a min-max window).
    static func stretched(_ g: GrayImage) -> GrayImage {
        guard let lo = g.pixels.min(), let hi = g.pixels.max(), hi > lo, hi - lo < 255 else { return g }
        let span = Int(hi - lo)
        return GrayImage(width: g.width, height: g.height, pixels: g.pixels.map { UInt8((Int($0 - lo) * 255) / span) })
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
