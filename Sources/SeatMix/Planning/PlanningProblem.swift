import Foundation

/// A deal resolved against its catalog: the term, the prices and every group's options. The
/// formulation, the plan and the brute-force reference all start from this.
///
/// A problem may be restricted to one tier and model (a "single plan"): it then admits, per group,
/// only the option on that tier and model. Copies share one immutable store, so the restricted
/// problems of a deal and every formulation of them cost a reference each.
public struct PlanningProblem: Sendable {
  /// What every copy of a problem shares, with the per-deal lookups the formulation and the plan
  /// reader need, computed once.
  final class Facts: Sendable {
    let deal: Deal
    let catalog: Catalog
    let term: BillingTerm
    let prices: PriceList
    let models: [LicensingModel]
    let mixingAllowed: Bool
    let options: [[GroupOption]]
    /// Per group, per option: what the option costs per agent per month apart from shared pools
    /// and top-ups (named licenses and add-ons bought per agent), in ``Money`` units.
    let perAgentUnits: [[Int64]]
    /// Per group: why tiers cannot serve it, as cached (possibly for another group with the same
    /// needs; ``gaps(of:)`` names the group).
    let unnamedGaps: [[CoverageGap]]
    /// Per catalog tier, in catalog order: its id, the price of a concurrent seat (objective
    /// coefficient) and the storage one license includes under each model (shared by every deal
    /// on the same price list).
    var tierIDs: [TierID] { prices.tables.tierIDs }
    var poolPrices: [Double] { prices.tables.poolPrices }
    var concurrentStorage: [Int] { prices.tables.concurrentStorage }
    var namedStorage: [Int] { prices.tables.namedStorage }
    /// A (tier, model) pair as one number, `tier position × 2 + model` (``slot(tier:_:)``): what
    /// options, pools and top-ups are matched by. `optionSlots[g][o]` is the slot of group g's
    /// option o; `optionAt[g × slotCount + slot]` is group g's option in that slot, or -1 (a
    /// group has at most one option per tier and model).
    let slotCount: Int
    let optionSlots: [[Int]]
    let optionAt: [Int]
    /// Whether every group has an option, and whether one licensing model serves every group.
    let everyGroupHasAnOption: Bool
    let oneModelServesAll: Bool
    /// Every top-up some option can incur, sorted, with its slot and its add-on's price.
    let topUps: [TopUp]
    let topUpSlots: [Int]
    let topUpPrices: [Double]
    /// The storage add-on's block size and price, when the deal needs storage and the catalog
    /// sells extra.
    let storageBlock: (gb: Int, price: Double)?
    /// The monthly cost of the account-level items the deal asks for: the objective's constant.
    let accountCost: Double
    /// Per line of the price list: how many of an account-level item the deal asks for (else 0).
    let accountQuantities: [Int]

