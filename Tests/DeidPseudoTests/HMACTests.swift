import Crypto
import XCTest
@testable import DeidPseudo

/// dcm-pseudo's own SHA-256 and HMAC-SHA-256 give what swift-crypto (BoringSSL) gives, which
/// it replaced, on the published test vectors and on keys and messages of every length
/// around the block boundaries.
final class HMACTests: XCTestCase {
    func hex(_ b: [UInt8]) -> String {
        let d = Array("0123456789abcdef".utf8)
        return String(decoding: b.flatMap { [d[Int($0 >> 4)], d[Int($0 & 0xF)]] }, as: UTF8.self)
    }

    func testPublishedVectors() {
        // FIPS 180-4 examples.
        XCTAssertEqual(hex(SHA256State.hash(Array("abc".utf8))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(hex(SHA256State.hash([])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            hex(SHA256State.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // RFC 4231 test cases 1, 2 and 6 (a key longer than a block).
        XCTAssertEqual(
            hex(HMACSHA256Key([UInt8](repeating: 0x0B, count: 20)).mac(Array("Hi There".utf8))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        XCTAssertEqual(
            hex(HMACSHA256Key(Array("Jefe".utf8)).mac(Array("what do ya want for nothing?".utf8))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertEqual(
            hex(HMACSHA256Key([UInt8](repeating: 0xAA, count: 131)).mac(
                Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    func testSameAsSwiftCrypto() {
        var rng = SplitMix(seed: 42)
        func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        for keyLength in [0, 1, 16, 31, 32, 33, 63, 64, 65, 100, 128, 200] {
            let key = bytes(keyLength)
            let mine = HMACSHA256Key(key)
            for messageLength in 0...300 {
                let m = bytes(messageLength)
                XCTAssertEqual(mine.mac(m), Array(HMAC<SHA256>.authenticationCode(for: m, using: SymmetricKey(data: key))),
                               "key \(keyLength) message \(messageLength)")
                if keyLength == 0 { XCTAssertEqual(SHA256State.hash(m), Array(SHA256.hash(data: m)), "\(messageLength)") }
            }
        }
    }

    /// The key fingerprint and the pseudonyms of a fixed key did not change with the engine.
    func testFingerprintIsSHA256OfTheKey() {
        let k = Fixture.keyA
        XCTAssertEqual(k.fingerprint, String(hex(Array(SHA256.hash(data: k.bytes))).prefix(8)))
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
