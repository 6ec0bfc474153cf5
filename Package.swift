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
    // The thin command-line tool, `seatmix`.
    .executableTarget(
      name: "SeatMixCLI",
      dependencies: [
        "SeatMix", "MIPModel", "GLPKSolver", .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
    .testTarget(
      name: "SeatMixTests",
      dependencies: ["SeatMix", "MIPModel", "GLPKSolver"],
      exclude: ["Golden"],  // read from the repository by GoldenTests, like Examples/
      resources: [.copy("Fixtures")]
    ),
  ]
)
