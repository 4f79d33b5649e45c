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
        let (payload, bulk) = headerForm == .binary ? BinaryHeader.encode(record) : RecordCodec.encode(record)
        try writeHeader(RecordHeader(form: headerForm, bytes: payload))
        var wanted = Set<Int>()
        for (id, data) in bulk { if case .stream = data.storage { wanted.insert(id) } }
        if let input {
            while let c = try input.nextChunk() {
                if wanted.contains(c.id) { try writeChunk(id: c.id, c.bytes) }
            }
        } else if !wanted.isEmpty {
            throw StreamError("record refers to stream bulk data but no input stream is open")
        }
        for (id, data) in bulk {
            if case .stream = data.storage { continue }
            if data.length == 0 { try writeChunk(id: id, UnsafeRawBufferPointer(start: nil, count: 0)); continue }
            if case .region(let src, let offset, let swap) = data.storage, swap <= 1, let file = src.fileDescriptor,
                data.length >= StreamFormat.chunkSize, try writeChunks(id: id, file: file, offset: offset, length: data.length)
            {
                continue
            }
            try data.forEachChunk(chunkSize: StreamFormat.chunkSize) { try writeChunk(id: id, $0) }
        }
        try endRecord()
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
                        b.storage = .memory(v)
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
    }
}

/// Supplies bulk values to the Part 10 writer from the current record of a stream,
/// buffering values that arrive before they are needed.
public struct StreamBulkDataProvider: BulkDataProvider {
    let reader: StreamReader
    var buffered: [Int: [UInt8]] = [:]
    var complete = Set<Int>()
    var ended = false

    public init(reader: StreamReader) { self.reader = reader }

    public mutating func copy(_ bulk: BulkData, of tag: Tag, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard case .stream(let want) = bulk.storage else {
            try bulk.forEachChunk { try sink($0) }
            return
        }
        var started = false
        if let b = buffered.removeValue(forKey: want) {
            try b.withUnsafeBytes { try sink($0) }
            started = true
            if complete.contains(want) || ended { return }
        }
        while !ended {
            guard let c = try reader.nextChunk() else { ended = true; break }
            if c.id == want {
                try sink(c.bytes); started = true
            } else {
                buffered[c.id, default: []].append(contentsOf: c.bytes)
                if started { complete.insert(want); return }
            }
        }
        if !started && bulk.length > 0 {
            throw StreamError("bulk value \(want) of \(tag) is missing from the stream")
        }
    }
}
