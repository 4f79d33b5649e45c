import DICOMCore
import DICOMObject
import DICOMPart10
import CSystemShims
#if canImport(Glibc)
import Glibc
#endif

/// Builds `ROOT/DICOMDIR` from a scan of every file under ROOT, so that it is right however
/// the tree was written (one run, several runs, several processes at once) and never holds
/// anything but the keys of the files it lists.
public enum FileSetWriter {
    /// What a scan found.
    public struct Summary: Sendable {
        /// Files listed in the DICOMDIR.
        public var listed = 0
        /// DICOM files left out (name not a PS3.10 file ID, no place in the hierarchy, ...).
        public var leftOut = 0
        /// Files that are not DICOM (reports, notes), left alone.
        public var notDICOM = 0
        public init() {}
    }

    /// The name of the DICOMDIR, at the root of the file-set (PS3.10 8.6).
    public static let fileName = "DICOMDIR"
    /// File-set ID (0004,1130), CS: at most 16 characters.
    public static let defaultFileSetID = "DCMDEID"

    /// Scans `root` and gathers the index. `onProblem(path, why, leftOut)` hears of each file
    /// not listed: `leftOut` is true for DICOM files that should have been.
    public static func scan(
        root: String, reader: Part10Reader = Part10Reader(),
        onProblem: (String, String, Bool) -> Void
    ) -> (FileSetIndex, Summary) {
        var index = FileSetIndex()
        var summary = Summary()
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let files = InputWalker.expand([root]) { p, why in
            onProblem(p, why, true); summary.leftOut += 1
        }
        for f in files {
            guard f.path.hasPrefix(prefix) else { continue }
            let rel = String(f.path.dropFirst(prefix.count))
            let base = rel.split(separator: "/").last.map(String.init) ?? rel
            // The DICOMDIR itself, and temporary files of writers still at work.
            if rel == fileName || base.hasPrefix(".") { continue }
            let file: DICOMFile
            do { file = try reader.read(source: mapped(f.path)) } catch let e as DICOMReadError where e.kind == .notDICOM {
                summary.notDICOM += 1; onProblem(f.path, "not DICOM", false); continue
            } catch { summary.leftOut += 1; onProblem(f.path, "\(error)", true); continue }
            guard let id = FileSetID.components(of: rel) else {
                summary.leftOut += 1
                onProblem(
                    f.path, "not listed in the DICOMDIR: its name is not a PS3.10 file ID (at most 8 components of at most 8 characters A-Z, 0-9, _)",
                    true)
                continue
            }
            if let why = index.add(file, fileID: id) {
                summary.leftOut += 1
                onProblem(f.path, "not listed in the DICOMDIR: \(why)", true)
            } else {
                summary.listed += 1
            }
        }
        return (index, summary)
    }

    /// The file mapped, not read: the scan parses the elements before and around the pixel
    /// data, which stays a reference, so the pixels of a tree just written are not read back
    /// (`FileSource` reads files under 32 MiB whole).
    static func mapped(_ path: String) throws -> ByteSource {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DICOMReadError(.io, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { throw DICOMReadError(.io, "not a regular file") }
        let size = Int(st.st_size)
        if size < 1 << 16 { return try FileSource.open(path) }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw DICOMReadError(.io, "cannot map: \(String(cString: strerror(errno)))")
        }
        return ByteSource(buffer: UnsafeRawBufferPointer(start: p, count: size), release: { munmap(p, size) })
    }

    /// The DICOMDIR bytes for an index. Its SOP Instance UID is derived from the records,
    /// so the same tree always gives the same file.
    public static func encode(_ index: FileSetIndex, fileSetID: String = defaultFileSetID) throws -> [UInt8] {
        let roots = index.records()
        var h1: UInt64 = 0xCBF2_9CE4_8422_2325, h2: UInt64 = 0x8422_2325_CBF2_9CE4
        func mix(_ ds: DataSet) {
            for e in ds.elements {
                for b in e.bytes ?? [] { h1 = (h1 ^ UInt64(b)) &* 0x100_0000_01B3; h2 = (h2 ^ UInt64(b)) &* 0x100_0000_01B3 }; h2 = h2 &+ 1
            }
        }
        func walk(_ rs: [DirectoryRecord]) { for r in rs { mix(r.keys); walk(r.children) } }
        walk(roots)
        let uid = "2.25." + String(UInt128(h1) << 64 | UInt128(h2))
        let info = BasicDirectory.MetaInfo(
            sopInstanceUID: uid, implementationClassUID: OutputTree.implementationClassUID,
            implementationVersionName: OutputTree.implementationVersionName)
        return try BasicDirectory.encode(roots: roots, fileSetID: fileSetID, meta: info)
    }

    /// Scans `root` and writes `root/DICOMDIR` atomically (a temporary file renamed over any
    /// previous one: the DICOMDIR is derived from the tree, so replacing it loses nothing).
    @discardableResult
    public static func write(
        root: String, fileSetID: String = defaultFileSetID, reader: Part10Reader = Part10Reader(),
        onProblem: (String, String, Bool) -> Void
    ) throws -> Summary {
        let (index, summary) = scan(root: root, reader: reader, onProblem: onProblem)
        let bytes = try encode(index, fileSetID: fileSetID)
        let dir = root.isEmpty ? "." : root
        let dest = (dir.hasSuffix("/") ? dir : dir + "/") + fileName
        // The DICOMDIR is derived from the tree, so replacing a previous one loses nothing.
        try TemporaryFiles.writeAtomically(dest, in: dir, replace: true) { fd in
            try bytes.withUnsafeBytes { try OutputTree.writeAll(fd, $0) }
        }
        return summary
    }
}
