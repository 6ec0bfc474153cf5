/// The index tables the formulation and the plan reader work from, for one deal: positions instead
/// of ids, so that building a model and reading its answer take array lookups, not dictionary
/// lookups or id comparisons (a batch builds several models per scenario).
///
/// A (tier, model) pair is one number, a *slot*: `tier position × 2 + model` (named 0, concurrent
/// 1), tiers in catalog order (``slot(tier:_:)``). Options, pools and top-ups are matched by slot.
/// The tables of a price list (``PriceTables``) are shared by every deal on it through
/// ``PlanningCache``; the rest is computed once per deal and shared by the deal's optimum and its
/// single plans.
final class FormulationTables: Sendable {
  /// Per catalog tier, in catalog order: its id, the price of a concurrent seat (the objective
  /// coefficient of its pool), the storage one license includes under each model and the price of
  /// a named license; the storage add-on's block size and price; and the catalog's SKUs as the
  /// lines a plan is read into.
  final class PriceTables: Sendable {
    let term: TermID
    let tierIDs: [TierID]
    let poolPrices: [Double]
    /// The same, in ``Money`` units.
    let poolUnits: [Int64]
    let concurrentStorage: [Int]
    let namedStorage: [Int]
    /// A named license per agent, in ``Money`` units (0 when the tier is not sold named).
    let namedUnits: [Int64]
    /// Every add-on, in catalog order, with its price per unit in ``Money`` units (a catalog has
    /// a handful: a walk is cheaper than hashing the id).
    let addOnIDs: [AddOnID]
    let addOnUnits: [Int64]
    let storageBlock: (gb: Int, price: Double)?
    /// The block's price in ``Money`` units (0 when the catalog sells no extra storage).
    let storageBlockUnits: Int64
    /// The catalog's SKUs in catalog order, with their names, prices here and how they are counted.
    let lines: [Line]

    /// An add-on's price per unit, in ``Money`` units (0 when the catalog does not sell it).
    func units(of addOn: AddOnID) -> Int64 {
      for index in addOnIDs.indices where addOnIDs[index] == addOn { return addOnUnits[index] }
      return 0
    }

    init(catalog: Catalog, prices: PriceList) {
      func units(_ sku: SKU) -> Int64 { prices[sku]?.units ?? 0 }
      term = prices.term.id
      tierIDs = catalog.tiers.map(\.id)
      poolUnits = catalog.tiers.map { units(.license($0.id, .concurrent)) }
      poolPrices = poolUnits.map { Money.double(units: $0) }
      concurrentStorage = catalog.tiers.map { $0.licenses[.concurrent]?.storageGB ?? 0 }
      namedStorage = catalog.tiers.map { $0.licenses[.named]?.storageGB ?? 0 }
      namedUnits = catalog.tiers.map { units(.license($0.id, .named)) }
      addOnIDs = catalog.addOns.map(\.id)
      addOnUnits = catalog.addOns.map { units(.addOn($0.id)) }
      if let storage = catalog.storageAddOn, case .storage(let blockGB) = storage.basis {
        storageBlockUnits = units(.addOn(storage.id))
        storageBlock = (blockGB, Money.double(units: storageBlockUnits))
      } else {
        storageBlockUnits = 0
        storageBlock = nil
      }
      lines = catalog.skus.compactMap { sku in
        let basis: Line.Basis
        switch sku {
        case .license(let tier, let model):
          guard let position = catalog.tiers.firstIndex(where: { $0.id == tier }) else { return nil }
          basis = .license(tier: position, model: model)
        case .addOn(let id):
          switch catalog.addOn(id)?.basis {
          case .perUser: basis = .perUser(id)
          case .perAccount: basis = .account(id, unit: nil)
          case .perUnit(let unit): basis = .account(id, unit: unit)
          case .storage(let blockGB): basis = .storage(blockGB: blockGB)
          case nil: return nil
          }
        }
        return Line(sku: sku, name: catalog.name(of: sku), price: prices[sku], basis: basis)
      }
    }
  }

