import Foundation
import MIPModel

/// A deal resolved against its catalog: the term, the prices and every group's options. The
/// formulation, the plan and the brute-force reference all start from this.
public struct PlanningProblem: Sendable {
  public let deal: Deal
  public let catalog: Catalog
  public let term: BillingTerm
  public let prices: PriceList
  public let models: [LicensingModel]
  /// Whether groups may be on different licensing models.
  public let mixingAllowed: Bool
  /// Per group, in deal order.
  public let options: [[GroupOption]]
  /// Per group, per option: what the option costs per month apart from shared pools and top-ups
  /// (named licenses and add-ons bought per agent), as the solver's objective coefficient.
  let optionCosts: [[Double]]
  public let gaps: [[CoverageGap]]
  /// The one tier and model every group is held to, in a single plan.
  public private(set) var restriction: (tier: TierID, model: LicensingModel)?

  /// - Parameter cache: memoized work shared by many deals on one catalog (batch workers keep one
  ///   each); nil computes everything afresh.
  public init(deal: Deal, catalog: Catalog, cache: PlanningCache? = nil) {
    self.deal = deal
    self.catalog = catalog
    let term = deal.term.flatMap(catalog.term) ?? catalog.term(catalog.defaultTerm)!
    self.term = term
    let prices =
      cache?.prices(catalog: catalog, term: term, overlay: deal.pricing)
      ?? PriceList(catalog: catalog, term: term, overlay: deal.pricing)
    self.prices = prices
    self.models = deal.licensing.models
    self.mixingAllowed = deal.allowMixing ?? (catalog.mixing == .allowed)
    var options: [[GroupOption]] = []
    var gaps: [[CoverageGap]] = []
    var costs: [[Double]] = []
    for group in deal.groups {
      let found =
        cache?.options(for: group, catalog: catalog, deal: deal, prices: prices)
        ?? PlanningCache.GroupEntry(group: group, catalog: catalog, models: deal.licensing.models, prices: prices)
      options.append(found.options)
      // A cached entry may come from another group with the same needs: name this one.
      gaps.append(
        found.gaps.map {
          var gap = $0
          gap.group = group.name
          return gap
        })
      costs.append(found.perAgentUnits.map { Money.double(units: $0) * Double(group.agents) })
    }
    self.options = options
    self.gaps = gaps
    self.optionCosts = costs
  }

  /// The same problem with every group held to one tier and model (a "single plan").
  public func restricted(to tier: TierID, _ model: LicensingModel) -> PlanningProblem {
    // A group has at most one option per tier and model, so each group keeps one option or none.
    var options: [[GroupOption]] = []
    var costs: [[Double]] = []
    options.reserveCapacity(self.options.count)
    costs.reserveCapacity(self.options.count)
    for (groupOptions, groupCosts) in zip(self.options, optionCosts) {
      if let index = groupOptions.firstIndex(where: { $0.tier == tier && $0.model == model }) {
        options.append([groupOptions[index]])
        costs.append([groupCosts[index]])
      } else {
        options.append([])
        costs.append([])
      }
    }
    var copy = PlanningProblem(
      deal: deal, catalog: catalog, term: term, prices: prices, models: models, mixingAllowed: mixingAllowed,
      options: options, optionCosts: costs, gaps: gaps)
    copy.restriction = (tier, model)
    return copy
  }

  private init(
    deal: Deal, catalog: Catalog, term: BillingTerm, prices: PriceList, models: [LicensingModel],
    mixingAllowed: Bool, options: [[GroupOption]], optionCosts: [[Double]], gaps: [[CoverageGap]]
  ) {
    self.deal = deal
    self.catalog = catalog
    self.term = term
    self.prices = prices
    self.models = models
    self.mixingAllowed = mixingAllowed
    self.options = options
    self.optionCosts = optionCosts
    self.gaps = gaps
  }

  /// A SKU's unit price as the solver's objective coefficient.
  func price(_ sku: SKU) -> Double { Money.double(units: prices[sku]?.units ?? 0) }

