import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
import CSystemShims
#if canImport(Glibc)
import Glibc
#endif

/// Writes records as Part 10 files under an output directory: names from a layout
/// template of (de-identified) attribute values, atomic creation, no overwriting unless asked.
public struct OutputTree {
    public static let defaultLayout = "{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm"
    /// The layout of a file-set with a DICOMDIR: every component a PS3.10 file ID component
    /// (at most 8 characters of A-Z, 0-9), derived from the (de-identified) UIDs.
    public static let fileSetLayout = "{StudyInstanceUID:ID}/{SeriesInstanceUID:ID}/{SOPInstanceUID:ID}"
    /// This toolkit's Implementation Class UID and Version Name (file meta, PS3.7 D.3.3.2).
    public static let implementationClassUID = "2.25.164392275891943691819642175914736743836"
    public static let implementationVersionName = "DCMDEID_01"

    public let root: String
    public let layout: [LayoutPart]
    public var overwrite = false
    /// A file that exists with the bytes a record would have counts as done (see `put`).
    public var skipExisting = false
    /// The input each file of this run came from (and its SOP Instance UID), to name
    /// duplicates. Grows with the files written: a few dozen bytes each.
    private var writtenBy: [String: (source: String, sop: String)] = [:]
    /// Rewrite the file meta group even for records no stage changed.
    public var rewriteMeta = false
    /// Directories already created in this run, to spare repeated mkdir calls.
    private var madeDirectories = Set<String>()

    /// A piece of a layout: literal text, an attribute value reduced to safe characters,
    /// or (`{Keyword:ID}`) a PS3.10 file ID component derived from the value.
    public enum LayoutPart: Equatable { case literal(String); case attribute(Tag, String); case fileID(Tag, String) }

    public init(root: String, layout: String = OutputTree.defaultLayout) throws {
        self.root = root
        self.layout = try OutputTree.parseLayout(layout)
    }

