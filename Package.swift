// swift-tools-version:6.0
import PackageDescription

// Every target builds in the Swift 6 language mode (the tools version's default).

let package = Package(
    name: "dcm-deid",
    products: [
        .executable(name: "dcm-parse", targets: ["dcm-parse"]),
        .executable(name: "dcm-write", targets: ["dcm-write"]),
        .executable(name: "dcm-json", targets: ["dcm-json"]),
        .executable(name: "dcm-scrub", targets: ["dcm-scrub"]),
        .executable(name: "dcm-pseudo", targets: ["dcm-pseudo"]),
        .executable(name: "dcm-audit", targets: ["dcm-audit"]),
        .executable(name: "dcm-deid", targets: ["dcm-deid"]),
        .executable(name: "dcm-redact-pixels", targets: ["dcm-redact-pixels"]),
        .executable(name: "dcm-review", targets: ["dcm-review"]),
        .library(name: "DICOMPart10", targets: ["DICOMPart10"]),
        .library(name: "DICOMStream", targets: ["DICOMStream"]),
        // For the fuzz harnesses in fuzz/.
        .library(name: "DeidScrub", targets: ["DeidScrub"]),
        .library(name: "DeidPseudo", targets: ["DeidPseudo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // Layer 0: C libraries from Debian -dev packages.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // A few Linux system calls Swift's Glibc module does not expose.
        .target(name: "CSystemShims"),
        // Layer 1: tags, VRs, transfer syntaxes, the generated data dictionary and UID registry.
        .target(name: "DICOMCore"),
        // Layer 2: character sets and value encoding.
        .target(name: "DICOMEncoding", dependencies: ["DICOMCore"]),
        // Layer 3: the in-memory data set.
        .target(name: "DICOMObject", dependencies: ["DICOMCore", "DICOMEncoding"]),
        // Layer 4: Part 10 reading and writing.
        .target(name: "DICOMPart10", dependencies: ["DICOMObject", "CZlib"]),
        // Layer 5: the framed stream that connects the tools.
        .target(name: "DICOMStream", dependencies: ["DICOMPart10", "CSystemShims"]),
        // Layer 6: de-identification state shared by the stages, and the stages themselves.
        .target(name: "DICOMDeid", dependencies: ["DICOMStream"]),
        .target(name: "DeidScrub", dependencies: ["DICOMDeid"]),
        .target(name: "DeidPseudo", dependencies: [
            "DICOMDeid", .product(name: "Crypto", package: "swift-crypto")]),
        // Burned-in text: OCR (Tesseract/Leptonica) and the codecs it needs.
        .systemLibrary(name: "CTesseract", path: "Sources/CTesseract", pkgConfig: "tesseract",
                       providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]),
        .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
        // 12-bit JPEG: DCMTK's IJG build (libdcmtk-dev), whose entry points are named jpeg12_*.
        .target(name: "CIJG12", linkerSettings: [.linkedLibrary("ijg12")]),
        .target(name: "COpenJPEG", linkerSettings: [.linkedLibrary("openjp2")]),
        .systemLibrary(name: "CCharLS", path: "Sources/CCharLS", pkgConfig: "charls",
                       providers: [.apt(["libcharls-dev"])]),
        // Pixel data: frames of every transfer syntax decoded and encoded (native, RLE, JPEG 8 and
        // 12 bit, JPEG-LS, JPEG 2000 and HTJ2K, process 14, deflate), geometry, 8-bit pictures.
        .target(name: "DICOMPixels", dependencies: ["DICOMPart10", "CJPEG", "CIJG12", "COpenJPEG", "CCharLS"]),
        // The OCR redaction stage, on top of DICOMPixels.
        .target(name: "DeidPixels", dependencies: ["DICOMDeid", "DICOMPixels", "CTesseract",
                                                 .product(name: "Crypto", package: "swift-crypto")]),
        // Shared command-line plumbing: input walking, diagnostics, exit codes.
        .target(name: "DcmToolSupport", dependencies: [
            "DICOMPart10", "DICOMStream", "DICOMDeid", "CSystemShims",
            .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "dcm-parse", dependencies: [
            "DcmToolSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "dcm-write", dependencies: [
            "DcmToolSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "dcm-json", dependencies: [
            "DcmToolSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "dcm-scrub", dependencies: [
            "DcmToolSupport", "DeidScrub", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "dcm-pseudo", dependencies: [
            "DcmToolSupport", "DeidPseudo", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "dcm-redact-pixels", dependencies: [
            "DcmToolSupport", "DeidPixels", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "DeidPixelsTests", dependencies: ["DeidPixels", "DICOMPixels", "DICOMPart10", "SharedTestSupport", "CZlib"],
                    exclude: ["Resources"]),
        // The leak audit.
        .target(name: "DeidAudit", dependencies: ["DICOMDeid", "DcmToolSupport", "CSystemShims", "DeidPixels", "DICOMPixels"]),
        // dcm-deid's process pipeline: the stages as child processes joined by pipes.
        .target(name: "DeidPipeline", dependencies: ["DcmToolSupport", "CSystemShims"]),
        .executableTarget(name: "dcm-audit", dependencies: [
            "DcmToolSupport", "DeidAudit", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "dcm-deid", dependencies: [
            "DcmToolSupport", "DeidPipeline", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "DeidAuditTests", dependencies: ["DeidAudit", "DeidPipeline", "DcmToolSupport", "DICOMPart10", "SharedTestSupport"]),
        // The release review: header diff, masked boxes, thumbnails, the static HTML report.
        .target(name: "DeidReview", dependencies: ["DeidAudit", "DeidPixels", "DICOMPixels", "DcmToolSupport", "CZlib"]),
        .executableTarget(name: "dcm-review", dependencies: [
            "DcmToolSupport", "DeidReview", "DeidAudit", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "DeidReviewTests", dependencies: ["DeidReview", "DeidPixels", "DICOMPixels", "DICOMPart10", "SharedTestSupport"]),
        // Locating ../shared/corpus for the tests that use it (skips when absent).
        .target(name: "SharedTestSupport", path: "Tests/SharedTestSupport"),
        .testTarget(name: "DICOMCoreTests", dependencies: ["DICOMCore"]),
        .testTarget(name: "DICOMDeidTests", dependencies: ["DICOMDeid"]),
        .testTarget(name: "DeidScrubTests", dependencies: ["DeidScrub", "DICOMPart10", "SharedTestSupport"]),
        .testTarget(name: "DeidPseudoTests", dependencies: ["DeidPseudo", "DICOMPart10", "SharedTestSupport"]),
        .testTarget(name: "DICOMEncodingTests", dependencies: ["DICOMEncoding", "SharedTestSupport"]),
        .testTarget(name: "DICOMPart10Tests", dependencies: ["DICOMPart10", "DICOMStream", "SharedTestSupport"]),
        .testTarget(name: "DICOMStreamTests", dependencies: ["DICOMStream", "DICOMPart10", "SharedTestSupport"]),
        .testTarget(name: "DcmToolSupportTests", dependencies: ["DcmToolSupport", "DICOMPart10", "DICOMStream", "SharedTestSupport"]),
        // Runs every built executable: exit statuses, --help, --version, messages.
        .testTarget(name: "ToolTests", dependencies: ["SharedTestSupport"]),
    ]
)