  /// Storage each license of a tier includes under a model, in GB.
  func storagePerSeat(_ tier: TierID, _ model: LicensingModel) -> Int {
    catalog.tier(tier)?.licenses[model]?.storageGB ?? 0
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

  /// Which top-ups any option can incur, in a stable order.
  var topUps: [TopUp] {
    var result: [TopUp] = []
    for groupOptions in options {
      for option in groupOptions {
        for addOn in option.seatCoveredAddOns {
          let topUp = TopUp(addOn: addOn, tier: option.tier, model: option.model)
          if !result.contains(topUp) { result.append(topUp) }
        }
      }
    }
    return result.sorted()
  }

  /// The monthly cost of the fixed account-level items (per-account and per-unit add-ons the deal
  /// asks for), as the objective's constant.
  var accountCost: Double {
    var cost = 0.0
    for (id, quantity) in deal.accountAddOns.sorted(by: { $0.key < $1.key }) where quantity > 0 {
      switch catalog.addOn(id)?.basis {
      case .perAccount, .perUnit: cost += Money.double(units: prices[.addOn(id)]?.units ?? 0) * Double(quantity)
      default: break
      }
    }
    return cost
  }
}

/// The integer program of one planning problem, with handles on every domain variable.
///
/// Variables (all integer):
/// - `assign[group=G,tier=T,model=M]` ∈ {0,1}: group G is licensed as T under M (a group with a
///   single option needs no variable: its assignment is the constant 1).
/// - `pool[tier=T]` ≥ 0: concurrent seats of T.
/// - `topup[addon=A,tier=T,model=M]` ≥ 0: A bought for users of T/M beyond what its seats cover.
/// - `storage.blocks` ≥ 0: extra storage blocks.
/// - `model[M]` ∈ {0,1}: the account's licensing model, when one model per account is the rule.
///
/// Constraints:
/// - `cover[group=G]`: Σ assign = 1, every group is licensed exactly once.
/// - `pool[tier=T]`: pool ≥ Σ peak × assign over groups on T concurrent.
/// - `pool-used[tier=T]`: pool ≤ bound × Σ assign over groups on T concurrent (no group, no pool).
/// - `topup[addon=A,tier=T,model=M]`: topup ≥ Σ agents × assign (groups needing A) − seats of T/M.
/// - `storage`: Σ included storage + block × blocks ≥ storage needed.
/// - `one-model`: Σ model = 1, and `model-of[group=G,model=M]`: Σ assign under M ≤ model[M].
///
/// Objective: monthly cost; account add-ons are a constant.
public struct Formulation: Sendable {
  /// Whether a group takes one of its options: a binary variable, or settled when the group has
  /// only that option.
  public enum Assignment: Sendable {
    case settled
    case variable(Variable)

    public func value(at values: [Double]) -> Double {
      switch self {
      case .settled: return 1
      case .variable(let variable): return values[variable.index]
      }
    }
  }

  public let problem: PlanningProblem
  public private(set) var model = Model()
  /// Per group, per option.
  public private(set) var assignments: [[Assignment]] = []
  public private(set) var pools: [TierID: Variable] = [:]
  public private(set) var topUps: [PlanningProblem.TopUp: Variable] = [:]
  public private(set) var storageBlocks: Variable?
  public private(set) var modelChoice: [LicensingModel: Variable] = [:]

  /// - Parameter keepsNames: keep the domain names (`assign[group=…]`); batch runs turn it off.
  public init(_ problem: PlanningProblem, keepsNames: Bool = true) {
    self.problem = problem
    self.model = Model(keepsNames: keepsNames)
    build()
  }