    /// Whether every name this layout gives is a PS3.10 file ID: literals of A-Z, 0-9, _ and
    /// `/` only, every placeholder a `{Keyword:ID}`, at most 8 levels.
    public var givesFileIDs: Bool {
        var levels = 1
        for p in layout {
            switch p {
            case .attribute: return false
            case .fileID: break
            case .literal(let s):
                for c in s.utf8 {
                    if c == 0x2F { levels += 1; continue }
                    guard (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F else { return false }
                }
            }
        }
        return levels <= 8
    }

    /// Parses `{Keyword}` or `{GGGGEEEE}` placeholders in a layout template; a `:ID` suffix
    /// asks for the value as a PS3.10 file ID component (`FileSetID.component`).
    public static func parseLayout(_ s: String) throws -> [LayoutPart] {
        var parts: [LayoutPart] = []
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { throw ToolError("layout: unclosed '{' in \(s)") }
            var name = String(rest[rest.index(after: open)..<close])
            let asID = name.hasSuffix(":ID")
            if asID { name.removeLast(3) }
            let tag: Tag
            if let t = Tag(hex: name) {
                tag = t
            } else if let e = DataDictionary.entry(forKeyword: name) {
                tag = e.tag
            } else {
                throw ToolError("layout: unknown attribute {\(name)}")
            }
            parts.append(asID ? .fileID(tag, name) : .attribute(tag, name))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        guard !parts.isEmpty else { throw ToolError("layout is empty") }
        return parts
    }

    /// The relative path of a record's file. Values are reduced to `[A-Za-z0-9._-]`; a
    /// missing one becomes `unknown-` and a digest of the data set, so records without
    /// UIDs (DICOMDIRs, worklist queries) get distinct, reproducible names.
    public func relativePath(for ds: DataSet) -> String {
        var out = ""
        lazy var unknown: String = {
            let hex = String(ds.contentDigest, radix: 16)
            return "unknown-" + String(repeating: "0", count: 16 - hex.count) + hex
        }()
        let charset = ds.declaredCharacterSet ?? .defaultRepertoire
        for p in layout {
            switch p {
            case .literal(let s): out += s
            case .fileID(let t, _):
                let v = ds.string(t, charset: charset) ?? ""
                out += FileSetID.component(for: v.isEmpty ? unknown : v)
            case .attribute(let t, _):
                let v = (ds.string(t, charset: charset) ?? "")
                // ASCII letters (the only ASCII scalars that are alphabetic), digits and . - _
                // are kept; every other scalar becomes one underscore.
                var clean = OutputTree.safeName(v)
                if clean.isEmpty || clean.allSatisfy({ $0 == "." }) { clean = unknown }
                out += clean
            }
        }
        return out
    }

    /// `v` with every scalar but ASCII letters, digits and . - _ made an underscore. Byte by
    /// byte for ASCII text (UIDs, what names mostly are), where scalars are bytes.
    static func safeName(_ v: String) -> String {
        func keep(_ c: UInt32) -> Bool {
            switch c {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2E, 0x2D, 0x5F: return true
            default: return false
            }
        }
        if v.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: v.utf8.map { keep(UInt32($0)) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
        }
        return String(String.UnicodeScalarView(v.unicodeScalars.map { keep($0.value) ? $0 : "_" }))
    }

    /// The file as it will be written: Part 10 with a meta group that matches the data set.
    public func prepare(_ record: Record) -> (DICOMFile, Part10Writer.Options) {
        var file = record.file
        var opts = Part10Writer.Options()
        let changed = !record.pipeline.isEmpty
        if changed || rewriteMeta || !file.isPart10 {
            file.preamble = [UInt8](repeating: 0, count: 128)
            file.hasPrefix = true
            var meta = file.meta
            let ds = file.dataset
            meta.insert(Element(tag: .fileMetaInformationGroupLength, vr: .UL, bytes: [0, 0, 0, 0]))
            meta.insert(Element(tag: .fileMetaInformationVersion, vr: .OB, bytes: [0, 1]))
            if let c = ds[.sopClassUID]?.bytes { meta.insert(Element(tag: .mediaStorageSOPClassUID, vr: .UI, bytes: c)) }
            if let i = ds[.sopInstanceUID]?.bytes { meta.insert(Element(tag: .mediaStorageSOPInstanceUID, vr: .UI, bytes: i)) }
            meta.setString(.transferSyntaxUID, file.transferSyntax.uid, vr: .UI)
            meta.setString(.implementationClassUID, OutputTree.implementationClassUID, vr: .UI)
            meta.setString(.implementationVersionName, OutputTree.implementationVersionName, vr: .SH)
            // Source-specific meta elements can name people or hosts; a changed file drops them.
            for t in [0x0002_0016, 0x0002_0017, 0x0002_0018, 0x0002_0100, 0x0002_0102] { meta.remove(Tag(UInt32(t))) }
            file.meta = meta
            opts.updateGroupLengths = true
        }
        return (file, opts)
    }

    /// Where a data set is written under the root.
    func destination(for ds: DataSet) -> String {
        let rel = relativePath(for: ds)
        return root.hasSuffix("/") ? root + rel : root + "/" + rel
    }

    /// The path `record` would be written to, when a file is there already.
    public func existingFile(for record: Record) -> String? {
        let dest = destination(for: prepare(record).0.dataset)
        return access(dest, F_OK) == 0 ? dest : nil
    }

    /// What `put` did with a record.
    public enum Placement: Equatable {
        case written(String)
        /// With `skipExisting`: the file was there already with exactly these bytes.
        case alreadyThere(String)
    }

    /// Writes a record atomically; returns the path written (or found, with `skipExisting`).
    public mutating func write<P: BulkDataProvider>(_ record: Record, bulk: inout P) throws -> String {
        switch try put(record, bulk: &bulk) {
        case .written(let p), .alreadyThere(let p): return p
        }
    }

    /// Writes a record atomically. Where its file exists already (and not `overwrite`), the
    /// bytes it would have are compared with the file's: the same bytes count as done with
    /// `skipExisting` (a resumed run), and otherwise the record fails, named as a duplicate
    /// when an input of this run wrote that file. `committed` runs as the file takes its name
    /// (see `TemporaryFiles.writeAtomically`).
    public mutating func put<P: BulkDataProvider>(_ record: Record, bulk: inout P, committed: () -> Void = {}) throws -> Placement {
        // Whatever produced the stream: an input DICOMDIR's records are never copied.
        if BasicDirectory.isDirectory(record.file) { throw WriteRefusal(.directory, OutputTree.directoryRefusal) }
        let (file, opts) = prepare(record)
        let dest = destination(for: file.dataset)
        let dir = OutputTree.parent(dest)
        // A record that fails leaves no empty folder behind (each is rmdir'ed only if empty).
        var created: [String] = []
        var ok = false
        defer {
            if !ok { removeDirectories(created) }
        }
        let pending: TemporaryFiles.Pending
        do {
            created = try makeDirectory(dir)
            pending = try TemporaryFiles.create(in: dir, named: overwrite)
        } catch let e as OutputFailure where e.code == ENOENT {
            // A folder made earlier in this run was removed since: made again.
            madeDirectories.removeAll()
            created = try makeDirectory(dir)
            pending = try TemporaryFiles.create(in: dir, named: overwrite)
        }
        func encode(_ fd: Int32) throws {
            var buffer = [UInt8](); buffer.reserveCapacity(1 << 20)
            func flush() throws {
                try buffer.withUnsafeBytes { try OutputTree.writeAll(fd, $0) }
                buffer.removeAll(keepingCapacity: true)
            }
            // Bulk bytes still in the stream's input go from the pipe to the file in the kernel.
            let direct = DirectOutput(fd: fd, flush: flush, failure: { OutputFailure("write failed", code: $0) })
            try Part10Writer(options: opts).write(file, bulk: &bulk, direct: direct) { chunk in
                if chunk.count >= 1 << 18 {
                    try flush(); try OutputTree.writeAll(fd, chunk)
                } else {
                    buffer.append(contentsOf: chunk); if buffer.count >= 1 << 20 { try flush() }
                }
            }
            try flush()
        }
        // No check beforehand whether `dest` exists: the file is written, and where it takes
        // its name the kernel refuses an existing one; only then are the bytes compared.
        let outcome = try TemporaryFiles.writeAtomically(
            dest, in: dir, replace: overwrite, file: pending, committed: committed, body: encode)
        let sop = file.dataset.string(.sopInstanceUID) ?? ""
        switch outcome {
        case .written:
            writtenBy[dest] = (record.source, sop)
            ok = true
            return .written(dest)
        case .exists(let same):
            if let first = writtenBy[dest] {
                let what = first.sop == sop && !sop.isEmpty ? "duplicate SOP Instance UID" : "same output name"
                throw WriteRefusal(
                    .duplicate,
                    same
                        ? "\(what) (same as \(first.source)): \(dest) not written again"
                        : "\(what) with different content (first written from \(first.source)): \(dest) not written")
            }
            if same && skipExisting {
                ok = true
                return .alreadyThere(dest)
            }
            throw WriteRefusal(
                .outputExists,
                same
                    ? "\(dest) exists with the same content (--skip-existing counts it as done, --overwrite replaces it)"
                    : "\(dest) exists with different content (use --overwrite to replace it)")
        }
    }

    /// `mkdir -p` of a file's folder, remembering what exists so that later files of the
    /// folder cost no system call; returns the directories it created, outermost first. The
    /// deepest missing directory is tried first, so a new series folder costs one mkdir. A
    /// folder of files that was there before the run is searched once for what an earlier
    /// writer left when killed (`TemporaryFiles.removeStale`); one made here is empty.
    mutating func makeDirectory(_ dir: String) throws -> [String] {
        try makeDirectory(dir, leaf: true)
    }

    /// Removes `created` (folders made by `makeDirectory`, outermost first), innermost first.
    private mutating func removeDirectories(_ created: [String]) {
        for d in created.reversed() {
            rmdir(d)
            madeDirectories.remove(d)
        }
    }

    private mutating func makeDirectory(_ dir: String, leaf: Bool) throws -> [String] {
        if dir.isEmpty || madeDirectories.contains(dir) { return [] }
        var created: [String] = []
        if mkdir(dir, 0o755) != 0 {
            var e = errno
            if e == ENOENT {
                let up = OutputTree.parent(dir)
                if up != dir {
                    created = try makeDirectory(up, leaf: false)
                    e = mkdir(dir, 0o755) == 0 ? 0 : errno
                }
            }
            if e == EEXIST {
                if leaf { TemporaryFiles.removeStale(in: dir) }
            } else if e != 0 {
                removeDirectories(created)
                throw OutputFailure("cannot create directory \(dir)", code: e)
            }
            if e == 0 { created.append(dir) }
        } else {
            created.append(dir)
        }
        madeDirectories.insert(dir)
        return created
    }

    /// Why a DICOMDIR record is not written.
    public static let directoryRefusal = "DICOMDIR not written: its directory records are not copied (dcm-write --dicomdir builds a new one)"

    static func writeAll(_ fd: Int32, _ b: UnsafeRawBufferPointer) throws {
        var pos = 0
        while pos < b.count {
            let n = Glibc.write(fd, b.baseAddress! + pos, b.count - pos)
            if n < 0 { if errno == EINTR { continue }; throw OutputFailure("write failed", code: errno) }
            pos += n
        }
    }

    /// The canonical absolute form of an existing path.
    public static func realPath(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    /// True when `inner` is `outer` or below it.
    public static func isWithin(_ inner: String, _ outer: String) -> Bool {
        inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
    }
}
