import DICOMCore

/// The kinds of identifying value the stages hand each other (`DeidState.phi`), and the one
/// table of which attribute holds which kind. dcm-scrub hands on the original value of such an
/// attribute when the profile removes or replaces it (searched in the record's remaining text
/// and in its pixels); dcm-redact-pixels also reads the values still in the header through it.
/// dcm-audit keeps its own list on purpose (DeidAudit/IdentifyingValues.swift): it is an
/// independent check of what the stages did.
public enum PHIKind: String, Sendable, CaseIterable, Comparable {
    case name, id, date, address, phone, institution, other

    /// The kind named in a stream; a kind this version does not know is searched as `other`
    /// (free text), never dropped.
    public init(streamName: String) { self = PHIKind(rawValue: streamName) ?? .other }

    public static func < (a: PHIKind, b: PHIKind) -> Bool { a.rawValue < b.rawValue }

    /// Kind of a public attribute; person names (PN) are names wherever they stand.
    public static func of(_ tag: Tag, vr: VR) -> PHIKind? {
        if let k = byTag[tag.rawValue] { return k }
        return vr == .PN ? .name : nil
    }

    /// Kind by tag, for every attribute that is not a person name (PN) by its VR.
    public static let byTag: [UInt32: PHIKind] = {
        var m: [UInt32: PHIKind] = [:]
        func add(_ kind: PHIKind, _ keywords: [String]) {
            for k in keywords {
                if let e = DataDictionary.entry(forKeyword: k) { m[e.tag.rawValue] = kind }
            }
        }
        add(
            .id,
            [
                "PatientID", "OtherPatientIDs", "AccessionNumber", "StudyID", "MedicalRecordLocator",
                "AdmissionID", "ServiceEpisodeID", "PerformedProcedureStepID", "ScheduledProcedureStepID",
                "RequestedProcedureID", "PlacerOrderNumberImagingServiceRequest",
                "FillerOrderNumberImagingServiceRequest", "PlacerOrderNumberImagingServiceRequestRetired",
                "FillerOrderNumberImagingServiceRequestRetired", "ClinicalTrialSubjectID",
                "ClinicalTrialSubjectReadingID", "InsurancePlanIdentification", "SpecimenAccessionNumber",
                "ResultsID", "InterpretationID", "PatientInsurancePlanCodeSequence"
            ])
        // DA and DT values removed or shifted are handed on as dates whatever their tag; the
        // study-level dates are listed for the values still in a header (dcm-redact-pixels).
        add(
            .date,
            [
                "PatientBirthDate", "PatientBirthDateInAlternativeCalendar",
                "PatientDeathDateInAlternativeCalendar", "StudyDate", "SeriesDate", "AcquisitionDate",
                "ContentDate", "InstanceCreationDate"
            ])
        add(
            .address,
            [
                "PatientAddress", "InstitutionAddress", "ReferringPhysicianAddress", "PersonAddress",
                "RegionOfResidence", "PatientInstitutionResidence", "ScheduledPatientInstitutionResidence",
                "AddressTrial", "DistributionAddress", "CurrentPatientLocation"
            ])
        add(
            .phone,
            [
                "PatientTelephoneNumbers", "ReferringPhysicianTelephoneNumbers", "PersonTelephoneNumbers",
                "OrderCallbackPhoneNumber", "TelephoneNumberTrial"
            ])
        add(
            .institution,
            [
                "InstitutionName", "InstitutionalDepartmentName", "VerifyingOrganization",
                "ResponsibleOrganization", "HumanPerformerOrganization", "ClinicalTrialSponsorName",
                "ClinicalTrialSiteName", "ClinicalTrialCoordinatingCenterName", "IssuerOfPatientID",
                "ClinicalTrialProtocolEthicsCommitteeName"
            ])
        add(
            .other,
            [
                "PatientTelecomInformation", "PersonTelecomInformation", "OrderCallbackTelecomInformation",
                "PatientComments", "ImageComments", "StudyComments", "VisitComments",
                "AdditionalPatientHistory", "IdentifyingComments", "RequestedProcedureComments",
                "ImagingServiceRequestComments", "CommentsOnThePerformedProcedureStep",
                "MilitaryRank", "BranchOfService", "Occupation"
            ])
        return m
    }()
}
