import Foundation
import Testing

@testable import SeatMix

/// An exhaustive reference for the optimizer, written straight from the licensing rules.
///
/// It shares nothing with the code it checks (`GroupOptions`, `Formulation`, `PlanReader`,
/// `Optimizer`): it reads the catalog's data itself, tries every assignment of groups to a tier and
/// a licensing model that the deal allows, and for each one every concurrent pool size up to a bound
/// past which a larger pool cannot be cheaper. Money is counted in integer cents, so the minimum is
/// exact. Prices too are its own: the catalog's list prices under the deal's term, with the deal's
/// pricing overlay applied by the documented rules (``unitCents(listPrice:skuID:pricing:)``), not
/// by ``PriceList``.
///
/// The rules:
/// 1. Every user holds one tier license; a group goes wholly on one tier under one model.
/// 2. Named: one license per agent.
/// 3. Concurrent: one pool per tier, at least the summed peaks of the groups on it; larger when that
///    is cheaper. A tier no group is on concurrently has no pool.
/// 4. A needed feature comes from the tier, or from a per-user add-on that is included with the tier
///    under the model (`covers: all-users` or `covers: seats`) or sold on the tier.
/// 5. A per-user add-on bought outright is bought for every agent of the group.
/// 6. A `covers: seats` inclusion covers as many users as the tier has seats under the model; the
///    users of that tier and model who need the add-on beyond that are topped up.
/// 7. Per-account and per-unit add-ons: the quantity the deal asks for.
/// 8. Storage: licenses include storage per seat; blocks are bought for the rest of the deal's need.
/// 9. One model per account unless the catalog or the deal allows mixing.
/// 10. The deal's term (else the catalog's default) picks the prices.
/// 11. Pricing overlay (Examples/README.md, "Pricing"): a SKU's negotiated unit price is used as is;
///    else its own discount, instead of the overall one; else the overall discount. A discounted
///    price is rounded to the cent, half up.
struct BruteForceReference {
  /// How a group is licensed under one tier and model, and which add-ons that takes.
  struct Choice: Equatable {
    var tier: TierID
    var model: LicensingModel
    /// Bought for every agent of the group.
    var direct: Set<AddOnID>
    /// Covered by the tier's seats under the model, topped up beyond.
    var seatCovered: Set<AddOnID>
    /// Included for every user.
    var included: Set<AddOnID>
  }

  /// The cheapest purchase found, with what it buys.
  struct Solution {
    var monthlyCents: Int
    /// Per group, in deal order.
    var choices: [Choice]
    /// Concurrent seats per tier that has a pool.
    var pools: [TierID: Int]
    var monthly: Decimal { Decimal(monthlyCents) / 100 }
  }

  /// What the rules make an account buy for one assignment and pool sizes.
  struct Purchase {
    var quantities: [SKU: Int]
    var monthlyCents: Int
  }

  let deal: Deal
  let catalog: Catalog
  /// Unit prices in cents, after the deal's pricing overlay.
  let cents: [SKU: Int]
  let mixingAllowed: Bool
  /// Per group, every (tier, model) the deal and the catalog allow for it.
  let choices: [[Choice]]

  init(deal: Deal, catalog: Catalog) {
    self.deal = deal
    self.catalog = catalog
    let term = deal.term ?? catalog.defaultTerm
    var cents: [SKU: Int] = [:]
    for tier in catalog.tiers {
      for (model, license) in tier.licenses {
        guard let list = license.prices[term] else { continue }
        let id = "\(tier.id.rawValue)-\(model.rawValue)"
        cents[.license(tier.id, model)] = Self.unitCents(listPrice: list.amount, skuID: id, pricing: deal.pricing)
      }
    }
    for addOn in catalog.addOns {
      guard let list = addOn.prices[term] else { continue }
      cents[.addOn(addOn.id)] = Self.unitCents(listPrice: list.amount, skuID: addOn.id.rawValue, pricing: deal.pricing)
    }
    self.cents = cents
    switch deal.allowMixing {
    case .some(let allowed): mixingAllowed = allowed
    case .none: mixingAllowed = catalog.mixing == .allowed
    }
    choices = deal.groups.map { group in
      var found: [Choice] = []
      for tier in catalog.tiers {
        for model in deal.licensing.models {
          if let choice = Self.choice(group, tier, model, catalog) { found.append(choice) }
        }
      }
      return found
    }
  }

