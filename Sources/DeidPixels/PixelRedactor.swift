import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMPixels
import DICOMStream
import Glibc

/// Settings of the redaction stage.
public struct RedactionOptions: Sendable {
    public enum MaskMode: String, Sendable, CaseIterable {
        /// Only text that identifies (matches identifying values or patterns).
        case identifying
        /// Every text box found.
        case allText = "all-text"
    }
    public enum Fill: String, Sendable, CaseIterable { case black, white }
    public enum Undecodable: String, Sendable, CaseIterable {
        /// The record fails (no file is written for it).
        case fail
        /// The image passes unredacted, with a warning; Clean Pixel Data is not declared.
        case pass
    }
    public enum FrameScheme: String, Sendable, CaseIterable {
        /// First frame read whole; later frames only where their text-like regions differ
        /// from the first frame's. Boxes found in any frame are masked in every frame.
        case changed
        /// Every frame read whole.
        case every
    }

    public var policy: ReadPolicy = .default
    public var mask: MaskMode = .identifying
    public var margin = 3
    public var fill: Fill = .black
    public var undecodable: Undecodable = .fail
    public var frames: FrameScheme = .changed
    /// Skip frames the pre-check finds no text-like structure in.
    public var preCheck = true
    /// Keep overlay planes (60xx) instead of removing them from examined images.
    public var keepOverlays = false
    /// Lowest OCR confidence (0-100) of a word that is matched.
    public var minConfidence: Float = 0
    /// Look for faint text by shape when the first view of a frame reads little.
    public var faintText = true
    /// Mask the whole of a text line holding identifying text, and the lines that
    /// continue it, not only the words read.
    public var wholeLines = true
    /// Read the rows of glyphs drawn at an extreme of a region's range that the first
    /// view did not read (outlined text over bright or textured anatomy).
    public var outlinedText = true
    public init() {}
}

/// What happened to one record.
public struct RedactionReport: Sendable {
    public var examined = false
    public var reason = ""
    public var framesRead = 0
    public var wordsFound = 0
    public var boxesMasked = 0
    /// The new encoding when pixel data was re-encoded in another transfer syntax.
    public var convertedTo: String?
    public var warnings: [String] = []
    public init() {}
}

/// Finds burned-in text in a record's images and masks the identifying part of it.
public final class PixelRedactor {
    public let options: RedactionOptions
    let engine: OCREngine
    let preCheck = TextPreCheck()
    /// Receives every picture handed to OCR (for debugging).
    public var debugDump: ((GrayImage) -> Void)?
    /// Receives the words read in each frame (for debugging, and for dcm-audit, which reads
    /// images the way this stage does).
    public var debugWords: (([OCRWord]) -> Void)?

    let pool: OCRPool
    /// Receives the candidate regions of every frame read (for debugging; on stderr
    /// when DCM_PIXELS_DEBUG_REGIONS is set).
    public var debugRegions: (([PixelRect], GrayImage) -> Void)? =
        DebugEnv.flag("DCM_PIXELS_DEBUG_REGIONS")
        ? { r, g in DebugEnv.say("regions \(g.width)x\(g.height): " + r.map { "\($0.width)x\($0.height)+\($0.x)+\($0.y)" }.joined(separator: " ")) }
        : nil
    /// Prints each identifying word chosen (DCM_PIXELS_DEBUG_HITS).
    let debugHits = DebugEnv.flag("DCM_PIXELS_DEBUG_HITS")
    /// What the pictures now read are for (DCM_PIXELS_DEBUG_CALLS).
    var purpose = ""
    /// Prints what second reads added (DCM_PIXELS_DEBUG_SECOND).
    static let debugSecond = DebugEnv.flag("DCM_PIXELS_DEBUG_SECOND")
    /// Prints where each record's time went (DCM_PIXELS_DEBUG_TIME).
    let debugTime = DebugEnv.flag("DCM_PIXELS_DEBUG_TIME")
    var clock = DebugClock()

    /// `helpers` are further engines: candidate regions of a frame are then read on
    /// `1 + helpers.count` threads at once.
    public init(options: RedactionOptions, engine: OCREngine, helpers: [OCREngine] = []) {
        self.options = options; self.engine = engine
        pool = OCRPool(engines: [engine] + helpers)
    }

    /// Whether the record's pixel data must be loaded (decided from the header alone).
    public func wantsPixels(_ record: Record) -> Bool {
        guard record.file.dataset[.pixelData]?.bulk != nil else { return false }
        return options.policy.decide(record.file.dataset).read
    }

