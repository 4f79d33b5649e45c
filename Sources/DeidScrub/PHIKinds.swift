import DICOMCore

/// Which attributes hold which kind of identifying value (the kinds of `DeidState.phi`).
/// When the profile removes or replaces such an attribute, its original value is handed on
/// as known PHI: searched in the record's remaining text and in its pixels.
enum PHIKind: String, Sendable {
    case name, id, date, address, phone, institution, other

    /// Kind of a public attribute; person names (PN) are names wherever they stand.
    static func of(_ tag: Tag, vr: VR) -> PHIKind? {
        if let k = byTag[tag.rawValue] { return k }
        return vr == .PN ? .name : nil
    }

    static let byTag: [UInt32: PHIKind] = {
        var m: [UInt32: PHIKind] = [:]
        func add(_ kind: PHIKind, _ keywords: [String]) {
            for k in keywords {
                if let e = DataDictionary.entry(forKeyword: k) { m[e.tag.rawValue] = kind }
            }
        }
        add(.id, ["PatientID", "OtherPatientIDs", "AccessionNumber", "StudyID", "MedicalRecordLocator",
                  "AdmissionID", "ServiceEpisodeID", "PerformedProcedureStepID", "ScheduledProcedureStepID",
                  "RequestedProcedureID", "PlacerOrderNumberImagingServiceRequest",
                  "FillerOrderNumberImagingServiceRequest", "PlacerOrderNumberImagingServiceRequestRetired",
                  "FillerOrderNumberImagingServiceRequestRetired", "ClinicalTrialSubjectID",
                  "ClinicalTrialSubjectReadingID", "InsurancePlanIdentification", "SpecimenAccessionNumber",
                  "ResultsID", "InterpretationID", "PatientInsurancePlanCodeSequence"])
        add(.date, ["PatientBirthDate", "PatientBirthDateInAlternativeCalendar",
                    "PatientDeathDateInAlternativeCalendar"])
        add(.address, ["PatientAddress", "InstitutionAddress", "ReferringPhysicianAddress", "PersonAddress",
                       "RegionOfResidence", "PatientInstitutionResidence", "ScheduledPatientInstitutionResidence",
                       "AddressTrial", "DistributionAddress", "CurrentPatientLocation"])
        add(.phone, ["PatientTelephoneNumbers", "ReferringPhysicianTelephoneNumbers", "PersonTelephoneNumbers",
                     "OrderCallbackPhoneNumber", "TelephoneNumberTrial"])
        add(.institution, ["InstitutionName", "InstitutionalDepartmentName", "VerifyingOrganization",
                           "ResponsibleOrganization", "HumanPerformerOrganization", "ClinicalTrialSponsorName",
                           "ClinicalTrialSiteName", "ClinicalTrialCoordinatingCenterName", "IssuerOfPatientID",
                           "ClinicalTrialProtocolEthicsCommitteeName"])
        add(.other, ["PatientTelecomInformation", "PersonTelecomInformation", "OrderCallbackTelecomInformation",
                     "PatientComments", "ImageComments", "StudyComments", "VisitComments",
                     "AdditionalPatientHistory", "IdentifyingComments", "RequestedProcedureComments",
                     "ImagingServiceRequestComments", "CommentsOnThePerformedProcedureStep",
                     "MilitaryRank", "BranchOfService", "Occupation"])
        return m
    }()
}
