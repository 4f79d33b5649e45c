/// SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104) for the short values dcm-pseudo
/// derives pseudonyms from.
///
/// Why not swift-crypto: its Linux build links Foundation, whose loading and relocation cost
/// every dcm-pseudo process some 6 ms of CPU before it reads a byte, more than the stage
/// spends on a typical record set; the few hundred bytes hashed per record need no more than
/// this. The tests compare both on thousands of keys and messages.
struct SHA256State: Sendable {
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19
    )

    /// The round constants: the first 32 bits of the fractional parts of the cube roots of
    /// the first 64 primes.
    private static let k: [UInt32] = [
        0x428A_2F98, 0x7137_4491, 0xB5C0_FBCF, 0xE9B5_DBA5, 0x3956_C25B, 0x59F1_11F1, 0x923F_82A4, 0xAB1C_5ED5,
        0xD807_AA98, 0x1283_5B01, 0x2431_85BE, 0x550C_7DC3, 0x72BE_5D74, 0x80DE_B1FE, 0x9BDC_06A7, 0xC19B_F174,
        0xE49B_69C1, 0xEFBE_4786, 0x0FC1_9DC6, 0x240C_A1CC, 0x2DE9_2C6F, 0x4A74_84AA, 0x5CB0_A9DC, 0x76F9_88DA,
        0x983E_5152, 0xA831_C66D, 0xB003_27C8, 0xBF59_7FC7, 0xC6E0_0BF3, 0xD5A7_9147, 0x06CA_6351, 0x1429_2967,
        0x27B7_0A85, 0x2E1B_2138, 0x4D2C_6DFC, 0x5338_0D13, 0x650A_7354, 0x766A_0ABB, 0x81C2_C92E, 0x9272_2C85,
        0xA2BF_E8A1, 0xA81A_664B, 0xC24B_8B70, 0xC76C_51A3, 0xD192_E819, 0xD699_0624, 0xF40E_3585, 0x106A_A070,
        0x19A4_C116, 0x1E37_6C08, 0x2748_774C, 0x34B0_BCB5, 0x391C_0CB3, 0x4ED8_AA4A, 0x5B9C_CA4F, 0x682E_6FF3,
        0x748F_82EE, 0x78A5_636F, 0x84C8_7814, 0x8CC7_0208, 0x90BE_FFFA, 0xA450_6CEB, 0xBEF9_A3F7, 0xC671_78F2
    ]

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }

    /// Absorbs one 64-byte block.
    mutating func compress(_ block: UnsafePointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0..<16 {
                let p = block + 4 * t
                w[t] = UInt32(p[0]) << 24 | UInt32(p[1]) << 16 | UInt32(p[2]) << 8 | UInt32(p[3])
            }
            for t in 16..<64 {
                let s0 = Self.rotr(w[t - 15], 7) ^ Self.rotr(w[t - 15], 18) ^ w[t - 15] >> 3
                let s1 = Self.rotr(w[t - 2], 17) ^ Self.rotr(w[t - 2], 19) ^ w[t - 2] >> 10
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = h
            Self.k.withUnsafeBufferPointer { k in
                for t in 0..<64 {
                    let s1 = Self.rotr(e, 6) ^ Self.rotr(e, 11) ^ Self.rotr(e, 25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = hh &+ s1 &+ ch &+ k[t] &+ w[t]
                    let s0 = Self.rotr(a, 2) ^ Self.rotr(a, 13) ^ Self.rotr(a, 22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ maj
                    hh = g; g = f; f = e; e = d &+ t1
                    d = c; c = b; b = a; a = t1 &+ t2
                }
            }
            h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
        }
    }

    /// The digest of `absorbed` bytes already compressed into this state (a multiple of 64)
    /// followed by `message`.
    func finish(_ message: [UInt8], absorbed: Int) -> [UInt8] {
        var s = self
        let full = message.count & ~63
        message.withUnsafeBufferPointer { m in
            var i = 0
            while i < full { s.compress(m.baseAddress! + i); i += 64 }
        }
        // The rest, 0x80, zeros, the length in bits (big endian): one or two blocks.
        var tail = [UInt8](message[full...])
        tail.append(0x80)
        let blocks = tail.count + 8 <= 64 ? 1 : 2
        tail += [UInt8](repeating: 0, count: blocks * 64 - 8 - tail.count)
        let bits = UInt64(absorbed + message.count) &* 8
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i)))) }
        tail.withUnsafeBufferPointer { t in
            s.compress(t.baseAddress!)
            if blocks == 2 { s.compress(t.baseAddress! + 64) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for v in [s.h.0, s.h.1, s.h.2, s.h.3, s.h.4, s.h.5, s.h.6, s.h.7] {
            out += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
        }
        return out
    }

    /// SHA-256 of `message`.
    static func hash(_ message: [UInt8]) -> [UInt8] { SHA256State().finish(message, absorbed: 0) }
}

/// An HMAC-SHA-256 key, with the padded key's blocks compressed once.
public struct HMACSHA256Key: Sendable {
    private let inner: SHA256State
    private let outer: SHA256State

    public init(_ key: [UInt8]) {
        var k = key.count > 64 ? SHA256State.hash(key) : key
        k += [UInt8](repeating: 0, count: 64 - k.count)
        var i = SHA256State(), o = SHA256State()
        k.map { $0 ^ 0x36 }.withUnsafeBufferPointer { i.compress($0.baseAddress!) }
        k.map { $0 ^ 0x5C }.withUnsafeBufferPointer { o.compress($0.baseAddress!) }
        inner = i
        outer = o
    }

    /// HMAC-SHA-256 of `message` (32 bytes).
    public func mac(_ message: [UInt8]) -> [UInt8] {
        outer.finish(inner.finish(message, absorbed: 64), absorbed: 64)
    }
}
