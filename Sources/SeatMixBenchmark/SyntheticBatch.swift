import ArgumentParser
import Foundation

/// Seeded synthetic batches for the benchmark (`seatmix-bench generate`): realistic mixes of group
/// sizes, concurrency and feature needs, written for Zoom's catalog (its feature ids and its
/// `toll_free_numbers` column), which is why this lives here and not in the vendor-neutral library.
enum SyntheticBatch {
  /// A small deterministic generator (SplitMix64), so a seed always gives the same file.
  struct Generator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static let featureSets: [[String]] = [
    ["voice", "ivr", "reporting"],
    ["voice", "chat", "sms"],
    ["voice", "chat", "email", "social"],
    ["voice", "outbound-dialer"],
    ["voice", "wfm", "qm"],
    ["voice", "chat", "ai-expert-assist"],
    ["voice", "email", "cobrowse", "wfm"],
    ["voice", "wfm", "qm", "ai-expert-assist"],
  ]

  /// Writes `scenarios` scenarios of `groups` rows each; returns the number of rows written.
  @discardableResult
  static func write(to path: String, scenarios: Int, groups: Int, seed: UInt64) throws -> Int {
    guard FileManager.default.createFile(atPath: path, contents: nil) else {
      throw ValidationError("cannot create \(path)")
    }
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? output.close() }
    var random = Generator(seed: seed)
    var text = "scenario,group,agents,peak_concurrent,features,licensing,term,storage_gb,toll_free_numbers\n"
    var rows = 0
    for scenario in 0..<scenarios {
      let licensing = ["any", "any", "any", "named", "concurrent"].randomElement(using: &random)!
      let term = random.next() % 4 == 0 ? "monthly" : "annual"
      for group in 0..<groups {
        let agents = Int.random(in: 5...400, using: &random)
        let ratio = Double.random(in: 0.15...1.0, using: &random)
        let peak = max(1, min(agents, Int((Double(agents) * ratio).rounded())))
        let features = featureSets.randomElement(using: &random)!.joined(separator: "|")
        var line = "S\(scenario + 1),G\(group + 1),\(agents),\(peak),\(features)"
        if group == 0 {
          let storage = random.next() % 3 == 0 ? Int.random(in: 1...50, using: &random) * 1000 : 0
          line += ",\(licensing),\(term),\(storage),\(Int.random(in: 0...5, using: &random))"
        } else {
          line += ",,,,"
        }
        text += line + "\n"
        rows += 1
      }
      if text.utf8.count > 1 << 20 {
        try output.write(contentsOf: Data(text.utf8))
        text = ""
      }
    }
    try output.write(contentsOf: Data(text.utf8))
    return rows
  }
}
