import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// `seatmix batch --template` comes from the chosen catalog's data (issue 9): every column the
/// batch reader accepts, the catalog's own account add-ons and SKUs, and example scenarios that
/// run as a batch on that catalog without an error. And the builder matches the header's other
/// columns once per catalog, with the same answers for every scenario.
@Suite struct BatchTemplateTests {
  static let zoom = CatalogLibrary(searchFolders: [repositoryFile("Catalogs")])
  static let fixtures = CatalogLibrary(searchFolders: [repositoryFile("Tests/SeatMixTests/Fixtures/catalogs")])

  static let catalogs: [(library: CatalogLibrary, id: String)] = [
    (zoom, "zoom-contact-center"), (fixtures, "acme-contact"),
  ]

  /// The template of a catalog run as a batch on it: its summary and result rows.
  func run(_ library: CatalogLibrary, _ id: String) throws -> (
    header: [String], summary: BatchSummary, statuses: [String]
  ) {
    let catalog = try library.catalog(id)
    let text = BatchTemplate.csv(for: catalog)
    return try BatchTests().withTemporaryFolder { folder in
      let input = folder.appendingPathComponent("template.csv").path
      try Data(text.utf8).write(to: URL(fileURLWithPath: input))
      let output = folder.appendingPathComponent("results.csv").path
      // The catalog by path: it is found wherever the test runs.
      let summary = try BatchRunner.run(
        input: input, output: output, options: BatchOptions(solver: GLPKSolver(), catalog: catalog.file))
      let reader = try CSVReader(file: output)
      let resultHeader = try #require(try reader.next()).fields
      let status = try #require(resultHeader.firstIndex(of: "status"))
      var statuses: [String] = []
      while let record = try reader.next() { statuses.append(record.fields[status]) }
      let header = try #require(try CSVReader(file: input).next()).fields
      return (header, summary, statuses)
    }
  }

