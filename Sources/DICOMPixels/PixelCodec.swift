import DICOMCore

/// The pixel encodings this stage reads and writes, by transfer syntax.
public enum PixelEncoding: Sendable, Equatable {
    case native
    case rle
    /// JPEG baseline or extended, masked in the DCT domain: 8-bit frames through
    /// libjpeg, 12-bit ones through libijg12 (chosen per frame from the SOF precision).
    case jpeg
    case jpegLS
    case jpeg2000
    /// High-Throughput JPEG 2000 (HTJ2K, Part 15): decoded by OpenJPEG like JPEG 2000.
    /// There is no HT encoder here, so masked images are written back as JPEG 2000
    /// Lossless Only (a Part 1 codestream, reversible).
    case htj2k
    /// JPEG Lossless process 14 (any predictor, or selection value 1): decoded here, no
    /// encoder, so masked images are written back as Explicit VR Little Endian.
    case jpegLossless
    /// Deflated Image Frame Compression: each frame a raw deflate stream of its native
    /// bytes (zlib); masked frames are deflated again, in the same transfer syntax.
    case deflate
    /// A syntax with no decoder here.
    case unsupported(String)

    public init(_ ts: TransferSyntax, bitsAllocated: Int) {
        if !ts.encapsulated { self = .native; return }
        switch ts.uid {
        case "1.2.840.10008.1.2.5": self = .rle
        case "1.2.840.10008.1.2.4.50": self = .jpeg
        case "1.2.840.10008.1.2.4.51": self = .jpeg
        case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81": self = .jpegLS
        case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91": self = .jpeg2000
        case "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203": self = .htj2k
        case "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70": self = .jpegLossless
        case "1.2.840.10008.1.2.8.1": self = .deflate
        default: self = .unsupported(ts.name)
        }
    }

    /// JPEG 2000 codestreams of either kind (decoded to RGB when colour is transformed).
    public var isJPEG2000: Bool { self == .jpeg2000 || self == .htj2k }

    public var name: String {
        switch self {
        case .native: return "native"
        case .rle: return "rle"
        case .jpeg: return "jpeg"
        case .jpegLS: return "jpeg-ls"
        case .jpeg2000: return "jpeg2000"
        case .htj2k: return "htj2k"
        case .jpegLossless: return "jpeg-lossless"
        case .deflate: return "deflate"
        case .unsupported(let n): return n
        }
    }
}
