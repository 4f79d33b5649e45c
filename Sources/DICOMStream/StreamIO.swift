import CSystemShims
import DICOMObject
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The framing of dcm-stream(5): an 12-byte stream header, then frames of
/// `type (1 byte) | payload length (UInt32 LE) | payload`, closed by an end-of-stream frame.
public enum StreamFormat {
    public static let magic: [UInt8] = [0x89, 0x44, 0x43, 0x4D, 0x0D, 0x0A, 0x1A, 0x0A]  // \x89DCM\r\n\x1a\n
    /// 2: the stream ends with a `Z` frame, so a reader tells a finished stream from one whose
    /// writer stopped between two records. 3: records start with a binary header (`D` frame);
    /// the JSON header (`H`) stays valid, so a version 2 stream reads as before.
    public static let version: UInt32 = 3
    /// The oldest version this build reads.
    public static let oldestReadable: UInt32 = 2
    /// Largest bulk chunk a writer puts in one frame.
    public static let chunkSize = 1 << 20
    /// Bulk values of mapped files at least this large are spliced into an output pipe
    /// (smaller ones cost less to copy than the extra system calls).
    public static let spliceMin = 64 << 10

    /// Grows a pipe's kernel buffer (64 KiB by default) so that stages exchange megabytes
    /// per context switch; harmless on files and terminals, where it fails quietly.
    static func enlargePipe(_ fd: Int32) {
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFIFO else { return }
        _ = fcntl(fd, 1031 /* F_SETPIPE_SZ */, Int32(1 << 20))
    }

    public enum FrameType: UInt8 {
        /// A record's JSON header; starts the record.
        case header = 0x48  // 'H'
        /// A record's binary header (BinaryHeader.swift); starts the record.
        case binaryHeader = 0x44  // 'D'
        /// A piece of a bulk value: UInt32 LE id, then bytes.
        case bulk = 0x42  // 'B'
        /// End of the current record.
        case end = 0x45  // 'E'
        /// A complete error record (JSON).
        case error = 0x58  // 'X'
        /// End of the stream: its writer finished (empty payload).
        case finish = 0x5A  // 'Z'
    }
}

/// Why a stream could not be read or written.
public struct StreamError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ m: String) { message = m }
    public var description: String { message }
}

/// Reads frames from a file descriptor with one large buffer; payloads are handed out
/// as views valid until the next call.
public final class StreamReader {
    public enum Item {
        /// A record header (either form); its bulk chunks follow via `nextChunk()`.
        case record(RecordHeader)
        case error(ErrorRecord)
    }

    let fd: Int32
    var buf: UnsafeMutableRawBufferPointer
    var start = 0, end = 0
    var eof = false
    var inRecord = false
    /// Set by the end-of-stream frame; a stream header may follow it (concatenated streams).
    var finished = false
    /// Bytes of the current bulk frame still in the input (see `nextChunkPart`); while there
    /// are any the buffer is empty.
    public private(set) var pending = 0
    /// Bulk frames larger than this may be left in the input by `nextChunkPart`.
    static let lazyBulkMin = 64 << 10
    /// How far `fill` reads beyond what it needs: enough for the header and end frames of a
    /// typical record in one read, little of the pixel data that follows (what is read here
    /// is copied through this process; what stays in the pipe is spliced on).
    static let readAhead = 16 << 10
    /// Cleared when the kernel refuses to splice from this input once.
    var spliceWorks = true
    /// Runs before a read that would wait for the writer of the input (nothing is there
    /// yet): a stage that gathers its output (`StreamWriter.gatherBytes`) lets it go then,
    /// so that records are never held back for input that has not come.
    public var beforeWaiting: (() throws -> Void)?
    /// Largest frame accepted (a header or chunk beyond this is a corrupt stream); atomic so
    /// that a fuzzer can lower it.
    public static let maxFrame = Atomic<Int>(1 << 30)

