import Foundation

/// A scenario of a batch, turned into a deal (or into the reasons it could not be).
public struct BatchScenario: Sendable {
  public var id: String
  public var index: Int
  public var firstRow: Int
  public var deal: Deal?
  public var catalog: Catalog?
  /// Each with its row and column: `row 17, agents: 'abc' is not a whole number` when shown.
  public var errors: [BatchProblem]
  public var warnings: [BatchProblem]
  /// When the scenario's rows are not together in the file: the first row of each run of them.
  public var splitRuns: [Int]?
  /// The positions in ``BatchInput/otherHeaders`` this scenario's catalog read (add-on and price
  /// columns); a header no scenario reads is listed as ignored.
  public var readOthers: [Int] = []
}

/// A scenario's scenario-level values, each with the row it came from (by column position, not
/// hashed: this is filled for every scenario of a batch).
struct SharedValues {
  private var cells = [(value: String, row: Int)?](repeating: nil, count: BatchColumn.allCases.count)

  subscript(column: BatchColumn) -> (value: String, row: Int)? {
    get { cells[column.ordinal] }
    set { cells[column.ordinal] = newValue }
  }
}

/// Builds a ``Deal`` from a scenario's CSV rows, checking every cell, and checks the deal against
/// its catalog with the same ``DealValidator`` as deal files. Every problem names its row and column.
public struct ScenarioBuilder: Sendable {
  public var defaultCatalog: String
  public var library: CatalogLibrary
  /// The input file's delimiter: with a comma, features may also be separated by `;`, and with a
  /// semicolon, decimals may use a comma.
  public var delimiter: UInt8
  public var inputFile: String

  /// The default catalog, when the caller has it loaded already (saves a lookup per scenario).
  public var loadedDefault: Catalog?
  /// Folders a `catalog` cell's path may also point into (`seatmix batch --catalog-path DIR`).
  public var catalogRoots: [String] = []
  /// The input's headers that name no fixed column (``BatchInput/otherHeaders``): read per scenario
  /// against its catalog. Nothing vendor-specific is named in this code. Given at `init`, from the
  /// input whose scenarios this builds, so it cannot be left out.
  public var otherHeaders: [String] { columnMap.headers }
  /// What `otherHeaders` mean in each catalog, matched once per catalog.
  private let columnMap: CatalogColumnMap
  /// The default catalog's feature ids with their bytes: a features cell's piece that is one of
  /// them byte for byte (the usual case) is that id, instead of a new string made and checked
  /// per row.
  private let knownFeatures: [(bytes: [UInt8], id: FeatureID)]

  /// A builder for the scenarios of `input`: its delimiter, file name and other headers.
  public init(input: BatchInput, defaultCatalog: String, library: CatalogLibrary, loadedDefault: Catalog? = nil) {
    self.init(
      otherHeaders: input.otherHeaders, defaultCatalog: defaultCatalog, library: library,
      delimiter: input.reader.delimiter, inputFile: input.reader.file, loadedDefault: loadedDefault)
  }

  /// A builder for rows read some other way: `otherHeaders` are the header cells that name no
  /// fixed column, in header order (the positions of ``RowValues/others``).
  public init(
    otherHeaders: [String], defaultCatalog: String, library: CatalogLibrary, delimiter: UInt8, inputFile: String,
    loadedDefault: Catalog? = nil
  ) {
    self.defaultCatalog = defaultCatalog
    self.library = library
    self.delimiter = delimiter
    self.inputFile = inputFile
    self.loadedDefault = loadedDefault
    columnMap = CatalogColumnMap(headers: otherHeaders, preparing: loadedDefault)
    // Only ids without capitals: a piece with capitals reads lowercased.
    knownFeatures = (loadedDefault?.features ?? []).map { (Array($0.id.rawValue.utf8), $0.id) }
      .filter { !$0.bytes.contains { $0 >= 0x41 && $0 <= 0x5A } }
  }

