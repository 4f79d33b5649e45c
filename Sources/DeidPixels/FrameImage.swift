import DICOMCore
import DICOMObject
import DICOMPixels
import DICOMStream

extension PixelRedactor {
    /// One frame of a record's image as the stage sees it before any view or crop: decoded
    /// with the stage's decoders and rendered to 8-bit gray (for dcm-audit's whole-frame
    /// read, which checks the stage's reading independently).
    public static func frameImage(_ record: Record, frame: Int = 0) throws -> GrayImage {
        let ds = record.file.dataset
        guard let bulk = ds[.pixelData]?.bulk else { throw PixelError("no pixel data to decode") }
        let g = try ImageGeometry(ds)
        guard frame >= 0, frame < g.frames else { throw PixelError("no frame \(frame)") }
        let encoding = PixelEncoding(record.file.transferSyntax, bitsAllocated: g.bitsAllocated)
        if case .unsupported(let name) = encoding { throw PixelError("pixel data in \(name) cannot be decoded here", cause: .unsupportedSyntax) }
        let source = try FrameSource(data: try bulk.loadBytes(), encoding: encoding, geometry: g, dataset: ds)
        return try source.gray(frame)
    }
}
