import DeidPixels
import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMPixels
#if canImport(Glibc)
import Glibc
#endif

extension Review {
    /// Compares the pixels of an original and its output and writes the thumbnails.
    ///
    /// The output carries no note of what the pixel stage did, so it is inferred: pixel
    /// data absent, bytes identical (read and left, or not read: the default read policy
    /// on the original's header tells which), or different (masked; the boxes are where
    /// the decoded frames differ).
    func reviewPixels(_ original: DICOMFile, _ output: DICOMFile, into entry: inout FileEntry) {
        guard let pa = original.dataset[.pixelData] else { entry.pixels = .notRead(PixelReason.noPixelData); return }
        guard let pb = output.dataset[.pixelData] else { entry.pixels = .notRead(PixelReason.removed); return }
        guard let a = try? bytes(pa), let b = try? bytes(pb) else { entry.pixels = .notRead("pixel data unreadable"); return }
        let decision = ReadPolicy.default.decide(original.dataset)
        if a == b && original.transferSyntax == output.transferSyntax {
            guard decision.read else { entry.pixels = .notRead("policy (\(decision.reason))"); return }
            let image: DecodedImage
            do { image = try DecodedImage(data: b, transferSyntax: output.transferSyntax, dataset: output.dataset) } catch {
                entry.pixels = .notRead("undecodable (\(error))"); return
            }
            entry.frames = image.frames
            entry.pixels = .unchanged
            if let (g, _) = try? render(image, 0, window: nil) {
                let t = Thumbnail.png(g, boxes: [], maxSide: options.smallSide)
                if let name = save(t.png, entry.number, 0, "a") {
                    entry.thumbs = [FrameThumbs(frame: 0, before: nil, after: name, width: t.width, height: t.height, boxes: [])]
                }
            }
            return
        }
        let before: DecodedImage, after: DecodedImage
        do {
            before = try DecodedImage(data: a, transferSyntax: original.transferSyntax, dataset: original.dataset)
            after = try DecodedImage(data: b, transferSyntax: output.transferSyntax, dataset: output.dataset)
        } catch {
            entry.pixels = .notRead("undecodable (\(error))"); return
        }
        entry.pixels = .masked
        entry.frames = after.frames
        for i in 0..<min(before.frames, after.frames) {
            // Each frame decoded once: its values for the difference, its picture for the thumbnails.
            let vb = try? before.values(i), va = try? after.values(i)
            guard let (gb, window) = try? render(before, i, window: nil, values: vb),
                let (ga, _) = try? render(after, i, window: window, values: va)
            else { continue }
            var mask: [Bool]? = nil
            if let vb, let va { mask = BoxFinder.difference(vb, va) }
            guard let m = mask ?? BoxFinder.difference(gb, ga) else { continue }
            let boxes = BoxFinder.boxes(m, width: gb.width, height: gb.height)
            guard !boxes.isEmpty else { continue }
            entry.changedFrames.append(i)
            entry.boxes = max(entry.boxes, boxes.count)
            guard entry.thumbs.count < options.framesShown else { continue }
            var beforeName: String? = nil
            if !options.noBefore {
                let t = Thumbnail.png(gb, boxes: boxes, maxSide: options.thumbSide)
                beforeName = save(t.png, entry.number, i, "b")
            }
            let t = Thumbnail.png(ga, boxes: boxes, maxSide: options.thumbSide)
            if let name = save(t.png, entry.number, i, "a") {
                entry.thumbs.append(FrameThumbs(frame: i, before: beforeName, after: name, width: t.width, height: t.height, boxes: boxes))
            }
        }
        if entry.changedFrames.isEmpty {
            // Re-encoded (another transfer syntax, the same pictures): nothing was masked.
            entry.pixels = decision.read ? .unchanged : .notRead("policy (\(decision.reason))")
            if let (g, _) = try? render(after, 0, window: nil) {
                let t = Thumbnail.png(g, boxes: [], maxSide: options.smallSide)
                if let name = save(t.png, entry.number, 0, "a") {
                    entry.thumbs = [FrameThumbs(frame: 0, before: nil, after: name, width: t.width, height: t.height, boxes: [])]
                }
            }
        }
    }

    /// Frame `i` as gray levels: monochrome through `window` (the original's range when
    /// nil, which is returned for the output's frame), other images as the pixel stage renders them.
    func render(_ image: DecodedImage, _ i: Int, window: Window?, values: FrameBuffer?? = nil) throws -> (GrayImage, Window?) {
        let decoded = try values ?? image.values(i)
        if let fb = decoded, let w = window ?? Window(fb, photometric: image.decodedPhotometric) {
            return (w.render(fb), w)
        }
        return (try image.gray(i), nil)
    }

    func bytes(_ e: Element) throws -> [UInt8] {
        if let b = e.bytes { return b }
        if let bulk = e.bulk { return try bulk.loadBytes() }
        return []
    }

    /// `img/NNN/NNNNNN-fF-K.png`: only the run's file number, a thousand files a folder.
    static func thumbName(_ number: Int, _ frame: Int, _ kind: String) -> String {
        "img/" + pad(number / 1000, 3) + "/" + pad(number, 6) + "-f\(frame)-\(kind).png"
    }

    /// Writes a thumbnail; returns its name relative to the report directory.
    func save(_ png: [UInt8], _ number: Int, _ frame: Int, _ kind: String) -> String? {
        let name = Self.thumbName(number, frame, kind)
        let folder = options.reportDir + "/" + name.split(separator: "/").dropLast().joined(separator: "/")
        if mkdir(folder, 0o755) != 0 && errno != EEXIST { return nil }
        let path = options.reportDir + "/" + name
        guard let f = fopen(path, "wb") else { return nil }
        defer { fclose(f) }
        let n = png.withUnsafeBytes { fwrite($0.baseAddress, 1, png.count, f) }
        return n == png.count ? name : nil
    }
}

func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}
