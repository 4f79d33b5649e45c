import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import DICOMCore
import DICOMObject
import DICOMPart10

extension StreamWriter {
    /// Writes a record: its binary header, then each bulk value it references. Values held
    /// by the input stream are copied from the input's current record chunk by chunk;
    /// chunks of values no longer referenced are dropped.
    public func write(_ record: Record, input: StreamReader? = nil) throws {
        let bulk: [(id: Int, data: BulkData)]
        if headerForm == .binary {
            bulk = try writeBinaryHeader(record)
        } else {
            let (payload, b) = RecordCodec.encode(record)
            try writeHeader(RecordHeader(form: headerForm, bytes: payload))
            bulk = b
        }
        var wanted = Set<Int>()
        for (id, data) in bulk { if case .stream = data.storage { wanted.insert(id) } }
        if let input {
            while let c = try input.nextChunkPart() {
                guard wanted.contains(c.id) else { continue }
                if c.pending == 0 { try writeChunk(id: c.id, c.bytes) } else { try passChunk(c, from: input) }
            }
        } else if !wanted.isEmpty {
            throw StreamError("record refers to stream bulk data but no input stream is open")
        }
        for (id, data) in bulk {
            if case .stream = data.storage { continue }
            if data.length == 0 { try writeChunk(id: id, UnsafeRawBufferPointer(start: nil, count: 0)); continue }
            if case .region(let src, let offset, let swap) = data.storage, swap <= 1, let file = src.fileDescriptor,
                data.length >= StreamFormat.spliceMin, try writeChunks(id: id, file: file, offset: offset, length: data.length)
            {
                continue
            }
            try data.forEachChunk(chunkSize: StreamFormat.chunkSize) { try writeChunk(id: id, $0) }
        }
        try endRecord()
    }
}

extension StreamWriter {
    /// Writes a chunk whose frame is partly still in `input`: the buffered bytes, then the
    /// pending ones moved from the input to the output by the kernel (splice(2)), in frames
    /// of at most `StreamFormat.chunkSize` bytes.
    func passChunk(_ c: StreamReader.ChunkPart, from input: StreamReader) throws {
        var buffered = c.bytes
        var left = buffered.count + c.pending
        while left > 0 {
            let n = min(StreamFormat.chunkSize, left)
            frameHeader(.bulk, n + 4); appendU32(UInt32(c.id))
            let fromBuffer = min(n, buffered.count)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffered[..<fromBuffer]))
            buffered = UnsafeRawBufferPointer(rebasing: buffered[fromBuffer...])
            try flush()
            if n > fromBuffer { try input.transferPending(to: fd, count: n - fromBuffer) }
            left -= n
        }
    }
}

extension StreamReader {
    /// Reads all bulk values of the current record into memory, replacing `.stream`
    /// references in `record` (for stages that work on pixel data).
    public func loadBulk(into record: inout Record) throws {
        var values: [Int: [UInt8]] = [:]
        while let c = try nextChunk() { values[c.id, default: []].append(contentsOf: c.bytes) }
        func resolve(_ ds: inout DataSet) throws {
            for i in ds.elements.indices {
                switch ds.elements[i].value {
                case .bulk(var b):
                    if case .stream(let id) = b.storage {
                        guard let v = values[id], v.count == b.length else {
                            throw StreamError("bulk value \(id) of \(ds.elements[i].tag) is missing or has the wrong length")
                        }
                        b.storage = .memory(v, streamID: id)
                        ds.elements[i].value = .bulk(b)
                    }
                case .items(var items):
                    for j in items.indices { try resolve(&items[j]) }
                    ds.elements[i].value = .items(items)
                case .bytes: break
                }
            }
        }
        try resolve(&record.file.meta)
        try resolve(&record.file.dataset)
        // The deflated bytes are an optimisation: without them the data set is deflated anew.
        if case .stream(let id)? = record.file.deflatedDataSet?.storage {
            if let v = values[id], v.count == record.file.deflatedDataSet!.length {
                record.file.deflatedDataSet!.storage = .memory(v, streamID: id)
            } else {
                record.file.deflatedDataSet = nil
            }
        }
    }
}

