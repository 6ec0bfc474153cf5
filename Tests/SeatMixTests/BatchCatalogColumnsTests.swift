import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// The batch is vendor-neutral (issue 9, item 4): account columns are the scenario's catalog's
/// add-on ids or aliases, `discount_pct_<sku>` and `price_<sku>` mirror a deal's `pricing:`, and
/// `allow_mixing` and an empty `features` cell read as in a deal file. The fictional Acme catalog
/// (Fixtures/catalogs/acme-contact.yaml) has its own per-unit and per-account add-ons.
@Suite struct BatchCatalogColumnsTests {
  static let library = CatalogLibrary(searchFolders: [repositoryFile("Tests/SeatMixTests/Fixtures/catalogs")])

  /// Every scenario of a CSV, built against the Acme catalog the way `BatchRunner` builds them.
  func scenarios(_ csv: String) throws -> (input: BatchInput, scenarios: [BatchScenario]) {
    let path = try writeTemporary(csv, named: "acme.csv")
    let input = try BatchInput(file: path)
    let builder = ScenarioBuilder(input: input, defaultCatalog: "acme-contact", library: Self.library)
    var built: [BatchScenario] = []
    while let rows = try input.nextScenario() { built.append(builder.build(rows)) }
    return (input, built)
  }

  static let header =
    "scenario,group,agents,peak_concurrent,features,storage_gb,SMS Bundles,priority_support,allow_mixing,"
    + "discount_pct_pro_concurrent,Price-Basic-Named,Notes\n"

  @Test func catalogColumnsPriceAsTheSameDealFile() throws {
    let (input, built) = try scenarios(
      Self.header + "A,Phones,20,15,voice|analytics,300,3,yes,no,10,35.5,from Q3\n"
        + "A,Email desk,10,6,email|analytics,,,,,10,,\n")
    #expect(
      input.otherHeaders == [
        "SMS Bundles", "priority_support", "discount_pct_pro_concurrent", "Price-Basic-Named", "Notes",
      ])
    let scenario = try #require(built.first)
    #expect(scenario.errors.isEmpty, "\(scenario.errors)")
    // Notes names nothing of the catalog: it stays ignored.
    #expect(scenario.readOthers == [0, 1, 2, 3])
    let batchDeal = try #require(scenario.deal)
    #expect(batchDeal.accountAddOns == [AddOnID("sms-bundle"): 3, AddOnID("priority-support"): 1])
    #expect(batchDeal.allowMixing == false)
    #expect(batchDeal.pricing.skuDiscounts == ["pro-concurrent": 10])
    #expect(batchDeal.pricing.unitPrices == ["basic-named": Decimal(string: "35.5")!])

    let yaml = """
      name: A
      catalog: acme-contact
      allow_mixing: false
      groups:
        - { name: Phones, agents: 20, peak_concurrent: 15, features: [voice, analytics] }
        - { name: Email desk, agents: 10, peak_concurrent: 6, features: [email, analytics] }
      account:
        sms-bundle: 3
        priority-support: yes
        storage_gb: 300
      pricing:
        sku_discounts: { pro-concurrent: 10 }
        unit_prices: { basic-named: 35.5 }

      """
    let loaded = try DealLoader.load(file: try writeTemporary(yaml, named: "a.yaml"), library: Self.library)
    var fileDeal = loaded.deal
    fileDeal.file = batchDeal.file
    #expect(fileDeal == batchDeal)
    let optimizer = Optimizer(solver: GLPKSolver())
    let batchCatalog = try #require(scenario.catalog)
    let fromBatch = try #require(try optimizer.analyze(batchDeal, catalog: batchCatalog).plan)
    let fromFile = try #require(try optimizer.analyze(fileDeal, catalog: loaded.catalog).plan)
    #expect(fromBatch.monthlyUnits == fromFile.monthlyUnits)
    // Priority support (150) is in the total: the same deal without it costs 150 less.
    var without = fileDeal
    without.accountAddOns[AddOnID("priority-support")] = nil
    let cheaper = try #require(try optimizer.analyze(without, catalog: loaded.catalog).plan)
    #expect(fromFile.monthlyTotal - cheaper.monthlyTotal == 150)
  }

  @Test func aliasesComeFromTheCatalog() throws {
    let (_, built) = try scenarios(
      "scenario,group,agents,features,premium-care,sms_bundle\nA,Phones,5,voice,Y,2\n")
    let deal = try #require(built.first?.deal)
    #expect(deal.accountAddOns == [AddOnID("priority-support"): 1, AddOnID("sms-bundle"): 2])
  }

  @Test func zoomColumnNamesAreTheZoomCatalogsIdsAndAliases() throws {
    let path = try writeTemporary(
      "scenario,group,agents,features,virtual_agent,toll_free_numbers,global_numbers,sms_bundle\n"
        + "A,Voice,5,voice,yes,3,2,4\n", named: "zoom.csv")
    let input = try BatchInput(file: path)
    let builder = ScenarioBuilder(
      input: input, defaultCatalog: "zoom-contact-center",
      library: CatalogLibrary(searchFolders: [repositoryFile("Catalogs")]))
    let scenario = try #require(try input.nextScenario().map(builder.build))
    #expect(
      scenario.deal?.accountAddOns == [
        AddOnID("virtual-agent"): 1, AddOnID("toll-free-number"): 3, AddOnID("global-number"): 2,
      ])
    // Acme's add-on is no column of Zoom's catalog.
    #expect(scenario.readOthers == [0, 1, 2])
  }

  @Test func badAndDisagreeingCatalogCellsNameTheirColumn() throws {
    let (_, built) = try scenarios(
      Self.header + "A,Phones,20,15,voice,,lots,maybe,perhaps,10,-1,\n" + "A,Email,10,6,email,,,,,12,,\n")
    let messages = try #require(built.first).errors.map(\.description)
    #expect(messages.contains("row 2, allow_mixing: 'perhaps' is not yes or no"))
    #expect(messages.contains("row 2, SMS Bundles: 'lots' is not a whole number"))
    #expect(messages.contains("row 2, priority_support: 'maybe' is not yes or no"))
    #expect(
      messages.contains(
        "row 3, discount_pct_pro_concurrent: '12' disagrees with '10' on row 2; give it once per scenario"))
    #expect(messages.contains { $0.hasPrefix("row 2, Price-Basic-Named: -1 is not between 0 and ") })
  }

  @Test func anEmptyFeaturesCellIsNoFeatures() throws {
    let (_, built) = try scenarios("scenario,group,agents,features\nA,Desk,5,\nA,Phones,3,voice\n")
    let scenario = try #require(built.first)
    #expect(scenario.errors.isEmpty, "\(scenario.errors)")
    #expect(scenario.deal?.groups.map(\.features) == [[], [FeatureID("voice")]])
  }
}
