import Foundation
import Yams

/// Reads a deal file (YAML, or the same structure as JSON), finds its catalog, and checks the deal
/// against it, reporting every problem with file, line and field.
public enum DealLoader {
  public struct Loaded: Sendable {
    public var deal: Deal
    public var catalog: Catalog
    public var warnings: [Diagnostic]
    /// Whether the document was strict JSON (read by ``JSONNodes``, not by Yams): the service
    /// needs no second look to tell a JSON body from YAML sent as JSON.
    public var isStrictJSON = false
  }

  public static func load(file: String, library: CatalogLibrary? = nil) throws(SeatMixError) -> Loaded {
    let library = library ?? CatalogLibrary.standard(for: file)
    let (reader, root) = try DocumentReader.parse(file: file)
    return try load(reader, root: root, file: file) { reference throws(SeatMixError) in
      try library.catalog(reference, relativeTo: file)
    } notFound: { name, searched in
      library.notFoundMessage(name, searched: searched)
    }
  }

  /// A deal that arrived as data (a request body, named `document` in its messages) whose
  /// `catalog:` must be one of `catalogs`' ids: a path, or any other reference, is a problem of
  /// the `catalog` field, like every other problem of the document (with its line).
  public static func load(data: Data, document: String, catalogs: [String: Catalog]) throws(SeatMixError) -> Loaded {
    try load(data: data, document: document, catalogs: catalogs, readingJSON: true)
  }

  /// `readingJSON` false reads even strict JSON with Yams (for the tests that compare the two).
  static func load(data: Data, document: String, catalogs: [String: Catalog], readingJSON: Bool)
    throws(SeatMixError) -> Loaded
  {
    let (reader, root) = try DocumentReader.parse(data: data, file: document, readingJSON: readingJSON)
    return try load(reader, root: root, file: document) { reference throws(SeatMixError) in
      if let catalog = catalogs[reference] { return catalog }
      if reference.contains("/") || reference.contains("\\") || reference.hasSuffix(".yaml")
        || reference.hasSuffix(".yml") || reference.hasSuffix(".json")
      {
        throw .catalogReference(
          reference: reference, problem: "\(quoted(reference)) is not a catalog id; name the catalog by its id")
      }
      throw .catalogNotFound(name: reference, searched: [])
    } notFound: { name, _ in
      unknown("catalog", name, catalogs.keys.sorted())
    }
  }

  private static func load(
    _ reader: DocumentReader, root: Node, file: String,
    catalogNamed: (String) throws(SeatMixError) -> Catalog,
    notFound: (_ name: String, _ searched: [String]) -> String
  ) throws(SeatMixError) -> Loaded {
    let rootField = Field(node: root, path: "", reader: reader)
    guard let top = rootField.mapping() else { throw .invalidInput(reader.diagnostics) }
    top.rejectUnknownKeys(topLevelKeys)

    // The catalog first: the rest of the deal is checked against it.
    var catalog: Catalog?
    if let catalogField = top.required("catalog"), let reference = catalogField.string() {
      do {
        catalog = try catalogNamed(reference)
      } catch SeatMixError.catalogNotFound(let name, let searched) {
        catalogField.error(notFound(name, searched))
      } catch SeatMixError.catalogReference(_, let problem) {
        catalogField.error(problem)
      } catch {
        throw error
      }
    }
    let (deal, groupIndices) = read(top, file: file)
    guard let deal, let catalog else { throw .invalidInput(reader.diagnostics) }

    // Checked against the catalog even when some groups could not be read, so that one run reports
    // every problem; paths name each group by its place in the file.
    for problem in DealValidator.problems(deal, catalog: catalog) {
      if problem.path == "groups" && deal.groups.isEmpty && reader.hasErrors { continue }
      let path = Self.filePath(problem.path, groupIndices: groupIndices)
      reader.report(reader.line(of: path), path, problem.message, severity: problem.severity)
    }
    guard !reader.hasErrors else { throw .invalidInput(reader.diagnostics) }
    return Loaded(
      deal: deal.sizedFromProfiles(), catalog: catalog, warnings: reader.diagnostics,
      isStrictJSON: reader.isStrictJSON)
  }

