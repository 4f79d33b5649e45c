import DICOMCore
import DICOMObject
import DICOMPixels

/// Other renderings of a monochrome frame for the faint-text look: the first view maps the
/// stored data's whole range to 0-255, so when a few outlying values (a marker, a padding
/// value) stretch that range, the levels that hold the image and its text are squeezed
/// into a few grey levels. The file's VOI window, and the range between the 0.5th and
/// 99.5th percentiles of the stored values, give them back their contrast.
enum LevelViews {
    /// Stored value ranges worth rendering for a frame whose values span `full`: the
    /// window (given in stored values) and the percentile range, each only when it is
    /// under half the full range, and the percentile range only when it differs from the
    /// window.
    /// Whether `gray` (the first view) has its middle 99% of pixels within under half
    /// of the 256 levels: only then can another range lift it, and the frame is decoded
    /// again for one.
    static func squeezed(_ gray: GrayImage) -> Bool {
        let hist = gray.histogram, cut = gray.pixels.count / 200
        var lo = 0, hi = 255, seen = 0
        while lo < 255 && seen + hist[lo] <= cut { seen += hist[lo]; lo += 1 }
        seen = 0
        while hi > lo && seen + hist[hi] <= cut { seen += hist[hi]; hi -= 1 }
        return hi - lo < 128
    }

    static func ranges(_ fb: FrameBuffer, window: ClosedRange<Int32>?) -> [ClosedRange<Int32>] {
        guard fb.samples == 1, fb.bytesPerSample <= 2, let (full, pct) = spread(fb) else { return [] }
        let span = Int64(full.upperBound) - Int64(full.lowerBound)
        func narrow(_ r: ClosedRange<Int32>) -> Bool {
            let s = Int64(r.upperBound) - Int64(r.lowerBound)
            return s > 0 && 2 * s < span
        }
        var out: [ClosedRange<Int32>] = []
        if let w = window, narrow(w) { out.append(w) }
        if narrow(pct)
            && !out.contains(where: {
                abs(Int64($0.lowerBound) - Int64(pct.lowerBound)) * 4 < span && abs(Int64($0.upperBound) - Int64(pct.upperBound)) * 4 < span
            })
        {
            out.append(pct)
        }
        return out
    }

    /// The full range of the frame's values and the range from its 0.5th to 99.5th
    /// percentile (histogram of stored values, at most 16 bits).
    static func spread(_ fb: FrameBuffer) -> (full: ClosedRange<Int32>, percentile: ClosedRange<Int32>)? {
        let n = fb.width * fb.height
        guard n > 0 else { return nil }
        let offset: Int32 = fb.signed ? 32768 : 0
        var hist = [Int](repeating: 0, count: 65536)
        for y in 0..<fb.height { for x in 0..<fb.width { hist[Int(max(0, min(65535, fb.value(x, y, 0) + offset)))] += 1 } }
        guard let lo = hist.firstIndex(where: { $0 > 0 }), let hi = hist.lastIndex(where: { $0 > 0 }) else { return nil }
        let cut = n / 200
        var seen = 0, plo = lo
        while plo < hi && seen + hist[plo] <= cut { seen += hist[plo]; plo += 1 }
        seen = 0
        var phi = hi
        while phi > plo && seen + hist[phi] <= cut { seen += hist[phi]; phi -= 1 }
        return (Int32(lo) - offset...Int32(hi) - offset, Int32(plo) - offset...Int32(phi) - offset)
    }

    /// The frame with stored values `r` stretched over 0-255 (clipped outside), inverted
    /// for MONOCHROME1.
    static func render(_ fb: FrameBuffer, range r: ClosedRange<Int32>, inverted: Bool) -> GrayImage {
        let span = max(1, Int64(r.upperBound) - Int64(r.lowerBound))
        var px = [UInt8](repeating: 0, count: fb.width * fb.height)
        for y in 0..<fb.height {
            for x in 0..<fb.width {
                let v = min(max(Int64(fb.value(x, y, 0)), Int64(r.lowerBound)), Int64(r.upperBound))
                let g = UInt8((v - Int64(r.lowerBound)) * 255 / span)
                px[y * fb.width + x] = inverted ? 255 - g : g
            }
        }
        return GrayImage(width: fb.width, height: fb.height, pixels: px)
    }

    /// The first VOI window of `ds` in stored values (Rescale Slope and Intercept undone),
    /// or nil.
    static func window(_ ds: DataSet) -> ClosedRange<Int32>? {
        func number(_ t: UInt32) -> Double? {
            ds.string(Tag(t))?.split(separator: "\\").first.flatMap { Double(String($0.filter { $0 != " " })) }
        }
        guard let c = number(0x0028_1050), let w = number(0x0028_1051), w >= 1 else { return nil }
        let slope = number(0x0028_1053) ?? 1, intercept = number(0x0028_1052) ?? 0
        guard slope != 0 else { return nil }
        let a = ((c - 0.5 - (w - 1) / 2) - intercept) / slope, b = ((c - 0.5 + (w - 1) / 2) - intercept) / slope
        let lo = min(a, b), hi = max(a, b)
        guard lo.isFinite, hi.isFinite, hi - lo >= 1 else { return nil }
        return Int32(max(-2147483648, min(2147483647, lo.rounded(.down))))...Int32(max(-2147483648, min(2147483647, hi.rounded(.up))))
    }
}
