import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// The batch's `profile` column (issue 10): a group row names a profile file, relative to the
/// batch file and inside its folder (or a `--catalog-path` folder), and the scenario is sized over
/// time as the same deal file would be; a bad file fails only its scenario, located in the batch
/// (row, column) and in the file (line, column).
@Suite struct BatchProfileTests {
  static let library = CatalogLibrary(searchFolders: [repositoryFile("Catalogs")])

  /// Every scenario of `csv`, written as batch.csv in a scratch folder beside `files` (names may
  /// hold one folder: `sub/x.csv`).
  func scenarios(_ csv: String, files: [String: String] = [:], roots: (Scratch) -> [String] = { _ in [] }) throws
    -> [BatchScenario]
  {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(atPath: scratch.path("batches"), withIntermediateDirectories: true)
    for (name, text) in files {
      let folder = (scratch.path(name) as NSString).deletingLastPathComponent
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try scratch.write(text, to: name)
    }
    try scratch.write(csv, to: "batches/batch.csv")
    let input = try BatchInput(file: scratch.path("batches/batch.csv"))
    var builder = ScenarioBuilder(input: input, defaultCatalog: "zoom-contact-center", library: Self.library)
    builder.catalogRoots = roots(scratch)
    var built: [BatchScenario] = []
    while let rows = try input.nextScenario() { built.append(builder.build(rows)) }
    return built.map { scenario in
      var scenario = scenario
      scenario.errors = scenario.errors.map {
        BatchProblem(row: $0.row, column: $0.column, message: ConcurrencyInputDealTests.strip($0.message))
      }
      return scenario
    }
  }

  static let header = "scenario,group,agents,peak_concurrent,features,profile\n"

  @Test func aProfileColumnSizesTheScenarioAsTheSameDealFile() throws {
    let built = try scenarios(
      Self.header + "Week,East,10,,voice,wide.csv\nWeek,West,10,,voice,wide.csv\nFlat,East,10,8,voice,\n",
      files: ["batches/wide.csv": ConcurrencyInputDealTests.wide])
    #expect(built.map(\.errors.isEmpty) == [true, true], "\(built.map(\.errors))")
    let week = try #require(built[0].deal)
    let grid = try #require(week.concurrency?.grid)
    #expect(grid.step == .minutes(30) && grid.count == 3)
    #expect(grid.start == Date(timeIntervalSince1970: Double(try ISOTime.parse("2026-03-02T08:00Z").get().seconds)))
    #expect(week.groups.map { $0.profile?.counts ?? [] } == [[8, 8, 2], [0, 3, 9]])
    #expect(week.groups.map(\.peakConcurrent) == [8, 9])
    // An empty cell is no profile, and a scenario without profiles has no grid.
    #expect(try #require(built[1].deal).concurrency == nil)

    let yaml = ConcurrencyInputDealTests.deal(
      "{grid: 30m}",
      """
        - {name: East, agents: 10, features: [voice], profile: wide.csv}
        - {name: West, agents: 10, features: [voice], profile: wide.csv}

      """)
    let file = try ConcurrencyInputDealTests.loaded(yaml, files: ["wide.csv": ConcurrencyInputDealTests.wide])
    let optimizer = Optimizer(solver: GLPKSolver())
    let fromBatch = try #require(try optimizer.analyze(week, catalog: file.catalog).plan)
    let fromFile = try #require(try optimizer.analyze(file.deal, catalog: file.catalog).plan)
    #expect(fromBatch.monthlyTotal == fromFile.monthlyTotal && fromBatch.lineItems == fromFile.lineItems)
    #expect(fromBatch.concurrency?.pools.first?.pooledPeak == 11)
  }

