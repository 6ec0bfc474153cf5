import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// One small deal per licensing rule, with the answer worked out by hand against the Zoom catalog's
/// list prices. Annual prices per month: Essentials named 69, concurrent 105 (10 and 15 GB per
/// seat); Premium named 99, concurrent 149 (20 and 30 GB); Elite named 149, concurrent 225 (30 and
/// 45 GB); WFM 25, QM 20, AI Expert Assist 19; Virtual Agent 1000 per account; toll-free number 10,
/// global number 15; extra storage 5 per 100 GB block. Monthly billing: Essentials named 85.
///
/// Every hand answer is checked against the optimizer and against the brute-force reference.
@Suite struct RuleTests {
  let zoom: Catalog

  init() throws {
    zoom = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
  }

  func makeDeal(
    _ groups: [AgentGroup], term: TermID? = nil, licensing: LicensingChoice = .any, allowMixing: Bool? = nil,
    account: [AddOnID: Int] = [:], storageGB: Int = 0, pricing: PricingOverlay = PricingOverlay()
  ) -> Deal {
    Deal(
      name: "rule", catalog: "zoom-contact-center", term: term, licensing: licensing, allowMixing: allowMixing,
      groups: groups, accountAddOns: account, storageGB: storageGB, pricing: pricing)
  }

  /// The optimum, after checking it is proven and that the reference finds the same hand total.
  func optimum(_ deal: Deal, catalog: Catalog? = nil, costs monthly: Decimal) throws -> Plan {
    let catalog = catalog ?? zoom
    let plan = try #require(try Optimizer(solver: GLPKSolver()).analyze(deal, catalog: catalog).plan)
    #expect(plan.status == .optimal)
    #expect(plan.monthlyTotal == monthly)
    #expect(BruteForceReference(deal: deal, catalog: catalog).minimum()?.monthly == monthly)
    return plan
  }

  func assignment(_ plan: Plan, _ group: String) -> String? {
    plan.assignments.first { $0.group == group }.map { "\($0.tier)-\($0.model)" }
  }

  static let essentialsNamed = SKU.license(TierID("essentials"), .named)
  static let essentialsConcurrent = SKU.license(TierID("essentials"), .concurrent)
  static let premiumNamed = SKU.license(TierID("premium"), .named)
  static let premiumConcurrent = SKU.license(TierID("premium"), .concurrent)
  static let eliteNamed = SKU.license(TierID("elite"), .named)
  static let eliteConcurrent = SKU.license(TierID("elite"), .concurrent)
  static let wfm = SKU.addOn(AddOnID("wfm"))
  static let qm = SKU.addOn(AddOnID("qm"))
  static let expertAssist = SKU.addOn(AddOnID("ai-expert-assist"))
  static let storage = SKU.addOn(AddOnID("cloud-storage"))

  // MARK: Rule 1: one tier license per user; a group wholly on one tier and model.

  @Test func everyUserHoldsOneTierLicenseAndEachGroupOneTier() throws {
    // Voice (5 agents, all signed in): Essentials named 5 × 69 = 345 (concurrent 5 × 105 = 525).
    // Email (3 agents, all signed in) needs email, which Essentials lacks: Premium named 3 × 99 = 297.
    // All concurrent would be 525 + 3 × 149 = 972. Optimum 345 + 297 = 642, 8 licenses for 8 users.
    let deal = makeDeal([
      AgentGroup(name: "Voice", agents: 5, features: [FeatureID("voice")]),
      AgentGroup(name: "Email", agents: 3, features: [FeatureID("voice"), FeatureID("email")]),
    ])
    let plan = try optimum(deal, costs: 642)
    #expect(plan.assignments.count == 2)
    #expect(assignment(plan, "Voice") == "essentials-named")
    #expect(assignment(plan, "Email") == "premium-named")
    #expect(plan.quantity(of: Self.essentialsNamed) == 5)
    #expect(plan.quantity(of: Self.premiumNamed) == 3)
    let licenses = plan.lineItems.filter { if case .license = $0.sku { true } else { false } }
    #expect(licenses.reduce(0) { $0 + $1.quantity } == 8)
    #expect(licenses.allSatisfy { $0.groups.count == 1 })
  }