    /// Opens the stream on `fd` and checks its header.
    public init(fd: Int32) throws {
        // A stage started by hand without a pipe would wait for typed input forever.
        if isatty(fd) == 1 {
            throw StreamError("standard input is a terminal, not a dcm-stream; pipe dcm-parse into this command")
        }
        self.fd = fd
        buf = .allocate(byteCount: 4 << 20, alignment: 16)
        StreamFormat.enlargePipe(fd)
        guard try fill(12) else {
            if end - start == 0 {
                throw StreamError("no input: the stream is empty (did the command before this one fail?)")
            }
            throw StreamError("input is not a dcm-stream (too short); pipe dcm-parse into this command")
        }
        try readStreamHeader()
    }
    deinit { buf.deallocate() }

    /// Checks the 12-byte stream header at the read position and steps over it.
    func readStreamHeader() throws {
        for (i, m) in StreamFormat.magic.enumerated() where buf[start + i] != m {
            throw StreamError("input is not a dcm-stream (bad magic); pipe dcm-parse into this command")
        }
        let version = readU32(start + 8)
        guard (StreamFormat.oldestReadable...StreamFormat.version).contains(version) else {
            throw StreamError(
                "dcm-stream version \(version) is not supported (this build reads versions \(StreamFormat.oldestReadable) to \(StreamFormat.version))"
            )
        }
        start += 12
    }

    func readU32(_ i: Int) -> UInt32 {
        UInt32(buf[i]) | UInt32(buf[i + 1]) << 8 | UInt32(buf[i + 2]) << 16 | UInt32(buf[i + 3]) << 24
    }