  /// One SKU of the catalog as a plan counts it. A class, so that walking the lines retains one
  /// reference per SKU rather than copying fields.
  final class Line: Sendable {
    enum Basis: Sendable {
      /// A tier's license (tier by position in the catalog).
      case license(tier: Int, model: LicensingModel)
      case perUser(AddOnID)
      /// Per account (no unit) or per unit: bought in the quantity the deal asks for.
      case account(AddOnID, unit: String?)
      case storage(blockGB: Int)
    }

    let sku: SKU
    let name: String
    let price: UnitPrice?
    let basis: Basis

    init(sku: SKU, name: String, price: UnitPrice?, basis: Basis) {
      self.sku = sku
      self.name = name
      self.price = price
      self.basis = basis
    }
  }

  let prices: PriceTables
  /// How many slots there are: tiers × models.
  let slotCount: Int
  /// Group g's options are at `optionStarts[g]..<optionStarts[g + 1]` of the per-option tables.
  let optionStarts: [Int]
  /// Per option of every group, group by group: its slot (``slot(_:_:)``).
  let optionSlots: [Int]
  /// `optionAt[g × slotCount + slot]` is group g's option in that slot, or -1 (a group has at
  /// most one option per tier and model).
  let optionAt: [Int]
  /// Per option of every group, group by group: what the option costs per agent per month apart
  /// from shared pools and top-ups (named licenses and add-ons bought per agent), in ``Money`` units.
  let perAgentUnits: [Int64]
  /// Whether every group has an option, and whether one licensing model serves every group.
  let everyGroupHasAnOption: Bool
  let oneModelServesAll: Bool
  /// Every top-up some option can incur, sorted, with its slot and its add-on's price.
  let topUps: [Formulation.TopUp]
  let topUpSlots: [Int]
  let topUpPrices: [Double]
  /// The monthly cost of the account-level items the deal asks for: the objective's constant.
  let accountCost: Double
  /// Per line (``PriceTables/lines``): how many of an account-level item the deal asks for (else 0).
  let accountQuantities: [Int]
  /// The deal's concurrency over time, when it has an interval grid.
  let timeline: Timeline?

  /// - Parameter cache: where the tables of the problem's price list are kept; nil computes them.
  init(_ problem: PlanningProblem, cache: PlanningCache? = nil) {
    let prices =
      cache?.priceTables(for: problem) ?? PriceTables(catalog: problem.catalog, prices: problem.prices)
    self.prices = prices
    let deal = problem.deal
    let options = problem.everyOption
    slotCount = prices.tierIDs.count * LicensingModel.allCases.count
    var optionStarts: [Int] = [0]
    var optionSlots: [Int] = []
    var perAgentUnits: [Int64] = []
    optionStarts.reserveCapacity(options.count + 1)
    let optionCount = options.reduce(0) { $0 + $1.count }
    optionSlots.reserveCapacity(optionCount)
    perAgentUnits.reserveCapacity(optionCount)
    var optionAt = [Int](repeating: -1, count: options.count * slotCount)
    for g in options.indices {
      let groupOptions = options[g]
      for o in groupOptions.indices {
        let t = prices.tierIDs.firstIndex(of: groupOptions[o].tier)!
        let model = groupOptions[o].model
        let slot = Self.slot(tier: t, model)
        optionSlots.append(slot)
        optionAt[g * slotCount + slot] = o
        var perAgent: Int64 = model == .named ? prices.namedUnits[t] : 0
        for addOn in groupOptions[o].directAddOns { perAgent += prices.units(of: addOn) }
        perAgentUnits.append(perAgent)
      }
      optionStarts.append(optionSlots.count)
    }
    self.optionStarts = optionStarts
    self.optionSlots = optionSlots
    self.optionAt = optionAt
    self.perAgentUnits = perAgentUnits
    everyGroupHasAnOption = options.allSatisfy { !$0.isEmpty }
    oneModelServesAll = problem.models.contains { model in options.allSatisfy { $0.contains { $0.model == model } } }

    var topUps: [Formulation.TopUp] = []
    for groupOptions in options {
      for o in groupOptions.indices where !groupOptions[o].seatCoveredAddOns.isEmpty {
        let option = groupOptions[o]
        for addOn in option.seatCoveredAddOns {
          let topUp = Formulation.TopUp(addOn: addOn, tier: option.tier, model: option.model)
          if !topUps.contains(topUp) { topUps.append(topUp) }
        }
      }
    }
    topUps.sort()
    self.topUps = topUps
    topUpSlots = topUps.map { Self.slot(tier: prices.tierIDs.firstIndex(of: $0.tier)!, $0.model) }
    topUpPrices = topUps.map { Money.double(units: prices.units(of: $0.addOn)) }

    var accountCost = 0.0
    for (id, quantity) in deal.accountAddOns.sorted(by: { $0.key < $1.key }) where quantity > 0 {
      switch problem.catalog.addOn(id)?.basis {
      case .perAccount, .perUnit: accountCost += Money.double(units: prices.units(of: id)) * Double(quantity)
      default: break
      }
    }
    self.accountCost = accountCost
    accountQuantities = prices.lines.map { line in
      guard !deal.accountAddOns.isEmpty, case .account(let id, _) = line.basis else { return 0 }
      return deal.accountAddOns[id] ?? 0
    }
    timeline = Timeline(deal, catalog: problem.catalog, term: problem.term.id)
  }