    public func redact(_ record: inout Record) throws -> RedactionReport {
        var report = RedactionReport()
        let recognitionsBefore = pool.recognitions
        var ds = record.file.dataset
        let decision = options.policy.decide(ds)
        report.reason = decision.reason
        guard decision.read, let pixelElement = ds[.pixelData], let bulk = pixelElement.bulk else {
            if !decision.read {
                Self.markNotRead(&record, reason: decision.reason)
            } else if ds[.pixelData] == nil {
                Self.markNotRead(&record, reason: "float-pixel-data")
            } else if ds[.pixelData]?.bytes?.isEmpty ?? false {
                Self.markNotRead(&record, reason: "empty-pixel-data")
            } else {
                var d = record.deid; d.leaveOutstanding(.cleanPixels, note: "pixel data held inline, not read"); record.deid = d
            }
            return report
        }
        let g = try ImageGeometry(ds)
        let ts = record.file.transferSyntax
        let encoding = PixelEncoding(ts, bitsAllocated: g.bitsAllocated)
        if case .unsupported(let name) = encoding {
            if options.undecodable == .pass {
                report.warnings.append("pixel data in \(name) cannot be decoded here; passed through unredacted")
                Self.markPassed(&record, why: "undecodable (\(name))")
                return report
            }
            throw PixelError(
                "pixel data in \(name) cannot be decoded here (use --undecodable pass to let such files through unredacted)",
                cause: .unsupportedSyntax)
        }
        let data = try bulk.loadBytes()
        if BlankPixels.isBlank(data, encapsulated: bulk.encapsulated) {
            report.examined = true
            report.warnings.append("pixel data is one byte value repeated: no picture, nothing to read")
            finish(&record, ds)
            return report
        }
        let source: FrameSource
        do { source = try FrameSource(data: data, encoding: encoding, geometry: g, dataset: ds) } catch {
            if options.undecodable == .pass {
                report.warnings.append("\(error); passed through unredacted")
                Self.markPassed(&record, why: "undecodable")
                return report
            }
            throw error
        }

        var values = IdentifyingValues()
        values.add(phi: record.deid.phi)
        values.add(header: ds)
        let matcher = TextMatcher(values: values)
        // The words to mask among those read (also tells the read which need no re-reading).
        let identify: ([OCRWord]) -> Set<Int> = options.mask == .allText ? { Set($0.indices) } : { matcher.identifying($0) }

        // Read the frames.
        var boxes: [PixelRect] = []
        var reference: ExtremeMarks? = nil, previous: ExtremeMarks? = nil
        var referenceRegions: [PixelRect] = []
        var damagedFrames: [String: [Int]] = [:]
        // The last frame looked at for faint text, and the regions read in it.
        var faintLooked: (frame: GrayImage?, regions: [PixelRect]) = (nil, [])
        // Compressed frames decoded while reading, kept (up to a bound) for the level views
        // and the masking, which would otherwise decode them again.
        var decoded: [Int: FrameBuffer] = [:]
        var decodedBytes = 0
        for f in 0..<g.frames {
            let gray: GrayImage
            var t = DebugClock.now()
            var damage: String? = nil
            do {
                let d = try source.decoded(f, damage: &damage)
                gray = d.gray
                if let fb = d.buffer, decodedBytes + fb.bytes.count <= Self.keptDecodedBytes {
                    decoded[f] = fb
                    decodedBytes += fb.bytes.count
                }
            } catch {
                if options.undecodable == .pass {
                    report.warnings.append("frame \(f): \(error); passed through unredacted")
                    Self.markPassed(&record, why: "frame \(f) undecodable")
                    return report
                }
                throw PixelError("frame \(f): \(error)")
            }
            if let damage { damagedFrames[damage, default: []].append(f) }
            clock.decode += DebugClock.since(&t)
            // Large frames are looked at halved by the pre-check and both later looks: halved once.
            let picture = HalvedPicture(gray)
            var regions = options.preCheck ? preCheck.regions(picture) : [PixelRect(x: 0, y: 0, width: gray.width, height: gray.height)]
            let marks: ExtremeMarks? = g.frames > 1 && options.frames == .changed ? ExtremeMarks(gray) : nil
            if f > 0, let marks, let ref = reference, let prev = previous {
                // A region whose text marks match the first frame's or the previous
                // frame's (both read, or matched in turn) holds no new text: cine loops
                // keep their banners while the anatomy beneath them moves.
                regions = regions.filter { r in
                    !(referenceRegions.contains { $0.intersects(r) } && Self.same(ref.gray, gray, in: r))
                        && !ExtremeMarks.same(ref, marks, in: r) && !ExtremeMarks.same(prev, marks, in: r)
                }
            }
            if f == 0 { reference = marks; referenceRegions = regions }
            previous = marks
            clock.preCheck += DebugClock.since(&t)
            report.framesRead += 1
            var words = regions.isEmpty ? [] : read(gray, regions: regions, colour: g.samplesPerPixel == 3, masked: identify)
            // A first view that read little may hide faint text (a few grey levels over
            // a textured ground): looked for by shape and read through local contrast.
            // Later frames of a loop too when the first frame was (faint text drawn on
            // later frames only), at most `faintFrames` of them spread over the loop, rows
            // unchanged since a frame looked at before left unread.
            var lineSets: [TextLines] = []
            let faintFrame = f == 0 || options.frames == .every || (faintLooked.frame != nil && Self.sampled(f, of: g.frames))
            if options.faintText && faintFrame && Self.readLittle(words) {
                clock.ocr += DebugClock.since(&t)
                let cpu0 = debugTime ? DebugClock.threadCPU() : 0
                defer { if debugTime { clock.faintCPU += DebugClock.threadCPU() - cpu0 } }
                var views = [gray]
                // Data squeezed into a few levels by outlying values: the file's window
                // and a percentile range are looked at too.
                if g.samplesPerPixel == 1 && g.photometric.hasPrefix("MONOCHROME") && LevelViews.squeezed(gray),
                    let fb = decoded[f] ?? (try? source.frame(f))
                {
                    for r in LevelViews.ranges(fb, window: LevelViews.window(ds)) {
                        views.append(LevelViews.render(fb, range: r, inverted: g.photometric == "MONOCHROME1"))
                    }
                }
                let unchanged = faintLooked.frame.map { earlier in faintLooked.regions.filter { Self.same(earlier, gray, in: $0) } } ?? []
                var looked: [PixelRect] = []
                purpose = "faint "
                defer { purpose = "" }
                for (k, view) in views.enumerated() {
                    let found = k == 0 ? TextLines(picture) : TextLines(view)
                    clock.lines += DebugClock.since(&t)
                    lineSets.append(found)
                    words += readFaint(
                        found, known: words, firstLine: Self.nextLine(after: words),
                        skip: unchanged, looked: &looked, masked: identify)
                    clock.ocr += DebugClock.since(&t)
                }
                faintLooked = (gray, looked)
            }
            // Text at an extreme of the range the views above read as junk or not at all
            // (outlined glyphs over bright anatomy): its rows of extreme-level glyphs.
            var outlinedSets: [OutlinedRows] = []
            let viewWords = words.count
            if options.outlinedText && !regions.isEmpty {
                clock.ocr += DebugClock.since(&t)
                let cpu0 = debugTime ? DebugClock.threadCPU() : 0
                let found = readOutlined(picture, regions: regions, known: words, firstLine: Self.nextLine(after: words))
                words += found.words
                outlinedSets = found.sets
                if debugTime { clock.outlinedCPU += DebugClock.threadCPU() - cpu0 }
            }
            guard !words.isEmpty else { continue }
            clock.ocr += DebugClock.since(&t)
            debugWords?(words)
            report.wordsFound += words.count
            let keep = identify(words)
            let chosen = keep.filter { words[$0].confidence >= options.minConfidence || options.mask == .allText }
            if debugHits { for i in chosen { DebugEnv.say("hit \(words[i].box.x)+\(words[i].box.y) line \(words[i].line): \(words[i].text)") } }
            for b in Self.joinLines(chosen.map { words[$0] }) {
                boxes.append(b.padded(options.margin).clipped(width: g.columns, height: g.rows))
            }
            // A line holding identifying text is masked whole, with the lines that
            // continue it: words OCR did not read (or read as junk) included. A frame
            // not looked at for faint text has its rows of marks found now, as it holds
            // identifying text (frames without any are spared the cost).
            if options.mask == .identifying && options.wholeLines && !chosen.isEmpty {
                if lineSets.isEmpty {
                    lineSets = [TextLines(picture, probing: false)]
                    clock.lines += DebugClock.since(&t)
                }
                // A block's lines are judged by the reads of the views that found them: the
                // outlined look reads glyph insides of lines the first read found unsure,
                // and its confident junk there ("LAy Set" for "Ex: 2411") is no other text.
                boxes +=
                    (wholeLines(lineSets, words: words, chosen: chosen, identifying: keep, judgedBy: viewWords)
                    + outlinedWholeLines(outlinedSets, words: words, chosen: chosen, identifying: keep))
                    .map { $0.padded(options.margin).clipped(width: g.columns, height: g.rows) }
            }
        }
        report.warnings += FrameSource.damageWarnings(damagedFrames)
        report.examined = true
        if debugTime {
            DebugEnv.say(
                "time (\(ts.uid) \(g.columns)x\(g.rows)x\(g.frames)x\(g.samplesPerPixel)): decode \(Int(clock.decode)) ms, pre-check \(Int(clock.preCheck)) ms, faint lines \(Int(clock.lines)) ms, ocr \(Int(clock.ocr)) ms in \(pool.calls) calls of \(pool.pixels / 1000) kpx, \(pool.recognitions - recognitionsBefore) read by Tesseract; cpu faint look \(Int(clock.faintCPU)) ms, outlined look \(Int(clock.outlinedCPU)) ms"
            )
        }
        clock = DebugClock(); pool.calls = 0; pool.pixels = 0
        boxes = Self.merge(boxes)
        report.boxesMasked = boxes.count

        if !boxes.isEmpty {
            let newPixels = try source.masked(boxes, fill: fillValues(g, encoding: encoding, dataset: ds), decoded: consume decoded)
            var e = pixelElement
            e.value = .bulk(BulkData(bytes: newPixels.bytes, encapsulated: newPixels.encapsulated))
            e.undefinedLength = newPixels.encapsulated
            if !newPixels.encapsulated { e.vr = g.bitsAllocated > 8 ? .OW : .OB; e.wireVR = nil }
            ds.insert(e)
            if let pi = newPixels.photometric { ds.setString(Tag.photometricInterpretation, pi, vr: .CS) }
            if newPixels.planarInterleaved && ds[Tag.planarConfiguration] != nil {
                ds.insert(Element(tag: Tag.planarConfiguration, vr: .US, bytes: [0, 0]))
            }
            if let syntax = newPixels.transferSyntax {
                record.file.transferSyntax = syntax
                record.file.meta.setString(.transferSyntaxUID, syntax.uid, vr: .UI)
                report.convertedTo = syntax.name
            }
        }
        finish(&record, ds)
        return report
    }