    /// Ensures `n` bytes are buffered; false at end of input. Reads at most `readAhead` bytes
    /// beyond what is asked, so that a large bulk frame met next is mostly still in the
    /// input, where `nextChunkPart` leaves it to be spliced.
    func fill(_ n: Int) throws -> Bool {
        precondition(pending == 0, "bytes of a bulk frame are still pending")
        if end - start >= n { return true }
        // Reading on from the start of the buffer, not from where the last frame ended, keeps
        // the memory in use small and warm: a process that went on through all of the buffer
        // would fault in each of its pages, record after record.
        if start == end { start = 0; end = 0 }
        if n > buf.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(n, buf.count * 2), alignment: 16)
            bigger.baseAddress!.copyMemory(from: buf.baseAddress! + start, byteCount: end - start)
            buf.deallocate(); buf = bigger; end -= start; start = 0
        } else if buf.count - start < n {
            (buf.baseAddress!).copyMemory(from: buf.baseAddress! + start, byteCount: end - start)
            end -= start; start = 0
        }
        while end - start < n {
            if eof { return false }
            if let beforeWaiting, !inputReady() { try beforeWaiting() }
            let r = Glibc.read(fd, buf.baseAddress! + end, min(buf.count - end, n - (end - start) + StreamReader.readAhead))
            if r < 0 {
                if errno == EINTR { continue }
                throw StreamError("read error: \(String(cString: strerror(errno)))")
            }
            if r == 0 { eof = true; return false }
            end += r
        }
        return true
    }

    /// Bytes of the stream already there to be read: buffered here and waiting in the
    /// input (a pipe's or file's FIONREAD); pending bytes of the current frame included.
    public func bytesWaiting() -> Int {
        var n: Int32 = 0
        let inInput = ioctl(fd, UInt(FIONREAD), &n) == 0 ? Int(n) : 0
        return end - start + inInput
    }

    /// Whether a read of the input would return at once (bytes or the end are there).
    func inputReady() -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) > 0
    }

    /// Reads one frame; nil at the end of the stream (after its end-of-stream frame). A loop,
    /// not recursion, steps over the joins of concatenated streams, however many there are.
    /// `lazyBulk`: a bulk frame larger than `lazyBulkMin` is returned with only the bytes
    /// already buffered (its id first); the rest stays `pending` in the input.
    func frame(lazyBulk: Bool = false) throws -> (StreamFormat.FrameType, UnsafeRawBufferPointer)? {
        try skipPending()
        while !finished {
            guard try fill(5) else {
                if end - start == 0 {
                    throw StreamError("the stream ends without its end-of-stream frame: the command before this one stopped early (see its messages)")
                }
                throw StreamError("stream ends inside a frame header")
            }
            // Streams written one after another (`(dcm-parse a; dcm-parse b) | ...`) read as one.
            if buf[start] == StreamFormat.magic[0] {
                guard try fill(12) else { throw StreamError("stream ends inside a stream header") }
                try readStreamHeader()
                continue
            }
            guard let type = StreamFormat.FrameType(rawValue: buf[start]) else {
                throw StreamError("unknown frame type 0x\(String(buf[start], radix: 16)) in stream")
            }
            let len = Int(readU32(start + 1))
            guard len <= StreamReader.maxFrame.load(ordering: .relaxed) else { throw StreamError("frame of \(len) bytes exceeds the limit") }
            if lazyBulk, type == .bulk, len > StreamReader.lazyBulkMin {
                guard try fill(9) else { throw StreamError("stream ends inside a frame") }
                let have = min(end - start - 5, len)
                let payload = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buf)[(start + 5)..<(start + 5 + have)])
                start += 5 + have
                pending = len - have
                return (type, payload)
            }
            guard try fill(5 + len) else { throw StreamError("stream ends inside a frame") }
            let payload = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buf)[(start + 5)..<(start + 5 + len)])
            start += 5 + len
            guard type == .finish else { return (type, payload) }
            guard !inRecord else { throw StreamError("stream ends inside a record") }
            // Another stream may follow; otherwise this is the end.
            if try !fill(1) { finished = true }
        }
        return nil
    }

    /// The next record or error record, skipping unread bulk data of the previous record.
    public func next() throws -> Item? {
        while inRecord { _ = try nextChunk() }
        guard let (type, payload) = try frame() else { return nil }
        switch type {
        case .header:
            inRecord = true
            return .record(RecordHeader(form: .json, bytes: Array(payload)))
        case .binaryHeader:
            inRecord = true
            return .record(RecordHeader(form: .binary, bytes: Array(payload)))
        case .error:
            let json = try JSONParser.parse(payload)
            guard let e = ErrorRecord(json: json) else { throw StreamError("malformed error record") }
            return .error(e)
        case .bulk, .end, .finish:
            throw StreamError("bulk data or end frame outside a record")
        }
    }

    /// The next bulk chunk of the current record; nil at its end.
    public func nextChunk() throws -> (id: Int, bytes: UnsafeRawBufferPointer)? {
        guard let c = try nextChunk(lazy: false) else { return nil }
        return (c.id, c.bytes)
    }

    /// A piece of a bulk value as `nextChunkPart` returns it: `bytes` were buffered, `pending`
    /// more bytes of the same frame follow them in the input.
    public struct ChunkPart {
        public var id: Int
        public var bytes: UnsafeRawBufferPointer
        public var pending: Int
    }

    /// The next bulk chunk of the current record, nil at its end; of a large frame only the
    /// bytes already read, the rest (`pending`) left in the input for `transferPending` (the
    /// kernel moves them, they never enter this process) or `readPending`. Pending bytes not
    /// taken are skipped by the next call.
    public func nextChunkPart() throws -> ChunkPart? {
        try nextChunk(lazy: true)
    }

    func nextChunk(lazy: Bool) throws -> ChunkPart? {
        guard inRecord else { return nil }
        guard let (type, payload) = try frame(lazyBulk: lazy) else { throw StreamError("stream ends inside a record") }
        switch type {
        case .bulk:
            guard payload.count >= 4 else { throw StreamError("bulk frame without an id") }
            let id = Int(UInt32(payload[0]) | UInt32(payload[1]) << 8 | UInt32(payload[2]) << 16 | UInt32(payload[3]) << 24)
            return ChunkPart(id: id, bytes: UnsafeRawBufferPointer(rebasing: payload[4...]), pending: pending)
        case .end:
            inRecord = false
            return nil
        default:
            throw StreamError("record not terminated before the next one")
        }
    }
}

