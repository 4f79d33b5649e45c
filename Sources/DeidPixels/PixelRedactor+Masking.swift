import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMPixels
import DICOMStream
import Glibc

/// Masking: boxes of the words to mask joined and merged, the fill value, and what a masked
/// image declares (overlays removed, Burned In Annotation NO, Clean Pixel Data).
extension PixelRedactor {
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
                w.box.y < prev.maxY && prev.y < w.box.maxY
            {
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
            outer: for i in out.indices {
                for j in out.indices where j > i && out[i].padded(1).intersects(out[j]) {
                    out[i] = out[i].union(out[j]); out.remove(at: j); changed = true; break outer
                }
            }
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
        let seqTag = Tag.deidentificationMethodCodeSequence
        var items = ds[seqTag]?.items ?? []
        if items.contains(where: { $0.string(Tag.codeValue) == "113101" }) { return }
        var item = DataSet()
        item.setString(Tag.codeValue, "113101", vr: .SH)
        item.setString(Tag.codingSchemeDesignator, "DCM", vr: .SH)
        item.setString(Tag.codeMeaning, "Clean Pixel Data Option", vr: .LO)
        items.append(item)
        ds.insert(Element(tag: seqTag, vr: .SQ, value: .items(items)))
    }
}