  /// Whether a group can go on a tier under a model, and with which add-ons (rules 1 and 4).
  static func choice(_ group: AgentGroup, _ tier: Tier, _ model: LicensingModel, _ catalog: Catalog) -> Choice? {
    if tier.licenses[model] == nil { return nil }
    if let forced = group.tier, forced != tier.id { return nil }
    var choice = Choice(tier: tier.id, model: model, direct: [], seatCovered: [], included: [])
    for feature in group.features where !tier.features.contains(feature) {
      var covered = false
      for addOn in catalog.addOns {
        guard case .perUser(let provides, let availableOn, let inclusions) = addOn.basis, provides.contains(feature)
        else { continue }
        if let inclusion = inclusions.first(where: { $0.tier == tier.id && $0.model == model }) {
          switch inclusion.coverage {
          case .allUsers: choice.included.insert(addOn.id)
          case .seats: choice.seatCovered.insert(addOn.id)
          }
        } else if availableOn.contains(tier.id) {
          choice.direct.insert(addOn.id)
        } else {
          continue
        }
        covered = true
        break
      }
      if !covered { return nil }
    }
    return choice
  }

  func price(_ sku: SKU) -> Int { cents[sku] ?? 0 }

  /// What the deal pays per unit per month, in cents (rule 11), in integer arithmetic: a negotiated
  /// price as is; else the list price less the SKU's own discount or else the overall one, rounded
  /// to the cent half up. Amounts and percents are exact decimals of at most four places.
  static func unitCents(listPrice: Decimal, skuID: String, pricing: PricingOverlay) -> Int {
    if let negotiated = pricing.unitPrices[skuID] { return whole(negotiated * 100, "a negotiated price in cents") }
    let percent = pricing.skuDiscounts[skuID] ?? pricing.discountPercent
    let listUnits = whole(listPrice * 10_000, "a list price in ten-thousandths")
    let percentUnits = whole(percent * 10_000, "a discount in ten-thousandths of a percent")
    if percentUnits == 0 { return whole(listPrice * 100, "an undiscounted list price in cents") }
    // cents = list × (100 − percent) / 100 × 100, here with list and percent scaled by 10,000 each:
    // list units × (1,000,000 − percent units) / 100,000,000, plus a half before truncating.
    return (listUnits * (1_000_000 - percentUnits) + 50_000_000) / 100_000_000
  }

  /// An exact whole number, or a failed precondition naming what it should have been.
  private static func whole(_ value: Decimal, _ what: String) -> Int {
    let number = NSDecimalNumber(decimal: value).intValue
    precondition(Decimal(number) == value, "\(what) is not a whole number: \(value)")
    return number
  }

  /// The exact minimum monthly cost, or nil when no assignment meets the rules.
  func minimum() -> Solution? { search { _ in true } }

  /// The best plan that puts every group on one tier under one model (a "single plan").
  func minimum(restrictedTo tier: TierID, _ model: LicensingModel) -> Solution? {
    search { $0.tier == tier && $0.model == model }
  }

  private func search(_ keep: (Choice) -> Bool) -> Solution? {
    let allowed = choices.map { $0.filter(keep) }
    if allowed.contains(where: \.isEmpty) { return nil }
    var best: Solution?
    var picked: [Choice] = []
    func assign(_ g: Int) {
      if g == allowed.count {
        if !mixingAllowed && Set(picked.map(\.model)).count > 1 { return }
        if let found = cheapestPools(picked), best == nil || found.monthlyCents < best!.monthlyCents {
          best = found
        }
        return
      }
      for choice in allowed[g] {
        picked.append(choice)
        assign(g + 1)
        picked.removeLast()
      }
    }
    assign(0)
    return best
  }

  /// Concurrent tiers used by an assignment, in catalog order.
  private func concurrentTiers(_ picked: [Choice]) -> [TierID] {
    catalog.tiers.map(\.id).filter { tier in picked.contains { $0.tier == tier && $0.model == .concurrent } }
  }

  /// Users of (tier, model) who need a seat-covered add-on, per add-on.
  private func seatCoveredUsers(_ picked: [Choice], _ tier: TierID, _ model: LicensingModel) -> [AddOnID: Int] {
    var users: [AddOnID: Int] = [:]
    for (g, choice) in picked.enumerated() where choice.tier == tier && choice.model == model {
      for addOn in choice.seatCovered { users[addOn, default: 0] += deal.groups[g].agents }
    }
    return users
  }

  private func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

  private var storageBlock: (sku: SKU, blockGB: Int)? {
    for addOn in catalog.addOns {
      if case .storage(let blockGB) = addOn.basis { return (.addOn(addOn.id), blockGB) }
    }
    return nil
  }