  // The keys each mapping accepts (every other key is an error). Examples/deal.schema.json lists the same
  // keys; SchemaTests fails when the two differ.
  static let topLevelKeys = [
    "name", "catalog", "term", "licensing", "allow_mixing", "groups", "account", "pricing", "concurrency", "notes",
    "$schema",
  ]
  static let groupKeys = [
    "name", "agents", "peak_concurrent", "features", "tier", "signed_in", "profile", "teams", "demand",
  ]
  static let concurrencyKeys = ["grid", "start", "sessions"]
  /// The one fixed key of `account`; its other keys are the ids of the catalog's account add-ons.
  static let accountStorageKey = "storage_gb"
  static let pricingKeys = ["discount_pct", "sku_discounts", "unit_prices"]

  /// `groups[i]…` of the deal as read, renamed to the group's place in the file (groups that could
  /// not be read are left out of the deal).
  static func filePath(_ path: String, groupIndices: [Int]) -> String {
    guard let (index, rest) = DealValidator.groupPath(path), index < groupIndices.count else { return path }
    return "groups[\(groupIndices[index])]" + rest
  }

  /// The deal, and for each of its groups the group's index in the file.
  static func read(_ top: Fields, file: String) -> (Deal?, [Int]) {
    let name = top.required("name")?.string()
    let catalog = top["catalog"]?.node.scalar?.string ?? ""
    let term = top["term"]?.string().map { TermID($0) }
    let licensing = top["licensing"]?.choice(LicensingChoice.self) ?? .any
    let allowMixing = top["allow_mixing"]?.bool()
    let readList = readGroups(top.required("groups"))
    var indexedGroups = readList?.map { (index: $0.index, group: $0.group) }
    // Profiles from files, a session log and forecast demand (DealConcurrencyInputs.swift).
    var outside = OutsideProfiles()
    if var read = indexedGroups {
      outside = readOutsideProfiles(top, file: file, groups: &read)
      // A stated peak_concurrent stays beside a profile, for the validator to check against it.
      for (position, entry) in (readList ?? []).enumerated() where position < read.count {
        if let profile = read[position].group.profile {
          read[position].group.concurrency = .peak(entry.statedPeak ?? profile.peak)
        }
      }
      indexedGroups = read
    }
    let groups = indexedGroups?.map(\.group)
    let groupIndices = indexedGroups?.map(\.index) ?? []
    var accountAddOns: [AddOnID: Int] = [:]
    var storage = 0
    if let account = top["account"]?.mapping() {
      for entry in account.entries {
        if entry.key == accountStorageKey {
          storage = entry.value.integer() ?? 0
        } else if entry.value.node.scalar.map({
          ["true", "false", "yes", "no", "on", "off"].contains($0.string.lowercased())
        })
          == true
        {
          accountAddOns[AddOnID(entry.key)] = entry.value.bool() == true ? 1 : 0
        } else if let quantity = entry.value.integer() {
          accountAddOns[AddOnID(entry.key)] = quantity
        }
      }
    }
    var pricing = PricingOverlay()
    if let fields = top["pricing"]?.mapping() {
      fields.rejectUnknownKeys(pricingKeys)
      pricing.discountPercent = fields["discount_pct"]?.decimal(atMost: 100) ?? 0
      for entry in fields["sku_discounts"]?.mapping()?.entries ?? [] {
        if let percent = entry.value.decimal(atMost: 100) { pricing.skuDiscounts[entry.key] = percent }
      }
      for entry in fields["unit_prices"]?.mapping()?.entries ?? [] {
        if let price = entry.value.decimal(atMost: Money.maximumUnitPrice) {
          if Money.units(price) == nil {
            entry.value.error("\(price) has more than four decimal places")
          } else {
            pricing.unitPrices[entry.key] = price
          }
        }
      }
    }
    let concurrency = top["concurrency"].flatMap { readConcurrency($0, groups: indexedGroups ?? [], outside: outside) }
    if concurrency == nil, top["concurrency"] == nil,
      let first = indexedGroups?.first(where: { $0.group.profile != nil })
    {
      top.reader.report(
        top.reader.line(of: "groups[\(first.index)].signed_in"), "groups[\(first.index)].signed_in",
        "signed_in needs the deal's grid: add concurrency: {grid: 30m, start: 2026-01-05T00:00:00Z}")
    }
    guard let name, let groups else { return (nil, groupIndices) }
    let deal = Deal(
      name: name, catalog: catalog, term: term, licensing: licensing, allowMixing: allowMixing,
      groups: groups, accountAddOns: accountAddOns, storageGB: storage, pricing: pricing, file: file,
      concurrency: concurrency)
    return (deal, groupIndices)
  }

