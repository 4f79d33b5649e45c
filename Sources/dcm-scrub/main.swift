import ArgumentParser
import DcmToolSupport
import DeidScrub
import DICOMStream
#if canImport(Glibc)
import Glibc
#endif

struct DcmScrub: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcm-scrub",
        abstract: "Apply a de-identification profile to each record of a dcm-stream.",
        discussion: """
            Reads a dcm-stream on standard input and writes it on standard output with header \
            values removed, emptied, replaced or cleaned as the profile says (PS3.15 Annex E Basic \
            Profile and options, TCIA practice by default). Pixel data is never read or changed. \
            UIDs, the patient pseudonym and date shifts are left to dcm-pseudo, burned-in text to \
            dcm-redact-pixels: each record says which of them it still needs. See dcm-scrub(1) \
            and dcm-profile(5).
            Exit status: 0 all records scrubbed, 1 some records failed, 2 fatal error.
            """,
        version: ToolVersion.current)

    @Option(name: .shortAndLong, help: ArgumentHelp("Built-in profile (basic, tcia) or a profile file (dcm-profile(5)).", valueName: "NAME|FILE"))
    var profile: String = Profile.defaultName

    @Flag(inversion: .prefixedNo, help: "Retain Safe Private Option: keep private elements the TCIA Private Tag Knowledge Base calls safe.")
    var retainSafePrivate: Bool?
    @Flag(name: .customLong("retain-uids"), inversion: .prefixedNo, help: "Retain UIDs Option.")
    var retainUIDs: Bool?
    @Flag(inversion: .prefixedNo, help: "Retain Device Identity Option.")
    var retainDeviceIdentity: Bool?
    @Flag(inversion: .prefixedNo, help: "Retain Institution Identity Option.")
    var retainInstitutionIdentity: Bool?
    @Flag(inversion: .prefixedNo, help: "Retain Patient Characteristics Option.")
    var retainPatientCharacteristics: Bool?
    @Flag(inversion: .prefixedNo, help: "Retain Longitudinal Temporal Information with Full Dates Option.")
    var retainFullDates: Bool?
    @Flag(inversion: .prefixedNo, help: "Retain Longitudinal Temporal Information with Modified Dates Option (dates shifted by dcm-pseudo).")
    var retainModifiedDates: Bool?
    @Flag(inversion: .prefixedNo, help: "Clean Descriptors Option.")
    var cleanDescriptors: Bool?
    @Flag(inversion: .prefixedNo, help: "Clean Structured Content Option.")
    var cleanStructuredContent: Bool?
    @Flag(inversion: .prefixedNo, help: "Clean Graphics Option.")
    var cleanGraphics: Bool?
    @Flag(
        inversion: .prefixedNo,
        help:
            "Clean Pixel Data Option (on in both built-in profiles): dcm-write then needs dcm-redact-pixels for every record with pixel data; --no-clean-pixel-data only for images known to hold no burned-in text."
    )
    var cleanPixelData: Bool?
    @Flag(name: .customLong("clean-visual-features"), inversion: .prefixedNo, help: "Clean Recognizable Visual Features Option (declared only).")
    var cleanVisualFeatures: Bool?

    @Flag(name: .customLong("print-profile"), help: "Print the action of every attribute of PS3.15 Table E.1-1 under the profile and exit.")
    var printProfile = false

    @OptionGroup var messages: MessageOptions

    @OptionGroup var output: StreamOutputOptions

    mutating func run() throws {
        messages.apply(program: "dcm-scrub")
        var p: Profile
        if let b = Profile.builtin(named: profile) {
            p = b
        } else {
            do { p = try Profile.load(fileAt: profile) } catch {
                Diagnostics.message("\(error)")
                exitWith(.fatal)
            }
        }
        let switches: [(DeidOption, Bool?)] = [
            (.retainSafePrivate, retainSafePrivate), (.retainUIDs, retainUIDs),
            (.retainDeviceIdentity, retainDeviceIdentity), (.retainInstitutionIdentity, retainInstitutionIdentity),
            (.retainPatientCharacteristics, retainPatientCharacteristics),
            (.retainLongitudinalFullDates, retainFullDates), (.retainLongitudinalModifiedDates, retainModifiedDates),
            (.cleanDescriptors, cleanDescriptors), (.cleanStructuredContent, cleanStructuredContent),
            (.cleanGraphics, cleanGraphics), (.cleanPixelData, cleanPixelData),
            (.cleanRecognizableVisualFeatures, cleanVisualFeatures)
        ]
        do { try p.apply(switches: switches) } catch {
            Diagnostics.message("\(error)")
            exitWith(.fatal)
        }
        if printProfile {
            printTable(p)
            exitWith(.success)
        }
        output.refuseTerminal(pipeInto: "dcm-pseudo, dcm-write or dcm-json")
        let scrubber = Scrubber(profile: p)
        let settings: [(String, JSON)] = [
            ("profile", .string(p.name)),
            ("options", .array(p.options.sorted().map { .string($0.rawValue) }))
        ]
        StageMain.run(
            stage: "dcm-scrub", verbose: messages.verbose,
            transform: { record in
                try scrubber.apply(to: &record)
                record.noteStage("dcm-scrub", settings: settings)
                Diagnostics.info("\(record.source): scrubbed")
            })
    }

    func printTable(_ p: Profile) {
        let scrubber = Scrubber(profile: p)
        var out = "# profile \(p.name); options: \(p.options.sorted().map(\.rawValue).joined(separator: " "))\n"
        for row in ConfidentialityTable.rows {
            let a = row.mask == 0xFFFF_FFFF ? scrubber.action(for: row.tag) : p.action(for: row.tag)
            out += "\(hexPattern(row))\t\(row.basic)\t\(a.rawValue)\t\(row.keyword)\n"
        }
        print(out, terminator: "")
    }

    func hexPattern(_ row: ConfidentialityTable.Row) -> String {
        Profile.TagPattern(value: row.tag.rawValue, mask: row.mask).description
    }
}

DcmScrub.runAsTool()
