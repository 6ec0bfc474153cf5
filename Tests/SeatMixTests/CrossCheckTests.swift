import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// Seeded random deals, each solved by GLPK and by the brute-force reference: the optimum and every
/// single plan must cost exactly what the reference finds, and the plan must buy what the rules
/// make its own assignment and pools need.
@Suite struct CrossCheckTests {
  static let seeds: ClosedRange<UInt64> = 1...1000

  @Test func optimizerMatchesBruteForceOnRandomDeals() throws {
    let zoom = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    var tally = RegimeTally()
    var failedSeeds = 0
    for seed in Self.seeds {
      var random = SplitMix64(seed: seed)
      let (catalog, regime) = RandomDeals.catalog(from: zoom, &random)
      let deal = RandomDeals.deal(catalog, regime, &random)
      var problems = Problems()
      do {
        try check(deal, catalog, &problems, tally: &tally)
      } catch {
        problems.list.append("the optimizer threw \(error)")
      }
      #expect(
        problems.list.isEmpty,
        "\(problems.list.joined(separator: "\n"))\n\(RandomDeals.describe(seed: seed, deal: deal, catalog: catalog))")
      if !problems.list.isEmpty {
        failedSeeds += 1
        if failedSeeds == 10 { break }
      }
    }
    guard failedSeeds == 0 else { return }
    // The generator must reach every regime the cross-check is meant to cover.
    #expect(tally.infeasible >= 20, "\(tally)")
    #expect(tally.feasible >= 800, "\(tally)")
    #expect(tally.extraSeatsForTopUps >= 20, "\(tally)")
    #expect(tally.extraSeatsForStorage >= 20, "\(tally)")
    #expect(tally.storageBlocks >= 60, "\(tally)")
    #expect(tally.namedBeatsConcurrent >= 60, "\(tally)")
    #expect(tally.concurrentBeatsNamed >= 150, "\(tally)")
    #expect(tally.mixedModels >= 30, "\(tally)")
  }

  /// What went wrong with one deal, reported together with the deal.
  struct Problems {
    var list: [String] = []

    mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
      if !condition { list.append(message()) }
    }
  }

  private func check(
    _ deal: Deal, _ catalog: Catalog, _ problems: inout Problems, tally: inout RegimeTally
  ) throws {
    let reference = BruteForceReference(deal: deal, catalog: catalog)
    let analysis = try Optimizer(solver: GLPKSolver()).analyze(deal, catalog: catalog)
    let months = catalog.terms.first { $0.id == (deal.term ?? catalog.defaultTerm) }!.months

    if let best = reference.minimum() {
      tally.count(best, deal: deal, reference: reference)
      if let plan = analysis.plan {
        problems.expect(plan.status == .optimal, "optimum: status \(plan.status.description)")
        problems.expect(
          plan.monthlyTotal == best.monthly, "optimum: GLPK \(plan.monthlyTotal)/month, reference \(best.monthly)/month"
        )
        problems.expect(
          plan.termMonths == months && plan.termTotal == best.monthly * Decimal(months),
          "optimum: term total \(plan.termTotal) over \(plan.termMonths) months, reference \(best.monthly) × \(months)")
        let own = reference.purchase(best.choices, pools: best.pools)
        problems.expect(own?.monthlyCents == best.monthlyCents, "the reference disagrees with itself")
        checkPlanFollowsRules(plan, reference, "optimum", &problems)
      } else {
        problems.list.append("optimum: GLPK found no plan; the reference costs \(best.monthly)/month")
      }
    } else {
      tally.infeasible += 1
      switch analysis.outcome {
      case .infeasible: break
      case .planned(let plan):
        problems.list.append("optimum: GLPK found \(plan.monthlyTotal)/month; the reference finds no plan")
      case .noPlanFound(let limit):
        problems.list.append("optimum: the \(limit) stopped GLPK; the reference finds no plan")
      }
    }

    // Single plans: every tier under every model the deal allows and the tier is sold under.
    var expected: [String] = []
    for tier in catalog.tiers {
      for model in deal.licensing.models where tier.licenses[model] != nil { expected.append("\(tier.id)-\(model)") }
    }
    let singles = analysis.singlePlans.map { "\($0.tier)-\($0.model)" }
    problems.expect(singles == expected, "single plans \(singles), expected \(expected)")
    for single in analysis.singlePlans {
      let label = "single plan \(single.tier)-\(single.model)"
      let restricted = reference.minimum(restrictedTo: single.tier, single.model)
      problems.expect(
        single.plan?.monthlyTotal == restricted?.monthly,
        "\(label): GLPK \(single.plan?.monthlyTotal as Any), reference \(restricted?.monthly as Any)")
      if let plan = single.plan {
        problems.expect(plan.status == .optimal, "\(label): status \(plan.status.description)")
        problems.expect(
          plan.assignments.allSatisfy { $0.tier == single.tier && $0.model == single.model },
          "\(label): a group is on another tier or model")
        checkPlanFollowsRules(plan, reference, label, &problems)
      }
    }
  }

  /// The plan's own assignment and pool sizes, priced by the rules, give its quantities and total.
  private func checkPlanFollowsRules(
    _ plan: Plan, _ reference: BruteForceReference, _ label: String, _ problems: inout Problems
  ) {
    var picked: [BruteForceReference.Choice] = []
    for (g, assignment) in plan.assignments.enumerated() {
      let on = "\(label): group \(assignment.group) on \(assignment.tier)-\(assignment.model)"
      guard
        let choice = reference.choices[g].first(where: { $0.tier == assignment.tier && $0.model == assignment.model })
      else {
        problems.list.append("\(on), which the rules do not allow")
        return
      }
      problems.expect(Set(assignment.addOns) == choice.direct, "\(on): add-ons \(assignment.addOns)")
      problems.expect(
        Set(assignment.seatCoveredAddOns) == choice.seatCovered, "\(on): seat-covered \(assignment.seatCoveredAddOns)")
      problems.expect(
        Set(assignment.includedAddOns) == choice.included, "\(on): included \(assignment.includedAddOns)")
      picked.append(choice)
    }
    var pools: [TierID: Int] = [:]
    for tier in reference.catalog.tiers where tier.licenses[.concurrent] != nil {
      pools[tier.id] = plan.quantity(of: .license(tier.id, .concurrent))
    }
    guard let purchase = reference.purchase(picked, pools: pools) else {
      let seats = pools.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
      problems.list.append("\(label): the plan breaks a rule; concurrent seats [\(seats.joined(separator: ", "))]")
      return
    }
    let priced = Decimal(purchase.monthlyCents) / 100
    problems.expect(
      plan.monthlyTotal == priced, "\(label): costs \(plan.monthlyTotal), its quantities by the rules cost \(priced)")
    for sku in reference.catalog.skus {
      let bought = plan.quantity(of: sku)
      let needed = purchase.quantities[sku] ?? 0
      // A free SKU may be bought beyond need at no cost; any other quantity is exactly the need.
      problems.expect(
        reference.price(sku) == 0 ? bought >= needed : bought == needed,
        "\(label): \(sku) bought \(bought), the rules need \(needed)")
    }
  }
}

