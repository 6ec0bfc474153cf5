import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// Cells a spreadsheet would run as formulas get a leading `'` in every CSV SeatMix writes; plain
/// numbers, negative ones included, stay numbers.
@Suite struct CSVInjectionTests {
  @Test(arguments: [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-cmd", "'-cmd"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTab", "'\tTab"), ("\rReturn", "'\rReturn"), ("-", "'-"), ("-1e3", "'-1e3"), ("-1.", "'-1."), ("-.5", "'-.5"),
    ("-12.50", "-12.50"), ("-7", "-7"), ("12.50", "12.50"), ("a=b", "a=b"), ("Team -1", "Team -1"), ("", ""),
    ("'=already", "'=already"),
  ])
  func aCellIsNeutralizedUnlessItIsAPlainNumber(_ cell: String, _ written: String) throws {
    #expect(BatchOutput.isFormulaLike(cell) == (cell != written))
    // As a CSV reader reads it back: the cell itself, with the `'` when it needs one.
    #expect(try csvRows(BatchOutput.csvLine(["x", cell, "y"])) == [["x", written, "y"]])
  }

  @Test func quotingStillWrapsTheWholeCell() {
    #expect(BatchOutput.csvLine(["=1,2", "-a \"b\""]) == "\"'=1,2\",\"'-a \"\"b\"\"\"\n")
    #expect(BatchOutput.csvLine([" =x", "=x\ny"]) == "\" =x\",\"'=x\ny\"\n")
  }

  @Test func batchResultsAndLinesAreNeutralized() throws {
    let scratch = try Scratch()
    try scratch.write(
      """
      scenario,group,agents,features
      "=HYPERLINK(""http://evil.example"";""click"")",@SUM(A1),10,voice
      -12.50,+1,10,voice
      """, to: "in.csv")
    var options = BatchOptions(solver: GLPKSolver(), catalog: "zoom-contact-center")
    options.jobs = 1
    options.linesFile = scratch.path("lines.csv")
    _ = try BatchRunner.run(input: scratch.path("in.csv"), output: scratch.path("results.csv"), options: options)
    let results = try csvRows(scratch.text("results.csv"))
    #expect(results.dropFirst().map { $0[0] } == ["'=HYPERLINK(\"http://evil.example\";\"click\")", "-12.50"])
    #expect(results.dropFirst().allSatisfy { $0[1] == "optimal" })
    let lines = try csvRows(scratch.text("lines.csv")).dropFirst()
    #expect(
      Set(lines.map { [$0[0], $0[1]] }) == [
        ["'=HYPERLINK(\"http://evil.example\";\"click\")", "'@SUM(A1)"], ["-12.50", "'+1"],
      ])
  }

  static func dealWithAFormulaForAName() throws -> DealLoader.Loaded {
    var loaded = try DealLoader.load(file: repositoryFile("Examples/seed-100-agents.yaml"))
    loaded.deal.groups[0].name = "=cmd|' /C calc'!A0"
    return loaded
  }

  @Test func reportPlanCSVIsNeutralized() throws {
    let loaded = try Self.dealWithAFormulaForAName()
    let report = try ReportBuilder.build(
      loaded.deal, catalog: loaded.catalog, settings: ReportSettings(solver: GLPKSolver()))
    let rows = try csvRows(ReportCSV.render(report))
    let groupsColumn = try #require(ReportCSV.header.firstIndex(of: "groups"))
    let groups = rows.dropFirst().map { $0[groupsColumn] }
    #expect(!groups.isEmpty)
    #expect(groups.allSatisfy { $0.hasPrefix("'=cmd|' /C calc'!A0:") }, "\(groups)")
  }

  @Test func sweepCSVIsNeutralized() throws {
    let loaded = try Self.dealWithAFormulaForAName()
    var settings = SweepSettings(solver: GLPKSolver())
    settings.agentSteps = 1
    settings.concurrencySteps = 2
    let sweep = try SweepRunner.run(loaded.deal, catalog: loaded.catalog, settings: settings)
    let rows = try csvRows(SweepFiles.csv(sweep)).dropFirst()
    #expect(rows.count == 2)
    #expect(rows.allSatisfy { $0.last?.hasPrefix("'=cmd|' /C calc'!A0=") == true }, "\(rows)")
  }
}
