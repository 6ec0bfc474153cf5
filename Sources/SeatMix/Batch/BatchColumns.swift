import Foundation

/// The columns a batch CSV may have. Headers match case-insensitively, with spaces, hyphens and
/// underscores alike, and a few aliases real spreadsheets use.
public enum BatchColumn: String, CaseIterable, Sendable {
  case scenario, group, agents, features
  case peakConcurrent = "peak_concurrent"
  case tier, catalog, licensing, term
  case discountPercent = "discount_pct"
  case virtualAgent = "virtual_agent"
  case tollFreeNumbers = "toll_free_numbers"
  case globalNumbers = "global_numbers"
  case storageGB = "storage_gb"

  public static let required: [BatchColumn] = [.scenario, .group, .agents, .features]

  /// Scenario-level columns: given on any row of a scenario; rows that give them must agree.
  public static let scenarioLevel: [BatchColumn] = [
    .catalog, .licensing, .term, .discountPercent, .virtualAgent, .tollFreeNumbers, .globalNumbers, .storageGB,
  ]

  static let aliases: [String: BatchColumn] = {
    var aliases: [String: BatchColumn] = [:]
    for column in allCases { aliases[normalize(column.rawValue)] = column }
    let extra: [(String, BatchColumn)] = [
      ("scenario id", .scenario), ("scenario name", .scenario), ("deal", .scenario), ("case", .scenario),
      ("group name", .group), ("agent group", .group), ("team", .group),
      ("headcount", .agents), ("agent count", .agents), ("number of agents", .agents), ("users", .agents),
      ("features needed", .features), ("required features", .features),
      ("peak", .peakConcurrent), ("peak concurrent agents", .peakConcurrent), ("peak concurrency", .peakConcurrent),
      ("concurrent peak", .peakConcurrent), ("peak agents", .peakConcurrent),
      ("forced tier", .tier), ("licensing model", .licensing), ("license model", .licensing),
      ("billing term", .term), ("discount", .discountPercent), ("discount percent", .discountPercent),
      ("discount %", .discountPercent), ("zoom virtual agent", .virtualAgent),
      ("toll free", .tollFreeNumbers), ("toll free number", .tollFreeNumbers),
      ("global number", .globalNumbers), ("storage", .storageGB), ("storage (gb)", .storageGB),
    ]
    for (name, column) in extra { aliases[normalize(name)] = column }
    return aliases
  }()

  /// Lowercased, with spaces, hyphens and underscores removed.
  static func normalize(_ header: String) -> String {
    String(header.lowercased().filter { !" -_\u{00A0}\t".contains($0) })
  }

  public static func matching(_ header: String) -> BatchColumn? { aliases[normalize(header)] }

  /// The position in `allCases` (a switch: this is looked up for every cell read).
  var ordinal: Int {
    switch self {
    case .scenario: return 0
    case .group: return 1
    case .agents: return 2
    case .features: return 3
    case .peakConcurrent: return 4
    case .tier: return 5
    case .catalog: return 6
    case .licensing: return 7
    case .term: return 8
    case .discountPercent: return 9
    case .virtualAgent: return 10
    case .tollFreeNumbers: return 11
    case .globalNumbers: return 12
    case .storageGB: return 13
    }
  }
}

/// One row's non-empty cells, by column.
public struct RowValues: Sendable {
  private var cells = [String?](repeating: nil, count: BatchColumn.allCases.count)

  public subscript(column: BatchColumn) -> String? {
    get { cells[column.ordinal] }
    set { cells[column.ordinal] = newValue }
  }
}