  public func build(_ scenario: ScenarioRows) -> BatchScenario {
    var result = BatchScenario(
      id: scenario.id, index: scenario.index, firstRow: scenario.rows.first?.row ?? 0, deal: nil, catalog: nil,
      errors: scenario.problems, warnings: [], splitRuns: scenario.splitRuns)
    // One problem per cell: a cell the reader already faulted (cut at its cap) says nothing more.
    func error(_ row: Int, _ column: BatchColumn, _ message: String) {
      if !scenario.problems.isEmpty,
        scenario.problems.contains(where: { $0.row == row && $0.column == column.rawValue })
      {
        return
      }
      result.errors.append(BatchProblem(row: row, column, message))
    }

    // Scenario-level values: from any row, and every row that gives one must agree.
    var shared = SharedValues()
    // The other columns' values, scenario-level as well, by position in `otherHeaders`.
    var others = [(value: String, row: Int)?](repeating: nil, count: otherHeaders.count)
    // Disagreements in other columns, said only when the catalog reads the column.
    var otherDisagreements: [(position: Int, row: Int, message: String)] = []
    for item in scenario.rows {
      let (row, values) = (item.row, item.values)
      for column in BatchColumn.scenarioLevel {
        guard let value = values[column] else { continue }
        if let earlier = shared[column] {
          if Self.canonical(earlier.value) != Self.canonical(value) {
            error(row, column, Self.disagreement(value, earlier))
          }
        } else {
          shared[column] = (value, row)
        }
      }
      for (position, value) in values.others.enumerated() where position < others.count {
        guard let value else { continue }
        if let earlier = others[position] {
          if Self.canonical(earlier.value) != Self.canonical(value) {
            otherDisagreements.append((position, row, Self.disagreement(value, earlier)))
          }
        } else {
          others[position] = (value, row)
        }
      }
    }

    var groups: [AgentGroup] = []
    var groupRows: [Int] = []
    var profileCells: [BatchProfiles.Cell] = []
    for item in scenario.rows {
      let (row, values) = (item.row, item.values)
      let name = values[.group] ?? ""
      if name.isEmpty { error(row, .group, "is empty") }
      var agents: Int?
      if let text = values[.agents] {
        agents = integer(text) { error(row, .agents, $0) }
      } else {
        error(row, .agents, "is empty")
      }
      var peak: Int?
      if let text = values[.peakConcurrent] { peak = integer(text) { error(row, .peakConcurrent, $0) } }
      // An empty cell is no features, as `features: []` in a deal file.
      let features = features(values[.features] ?? "")
      let tier = values[.tier].map { TierID($0.lowercased()) }
      guard let agents, !name.isEmpty, values[.peakConcurrent] == nil || peak != nil else {
        continue
      }
      if let reference = values[.profile] {
        profileCells.append(BatchProfiles.Cell(group: groups.count, row: row, reference: reference, statedPeak: peak))
      }
      groups.append(
        AgentGroup(name: name, agents: agents, peakConcurrent: peak, features: features, tier: tier))
      groupRows.append(row)
    }

    var deal = Deal(
      name: scenario.id, catalog: shared[.catalog]?.value ?? defaultCatalog, groups: groups, file: inputFile)
    if let (text, row) = shared[.licensing] {
      if let choice = LicensingChoice(rawValue: text.lowercased()) {
        deal.licensing = choice
      } else {
        error(row, .licensing, "\(quoted(text)) is not one of any, named, concurrent")
      }
    }
    if let (text, _) = shared[.term] { deal.term = TermID(text.lowercased()) }
    if let (text, row) = shared[.discountPercent] {
      deal.pricing.discountPercent = decimal(text) { error(row, .discountPercent, $0) } ?? 0
    }
    if let (text, row) = shared[.allowMixing] {
      if let allow = Self.yesNo(text) {
        deal.allowMixing = allow
      } else {
        error(row, .allowMixing, "\(quoted(text)) is not yes or no")
      }
    }
    if let (text, row) = shared[.storageGB] {
      deal.storageGB = integer(text) { error(row, .storageGB, $0) } ?? 0
    }
    if !profileCells.isEmpty {
      let folder = URL(fileURLWithPath: inputFile).deletingLastPathComponent().path
      result.errors += BatchProfiles.apply(
        profileCells, to: &deal, batchFile: inputFile, roots: [folder] + catalogRoots)
    }
    // Checked against the catalog even when some cells were bad, so one run reports every problem.
    let cellsWereBad = !result.errors.isEmpty
    let catalog: Catalog
    do {
      if let loadedDefault, shared[.catalog] == nil {
        catalog = loadedDefault
      } else {
        // A cell is data, not the user's own choice: ids, and paths only inside the batch file's
        // folder, the catalog search path or `catalogRoots` (CatalogLibrary.resolve).
        catalog = try library.resolve(reference: deal.catalog, relativeTo: inputFile, allowedRoots: catalogRoots)
      }
    } catch {
      let row = shared[.catalog]?.row ?? result.firstRow
      switch error {
      case .catalogReference(_, let problem):
        result.errors.append(BatchProblem(row: row, .catalog, problem))
      case .catalogNotFound(let name, _):
        result.errors.append(
          BatchProblem(row: row, .catalog, unknown("catalog", name, library.availableCatalogs())))
      default:
        result.errors.append(
          BatchProblem(row: row, .catalog, error.description.replacingOccurrences(of: "\n", with: "; ")))
      }
      return result
    }
    // The other columns, as the scenario's catalog names them: add-ons, per-SKU discounts and prices.
    let catalogColumns = columnMap.columns(in: catalog)
    for (position, column) in catalogColumns {
      let header = otherHeaders[position]
      result.readOthers.append(position)
      for disagreement in otherDisagreements where disagreement.position == position {
        result.errors.append(BatchProblem(row: disagreement.row, column: header, message: disagreement.message))
      }
      guard let (text, row) = others[position] else { continue }
      func cellError(_ message: String) {
        result.errors.append(BatchProblem(row: row, column: header, message: message))
      }
      switch column {
      case .addOn(let addOn):
        if case .perAccount = addOn.basis {
          switch Self.yesNo(text) {
          case true?: deal.accountAddOns[addOn.id] = 1
          case false?: break
          case nil: cellError("\(quoted(text)) is not yes or no")
          }
        } else if let count = integer(text, cellError), count > 0 {
          deal.accountAddOns[addOn.id] = count
        }
      case .skuDiscount(let sku):
        if let percent = decimal(text, cellError) { deal.pricing.skuDiscounts[sku] = percent }
      case .unitPrice(let sku):
        if let price = decimal(text, atMost: Money.maximumUnitPrice, cellError) {
          if Money.units(price) == nil {
            cellError("\(price) has more than four decimal places")
          } else {
            deal.pricing.unitPrices[sku] = price
          }
        }
      }
    }
    // The deal field each read column gives, for locating the validator's problems: built only
    // when there are problems to locate.
    lazy var otherColumns: [String: Int] = {
      var fields: [String: Int] = [:]
      for (read, column) in catalogColumns {
        // A header given twice is located at its first place, and a later column of the same field wins.
        let position = otherHeaders.firstIndex(of: otherHeaders[read]) ?? read
        switch column {
        case .addOn(let addOn): fields["account.\(addOn.id)"] = position
        case .skuDiscount(let sku): fields["pricing.sku_discounts.\(sku)"] = position
        case .unitPrice(let sku): fields["pricing.unit_prices.\(sku)"] = position
        }
      }
      return fields
    }()
    for problem in DealValidator.problems(deal, catalog: catalog) {
      if problem.path == "groups" && groups.isEmpty && cellsWereBad { continue }
      var (row, column) = locate(problem.path, groupRows: groupRows, shared: shared, firstRow: result.firstRow)
      if let position = otherColumns[problem.path] {
        (row, column) = (others[position]?.row ?? result.firstRow, otherHeaders[position])
      }
      let located = BatchProblem(row: row, column: column, message: problem.message)
      if problem.severity == .error { result.errors.append(located) } else { result.warnings.append(located) }
    }
    if result.errors.isEmpty {
      result.deal = deal.sizedFromProfiles()
      result.catalog = catalog
    }
    return result
  }

