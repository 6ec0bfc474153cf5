import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// A fictional vendor's catalog (Fixtures/catalogs/acme-contact.yaml) loads and optimizes with no
/// code that knows about it: other tiers, terms and currency, a tier sold named only, mixing
/// allowed, a per-user add-on included with Pro concurrent up to its seats, per-unit and storage
/// add-ons.
///
/// The deal (Fixtures/acme-small-deal.yaml), priced by hand, per month, yearly term:
/// - Phones, 20 agents, peak 15, need analytics (an add-on on Basic, €12; included with Pro named,
///   and with Pro concurrent up to its seats):
///   Basic named 20 × (40 + 12) = 1040; Pro named 20 × 60 = 1200; Pro concurrent 15 × 90 + 5 × 12 = 1410.
/// - Email desk, 10 agents, peak 6, need email (Pro only) and analytics:
///   Pro named 10 × 60 = 600; Pro concurrent 6 × 90 + 4 × 12 = 588.
/// - Storage: 300 GB needed; Basic named includes 5 GB a license, Pro named 10, Pro concurrent 20 a
///   seat; the archive sells 50 GB blocks at €4. 3 SMS bundles at €8 = 24.
///
/// Basic named + Pro concurrent: 1040 + 588 = 1628; storage 100 + 120 = 220, 2 blocks = 8; total 1660.
/// Basic named + Pro named: 1640; storage 200, 2 blocks; total 1672. Both on Pro concurrent: pool
/// 21 × 90 + 9 × 12 = 1998, storage covered; total 2022. Pro named for both: 1800 + 24 = 1824.
@Suite struct VendorNeutralTests {
  static let catalogFile = repositoryFile("Tests/SeatMixTests/Fixtures/catalogs/acme-contact.yaml")
  static let dealFile = repositoryFile("Tests/SeatMixTests/Fixtures/acme-small-deal.yaml")

  static let deal = Deal(
    name: "Acme small deal", catalog: "acme-contact",
    groups: [
      AgentGroup(
        name: "Phones", agents: 20, peakConcurrent: 15, features: [FeatureID("voice"), FeatureID("analytics")]),
      AgentGroup(
        name: "Email desk", agents: 10, peakConcurrent: 6, features: [FeatureID("email"), FeatureID("analytics")]),
    ],
    accountAddOns: [AddOnID("sms-bundle"): 3], storageGB: 300)

  @Test func catalogLoadsCleanly() throws {
    #expect(CatalogLoader.diagnostics(file: Self.catalogFile).isEmpty)
    let catalog = try CatalogLoader.load(file: Self.catalogFile)
    #expect(catalog.id == "acme-contact")
    #expect(catalog.currency == "EUR")
    #expect(catalog.mixing == .allowed)
    #expect(catalog.defaultTerm == TermID("yearly"))
    #expect(catalog.terms.map(\.months) == [12, 24])
    #expect(
      catalog.skus.map(\.id) == [
        "basic-named", "pro-named", "pro-concurrent", "speech-analytics", "sms-bundle", "priority-support",
        "archive",
      ])
    #expect(catalog.listPrice(of: .license(TierID("pro"), .concurrent), term: TermID("yearly"))?.isEstimate == true)
  }

  @Test func dealFileNamesTheCatalogByPathAndReadsAsWritten() throws {
    let loaded = try DealLoader.load(file: Self.dealFile)
    #expect(loaded.catalog.id == "acme-contact")
    #expect(loaded.warnings.isEmpty)
    var expected = Self.deal
    expected.catalog = "catalogs/acme-contact.yaml"
    expected.file = Self.dealFile
    #expect(loaded.deal == expected)
  }

  @Test func optimumMixesBasicNamedWithProConcurrent() throws {
    let catalog = try CatalogLoader.load(file: Self.catalogFile)
    let analysis = try Optimizer(solver: GLPKSolver()).analyze(Self.deal, catalog: catalog)
    let plan = try #require(analysis.plan)
    #expect(plan.status == .optimal)
    #expect(plan.monthlyTotal == 1660)
    #expect(plan.termTotal == 19_920)
    #expect(
      plan.assignments.map { "\($0.group): \($0.tier) \($0.model.rawValue)" } == [
        "Phones: basic named", "Email desk: pro concurrent",
      ])
    #expect(plan.quantity(of: .license(TierID("basic"), .named)) == 20)
    #expect(plan.quantity(of: .license(TierID("pro"), .concurrent)) == 6)
    #expect(plan.quantity(of: .license(TierID("pro"), .named)) == 0)
    // 20 for Phones on Basic, and 4 Email desk users beyond Pro concurrent's 6 seats.
    #expect(plan.quantity(of: .addOn(AddOnID("speech-analytics"))) == 24)
    #expect(plan.quantity(of: .addOn(AddOnID("sms-bundle"))) == 3)
    #expect(plan.quantity(of: .addOn(AddOnID("archive"))) == 2)
    let singles = Dictionary(
      uniqueKeysWithValues: analysis.singlePlans.map { ("\($0.tier)-\($0.model.rawValue)", $0.plan?.monthlyTotal) })
    #expect(singles == ["basic-named": nil, "pro-named": 1824, "pro-concurrent": 2022])
    #expect(PlanRenderer.render(analysis, as: .table).contains("€1,660.00"))
  }

  @Test func withoutMixingEveryoneIsNamed() throws {
    var deal = Self.deal
    deal.allowMixing = false
    let plan = try #require(
      try Optimizer(solver: GLPKSolver()).analyze(deal, catalog: CatalogLoader.load(file: Self.catalogFile)).plan)
    #expect(plan.monthlyTotal == 1672)
    #expect(plan.licensingModels == [.named])
    #expect(plan.quantity(of: .license(TierID("pro"), .named)) == 10)
    #expect(plan.quantity(of: .addOn(AddOnID("speech-analytics"))) == 20)
  }

  @Test func concurrentOnlyPutsBothGroupsInOneProPool() throws {
    var deal = Self.deal
    deal.licensing = .concurrent
    let plan = try #require(
      try Optimizer(solver: GLPKSolver()).analyze(deal, catalog: CatalogLoader.load(file: Self.catalogFile)).plan)
    #expect(plan.monthlyTotal == 2022)
    #expect(plan.quantity(of: .license(TierID("pro"), .concurrent)) == 21)
    #expect(plan.quantity(of: .addOn(AddOnID("speech-analytics"))) == 9)
    #expect(plan.quantity(of: .addOn(AddOnID("archive"))) == 0)
  }

  /// Biennial prices: Basic 36, Pro named 54, Pro concurrent 81, analytics 10, SMS 7, archive 4.
  /// Basic named 20 × 46 = 920; Pro concurrent 6 × 81 + 4 × 10 = 526 (Pro named 540); + 8 + 21.
  @Test func biennialTermUsesItsPricesAndMonths() throws {
    var deal = Self.deal
    deal.term = TermID("biennial")
    let plan = try #require(
      try Optimizer(solver: GLPKSolver()).analyze(deal, catalog: CatalogLoader.load(file: Self.catalogFile)).plan)
    #expect(plan.monthlyTotal == 1475)
    #expect(plan.termMonths == 24)
    #expect(plan.termTotal == 35_400)
  }
}
