import DICOMPixels

/// A frame's gray picture with its halving (`GrayImage.reduced(2)`), made when first asked
/// for and then kept: the pre-check, the faint look and the outlined look of a large frame
/// each look at it halved, and halving once gives each the same pixels for a third of the
/// cost. One frame's looks run in turn on one thread (not shared across threads).
final class HalvedPicture {
    /// The picture at full size.
    let frame: GrayImage
    private var made: GrayImage?

    init(_ frame: GrayImage) { self.frame = frame }

    /// `frame` with its halving already made (by the caller, or a test's own picture).
    init(_ frame: GrayImage, halved: GrayImage) { self.frame = frame; made = halved }

    /// Whether the halving has been made (or given).
    var isMade: Bool { made != nil }

    /// `frame` halved, each pixel the mean of a 2 x 2 block.
    var halved: GrayImage {
        if let made { return made }
        let h = frame.reduced(2)
        made = h
        return h
    }

    /// `frame` reduced by `f` (`GrayImage.reduced`): the kept halving for 2.
    func reduced(_ f: Int) -> GrayImage { f == 2 ? halved : frame.reduced(f) }
}
