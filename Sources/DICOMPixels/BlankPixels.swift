/// Pixel data whose content is one byte value repeated (or nothing) holds no picture, so no
/// burned-in text, whatever its header claims: seen as zero-filled fragments under a JPEG
/// label and as 256 zero bytes under a 65535 x 65535 header. Such data cannot be decoded,
/// yet refusing the file would lose it for nothing.
public enum BlankPixels {
    /// True when every content byte is the same (for encapsulated data: every fragment byte,
    /// the offset table aside). Encapsulated data that does not parse as items is not blank.
    public static func isBlank(_ data: [UInt8], encapsulated: Bool) -> Bool {
        guard encapsulated else { return data.allSatisfy { $0 == data.first } }
        guard let items = try? Encapsulation.items(data) else { return false }
        let fragments = items.dropFirst()
        guard let first = fragments.first(where: { $0.length > 0 }).map({ data[$0.start] }) else { return true }
        return fragments.allSatisfy { f in data[f.start..<(f.start + f.length)].allSatisfy { $0 == first } }
    }
}
