import DICOMPixels
/// Otsu's threshold over part of a histogram.
enum Otsu {
    /// The level in `range` that best splits the histogram's values in `range` into two
    /// classes (values below it are the darker class); nil when it holds fewer than two
    /// levels with pixels.
    static func threshold(_ hist: [Int], in range: Range<Int>) -> Int? {
        let n = range.reduce(0) { $0 + hist[$1] }
        let sum = range.reduce(0) { $0 + $1 * hist[$1] }
        var sumB = 0, wB = 0, best = 0.0, threshold: Int?
        for i in range {
            wB += hist[i]
            guard wB > 0 else { continue }
            let wF = n - wB
            if wF == 0 { break }
            sumB += i * hist[i]
            let mB = Double(sumB) / Double(wB), mF = Double(sum - sumB) / Double(wF)
            let between = Double(wB) * Double(wF) * (mB - mF) * (mB - mF)
            if between > best { best = between; threshold = i + 1 }
        }
        return threshold
    }
}
