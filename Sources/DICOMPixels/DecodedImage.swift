import DICOMCore
import DICOMObject

/// Read-only access to the frames of an image's pixel data, through the same decoders the
/// pixel stage uses, for tools that look at pixels without masking them (dcm-review).
public struct DecodedImage {
    public let geometry: ImageGeometry
    public let encoding: PixelEncoding
    public let source: FrameSource

    /// Decodes nothing yet: checks the geometry and splits encapsulated data into frames.
    public init(data: [UInt8], transferSyntax: TransferSyntax, dataset: DataSet) throws {
        let g = try ImageGeometry(dataset)
        let e = PixelEncoding(transferSyntax, bitsAllocated: g.bitsAllocated)
        if case .unsupported(let name) = e { throw PixelError("pixel data in \(name) cannot be decoded here", cause: .unsupportedSyntax) }
        geometry = g
        source = try FrameSource(data: data, encoding: e, geometry: g, dataset: dataset)
        encoding = source.encoding
    }

    public var frames: Int { geometry.frames }

    /// Photometric interpretation of the decoded samples (JPEG 2000 colour decodes to RGB).
    public var decodedPhotometric: String { source.decodedPhotometric }

    /// The stored values of frame `i`, or nil for 8-bit JPEG, which is only decoded to luminance.
    public func values(_ i: Int) throws -> FrameBuffer? {
        if encoding == .jpeg && !source.is12Bit(i) { return nil }
        return try source.frame(i)
    }

    /// Frame `i` as 8-bit luminance, as OCR sees it.
    public func gray(_ i: Int) throws -> GrayImage { try source.gray(i) }

    /// The palette of a PALETTE COLOR image.
    public var palette: Palette? { source.palette }
}
