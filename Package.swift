// swift-tools-version:6.0
//
// curate keeps a curated list of links honest. The layers, from the bottom:
//
//   CCmarkGFM, CGit2    system libraries (Debian: libcmark-gfm-dev, libgit2-dev)
//   CCmarkShim          lets cmark-gfm parses run in parallel, each in its thread's
//                       arena (C)
//   CGit2Shim           reads the system's certificate authorities at the first TLS
//                       connection, not in every git_libgit2_init; checks the blobs
//                       curate reads with OpenSSL's SHA-1 in place of libgit2's (C)
//   CurateMarkdown      the only importer of cmark-gfm: Markdown → Swift values
//   CurateGit           the only importer of libgit2: repositories, blobs, commits
//   CurateKit           the engine: posts, rules, URL identity, formatting (no C)
//   CurateWorkflows     the git-backed workflows: propose and commit, sync pull and push,
//                       the staged check, hook and merge-driver installation (no printing)
//   curate              the command line (swift-argument-parser): flags and printing
//
// Linux only (Debian's libgit2-dev and libcmark-gfm-dev): the code calls Glibc and
// /proc, and nothing is built or tested on macOS, so no Apple platform is claimed.
import PackageDescription

let package = Package(
    name: "curate",
    products: [
        .executable(name: "curate", targets: ["curate"]),
        .library(name: "CurateKit", targets: ["CurateKit"]),
        .library(name: "CurateWorkflows", targets: ["CurateWorkflows"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // Lets cmark-gfm parses run in parallel (see shim.c).
        .target(name: "CCmarkShim", dependencies: ["CCmarkGFM"]),
        .target(name: "CurateMarkdown", dependencies: ["CCmarkGFM", "CCmarkShim"]),
        // libgit2's init without reading every certificate authority (see shim.c).
        .target(name: "CGit2Shim", dependencies: ["CGit2"], linkerSettings: [.linkedLibrary("crypto")]),
        .target(name: "CurateGit", dependencies: ["CGit2", "CGit2Shim"]),
        .target(
            name: "CurateKit",
            dependencies: ["CurateMarkdown", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "CurateWorkflows", dependencies: ["CurateKit", "CurateGit"]),
        .executableTarget(
            name: "curate",
            dependencies: [
                "CurateKit",
                "CurateWorkflows",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CurateMarkdownTests", dependencies: ["CurateMarkdown", "CurateTestSupport"]),
        .testTarget(
            name: "CurateKitTests",
            dependencies: ["CurateKit"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "CurateGitTests", dependencies: ["CurateGit"]),
        // Real git repositories in temporary folders, driven by the real git CLI (tests only).
        .target(name: "CurateTestSupport", path: "Tests/CurateTestSupport"),
        .testTarget(name: "CurateWorkflowsTests", dependencies: ["CurateWorkflows", "CurateTestSupport"]),
        .testTarget(name: "CurateCLITests", dependencies: ["CurateKit", "CurateTestSupport"]),
    ]
)