    init(deal: Deal, catalog: Catalog, cache: PlanningCache?) {
      self.deal = deal
      self.catalog = catalog
      let term = deal.term.flatMap(catalog.term) ?? catalog.term(catalog.defaultTerm)!
      self.term = term
      let prices =
        cache?.prices(catalog: catalog, term: term, overlay: deal.pricing)
        ?? PriceList(catalog: catalog, term: term, overlay: deal.pricing)
      self.prices = prices
      models = deal.licensing.models
      mixingAllowed = deal.allowMixing ?? (catalog.mixing == .allowed)
      var options: [[GroupOption]] = []
      var gaps: [[CoverageGap]] = []
      var units: [[Int64]] = []
      var optionSlots: [[Int]] = []
      options.reserveCapacity(deal.groups.count)
      gaps.reserveCapacity(deal.groups.count)
      units.reserveCapacity(deal.groups.count)
      optionSlots.reserveCapacity(deal.groups.count)
      slotCount = prices.tables.tierIDs.count * LicensingModel.allCases.count
      var optionAt = [Int](repeating: -1, count: deal.groups.count * slotCount)
      for (g, group) in deal.groups.enumerated() {
        let found =
          cache?.options(for: group, catalog: catalog, deal: deal, prices: prices)
          ?? PlanningCache.GroupEntry(group: group, catalog: catalog, models: deal.licensing.models, prices: prices)
        options.append(found.options)
        gaps.append(found.gaps)
        units.append(found.perAgentUnits)
        optionSlots.append(found.slots)
        for (o, slot) in found.slots.enumerated() { optionAt[g * slotCount + slot] = o }
      }
      self.options = options
      unnamedGaps = gaps
      perAgentUnits = units
      self.optionSlots = optionSlots
      self.optionAt = optionAt
      everyGroupHasAnOption = options.allSatisfy { !$0.isEmpty }
      oneModelServesAll = models.contains { model in options.allSatisfy { $0.contains { $0.model == model } } }

      func price(_ sku: SKU) -> Double { Money.double(units: prices[sku]?.units ?? 0) }
      var topUps: [TopUp] = []
      for groupOptions in options {
        for option in groupOptions {
          for addOn in option.seatCoveredAddOns {
            let topUp = TopUp(addOn: addOn, tier: option.tier, model: option.model)
            if !topUps.contains(topUp) { topUps.append(topUp) }
          }
        }
      }
      topUps.sort()
      self.topUps = topUps
      let tierIDs = prices.tables.tierIDs
      topUpSlots = topUps.map { Self.slot(tier: tierIDs.firstIndex(of: $0.tier)!, $0.model) }
      topUpPrices = topUps.map { price(.addOn($0.addOn)) }

      storageBlock = deal.storageGB > 0 ? prices.tables.storageBlock : nil
      var accountCost = 0.0
      for (id, quantity) in deal.accountAddOns.sorted(by: { $0.key < $1.key }) where quantity > 0 {
        switch catalog.addOn(id)?.basis {
        case .perAccount, .perUnit: accountCost += price(.addOn(id)) * Double(quantity)
        default: break
        }
      }
      self.accountCost = accountCost
      accountQuantities = prices.lines.map { line in
        guard !deal.accountAddOns.isEmpty, case .account(let id) = line.basis else { return 0 }
        return deal.accountAddOns[id] ?? 0
      }
    }

    static func slot(tier: Int, _ model: LicensingModel) -> Int {
      tier * LicensingModel.allCases.count + (model == .named ? 0 : 1)
    }

    /// What option o of group g costs per month apart from pools and top-ups: the objective
    /// coefficient of its assignment.
    func optionCost(_ g: Int, _ o: Int) -> Double {
      Money.double(units: perAgentUnits[g][o]) * Double(deal.groups[g].agents)
    }

    /// Why tiers cannot serve group g.
    func gaps(of g: Int) -> [CoverageGap] {
      let name = deal.groups[g].name
      return unnamedGaps[g].map {
        var gap = $0
        gap.group = name
        return gap
      }
    }
  }

  let facts: Facts
  /// The one tier and model every group is held to, in a single plan.
  public private(set) var restriction: (tier: TierID, model: LicensingModel)?
  /// The restriction's slot (see ``Facts/slotCount``); -1 when the catalog has no such tier.
  private(set) var restrictionSlot: Int?

  /// - Parameter cache: memoized work shared by many deals on one catalog (batch workers keep one
  ///   each); nil computes everything afresh.
  public init(deal: Deal, catalog: Catalog, cache: PlanningCache? = nil) {
    facts = Facts(deal: deal, catalog: catalog, cache: cache)
  }

  public var deal: Deal { facts.deal }
  public var catalog: Catalog { facts.catalog }
  public var term: BillingTerm { facts.term }
  public var prices: PriceList { facts.prices }
  public var models: [LicensingModel] { facts.models }
  /// Whether groups may be on different licensing models.
  public var mixingAllowed: Bool { facts.mixingAllowed }
  /// Per group, in deal order: the options this problem admits.
  public var options: [[GroupOption]] {
    guard restriction != nil else { return facts.options }
    return facts.options.indices.map { g in admitted(g).map { facts.options[g][$0] } }
  }
  public var gaps: [[CoverageGap]] { facts.options.indices.map(facts.gaps(of:)) }

  /// The same problem with every group held to one tier and model (a "single plan"). Restricting
  /// a restricted problem to another tier or model leaves no option to any group.
  public func restricted(to tier: TierID, _ model: LicensingModel) -> PlanningProblem {
    var copy = self
    copy.restriction = (tier, model)
    let slot = facts.tierIDs.firstIndex(of: tier).map { Facts.slot(tier: $0, model) } ?? -1
    copy.restrictionSlot = restrictionSlot == nil || restrictionSlot == slot ? slot : -1
    return copy
  }

