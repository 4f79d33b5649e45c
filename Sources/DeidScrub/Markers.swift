import DICOMCore
import DICOMEncoding
import DICOMObject

/// The attributes that tell a reader the instance was de-identified (PS3.15 E.1.1): Patient
/// Identity Removed, De-identification Method, its code sequence (CID 7050: the profile and
/// exactly the options in force) and Longitudinal Temporal Information Modified.
enum Markers {
    /// The code items of `profile`'s method, by code value, in order: the same for every
    /// record, so a scrubber builds them once.
    static func codeItems(_ profile: Profile) -> [(value: String, item: DataSet)] {
        var codes = [DeidOption.basicProfileCode]
        // Clean Pixel Data is declared by dcm-redact-pixels on the images it examined: only
        // then is it true.
        for o in profile.options.sorted() where o != .cleanPixelData { codes.append((o.codeValue, o.codeMeaning)) }
        return codes.map { ($0.0, codeItem($0.0, $0.1)) }
    }

    /// Sets the markers, with the profile's `codeItems`; values and codes already present
    /// (an earlier de-identification) are kept and ours added after them.
    static func set(
        in ds: inout DataSet, profile: Profile, charset: SpecificCharacterSet, codeItems: [(value: String, item: DataSet)]
    ) {
        ds.setString(Tag.patientIdentityRemoved, "YES", vr: .CS)
        var method = "dcm-scrub profile \(profile.name)"
        if method.utf8.count > 64 { method = String(decoding: method.utf8.prefix(64), as: UTF8.self) }
        var methods = ds.strings(Tag.deidentificationMethod, charset: charset).filter { !$0.isEmpty }
        if !methods.contains(method) { methods.append(method) }
        ds.setString(Tag.deidentificationMethod, methods.joined(separator: "\\"), vr: .LO, charset: charset)

        var items = ds[Tag.deidentificationMethodCodeSequence]?.items ?? []
        let present = Set(items.compactMap { $0.string(Tag.codeValue) })
        for (value, item) in codeItems where !present.contains(value) { items.append(item) }
        ds.insert(Element(tag: Tag.deidentificationMethodCodeSequence, vr: .SQ, value: .items(items)))

        let temporal: String
        if profile.options.contains(.retainLongitudinalModifiedDates) {
            temporal = "MODIFIED"
        } else if profile.options.contains(.retainLongitudinalFullDates) {
            temporal = "UNMODIFIED"
        } else {
            temporal = "REMOVED"
        }
        ds.setString(Tag.longitudinalTemporalInformationModified, temporal, vr: .CS)
    }

    static func codeItem(_ value: String, _ meaning: String) -> DataSet {
        var item = DataSet()
        item.setString(Tag.codeValue, value, vr: .SH)
        item.setString(Tag.codingSchemeDesignator, "DCM", vr: .SH)
        item.setString(Tag.codeMeaning, meaning, vr: .LO)
        return item
    }
}