  /// `concurrency: {grid: 30m, start: 2026-01-05T00:00:00Z}`: the grid of the groups' `signed_in`
  /// lists, as many intervals as the first list has.
  static func readConcurrency(
    _ field: Field, groups: [(index: Int, group: AgentGroup)], outside: OutsideProfiles = OutsideProfiles()
  ) -> DealConcurrency? {
    guard let fields = field.mapping() else { return nil }
    fields.rejectUnknownKeys(concurrencyKeys)
    var step: GridStep?
    if let gridField = fields.required("grid"), let text = gridField.string() {
      step = GridStep(text: text)
      if step == nil { gridField.error("\(quoted(text)) is not a grid step: write 15m, 30m, 60m or month") }
    }
    // Profile files and session logs carry their own start (checked against a stated one).
    let start =
      !outside.named
      ? fields.required("start").flatMap(readInstant)
      : fields["start"].flatMap(readInstant)
        ?? outside.start.map { Date(timeIntervalSince1970: Double($0.minute * 60)) }
    guard let step, let start else { return nil }
    guard let first = groups.first(where: { $0.group.profile != nil }) else {
      if outside.named { return nil }  // the outside source that failed said why
      field.error("no group lists signed_in: give each group with a profile its signed-in users per interval")
      return nil
    }
    return DealConcurrency(
      grid: IntervalGrid(step: step, start: start, count: first.group.profile!.counts.count),
      source: outside.sources.isEmpty ? "inline profiles" : outside.sources.joined(separator: ", "))
  }

  /// An ISO 8601 instant with its time zone (`2026-01-05T00:00:00Z`, `…+01:00`); a time without a
  /// zone is refused rather than guessed.
  static func readInstant(_ field: Field) -> Date? {
    // YAML may hand a timestamp over as its own text: read the scalar as written.
    guard let text = field.string() else { return nil }
    if let date = parseInstant(text) { return date }
    if parseInstant(text + "Z") != nil {
      field.error("\(quoted(text)) has no time zone: write Z (UTC) or an offset such as +01:00")
    } else {
      field.error("\(quoted(text)) is not an ISO 8601 time such as 2026-01-05T00:00:00Z")
    }
    return nil
  }

  static func parseInstant(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
  }

  /// The groups that could be read, each with its index in the file and its `peak_concurrent`
  /// when the file states one.
  private static func readGroups(_ field: Field?) -> [(index: Int, group: AgentGroup, statedPeak: Int?)]? {
    guard let items = field?.list() else { return nil }
    return items.enumerated().compactMap { index, item -> (index: Int, group: AgentGroup, statedPeak: Int?)? in
      guard let fields = item.mapping() else { return nil }
      fields.rejectUnknownKeys(groupKeys)
      // A field that cannot be read is already an error; the group is kept with a stand-in value,
      // so its other fields are still checked against the catalog in the same run.
      let name = fields.required("name")?.string() ?? "groups[\(index)]"
      let readAgents = fields.required("agents")?.integer()
      let agents = readAgents ?? 0
      let readPeak = fields["peak_concurrent"]?.integer()
      // Without a headcount, a peak cannot be checked against it.
      let peak = readAgents == nil ? nil : readPeak
      let features = fields.required("features")?.stringList()?.compactMap { $0.string() } ?? []
      let tier = fields["tier"]?.string()
      var profile: SignedInProfile?
      if let counts = fields["signed_in"]?.integers() {
        if !counts.contains(nil) { profile = SignedInProfile(counts: counts.map { $0! }, source: "inline") }
      }
      let group = AgentGroup(
        name: name, agents: agents, peakConcurrent: peak, features: features.map { FeatureID($0) },
        tier: tier.map { TierID($0) }, profile: profile)
      return (index, group, peak)
    }
  }
}