/// Supplies bulk values to the Part 10 writer from the current record of a stream,
/// buffering values that arrive before they are needed.
public struct StreamBulkDataProvider: BulkDataProvider {
    let reader: StreamReader
    var buffered: [Int: [UInt8]] = [:]
    var complete = Set<Int>()
    var ended = false
    /// Values that may be absent from the stream (they then have no bytes): the deflated
    /// data set, which a stage may have dropped.
    var optional = Set<Int>()
    /// The start of the next value, read to see that the previous one ended; the rest of its
    /// frame is still in the input, to be moved on when that value is asked for next.
    var held: (id: Int, bytes: [UInt8], pending: Int)?

    public init(reader: StreamReader) { self.reader = reader }

    /// A provider for `record`, the current record of `reader`.
    public init(reader: StreamReader, record: Record) {
        self.reader = reader
        if case .stream(let id)? = record.file.deflatedDataSet?.storage { optional.insert(id) }
    }

    public mutating func copy(_ bulk: BulkData, of tag: Tag, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        _ = try copy(bulk, of: tag, to: sink, direct: nil)
    }

    /// As above; with `direct`, the parts of large frames still in the stream's input are
    /// moved to `direct.fd` by the kernel (after `direct.flush()`), never entering this
    /// process. Returns the number of bytes moved that way.
    public mutating func copy(
        _ bulk: BulkData, of tag: Tag, to sink: (UnsafeRawBufferPointer) throws -> Void, direct: DirectOutput?
    ) throws -> Int {
        guard case .stream(let want) = bulk.storage else {
            try bulk.forEachChunk { try sink($0) }
            return 0
        }
        var started = false
        var moved = 0
        // Pending bytes must leave the input before anything else is read from it.
        func takePending(_ count: Int) throws {
            if let direct {
                try direct.flush()
                try reader.transferPending(to: direct.fd, count: count, failure: direct.failure)
                moved += count
            } else {
                try reader.readPending { try sink($0) }
            }
        }
        if let h = held {
            held = nil
            if h.id == want {
                try h.bytes.withUnsafeBytes { try sink($0) }
                started = true
                try takePending(h.pending)
            } else {
                buffered[h.id, default: []].append(contentsOf: h.bytes)
                try reader.readPending { buffered[h.id, default: []].append(contentsOf: $0) }
            }
        }
        if !started, let b = buffered.removeValue(forKey: want) {
            try b.withUnsafeBytes { try sink($0) }
            started = true
            if complete.contains(want) || ended { return 0 }
        }
        while !ended {
            guard let c = try reader.nextChunkPart() else { ended = true; break }
            if c.id == want {
                try sink(c.bytes); started = true
                if c.pending > 0 { try takePending(c.pending) }
            } else if started && c.pending > 0 && buffered[c.id] == nil {
                // The next value, most likely asked for next: its frame stays in the input.
                held = (c.id, Array(c.bytes), c.pending)
                complete.insert(want)
                return moved
            } else {
                buffered[c.id, default: []].append(contentsOf: c.bytes)
                if c.pending > 0 { try reader.readPending { buffered[c.id, default: []].append(contentsOf: $0) } }
                if started { complete.insert(want); return moved }
            }
        }
        if !started && bulk.length > 0 && !optional.contains(want) {
            throw StreamError("bulk value \(want) of \(tag) is missing from the stream")
        }
        return moved
    }
}

extension BulkData {
    /// The id a value keeps when its record is written to a stream: the input's, for a value
    /// still held by the stream or loaded from it; nil for a new value, which gets the next
    /// id after all of them.
    var keptStreamID: Int? {
        switch storage {
        case .stream(let id): return id
        case .memory(_, let id): return id
        case .region: return nil
        }
    }
}
