@testable import DICOMPixels
@testable import DeidPixels
import Synchronization

/// Draws the pre-rendered texts of GlyphFixtures (DejaVu Sans Bold 18, Sans Mono 16,
/// Serif 22) into generated test images.
enum Glyphs {
    /// The font `draw` and `size` use (set by a test, reset after it).
    static var font: String {
        get { currentFont.withLock { $0 } }
        set { currentFont.withLock { $0 = newValue } }
    }
    private static let currentFont = Mutex("sans")

    /// Calls `plot(x, y)` for every set pixel of `text` drawn at (x0, y0), each bitmap
    /// pixel `scale` pixels wide; returns the drawn text's box.
    @discardableResult
    static func draw(_ text: String, x0: Int, y0: Int, scale: Int = 1, plot: (Int, Int) -> Void) -> PixelRect {
        guard let b = GlyphFixtures.bitmaps["\(font):\(text)"] else { fatalError("no fixture for \(font):\(text)") }
        let bytes = Array(b.hex.utf8)
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
        let stride = (b.width + 7) / 8
        for y in 0..<b.height {
            for x in 0..<b.width {
                let i = (y * stride + x / 8) * 2
                let byte = nibble(bytes[i]) << 4 | nibble(bytes[i + 1])
                if byte & (0x80 >> UInt8(x % 8)) != 0 {
                    for dy in 0..<scale { for dx in 0..<scale { plot(x0 + x * scale + dx, y0 + y * scale + dy) } }
                }
            }
        }
        return PixelRect(x: x0, y: y0, width: b.width * scale, height: b.height * scale)
    }

    /// A `width` x `height` picture of `ground` with each line's text drawn in `ink` at
    /// (x0, y), and the lines' boxes.
    static func picture(
        width w: Int, height h: Int, ground: UInt8, ink: UInt8, x0: Int, scale: Int = 1, lines: [(String, Int)]
    ) -> (image: GrayImage, boxes: [PixelRect]) {
        var px = [UInt8](repeating: ground, count: w * h)
        let boxes = lines.map { text, y in draw(text, x0: x0, y0: y, scale: scale) { x, y in px[y * w + x] = ink } }
        return (GrayImage(width: w, height: h, pixels: px), boxes)
    }

    static func size(_ text: String) -> (Int, Int) {
        let b = GlyphFixtures.bitmaps["\(font):\(text)"]!
        return (b.width, b.height)
    }
}
