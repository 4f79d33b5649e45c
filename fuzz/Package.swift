// swift-tools-version:5.9
// libFuzzer harnesses: the Part 10 reader, writer and stream record codec (part10-fuzz), and
// hostile streams into the stages (stream-fuzz). A package of its
// own so the main build never needs -sanitize=fuzzer; build and run it with scripts/fuzz.sh.
import PackageDescription

let package = Package(
    name: "dcm-deid-fuzz",
    dependencies: [.package(name: "dcm-deid", path: "..")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver for Swift.
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "part10-fuzz", dependencies: [
            "CFuzzerDriver",
            .product(name: "DICOMPart10", package: "dcm-deid"),
            .product(name: "DICOMStream", package: "dcm-deid"),
        ]),
        // Hostile streams through the stage runner, dcm-scrub's and dcm-pseudo's transforms
        // and dcm-write's decoding.
        .executableTarget(name: "stream-fuzz", dependencies: [
            "CFuzzerDriver",
            .product(name: "DICOMStream", package: "dcm-deid"),
            .product(name: "DeidScrub", package: "dcm-deid"),
            .product(name: "DeidPseudo", package: "dcm-deid"),
        ]),
    ]
)