/// How many random deals landed in each regime, judged by the reference's optimum.
struct RegimeTally: CustomStringConvertible {
  var feasible = 0
  var infeasible = 0
  /// A pool above its peak with no storage need: seats beat WFM/QM top-ups.
  var extraSeatsForTopUps = 0
  /// A pool above both its peak and its seat-covered users: seats beat storage blocks.
  var extraSeatsForStorage = 0
  var storageBlocks = 0
  /// Licensing any, and the optimum is all named.
  var namedBeatsConcurrent = 0
  /// Licensing any, and the optimum is all concurrent.
  var concurrentBeatsNamed = 0
  var mixedModels = 0

  mutating func count(_ best: BruteForceReference.Solution, deal: Deal, reference: BruteForceReference) {
    feasible += 1
    for (tier, seats) in best.pools {
      let on = best.choices.indices.filter { best.choices[$0].tier == tier && best.choices[$0].model == .concurrent }
      let peaks = on.reduce(0) { $0 + deal.groups[$1].peakConcurrent }
      var users: [AddOnID: Int] = [:]
      for g in on {
        for addOn in best.choices[g].seatCovered { users[addOn, default: 0] += deal.groups[g].agents }
      }
      if seats > peaks && deal.storageGB == 0 { extraSeatsForTopUps += 1 }
      if seats > max(peaks, users.values.max() ?? 0) { extraSeatsForStorage += 1 }
    }
    if let purchase = reference.purchase(best.choices, pools: best.pools),
      purchase.quantities.keys.contains(where: { $0 == .addOn(AddOnID("cloud-storage")) })
    {
      storageBlocks += 1
    }
    let models = Set(best.choices.map(\.model))
    if deal.licensing == .any && models == [.named] { namedBeatsConcurrent += 1 }
    if deal.licensing == .any && models == [.concurrent] { concurrentBeatsNamed += 1 }
    if models.count > 1 { mixedModels += 1 }
  }

