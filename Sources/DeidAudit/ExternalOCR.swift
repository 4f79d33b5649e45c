import DcmToolSupport
#if canImport(Glibc)
import Glibc
#endif

/// The third read of `dcm-audit --ocr` (see `PixelOCR`), by other programs: the first
/// frame is rendered with `dcmj2pnm` (dcmtk: its own decoders, so a fault of ours in
/// decoding does not blind the audit; min-max window, scaled up so small burned-in fonts
/// reach Tesseract's preferred height) and read by the `tesseract` command with
/// `OMP_THREAD_LIMIT=1` (its OpenMP threads only contend on small machines). OCR is
/// fickle on noisy images: each read finds names the others miss (dev set). Both
/// programs are optional: the audit says when they are missing.
public struct ExternalOCR: Sendable {
    public let renderer: String
    public let tesseract: String
    /// Scale factor applied to frames narrower than 1024 pixels.
    public var scale = 2

    /// Finds both programs in `$PATH`; nil when either is missing.
    public init?() {
        guard let r = Subprocess.which("dcmj2pnm"), let t = Subprocess.which("tesseract") else { return nil }
        renderer = r; tesseract = t
    }

    /// The recognized text of the first frame of the file at `path`; nil when the file has
    /// no pixels that could be rendered.
    public func text(ofFile path: String, columns: Int? = nil) -> String? {
        var template = Array("/tmp/dcm-audit-ocr.XXXXXX".utf8CString)
        if let t = getenv("TMPDIR") { template = Array((String(cString: t) + "/dcm-audit-ocr.XXXXXX").utf8CString) }
        guard let dirPtr = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        let dir = String(cString: dirPtr)
        let png = dir + "/frame.png"
        defer { unlink(png); rmdir(dir) }
        var argv = [renderer, "+on", "+Wm", "+F", "1"]
        if (columns ?? 0) < 1024 { argv += ["+Sxf", String(scale)] }
        argv += [path, png]
        let r = Subprocess.run(argv)
        guard r.termination == .exited(0), access(png, R_OK) == 0 else { return nil }
        let t = Subprocess.run(
            [tesseract, png, "stdout", "--psm", "11", "-l", "eng"],
            environment: ["OMP_THREAD_LIMIT": "1"])
        guard t.termination == .exited(0) else { return nil }
        return String(decoding: t.output, as: UTF8.self)
    }
}