  @Test(arguments: [0, 1])
  func theTemplateRunsOnItsCatalogWithoutErrors(_ which: Int) throws {
    let (library, id) = Self.catalogs[which]
    let (header, summary, statuses) = try run(library, id)
    #expect(summary.errorLines.isEmpty, "\(summary.errorLines)")
    #expect(summary.errors == 0 && summary.infeasible == 0)
    #expect(summary.scenarios == 3)
    #expect(statuses == ["optimal", "optimal", "optimal"])
    // Every column is read: none is listed as ignored.
    #expect(summary.ignoredHeaders.isEmpty, "\(summary.ignoredHeaders)")
    // Every fixed column, the catalog's account add-ons and a per-SKU discount and price column.
    let catalog = try library.catalog(id)
    for column in BatchColumn.allCases { #expect(header.contains(column.rawValue), "\(column)") }
    for addOn in catalog.addOns {
      let column = addOn.id.rawValue.replacingOccurrences(of: "-", with: "_")
      switch addOn.basis {
      case .perAccount, .perUnit: #expect(header.contains(column), "\(column)")
      case .perUser, .storage: #expect(!header.contains(column), "\(column)")
      }
    }
    #expect(header.contains { $0.hasPrefix("discount_pct_") })
    #expect(header.contains { $0.hasPrefix("price_") })
  }

  @Test func theTemplateNamesOnlyItsCatalogsData() throws {
    let zoom = BatchTemplate.csv(for: try Self.zoom.catalog("zoom-contact-center"))
    let acme = BatchTemplate.csv(for: try Self.fixtures.catalog("acme-contact"))
    #expect(zoom != acme)
    // Acme's own add-ons, tiers and terms; nothing of Zoom's.
    #expect(acme.contains("sms_bundle") && acme.contains("priority_support") && acme.contains("biennial"))
    #expect(!acme.contains("toll_free") && !acme.contains("virtual_agent") && !acme.contains("annual"))
    #expect(zoom.contains("toll_free_number") && !zoom.contains("sms_bundle"))
  }

  @Test func seatmixBatchTemplatePrintsTheChosenCatalogs() throws {
    let cli = CLITests()
    let zoom = try cli.seatmix("batch", "--template")
    #expect(zoom.status == 0)
    #expect(zoom.stderr.isEmpty)
    #expect(zoom.stdout == BatchTemplate.csv(for: try Self.zoom.catalog("zoom-contact-center")))
    let path = "Tests/SeatMixTests/Fixtures/catalogs/acme-contact.yaml"
    let acme = try cli.seatmix("batch", "--template", "--catalog", path)
    #expect(acme.status == 0, "\(acme.stderr)")
    #expect(acme.stdout == BatchTemplate.csv(for: try Self.fixtures.catalog("acme-contact")))
    let unknown = try cli.seatmix("batch", "--template", "--catalog", "no-such-catalog")
    #expect(unknown.status == 1)
    #expect(unknown.stdout.isEmpty)
    #expect(unknown.stderr.contains("no-such-catalog"))
  }

  /// One header, two catalogs: `sms_bundle` is Acme's add-on and no column of Zoom's, and
  /// `toll_free_numbers` the other way round. Matched once per catalog, every scenario reads
  /// the same as when built alone.
  @Test func otherColumnsAreReadPerCatalogWhateverTheOrder() throws {
    let folder = repositoryFile("Tests/SeatMixTests/Fixtures/catalogs")
    let csv =
      "scenario,group,agents,features,catalog,sms_bundle,toll_free_numbers\n"
      + "Z1,Voice,5,voice,,3,4\n" + "A1,Phones,5,voice,acme-contact,2,7\n" + "Z2,Voice,6,voice,,1,2\n"
      + "A2,Phones,6,voice,acme-contact,5,\n"
    let path = try writeTemporary(csv, named: "two-catalogs.csv")
    let library = CatalogLibrary(searchFolders: [repositoryFile("Catalogs"), folder])
    let input = try BatchInput(file: path)
    let builder = ScenarioBuilder(
      input: input, defaultCatalog: "zoom-contact-center", library: library,
      loadedDefault: try library.catalog("zoom-contact-center"))
    var built: [BatchScenario] = []
    while let rows = try input.nextScenario() { built.append(builder.build(rows)) }
    #expect(built.map(\.errors) == [[], [], [], []])
    #expect(built.map(\.readOthers) == [[1], [0], [1], [0]])
    #expect(
      built.map { $0.deal?.accountAddOns ?? [:] } == [
        [AddOnID("toll-free-number"): 4], [AddOnID("sms-bundle"): 2], [AddOnID("toll-free-number"): 2],
        [AddOnID("sms-bundle"): 5],
      ])
    // A builder made for one scenario at a time agrees.
    let again = try BatchInput(file: path)
    while let rows = try again.nextScenario() {
      let alone = ScenarioBuilder(input: again, defaultCatalog: "zoom-contact-center", library: library)
      let scenario = alone.build(rows)
      #expect(scenario.deal == built[scenario.index].deal)
      #expect(scenario.readOthers == built[scenario.index].readOthers)
    }
  }

  /// A validator problem about an add-on column is located at that column's cell.
  @Test func aProblemOfACatalogColumnNamesItsHeader() throws {
    let csv = "scenario,group,agents,features,Toll-Free Numbers\nZ,Voice,5,voice,20000000\n"
    let path = try writeTemporary(csv, named: "too-many.csv")
    let input = try BatchInput(file: path)
    let builder = ScenarioBuilder(input: input, defaultCatalog: "zoom-contact-center", library: Self.zoom)
    let scenario = builder.build(try #require(try input.nextScenario()))
    #expect(scenario.errors.map(\.column) == ["Toll-Free Numbers"], "\(scenario.errors)")
    #expect(scenario.errors.map(\.row) == [2])
  }
}
