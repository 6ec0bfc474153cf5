import Foundation
import SeatMixTestSupport
import Testing

/// The built `seatmix` executable, end to end: exit codes, what goes to stdout and to stderr.
@Suite struct CLITests {
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
    var stdoutData: Data

    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
  }

  /// Runs `seatmix` from the repository root; fails the test when the executable was not built.
  func seatmix(_ arguments: String...) throws -> Run { try seatmix(arguments) }

  /// Runs `seatmix` from the repository root with extra environment variables (and without the
  /// caller's `SEATMIX_CATALOGS`).
  func seatmix(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
    let executable = try #require(
      Self.executable, "no built seatmix next to the test bundle or in .build/debug; run `swift build` first")
    let run = try ChildProcess.run(
      executable, arguments, in: URL(fileURLWithPath: repositoryFile("")), environment: extra)
    return Run(status: run.status, stdout: run.stdoutText, stderr: run.stderrText, stdoutData: run.stdout)
  }

  /// `seatmix` in the products folder beside the test bundle, else in `.build/debug` above this file.
  static let executable: URL? = SeatmixExecutable.find(in: [Bundle.module.bundleURL.deletingLastPathComponent()])

  /// `path:line: error: field: message`, the shape of every problem tied to a place in a file.
  static var problemLine: Regex<(Substring, file: Substring, line: Substring, field: Substring, message: Substring)> {
    /^(?<file>[^:\s]+):(?<line>\d+): error: (?<field>[A-Za-z0-9_.\[\]-]+): (?<message>.+)$/
  }

  /// What a crash or an uncaught error would print.
  func expectNoStackTrace(_ run: Run, sourceLocation: SourceLocation = #_sourceLocation) {
    for marker in ["Fatal error", "Stack dump", "backtrace", "Swift runtime failure", "Crash", "0x0000", "Usage:"] {
      #expect(!run.stderr.contains(marker), "stderr has '\(marker)':\n\(run.stderr)", sourceLocation: sourceLocation)
    }
  }

  func json(_ run: Run) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
  }

  func quantities(_ document: [String: Any]) throws -> [String: Int] {
    let items = try #require(document["line_items"] as? [[String: Any]])
    var result: [String: Int] = [:]
    for item in items {
      result[try #require(item["sku"] as? String)] = try #require(item["quantity"] as? Int)
    }
    return result
  }

  // MARK: - optimize

  @Test func seedExamplePrintsTheSeventyFiveTopUps() throws {
    let run = try seatmix("optimize", "Examples/seed-100-agents.yaml")
    #expect(run.status == 0, "\(run.stderr)")
    let rows = run.stdoutLines.map { $0.split(separator: " ").prefix(2).map(String.init) }
    #expect(rows.contains(["elite-concurrent", "25"]))
    #expect(rows.contains(["wfm", "75"]))
    #expect(rows.contains(["qm", "75"]))
    #expect(!rows.contains { $0.first == "ai-expert-assist" })
    #expect(run.stdout.contains("Status: optimal"))
  }

  @Test func jsonOutputHasTheDocumentedKeys() throws {
    let run = try seatmix("optimize", "Examples/seed-100-agents.yaml", "--format", "json")
    #expect(run.status == 0, "\(run.stderr)")
    let document = try json(run)
    let keys = [
      "deal", "catalog", "term", "term_months", "licensing", "mixing_allowed", "status", "proven_optimal", "groups",
      "line_items", "monthly_total", "term_total", "single_plans", "best_single_plan", "savings_monthly",
      "savings_term", "warnings",
    ]
    for key in keys { #expect(document[key] != nil, "missing key \(key)") }
    #expect(document["status"] as? String == "optimal")
    #expect(document["proven_optimal"] as? Bool == true)
    #expect(document["term"] as? String == "annual")
    #expect(document["term_months"] as? Int == 12)
    #expect(try quantities(document) == ["elite-concurrent": 25, "wfm": 75, "qm": 75])
    #expect(document["monthly_total"] as? Double == 9000)
    let catalog = try #require(document["catalog"] as? [String: Any])
    #expect(catalog["id"] as? String == "zoom-contact-center")
  }

  @Test func markdownOutputIsADocument() throws {
    let run = try seatmix("optimize", "Examples/seed-100-agents.yaml", "--format", "markdown")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("# "))
  }

  @Test(arguments: ["table", "json", "markdown"])
  func sameCommandTwiceGivesTheSameBytes(_ format: String) throws {
    let first = try seatmix("optimize", "Examples/mixed-center.yaml", "--format", format)
    let second = try seatmix("optimize", "Examples/mixed-center.yaml", "--format", format)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(!first.stdoutData.isEmpty)
    #expect(first.stdoutData == second.stdoutData)
  }

  @Test func badDealExitsOneWithOneLinePerProblem() throws {
    let path = "Tests/SeatMixTests/Fixtures/deals/bad-many-problems.yaml"
    let run = try seatmix("optimize", path)
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    expectNoStackTrace(run)
    #expect(run.stderrLines.count == 4, "\(run.stderr)")
    var fields: [String] = []
    for line in run.stderrLines {
      let match = try #require(line.wholeMatch(of: Self.problemLine), "not file:line: error: field: message: \(line)")
      #expect(match.output.file == path)
      fields.append(String(match.output.field))
    }
    #expect(fields == ["licencing", "groups[0].agents", "groups[0].peak_concurrent", "groups[1].features"])
  }

  @Test func badCatalogOfADealIsReportedInTheCatalogFile() throws {
    let run = try seatmix(
      "optimize", "Examples/seed-100-agents.yaml", "--catalog", "Tests/SeatMixTests/Fixtures/catalogs/bad-typo-key.yaml"
    )
    #expect(run.status == 1)
    expectNoStackTrace(run)
    // The catalog's absolute path, its line and field.
    #expect(run.stderrLines.count == 1, "\(run.stderr)")
    #expect(run.stderrLines.first?.hasPrefix("/") == true)
    #expect(
      run.stderrLines.first?.hasSuffix(
        "/Tests/SeatMixTests/Fixtures/catalogs/bad-typo-key.yaml:27: error: tiers[1].licenses.named.storage_gp: unknown field (did you mean 'storage_gb'?)"
      ) == true)
  }

  @Test func infeasibleDealExitsTwoAndNamesGroupAndFeature() throws {
    let run = try seatmix("optimize", "Tests/SeatMixTests/Fixtures/deals/infeasible-forced-essentials-email.yaml")
    #expect(run.status == 2)
    expectNoStackTrace(run)
    #expect(run.stdout.contains("Status: infeasible"))
    #expect(
      run.stdout.contains(
        "group 'Agents' needs Email Contact Channel (email), which Essentials lacks and no add-on provides there"))

    let json = try seatmix(
      "optimize", "Tests/SeatMixTests/Fixtures/deals/infeasible-forced-essentials-email.yaml", "--format", "json")
    #expect(json.status == 2)
    let document = try self.json(json)
    #expect(document["status"] as? String == "infeasible")
    let reasons = try #require(document["infeasible_because"] as? [String])
    #expect(reasons.count == 1)
    #expect(reasons.first?.contains("group 'Agents'") == true)
    #expect(reasons.first?.contains("(email)") == true)
  }

  @Test func missingDealFileIsOneLine() throws {
    let run = try seatmix("optimize", "Examples/no-such-deal.yaml")
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderrLines == ["Examples/no-such-deal.yaml: error: no such file"])
  }

  @Test func folderInsteadOfDealIsOneLine() throws {
    let run = try seatmix("optimize", "Examples")
    #expect(run.status == 1)
    #expect(run.stderrLines == ["Examples: error: is a folder, not a file"])
  }

  // MARK: - overrides

  @Test func licensingNamedOverrideBuysNamedElite() throws {
    let run = try seatmix("optimize", "Examples/seed-100-agents.yaml", "--licensing", "named", "--format", "json")
    #expect(run.status == 0, "\(run.stderr)")
    let document = try json(run)
    #expect(document["licensing"] as? String == "named")
    // Elite named includes WFM and QM for every user: no top-ups.
    #expect(try quantities(document) == ["elite-named": 100])
  }

  @Test func termOverrideChangesPricesAndTotals() throws {
    let annual = try json(try seatmix("optimize", "Examples/seed-100-agents.yaml", "--format", "json"))
    let run = try seatmix("optimize", "Examples/seed-100-agents.yaml", "--term", "monthly", "--format", "json")
    #expect(run.status == 0, "\(run.stderr)")
    let monthly = try json(run)
    #expect(monthly["term"] as? String == "monthly")
    #expect(monthly["term_months"] as? Int == 1)
    // Monthly billing: 25 × 269 + 75 × 30 + 75 × 24.
    #expect(monthly["monthly_total"] as? Double == 10_775)
    #expect(annual["monthly_total"] as? Double == 9000)
  }

  @Test func mixingOverridesChangeTheMix() throws {
    let allowed = try json(
      try seatmix("optimize", "Examples/mixed-center.yaml", "--allow-mixing", "--format", "json"))
    let forbidden = try json(
      try seatmix("optimize", "Examples/mixed-center.yaml", "--no-allow-mixing", "--format", "json"))
    let catalogDefault = try json(try seatmix("optimize", "Examples/mixed-center.yaml", "--format", "json"))
    #expect(allowed["mixing_allowed"] as? Bool == true)
    #expect(forbidden["mixing_allowed"] as? Bool == false)
    // The catalog allows one model per account, so forbidding mixing is its default.
    #expect(try quantities(forbidden) == quantities(catalogDefault))
    let forbiddenSKUs = try quantities(forbidden).keys
    #expect(
      !forbiddenSKUs.contains { $0.hasSuffix("-named") } || !forbiddenSKUs.contains { $0.hasSuffix("-concurrent") })
    let allowedSKUs = try quantities(allowed).keys
    #expect(allowedSKUs.contains { $0.hasSuffix("-named") } && allowedSKUs.contains { $0.hasSuffix("-concurrent") })
    let cheaper = try #require(allowed["monthly_total"] as? Double)
    let dearer = try #require(forbidden["monthly_total"] as? Double)
    #expect(cheaper < dearer)
  }

  @Test func badOverridesNameTheOption() throws {
    let term = try seatmix("optimize", "Examples/seed-100-agents.yaml", "--term", "weekly")
    #expect(term.status == 1)
    #expect(term.stderrLines == ["error: --term: unknown term 'weekly'; known: annual, monthly"])

    let catalog = try seatmix("optimize", "Examples/seed-100-agents.yaml", "--catalog", "zoom-contact-centre")
    #expect(catalog.status == 1)
    #expect(
      catalog.stderrLines == ["error: unknown catalog 'zoom-contact-centre' (did you mean 'zoom-contact-center'?)"])
  }

  /// A bad command line: ArgumentParser's `Error:` line, the usage, exit 64, and nothing on stdout.
  func expectUsageError(
    _ run: Run, _ message: String, command: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(run.status == 64, "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.stderrLines.first == "Error: " + message, "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(
      run.stderrLines.dropFirst().first?.hasPrefix("Usage: seatmix \(command) ") == true, "\(run.stderr)",
      sourceLocation: sourceLocation)
    #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
    for marker in ["Fatal error", "Stack dump", "backtrace"] {
      #expect(!run.stderr.contains(marker), sourceLocation: sourceLocation)
    }
  }

  /// Every command that solves checks `--time-limit` the same way, as a bad command line (it exited
  /// 1 without the usage, while `--time-limit abc` exited 64).
  @Test(arguments: [
    ["optimize", "Examples/seed-100-agents.yaml"], ["compare", "Examples/seed-100-agents.yaml"],
    ["report", "Examples/seed-100-agents.yaml"], ["sweep", "Examples/seed-100-agents.yaml"],
    ["batch", "Examples/batch-example.csv", "-o", "never-written.csv"],
  ])
  func badTimeLimitIsAUsageError(_ command: [String]) throws {
    for value in ["0", "-1", "nan", "inf"] {
      let run = try seatmix(command + ["--time-limit=\(value)"])
      let shown = Double(value)!.formatted()
      expectUsageError(run, "--time-limit: must be a positive number of seconds, not \(shown)", command: command[0])
    }
    let word = try seatmix(command + ["--time-limit", "abc"])
    #expect(word.status == 64)
    #expect(!FileManager.default.fileExists(atPath: repositoryFile("never-written.csv")))
  }

  /// `--jobs` is one option of one meaning wherever it appears, checked the same way.
  @Test(arguments: [
    ["report", "Examples/seed-100-agents.yaml"], ["sweep", "Examples/seed-100-agents.yaml"],
    ["batch", "Examples/batch-example.csv", "-o", "never-written.csv"],
  ])
  func badJobsIsAUsageError(_ command: [String]) throws {
    let run = try seatmix(command + ["--jobs", "0"])
    expectUsageError(run, "--jobs: must be at least 1, not 0", command: command[0])
    let help = try seatmix([command[0], "--help"])
    #expect(help.stdout.contains("--jobs <n>"))
    #expect(help.stdout.contains("(default: all cores)"), "\(help.stdout)")
  }

  // MARK: - validate

  @Test func validateAcceptsTheShippedCatalogAndAGoodDeal() throws {
    let run = try seatmix(
      "validate", "Catalogs/zoom-contact-center.yaml", "Tests/SeatMixTests/Fixtures/deals/good-deal.json",
      "Examples/mixed-center.yaml")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.isEmpty)
    #expect(
      run.stdoutLines == [
        "Catalogs/zoom-contact-center.yaml: valid catalog",
        "Tests/SeatMixTests/Fixtures/deals/good-deal.json: valid deal",
        "Examples/mixed-center.yaml: valid deal",
      ])
  }

  @Test func validateReportsEveryProblemOfABadFile() throws {
    let path = "Tests/SeatMixTests/Fixtures/catalogs/bad-many-problems.yaml"
    let run = try seatmix("validate", path)
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    expectNoStackTrace(run)
    #expect(run.stderrLines.count == 5, "\(run.stderr)")
    for line in run.stderrLines {
      let match = try #require(line.wholeMatch(of: Self.problemLine), "not file:line: error: field: message: \(line)")
      #expect(match.output.file == path)
    }
  }

  @Test func validateGoesOnAfterABadFile() throws {
    let run = try seatmix(
      "validate", "Tests/SeatMixTests/Fixtures/deals/bad-negative-agents.yaml", "Examples/no-such-deal.yaml",
      "Examples/seed-100-agents.yaml")
    #expect(run.status == 1)
    #expect(
      run.stderrLines == [
        "Tests/SeatMixTests/Fixtures/deals/bad-negative-agents.yaml:10: error: groups[1].agents: -5 is negative",
        "Examples/no-such-deal.yaml: error: no such file",
      ])
    #expect(run.stdoutLines == ["Examples/seed-100-agents.yaml: valid deal"])
  }

  @Test func validateCountsWarningsAndStrictFailsOnThem() throws {
    let path = "Tests/SeatMixTests/Fixtures/catalogs/warn-feature-not-sold.yaml"
    let lenient = try seatmix("validate", path)
    #expect(lenient.status == 0)
    #expect(lenient.stdoutLines == ["\(path): valid catalog (1 warning)"])
    #expect(lenient.stderrLines.count == 1)
    #expect(lenient.stderrLines.first?.hasPrefix("\(path):12: warning: features: feature 'wfm'") == true)
    let strict = try seatmix("validate", "--strict", path)
    #expect(strict.status == 1)
    #expect(strict.stdout.isEmpty)
  }

  // MARK: - catalog

  @Test func catalogListsAndShowsTheShippedCatalog() throws {
    let list = try seatmix("catalog")
    #expect(list.status == 0)
    #expect(list.stdoutLines.contains("zoom-contact-center"))

    let show = try seatmix("catalog", "zoom-contact-center")
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stdout.hasPrefix("Zoom Contact Center (zoom-contact-center)"))
    for sku in ["essentials-named", "elite-concurrent", "wfm", "cloud-storage"] {
      #expect(show.stdout.contains(sku), "catalog output lacks \(sku)")
    }
  }

  @Test func unknownCatalogSuggestsTheNearOne() throws {
    let run = try seatmix("catalog", "zoom-contact")
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderrLines.count == 1)
    #expect(run.stderrLines.first?.hasPrefix("error: unknown catalog 'zoom-contact'") == true)
  }
}
