import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMPixels
import DICOMStream
import Glibc

/// Reading: the pictures handed to OCR (crops, enlargement, margins), the two reads of each
/// and how their words are merged and grouped into lines.
extension PixelRedactor {
    /// OCR of the candidate regions: each read on its own (small ones enlarged, light
    /// text on dark inverted); when they cover most of the frame, the frame is read whole.
    /// `masked` tells which of a picture's words will be masked whatever else is read.
    func read(
        _ gray: GrayImage, regions: [PixelRect], colour: Bool = false,
        masked: (([OCRWord]) -> Set<Int>)? = nil
    ) -> [OCRWord] {
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
        /// Whether what the sparse read leaves is read again in automatic mode. Not for
        /// extreme views: they are binary marks on white, without the shaded boxes and
        /// dense blocks the automatic mode is there for (dev set: 105 such reads, 4% of the
        /// stage; dev set and corpus outputs byte for byte the same without them).
        var secondRead = true
        /// Mean confidence under which the automatic read reads a line again inverted
        /// (nil: `OCREngine.autoInvertBelow`).
        var invertBelow: Double? = nil
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
                    out.append(Picture(image: view, scale: 1, origin: (0, 0), secondRead: false))
                } else {
                    out += regionPictures(view, regions: found).map {
                        var p = $0; p.secondRead = false; return p
                    }
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
        for (i, p) in pictures.enumerated() where p.secondRead {
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
                rest.append((i, OCRJob(image: left, sparse: false, scale: p.scale, origin: p.origin, purpose: purpose, invertBelow: p.invertBelow)))
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
                DebugEnv.say(
                    "second \(pictures[i].image.width)x\(pictures[i].image.height): \(more[i].count) words, \(hits.count) identifying: "
                        + hits.map { lined[$0].text }.joined(separator: " "))
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
        for (k, w) in sparse.enumerated()
        where w.isSure || identifying.contains(k)
            || !automatic.contains(where: { $0.box.overlapArea(w.box) * 2 >= w.box.width * w.box.height })
        {
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
        return words.indices.map {
            var w = words[$0]; w.line = lineOf[$0]; return w
        }
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
            out.append(framedPicture(crop, region: r, scale: scale))
        }
        return out
    }

    /// The picture read for `crop` of `region` (frame pixels) enlarged by `scale`, with a
    /// white margin: it helps Tesseract find glyphs touching the crop's edge.
    func framedPicture(_ crop: GrayImage, region r: PixelRect, scale: PictureScale) -> Picture {
        let border = 10
        let framed = Self.framed(crop, border: border)
        debugDump?(framed)
        return Picture(
            image: framed, scale: scale, origin: (Double(r.x) - Double(border) / scale.x, Double(r.y) - Double(border) / scale.y))
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
}
