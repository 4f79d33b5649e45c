import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
@testable import DeidScrub
import XCTest

final class SafeHarborAgeTests: XCTestCase {
    func scrubbedAge(_ age: String) throws -> String? {
        var ds = DataSet()
        ds.setString(.patientID, "P", vr: .LO)
        ds.setString(Tag(0x0010_1010), age, vr: .AS)
        var r = Record(source: "t", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))
        guard let profile = Profile.builtin(named: "tcia") else { XCTFail("no tcia profile"); return nil }
        try Scrubber(profile: profile).apply(to: &r)
        return r.file.dataset.string(Tag(0x0010_1010))
    }

    /// Patient characteristics are retained, but ages over 89 are grouped as 90+.
    func testAgesOver89AreGrouped() throws {
        XCTAssertEqual(try scrubbedAge("045Y"), "045Y")
        XCTAssertEqual(try scrubbedAge("089Y"), "089Y")
        XCTAssertEqual(try scrubbedAge("093Y"), "090Y")
        XCTAssertEqual(try scrubbedAge("104Y"), "090Y")
        XCTAssertEqual(try scrubbedAge("006M"), "006M")
    }
}
