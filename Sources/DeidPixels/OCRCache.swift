import Crypto
import DICOMPixels
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What one Tesseract call returned, in the coordinates of the picture it was given:
/// exactly what `OCREngine` needs to build the call's words for any scale and origin.
struct OCRReading: Sendable {
    /// A word as Tesseract gave it: its box in picture pixels, its line counted from 1
    /// within the call.
    struct Word: Sendable {
        var text: String
        var left: Int32, top: Int32, right: Int32, bottom: Int32
        var confidence: Float
        var line: Int
    }
    var words: [Word]
    /// Text lines the call went through (words of empty text included): the engine's line
    /// numbering advances by this much, read or cached.
    var lines: Int

    /// Rough bytes held, for the cache's bound.
    var cost: Int { 64 + words.reduce(0) { $0 + 48 + $1.text.utf8.count } }
}

/// Results of Tesseract calls within one process, keyed on the exact input of the call:
/// a SHA-256 digest of the picture's pixels and size and of every setting of the call
/// (model, page segmentation mode, inversion, resolution). A picture met again (the same
/// banner over the images of a series, read from the same crop) is not read again; the
/// reading returned is the one Tesseract gave for those very bytes, so masks and decisions
/// are those of a fresh read. Shared by every engine of the process (thread safe), bounded
/// by a count and a size (least recently used entries go first).
public final class OCRCache: Sendable {
    /// A SHA-256 digest, as four words.
    public struct Key: Hashable, Sendable {
        let a: UInt64, b: UInt64, c: UInt64, d: UInt64
        init(_ digest: SHA256Digest) {
            var w = [UInt64](repeating: 0, count: 4)
            for (i, byte) in digest.enumerated() { w[i / 8] = w[i / 8] << 8 | UInt64(byte) }
            a = w[0]; b = w[1]; c = w[2]; d = w[3]
        }
    }

    private struct State {
        var entries: [Key: (reading: OCRReading, used: UInt64)] = [:]
        var clock: UInt64 = 0
        var bytes = 0
        var hits = 0, misses = 0
    }
    private let state = Mutex(State())
    /// Most entries and bytes kept.
    public let maxEntries: Int, maxBytes: Int

    public init(maxEntries: Int = 4096, maxBytes: Int = 32 << 20) {
        self.maxEntries = max(1, maxEntries); self.maxBytes = max(1, maxBytes)
    }

    /// The one cache of the process; nil when DCM_PIXELS_NO_OCR_CACHE is set (for
    /// comparisons and benchmarks: every picture is then read).
    public static let shared: OCRCache? = getenv("DCM_PIXELS_NO_OCR_CACHE") == nil ? OCRCache() : nil

    /// The key of a call reading `image` with `settings` (every parameter of the call
    /// that can change what Tesseract returns, as text).
    static func key(_ image: GrayImage, settings: String) -> Key {
        var h = SHA256()
        h.update(data: Array("\(settings)|\(image.width)x\(image.height)|".utf8))
        image.pixels.withUnsafeBytes { h.update(bufferPointer: $0) }
        return Key(h.finalize())
    }

    func reading(_ key: Key) -> OCRReading? {
        state.withLock { s in
            guard let e = s.entries[key] else { s.misses += 1; return nil }
            s.hits += 1
            s.clock += 1
            s.entries[key] = (e.reading, s.clock)
            return e.reading
        }
    }

    func insert(_ key: Key, _ reading: OCRReading) {
        let cost = reading.cost
        guard cost <= maxBytes else { return }
        state.withLock { s in
            s.clock += 1
            if let old = s.entries.updateValue((reading, s.clock), forKey: key) { s.bytes -= old.reading.cost }
            s.bytes += cost
            guard s.entries.count > maxEntries || s.bytes > maxBytes else { return }
            // Evict the least recently used quarter at once (amortized: sorting on every
            // insertion would cost more than the lookups it serves).
            let order = s.entries.sorted { $0.value.used < $1.value.used }
            var i = 0
            let keep = maxEntries * 3 / 4, keepBytes = maxBytes * 3 / 4
            while i < order.count && (s.entries.count > keep || s.bytes > keepBytes) {
                s.bytes -= order[i].value.reading.cost
                s.entries[order[i].key] = nil
                i += 1
            }
        }
    }

    /// Lookups that found a reading and lookups that did not.
    public var counts: (hits: Int, misses: Int, entries: Int) {
        state.withLock { ($0.hits, $0.misses, $0.entries.count) }
    }
}