extension StreamReader {
    /// Reads up to `limit` pending bytes (all by default) through the buffer, passing each
    /// piece to `body` (views valid during the call).
    public func readPending(limit: Int = Int.max, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var left = min(limit, pending)
        guard left > 0 else { return }
        // Nothing is buffered while bytes are pending: the buffer takes the pieces.
        start = 0; end = 0
        while left > 0 {
            let r = Glibc.read(fd, buf.baseAddress!, min(left, buf.count))
            if r < 0 {
                if errno == EINTR { continue }
                throw StreamError("read error: \(String(cString: strerror(errno)))")
            }
            if r == 0 { eof = true; throw StreamError("stream ends inside a frame") }
            pending -= r; left -= r
            try body(UnsafeRawBufferPointer(start: buf.baseAddress!, count: r))
        }
    }

    /// Drops the pending bytes of the current frame.
    func skipPending() throws {
        if pending > 0 { try readPending { _ in } }
    }

    /// Moves `count` pending bytes to `out` (at its current position) with splice(2), so
    /// that they never enter this process; where the kernel refuses (neither side a pipe),
    /// they are read and written instead. `failure` makes the error for a write that fails
    /// (errors are the output's: a pipe being read does not fail).
    public func transferPending(
        to out: Int32, count: Int,
        failure: (Int32) -> Error = { StreamError("write error: \(String(cString: strerror($0)))") }
    ) throws {
        precondition(count <= pending)
        var left = count
        while left > 0 && spliceWorks {
            let r = dcm_splice_stream(fd, out, UInt(left))
            if r > 0 { pending -= r; left -= r; continue }
            if r == 0 { eof = true; throw StreamError("stream ends inside a frame") }
            if errno == EINTR || errno == EAGAIN { continue }
            guard errno == EINVAL || errno == ENOSYS else { throw failure(errno) }
            spliceWorks = false
        }
        try readPending(limit: left) { piece in
            var pos = 0
            while pos < piece.count {
                let n = Glibc.write(out, piece.baseAddress! + pos, piece.count - pos)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure(errno)
                }
                pos += n
            }
        }
    }
}

/// Writes frames to a file descriptor through a buffer.
public final class StreamWriter {
    let fd: Int32
    var out: [UInt8] = []
    var started = false
    /// Runs before buffered frames are written out; what it throws stops the stream (a
    /// stage uses it to make what the records depend on durable before they leave).
    public var beforeFlush: (() throws -> Void)?
    static let flushAt = 1 << 20
    /// With a `beforeFlush` barrier: bytes of records in memory gathered to leave together
    /// after one barrier (0: none; chunks of 64 KiB or more then go out at once). Records
    /// whose bulk data is still in the input (spliced on) end a gathering.
    public var gatherBytes = 0
    /// Where buffered frames are written out.
    var flushLimit: Int { max(StreamWriter.flushAt, gatherBytes) }
    /// The form `write(_:input:)` gives record headers. With `.json` the stream is stamped
    /// version 2, which it then is, so that older readers take it too.
    public var headerForm: RecordHeader.Form = .binary

    /// Whether `fd` is a pipe, into which bulk values of mapped files are spliced.
    let outputIsPipe: Bool
    /// Cleared when the kernel refuses splice(2) once.
    var spliceWorks = true

