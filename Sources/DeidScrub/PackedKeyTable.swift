/// A read-only string -> code table held in generated literals, so that it costs nothing at
/// start-up: the keys sorted by their UTF-8 bytes in one `StaticString` (one a line), the
/// byte offset where each starts, and one ASCII code byte per key. Looked up by binary search.
///
/// Building a `[String: ...]` from text instead cost dcm-scrub some 10 ms of CPU per process.
struct PackedKeyTable: Sendable {
    let keys: StaticString
    /// `starts[i]` is where key `i` begins; `starts[count]` is the text's length plus one.
    let starts: [UInt32]
    let codes: StaticString

    /// Number of keys.
    var count: Int { starts.count - 1 }

    /// The code byte of `key`; nil when the table does not hold it.
    func code(for key: String) -> UInt8? {
        var key = key
        return key.withUTF8 { code(forUTF8: $0) }
    }

    /// The code byte of the key whose UTF-8 bytes are `query`.
    func code(forUTF8 query: UnsafeBufferPointer<UInt8>) -> UInt8? {
        guard let i = index(of: query) else { return nil }
        return codes.utf8Start[i]
    }

    /// The key at `i`, for tests and diagnostics.
    func key(at i: Int) -> String {
        let text = UnsafeBufferPointer(start: keys.utf8Start, count: keys.utf8CodeUnitCount)
        return String(decoding: text[Int(starts[i])..<Int(starts[i + 1]) - 1], as: UTF8.self)
    }

    /// The code byte at `i`.
    func code(at i: Int) -> UInt8 { codes.utf8Start[i] }

    private func index(of query: UnsafeBufferPointer<UInt8>) -> Int? {
        let text = keys.utf8Start
        return starts.withUnsafeBufferPointer { s -> Int? in
            var lo = 0, hi = s.count - 1
            while lo < hi {
                let mid = (lo + hi) >> 1
                let from = Int(s[mid]), length = Int(s[mid + 1]) - 1 - from
                let order = PackedKeyTable.compare(text + from, length, query)
                if order == 0 { return mid }
                if order < 0 { lo = mid + 1 } else { hi = mid }
            }
            return nil
        }
    }

    /// Byte-wise order of a key against `query` (as Python sorts `str.encode()`).
    @inline(__always)
    private static func compare(_ a: UnsafePointer<UInt8>, _ n: Int, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let m = Swift.min(n, b.count)
        var i = 0
        while i < m {
            let x = a[i], y = b[i]
            if x != y { return x < y ? -1 : 1 }
            i += 1
        }
        return n == b.count ? 0 : (n < b.count ? -1 : 1)
    }
}
