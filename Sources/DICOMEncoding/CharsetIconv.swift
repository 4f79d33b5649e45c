#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

// glibc iconv access for the multi-byte character sets, with pooled descriptors.
//
// An iconv_t carries conversion state and must not be used by two threads at once, and
// iconv_open is far too slow to call per value. Each (codec, direction) therefore owns a
// small pool of open descriptors behind a Mutex: a conversion takes a descriptor out of
// the pool (opening a new one only when the pool is empty, i.e. under contention), uses it
// without holding the lock, resets it and puts it back. At most `maxIdle` descriptors are
// kept per pool; the rest are closed. Descriptors live for the life of the process.

/// The multi-byte encodings this module converts through iconv.
enum IconvCodec: Int, CaseIterable, Sendable {
    /// EUC-JP: JIS X 0208 as two GR bytes, JIS X 0212 as 0x8F plus two GR bytes.
    case eucJP
    /// EUC-KR: KS X 1001 as two GR bytes.
    case eucKR
    /// EUC-CN: GB 2312 as two GR bytes.
    case gb2312
    case gb18030
    case gbk

    var iconvName: String {
        switch self {
        case .eucJP: return "EUC-JP"
        case .eucKR: return "EUC-KR"
        case .gb2312: return "GB2312"
        case .gb18030: return "GB18030"
        case .gbk: return "GBK"
        }
    }
}

/// An open iconv descriptor; only ever used by one thread at a time (see `IconvPool`).
struct IconvHandle: @unchecked Sendable {
    let cd: iconv_t
}

/// A pool of iconv descriptors for one conversion direction.
final class IconvPool: Sendable {
    private struct State {
        var idle: [IconvHandle] = []
        /// Set once iconv_open has failed: this glibc lacks the conversion.
        var unavailable = false
    }

    let from: String
    let to: String
    private let maxIdle = 8
    private let state = Mutex(State())

    init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    /// A descriptor for exclusive use, or nil when the conversion is not available.
    func acquire() -> IconvHandle? {
        let (handle, unavailable) = state.withLock { s -> (IconvHandle?, Bool) in
            (s.idle.popLast(), s.unavailable)
        }
        if let handle { return handle }
        if unavailable { return nil }
        let cd = iconv_open(to, from)
        if cd == nil || cd == iconv_t(bitPattern: -1) {
            state.withLock { $0.unavailable = true }
            return nil
        }
        return IconvHandle(cd: cd!)
    }

    /// Returns a descriptor taken with `acquire`.
    func release(_ handle: IconvHandle) {
        _ = iconv(handle.cd, nil, nil, nil, nil)  // back to the initial shift state
        let keep = state.withLock { s -> Bool in
            guard s.idle.count < maxIdle else { return false }
            s.idle.append(handle)
            return true
        }
        if !keep { iconv_close(handle.cd) }
    }

    /// Converts `input` and appends the result to `out`; false (with `out` unchanged) when
    /// the input is invalid or incomplete, or cannot be represented in the target encoding.
    /// `strict` also rejects conversions that glibc reports as irreversible.
    func convert(_ input: UnsafeBufferPointer<UInt8>, appendingTo out: inout [UInt8], strict: Bool) -> Bool {
        guard let h = acquire() else { return false }
        defer { release(h) }
        return IconvPool.convert(h.cd, input, appendingTo: &out, strict: strict)
    }

    static func convert(
        _ cd: iconv_t, _ input: UnsafeBufferPointer<UInt8>,
        appendingTo out: inout [UInt8], strict: Bool
    ) -> Bool {
        let start = out.count
        guard let base = input.baseAddress, input.count > 0 else { return true }
        _ = iconv(cd, nil, nil, nil, nil)
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
            .assumingMemoryBound(to: CChar.self)
        var inLeft = input.count
        // UTF-8 output needs at most 4 bytes per input byte from any of these encodings;
        // the legacy encodings need at most 2 bytes per UTF-8 input byte. E2BIG grows anyway.
        var capacity = input.count * 4 + 16
        var irreversible = 0
        while true {
            let written = out.count
            out.append(contentsOf: repeatElement(0, count: capacity))
            var produced = 0
            var failed = false
            var tooBig = false
            out.withUnsafeMutableBufferPointer { buf in
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buf.baseAddress! + written)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = capacity
                var r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r == -1 {
                    if errno == E2BIG { tooBig = true } else { failed = true }
                } else {
                    irreversible += r
                    // Flush any final shift sequence (stateful encodings only).
                    r = iconv(cd, nil, nil, &outPtr, &outLeft)
                    if r == -1 { if errno == E2BIG { tooBig = true } else { failed = true } }
                }
                produced = capacity - outLeft
            }
            out.removeLast(capacity - produced)
            if failed {
                out.removeLast(out.count - start)
                _ = iconv(cd, nil, nil, nil, nil)
                return false
            }
            if tooBig {
                capacity *= 2
                continue
            }
            break
        }
        if strict && irreversible > 0 {
            out.removeLast(out.count - start)
            return false
        }
        return true
    }
}