  /// The cheapest pool sizes for one assignment, by trying every pool vector up to the bound.
  private func cheapestPools(_ picked: [Choice]) -> Solution? {
    // Everything but the pools, top-ups on concurrent tiers and storage.
    var fixed = 0
    var namedStorage = 0
    for (g, choice) in picked.enumerated() {
      let agents = deal.groups[g].agents
      for addOn in choice.direct { fixed += agents * price(.addOn(addOn)) }
      if choice.model == .named {
        fixed += agents * price(.license(choice.tier, .named))
        namedStorage += agents * storagePerSeat(choice.tier, .named)
      }
    }
    // Seat-covered add-ons under named licensing (none in the Zoom catalog): seats are the agents.
    for tier in Set(picked.filter { $0.model == .named }.map(\.tier)) {
      let seats = picked.indices.filter { picked[$0].tier == tier && picked[$0].model == .named }
        .reduce(0) { $0 + deal.groups[$1].agents }
      for (addOn, users) in seatCoveredUsers(picked, tier, .named) {
        fixed += max(0, users - seats) * price(.addOn(addOn))
      }
    }
    fixed += accountCents()

    struct Pool {
      var tier: TierID
      var low: Int
      var high: Int
      var seatPrice: Int
      var storagePerSeat: Int
      var topUps: [(users: Int, price: Int)]
    }
    let need = deal.storageGB
    let pools: [Pool] = concurrentTiers(picked).map { tier in
      let peaks = picked.indices.filter { picked[$0].tier == tier && picked[$0].model == .concurrent }
        .reduce(0) { $0 + deal.groups[$1].peakConcurrent }
      let users = seatCoveredUsers(picked, tier, .concurrent)
      let perSeat = storagePerSeat(tier, .concurrent)
      // Past every seat-covered add-on's users and past the whole storage need, one seat more
      // only adds its price.
      var high = max(peaks, users.values.max() ?? 0)
      if need > 0 && perSeat > 0 { high = max(high, ceilDiv(need, perSeat)) }
      return Pool(
        tier: tier, low: peaks, high: high, seatPrice: price(.license(tier, .concurrent)), storagePerSeat: perSeat,
        topUps: users.sorted { $0.key < $1.key }.map { ($0.value, price(.addOn($0.key))) })
    }
    let block = storageBlock
    let blockPrice = block.map { price($0.sku) } ?? 0

    var bestCents: Int?
    var bestSizes: [Int] = []
    var sizes: [Int] = []
    func visit(_ p: Int, cost: Int, storage: Int) {
      if p == pools.count {
        var total = cost
        let missing = need - storage
        if missing > 0 {
          guard let block else { return }
          total += ceilDiv(missing, block.blockGB) * blockPrice
        }
        if bestCents == nil || total < bestCents! {
          bestCents = total
          bestSizes = sizes
        }
        return
      }
      let pool = pools[p]
      for seats in pool.low...pool.high {
        var here = seats * pool.seatPrice
        for topUp in pool.topUps { here += max(0, topUp.users - seats) * topUp.price }
        sizes.append(seats)
        visit(p + 1, cost: cost + here, storage: storage + seats * pool.storagePerSeat)
        sizes.removeLast()
      }
    }
    visit(0, cost: fixed, storage: namedStorage)
    guard let bestCents else { return nil }
    var chosenPools: [TierID: Int] = [:]
    for (pool, seats) in zip(pools, bestSizes) { chosenPools[pool.tier] = seats }
    return Solution(monthlyCents: bestCents, choices: picked, pools: chosenPools)
  }

  func storagePerSeat(_ tier: TierID, _ model: LicensingModel) -> Int {
    catalog.tiers.first { $0.id == tier }?.licenses[model]?.storageGB ?? 0
  }

  private func accountCents() -> Int {
    var total = 0
    for addOn in catalog.addOns {
      switch addOn.basis {
      case .perAccount, .perUnit: total += (deal.accountAddOns[addOn.id] ?? 0) * price(.addOn(addOn.id))
      default: break
      }
    }
    return total
  }

