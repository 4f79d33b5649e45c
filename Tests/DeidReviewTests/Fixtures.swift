import DICOMCore
import DICOMObject
import DICOMPart10
#if canImport(Glibc)
import Glibc
#endif

/// Originals and outputs built in code.
enum Fixture {
    static func element(_ tag: UInt32, _ vr: VR, _ text: String) -> Element {
        var b = Array(text.utf8)
        if b.count % 2 == 1 { b.append(vr.paddingByte) }
        return Element(tag: Tag(tag), vr: vr, bytes: b)
    }

    static func us(_ tag: UInt32, _ v: UInt16) -> Element {
        Element(tag: Tag(tag), vr: .US, bytes: [UInt8(v & 0xFF), UInt8(v >> 8)])
    }

    static func dataSet(_ elements: [Element]) -> DataSet {
        var ds = DataSet()
        for e in elements { ds.insert(e) }
        return ds
    }

    static func file(_ ds: DataSet) -> DICOMFile {
        var meta = DataSet()
        meta.insert(Element(tag: .fileMetaInformationVersion, vr: .OB, bytes: [0, 1]))
        meta.insert(element(0x0002_0002, .UI, ds.string(Tag(0x0008_0016)) ?? "1.2.840.10008.5.1.4.1.1.7"))
        meta.insert(element(0x0002_0003, .UI, ds.string(.sopInstanceUID) ?? ""))
        meta.insert(element(0x0002_0010, .UI, TransferSyntax.explicitVRLittleEndian.uid))
        return DICOMFile(preamble: [UInt8](repeating: 0, count: 128), meta: meta, dataset: ds, transferSyntax: .explicitVRLittleEndian)
    }

    /// A 64x48 8-bit secondary capture: a gradient with a bright "text" bar at (8,4) 30x6.
    static func image(sop: String, study: String, series: String, name: String, pixels: [UInt8]) -> DICOMFile {
        file(
            dataSet([
                element(0x0008_0016, .UI, "1.2.840.10008.5.1.4.1.1.7"),
                element(0x0008_0018, .UI, sop),
                element(0x0008_0060, .CS, "OT"),
                element(0x0010_0010, .PN, name),
                element(0x0020_000D, .UI, study),
                element(0x0020_000E, .UI, series),
                us(0x0028_0002, 1), element(0x0028_0004, .CS, "MONOCHROME2"),
                us(0x0028_0010, 48), us(0x0028_0011, 64), us(0x0028_0100, 8), us(0x0028_0101, 8),
                us(0x0028_0102, 7), us(0x0028_0103, 0),
                Element(tag: .pixelData, vr: .OB, bytes: pixels)
            ]))
    }

    static func pixels(bar: Bool) -> [UInt8] {
        var p = [UInt8](repeating: 0, count: 64 * 48)
        for y in 0..<48 { for x in 0..<64 { p[y * 64 + x] = UInt8(40 + x) } }
        if bar { for y in 4..<10 { for x in 8..<38 { p[y * 64 + x] = 250 } } }
        return p
    }

    static func write(_ f: DICOMFile, to path: String) throws {
        let bytes = try Part10Writer().encode(f)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, bytes.count) }
        close(fd)
    }

    static func tempDir() -> String {
        var t = Array("/tmp/deidreview.XXXXXX".utf8CString)
        let p = t.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return String(cString: p!)
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = [], buf = [UInt8](repeating: 0, count: 65536)
        while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; out += buf[0..<n] }
        return out
    }
}
