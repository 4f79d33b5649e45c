/// PS3.10 file IDs: the names files must have to be listed in a DICOMDIR (PS3.10 8.2, 8.5).
public enum FileSetID {
    /// Characters of a file ID component, PS3.10 8.5: uppercase letters, digits, underscore.
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    /// An 8-character component derived from `value`, deterministic on every host: the value's
    /// 64-bit FNV-1a hash, mixed (SplitMix64 finalizer), as 8 base-36 digits (about 41 bits).
    /// The value is a de-identified UID in the file-set layout, so the name carries no PHI.
    public static func component(for value: String) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in value.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 30; h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 27; h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        var out = [UInt8](repeating: 0, count: 8)
        for i in (0..<8).reversed() { out[i] = alphabet[Int(h % 36)]; h /= 36 }
        return String(decoding: out, as: UTF8.self)
    }

    /// The components of `relativePath` when it is a valid PS3.10 file ID (1 to 8 components
    /// of 1 to 8 characters from A-Z, 0-9 and _), else nil.
    public static func components(of relativePath: String) -> [String]? {
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...8).contains(parts.count) else { return nil }
        for p in parts {
            guard (1...8).contains(p.utf8.count),
                p.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F })
            else { return nil }
        }
        return parts.map(String.init)
    }
}
