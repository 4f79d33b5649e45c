import CTesseract
import DICOMPixels
#if canImport(Glibc)
import Glibc
#endif

/// A word read by OCR, with its box in the coordinates of the image given to the engine.
public struct OCRWord: Sendable, Equatable {
    public var text: String
    public var box: PixelRect
    public var confidence: Float
    /// Index of the text line the word belongs to (words of one line share it).
    public var line: Int
    public init(text: String, box: PixelRect, confidence: Float, line: Int) {
        self.text = text; self.box = box; self.confidence = confidence; self.line = line
    }

    /// Confidence from which a word is taken as read; below it a word may be a misread
    /// one (read again in the second pass, joined to a name part beside it).
    public static let sureConfidence: Float = 40
    public var isSure: Bool { confidence >= Self.sureConfidence }
}

public struct OCRError: Error, CustomStringConvertible {
    public var description: String
}

/// Keeps Tesseract's OpenMP loops on the calling thread. Its LSTM loops ask for a fixed
/// team size (`num_threads(n)`), which `omp_set_num_threads` does not cap and only the
/// OMP_THREAD_LIMIT environment variable (read when libgomp loads) would: the idle team
/// members spin, costing several times the CPU of the recognition itself. A limit of zero
/// active parallel levels makes every parallel region run with a team of one. Looked up at
/// run time so a Tesseract built without OpenMP needs nothing.
enum OpenMP {
    private typealias SetInt = @convention(c) (Int32) -> Void
    private static let setMaxActiveLevels: SetInt? = {
        guard let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "omp_set_max_active_levels") else { return nil }
        return unsafeBitCast(f, to: SetInt.self)
    }()

    /// Serial OpenMP for the calling thread (the setting may be per thread).
    static func serialize() {
        omp_set_num_threads(1)
        setMaxActiveLevels?(0)
    }
}

/// A Tesseract engine (C API), created once and reused for every image. Not thread
/// safe: use one per thread.
public final class OCREngine {
    private let api: OpaquePointer
    private var nextLine = 0
    /// The model loaded (language and where it was found), part of every cache key.
    private let modelName: String

    /// Loads the language model from `dataPath` (default: Tesseract's own search path,
    /// then /usr/share/tesseract-ocr/5/tessdata).
    public init(language: String = "eng", dataPath: String? = nil) throws {
        OpenMP.serialize()
        _ = setMsgSeverity(Int32(L_SEVERITY_NONE))  // Leptonica's messages would go to stderr
        guard let api = TessBaseAPICreate() else { throw OCRError(description: "cannot create the Tesseract engine") }
        self.api = api
        var candidates: [String?] = [dataPath]
        if dataPath == nil { candidates = [nil, "/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"] }
        var ok = false
        // LSTM only: the legacy classifier's tables are never loaded.
        var found: String? = nil
        for c in candidates where TessBaseAPIInit2(api, c, language, OEM_LSTM_ONLY) == 0 { ok = true; found = c; break }
        guard ok else {
            TessBaseAPIDelete(api)
            throw OCRError(description: "cannot load the Tesseract '\(language)' model (install tesseract-ocr-\(language) or set --tessdata)")
        }
        modelName = "\(language)@\(found ?? "-")"
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
    }

    deinit { TessBaseAPIEnd(api); TessBaseAPIDelete(api) }