    /// Most bytes of decoded frames a record keeps for its level views and masking (a
    /// long multi-frame image is decoded again frame by frame beyond them).
    static let keptDecodedBytes = 64 << 20

    /// Marks an examined image whose every identifying box is masked.
    func finish(_ record: inout Record, _ examined: DataSet) {
        var ds = examined
        ds.setString(Tag.burnedInAnnotation, "NO", vr: .CS)
        // Overlays: a profile with Clean Graphics has already decided them (dcm-scrub);
        // without one, overlays of an examined image may carry text, so they go.
        let profileKeepsGraphics = record.deid.options.contains("CleanGraphics")
        if !options.keepOverlays && !profileKeepsGraphics { Self.removeOverlays(&ds) }
        if record.deid.profile != nil || ds[Tag.deidentificationMethodCodeSequence] != nil { Self.declareCleanPixels(&ds) }
        record.file.dataset = ds
        var deid = record.deid
        deid.markDone(.cleanPixels)
        record.deid = deid
    }

    /// Marks a record whose image the read policy chose not to read (or that holds float
    /// pixel data, which is no picture to read): Clean Pixel Data is done by that decision,
    /// and the note says which (dcm-json --record shows it). Clean Pixel Data is not
    /// declared in the file: nothing was examined. Records without pixel data are left as
    /// they are.
    /// The line number after those of `words` (0 for none): where later reads number from.
    static func nextLine(after words: [OCRWord]) -> Int { (words.map(\.line).max() ?? -1) + 1 }

    static func markNotRead(_ record: inout Record, reason: String) {
        guard DeidState.hasPixelData(record.file.dataset) else { return }
        var deid = record.deid
        deid.markDone(.cleanPixels, note: "not read: " + reason)
        record.deid = deid
    }

    /// Notes why an image passed unexamined (--undecodable pass): Clean Pixel Data stays
    /// outstanding, so dcm-write refuses the record unless told --allow-incomplete.
    static func markPassed(_ record: inout Record, why: String) {
        var deid = record.deid
        deid.leaveOutstanding(.cleanPixels, note: why + ": passed unexamined (--undecodable pass)")
        record.deid = deid
    }
}
