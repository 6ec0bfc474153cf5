import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// Every broken fixture gives exactly the diagnostics a user should read: file, line, field and
/// message, all of a file's problems at once.
@Suite struct BadInputTests {
  /// One expected diagnostic, without its file (always the fixture's own unless `file` says so).
  struct Expected: Sendable {
    var line: Int?
    var field: String
    var message: String
    var severity: Diagnostic.Severity = .error

    static func error(_ line: Int?, _ field: String, _ message: String) -> Expected {
      Expected(line: line, field: field, message: message)
    }

    static func warning(_ line: Int?, _ field: String, _ message: String) -> Expected {
      Expected(line: line, field: field, message: message, severity: .warning)
    }

    func diagnostic(file: String) -> Diagnostic {
      Diagnostic(severity, file: file, line: line, field: field, message: message)
    }
  }

  /// A fixture and what reading it must report.
  struct Case: Sendable, CustomTestStringConvertible {
    var fixture: String
    var expected: [Expected]

    init(_ fixture: String, _ expected: Expected...) {
      self.fixture = fixture
      self.expected = expected
    }

    var path: String { fixturePath(fixture) }
    var testDescription: String { fixture }
  }

  static let catalogCases: [Case] = [
    Case(
      "catalogs/bad-unknown-feature.yaml",
      .error(24, "tiers[1].features[1]", "unknown feature 'emial' (did you mean 'email'?)")),
    Case(
      "catalogs/bad-addon-on-missing-tier.yaml",
      .error(33, "add_ons[0].available_on[1]", "unknown tier 'premium'; known: basic, plus")),
    Case("catalogs/bad-negative-price.yaml", .error(27, "tiers[1].licenses.named.price.annual", "-20 is negative")),
    Case(
      "catalogs/bad-addon-id-is-license-sku.yaml",
      .error(28, "add_ons[0].id", "add-on id 'plus-named' is also the SKU of a tier's license; choose another id")),
    Case(
      "catalogs/bad-missing-term-price.yaml",
      .error(
        28, "tiers[1].licenses.named.price.monthly",
        "is required: every price gives an amount for each of the catalog's terms (annual, monthly)")),
    Case("catalogs/bad-duplicate-tier.yaml", .error(22, "tiers[1].id", "tier 'basic' is listed twice")),
    Case(
      "catalogs/bad-id-not-kebab.yaml",
      .error(2, "id", "'Tiny_Catalog' is not a kebab-case id (lowercase letters, digits and single hyphens)")),
    Case(
      "catalogs/bad-typo-key.yaml",
      .error(27, "tiers[1].licenses.named.storage_gp", "unknown field (did you mean 'storage_gb'?)")),
    Case(
      "catalogs/bad-inclusion-model-not-sold.yaml",
      .error(35, "add_ons[0].included_with[0].licensing", "tier 'plus' sells no concurrent licenses")),
    Case(
      "catalogs/bad-ambiguous-addons.yaml",
      .error(
        38, "add_ons[1].provides",
        "add-ons 'wfm' and 'wfm-lite' both provide 'wfm' on tier 'plus'; a catalog sells one add-on per feature per tier"
      )),
    Case(
      "catalogs/bad-yaml-syntax.yaml",
      .error(
        25, "",
        "not valid YAML or JSON: did not find expected ',' or ']' while parsing a flow sequence started on line 24")
    ),
    Case(
      "catalogs/bad-encoding-windows-1252.yaml",
      .error(
        4, "",
        "the file is not UTF-8 text: byte 0x92 is not valid UTF-8 (was it saved as Windows-1252 or Latin-1?); save it as UTF-8"
      )),
    Case("catalogs/bad-empty.yaml", .error(nil, "", "the file is empty")),
    Case(
      "catalogs/bad-many-problems.yaml",
      .error(5, "currency", "'usd' is not a three-letter currency code such as USD"),
      .error(6, "effective_date", "'2026-13-01' is not a date written YYYY-MM-DD"),
      .error(21, "tiers[0].licenses.named.price.annual", "-10 is negative"),
      .error(24, "tiers[1].features[1]", "unknown feature 'emial' (did you mean 'email'?)"),
      .error(31, "add_ons[0].basis", "'per-seat' is not one of per-user, per-account, per-unit, storage")),
  ]