  // MARK: Rule 2: named licenses, one per user.

  @Test func namedLicensesAreOnePerUserWhateverThePeak() throws {
    // 7 agents, only 2 signed in at once, but the deal is named: 7 × 69 = 483 a month, 5,796 a year.
    let deal = makeDeal(
      [AgentGroup(name: "Agents", agents: 7, peakConcurrent: 2, features: [FeatureID("voice"), FeatureID("chat")])],
      licensing: .named)
    let plan = try optimum(deal, costs: 483)
    #expect(plan.quantity(of: Self.essentialsNamed) == 7)
    #expect(plan.termTotal == 5796)
  }

  // MARK: Rule 3: concurrent licenses, a pool per tier sized to the summed peaks.

  @Test func concurrentPoolCoversTheSummedPeaksOfItsGroups() throws {
    // Both groups fit Essentials. Named: 18 × 69 = 1,242. Concurrent: one Essentials pool of
    // 3 + 2 = 5 seats, 5 × 105 = 525 (Premium's pool would be 5 × 149 = 745). Optimum 525.
    let deal = makeDeal([
      AgentGroup(name: "Day", agents: 10, peakConcurrent: 3, features: [FeatureID("voice")]),
      AgentGroup(name: "Night", agents: 8, peakConcurrent: 2, features: [FeatureID("voice"), FeatureID("sms")]),
    ])
    let plan = try optimum(deal, costs: 525)
    #expect(plan.quantity(of: Self.essentialsConcurrent) == 5)
    #expect(plan.quantity(of: Self.essentialsNamed) == 0)
    let pool = try #require(plan.lineItems.first { $0.sku == Self.essentialsConcurrent })
    #expect(pool.groups.map(\.group) == ["Day", "Night"])
    #expect(pool.groups.map(\.quantity) == [3, 2])
  }

  // MARK: Rule 4: every feature covered by the tier or an add-on sold (or included) on it.

  @Test func aTierThatLacksAFeatureNoAddOnProvidesIsRuledOut() throws {
    // Email is in neither Essentials nor any add-on: held to Essentials, no plan; free, Premium
    // named 2 × 99 = 198.
    let held = makeDeal([
      AgentGroup(
        name: "Email", agents: 2, features: [FeatureID("voice"), FeatureID("email")], tier: TierID("essentials"))
    ])
    let analysis = try Optimizer(solver: GLPKSolver()).analyze(held, catalog: zoom)
    guard case .infeasible = analysis.outcome else {
      Issue.record("expected no plan, got \(String(describing: analysis.plan?.monthlyTotal))")
      return
    }
    #expect(BruteForceReference(deal: held, catalog: zoom).minimum() == nil)

    let free = makeDeal([AgentGroup(name: "Email", agents: 2, features: [FeatureID("voice"), FeatureID("email")])])
    let plan = try optimum(free, costs: 198)
    #expect(assignment(plan, "Email") == "premium-named")
  }

  @Test func addOnsFillATiersGapsAndEliteIncludesThem() throws {
    // 4 agents need WFM and QM, named: Essentials 4 × (69 + 25 + 20) = 456; Premium
    // 4 × (99 + 25 + 20) = 576; Elite includes both: 4 × 149 = 596. Optimum Essentials, 4 WFM, 4 QM.
    let deal = makeDeal(
      [AgentGroup(name: "Team", agents: 4, features: [FeatureID("voice"), FeatureID("wfm"), FeatureID("qm")])],
      licensing: .named)
    let plan = try optimum(deal, costs: 456)
    #expect(plan.quantity(of: Self.essentialsNamed) == 4)
    #expect(plan.quantity(of: Self.wfm) == 4)
    #expect(plan.quantity(of: Self.qm) == 4)

    let analysis = try Optimizer(solver: GLPKSolver()).analyze(deal, catalog: zoom)
    let singles = analysis.singlePlans.map { "\($0.tier)-\($0.model)" }
    #expect(singles == ["essentials-named", "premium-named", "elite-named"])
    let premium = try #require(analysis.singlePlans.first { $0.tier == TierID("premium") }?.plan)
    #expect(premium.monthlyTotal == 576)
    let elite = try #require(analysis.singlePlans.first { $0.tier == TierID("elite") }?.plan)
    #expect(elite.monthlyTotal == 596)
    #expect(elite.quantity(of: Self.wfm) == 0 && elite.quantity(of: Self.qm) == 0)
  }

