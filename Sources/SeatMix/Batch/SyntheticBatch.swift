import Foundation

/// Seeded synthetic batches, for the benchmark and for tests: realistic mixes of group sizes,
/// concurrency and feature needs.
public enum SyntheticBatch {
  /// A small deterministic generator (SplitMix64), so a seed always gives the same file.
  public struct Generator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
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
  public static func write(to path: String, scenarios: Int, groups: Int, seed: UInt64) throws(SeatMixError) -> Int {
    let output = try OutputFile(path: path)
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
        output.write(text)
        text = ""
      }
    }
    output.write(text)
    try output.commit()
    return rows
  }

  /// What `seatmix batch --template` prints. Its base case is Examples/mixed-center.yaml, row for row.
  public static let template = """
    scenario,group,agents,peak_concurrent,features,tier,licensing,term,discount_pct,virtual_agent,toll_free_numbers,global_numbers,storage_gb
    Base case,Tier 1 voice,120,45,voice|ivr|transcription|reporting,,any,annual,,yes,4,2,6000
    Base case,Omnichannel,40,30,voice|chat|email|social|cobrowse,,,,,,,,
    Base case,Supervisors,12,10,voice|reporting|wfm|qm|ai-expert-assist,,,,,,,,
    Growth 20%,Tier 1 voice,144,54,voice|ivr|transcription|reporting,,any,annual,,yes,4,2,7200
    Growth 20%,Omnichannel,48,36,voice|chat|email|social|cobrowse,,,,,,,,
    Growth 20%,Supervisors,14,12,voice|reporting|wfm|qm|ai-expert-assist,,,,,,,,
    All Elite,Everyone,172,85,voice|chat|email|wfm|qm,elite,concurrent,annual,10,,,,

    """
}