  static func slot(tier: Int, _ model: LicensingModel) -> Int {
    tier * LicensingModel.allCases.count + (model == .named ? 0 : 1)
  }

  /// The tier position of a slot, and whether it is the concurrent one.
  static func tier(ofSlot slot: Int) -> Int { slot / LicensingModel.allCases.count }
  static func isConcurrent(_ slot: Int) -> Bool { slot % LicensingModel.allCases.count == 1 }

  /// The slot every group of a restricted problem is held to: nil when it is not restricted, -1
  /// when no option can be in it (the catalog has no such tier, or the restrictions contradict).
  func restrictionSlot(_ problem: PlanningProblem) -> Int? {
    guard let restriction = problem.restriction else { return nil }
    if problem.restrictionIsContradictory { return -1 }
    return prices.tierIDs.firstIndex(of: restriction.tier).map { Self.slot(tier: $0, restriction.model) } ?? -1
  }

  /// The positions in `problem.everyOption[g]` of the options the problem admits for group g: all
  /// of them, or (restricted to `slot`) the one in that slot, if the group has it.
  func admitted(_ g: Int, restrictedTo slot: Int?, optionCount: Int) -> AdmittedOptions {
    guard let slot else { return AdmittedOptions(all: optionCount) }
    let index = slot < 0 ? -1 : optionAt[g * slotCount + slot]
    return AdmittedOptions(only: index < 0 ? nil : index)
  }

  /// The first group the problem admits no option for, if any.
  func firstUnservedGroup(_ problem: PlanningProblem) -> Int? {
    let options = problem.everyOption
    guard let slot = restrictionSlot(problem) else { return options.firstIndex { $0.isEmpty } }
    guard slot >= 0 else { return options.isEmpty ? nil : 0 }
    return options.indices.first { optionAt[$0 * slotCount + slot] < 0 }
  }

  /// Whether every group has an admitted option and the groups can share a licensing model as
  /// the account requires: then nothing is infeasible before solving.
  func everyGroupCanBeServed(_ problem: PlanningProblem) -> Bool {
    guard let slot = restrictionSlot(problem) else {
      return everyGroupHasAnOption && (problem.mixingAllowed || oneModelServesAll)
    }
    guard slot >= 0 else { return false }
    for g in 0..<(optionStarts.count - 1) where optionAt[g * slotCount + slot] < 0 { return false }
    return true
  }

  /// What option o of group g costs per month apart from pools and top-ups: the objective
  /// coefficient of its assignment.
  func optionCost(_ g: Int, _ o: Int, agents: Int) -> Double {
    Money.double(units: perAgentUnits[optionStarts[g] + o]) * Double(agents)
  }

  /// The slot of group g's option o.
  func slot(_ g: Int, _ o: Int) -> Int { optionSlots[optionStarts[g] + o] }
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