  @Test func expertAssistIsNotSoldOnEliteButComesWithIt() throws {
    // Held to Elite, named: 2 × 149 = 298 and no AI Expert Assist licenses.
    let deal = makeDeal(
      [
        AgentGroup(
          name: "Experts", agents: 2, features: [FeatureID("voice"), FeatureID("ai-expert-assist")],
          tier: TierID("elite"))
      ], licensing: .named)
    let plan = try optimum(deal, costs: 298)
    #expect(plan.quantity(of: Self.eliteNamed) == 2)
    #expect(plan.quantity(of: Self.expertAssist) == 0)
  }

  // MARK: Rule 5: per-user add-ons for every user who needs them, whatever the model.

  @Test func perUserAddOnsCountUsersNotConcurrentSeats() throws {
    // 10 agents, peak 2, need AI Expert Assist, concurrent: Essentials 2 × 105 + 10 × 19 = 400;
    // Premium 2 × 149 + 190 = 488; Elite includes it: 2 × 225 = 450. Optimum 400 with 10 add-ons.
    let deal = makeDeal(
      [
        AgentGroup(
          name: "Agents", agents: 10, peakConcurrent: 2, features: [FeatureID("voice"), FeatureID("ai-expert-assist")])
      ], licensing: .concurrent)
    let plan = try optimum(deal, costs: 400)
    #expect(plan.quantity(of: Self.essentialsConcurrent) == 2)
    #expect(plan.quantity(of: Self.expertAssist) == 10)
  }

  // MARK: Rule 6: Elite concurrent covers WFM and QM per seat, pooled across its groups.

  static let eliteGroups = [
    AgentGroup(
      name: "Sales", agents: 30, peakConcurrent: 10,
      features: [FeatureID("voice"), FeatureID("wfm"), FeatureID("qm"), FeatureID("ai-expert-assist")],
      tier: TierID("elite")),
    AgentGroup(
      name: "Support", agents: 20, peakConcurrent: 5, features: [FeatureID("voice"), FeatureID("wfm")],
      tier: TierID("elite")),
  ]

  @Test func eliteConcurrentSeatsCoverWFMAndQMAcrossThePool() throws {
    // One Elite pool, at least 10 + 5 = 15 seats. 50 users need WFM, 30 need QM. With p seats:
    // 225p + 25 × max(0, 50 − p) + 20 × max(0, 30 − p); from 15 to 30 each seat adds 225 − 45 > 0,
    // so p = 15: 3,375 + 35 × 25 + 15 × 20 = 4,550. AI Expert Assist needs nothing.
    let deal = makeDeal(Self.eliteGroups, licensing: .concurrent)
    let plan = try optimum(deal, costs: 4550)
    #expect(plan.quantity(of: Self.eliteConcurrent) == 15)
    #expect(plan.quantity(of: Self.wfm) == 35)
    #expect(plan.quantity(of: Self.qm) == 15)
    #expect(plan.quantity(of: Self.expertAssist) == 0)
  }