  private mutating func build() {
    let deal = problem.deal
    let options = problem.options
    var objective = LinearExpression()
    let maxSeats = Double(deal.groups.reduce(0) { $0 + $1.agents })
    let optionCount = options.reduce(0) { $0 + $1.count }
    model.reserveCapacity(variables: optionCount + 8, constraints: deal.groups.count * 3 + 8, entries: optionCount * 4)
    objective.reserveCapacity(optionCount + 8)

    // assign[g, option] and cover[g]
    for (g, group) in deal.groups.enumerated() {
      let groupOptions = options[g]
      if groupOptions.count == 1 {
        assignments.append([.settled])
        objective.addConstant(problem.optionCosts[g][0])
        continue
      }
      var cover = LinearExpression()
      var row: [Assignment] = []
      row.reserveCapacity(groupOptions.count)
      for (o, option) in groupOptions.enumerated() {
        let x = model.addVariable(
          "assign[group=\(group.name),tier=\(option.tier),model=\(option.model.rawValue)]", kind: .binary)
        row.append(.variable(x))
        objective.add(problem.optionCosts[g][o], x)
        cover.add(1, x)
      }
      assignments.append(row)
      model.add(cover == 1, named: "cover[group=\(group.name)]")
    }

    // pool[t] ≥ Σ peak × assign, for tiers some group could hold concurrently
    let storageNeed = Double(deal.storageGB)
    for tier in problem.catalog.tiers {
      var demand = LinearExpression()
      var reach = LinearExpression()
      var used = false
      let perSeat = problem.storagePerSeat(tier.id, .concurrent)
      let bound = max(maxSeats, perSeat > 0 ? (storageNeed / Double(perSeat)).rounded(.up) : 0)
      forEachOption(on: tier.id, .concurrent) { g, assignment in
        used = true
        demand.add(assignment, times: Double(deal.groups[g].concurrency.peak))
        reach.add(assignment, times: bound)
      }
      guard used else { continue }
      let pool = model.addVariable("pool[tier=\(tier.id)]", kind: .integer, lowerBound: 0, upperBound: bound)
      pools[tier.id] = pool
      model.add(LinearExpression(pool) >= demand, named: "pool[tier=\(tier.id)]")
      // No pool on a tier no group is on concurrently: such seats would be licenses no user holds,
      // bought only for their storage, and concurrent licenses in a named account when the
      // account may not mix models.
      model.add(LinearExpression(pool) <= reach, named: "pool-used[tier=\(tier.id)]")
      objective.add(problem.price(.license(tier.id, .concurrent)), pool)
    }

    // topup[A,t,m] ≥ users needing A on t/m − seats of t/m
    for topUp in problem.topUps {
      let variable = model.addVariable(
        "topup[addon=\(topUp.addOn),tier=\(topUp.tier),model=\(topUp.model.rawValue)]", kind: .integer,
        lowerBound: 0, upperBound: maxSeats)
      topUps[topUp] = variable
      var shortfall = LinearExpression()
      forEachOption(on: topUp.tier, topUp.model, seatCovering: topUp.addOn) { g, assignment in
        shortfall.add(assignment, times: Double(deal.groups[g].agents))
      }
      addSeats(topUp.tier, topUp.model, to: &shortfall, times: -1)
      model.add(
        LinearExpression(variable) >= shortfall,
        named: "topup[addon=\(topUp.addOn),tier=\(topUp.tier),model=\(topUp.model.rawValue)]")
      objective.add(problem.price(.addOn(topUp.addOn)), variable)
    }

    // storage: included + bought ≥ needed
    if deal.storageGB > 0 {
      var included = LinearExpression()
      for tier in problem.catalog.tiers {
        for model in LicensingModel.allCases {
          let perSeat = problem.storagePerSeat(tier.id, model)
          if perSeat > 0 { addSeats(tier.id, model, to: &included, times: Double(perSeat)) }
        }
      }
      if let storage = problem.catalog.storageAddOn, case .storage(let blockGB) = storage.basis {
        let blocks = model.addVariable(
          "storage.blocks", kind: .integer, lowerBound: 0, upperBound: (storageNeed / Double(blockGB)).rounded(.up))
        storageBlocks = blocks
        included.add(Double(blockGB), blocks)
        objective.add(problem.price(.addOn(storage.id)), blocks)
      }
      model.add(included >= LinearExpression(constant: storageNeed), named: "storage")
    }

    // one licensing model per account
    let modelsInUse = LicensingModel.allCases.filter { m in options.contains { $0.contains { $0.model == m } } }
    if !problem.mixingAllowed && modelsInUse.count > 1 {
      var one = LinearExpression()
      for m in modelsInUse {
        let choice = model.addVariable("model[\(m.rawValue)]", kind: .binary)
        modelChoice[m] = choice
        one.add(1, choice)
      }
      model.add(one == 1, named: "one-model")
      for (g, group) in deal.groups.enumerated() {
        for m in modelsInUse {
          var under = LinearExpression()
          var any = false
          for (o, option) in options[g].enumerated() where option.model == m {
            under.add(assignments[g][o], times: 1)
            any = true
          }
          guard any else { continue }
          model.add(
            under <= LinearExpression(modelChoice[m]!), named: "model-of[group=\(group.name),model=\(m.rawValue)]")
        }
      }
    }

    if !deal.accountAddOns.isEmpty { objective.addConstant(problem.accountCost) }
    model.objective = objective
  }

  /// Calls `body` with (group index, assignment) for every option on a tier under a model (and,
  /// when given, covering `addOn` with the tier's seats).
  func forEachOption(
    on tier: TierID, _ licensing: LicensingModel, seatCovering addOn: AddOnID? = nil, _ body: (Int, Assignment) -> Void
  ) {
    for (g, groupOptions) in problem.options.enumerated() {
      for (o, option) in groupOptions.enumerated()
      where option.tier == tier && option.model == licensing
        && (addOn.map { option.seatCoveredAddOns.contains($0) } ?? true)
      {
        body(g, assignments[g][o])
      }
    }
  }

  /// Adds `factor` × the seats of a tier under a model: the pool when concurrent, one per agent when
  /// named.
  func addSeats(
    _ tier: TierID, _ licensing: LicensingModel, to expression: inout LinearExpression, times factor: Double
  ) {
    switch licensing {
    case .concurrent:
      if let pool = pools[tier] { expression.add(factor, pool) }
    case .named:
      forEachOption(on: tier, .named) { g, assignment in
        expression.add(assignment, times: factor * Double(problem.deal.groups[g].agents))
      }
    }
  }
}

extension LinearExpression {
  /// Adds `factor` × an assignment (a variable, or the constant 1 when settled).
  mutating func add(_ assignment: Formulation.Assignment, times factor: Double) {
    switch assignment {
    case .settled: addConstant(factor)
    case .variable(let variable): add(factor, variable)
    }
  }
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

    init(group: AgentGroup, catalog: Catalog, models: [LicensingModel], prices: PriceList) {
      (options, gaps) = GroupOptions.options(for: group, catalog: catalog, models: models)
      perAgentUnits = options.map { option in
        var perAgent = option.directAddOns.reduce(Int64(0)) { $0 + (prices[.addOn($1)]?.units ?? 0) }
        if option.model == .named { perAgent += prices[option.license]?.units ?? 0 }
        return perAgent
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