  @Test(arguments: catalogCases)
  func brokenCatalogReportsExactly(_ testCase: Case) throws {
    let expected = testCase.expected.map { $0.diagnostic(file: testCase.path) }
    #expect(CatalogLoader.diagnostics(file: testCase.path) == expected)
    // Loading refuses the file with the same diagnostics.
    let error = #expect(throws: SeatMixError.self) { try CatalogLoader.load(file: testCase.path) }
    #expect(error?.diagnostics == expected)
  }

  @Test func soundCatalogStillWarnsAboutAFeatureNoOneSells() throws {
    let path = fixturePath("catalogs/warn-feature-not-sold.yaml")
    #expect(
      CatalogLoader.diagnostics(file: path) == [
        Diagnostic(
          .warning, file: path, line: 12, field: "features",
          message: "feature 'wfm' is in no tier and no add-on, so no deal that needs it can be met")
      ])
    let catalog = try CatalogLoader.load(file: path)
    #expect(catalog.id == "tiny")
  }

  static let dealCases: [Case] = [
    Case(
      "deals/bad-unknown-feature.yaml",
      .error(8, "groups[0].features[2]", "unknown feature 'emial' (did you mean 'email'?)")),
    Case("deals/bad-negative-agents.yaml", .error(10, "groups[1].agents", "-5 is negative")),
    Case(
      "deals/bad-partly-read-group.yaml",
      .error(5, "groups[0].agents", "is required"),
      .error(6, "groups[0].agnets", "unknown field (did you mean 'agents'?)"),
      .error(7, "groups[0].features[1]", "unknown feature 'emial' (did you mean 'email'?)"),
      .error(8, "groups[0].tier", "unknown tier 'platinum'; known: elite, essentials, premium")),
    Case(
      "deals/bad-peak-above-headcount.yaml",
      .error(
        7, "groups[0].peak_concurrent",
        "peak 60 is above the group's 40 agents; at most every agent is signed in at once")),
    Case("deals/bad-agents-not-a-number.yaml", .error(10, "groups[1].agents", "'five' is not a number")),
    Case("deals/bad-fractional-agents.yaml", .error(10, "groups[1].agents", "'5.5' is not a whole number")),
    Case(
      "deals/bad-unknown-tier.yaml",
      .error(12, "groups[1].tier", "unknown tier 'platinum'; known: elite, essentials, premium")),
    Case(
      "deals/bad-unknown-catalog.yaml",
      .error(3, "catalog", "unknown catalog 'zoom-contact-centre' (did you mean 'zoom-contact-center'?)")),
    Case(
      "deals/bad-catalog-path-not-found.yaml",
      .error(
        3, "catalog",
        "catalog file '../missing/catalog.yaml' not found (looked for \(fixturePath("missing/catalog.yaml")))")),
    Case("deals/bad-unknown-term.yaml", .error(4, "term", "unknown term 'quarterly'; known: annual, monthly")),
    Case(
      "deals/bad-per-user-addon-in-account.yaml",
      .error(13, "account.wfm", "'wfm' is bought per user: list it in the features of the groups that need it")),
    Case("deals/bad-duplicate-group.yaml", .error(9, "groups[1].name", "group 'Agents' is listed twice")),
    Case("deals/bad-missing-agents.yaml", .error(9, "groups[1].agents", "is required")),
    Case(
      "deals/bad-encoding-windows-1252.yaml",
      .error(
        2, "",
        "the file is not UTF-8 text: byte 0x96 is not valid UTF-8 (was it saved as Windows-1252 or Latin-1?); save it as UTF-8"
      )),
    Case(
      "deals/bad-json-syntax.json",
      .error(
        4, "", "not valid YAML or JSON: did not find expected ',' or '}' while parsing a flow mapping started on line 1"
      )),
    Case(
      "deals/bad-unknown-sku-in-pricing.yaml",
      .error(
        15, "pricing.sku_discounts.premium-conurrent",
        "unknown SKU 'premium-conurrent' (did you mean 'premium-concurrent'?)")),
    Case("deals/bad-discount-over-100.yaml", .error(13, "pricing.discount_pct", "120 is above the maximum 100")),
    Case(
      "deals/bad-licensing-typo.yaml",
      .error(4, "licensing", "'concurent' is not one of any, named, concurrent (did you mean 'concurrent'?)")),
    Case("deals/bad-no-groups.yaml", .error(4, "groups", "list at least one agent group")),
    Case(
      "deals/bad-many-problems.yaml",
      .error(3, "licencing", "unknown field (did you mean 'licensing'?)"),
      .error(7, "groups[0].agents", "-40 is negative"),
      .error(8, "groups[0].peak_concurrent", "'lots' is not a number"),
      .error(12, "groups[1].features", "expected a list, found a mapping")),
    // A catalog reference that finds no catalog: one line on the deal's `catalog:` line, none of the
    // file's content.
    Case(
      "deals/bad-catalog-not-a-catalog.yaml",
      .error(3, "catalog", "catalog file 'good-deal.json' is not a SeatMix catalog (it has no top-level 'tiers')")),
    Case(
      "deals/bad-catalog-is-a-folder.yaml", .error(3, "catalog", "catalog file '../catalogs/' is a folder, not a file")),
    Case(
      "deals/bad-catalog-yaml-syntax.yaml",
      .error(
        3, "catalog",
        "catalog file '../catalogs/bad-yaml-syntax.yaml', line 25: not valid YAML or JSON: did not find expected ',' or ']' while parsing a flow sequence started on line 24"
      )),
    // Bytes that are no YAML text, each with its line and in SeatMix's words.
    Case(
      "deals/bad-nul-byte.yaml",
      .error(4, "", "the file holds a NUL byte (0x00), which text never does; is it a binary file?")),
    Case(
      "deals/bad-utf16-without-bom.yaml",
      .error(1, "", "the file looks like UTF-16 text without a byte-order mark; save it as UTF-8")),
    Case(
      "deals/bad-control-character.yaml",
      .error(
        2, "",
        "control character U+001B is not allowed in YAML or JSON text; remove it, or write it as an escape in a double-quoted string"
      )),
    Case(
      "deals/bad-two-documents.yaml",
      .error(
        8, "",
        "a second YAML document begins on this line; a deal or catalog file holds exactly one (a '---' line separates documents)"
      )),
    Case(
      "deals/bad-nested-too-deep.yaml",
      .error(4, "", "lists and mappings are nested too deep (the YAML reader allows about 1000 levels)")),
    // Control characters in values are escaped, so each problem stays one line.
    Case(
      "deals/bad-control-characters-in-names.yaml",
      .error(5, "licensing", "'\\u{1B}[31many' is not one of any, named, concurrent"),
      .error(10, "groups[1].name", "group 'Agents\\nforged.yaml:1: error: name: forged' is listed twice"),
      .error(13, "groups[1].tier", "unknown tier '\\u{1B}]0;owned\\u{7}'; known: elite, essentials, premium")),
  ]

  @Test(arguments: dealCases)
  func brokenDealReportsExactly(_ testCase: Case) throws {
    let error = #expect(throws: SeatMixError.self) { try DealLoader.load(file: testCase.path) }
    #expect(error?.diagnostics == testCase.expected.map { $0.diagnostic(file: testCase.path) })
  }

  /// Integers too long for an `Int` are out of bounds, not "not whole"; other non-integers say what they are.
  @Test(arguments: [
    ("99999999999999999999", "99999999999999999999 is above the maximum 10000000"),
    ("-99999999999999999999", "-99999999999999999999 is negative"),
    ("1e3", "'1e3' is not a whole number"),
    ("[1, 2]", "expected a single value, found a list"),
  ])
  func headcountThatIsNoIntInRange(_ written: String, _ message: String) throws {
    let text =
      "name: x\ncatalog: zoom-contact-center\ngroups:\n  - name: a\n    agents: \(written)\n    features: [voice]\n"
    let file = try writeTemporary(text, named: "deal.yaml")
    defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path) }
    let library = CatalogLibrary(searchFolders: [repositoryFile("Catalogs")])
    let error = #expect(throws: SeatMixError.self) { try DealLoader.load(file: file, library: library) }
    #expect(error?.diagnostics.map(\.message) == [message])
    #expect(error?.diagnostics.map(\.field) == ["groups[0].agents"])
    #expect(error?.diagnostics.map(\.line) == [5])
  }

  @Test func missingDealFileIsOneProblem() throws {
    let path = fixturePath("deals/no-such-deal.yaml")
    let error = #expect(throws: SeatMixError.self) { try DealLoader.load(file: path) }
    #expect(error?.diagnostics == [Diagnostic(file: path, line: nil, field: "", message: "no such file")])
  }

  @Test func goodJSONDealLoads() throws {
    let loaded = try DealLoader.load(file: fixturePath("deals/good-deal.json"))
    #expect(loaded.warnings.isEmpty)
    #expect(loaded.deal.name == "Fixture deal in JSON")
    #expect(loaded.deal.term == TermID("monthly"))
    #expect(loaded.deal.groups.map(\.name) == ["Agents", "Supervisors"])
    #expect(loaded.deal.groups.map(\.peakConcurrent) == [20, 5])
    #expect(loaded.deal.accountAddOns == [AddOnID("toll-free-number"): 2])
    #expect(loaded.catalog.id == "zoom-contact-center")
  }

  @Test func infeasibleDealNamesTheGroupAndTheFeature() throws {
    let loaded = try DealLoader.load(file: fixturePath("deals/infeasible-forced-essentials-email.yaml"))
    #expect(loaded.catalog.id == "zoom-contact-center")
    let analysis = try Optimizer(solver: GLPKSolver()).analyze(loaded.deal, catalog: loaded.catalog)
    #expect(analysis.plan == nil)
    guard case .infeasible(let infeasibility) = analysis.outcome else {
      Issue.record("expected an infeasible outcome, got \(analysis.outcome)")
      return
    }
    #expect(
      infeasibility.reasons == [
        "group 'Agents' needs Email Contact Channel (email), which Essentials lacks and no add-on provides there"
      ])
    // Nothing was chosen, so nothing warns about what the choice weighed.
    #expect(analysis.warnings.isEmpty)
  }

  /// A fixture added without a test here fails, so none goes unchecked.
  @Test func everyFixtureHasATest() throws {
    let tested = Set(
      (Self.catalogCases + Self.dealCases).map(\.fixture) + [
        "catalogs/warn-feature-not-sold.yaml", "deals/good-deal.json",
        "deals/infeasible-forced-essentials-email.yaml",
        "catalogs/acme-contact.yaml",  // VendorNeutralTests
      ])
    var present = Set<String>()
    for folder in ["catalogs", "deals"] {
      for name in try FileManager.default.contentsOfDirectory(atPath: fixturePath(folder)) where !name.hasPrefix(".") {
        present.insert("\(folder)/\(name)")
      }
    }
    #expect(present == tested)
  }

  /// The fixtures are also copied into the test bundle as a resource.
  @Test func fixturesAreBundled() throws {
    let bundled = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let copy = bundled.appendingPathComponent("catalogs/bad-many-problems.yaml")
    #expect(
      try Data(contentsOf: copy)
        == Data(contentsOf: URL(fileURLWithPath: fixturePath("catalogs/bad-many-problems.yaml"))))
  }
}

/// A fixture file in the source tree (deals there find `Catalogs/` by walking up from themselves).
func fixturePath(_ relative: String) -> String {
  URL(fileURLWithPath: repositoryFile("Tests/SeatMixTests/Fixtures/\(relative)")).standardizedFileURL.path
}

/// Writes text to a file in a fresh temporary folder and returns its path.
func writeTemporary(_ text: String, named name: String) throws -> String {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  let file = folder.appendingPathComponent(name)
  try Data(text.utf8).write(to: file)
  return file.path
}