  @Test func extraEliteSeatsBeatTopUpsWhenTheyCostLess() throws {
    // The same groups with Elite concurrent negotiated at 40: from 15 to 30 seats each seat saves
    // 45 − 40; from 30 to 50 it saves only 25. So p = 30: 1,200 + 20 × 25 + 0 = 1,700
    // (at 15 seats: 600 + 875 + 300 = 1,775).
    let deal = makeDeal(
      Self.eliteGroups, licensing: .concurrent, pricing: PricingOverlay(unitPrices: ["elite-concurrent": 40]))
    let plan = try optimum(deal, costs: 1700)
    #expect(plan.quantity(of: Self.eliteConcurrent) == 30)
    #expect(plan.quantity(of: Self.wfm) == 20)
    #expect(plan.quantity(of: Self.qm) == 0)
  }

  // MARK: Rule 7: per-account and per-unit add-ons in the quantity asked for.

  @Test func accountAddOnsAreBoughtAsAsked() throws {
    // One agent, Essentials named 69; Virtual Agent 1000; 4 toll-free numbers 40; 2 global numbers
    // 30. Total 1,139.
    let deal = makeDeal(
      [AgentGroup(name: "Solo", agents: 1, features: [FeatureID("voice")])], licensing: .named,
      account: [AddOnID("virtual-agent"): 1, AddOnID("toll-free-number"): 4, AddOnID("global-number"): 2])
    let plan = try optimum(deal, costs: 1139)
    #expect(plan.quantity(of: .addOn(AddOnID("virtual-agent"))) == 1)
    #expect(plan.quantity(of: .addOn(AddOnID("toll-free-number"))) == 4)
    #expect(plan.quantity(of: .addOn(AddOnID("global-number"))) == 2)
  }

  // MARK: Rule 8: included storage per license; blocks only beyond it.

  @Test func storageBeyondWhatLicensesIncludeBuysBlocks() throws {
    // 5 agents named on Essentials include 5 × 10 = 50 GB. Needing 260 GB: 210 more, 3 blocks of
    // 100 GB, 15; total 345 + 15 = 360 (Premium: 495 + 2 blocks = 505). Needing 50 GB: no block,
    // 345. Needing 51 GB: one block, 350.
    let group = AgentGroup(name: "Agents", agents: 5, features: [FeatureID("voice")])
    let plan = try optimum(makeDeal([group], licensing: .named, storageGB: 260), costs: 360)
    #expect(plan.quantity(of: Self.essentialsNamed) == 5)
    #expect(plan.quantity(of: Self.storage) == 3)
    let within = try optimum(makeDeal([group], licensing: .named, storageGB: 50), costs: 345)
    #expect(within.quantity(of: Self.storage) == 0)
    let beyond = try optimum(makeDeal([group], licensing: .named, storageGB: 51), costs: 350)
    #expect(beyond.quantity(of: Self.storage) == 1)
  }

  @Test func concurrentSeatsBeyondThePeakCanBeatStorageBlocks() throws {
    // Held to Essentials concurrent, peak 2, 100 GB needed, blocks negotiated at 1000. Each seat
    // includes 15 GB. 2 seats: 210 + one block 1000 = 1,210; 3 to 6 seats still need a block;
    // 7 seats hold 105 GB: 735, no block.
    let deal = makeDeal(
      [
        AgentGroup(
          name: "Agents", agents: 5, peakConcurrent: 2, features: [FeatureID("voice")], tier: TierID("essentials"))
      ],
      licensing: .concurrent, storageGB: 100, pricing: PricingOverlay(unitPrices: ["cloud-storage": 1000]))
    let plan = try optimum(deal, costs: 735)
    #expect(plan.quantity(of: Self.essentialsConcurrent) == 7)
    #expect(plan.quantity(of: Self.storage) == 0)
  }