    public init(fd: Int32) {
        self.fd = fd
        // Room for a full buffer and the record header that tips it over: the buffer never
        // grows (a growth copies it and faults in a new one), and pages not used are not touched.
        out.reserveCapacity(2 * StreamWriter.flushAt + 64)
        StreamFormat.enlargePipe(fd)
        var st = stat()
        outputIsPipe = fstat(fd, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO
    }
    deinit {
        // Only what a completed beforeFlush allows goes out.
        try? flush()
    }

    func begin() {
        guard !started else { return }
        started = true
        out.append(contentsOf: StreamFormat.magic)
        appendU32(headerForm == .json ? StreamFormat.oldestReadable : StreamFormat.version)
    }
    func appendU32(_ v: UInt32) {
        out.append(UInt8(v & 0xFF)); out.append(UInt8(v >> 8 & 0xFF)); out.append(UInt8(v >> 16 & 0xFF)); out.append(UInt8(v >> 24))
    }
    func frameHeader(_ t: StreamFormat.FrameType, _ len: Int) { begin(); out.append(t.rawValue); appendU32(UInt32(len)) }

    /// Writes the stream header even when no record follows (an empty stream).
    public func start() throws { begin(); try flush() }

    /// Ends the stream: only a writer that finished its work calls this, so that a reader
    /// can tell a complete stream from one cut between two records.
    public func finish() throws {
        frameHeader(.finish, 0)
        try flush()
    }

    /// Starts a record with a header of either form.
    public func writeHeader(_ header: RecordHeader) throws {
        frameHeader(header.form == .json ? .header : .binaryHeader, header.bytes.count)
        out.append(contentsOf: header.bytes)
        if out.count >= flushLimit { try flush() }
    }

    /// Starts a record with `record`'s binary header, encoded straight into the buffer
    /// (as `writeHeader` of `BinaryHeader.encode(record)`, without the payload's own array);
    /// returns the bulk values the header refers to.
    func writeBinaryHeader(_ record: Record) throws -> [(id: Int, data: BulkData)] {
        frameHeader(.binaryHeader, 0)
        let at = out.count
        let bulk = BinaryHeader.encode(record, appendingTo: &out)
        let n = UInt32(out.count - at)
        out[at - 4] = UInt8(n & 0xFF); out[at - 3] = UInt8(n >> 8 & 0xFF)
        out[at - 2] = UInt8(n >> 16 & 0xFF); out[at - 1] = UInt8(n >> 24)
        if out.count >= flushLimit { try flush() }
        return bulk
    }

    public func writeChunk(id: Int, _ bytes: UnsafeRawBufferPointer) throws {
        var pos = 0
        repeat {
            let n = min(StreamFormat.chunkSize, bytes.count - pos)
            frameHeader(.bulk, n + 4); appendU32(UInt32(id))
            if n >= 64 << 10 && (gatherBytes == 0 || out.count + n > gatherBytes) {
                try flush()
                try writeAll(UnsafeRawBufferPointer(rebasing: bytes[pos..<(pos + n)]))
            } else {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[pos..<(pos + n)]))
                if out.count >= flushLimit { try flush() }
            }
            pos += n
        } while pos < bytes.count
    }

    public func endRecord() throws {
        frameHeader(.end, 0)
        if out.count >= flushLimit { try flush() }
    }

    public func writeError(_ e: ErrorRecord) throws {
        let json = e.json.serialized()
        frameHeader(.error, json.count); out.append(contentsOf: json)
        try flush()
    }

    public func flush() throws {
        guard !out.isEmpty else { return }
        if let beforeFlush {
            do { try beforeFlush() } catch { throw StreamError("\(error)") }
        }
        try out.withUnsafeBytes { try writeAll($0) }
        out.removeAll(keepingCapacity: true)
    }

    func writeAll(_ b: UnsafeRawBufferPointer) throws {
        var pos = 0
        while pos < b.count {
            let n = Glibc.write(fd, b.baseAddress! + pos, b.count - pos)
            if n < 0 {
                if errno == EINTR { continue }
                throw StreamError("write error: \(String(cString: strerror(errno)))")
            }
            pos += n
        }
    }
}
