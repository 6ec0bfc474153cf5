// swift-tools-version: 6.1
// SeatMix is GPL-3.0-or-later because it links GLPK (see LICENSE).
import PackageDescription

let package = Package(
  name: "SeatMix",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "seatmix", targets: ["SeatMixCLI"]),
    .library(name: "SeatMix", targets: ["SeatMix"]),
    .executable(name: "seatmix-bench", targets: ["SeatMixBenchmark"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    // The web calculator and API (`seatmix serve`): HTTP server, embedded database, logs, metrics.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    // The service's channel handler that puts the security headers on every response head (NIO's
    // channel types, and NIO's HTTPTypes parts, which Hummingbird builds on).
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
  ],
  targets: [
    // GLPK's C API, as Debian's libglpk-dev installs it (there is no glpk.pc).
    .systemLibrary(
      name: "CGLPK",
      providers: [.apt(["libglpk-dev"]), .brew(["glpk"])]
    ),
    // The C frame that owns setjmp, GLPK's error hook and every GLPK call of one solve,
    // so GLPK's abort() on bad input becomes an error code.
    .target(name: "GLPKShim", dependencies: ["CGLPK"], linkerSettings: [.linkedLibrary("glpk")]),
    // Solver-neutral mixed-integer model: named variables and constraints, a Solver protocol.
    .target(name: "MIPModel"),
    // GLPK behind MIPModel's Solver protocol.
    .target(name: "GLPKSolver", dependencies: ["MIPModel", "GLPKShim"]),
    // The domain: catalogs, deals, the licensing formulation, plans and their rendering. It knows
    // only MIPModel's Solver protocol; the programs that use it (CLI, benchmark, tests) choose GLPK.
    .target(
      name: "SeatMix",
      dependencies: ["MIPModel", .product(name: "Yams", package: "Yams")]
    ),
    // The web calculator and JSON API: `buildApplication(_:)` assembles the Hummingbird app (routes,
    // the deal store, the solve pool, logs and metrics); `seatmix serve` runs it, tests start it on
    // port 0. Pages/ and Resources/ are the HTML pages and their script and stylesheet.
    .target(
      name: "SeatMixServer",
      dependencies: [
        "SeatMix", "MIPModel", "GLPKSolver",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Yams", package: "Yams"),
      ],
      resources: [.copy("openapi.yaml"), .copy("Resources")]
    ),
    // The thin command-line tool, `seatmix`.
    .executableTarget(
      name: "SeatMixCLI",
      dependencies: [
        "SeatMix", "MIPModel", "GLPKSolver", "SeatMixServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Benchmark helpers: seeded synthetic batches and LP files for glpsol (see scripts/benchmark).
    .executableTarget(
      name: "SeatMixBenchmark",
      dependencies: [
        "SeatMix", "MIPModel", "GLPKSolver", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "GLPKSolverTests", dependencies: ["GLPKSolver", "GLPKShim", "MIPModel"]),
    // What the test targets share: running the built `seatmix` as a child process (no test
    // framework in it, so it is a plain target).
    .target(name: "SeatMixTestSupport", path: "Tests/TestSupport"),
    .testTarget(
      name: "SeatMixTests",
      dependencies: ["SeatMix", "MIPModel", "GLPKSolver", "SeatMixTestSupport"],
      exclude: ["Golden"],  // read from the repository by GoldenTests, like Examples/
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "SeatMixServerTests",
      dependencies: [
        "SeatMixServer", "SeatMix", "SeatMixTestSupport",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ]
    ),
  ]
)