  var description: String {
    "feasible \(feasible), infeasible \(infeasible), extra seats for top-ups \(extraSeatsForTopUps), "
      + "extra seats for storage \(extraSeatsForStorage), storage blocks \(storageBlocks), "
      + "named beats concurrent \(namedBeatsConcurrent), concurrent beats named \(concurrentBeatsNamed), "
      + "mixed models \(mixedModels)"
  }
}

/// A small deterministic generator (SplitMix64), so every seed gives the same deal on every machine.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.count))
  }

  /// True with probability `percent` in 100.
  mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

  mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Random catalogs derived from the Zoom catalog, and random deals against them.
enum RandomDeals {
  enum Regime: CaseIterable {
    /// Zoom's prices as they are.
    case list
    /// Every price moved by up to 30%.
    case jitter
    /// Concurrent seats not much dearer than named ones, or cheaper.
    case cheapConcurrent
    /// Concurrent seats several times a named one.
    case dearConcurrent
    /// WFM, QM and AI Expert Assist expensive: extra Elite concurrent seats beat top-ups.
    case dearAddOns
    /// Storage blocks expensive and small: extra seats beat blocks.
    case dearStorage
    /// Any price from $1 to $300, any storage per seat.
    case wild
  }

  static func cents(_ random: inout SplitMix64, _ dollars: ClosedRange<Int>) -> Decimal {
    Decimal(random.int((dollars.lowerBound * 100)...(dollars.upperBound * 100))) / 100
  }

  static func scaled(_ amount: Decimal, _ random: inout SplitMix64, percent: ClosedRange<Int>) -> Decimal {
    Money.roundedToCents(amount * Decimal(random.int(percent)) / 100)
  }