  @Test func aBadProfileFailsOnlyItsScenarioNamingRowColumnLineAndField() throws {
    let gap = "start,signed_in\n2026-03-02T08:00:00Z,1\n2026-03-02T08:30:00Z,2\n2026-03-02T09:30:00Z,3\n"
    let above = "start,signed_in\n2026-03-02T08:00:00Z,1\n2026-03-02T08:30:00Z,12\n"
    let built = try scenarios(
      Self.header + "Gap,East,10,,voice,gap.csv\nGood,East,10,,voice,good.csv\nAbove,East,10,,voice,above.csv\n"
        + "Missing,East,10,,voice,nope.csv\nOutside,East,10,,voice,../outside.csv\n",
      files: [
        "batches/gap.csv": gap, "batches/good.csv": "start,signed_in\n2026-03-02T08:00:00Z,1\n2026-03-02T08:15:00Z,2\n",
        "batches/above.csv": above, "outside.csv": "start,signed_in\n2026-03-02T08:00:00Z,1\n2026-03-02T08:15:00Z,2\n",
      ])
    #expect(built.map(\.id) == ["Gap", "Good", "Above", "Missing", "Outside"])
    #expect(
      built[0].errors.map(\.description) == [
        "row 2, profile: batches/gap.csv line 4, start: gap: 1 interval missing between 2026-03-02T08:30:00Z (row 3) and 2026-03-02T09:30:00Z; write every interval, 0 where no one is signed in"
      ])
    #expect(built[1].errors.isEmpty && built[1].deal?.concurrency?.grid.step == .minutes(15))
    #expect(
      built[2].errors.map(\.description) == [
        "row 4, profile: batches/above.csv line 3, signed_in: 12 signed in is above group 'East''s 10 agents; at most every agent is signed in at once"
      ])
    #expect(
      built[3].errors.map(\.description) == [
        "row 5, profile: profile file 'nope.csv' not found (looked for batches/nope.csv)"
      ])
    #expect(
      built[4].errors.map(\.description) == [
        "row 6, profile: profile file '../outside.csv' is outside the folders a batch may name profiles in (the batch file's folder and below); allow its folder with --catalog-path DIR"
      ])
    #expect(built.map { $0.deal != nil } == [false, true, false, false, false])
  }

  @Test func catalogPathAllowsAFolderOutside() throws {
    let built = try scenarios(
      Self.header + "Outside,East,10,,voice,../shared/outside.csv\n",
      files: ["shared/outside.csv": "start,signed_in\n2026-03-02T08:00:00Z,1\n2026-03-02T09:00:00Z,2\n"],
      roots: { [$0.path("shared")] })
    #expect(built[0].errors.isEmpty, "\(built[0].errors)")
    #expect(built[0].deal?.concurrency?.grid.step == .minutes(60))
  }

  @Test func filesOfAScenarioMustShareOneGrid() throws {
    let a = "start,signed_in\n2026-03-02T08:00:00Z,1\n2026-03-02T08:30:00Z,2\n"
    let later = "start,signed_in\n2026-03-02T08:30:00Z,1\n2026-03-02T09:00:00Z,2\n"
    let odd = "start,signed_in\n2026-03-02T08:00:00Z,1\n2026-03-02T08:45:00Z,2\n"
    let single = "start,signed_in\n2026-03-02T08:00:00Z,1\n"
    let built = try scenarios(
      Self.header + "Two,East,10,,voice,a.csv\nTwo,West,10,,voice,later.csv\nOdd,East,10,,voice,odd.csv\n"
        + "Single,East,10,,voice,single.csv\n",
      files: ["batches/a.csv": a, "batches/later.csv": later, "batches/odd.csv": odd, "batches/single.csv": single])
    #expect(
      built[0].errors.map(\.description) == [
        "row 3, profile: profile file 'later.csv' starts at 2026-03-02T08:30:00Z, but 'a.csv' starts at 2026-03-02T08:00:00Z; every profile of a scenario is on one grid"
      ])
    #expect(
      built[1].errors.map(\.description) == [
        "row 4, profile: batches/odd.csv line 3, start: 2026-03-02T08:45:00Z is 45 minutes after the first row's start: a profile's grid is 15, 30 or 60 minutes, or a month"
      ])
    #expect(
      built[2].errors.map(\.description).first?.hasPrefix(
        "row 5, profile: batches/single.csv line 2, start: one interval") == true)
  }

  @Test func aPeakBesideAProfileIsCheckedAsInADealFile() throws {
    let built = try scenarios(
      Self.header + "Low,East,10,5,voice,wide.csv\nHigh,East,10,9,voice,wide.csv\n",
      files: ["batches/wide.csv": ConcurrencyInputDealTests.wide])
    #expect(
      built[0].errors.map(\.description) == [
        "row 2, peak_concurrent: peak 5 is below the 8 signed in at once at 2026-03-02T08:00:00Z in the group's profile (wide.csv); the profile sizes the pool: remove peak_concurrent or correct the profile"
      ])
    #expect(built[1].errors.isEmpty && built[1].warnings.count == 1)
    #expect(built[1].deal?.groups[0].peakConcurrent == 8)
  }

  @Test func aBatchRunSolvesTheGoodScenariosAndFailsTheBadOneAlone() throws {
    let scratch = try Scratch()
    try scratch.write(ConcurrencyInputDealTests.wide, to: "wide.csv")
    try scratch.write(
      Self.header + "Week,East,10,,voice,wide.csv\nWeek,West,10,,voice,wide.csv\nBad,East,10,,voice,missing.csv\n"
        + "Plain,East,10,4,voice,\n", to: "batch.csv")
    var options = BatchOptions(solver: GLPKSolver(), catalog: "zoom-contact-center")
    options.jobs = 1
    let summary = try BatchRunner.run(
      input: scratch.path("batch.csv"), output: scratch.path("out.csv"), options: options)
    #expect(summary.scenarios == 3 && summary.optimal == 2 && summary.errors == 1)
    let results = try scratch.text("out.csv")
    #expect(results.contains("\nWeek,optimal,"))
    #expect(
      results.contains("\nBad,error,") && results.contains("row 4, profile: profile file 'missing.csv' not found"))
  }
}
