import DICOMCore
import DICOMObject
import DICOMPart10
#if canImport(Glibc)
import Glibc
#endif

/// Cuts a list of input files into N shares for parallel runs (hosts, Slurm array tasks),
/// deterministically: the same files in the same order give the same shares on any host.
///
/// Within a share files keep the order of the input list, so a share run meets files in the
/// same order as one serial run over the whole tree (which matters when two inputs are the
/// same instance: the first one met is written, the other refused).
public struct ShareSplitter: Sendable {
    /// What must stay together in one share.
    public enum Unit: String, CaseIterable, Sendable {
        /// Files are dealt out in turn (file i goes to share i mod N): even counts, nothing read.
        case file
        /// All files of a study (same Study Instance UID) go to one share, so each share's
        /// output holds complete studies. Studies are dealt largest first (by bytes) to the
        /// share with the fewest bytes so far, so shares are even in work, not just in count.
        /// Files without a readable Study Instance UID are dealt as one study.
        case study
    }

    /// Number of shares (at least 1).
    public var count: Int
    public var unit: Unit
    /// How the Study Instance UID of a file is found (tests substitute their own).
    public var studyOf: @Sendable (String) -> String?

    public init(count: Int, unit: Unit, studyOf: @escaping @Sendable (String) -> String? = ShareSplitter.studyInstanceUID(ofFileAt:)) {
        self.count = max(1, count); self.unit = unit; self.studyOf = studyOf
    }

    /// The shares, numbered 1...count (index 0 is share 1), each a list of paths in input order.
    /// `sizes` gives each file's size in bytes (for `.study`; missing sizes count as 0).
    public func split(_ paths: [String], sizes: [String: Int] = [:]) -> [[String]] {
        var shareOf = [Int](repeating: 0, count: paths.count)
        switch unit {
        case .file:
            for i in paths.indices { shareOf[i] = i % count }
        case .study:
            // Files whose study cannot be read (not DICOM, damaged, no Study Instance UID)
            // all go to one share: dcm-write names a record without UIDs after a digest of
            // its data set, two such inputs can claim one name, and only within one share is
            // the first of them (in serial order) sure to be the one written.
            var groupOf: [String] = []
            var groups: [String: Int] = [:]  // bytes per group
            for p in paths {
                let key = studyOf(p).map { "study:" + $0 } ?? "none"
                groupOf.append(key)
                let size = sizes[p] ?? 0
                groups[key, default: 0] += size
            }
            // Largest first; ties by a hash of the key (not by path or order), then the key.
            let order = groups.keys.sorted { a, b in
                let ga = groups[a]!, gb = groups[b]!
                if ga != gb { return ga > gb }
                let ha = Self.fnv1a(a), hb = Self.fnv1a(b)
                if ha != hb { return ha < hb }
                return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
            }
            var load = [Int](repeating: 0, count: count)
            var studies = [Int](repeating: 0, count: count)
            var assigned: [String: Int] = [:]
            for key in order {
                // Fewest bytes, then fewest studies, then lowest number.
                var best = 0
                for s in 1..<count where (load[s], studies[s]) < (load[best], studies[best]) { best = s }
                assigned[key] = best
                load[best] += groups[key]!
                studies[best] += 1
            }
            for i in paths.indices { shareOf[i] = assigned[groupOf[i]]! }
        }
        var out = [[String]](repeating: [], count: count)
        for (i, p) in paths.enumerated() { out[shareOf[i]].append(p) }
        return out
    }

    /// 64-bit FNV-1a of the UTF-8 bytes: a fixed, platform-independent hash (Swift's own
    /// `Hasher` is seeded per process).
    public static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Bytes read first when looking for the Study Instance UID: enough for the header of
    /// nearly every file; the rest is read only when the header is longer.
    public static let headerPrefix = 256 << 10

    /// The Study Instance UID of a Part 10 file (or bare data set), reading the header only
    /// up to (0020,000D); nil when the file is not DICOM, cannot be read or has none.
    public static func studyInstanceUID(ofFileAt path: String) -> String? {
        var options = Part10Reader.Options()
        options.stopAfter = .studyInstanceUID
        let reader = Part10Reader(options: options)
        guard let (prefix, whole) = readPrefix(path, limit: headerPrefix) else { return nil }
        if let uid = try? uidIn(reader.read(source: prefix)) { return uid }
        // The header runs past the prefix (a large private value, a deflated data set).
        guard !whole, let source = try? FileSource.open(path) else { return nil }
        return try? uidIn(reader.read(source: source))
    }

    static func uidIn(_ file: DICOMFile) -> String? {
        guard let uid = file.dataset.string(.studyInstanceUID), !uid.isEmpty else { return nil }
        return uid
    }

    /// Up to `limit` bytes from the start of a regular file, and whether that is all of it.
    static func readPrefix(_ path: String, limit: Int) -> (ByteSource, Bool)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: min(limit, Int(st.st_size)))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        return (ByteSource(copying: Array(bytes[0..<done])), done >= Int(st.st_size))
    }

    /// The size of a file in bytes (0 when it cannot be examined).
    public static func size(of path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }
}

/// How share lists are written: one path per line (or NUL-terminated), as dcm-parse
/// `--files-from` (and `-0`) reads them.
public enum ShareLists {
    /// The bytes of a list; nil when a path holds the separator (a newline without `nul`).
    public static func render(_ paths: [String], nul: Bool) -> [UInt8]? {
        var out: [UInt8] = []
        for p in paths {
            if !nul && p.utf8.contains(0x0A) { return nil }
            out += Array(p.utf8); out.append(nul ? 0 : 0x0A)
        }
        return out
    }

    /// The file name of share `number` (1-based) in a shares directory.
    public static func fileName(_ number: Int) -> String { "share-\(number)" }

    /// Writes `DIR/share-1` ... `DIR/share-N` (every share, empty ones too, so a job array
    /// of N tasks finds its list), creating DIR.
    public static func write(_ shares: [[String]], to dir: String, nul: Bool) throws {
        if mkdir(dir, 0o755) != 0 && errno != EEXIST {
            throw ToolError("cannot create \(dir): \(String(cString: strerror(errno)))")
        }
        for (i, paths) in shares.enumerated() {
            guard let bytes = render(paths, nul: nul) else {
                throw ToolError("an input path holds a newline: use -0 (NUL-separated lists)")
            }
            let path = dir + "/" + fileName(i + 1)
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw ToolError("cannot write \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            do { try FileDescriptorOutput.writeAll(bytes, fd: fd) } catch { throw ToolError("cannot write \(path): \(error)") }
        }
    }
}

/// Writes whole buffers to a file descriptor (standard output for printed lists).
public enum FileDescriptorOutput {
    public static func writeAll(_ bytes: [UInt8], fd: Int32) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ToolError("cannot write: \(String(cString: strerror(errno)))") }
            done += n
        }
    }
}