enum IconvPools {
    /// legacy -> UTF-8, indexed by IconvCodec.rawValue.
    static let decoders: [IconvPool] = IconvCodec.allCases.map { IconvPool(from: $0.iconvName, to: "UTF-8") }
    /// UTF-8 -> legacy, indexed by IconvCodec.rawValue.
    static let encoders: [IconvPool] = IconvCodec.allCases.map { IconvPool(from: "UTF-8", to: $0.iconvName) }

    @inline(__always) static func decoder(_ c: IconvCodec) -> IconvPool { decoders[c.rawValue] }
    @inline(__always) static func encoder(_ c: IconvCodec) -> IconvPool { encoders[c.rawValue] }
}

/// Encoder-side descriptors leased for the duration of one `encode` call, so that
/// per-character conversions do not touch the pool lock each time.
struct IconvLeases: ~Copyable {
    private var handles: [IconvHandle?] = Array(repeating: nil, count: IconvCodec.allCases.count)
    private var failed: [Bool] = Array(repeating: false, count: IconvCodec.allCases.count)

    init() {}

    /// Converts one scalar (as UTF-8) to `codec`; nil when not representable.
    mutating func encode(_ scalar: Unicode.Scalar, _ codec: IconvCodec) -> [UInt8]? {
        let i = codec.rawValue
        if handles[i] == nil {
            if failed[i] { return nil }
            handles[i] = IconvPools.encoder(codec).acquire()
            if handles[i] == nil { failed[i] = true; return nil }
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(4)
        appendUTF8(scalar.value, to: &utf8)
        var out: [UInt8] = []
        out.reserveCapacity(8)
        let ok = utf8.withUnsafeBufferPointer {
            IconvPool.convert(handles[i]!.cd, $0, appendingTo: &out, strict: true)
        }
        return ok ? out : nil
    }

    deinit {
        for c in IconvCodec.allCases {
            if let h = handles[c.rawValue] { IconvPools.encoder(c).release(h) }
        }
    }
}

/// Appends the UTF-8 form of a Unicode scalar value.
@inline(__always)
func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    if v < 0x80 {
        out.append(UInt8(v))
    } else if v < 0x800 {
        out.append(UInt8(0xC0 | (v >> 6)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    } else if v < 0x10000 {
        out.append(UInt8(0xE0 | (v >> 12)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    } else {
        out.append(UInt8(0xF0 | (v >> 18)))
        out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    }
}

/// The upper half (0x80-0xFF) of a single-byte character set, built once from glibc iconv
/// (Latin-1 natively), then used without iconv in both directions.
final class SingleByteTable: Sendable {
    /// Unicode scalar value for bytes 0x80...0xFF; 0 = not defined in this set.
    let toScalar: [UInt32]
    let fromScalar: [UInt32: UInt8]

    init(toScalar: [UInt32]) {
        self.toScalar = toScalar
        var m: [UInt32: UInt8] = [:]
        for (i, v) in toScalar.enumerated() where v != 0 { m[v] = UInt8(0x80 + i) }
        fromScalar = m
    }

    static func latin1() -> SingleByteTable {
        SingleByteTable(toScalar: (0x80...0xFF).map { UInt32($0) })
    }

    /// Builds the table by converting each high byte through iconv; an encoding that this
    /// glibc lacks gives an empty table (every high byte is then undecodable).
    static func fromIconv(_ name: String) -> SingleByteTable {
        var table = [UInt32](repeating: 0, count: 128)
        let cd = iconv_open("UTF-32LE", name)
        if cd == nil || cd == iconv_t(bitPattern: -1) { return SingleByteTable(toScalar: table) }
        defer { iconv_close(cd) }
        for b in 0x80...0xFF {
            let input: [UInt8] = [UInt8(b)]
            var out: [UInt8] = []
            let ok = input.withUnsafeBufferPointer { IconvPool.convert(cd!, $0, appendingTo: &out, strict: false) }
            if ok && out.count == 4 {
                let v = UInt32(out[0]) | UInt32(out[1]) << 8 | UInt32(out[2]) << 16 | UInt32(out[3]) << 24
                table[b - 0x80] = v
            }
        }
        return SingleByteTable(toScalar: table)
    }
}