  /// The row and column a deal field came from.
  private func locate(
    _ path: String, groupRows: [Int], shared: SharedValues, firstRow: Int
  ) -> (Int, String) {
    if let (index, rest) = DealValidator.groupPath(path), index < groupRows.count {
      let field = rest.drop { $0 == "." }
      let column: String
      switch field.prefix(while: { $0 != "[" && $0 != "." }) {
      case "name": column = BatchColumn.group.rawValue
      case "features": column = BatchColumn.features.rawValue
      case "": column = BatchColumn.group.rawValue
      case let other: column = String(other)
      }
      return (groupRows[index], column)
    }
    let columns: [String: BatchColumn] = [
      "term": .term, "licensing": .licensing, "pricing.discount_pct": .discountPercent,
      "account.storage_gb": .storageGB, "allow_mixing": .allowMixing,
    ]
    if let column = columns[path] { return (shared[column]?.row ?? firstRow, column.rawValue) }
    return (firstRow, path)
  }

  // MARK: - Cells

  private func features(_ text: String) -> [FeatureID] {
    // `|` always separates features; so does whichever of `;` and `,` is not the file's delimiter
    // (feature ids never contain either).
    let semicolonSeparates = delimiter != UInt8(ascii: ";")
    let commaSeparates = delimiter != UInt8(ascii: ",")
    func separates(_ byte: UInt8) -> Bool {
      byte == UInt8(ascii: "|") || (semicolonSeparates && byte == UInt8(ascii: ";"))
        || (commaSeparates && byte == UInt8(ascii: ","))
    }
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    var text = text
    return text.withUTF8 { bytes in
      var result: [FeatureID] = []
      var start = 0
      // One feature: the bytes between separators, without surrounding blanks, ASCII lowercased.
      func finish(_ end: Int) {
        var (lower, upper) = (start, end)
        while lower < upper && isSpace(bytes[lower]) { lower += 1 }
        while upper > lower && isSpace(bytes[upper - 1]) { upper -= 1 }
        guard lower < upper else { return }
        let piece = UnsafeBufferPointer(rebasing: bytes[lower..<upper])
        if let known = known(piece) {
          result.append(known)
          return
        }
        let id =
          piece.contains(where: isUpper)
          ? String(decoding: piece.map { isUpper($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
          : String(decoding: piece, as: UTF8.self)
        result.append(FeatureID(id))
      }
      for index in bytes.indices where separates(bytes[index]) {
        finish(index)
        start = index + 1
      }
      finish(bytes.count)
      return result
    }
  }

  /// The known feature id spelled by exactly these bytes, if any.
  private func known(_ piece: UnsafeBufferPointer<UInt8>) -> FeatureID? {
    for feature in knownFeatures where feature.bytes.count == piece.count {
      let same = feature.bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, piece.baseAddress!, piece.count) == 0 }
      if same { return feature.id }
    }
    return nil
  }

  /// A whole number as spreadsheets write it: "1200", "1,200", "1.200", "1 200", "12.0", "1,200.00".
  func integer(_ text: String, _ report: (String) -> Void) -> Int? {
    // The common case first: plain digits.
    if text.utf8.count <= 8, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      let value = Int(text), value <= Limits.maximumCount
    {
      return value
    }
    var cleaned = text.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" && $0 != "'" }
    // Zero decimals first, so "1,200.00" and "1.200,00" are grouped numbers too.
    for suffix in [".0", ".00", ",0", ",00"] where cleaned.hasSuffix(suffix) && cleaned.count > suffix.count {
      cleaned.removeLast(suffix.count)
    }
    if Self.isGrouped(cleaned, by: ",") || Self.isGrouped(cleaned, by: ".") {
      cleaned.removeAll { $0 == "," || $0 == "." }
    }
    guard let value = Int(cleaned) else {
      if !cleaned.isEmpty && cleaned.allSatisfy(\.isNumber) {
        report("\(text) is above the maximum \(Limits.maximumCount)")
        return nil
      }
      report("\(quoted(text)) is not a whole number")
      return nil
    }
    if value < 0 {
      report("\(value) is negative")
      return nil
    }
    if value > Limits.maximumCount {
      report("\(value) is above the maximum \(Limits.maximumCount)")
      return nil
    }
    return value
  }

  /// "yes" or "no" as spreadsheets write them; nil for anything else.
  static func yesNo(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "true", "yes", "y", "1", "x": return true
    case "false", "no", "n", "0": return false
    default: return nil
    }
  }

