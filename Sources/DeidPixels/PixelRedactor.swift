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
    public var debugRegions: (([PixelRect], GrayImage) -> Void)? = DebugEnv.flag("DCM_PIXELS_DEBUG_REGIONS")
        ? { r, g in DebugEnv.say("regions \(g.width)x\(g.height): " + r.map { "\($0.width)x\($0.height)+\($0.x)+\($0.y)" }.joined(separator: " ")) } : nil
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
            if !decision.read { Self.markNotRead(&record, reason: decision.reason) }
            else if ds[.pixelData] == nil { Self.markNotRead(&record, reason: "float-pixel-data") }
            else if ds[.pixelData]?.bytes?.isEmpty ?? false { Self.markNotRead(&record, reason: "empty-pixel-data") }
            else { var d = record.deid; d.leaveOutstanding(.cleanPixels, note: "pixel data held inline, not read"); record.deid = d }
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
            throw PixelError("pixel data in \(name) cannot be decoded here (use --undecodable pass to let such files through unredacted)")
        }
        let data = try bulk.loadBytes()
        if BlankPixels.isBlank(data, encapsulated: bulk.encapsulated) {
            report.examined = true
            report.warnings.append("pixel data is one byte value repeated: no picture, nothing to read")
            finish(&record, ds)
            return report
        }
        let source: FrameSource
        do { source = try FrameSource(data: data, encoding: encoding, geometry: g, dataset: ds) }
        catch {
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
        for f in 0..<g.frames {
            let gray: GrayImage
            var t = DebugClock.now()
            var damage: String? = nil
            do { gray = try source.gray(f, damage: &damage) } catch {
                if options.undecodable == .pass {
                    report.warnings.append("frame \(f): \(error); passed through unredacted")
                    Self.markPassed(&record, why: "frame \(f) undecodable")
                    return report
                }
                throw PixelError("frame \(f): \(error)")
            }
            if let damage { damagedFrames[damage, default: []].append(f) }
            clock.decode += DebugClock.since(&t)
            var regions = options.preCheck ? preCheck.regions(gray) : [PixelRect(x: 0, y: 0, width: gray.width, height: gray.height)]
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
                var views = [gray]
                // Data squeezed into a few levels by outlying values: the file's window
                // and a percentile range are looked at too.
                if g.samplesPerPixel == 1 && g.photometric.hasPrefix("MONOCHROME") && LevelViews.squeezed(gray),
                   let fb = try? source.frame(f) {
                    for r in LevelViews.ranges(fb, window: LevelViews.window(ds)) {
                        views.append(LevelViews.render(fb, range: r, inverted: g.photometric == "MONOCHROME1"))
                    }
                }
                let unchanged = faintLooked.frame.map { earlier in faintLooked.regions.filter { Self.same(earlier, gray, in: $0) } } ?? []
                var looked: [PixelRect] = []
                purpose = "faint "
                defer { purpose = "" }
                for view in views {
                    let found = TextLines(view)
                    clock.lines += DebugClock.since(&t)
                    lineSets.append(found)
                    words += readFaint(found, known: words, firstLine: (words.map(\.line).max() ?? -1) + 1,
                                       skip: unchanged, looked: &looked, masked: identify)
                    clock.ocr += DebugClock.since(&t)
                }
                faintLooked = (gray, looked)
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
                    lineSets = [TextLines(gray, probing: false)]
                    clock.lines += DebugClock.since(&t)
                }
                boxes += wholeLines(lineSets, words: words, chosen: chosen, identifying: keep)
                    .map { $0.padded(options.margin).clipped(width: g.columns, height: g.rows) }
            }
        }
        report.warnings += FrameSource.damageWarnings(damagedFrames)
        report.examined = true
        if debugTime {
            DebugEnv.say("time: decode \(Int(clock.decode)) ms, pre-check \(Int(clock.preCheck)) ms, faint lines \(Int(clock.lines)) ms, ocr \(Int(clock.ocr)) ms in \(pool.calls) calls of \(pool.pixels / 1000) kpx, \(pool.recognitions - recognitionsBefore) read by Tesseract")
        }
        clock = DebugClock(); pool.calls = 0; pool.pixels = 0
        boxes = Self.merge(boxes)
        report.boxesMasked = boxes.count

        if !boxes.isEmpty {
            let newPixels = try source.masked(boxes, fill: fillValues(g, encoding: encoding, dataset: ds))
            var e = pixelElement
            e.value = .bulk(BulkData(bytes: newPixels.bytes, encapsulated: newPixels.encapsulated))
            e.undefinedLength = newPixels.encapsulated
            if !newPixels.encapsulated { e.vr = g.bitsAllocated > 8 ? .OW : .OB; e.wireVR = nil }
            ds.insert(e)
            if let pi = newPixels.photometric { ds.setString(Tag(0x0028_0004), pi, vr: .CS) }
            if newPixels.planarInterleaved && ds[Tag(0x0028_0006)] != nil {
                ds.insert(Element(tag: Tag(0x0028_0006), vr: .US, bytes: [0, 0]))
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

    /// Marks an examined image whose every identifying box is masked.
    func finish(_ record: inout Record, _ examined: DataSet) {
        var ds = examined
        ds.setString(Tag(0x0028_0301), "NO", vr: .CS)
        // Overlays: a profile with Clean Graphics has already decided them (dcm-scrub);
        // without one, overlays of an examined image may carry text, so they go.
        let profileKeepsGraphics = record.deid.options.contains("CleanGraphics")
        if !options.keepOverlays && !profileKeepsGraphics { Self.removeOverlays(&ds) }
        if record.deid.profile != nil || ds[Tag(0x0012_0064)] != nil { Self.declareCleanPixels(&ds) }
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

    /// OCR of the candidate regions: each read on its own (small ones enlarged, light
    /// text on dark inverted); when they cover most of the frame, the frame is read whole.
    /// `masked` tells which of a picture's words will be masked whatever else is read.
    func read(_ gray: GrayImage, regions: [PixelRect], colour: Bool = false,
              masked: (([OCRWord]) -> Set<Int>)? = nil) -> [OCRWord] {
        defer { purpose = "" }
        return readAll(pictures(gray, regions: regions, colour: colour), masked: masked)
    }

    /// A picture handed to OCR, with how its boxes map back to the frame.
    struct Picture {
        var image: GrayImage
        /// Picture pixels per frame pixel.
        var scale: PictureScale
        /// Where the picture's top left corner lies in the frame (frame pixels).
        var origin: (x: Double, y: Double)
    }

    /// The pictures to read for `regions` of `gray`.
    func pictures(_ gray: GrayImage, regions: [PixelRect], colour: Bool = false) -> [Picture] {
        let area = Self.merge(regions).reduce(0) { $0 + $1.width * $1.height }
        debugRegions?(Self.merge(regions), gray)
        if area * 2 > gray.width * gray.height {
            // Text-like structure everywhere (noise, speckle, dense anatomy): burned-in
            // text is drawn at an extreme of the range, so read the frame's brightest and
            // darkest pixels alone, specks removed.
            purpose = "extreme "
            var out: [Picture] = []
            for view in ExtremeView.views(of: gray) {
                let found = Self.merge(preCheck.regions(view))
                let a = found.reduce(0) { $0 + $1.width * $1.height }
                if found.isEmpty { continue }
                if a * 2 > view.width * view.height {
                    debugDump?(view)
                    out.append(Picture(image: view, scale: 1, origin: (0, 0)))
                } else {
                    out += regionPictures(view, regions: found)
                }
            }
            // Coloured text is no extreme of luminance (magenta on green): in a colour
            // frame whose regions span it only by their bounding boxes (a banner joined
            // to a scale bar down the side), the regions are read as well, but for any
            // one region over half the frame (texture, not lines of text).
            if colour && preCheck.textArea(gray) * 2 <= gray.width * gray.height {
                let lines = Self.merge(regions).filter { $0.width * $0.height * 2 <= gray.width * gray.height }
                out += regionPictures(gray, regions: lines)
            }
            return out
        }
        return regionPictures(gray, regions: regions)
    }

    /// Each picture read in sparse-text mode (isolated words, lines at the picture's
    /// edge, lines among clutter); then what that left unread, in automatic mode, which
    /// finds lines sparse mode drops (text on boxes of another shade, dense blocks).
    /// The second call sees the picture with the confidently read words painted out, so
    /// lines are recognized once, not twice, and a picture read whole needs no second
    /// call. Sparse mode may cut one printed line into several blocks, so words are
    /// grouped into lines again by their geometry. Calls are spread over the engines.
    /// No second call is made either when all that is left lies inside words that
    /// `masked` says will be masked anyway (reading them again could change nothing).
    func readAll(_ pictures: [Picture], masked: (([OCRWord]) -> Set<Int>)? = nil) -> [OCRWord] {
        let first = pool.run(pictures.map { OCRJob(image: $0.image, sparse: true, scale: $0.scale, origin: $0.origin, purpose: purpose) })
        var rest: [(index: Int, job: OCRJob)] = []
        var firstHits = [Set<Int>](repeating: [], count: pictures.count)
        for (i, p) in pictures.enumerated() {
            let sure = first[i].filter(\.isSure)
            if let masked, sure.count < first[i].count {
                let hits = masked(Self.groupedIntoLines(first[i], firstLine: 0))
                firstHits[i] = hits
                let covered = first[i].indices.filter { hits.contains($0) || first[i][$0].isSure }
                if Self.paintedOut(p, words: covered.map { first[i][$0] }) == nil { continue }
            }
            if var left = Self.paintedOut(p, words: sure) {
                // Texture left around the unread text (anatomy under a label) is cleared
                // for this second read: the automatic mode otherwise takes the picture
                // for an image and reads nothing.
                if let c = GroundFlattening.clipped(left) { left = c }
                debugDump?(left)
                rest.append((i, OCRJob(image: left, sparse: false, scale: p.scale, origin: p.origin, purpose: purpose)))
            }
        }
        let second = pool.run(rest.map(\.job))
        var more = [[OCRWord]](repeating: [], count: pictures.count)
        for (k, r) in rest.enumerated() { more[r.index] = second[k] }
        var out: [OCRWord] = []
        var lineBase = 0
        for i in pictures.indices {
            let words = Self.merged(sparse: first[i], automatic: more[i], identifying: firstHits[i])
            let lined = Self.groupedIntoLines(words, firstLine: lineBase)
            if Self.debugSecond, let masked, !more[i].isEmpty {
                let hits = masked(lined).filter { $0 < more[i].count }
                DebugEnv.say("second \(pictures[i].image.width)x\(pictures[i].image.height): \(more[i].count) words, \(hits.count) identifying: " + hits.map { lined[$0].text }.joined(separator: " "))
            }
            lineBase = (lined.map(\.line).max() ?? lineBase) + 1
            out += lined
        }
        return out
    }

    /// The words of both reads of a picture. The automatic read wins over an unsure sparse
    /// read of the same place (most of the sparse word's box; a loose box may graze the
    /// line below), unless the sparse word is `identifying` (indices into `sparse`): a
    /// second read never un-masks a word.
    static func merged(sparse: [OCRWord], automatic: [OCRWord], identifying: Set<Int>) -> [OCRWord] {
        var words = automatic
        for (k, w) in sparse.enumerated() where w.isSure || identifying.contains(k)
            || !automatic.contains(where: { $0.box.overlapArea(w.box) * 2 >= w.box.width * w.box.height }) {
            words.append(w)
        }
        return words
    }

    /// `p`'s picture with the boxes of `words` painted white, or nil when no dark mark
    /// is left outside them (nothing more to read).
    static func paintedOut(_ p: Picture, words: [OCRWord]) -> GrayImage? {
        var img = p.image
        let pad = 2
        func picture(_ v: Int, _ o: Double, _ s: Double, _ rule: FloatingPointRoundingRule) -> Int { Int(((Double(v) - o) * s).rounded(rule)) }
        for w in words {
            let x0 = max(0, picture(w.box.x, p.origin.x, p.scale.x, .down) - pad), y0 = max(0, picture(w.box.y, p.origin.y, p.scale.y, .down) - pad)
            let x1 = min(img.width, picture(w.box.maxX, p.origin.x, p.scale.x, .up) + pad)
            let y1 = min(img.height, picture(w.box.maxY, p.origin.y, p.scale.y, .up) + pad)
            guard x0 < x1, y0 < y1 else { continue }
            for y in y0..<y1 { for x in x0..<x1 { img.pixels[y * img.width + x] = 255 } }
        }
        // Counted in frame pixels: an enlarged picture's marks cover more of its pixels.
        let least = max(minMarks, Int((Double(minMarks) * p.scale.x * p.scale.y).rounded(.up)))
        var dark = 0
        for v in img.pixels where v < 128 { dark += 1; if dark >= least { return img } }
        return nil
    }

    /// Dark pixels (of the frame) a picture needs to be worth reading (less than one small
    /// glyph).
    static let minMarks = 12

    /// `words` with line numbers from `firstLine` on: words whose boxes share most of
    /// their height and lie close along the row belong to one line (a gap of a few
    /// glyph heights separates columns).
    static func groupedIntoLines(_ words: [OCRWord], firstLine: Int) -> [OCRWord] {
        let order = words.indices.sorted { (words[$0].box.x, words[$0].box.y) < (words[$1].box.x, words[$1].box.y) }
        var lineOf = [Int](repeating: -1, count: words.count)
        var lines: [(box: PixelRect, id: Int)] = []
        for i in order {
            let b = words[i].box
            var best = -1
            for (k, l) in lines.enumerated() {
                let overlap = min(l.box.maxY, b.maxY) - max(l.box.y, b.y)
                let h = min(b.height, l.box.height)
                let gap = b.x - l.box.maxX
                // A box over twice as tall as the line's (a logo, clutter spanning two
                // rows) starts its own line rather than merging the rows it spans.
                let similar = b.height <= 5 * max(l.box.height, 1) / 2 && l.box.height <= 5 * max(b.height, 1) / 2
                if overlap * 2 >= h && similar && gap <= 3 * max(b.height, 1) && gap >= -b.width { best = k; break }
            }
            if best < 0 {
                lines.append((b, firstLine + lines.count)); best = lines.count - 1
            } else {
                // Extend right, keep the line's vertical band from drifting.
                let l = lines[best].box
                lines[best].box = PixelRect(x: l.x, y: l.y, width: max(l.maxX, b.maxX) - l.x, height: l.height)
            }
            lineOf[i] = lines[best].id
        }
        return words.indices.map { var w = words[$0]; w.line = lineOf[$0]; return w }
    }

    func regionPictures(_ gray: GrayImage, regions: [PixelRect]) -> [Picture] {
        var out: [Picture] = []
        for r in Self.merge(regions) {
            var crop = gray.crop(r)
            if crop.mean < 110 { crop = crop.inverted() }
            if let flat = GroundFlattening.flattened(crop) { crop = flat }
            let down = Self.scale(for: crop, regionHeight: r.height)
            let scale = PictureScale(x: down > 1 ? max(1, down * Self.acrossFraction) : down, y: down)
            if down > 1 { crop = crop.scaled(by: scale) } else if down < 1 { crop = crop.reduced(Int((1 / down).rounded())) }
            // A white margin helps Tesseract find glyphs touching the crop's edge.
            let border = 10
            crop = Self.framed(crop, border: border)
            debugDump?(crop)
            out.append(Picture(image: crop, scale: scale,
                               origin: (Double(r.x) - Double(border) / scale.x, Double(r.y) - Double(border) / scale.y)))
        }
        return out
    }

    /// Enlargement for a crop (dark text on light) read by OCR. Small fonts need it, but
    /// OCR time grows with the picture, so text whose glyphs are already large enough is
    /// enlarged less, or not at all, and very large glyphs are halved. Crops too large to
    /// enlarge cheaply are read as they are.
    static func scale(for crop: GrayImage, regionHeight: Int) -> Double {
        let most: Double = regionHeight < 48 ? 3 : (regionHeight < 256 ? 2 : 1)
        guard let h = GlyphHeight.estimate(crop) else { return most }
        // Halved, glyphs of twice the smallest size read well unenlarged are still that
        // large (generated fonts of 8 to 26 pixels: from about 12-13 pixels, nothing lost).
        if h >= 2 * smallestPlainGlyph { return 0.5 }
        guard most > 1 else { return most }
        // Enlarged so glyphs reach about `target` pixels, in half steps, never more than
        // before (smaller targets lost names of 12-13 pixel glyphs on the dev set).
        let target = Double(targetGlyphHeight)
        if Double(h) >= target { return 1 }
        return min(most, ((target / Double(h)) * 2).rounded(.up) / 2)
    }

    /// Enlargement across as a fraction of the enlargement down. Tesseract scales each
    /// line to a fixed height, so its time grows with a line's width over its height;
    /// glyphs a quarter narrower read as well (generated fonts 9-22 px, dev set, corpus)
    /// in about 15% less time.
    static let acrossFraction = 0.75

    /// Glyph height (pixels) from which a crop is read without enlargement.
    static let targetGlyphHeight = 20
    /// Glyph height read as well unenlarged as enlarged (generated fonts).
    static let smallestPlainGlyph = 16

    static func framed(_ g: GrayImage, border b: Int) -> GrayImage {
        let w = g.width + 2 * b, h = g.height + 2 * b
        var px = [UInt8](repeating: 255, count: w * h)
        for y in 0..<g.height {
            px.replaceSubrange(((y + b) * w + b)..<((y + b) * w + b + g.width), with: g.pixels[(y * g.width)..<((y + 1) * g.width)])
        }
        return GrayImage(width: w, height: h, pixels: px)
    }

    /// Whether two frames agree inside `r` (mean absolute difference under 2 levels).
    static func same(_ a: GrayImage, _ b: GrayImage, in r0: PixelRect) -> Bool {
        let r = r0.clipped(width: min(a.width, b.width), height: min(a.height, b.height))
        guard !r.isEmpty else { return true }
        var diff = 0
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { diff += abs(Int(a.pixels[y * a.width + x]) - Int(b.pixels[y * b.width + x])) } }
        return diff < 2 * r.width * r.height
    }

    /// Boxes of masked words, neighbours on one line joined across the space between them.
    static func joinLines(_ words: [OCRWord]) -> [PixelRect] {
        let sorted = words.sorted { ($0.line, $0.box.x) < ($1.line, $1.box.x) }
        var out: [PixelRect] = []
        var lastLine = Int.min
        for w in sorted {
            if w.line == lastLine, let prev = out.last,
               w.box.x - prev.maxX <= max(prev.height, w.box.height),
               w.box.y < prev.maxY && prev.y < w.box.maxY {
                out[out.count - 1] = prev.union(w.box)
            } else {
                out.append(w.box)
            }
            lastLine = w.line
        }
        return out
    }

    /// Overlapping or touching rectangles merged.
    static func merge(_ rects: [PixelRect]) -> [PixelRect] {
        var out = rects.filter { !$0.isEmpty }
        var changed = true
        while changed {
            changed = false
            outer: for i in out.indices { for j in out.indices where j > i && out[i].padded(1).intersects(out[j]) {
                out[i] = out[i].union(out[j]); out.remove(at: j); changed = true; break outer
            } }
        }
        return out
    }

    /// The fill colour in the image's own photometric terms, one value per sample.
    func fillValues(_ g: ImageGeometry, encoding: PixelEncoding, dataset ds: DataSet) -> [Int32] {
        let black = options.fill == .black
        let bits = g.bitsStored
        let maxU: Int32 = bits >= 31 ? Int32.max : Int32((1 << bits) - 1)
        let lo: Int32 = g.signed ? -(Int32(1) << Int32(bits - 1)) : 0
        let hi: Int32 = g.signed ? (Int32(1) << Int32(bits - 1)) - 1 : maxU
        let mid: Int32 = Int32(1) << Int32(max(0, bits - 1))
        switch g.photometric {
        case "MONOCHROME1": return [black ? hi : lo]
        case "PALETTE COLOR":
            guard let p = Palette(ds) else { return [black ? 0 : hi] }
            if black { return [p.darkestIndex] }
            var best: Int32 = 0, bestL = -1
            for i in 0..<p.red.count { let l = Int(p.luminance(Int32(i + p.first))); if l > bestL { bestL = l; best = Int32(i + p.first) } }
            return [best]
        default:
            if g.samplesPerPixel == 3 {
                let v = black ? 0 : maxU
                // JPEG 2000 frames are decoded to RGB; native and RLE keep their YBR coding.
                if g.photometric.hasPrefix("YBR") && !encoding.isJPEG2000 { return [v, mid, mid] }
                return [v, v, v]
            }
            return [black ? lo : hi]
        }
    }

    static func removeOverlays(_ ds: inout DataSet) {
        ds.elements.removeAll { e in
            let grp = e.tag.group
            return grp >= 0x6000 && grp <= 0x601E && grp & 1 == 0
        }
    }

    /// Adds "Clean Pixel Data Option" (113101, DCM) to the De-identification Method Code Sequence.
    static func declareCleanPixels(_ ds: inout DataSet) {
        let seqTag = Tag(0x0012_0064)
        var items = ds[seqTag]?.items ?? []
        if items.contains(where: { $0.string(Tag(0x0008_0100)) == "113101" }) { return }
        var item = DataSet()
        item.setString(Tag(0x0008_0100), "113101", vr: .SH)
        item.setString(Tag(0x0008_0102), "DCM", vr: .SH)
        item.setString(Tag(0x0008_0104), "Clean Pixel Data Option", vr: .LO)
        items.append(item)
        ds.insert(Element(tag: seqTag, vr: .SQ, value: .items(items)))
    }
}

/// Milliseconds spent per step of a record (DCM_PIXELS_DEBUG_TIME).
struct DebugClock {
    var decode = 0.0, preCheck = 0.0, ocr = 0.0, lines = 0.0
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6
    }
    /// CPU milliseconds used by the calling thread.
    static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6
    }
    /// Milliseconds since `t`, which becomes now.
    static func since(_ t: inout Double) -> Double { let n = now(); defer { t = n }; return n - t }
}

/// Debugging switches read from the environment, printing to stderr.
enum DebugEnv {
    static func flag(_ name: String) -> Bool { getenv(name) != nil }
    static func say(_ s: String) { fputs(s + "\n", Glibc.stderr) }
}
