import Foundation

/// A deal resolved against its catalog: the term, the prices, every group's options and why the
/// other tiers cannot serve it. The formulation, the plan and the reports all start from this.
///
/// A problem may be restricted to one tier and model (a "single plan"): it then admits, per group,
/// only the option on that tier and model. Copies share one immutable store, so the restricted
/// problems of a deal cost a reference each.
public struct PlanningProblem: Sendable {
  /// What every copy of a problem shares.
  private final class Store: Sendable {
    let deal: Deal
    let catalog: Catalog
    let term: BillingTerm
    let prices: PriceList
    let mixingAllowed: Bool
    let options: [[GroupOption]]
    /// Per group: why tiers cannot serve it, as found (possibly for another group with the same
    /// needs; ``PlanningProblem/gaps(of:)`` names the group).
    let unnamedGaps: [[CoverageGap]]

    init(deal: Deal, catalog: Catalog, cache: PlanningCache?) {
      self.deal = deal
      self.catalog = catalog
      let term = deal.term.flatMap(catalog.term) ?? catalog.term(catalog.defaultTerm)!
      self.term = term
      let prices =
        cache?.prices(catalog: catalog, term: term, overlay: deal.pricing)
        ?? PriceList(catalog: catalog, term: term, overlay: deal.pricing)
      self.prices = prices
      mixingAllowed = deal.allowMixing ?? (catalog.mixing == .allowed)
      var options: [[GroupOption]] = []
      var gaps: [[CoverageGap]] = []
      options.reserveCapacity(deal.groups.count)
      gaps.reserveCapacity(deal.groups.count)
      for group in deal.groups {
        if let known = cache?.options(for: group, catalog: catalog, deal: deal) {
          options.append(known.options)
          gaps.append(known.gaps)
        } else {
          let found = GroupOptions.options(for: group, catalog: catalog, models: deal.licensing.models)
          options.append(found.options)
          gaps.append(found.gaps)
        }
      }
      self.options = options
      unnamedGaps = gaps
    }
  }

  private let store: Store
  /// The one tier and model every group is held to, in a single plan.
  public private(set) var restriction: (tier: TierID, model: LicensingModel)?
  /// True when the problem was restricted twice, to different tiers or models: it admits nothing.
  private(set) var restrictionIsContradictory = false

  /// - Parameter cache: memoized work shared by many deals on one catalog (batch workers keep one
  ///   each); nil computes everything afresh.
  public init(deal: Deal, catalog: Catalog, cache: PlanningCache? = nil) {
    store = Store(deal: deal, catalog: catalog, cache: cache)
  }

  public var deal: Deal { store.deal }
  /// The deal's groups, in deal order.
  var groups: [AgentGroup] { store.deal.groups }
  public var catalog: Catalog { store.catalog }
  public var term: BillingTerm { store.term }
  public var prices: PriceList { store.prices }
  public var models: [LicensingModel] { store.deal.licensing.models }
  /// Whether groups may be on different licensing models.
  public var mixingAllowed: Bool { store.mixingAllowed }

  /// Per group, in deal order, every option the catalog's rules give it, whatever the restriction.
  var everyOption: [[GroupOption]] { store.options }

  /// Per group, in deal order: the options this problem admits.
  public var options: [[GroupOption]] {
    guard restriction != nil else { return store.options }
    return store.options.map { $0.filter(admits) }
  }

  /// Whether the problem admits an option: always, unless restricted to another tier or model.
  func admits(_ option: GroupOption) -> Bool {
    guard let restriction else { return true }
    return !restrictionIsContradictory && option.tier == restriction.tier && option.model == restriction.model
  }

  /// Per group, in deal order: why tiers cannot serve it.
  public var gaps: [[CoverageGap]] { store.options.indices.map(gaps(of:)) }

  /// Why tiers cannot serve group g, naming it.
  func gaps(of g: Int) -> [CoverageGap] {
    let name = store.deal.groups[g].name
    return store.unnamedGaps[g].map {
      var gap = $0
      gap.group = name
      return gap
    }
  }

  /// Why tiers cannot serve group g, without the group's name (messages about one group).
  func unnamedGaps(of g: Int) -> [CoverageGap] { store.unnamedGaps[g] }

  /// The same problem with every group held to one tier and model (a "single plan"). Restricting
  /// a restricted problem to another tier or model leaves no option to any group.
  public func restricted(to tier: TierID, _ model: LicensingModel) -> PlanningProblem {
    var copy = self
    if let held = restriction, held.tier != tier || held.model != model { copy.restrictionIsContradictory = true }
    copy.restriction = (tier, model)
    return copy
  }
}