  static func catalog(from zoom: Catalog, _ random: inout SplitMix64) -> (Catalog, Regime) {
    var catalog = zoom
    let regime = random.pick(Regime.allCases)
    let terms = catalog.terms.map(\.id)
    for t in catalog.tiers.indices {
      for model in LicensingModel.allCases {
        guard var license = catalog.tiers[t].licenses[model] else { continue }
        for term in terms {
          guard let price = license.prices[term] else { continue }
          let named = catalog.tiers[t].licenses[.named]?.prices[term]?.amount ?? price.amount
          var amount = price.amount
          switch (regime, model) {
          case (.dearAddOns, .concurrent) where catalog.tiers[t].id == TierID("elite"):
            amount = cents(&random, 40...200)
          case (.list, _), (.dearAddOns, _), (.dearStorage, _): break
          case (.jitter, _): amount = scaled(amount, &random, percent: 70...130)
          case (.cheapConcurrent, .concurrent): amount = scaled(named, &random, percent: 50...130)
          case (.dearConcurrent, .concurrent): amount = scaled(named, &random, percent: 200...500)
          case (.cheapConcurrent, .named), (.dearConcurrent, .named):
            amount = scaled(amount, &random, percent: 80...120)
          case (.wild, _): amount = cents(&random, 1...300)
          }
          license.prices[term] = Price(amount: amount, estimate: price.estimate)
        }
        if regime == .wild {
          license.storageGB = model == .named ? random.int(0...50) : random.int(10...50)
        }
        catalog.tiers[t].licenses[model] = license
      }
    }
    for a in catalog.addOns.indices {
      var addOn = catalog.addOns[a]
      for term in terms {
        guard let price = addOn.prices[term] else { continue }
        var amount = price.amount
        switch (regime, addOn.basis) {
        case (.list, _), (.cheapConcurrent, _), (.dearConcurrent, _): break
        case (.jitter, _): amount = scaled(amount, &random, percent: 70...130)
        case (.dearAddOns, .perUser): amount = cents(&random, 40...250)
        case (.dearAddOns, _): break
        case (.dearStorage, .storage): amount = cents(&random, 20...600)
        case (.dearStorage, _): break
        case (.wild, _): amount = cents(&random, 1...300)
        }
        addOn.prices[term] = Price(amount: amount, estimate: price.estimate)
      }
      if case .storage = addOn.basis, regime == .dearStorage || regime == .wild {
        addOn.basis = .storage(blockGB: random.pick([10, 25, 50, 100]))
      }
      catalog.addOns[a] = addOn
    }
    if random.chance(20) { catalog.mixing = .allowed }
    // Now and then a tier not sold under a model, or no extra storage for sale.
    if random.chance(10) {
      let t = random.int(0...(catalog.tiers.count - 1))
      catalog.tiers[t].licenses[random.pick(LicensingModel.allCases)] = nil
    }
    if random.chance(5) { catalog.addOns.removeAll { if case .storage = $0.basis { true } else { false } } }
    // Now and then a different reach for an inclusion: Elite's add-ons are generic catalog data.
    if random.chance(10) {
      let perUser = catalog.addOns.indices.filter {
        if case .perUser(_, _, let inclusions) = catalog.addOns[$0].basis { !inclusions.isEmpty } else { false }
      }
      let a = random.pick(perUser)
      if case .perUser(let provides, let availableOn, var inclusions) = catalog.addOns[a].basis {
        let i = random.int(0...(inclusions.count - 1))
        inclusions[i].coverage = random.pick([.allUsers, .seats])
        catalog.addOns[a].basis = .perUser(provides: provides, availableOn: availableOn, includedWith: inclusions)
      }
    }
    return (catalog, regime)
  }

