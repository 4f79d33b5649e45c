import Foundation
import SharedTestSupport
import XCTest

/// Files named where a small settings file is meant: refused at once with a clear message,
/// never read without end (devices) nor silently taken another way (a key with a typo).
final class InputBoundsTests: ToolTestCase {

    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return url.path
    }

    func testDevicesAreRefusedWhereAFileIsMeant() throws {
        let key = try write("key", String(repeating: "0f", count: 32))
        let cases: [(String, [String], String)] = [
            ("dcm-pseudo", ["--key-file", "/dev/urandom"], "/dev/urandom: not a regular file"),
            ("dcm-pseudo", ["--key-file", key, "--patient-map", "/dev/zero"], "/dev/zero: not a regular file"),
            ("dcm-scrub", ["-p", "/dev/zero"], "not a regular file")
        ]
        for (tool, args, expected) in cases {
            let r = try Tools.run(tool, args, stdin: Data())
            XCTAssertEqual(r.status, 2, "\(tool) \(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(expected), "\(tool) \(args) said: \(r.stderr)")
        }
    }

    /// A key file that is nearly hex is a typo: read as raw bytes it would give other pseudonyms.
    func testAKeyWithATypoIsRefused() throws {
        let typo = try write("typo", String(repeating: "0f", count: 31) + "0g\n")
        let r = try Tools.run("dcm-pseudo", ["fingerprint", "--key-file", typo])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("not valid hex"), r.stderr)
        let good = try write("good", String(repeating: "0f", count: 32) + "\n")
        XCTAssertEqual(try Tools.run("dcm-pseudo", ["fingerprint", "--key-file", good]).status, 0)
    }

    /// $DCM_DEID_KEY_FILE names a key the user means to use: a missing one is an error, as
    /// with --key-file (creating it would silently give new pseudonyms).
    func testAMissingKeyNamedByTheEnvironmentIsAnError() throws {
        let missing = dir.appendingPathComponent("no-such-key").path
        let r = try Tools.run("dcm-pseudo", [], stdin: Data(), environment: ["DCM_DEID_KEY_FILE": missing])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("no-such-key"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
    }

    func testKeygenPrintsTheFingerprintOnStandardOutput() throws {
        let path = dir.appendingPathComponent("new.key").path
        let r = try Tools.run("dcm-pseudo", ["keygen", "-o", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let fingerprint = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(fingerprint.count, 8)
        XCTAssertEqual(
            try Tools.run("dcm-pseudo", ["fingerprint", "--key-file", path]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines), fingerprint)
    }
}
