import DICOMCore
import DICOMObject

extension DataSet {
    /// A 64-bit FNV-1a digest of the elements' tags, VRs and value bytes at every depth
    /// (bulk values by length only, so no pixel data is read). Stable across processes and
    /// hosts; it names files whose naming attributes are missing.
    public var contentDigest: UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        func mix32(_ v: UInt32) { for k in 0..<4 { mix(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        func walk(_ ds: DataSet) {
            for e in ds.elements {
                mix32(e.tag.rawValue)
                for c in e.vr.rawValue.utf8 { mix(c) }
                switch e.value {
                case .bytes(let b): mix32(UInt32(truncatingIfNeeded: b.count)); b.forEach(mix)
                case .bulk(let d): mix32(UInt32(truncatingIfNeeded: d.length))
                case .items(let items): mix32(UInt32(truncatingIfNeeded: items.count)); items.forEach(walk)
                }
            }
            mix(0xFF)
        }
        walk(self)
        return h
    }
}
