import Foundation

/// The fixed columns a batch CSV may have. Headers match case-insensitively, with spaces, hyphens and
/// underscores alike, and a few aliases real spreadsheets use. Vendor-neutral: add-on and per-SKU
/// price columns are not listed here but come from the scenario's catalog (``CatalogColumn``).
public enum BatchColumn: String, CaseIterable, Sendable {
  case scenario, group, agents, features
  case peakConcurrent = "peak_concurrent"
  case tier, catalog, licensing, term
  case discountPercent = "discount_pct"
  case storageGB = "storage_gb"
  case allowMixing = "allow_mixing"
  /// A profile file of the group's signed-in users over time (``BatchProfiles``).
  case profile

  public static let required: [BatchColumn] = [.scenario, .group, .agents, .features]

  /// Scenario-level columns: given on any row of a scenario; rows that give them must agree.
  public static let scenarioLevel: [BatchColumn] = [
    .catalog, .licensing, .term, .discountPercent, .storageGB, .allowMixing,
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
      ("discount %", .discountPercent), ("storage", .storageGB), ("storage (gb)", .storageGB),
      ("mixing", .allowMixing), ("profile file", .profile), ("signed in profile", .profile),
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
    case .storageGB: return 10
    case .allowMixing: return 11
    case .profile: return 12
    }
  }
}

/// A header that names no fixed column, read per scenario against its catalog: an add-on by id or
/// alias (`sms-bundle`), a per-SKU discount `discount_pct_<sku>` or a unit price
/// `price_<sku>` (the SKU id in header spelling). Anything else is ignored.
enum CatalogColumn: Equatable {
  case addOn(AddOn)
  case skuDiscount(String)
  case unitPrice(String)

  /// What `header` means in `catalog`, if anything. Add-ons first, then the price prefixes.
  static func matching(_ header: String, in catalog: Catalog) -> CatalogColumn? {
    let name = BatchColumn.normalize(header)
    for addOn in catalog.addOns {
      switch addOn.basis {
      case .perAccount, .perUnit: break
      case .perUser, .storage: continue
      }
      if BatchColumn.normalize(addOn.id.description) == name
        || addOn.aliases.contains(where: { BatchColumn.normalize($0) == name })
      {
        return .addOn(addOn)
      }
    }
    for (prefix, make) in [("discountpct", CatalogColumn.skuDiscount), ("price", CatalogColumn.unitPrice)]
    where name.hasPrefix(prefix) {
      let sku = name.dropFirst(prefix.count)
      if let match = catalog.skus.first(where: { BatchColumn.normalize($0.id) == sku }) { return make(match.id) }
    }
    return nil
  }
}

/// What a batch's other headers (``BatchInput/otherHeaders``) mean in each catalog its scenarios
/// name, worked out once per catalog rather than once per scenario (matching normalizes every
/// add-on id, alias and SKU of the catalog). Shared by the builder's copies on every worker thread.
final class CatalogColumnMap: @unchecked Sendable {
  /// The columns a catalog reads: positions in the headers, in header order, with their meaning.
  typealias Columns = [(position: Int, column: CatalogColumn)]

  let headers: [String]
  /// A library loads each file once, so a catalog's id and file name it.
  private struct Key: Hashable {
    var id: String
    var file: String
    init(_ catalog: Catalog) { (id, file) = (catalog.id, catalog.file) }
  }
  /// The batch's default catalog, matched up front: most scenarios use it, read without a lock.
  private let prepared: (key: Key, columns: Columns)?
  private var known: [Key: Columns] = [:]
  private let lock = NSLock()

  init(headers: [String], preparing catalog: Catalog? = nil) {
    self.headers = headers
    prepared = catalog.map { (Key($0), Self.columns(headers, in: $0)) }
  }

  static func columns(_ headers: [String], in catalog: Catalog) -> Columns {
    headers.enumerated().compactMap { position, header in
      CatalogColumn.matching(header, in: catalog).map { (position, $0) }
    }
  }

  /// The columns `catalog` reads, matched on first use.
  func columns(in catalog: Catalog) -> Columns {
    if headers.isEmpty { return [] }
    if let prepared, prepared.key.id == catalog.id, prepared.key.file == catalog.file { return prepared.columns }
    let key = Key(catalog)
    lock.lock()
    defer { lock.unlock() }
    if let columns = known[key] { return columns }
    let columns = Self.columns(headers, in: catalog)
    known[key] = columns
    return columns
  }
}

/// One row's non-empty cells, by column.
public struct RowValues: Sendable {
  private var cells = [String?](repeating: nil, count: BatchColumn.allCases.count)
  /// The cells of the header's other columns (``BatchInput/otherHeaders``), by their position there.
  var others: [String?] = []

  public subscript(column: BatchColumn) -> String? {
    get { cells[column.ordinal] }
    set { cells[column.ordinal] = newValue }
  }
}