  static func deal(_ catalog: Catalog, _ regime: Regime, _ random: inout SplitMix64) -> Deal {
    let premiumOnly: Set<String> = ["email", "social", "outbound-dialer", "cobrowse"]
    let addOnFeatures: Set<String> = ["wfm", "qm", "ai-expert-assist"]
    let groupCount = random.chance(10) ? 4 : random.int(1...3)
    var groups: [AgentGroup] = []
    for g in 0..<groupCount {
      let agents = random.int(0...15)
      let peak = random.int(0...agents)
      var features: [FeatureID] = []
      for feature in catalog.features {
        let percent =
          addOnFeatures.contains(feature.id.rawValue)
          ? (regime == .dearAddOns ? 70 : 40) : premiumOnly.contains(feature.id.rawValue) ? 12 : 20
        if random.chance(percent) { features.append(feature.id) }
      }
      let tier = random.chance(15) ? random.pick(catalog.tiers).id : nil
      groups.append(
        AgentGroup(name: "G\(g + 1)", agents: agents, peakConcurrent: peak, features: features, tier: tier))
    }
    let licensing: LicensingChoice = random.chance(50) ? .any : random.pick([.named, .concurrent])
    let allowMixing: Bool? = random.chance(40) ? nil : random.chance(50)
    let term: TermID? = random.chance(30) ? nil : random.pick(catalog.terms).id
    // Storage stays small enough that the reference's pool vectors stay few.
    let storage = random.chance(regime == .dearStorage ? 90 : 40) ? random.int(1...400) : 0
    var account: [AddOnID: Int] = [:]
    if random.chance(30) { account[AddOnID("virtual-agent")] = 1 }
    if random.chance(30) { account[AddOnID("toll-free-number")] = random.int(0...5) }
    if random.chance(20) { account[AddOnID("global-number")] = random.int(1...3) }
    var pricing = PricingOverlay()
    if random.chance(35) {
      let skus = catalog.skus.map(\.id)
      if random.chance(60) { pricing.discountPercent = Decimal(random.int(0...400)) / 10 }
      if random.chance(50) {
        for _ in 0..<random.int(1...3) { pricing.skuDiscounts[random.pick(skus)] = Decimal(random.int(0...100)) }
      }
      if random.chance(50) {
        for _ in 0..<random.int(1...2) { pricing.unitPrices[random.pick(skus)] = cents(&random, 0...300) }
      }
    }
    return Deal(
      name: "random", catalog: catalog.id, term: term, licensing: licensing, allowMixing: allowMixing,
      groups: groups, accountAddOns: account, storageGB: storage, pricing: pricing)
  }

  /// The deal and the catalog's prices and storage, enough to rebuild a failing case by hand.
  static func describe(seed: UInt64, deal: Deal, catalog: Catalog) -> String {
    var lines = ["seed \(seed):"]
    lines.append(
      "  deal: term \(deal.term?.rawValue ?? "default") licensing \(deal.licensing.rawValue) "
        + "allow_mixing \(deal.allowMixing.map { "\($0)" } ?? "default") storage_gb \(deal.storageGB)")
    for group in deal.groups {
      lines.append(
        "  group \(group.name): agents \(group.agents) peak \(group.peakConcurrent) tier \(group.tier?.rawValue ?? "any") "
          + "features [\(group.features.map(\.rawValue).joined(separator: ", "))]")
    }
    let account = deal.accountAddOns.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
    lines.append("  account: [\(account.joined(separator: ", "))]")
    if !deal.pricing.isEmpty {
      let skuDiscounts = deal.pricing.skuDiscounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)%" }
      let unitPrices = deal.pricing.unitPrices.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
      lines.append(
        "  pricing: discount \(deal.pricing.discountPercent)% sku_discounts [\(skuDiscounts.joined(separator: ", "))] "
          + "unit_prices [\(unitPrices.joined(separator: ", "))]")
    }
    let reference = BruteForceReference(deal: deal, catalog: catalog)
    let prices = catalog.skus.map { "\($0) \(reference.price($0))" }
    lines.append(
      "  catalog: mixing \(catalog.mixing.rawValue); unit prices in cents: \(prices.joined(separator: ", "))")
    var storage: [String] = []
    for tier in catalog.tiers {
      for model in LicensingModel.allCases {
        if let license = tier.licenses[model] { storage.append("\(tier.id)-\(model) \(license.storageGB)") }
      }
    }
    if let block = catalog.storageAddOn, case .storage(let blockGB) = block.basis {
      storage.append("block \(blockGB)")
    }
    lines.append("  storage GB per seat: \(storage.joined(separator: ", "))")
    for addOn in catalog.addOns {
      if case .perUser(_, let availableOn, let inclusions) = addOn.basis {
        let included = inclusions.map { "\($0.tier)-\($0.model) \($0.coverage.rawValue)" }
        lines.append(
          "  \(addOn.id): on [\(availableOn.sorted().map(\.rawValue).joined(separator: ", "))] "
            + "included [\(included.joined(separator: ", "))]")
      }
    }
    return lines.joined(separator: "\n")
  }
}