  @Test(arguments: [nil, true])
  func concurrentSeatsAreBoughtOnlyForATierAGroupIsOn(allowMixing: Bool?) throws {
    // 5 agents, all signed in, need 110 GB; blocks negotiated at 1000 per 100 GB.
    // Essentials named 345 (50 GB) + 1 block = 1,345; Premium named 495 (100 GB) + 1 block = 1,495;
    // Elite named 745 (150 GB); Essentials pool of 8 (120 GB) = 840; Premium pool of 5 (150 GB)
    // = 745; Elite pool of 5 = 1,125. Optimum 745.
    // Not a plan: Premium named plus one Essentials concurrent seat that no user holds, bought for
    // its 15 GB (495 + 105 = 600), with or without mixing.
    let deal = makeDeal(
      [AgentGroup(name: "Agents", agents: 5, features: [FeatureID("voice")])], allowMixing: allowMixing,
      storageGB: 110, pricing: PricingOverlay(unitPrices: ["cloud-storage": 1000]))
    let plan = try optimum(deal, costs: 745)
    for tier in zoom.tiers where plan.quantity(of: .license(tier.id, .concurrent)) > 0 {
      #expect(plan.assignments.contains { $0.tier == tier.id && $0.model == .concurrent })
    }
    #expect(plan.quantity(of: Self.storage) == 0)
  }

  // MARK: Rule 9: one licensing model per account unless mixing is allowed.

  @Test func theMixingRuleDecidesWhetherGroupsMayDifferInModel() throws {
    // Floaters (10 agents, peak 2): Essentials concurrent 210 beats named 690.
    // Desk (5 agents, all signed in): named 345 beats concurrent 525.
    // Mixed: 210 + 345 = 555. One model: all named 1,035; all concurrent, one pool of 7, 735.
    let groups = [
      AgentGroup(name: "Floaters", agents: 10, peakConcurrent: 2, features: [FeatureID("voice")]),
      AgentGroup(name: "Desk", agents: 5, features: [FeatureID("voice")]),
    ]
    let oneModel = try optimum(makeDeal(groups), costs: 735)
    #expect(oneModel.quantity(of: Self.essentialsConcurrent) == 7)
    #expect(oneModel.quantity(of: Self.essentialsNamed) == 0)

    let mixed = try optimum(makeDeal(groups, allowMixing: true), costs: 555)
    #expect(mixed.quantity(of: Self.essentialsConcurrent) == 2)
    #expect(mixed.quantity(of: Self.essentialsNamed) == 5)

    var mixingCatalog = zoom
    mixingCatalog.mixing = .allowed
    _ = try optimum(makeDeal(groups), catalog: mixingCatalog, costs: 555)
    _ = try optimum(makeDeal(groups, allowMixing: false), catalog: mixingCatalog, costs: 735)
  }

  // MARK: Rule 10: the deal's billing term; term total = monthly × months.

  @Test func theBillingTermPicksPricesAndTotals() throws {
    // 3 agents on Essentials named: annual 3 × 69 = 207 a month, 207 × 12 = 2,484 a term;
    // monthly 3 × 85 = 255 a month and a term. No term: the catalog's default, annual.
    let groups = [AgentGroup(name: "Agents", agents: 3, features: [FeatureID("voice")])]
    let annual = try optimum(makeDeal(groups, term: TermID("annual"), licensing: .named), costs: 207)
    #expect(annual.termMonths == 12)
    #expect(annual.termTotal == 2484)
    let monthly = try optimum(makeDeal(groups, term: TermID("monthly"), licensing: .named), costs: 255)
    #expect(monthly.termMonths == 1)
    #expect(monthly.termTotal == 255)
    let byDefault = try optimum(makeDeal(groups, licensing: .named), costs: 207)
    #expect(byDefault.termTotal == 2484)
  }

  // MARK: Output

  @Test func theSameDealRendersByteIdenticalJSON() throws {
    let loaded = try DealLoader.load(file: repositoryFile("Examples/mixed-center.yaml"))
    let first = PlanRenderer.render(
      try Optimizer(solver: GLPKSolver()).analyze(loaded.deal, catalog: loaded.catalog), as: .json)
    let second = PlanRenderer.render(
      try Optimizer(solver: GLPKSolver()).analyze(loaded.deal, catalog: loaded.catalog), as: .json)
    #expect(!first.isEmpty)
    #expect(Array(first.utf8) == Array(second.utf8))
  }
}
