import DICOMCore
import DICOMObject

/// Why pixel data could not be read or written back.
public struct PixelError: Error, CustomStringConvertible, Sendable, ClassifiedError {
    public var description: String
    /// Undecodable pixels unless the site that throws says otherwise (a transfer syntax
    /// that no decoder here reads).
    public var failureCause: FailureCause
    public init(_ message: String, cause: FailureCause = .undecodablePixels) {
        description = message; failureCause = cause
    }
}

/// How the pixel data of an image is laid out, from the Image Pixel module.
public struct ImageGeometry: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var frames: Int
    public var samplesPerPixel: Int
    public var bitsAllocated: Int
    public var bitsStored: Int
    public var signed: Bool
    /// Planar Configuration 1: all samples of one colour plane, then the next.
    public var planar: Bool
    public var photometric: String

    public init(
        rows: Int, columns: Int, frames: Int = 1, samplesPerPixel: Int = 1, bitsAllocated: Int = 8,
        bitsStored: Int? = nil, signed: Bool = false, planar: Bool = false, photometric: String = "MONOCHROME2"
    ) {
        self.rows = rows; self.columns = columns; self.frames = frames; self.samplesPerPixel = samplesPerPixel
        self.bitsAllocated = bitsAllocated; self.bitsStored = bitsStored ?? bitsAllocated; self.signed = signed
        self.planar = planar; self.photometric = photometric
    }

    /// Reads the geometry of `ds`; throws when a required attribute is missing or unusable.
    public init(_ ds: DataSet) throws {
        guard let r = ds.uint(Tag.rows), let c = ds.uint(Tag.columns), r > 0, c > 0 else {
            throw PixelError("Rows or Columns missing or zero")
        }
        rows = Int(r); columns = Int(c)
        frames = max(1, Int(ds.string(Tag.numberOfFrames)?.trimmingSpaces() ?? "1") ?? 1)
        samplesPerPixel = Int(ds.uint(Tag.samplesPerPixel) ?? 1)
        guard let ba = ds.uint(Tag.bitsAllocated) else { throw PixelError("Bits Allocated missing") }
        bitsAllocated = Int(ba)
        bitsStored = Int(ds.uint(Tag.bitsStored) ?? ba)
        signed = (ds.uint(Tag.pixelRepresentation) ?? 0) == 1
        planar = (ds.uint(Tag.planarConfiguration) ?? 0) == 1
        photometric = ds.string(Tag.photometricInterpretation)?.trimmingSpaces().uppercased() ?? (samplesPerPixel == 3 ? "RGB" : "MONOCHROME2")
        guard [1, 8, 16, 32].contains(bitsAllocated) else { throw PixelError("Bits Allocated \(bitsAllocated) is not supported") }
        guard samplesPerPixel == 1 || samplesPerPixel == 3 else { throw PixelError("Samples per Pixel \(samplesPerPixel) is not supported") }
        guard bitsStored >= 1 && bitsStored <= bitsAllocated else { throw PixelError("Bits Stored \(bitsStored) is out of range") }
    }

    /// Native YBR_FULL_422: two luminance samples share one pair of chroma samples.
    public var isSubsampled422: Bool { samplesPerPixel == 3 && photometric == "YBR_FULL_422" }

    /// Bytes of one frame in native (uncompressed) encoding.
    public var nativeFrameBytes: Int {
        if bitsAllocated == 1 { return (rows * columns * samplesPerPixel + 7) / 8 }
        if isSubsampled422 { return rows * ((columns + 1) / 2) * 4 * (bitsAllocated / 8) }
        return rows * columns * samplesPerPixel * (bitsAllocated / 8)
    }

    /// Bytes per sample in a decoded frame buffer (1-bit data is unpacked to bytes).
    public var bytesPerSample: Int { max(1, bitsAllocated / 8) }
}