    /// Words found in `image` (dark text on light works best), boxes mapped by
    /// `(box / scale) + origin` (widened to whole pixels), so callers can pass crops and
    /// enlargements. A picture read before in this process with the same settings is not
    /// read again: its reading comes from `cache`.
    /// `invertBelow`: mean confidence (0-1) under which a line is read again inverted
    /// (0: never); by default never in sparse mode, `autoInvertBelow` in automatic mode.
    public func words(
        in image: GrayImage, sparse: Bool = true, invertBelow: Double? = nil, scale: PictureScale = 1,
        origin: (x: Double, y: Double) = (0, 0)
    ) -> [OCRWord] {
        guard image.width >= 3, image.height >= 3 else { return [] }
        let invert = invertBelow ?? (sparse ? 0 : Self.autoInvertBelow)
        let reading: OCRReading?
        if let cache {
            let key = OCRCache.key(image, settings: settings(sparse: sparse, invertBelow: invert))
            if let hit = cache.reading(key) {
                reading = hit
            } else {
                reading = recognize(image, sparse: sparse, invertBelow: invert)
                if let reading { cache.insert(key, reading) }
            }
        } else {
            reading = recognize(image, sparse: sparse, invertBelow: invert)
        }
        guard let reading else { return [] }
        // Lines are numbered on from the engine's previous call, cached or not.
        let base = nextLine
        nextLine += reading.lines
        let sx = scale.x > 0 ? scale.x : 1, sy = scale.y > 0 ? scale.y : 1
        return reading.words.map { w in
            let x0 = Int((Double(w.left) / sx + origin.x).rounded(.down)), y0 = Int((Double(w.top) / sy + origin.y).rounded(.down))
            let x1 = Int((Double(w.right) / sx + origin.x).rounded(.up)), y1 = Int((Double(w.bottom) / sy + origin.y).rounded(.up))
            return OCRWord(
                text: w.text, box: PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0),
                confidence: w.confidence, line: base + w.line)
        }
    }

    /// Shared results of earlier calls (nil: every call reads).
    public var cache: OCRCache? = OCRCache.shared
    /// Pictures Tesseract actually read (calls answered by the cache not counted).
    public private(set) var recognitions = 0

    /// What Tesseract's last recognition cost (for DCM_PIXELS_DEBUG_CALLS and
    /// bench/readcost.sh): the text lines it returned and the sum of their widths over
    /// their heights times 36, the LSTM's input height: the columns its network steps
    /// through, which its time follows (dev set: correlation 0.93 with the CPU time of a
    /// call, about 22 ms per thousand steps); and how many of those steps went to lines
    /// read with a confidence under 50 (junk: speckle, texture, edges).
    /// Measured only when `measuresCost` is set: walking the lines again is debugging work.
    public private(set) var lastCost = RecognitionCost()
    /// Whether recognitions measure `lastCost` (on by DCM_PIXELS_DEBUG_CALLS).
    public var measuresCost = DebugEnv.flag("DCM_PIXELS_DEBUG_CALLS")
    /// Source resolution told to Tesseract (dots per inch): screen text.
    private static let resolution: Int32 = 70

    /// Every setting of a call that can change what Tesseract returns, for the cache key.
    private func settings(sparse: Bool, invertBelow: Double) -> String {
        "\(modelName)|psm \(sparse ? PSM_SPARSE_TEXT.rawValue : PSM_AUTO.rawValue)|invert \(invertBelow)|dpi \(Self.resolution)"
    }

    /// Tesseract reads a line again inverted when its mean confidence is low (under 0.7 by
    /// default). In the sparse pass that mostly doubles the cost of clutter (crops arrive
    /// dark on light), so it is off there; the automatic pass keeps it, as it rescues light
    /// text on a noisy ground that the crop's mean did not reveal (dev set: same score, 15%
    /// less OCR time on the corpus). It keeps Tesseract's threshold: under 0.5, the
    /// automatic calls' time fell by 8% with the same words on the dev set, but a block of
    /// sharp CT text of the contrast bench was lost.
    public static let autoInvertBelow = 0.7

    /// One Tesseract call: the words of `image` in its own pixels, or nil when
    /// recognition failed.
    private func recognize(_ image: GrayImage, sparse: Bool, invertBelow: Double) -> OCRReading? {
        recognitions += 1
        lastCost = RecognitionCost()
        // OpenMP's settings may be per calling thread; callers may be worker threads.
        OpenMP.serialize()
        TessBaseAPISetPageSegMode(api, sparse ? PSM_SPARSE_TEXT : PSM_AUTO)
        _ = TessBaseAPISetVariable(api, "tessedit_do_invert", invertBelow > 0 ? "1" : "0")
        _ = TessBaseAPISetVariable(api, "invert_threshold", String(invertBelow))
        image.pixels.withUnsafeBufferPointer { p in
            TessBaseAPISetImage(api, p.baseAddress, Int32(image.width), Int32(image.height), 1, Int32(image.width))
        }
        TessBaseAPISetSourceResolution(api, Self.resolution)
        defer { TessBaseAPIClear(api) }
        guard TessBaseAPIRecognize(api, nil) == 0, let ri = TessBaseAPIGetIterator(api) else { return nil }
        defer { TessResultIteratorDelete(ri) }
        let pi = TessResultIteratorGetPageIterator(ri)
        var out: [OCRReading.Word] = []
        var line = 0
        repeat {
            if TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE) != 0 { line += 1 }
            guard let t = TessResultIteratorGetUTF8Text(ri, RIL_WORD) else { continue }
            let text = String(cString: t)
            TessDeleteText(t)
            var l: Int32 = 0, tp: Int32 = 0, r: Int32 = 0, b: Int32 = 0
            guard TessPageIteratorBoundingBox(pi, RIL_WORD, &l, &tp, &r, &b) != 0 else { continue }
            let conf = TessResultIteratorConfidence(ri, RIL_WORD)
            let trimmed = text.trimmingCharacters(in: " \n")
            if trimmed.isEmpty { continue }
            out.append(OCRReading.Word(text: trimmed, left: l, top: tp, right: r, bottom: b, confidence: conf, line: line))
        } while TessResultIteratorNext(ri, RIL_WORD) != 0
        if measuresCost { lastCost = RecognitionCost(pi, ri) }
        return OCRReading(words: out, lines: line)
    }
}

/// The LSTM work of one recognition, measured on its text lines (see `OCREngine.lastCost`).
public struct RecognitionCost: Equatable, Sendable {
    public var lines = 0, steps = 0, junkSteps = 0
    /// Lines of the LSTM's input height: a line is scaled to it, so its width in steps is
    /// its width over its height times this.
    static let inputHeight = 36
    /// Line confidence under which a line counts as junk.
    static let junkConfidence: Float = 50

    public init(lines: Int = 0, steps: Int = 0, junkSteps: Int = 0) {
        self.lines = lines; self.steps = steps; self.junkSteps = junkSteps
    }

    /// The lines of a recognized page (`pi` and `ri` iterate it; `pi` is left at its start).
    init(_ pi: OpaquePointer?, _ ri: OpaquePointer?) {
        TessPageIteratorBegin(pi)
        repeat {
            var l: Int32 = 0, t: Int32 = 0, r: Int32 = 0, b: Int32 = 0
            guard TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &l, &t, &r, &b) != 0, b > t else { continue }
            let s = Int(r - l) * Self.inputHeight / Int(b - t)
            lines += 1
            steps += s
            if TessResultIteratorConfidence(ri, RIL_TEXTLINE) < Self.junkConfidence { junkSteps += s }
        } while TessPageIteratorNext(pi, RIL_TEXTLINE) != 0
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var u = Substring(self)
        while let l = u.last, set.contains(l) { u.removeLast() }
        while let f = u.first, set.contains(f) { u.removeFirst() }
        return String(u)
    }
}