  /// What the rules make the account buy, SKU by SKU, for an assignment and pool sizes; nil when they
  /// break a rule (a pool below its summed peak, a pool on a tier no group is on concurrently, mixed
  /// models where mixing is not allowed, storage that cannot be met).
  func purchase(_ picked: [Choice], pools: [TierID: Int]) -> Purchase? {
    if !mixingAllowed && Set(picked.map(\.model)).count > 1 { return nil }
    var quantities: [SKU: Int] = [:]
    let used = concurrentTiers(picked)
    for (tier, seats) in pools where seats > 0 && !used.contains(tier) { return nil }
    for tier in used {
      let seats = pools[tier] ?? 0
      let peaks = picked.indices.filter { picked[$0].tier == tier && picked[$0].model == .concurrent }
        .reduce(0) { $0 + deal.groups[$1].peakConcurrent }
      if seats < peaks { return nil }
      quantities[.license(tier, .concurrent), default: 0] += seats
      for (addOn, users) in seatCoveredUsers(picked, tier, .concurrent) {
        quantities[.addOn(addOn), default: 0] += max(0, users - seats)
      }
    }
    var namedSeats: [TierID: Int] = [:]
    var storage = 0
    for (g, choice) in picked.enumerated() {
      let agents = deal.groups[g].agents
      if choice.model == .named {
        quantities[.license(choice.tier, .named), default: 0] += agents
        namedSeats[choice.tier, default: 0] += agents
        storage += agents * storagePerSeat(choice.tier, .named)
      }
      for addOn in choice.direct { quantities[.addOn(addOn), default: 0] += agents }
    }
    for (tier, seats) in namedSeats {
      for (addOn, users) in seatCoveredUsers(picked, tier, .named) {
        quantities[.addOn(addOn), default: 0] += max(0, users - seats)
      }
    }
    for tier in used { storage += (pools[tier] ?? 0) * storagePerSeat(tier, .concurrent) }
    if deal.storageGB > storage {
      guard let block = storageBlock else { return nil }
      quantities[block.sku] = ceilDiv(deal.storageGB - storage, block.blockGB)
    }
    for addOn in catalog.addOns {
      switch addOn.basis {
      case .perAccount, .perUnit:
        if let quantity = deal.accountAddOns[addOn.id], quantity > 0 { quantities[.addOn(addOn.id)] = quantity }
      default: break
      }
    }
    quantities = quantities.filter { $0.value > 0 }
    let total = quantities.reduce(0) { $0 + $1.value * price($1.key) }
    return Purchase(quantities: quantities, monthlyCents: total)
  }
}

/// The reference's own pricing, against prices worked out by hand from the documented rules.
@Suite struct BruteForceReferencePricingTests {
  @Test func overlayRulesByHand() {
    let none = PricingOverlay()
    #expect(BruteForceReference.unitCents(listPrice: 149, skuID: "premium-concurrent", pricing: none) == 14_900)
    // 15% off 149.00 is 126.65 exactly; 10.5% off 105.00 is 93.975, rounded half up to 93.98.
    let overall = PricingOverlay(discountPercent: 15)
    #expect(BruteForceReference.unitCents(listPrice: 149, skuID: "premium-concurrent", pricing: overall) == 12_665)
    let tenAndAHalf = PricingOverlay(discountPercent: Decimal(string: "10.5")!)
    #expect(
      BruteForceReference.unitCents(listPrice: 105, skuID: "essentials-concurrent", pricing: tenAndAHalf) == 9_398)
    // 33.3% off 0.10 is 0.0667, 7 cents; a list price of 12.3456 off 50% is 6.1728, 6.17.
    let third = PricingOverlay(discountPercent: Decimal(string: "33.3")!)
    #expect(BruteForceReference.unitCents(listPrice: Decimal(string: "0.10")!, skuID: "wfm", pricing: third) == 7)
    let half = PricingOverlay(discountPercent: 50)
    #expect(BruteForceReference.unitCents(listPrice: Decimal(string: "12.3456")!, skuID: "wfm", pricing: half) == 617)
    // A SKU's own discount replaces the overall one, even when it is 0; a negotiated price beats both.
    let mixed = PricingOverlay(
      discountPercent: 15, skuDiscounts: ["elite-named": 25, "wfm": 0], unitPrices: ["elite-named": 99])
    #expect(BruteForceReference.unitCents(listPrice: 149, skuID: "elite-named", pricing: mixed) == 9_900)
    #expect(BruteForceReference.unitCents(listPrice: 20, skuID: "wfm", pricing: mixed) == 2_000)
    #expect(BruteForceReference.unitCents(listPrice: 20, skuID: "qm", pricing: mixed) == 1_700)
    let own = PricingOverlay(discountPercent: 15, skuDiscounts: ["elite-named": 25])
    #expect(BruteForceReference.unitCents(listPrice: 149, skuID: "elite-named", pricing: own) == 11_175)
  }
}
