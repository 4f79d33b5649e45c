import DICOMCore

/// A large binary value that is not copied into the data set: pixel data, overlays,
/// waveforms and other blobs. It is read or streamed only when a stage needs it.
public struct BulkData: Sendable {
    public enum Storage: Sendable {
        /// Bytes already in memory (little endian); `streamID`: the id they had in the stream
        /// record they were read from (`StreamReader.loadBulk`), under which they are written
        /// on, so that a record leaves a stage with the same bytes whether its bulk data was
        /// read into memory or passed through. (Kept here rather than in a field of its own,
        /// which would make every element, and the deepest parse's stack, larger.)
        case memory([UInt8], streamID: Int? = nil)
        /// A region of a byte source; `swapUnit` > 1 means the source is big endian and
        /// words of that size are swapped on the way out.
        case region(ByteSource, offset: Int, swapUnit: Int)
        /// The value with this id in the current record of a stream.
        case stream(id: Int)
    }
    public var storage: Storage
    /// Length in bytes of the value as written (for encapsulated data: the fragment items
    /// and the sequence delimiter).
    public var length: Int
    /// Encapsulated pixel data: the bytes are the Basic Offset Table item, the fragment
    /// items and the sequence delimitation item, exactly as in the file.
    public var encapsulated: Bool

    public init(storage: Storage, length: Int, encapsulated: Bool = false) {
        self.storage = storage; self.length = length; self.encapsulated = encapsulated
    }
    public init(bytes: [UInt8], encapsulated: Bool = false) {
        self.init(storage: .memory(bytes), length: bytes.count, encapsulated: encapsulated)
    }
}

/// Read-only bytes that outlive the parse: a file read into memory or mapped, or an
/// inflated data set. Shared by the bulk references that point into it.
public final class ByteSource: @unchecked Sendable {
    public let base: UnsafeRawBufferPointer
    private let release: (() -> Void)?
    /// Called after a range has been streamed out, so a mapped file's pages can be dropped
    /// and memory stays bounded however large the value.
    let discard: ((Int, Int) -> Void)?
    /// An open descriptor of the file whose bytes `base` maps (offset 0 = byte 0), owned by
    /// `release`: a writer may move regions to a pipe with splice(2) instead of copying them.
    public let fileDescriptor: Int32?

    /// Takes ownership of `buffer`; `release` runs when the source is freed.
    public init(
        buffer: UnsafeRawBufferPointer, release: (() -> Void)?, discard: ((Int, Int) -> Void)? = nil,
        fileDescriptor: Int32? = nil
    ) {
        self.base = buffer; self.release = release; self.discard = discard; self.fileDescriptor = fileDescriptor
    }
    /// Copies `bytes` into a source of its own.
    public convenience init(copying bytes: [UInt8]) {
        let p = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { src in if let s = src.baseAddress, bytes.count > 0 { p.baseAddress!.copyMemory(from: s, byteCount: bytes.count) } }
        self.init(buffer: UnsafeRawBufferPointer(rebasing: p[0..<bytes.count]), release: { p.deallocate() })
    }
    deinit { release?() }
    public var count: Int { base.count }
}

extension BulkData {
    /// Calls `body` with consecutive chunks of the value (little endian), at most
    /// `chunkSize` bytes each. Stream-backed values cannot be read here.
    public func forEachChunk(chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch storage {
        case .memory(let b, _):
            try b.withUnsafeBytes { try body($0) }
        case .region(let src, let offset, let swapUnit):
            let unit = max(swapUnit, 1)
            let step = max(chunkSize / 8 * 8, 8)
            var pos = 0
            var scratch = unit > 1 ? [UInt8](repeating: 0, count: min(step, length)) : []
            while pos < length {
                let n = min(step, length - pos)
                let slice = UnsafeRawBufferPointer(rebasing: src.base[(offset + pos)..<(offset + pos + n)])
                if unit > 1 {
                    scratch.withUnsafeMutableBytes { dst in
                        dst.baseAddress!.copyMemory(from: slice.baseAddress!, byteCount: n)
                        ByteOrder.swapInPlace(UnsafeMutableRawBufferPointer(rebasing: dst[0..<n]), unit: unit)
                    }
                    try scratch.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                } else {
                    try body(slice)
                }
                src.discard?(offset + pos, n)
                pos += n
            }
        case .stream:
            throw BulkDataError.notInMemory
        }
    }

    /// The whole value in memory (little endian).
    public func loadBytes() throws -> [UInt8] {
        if case .memory(let b, _) = storage { return b }
        var out = [UInt8](); out.reserveCapacity(length)
        try forEachChunk { out.append(contentsOf: $0) }
        return out
    }
}

public enum BulkDataError: Error, CustomStringConvertible {
    case notInMemory
    public var description: String { "bulk data is held by the stream and was not loaded" }
}

/// Byte-order helpers.
public enum ByteOrder {
    /// Reverses each complete `unit`-byte word in place; a trailing partial word is left alone,
    /// so swapping twice restores the input.
    public static func swapInPlace(_ buf: UnsafeMutableRawBufferPointer, unit: Int) {
        guard unit > 1, let p = buf.baseAddress else { return }
        let words = buf.count / unit
        let b = p.assumingMemoryBound(to: UInt8.self)
        for w in 0..<words {
            var i = w * unit, j = i + unit - 1
            while i < j { let t = b[i]; b[i] = b[j]; b[j] = t; i += 1; j -= 1 }
        }
    }
    public static func swapped(_ bytes: [UInt8], unit: Int) -> [UInt8] {
        guard unit > 1 else { return bytes }
        var out = bytes
        out.withUnsafeMutableBytes { swapInPlace($0, unit: unit) }
        return out
    }
}
