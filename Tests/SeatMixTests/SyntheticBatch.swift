import Foundation
import Testing

/// Seeded synthetic batches for tests, written by the benchmark's own generator
/// (`seatmix-bench generate`, built beside `seatmix`), which holds Zoom sample data and so lives
/// outside the vendor-neutral library.
enum SyntheticBatch {
  /// Writes `scenarios` scenarios of `groups` rows each; returns the number of rows written.
  @discardableResult
  static func write(to path: String, scenarios: Int, groups: Int, seed: UInt64) throws -> Int {
    let seatmix = try #require(CLITests.executable, "no built seatmix; run `swift build` first")
    let generator = seatmix.deletingLastPathComponent().appendingPathComponent("seatmix-bench")
    let process = Process()
    process.executableURL = generator
    process.arguments = [
      "generate", "--scenarios", "\(scenarios)", "--groups", "\(groups)", "--seed", "\(seed)", "-o", path,
    ]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "seatmix-bench generate: \(printed)")
    // "wrote 300 scenarios, 900 rows to PATH"
    let rows = printed.split(separator: " ").dropFirst(3).first.flatMap { Int($0) }
    return try #require(rows, "seatmix-bench generate printed \(printed)")
  }
}