  static func disagreement(_ value: String, _ earlier: (value: String, row: Int)) -> String {
    "\(quoted(value)) disagrees with \(quoted(earlier.value)) on row \(earlier.row); give it once per scenario"
  }

  /// A decimal such as a discount: "10", "12.5", "12,5" (semicolon files), "10%"; a unit price
  /// with `atMost` its maximum instead of 100.
  func decimal(_ text: String, atMost maximum: Decimal = 100, _ report: (String) -> Void) -> Decimal? {
    var cleaned = text.filter { $0 != " " && $0 != "%" }
    if delimiter != UInt8(ascii: ",") && !cleaned.contains(".") {
      cleaned = cleaned.replacingOccurrences(of: ",", with: ".")
    }
    guard cleaned.allSatisfy({ "-+0123456789.".contains($0) }), cleaned.contains(where: \.isNumber),
      let value = Decimal(string: cleaned, locale: Locale(identifier: "en_US_POSIX"))
    else {
      report("\(quoted(text)) is not a number")
      return nil
    }
    if value < 0 || value > maximum {
      report("\(text) is not between 0 and \(maximum)")
      return nil
    }
    return value
  }

  /// "1,200" or "12,345,678" grouped by the separator (groups of three after the first).
  static func isGrouped(_ text: String, by separator: Character) -> Bool {
    let parts = text.split(separator: separator, omittingEmptySubsequences: false)
    guard parts.count > 1, let first = parts.first, (1...3).contains(first.count) else { return false }
    return parts.allSatisfy { $0.allSatisfy(\.isNumber) } && parts.dropFirst().allSatisfy { $0.count == 3 }
  }

  static func canonical(_ value: String) -> String { value.lowercased().trimmingCharacters(in: .whitespaces) }
}
