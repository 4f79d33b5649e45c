import Crypto
import DICOMPart10
#if canImport(Glibc)
import Glibc
#endif

/// The secret that makes every pseudonym: the same key gives the same pseudonyms in any
/// process on any host. Stored as hex (64 digits for the 32 random bytes `generate`
/// makes) in a file readable by its owner only. The key is never printed; its
/// `fingerprint` (the first 8 hex digits of SHA-256 of the key) names it in reports.
public struct PseudonymKey: Sendable {
    public let bytes: [UInt8]

    /// Why a key cannot be read or made (paths, never key material).
    public struct KeyError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    public init(bytes: [UInt8]) throws {
        guard bytes.count >= 16 else { throw KeyError(message: "key is shorter than 16 bytes") }
        self.bytes = bytes
    }

    /// 32 bytes from the system's secure random source.
    public static func generate() -> PseudonymKey {
        var g = SystemRandomNumberGenerator()
        let b = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        return PseudonymKey(unchecked: b)
    }

    init(unchecked: [UInt8]) { bytes = unchecked }

    public var symmetricKey: SymmetricKey { SymmetricKey(data: bytes) }

    /// First 8 hex digits of SHA-256(key): identifies the key without revealing it.
    public var fingerprint: String {
        String(Self.hex(Array(SHA256.hash(data: bytes))).prefix(8))
    }

    /// The largest key file read (a key is 64 hex digits; a raw one a few dozen bytes).
    public static let fileLimit = 4096

    /// Reads a key file: hex digits (whitespace ignored), or else at least 16 raw bytes.
    /// A file of text (printable ASCII) must be valid hex: one that is nearly hex is a typo,
    /// and reading it as raw bytes would silently give other pseudonyms.
    public static func read(path: String) throws -> PseudonymKey {
        let content: [UInt8]
        do { content = try SmallFile.read(path, limit: fileLimit) } catch let e as SmallFile.Failure {
            throw KeyError(message: e.description)
        }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let text = content.filter { !isSpace($0) }
        if content.allSatisfy({ isSpace($0) || (0x21...0x7E).contains($0) }) {
            guard let b = unhex(text), text.count % 2 == 0 else {
                throw KeyError(message: "\(path): key file is text but not valid hex (an even number of digits 0-9, a-f)")
            }
            guard text.count >= 32 else {
                throw KeyError(message: "\(path): key file is too short (at least 32 hex digits are needed)")
            }
            return PseudonymKey(unchecked: b)
        }
        guard content.count >= 16 else { throw KeyError(message: "\(path): key file is too short (at least 16 raw bytes are needed)") }
        return PseudonymKey(unchecked: content)
    }

    /// Whether the key file can be read by anyone but its owner.
    public static func isExposed(path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && st.st_mode & 0o077 != 0
    }

    /// Writes a new key to `path` with mode 0600 (creating directories with mode 0700).
    /// Never replaces an existing file: the file appears complete or not at all, so
    /// processes starting together all end up with the same key.
    @discardableResult
    public static func create(at path: String) throws -> (key: PseudonymKey, created: Bool) {
        try FileIO.makeDirectories(FileIO.parent(path), mode: 0o700)
        let key = generate()
        let tmp = path + ".tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw KeyError(message: "cannot create \(tmp): \(FileIO.errnoText())") }
        var ok = false
        defer { if !ok { unlink(tmp) } }
        do {
            try FileIO.writeAll(fd, Array((hex(key.bytes) + "\n").utf8))
            guard fsync(fd) == 0 else { throw KeyError(message: "cannot write \(tmp): \(FileIO.errnoText())") }
        } catch { close(fd); throw error }
        close(fd)
        // link() fails if the name exists: first creator wins, atomically.
        if link(tmp, path) == 0 {
            unlink(tmp); ok = true
            return (key, true)
        }
        let e = errno
        unlink(tmp); ok = true
        guard e == EEXIST else { throw KeyError(message: "cannot create \(path): \(String(cString: strerror(e)))") }
        return (try read(path: path), false)
    }

    /// The key used when none is named: `$DCM_DEID_KEY_FILE`, else
    /// `$XDG_CONFIG_HOME/dcm-deid/key`, else `$HOME/.config/dcm-deid/key`.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let p = environment["DCM_DEID_KEY_FILE"], !p.isEmpty { return p }
        if let x = environment["XDG_CONFIG_HOME"], x.hasPrefix("/") { return x + "/dcm-deid/key" }
        if let h = environment["HOME"], !h.isEmpty { return h + "/.config/dcm-deid/key" }
        return nil
    }

    static func hex(_ b: [UInt8]) -> String {
        let d = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count * 2)
        for x in b { out.append(d[Int(x >> 4)]); out.append(d[Int(x & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func unhex(_ t: [UInt8]) -> [UInt8]? {
        func v(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x37
            case 0x61...0x66: return c - 0x57
            default: return nil
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i + 1 < t.count {
            guard let h = v(t[i]), let l = v(t[i + 1]) else { return nil }
            out.append(h << 4 | l); i += 2
        }
        return out
    }
}
