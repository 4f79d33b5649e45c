/// How a data set is encoded (PS3.5 10, Annex A).
public struct TransferSyntax: Hashable, Sendable {
    public let uid: String
    public let explicitVR: Bool
    public let bigEndian: Bool
    /// The data set after the file meta group is a raw deflate stream.
    public let deflated: Bool
    /// Pixel data is a sequence of fragments (compressed or otherwise encapsulated).
    public let encapsulated: Bool

    public init(uid: String, explicitVR: Bool, bigEndian: Bool, deflated: Bool, encapsulated: Bool) {
        self.uid = uid; self.explicitVR = explicitVR; self.bigEndian = bigEndian
        self.deflated = deflated; self.encapsulated = encapsulated
    }

    public static let implicitVRLittleEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2", explicitVR: false, bigEndian: false, deflated: false, encapsulated: false)
    public static let explicitVRLittleEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2.1", explicitVR: true, bigEndian: false, deflated: false, encapsulated: false)
    public static let deflatedExplicitVRLittleEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2.1.99", explicitVR: true, bigEndian: false, deflated: true, encapsulated: false)
    public static let explicitVRBigEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2.2", explicitVR: true, bigEndian: true, deflated: false, encapsulated: false)
    public static let jpeg2000Lossless = TransferSyntax(uid: "1.2.840.10008.1.2.4.90")

    /// The syntax named by `uid`. Unknown UIDs are taken as encapsulated Explicit VR Little
    /// Endian, which is what every compressed syntax defined so far uses (PS3.5 A.4).
    public init(uid rawUID: String) {
        let uid = TransferSyntax.trimmed(rawUID)
        switch uid {
        case "1.2.840.10008.1.2": self = .implicitVRLittleEndian
        case "1.2.840.10008.1.2.1": self = .explicitVRLittleEndian
        case "1.2.840.10008.1.2.1.99": self = .deflatedExplicitVRLittleEndian
        case "1.2.840.10008.1.2.2": self = .explicitVRBigEndian
        // Deflated Image Frame Compression: pixel data is encapsulated, the data set is not deflated.
        default: self = TransferSyntax(uid: uid, explicitVR: true, bigEndian: false, deflated: false, encapsulated: true)
        }
    }

    /// Whether this toolkit knows the syntax by name (otherwise it was assumed encapsulated).
    public var isKnown: Bool { TransferSyntax.names[uid] != nil }
    public var name: String { TransferSyntax.names[uid] ?? uid }

    static func trimmed(_ s: String) -> String {
        var u = Substring(s)
        while let l = u.last, l == " " || l == "\0" { u.removeLast() }
        while let f = u.first, f == " " { u.removeFirst() }
        return String(u)
    }

    static let names: [String: String] = [
        "1.2.840.10008.1.2": "Implicit VR Little Endian",
        "1.2.840.10008.1.2.1": "Explicit VR Little Endian",
        "1.2.840.10008.1.2.1.98": "Encapsulated Uncompressed Explicit VR Little Endian",
        "1.2.840.10008.1.2.1.99": "Deflated Explicit VR Little Endian",
        "1.2.840.10008.1.2.2": "Explicit VR Big Endian",
        "1.2.840.10008.1.2.4.50": "JPEG Baseline (Process 1)",
        "1.2.840.10008.1.2.4.51": "JPEG Extended (Process 2 & 4)",
        "1.2.840.10008.1.2.4.57": "JPEG Lossless, Non-Hierarchical (Process 14)",
        "1.2.840.10008.1.2.4.70": "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 SV1)",
        "1.2.840.10008.1.2.4.80": "JPEG-LS Lossless",
        "1.2.840.10008.1.2.4.81": "JPEG-LS Lossy (Near-Lossless)",
        "1.2.840.10008.1.2.4.90": "JPEG 2000 (Lossless Only)",
        "1.2.840.10008.1.2.4.91": "JPEG 2000",
        "1.2.840.10008.1.2.4.92": "JPEG 2000 Part 2 Multi-component (Lossless Only)",
        "1.2.840.10008.1.2.4.93": "JPEG 2000 Part 2 Multi-component",
        "1.2.840.10008.1.2.4.94": "JPIP Referenced",
        "1.2.840.10008.1.2.4.95": "JPIP Referenced Deflate",
        "1.2.840.10008.1.2.4.100": "MPEG2 Main Profile / Main Level",
        "1.2.840.10008.1.2.4.101": "MPEG2 Main Profile / High Level",
        "1.2.840.10008.1.2.4.102": "MPEG-4 AVC/H.264 High Profile / Level 4.1",
        "1.2.840.10008.1.2.4.103": "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1",
        "1.2.840.10008.1.2.4.104": "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video",
        "1.2.840.10008.1.2.4.105": "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video",
        "1.2.840.10008.1.2.4.106": "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2",
        "1.2.840.10008.1.2.4.107": "HEVC/H.265 Main Profile / Level 5.1",
        "1.2.840.10008.1.2.4.108": "HEVC/H.265 Main 10 Profile / Level 5.1",
        "1.2.840.10008.1.2.4.201": "High-Throughput JPEG 2000 (Lossless Only)",
        "1.2.840.10008.1.2.4.202": "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)",
        "1.2.840.10008.1.2.4.203": "High-Throughput JPEG 2000",
        "1.2.840.10008.1.2.5": "RLE Lossless",
        "1.2.840.10008.1.2.8.1": "Deflated Image Frame Compression"
    ]
}
