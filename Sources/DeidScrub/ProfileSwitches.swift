/// The two longitudinal date options were both asked for; PS3.15 makes them exclusive.
public struct ConflictingDateOptions: Error, CustomStringConvertible, Sendable {
    public var description: String { "--retain-full-dates and --retain-modified-dates exclude each other" }
}

extension Profile {
    /// Applies command-line switches (`nil`: not given) on top of the profile's options.
    ///
    /// Turning one longitudinal date option on turns the other off, so `--retain-full-dates`
    /// works on a profile that retains modified dates; asking for both is an error, as is a
    /// profile file that names both and no switch resolves it.
    public mutating func apply(switches: [(DeidOption, Bool?)]) throws(ConflictingDateOptions) {
        let asked = Dictionary(switches.compactMap { o, v in v.map { (o, $0) } }, uniquingKeysWith: { $1 })
        for (o, v) in switches {
            guard let v else { continue }
            if v { options.insert(o) } else { options.remove(o) }
        }
        if asked[.retainLongitudinalFullDates] == true, asked[.retainLongitudinalModifiedDates] != true {
            options.remove(.retainLongitudinalModifiedDates)
        }
        if asked[.retainLongitudinalModifiedDates] == true, asked[.retainLongitudinalFullDates] != true {
            options.remove(.retainLongitudinalFullDates)
        }
        if options.contains(.retainLongitudinalFullDates) && options.contains(.retainLongitudinalModifiedDates) {
            throw ConflictingDateOptions()
        }
    }
}
