import Crypto

/// Why a UID root cannot be used.
public struct UIDRootError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// Makes replacement UIDs: a root followed by the decimal form of a keyed hash of the
/// original UID, so that the same original always gives the same replacement under the
/// same key, in any process, without shared state.
///
/// - Root `2.25` (the default): the hash becomes a UUID (RFC 9562 version 8, the
///   vendor-specific version: 122 hash bits, then the version and variant bits) and the
///   UID is `2.25.` and that UUID as one decimal integer, as ISO/IEC 9834-8 and PS3.5
///   B.2 define. At most 44 characters. Two different originals collide with probability
///   2^-122; among n originals the chance of any collision is below n²/2^123 (about
///   2^-59 for n = 2^32).
/// - Any other root R: `R.` and the decimal of the first k hash bits, with k the largest
///   number of bits (at most 128) whose decimal always fits in 64 characters. Among n
///   originals the chance of any collision is below n²/2^(k+1). Roots that would leave
///   fewer than 64 bits are refused.
public struct UIDHasher {
    public let root: String
    /// Hash bits carried by each UID.
    public let bits: Int
    let uuid: Bool
    /// The HMAC state after the key and the "uid" domain prefix, worked out once: each hash
    /// goes on from a copy of it (the same MAC as keying anew, without the two key blocks).
    let keyed: HMAC<SHA256>

    public static let defaultRoot = "2.25"

    public init(key: SymmetricKey, root: String = UIDHasher.defaultRoot) throws {
        try UIDHasher.validateRoot(root)
        self.root = root
        var keyed = HMAC<SHA256>(key: key)
        keyed.update(data: Array("uid\u{0}".utf8))
        self.keyed = keyed
        if root == UIDHasher.defaultRoot {
            uuid = true; bits = 122
        } else {
            uuid = false
            let available = 64 - root.utf8.count - 1
            // k bits fit in `available` decimal digits when 2^k - 1 < 10^available.
            let k = min(128, Int(Double(available) * 3.321928094887362))
            guard k >= 64 else {
                throw UIDRootError(
                    message:
                        "UID root \(root) is too long: it leaves room for only \(max(k, 0)) hash bits (at least 64 are needed; use a root of at most 43 characters)"
                )
            }
            bits = k
        }
    }

    /// Checks PS3.5 9.1 syntax: digits and dots, no empty component, no leading zero.
    public static func validateRoot(_ root: String) throws {
        guard isValidUID(root) else {
            throw UIDRootError(message: "UID root '\(root)' is not a valid UID (digits separated by dots, no leading zeros)")
        }
    }

    /// True for a syntactically valid UID of at most 64 characters.
    public static func isValidUID(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard !b.isEmpty, b.count <= 64 else { return false }
        var compStart = 0
        for i in 0...b.count {
            if i == b.count || b[i] == UInt8(ascii: ".") {
                let len = i - compStart
                if len == 0 { return false }
                if len > 1 && b[compStart] == UInt8(ascii: "0") { return false }
                compStart = i + 1
            } else if b[i] < 0x30 || b[i] > 0x39 {
                return false
            }
        }
        return true
    }

    /// The replacement for `original` (padding already removed).
    public func hash(_ original: String) -> String {
        var mac = keyed
        mac.update(data: Array(original.utf8))
        var v: UInt128 = 0
        mac.finalize().withUnsafeBytes { digest in
            for i in 0..<16 { v = v << 8 | UInt128(digest[i]) }
        }
        if uuid {
            // Version 8 in bits 76-79, variant 10 in bits 62-63 (RFC 9562 5.8).
            v = (v & ~(UInt128(0xF) << 76)) | (UInt128(0x8) << 76)
            v = (v & ~(UInt128(0x3) << 62)) | (UInt128(0x2) << 62)
        } else if bits < 128 {
            v >>= UInt128(128 - bits)
        }
        return root + "." + String(v)
    }
}
