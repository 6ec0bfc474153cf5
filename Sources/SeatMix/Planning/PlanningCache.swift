/// Work that many deals on one catalog share, computed once: the price lists of deals without a
/// pricing overlay, the options of each distinct kind of group (same features, forced tier and
/// licensing), and the formulation's tables of each such price list. Not thread-safe: a batch
/// keeps one per worker thread.
public final class PlanningCache {
  struct GroupEntry {
    var options: [GroupOption]
    var gaps: [CoverageGap]
  }

  /// Options depend on the catalog's rules alone, not on prices.
  private struct GroupKey: Hashable {
    var features: [FeatureID]
    var tier: TierID?
    var licensing: LicensingChoice
  }

  private let catalogFile: String
  private var priceLists: [TermID: PriceList] = [:]
  private var groups: [GroupKey: GroupEntry] = [:]
  private var priceTables: [TermID: FormulationTables.PriceTables] = [:]
  /// The last price list and tables asked for: a batch's scenarios mostly share one term.
  private var lastPrices: PriceList?
  private var lastPriceTables: FormulationTables.PriceTables?

  /// A cache for deals on the catalog loaded from `catalogFile`.
  public init(catalogFile: String) { self.catalogFile = catalogFile }

  func prices(catalog: Catalog, term: BillingTerm, overlay: PricingOverlay) -> PriceList? {
    guard catalog.file == catalogFile, overlay.isEmpty else { return nil }
    if let last = lastPrices, last.term.id == term.id { return last }
    let prices = priceLists[term.id] ?? PriceList(catalog: catalog, term: term, overlay: overlay)
    priceLists[term.id] = prices
    lastPrices = prices
    return prices
  }

  func options(for group: AgentGroup, catalog: Catalog, deal: Deal) -> GroupEntry? {
    guard catalog.file == catalogFile, deal.pricing.isEmpty else { return nil }
    let key = GroupKey(features: group.features, tier: group.tier, licensing: deal.licensing)
    if let known = groups[key] { return known }
    let found = GroupOptions.options(for: group, catalog: catalog, models: deal.licensing.models)
    let entry = GroupEntry(options: found.options, gaps: found.gaps)
    if groups.count < 100_000 { groups[key] = entry }
    return entry
  }

  /// The formulation's tables of a problem's price list, when the price list is one this cache
  /// keeps (no pricing overlay).
  func priceTables(for problem: PlanningProblem) -> FormulationTables.PriceTables? {
    guard problem.catalog.file == catalogFile, problem.deal.pricing.isEmpty else { return nil }
    let term = problem.term.id
    if let last = lastPriceTables, last.term == term { return last }
    let tables = priceTables[term] ?? FormulationTables.PriceTables(catalog: problem.catalog, prices: problem.prices)
    priceTables[term] = tables
    lastPriceTables = tables
    return tables
  }
}
