/// How many picture pixels an OCR picture has per frame pixel, across and down (crops
/// are enlarged less across than down: PixelRedactor.acrossFraction).
public struct PictureScale: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
    /// The same factor both ways.
    public init(_ f: Double) { x = f; y = f }
    public init(floatLiteral f: Double) { self.init(f) }
    public init(integerLiteral f: Int) { self.init(Double(f)) }
}
