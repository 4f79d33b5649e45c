import XCTest
import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
@testable import DICOMPixels
@testable import DeidPixels

/// Builders for generated images of known content.
enum Gen {
    static func us(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }

    /// A record holding `pixels` (already encoded for `ts`) with the geometry's header.
    static func record(
        _ g: ImageGeometry, pixels: [UInt8], ts: TransferSyntax = .explicitVRLittleEndian,
        modality: String = "OT", name: String = "MORRIS^TED", id: String = "4711235",
        extra: [Element] = []
    ) -> Record {
        var ds = DataSet()
        ds.setString(Tag(0x0008_0016), "1.2.840.10008.5.1.4.1.1.7", vr: .UI)
        ds.setString(Tag(0x0008_0018), "1.2.3.4.5", vr: .UI)
        ds.setString(Tag(0x0008_0060), modality, vr: .CS)
        ds.setString(Tag(0x0010_0010), name, vr: .PN)
        ds.setString(Tag(0x0010_0020), id, vr: .LO)
        ds.setString(Tag(0x0010_0030), "19620315", vr: .DA)
        ds.insert(Element(tag: Tag(0x0028_0002), vr: .US, bytes: us(g.samplesPerPixel)))
        ds.setString(Tag(0x0028_0004), g.photometric, vr: .CS)
        if g.frames > 1 { ds.setString(Tag(0x0028_0008), String(g.frames), vr: .IS) }
        if g.samplesPerPixel > 1 { ds.insert(Element(tag: Tag(0x0028_0006), vr: .US, bytes: us(g.planar ? 1 : 0))) }
        ds.insert(Element(tag: Tag(0x0028_0010), vr: .US, bytes: us(g.rows)))
        ds.insert(Element(tag: Tag(0x0028_0011), vr: .US, bytes: us(g.columns)))
        ds.insert(Element(tag: Tag(0x0028_0100), vr: .US, bytes: us(g.bitsAllocated)))
        ds.insert(Element(tag: Tag(0x0028_0101), vr: .US, bytes: us(g.bitsStored)))
        ds.insert(Element(tag: Tag(0x0028_0102), vr: .US, bytes: us(g.bitsStored - 1)))
        ds.insert(Element(tag: Tag(0x0028_0103), vr: .US, bytes: us(g.signed ? 1 : 0)))
        for e in extra { ds.insert(e) }
        var px = Element(
            tag: .pixelData, vr: g.bitsAllocated > 8 && !ts.encapsulated ? .OW : .OB,
            value: .bulk(BulkData(bytes: pixels, encapsulated: ts.encapsulated)))
        px.undefinedLength = ts.encapsulated
        ds.insert(px)
        var meta = DataSet()
        meta.setString(.transferSyntaxUID, ts.uid, vr: .UI)
        let file = DICOMFile(meta: meta, dataset: ds, transferSyntax: ts)
        return Record(source: "generated", file: file)
    }

    /// A frame with a smooth background and text drawn at full contrast.
    /// `light`: light text on a dark background (else dark on light).
    static func frame(
        _ g: ImageGeometry, texts: [(String, Int, Int)], light: Bool = true, scale: Int = 1,
        seed: Int = 0
    ) -> (FrameBuffer, [PixelRect]) {
        var fb = FrameBuffer(zeroLike: g)
        let (lo, hi) = fb.range
        let span = Int64(hi) - Int64(lo)
        for y in 0..<g.rows {
            for x in 0..<g.columns {
                // Background in the middle third of the range, varying slowly.
                let t = Int64(x + y + seed)
                let v = Int64(lo) + span / 3 + span * t / Int64(3 * (g.rows + g.columns + 64))
                for s in 0..<g.samplesPerPixel { fb.set(x, y, s, Int32(v)) }
            }
        }
        var boxes: [PixelRect] = []
        for (text, x0, y0) in texts {
            // A plate behind the text, as devices draw it, so it reads at any background.
            let (tw, th) = Glyphs.size(text)
            let plate = PixelRect(x: x0 - 6, y: y0 - 6, width: tw * scale + 12, height: th * scale + 12)
                .clipped(width: g.columns, height: g.rows)
            for y in plate.y..<plate.maxY {
                for x in plate.x..<plate.maxX {
                    for s in 0..<g.samplesPerPixel { fb.set(x, y, s, light ? lo : hi) }
                }
            }
            boxes.append(
                Glyphs.draw(text, x0: x0, y0: y0, scale: scale) { x, y in
                    guard x < g.columns, y < g.rows else { return }
                    for s in 0..<g.samplesPerPixel { fb.set(x, y, s, light ? hi : lo) }
                })
        }
        return (fb, boxes)
    }

    /// Native pixel data of `frames` (interleaved samples).
    static func native(_ frames: [FrameBuffer]) -> [UInt8] { frames.flatMap { $0.bytes } }
}

extension FrameBuffer {
    /// Whether every pixel of `r` holds the values `v`.
    func allEqual(_ r: PixelRect, _ v: [Int32]) -> Bool {
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { for s in 0..<samples where value(x, y, s) != v[min(s, v.count - 1)] { return false } } }
        return true
    }
    func sameRegion(_ r: PixelRect, as o: FrameBuffer) -> Bool {
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { for s in 0..<samples where value(x, y, s) != o.value(x, y, s) { return false } } }
        return true
    }
}

extension OCREngine {
    /// An engine, or a skip of the test where Tesseract's eng model is not installed.
    static func installedOrSkip() throws -> OCREngine {
        guard let engine = try? OCREngine() else { throw XCTSkip("Tesseract's eng model is not installed") }
        return engine
    }
}