  /// The positions in `facts.options[g]` of the options this problem admits for group `g`: all of
  /// them, or (restricted) the one on the tier and model, if the group has it.
  func admitted(_ g: Int) -> AdmittedOptions {
    guard let slot = restrictionSlot else { return AdmittedOptions(all: facts.options[g].count) }
    let index = slot < 0 ? -1 : facts.optionAt[g * facts.slotCount + slot]
    return AdmittedOptions(only: index < 0 ? nil : index)
  }

  /// Whether every group has an admitted option and the groups can share a licensing model as
  /// the account requires: then nothing is infeasible before solving.
  var everyGroupCanBeServed: Bool {
    guard let slot = restrictionSlot else {
      return facts.everyGroupHasAnOption && (facts.mixingAllowed || facts.oneModelServesAll)
    }
    guard slot >= 0 else { return false }
    for g in facts.options.indices where facts.optionAt[g * facts.slotCount + slot] < 0 { return false }
    return true
  }

  /// A pooled top-up: users of (tier, model) who need `addOn` beyond what its seats cover.
  public struct TopUp: Hashable, Sendable, Comparable {
    public var addOn: AddOnID
    public var tier: TierID
    public var model: LicensingModel

    public static func < (a: TopUp, b: TopUp) -> Bool {
      (a.addOn, a.tier, a.model.rawValue) < (b.addOn, b.tier, b.model.rawValue)
    }
  }
}

/// The option positions a problem admits for one group: `0..<count`, or at most one.
struct AdmittedOptions: Sequence {
  let range: Range<Int>

  init(all count: Int) { range = 0..<count }
  init(only index: Int?) { range = index.map { $0..<($0 + 1) } ?? 0..<0 }

  var count: Int { range.count }
  var isEmpty: Bool { range.isEmpty }
  func makeIterator() -> Range<Int>.Iterator { range.makeIterator() }
}

/// Work that many deals on one catalog share, computed once: the price lists of deals without a
/// pricing overlay, and the options of each distinct kind of group (same features, forced tier and
/// licensing). Not thread-safe: a batch keeps one per worker thread.
public final class PlanningCache {
  struct GroupEntry {
    var options: [GroupOption]
    var gaps: [CoverageGap]
    /// Per option: named license and direct add-ons per agent, in ``Money`` units.
    var perAgentUnits: [Int64]
    /// Per option: its tier and model as a slot (``PlanningProblem/Facts/slotCount``).
    var slots: [Int]

    init(group: AgentGroup, catalog: Catalog, models: [LicensingModel], prices: PriceList) {
      (options, gaps) = GroupOptions.options(for: group, catalog: catalog, models: models)
      perAgentUnits = options.map { option in
        var perAgent = option.directAddOns.reduce(Int64(0)) { $0 + (prices[.addOn($1)]?.units ?? 0) }
        if option.model == .named { perAgent += prices[option.license]?.units ?? 0 }
        return perAgent
      }
      slots = options.map { option in
        PlanningProblem.Facts.slot(tier: prices.tables.tierIDs.firstIndex(of: option.tier)!, option.model)
      }
    }
  }

  private struct GroupKey: Hashable {
    var term: TermID
    var features: [FeatureID]
    var tier: TierID?
    var licensing: LicensingChoice
  }

  private let catalogFile: String
  private var priceLists: [TermID: PriceList] = [:]
  private var groups: [GroupKey: GroupEntry] = [:]

  /// A cache for deals on the catalog loaded from `catalogFile`.
  public init(catalogFile: String) { self.catalogFile = catalogFile }

  func prices(catalog: Catalog, term: BillingTerm, overlay: PricingOverlay) -> PriceList? {
    guard catalog.file == catalogFile, overlay.isEmpty else { return nil }
    if let known = priceLists[term.id] { return known }
    let prices = PriceList(catalog: catalog, term: term, overlay: overlay)
    priceLists[term.id] = prices
    return prices
  }

  func options(for group: AgentGroup, catalog: Catalog, deal: Deal, prices: PriceList) -> GroupEntry? {
    guard catalog.file == catalogFile, deal.pricing.isEmpty else { return nil }
    let key = GroupKey(term: prices.term.id, features: group.features, tier: group.tier, licensing: deal.licensing)
    if let known = groups[key] { return known }
    let entry = GroupEntry(group: group, catalog: catalog, models: deal.licensing.models, prices: prices)
    if groups.count < 100_000 { groups[key] = entry }
    return entry
  }
}
