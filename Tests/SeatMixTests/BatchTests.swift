import Foundation
import GLPKSolver
import MIPModel
import Testing

@testable import SeatMix

/// `seatmix batch` (issue #3): spreadsheet quirks, per-row messages, results identical to
/// `optimize`, order under parallel workers, shards, atomic outputs, and the command end to end.
///
/// The files in `Fixtures/batch/` are byte-exact on purpose (a byte-order mark, CRLF, tabs,
/// Windows-1252, UTF-16): don't let an editor re-save them. Most quirk files hold the same two
/// scenarios, North and South, written the way one spreadsheet or another exports them.
@Suite struct BatchTests {
  /// The repository's catalogs, whatever the environment says.
  static let library = CatalogLibrary(searchFolders: [repositoryFile("Catalogs")])

  // MARK: - Helpers

  /// Every scenario of a file, read and built into deals the way `BatchRunner` does.
  func scenarios(_ path: String) throws -> (input: BatchInput, scenarios: [BatchScenario]) {
    let input = try BatchInput(file: path)
    let builder = ScenarioBuilder(input: input, defaultCatalog: "zoom-contact-center", library: Self.library)
    var built: [BatchScenario] = []
    while let rows = try input.nextScenario() { built.append(builder.build(rows)) }
    return (input, built)
  }

  /// The error a throwing call ends with (always a ``SeatMixError``), or nil.
  func failure<T>(_ body: () throws -> T) -> SeatMixError? {
    do {
      _ = try body()
      return nil
    } catch {
      #expect(error is SeatMixError, "\(error)")
      return error as? SeatMixError
    }
  }

  /// A fresh empty folder, removed after `body`.
  func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-batch-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
  }

  func contents(of folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  struct Outputs {
    var summary: BatchSummary
    var results: Data
    var lines: Data
    var resultsPath: String
    var linesPath: String
  }

  /// Runs `BatchRunner` on `input` with `jobs` workers, writing `<name>.csv` and `<name>-lines.csv` in `folder`.
  func runBatch(
    _ input: String, in folder: URL, jobs: Int = 2, shard: (index: Int, count: Int)? = nil, name: String = "results"
  ) throws -> Outputs {
    let resultsPath = folder.appendingPathComponent("\(name).csv").path
    let linesPath = folder.appendingPathComponent("\(name)-lines.csv").path
    var options = BatchOptions(solver: GLPKSolver(), catalog: "zoom-contact-center")
    options.jobs = jobs
    options.shard = shard
    options.linesFile = linesPath
    let summary = try BatchRunner.run(input: input, output: resultsPath, options: options)
    return Outputs(
      summary: summary, results: try Data(contentsOf: URL(fileURLWithPath: resultsPath)),
      lines: try Data(contentsOf: URL(fileURLWithPath: linesPath)), resultsPath: resultsPath, linesPath: linesPath)
  }

  /// A CSV the batch wrote, read back: one dictionary per row, keyed by the header.
  func table(_ path: String) throws -> [[String: String]] {
    let reader = try CSVReader(file: path)
    guard let header = try reader.next() else { return [] }
    var rows: [[String: String]] = []
    while let record = try reader.next() {
      #expect(record.fields.count == header.fields.count, "row \(record.row) of \(path)")
      rows.append(Dictionary(uniqueKeysWithValues: zip(header.fields, record.fields)))
    }
    return rows
  }

  func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

  func lineCount(_ data: Data) -> Int { data.filter { $0 == UInt8(ascii: "\n") }.count }

  // MARK: - Spreadsheet quirks

  /// A quirk file that holds North and South.
  struct Quirk: Sendable, CustomTestStringConvertible {
    var fixture: String
    var delimiter: Character
    /// Where South starts: blank rows still count, as in the spreadsheet.
    var southRow = 4
    var testDescription: String { fixture }
  }

  static let quirks: [Quirk] = [
    Quirk(fixture: "utf8-bom.csv", delimiter: ","),
    Quirk(fixture: "crlf.csv", delimiter: ","),
    Quirk(fixture: "semicolon-european.csv", delimiter: ";"),
    Quirk(fixture: "tab-separated.tsv", delimiter: "\t"),
    Quirk(fixture: "trailing-blank-rows.csv", delimiter: ",", southRow: 6),
    Quirk(fixture: "spreadsheet-headers.csv", delimiter: ","),
    Quirk(fixture: "header-spellings.csv", delimiter: ","),
  ]

  /// North and South as deals, as every quirk file must read.
  static func northAndSouth(file: String) -> [Deal] {
    [
      Deal(
        name: "North", catalog: "zoom-contact-center", term: TermID("annual"), licensing: .any,
        groups: [
          AgentGroup(
            name: "Voice", agents: 1200, peakConcurrent: 400,
            features: [FeatureID("voice"), FeatureID("ivr"), FeatureID("reporting")]),
          AgentGroup(
            name: "Digital", agents: 80, features: [FeatureID("voice"), FeatureID("chat"), FeatureID("email")],
            tier: TierID("premium")),
        ],
        accountAddOns: [AddOnID("virtual-agent"): 1, AddOnID("toll-free-number"): 3], storageGB: 2000,
        pricing: PricingOverlay(discountPercent: Decimal(string: "12.5")!), file: file),
      Deal(
        name: "South", catalog: "zoom-contact-center", term: TermID("monthly"), licensing: .concurrent,
        groups: [
          AgentGroup(
            name: "Support", agents: 35, peakConcurrent: 20,
            features: [FeatureID("voice"), FeatureID("wfm"), FeatureID("qm")])
        ],
        file: file),
    ]
  }

  @Test(arguments: quirks)
  func quirkFileReadsAsNorthAndSouth(_ quirk: Quirk) throws {
    let path = fixturePath("batch/\(quirk.fixture)")
    let (input, scenarios) = try scenarios(path)
    #expect(input.reader.delimiter == quirk.delimiter.asciiValue)
    #expect(scenarios.map(\.id) == ["North", "South"])
    #expect(scenarios.map(\.firstRow) == [2, quirk.southRow])
    for scenario in scenarios {
      #expect(scenario.errors.isEmpty, "\(scenario.errors)")
      #expect(scenario.warnings.isEmpty, "\(scenario.warnings)")
    }
    #expect(scenarios.map(\.deal) == Self.northAndSouth(file: path))
    #expect(!input.reader.readAsWindows1252)
  }

  /// However the file was written, the results are the same bytes.
  @Test func everyQuirkFileGivesTheSameResults() throws {
    try withTemporaryFolder { folder in
      let reference = try runBatch(fixturePath("batch/crlf.csv"), in: folder, name: "reference")
      #expect(reference.summary.optimal == 2)
      #expect(text(reference.results).contains("\nNorth,optimal,"))
      for quirk in Self.quirks {
        let run = try runBatch(fixturePath("batch/\(quirk.fixture)"), in: folder, name: quirk.fixture)
        #expect(run.results == reference.results, "\(quirk.fixture)")
        #expect(run.lines == reference.lines, "\(quirk.fixture)")
      }
    }
  }

  @Test func quotedFieldsKeepDelimitersQuotesAndLineBreaks() throws {
    let path = fixturePath("batch/quoted-fields.csv")
    let (_, scenarios) = try scenarios(path)
    #expect(scenarios.map(\.id) == ["Acme, Inc.", "Other \"quoted\" case", "Other"])
    let acme = try #require(scenarios.first?.deal)
    #expect(acme.groups.map(\.name) == ["Support \"Tier 2\"", "Night\nshift"])
    #expect(acme.groups.map(\.agents) == [12, 1200])
    // With a comma delimiter, ';' separates features too, spaces around them or not.
    #expect(
      acme.groups.map(\.features) == [["voice", "chat", "email"], ["voice", "ivr"]].map { $0.map { FeatureID($0) } })
    // A line break inside a quoted cell does not start a row: 'Other' is row 5, not 6.
    #expect(scenarios.map(\.firstRow) == [2, 4, 5])
    #expect(scenarios[2].errors.map(\.description) == ["row 5, agents: 'abc' is not a whole number"])

    // The outputs quote them again, so they read back as they were.
    try withTemporaryFolder { folder in
      let run = try runBatch(path, in: folder)
      #expect(try table(run.resultsPath).map { $0["scenario"] } == ["Acme, Inc.", "Other \"quoted\" case", "Other"])
      #expect(try table(run.linesPath).map { $0["group"] } == ["Night\nshift", "Support \"Tier 2\"", "Day"])
    }
  }

  @Test func windows1252FileReadsAsItsCharacters() throws {
    let path = fixturePath("batch/windows-1252.csv")
    let (input, scenarios) = try scenarios(path)
    #expect(scenarios.map(\.id) == ["Montreal", "Q3 \u{2013} Europe"])
    #expect(scenarios.map { $0.deal?.groups.map(\.name) ?? [] } == [["Support", "Équipe Montréal"], ["Zürich"]])
    #expect(scenarios.allSatisfy { $0.errors.isEmpty })
    #expect(input.reader.readAsWindows1252)

    try withTemporaryFolder { folder in
      let run = try runBatch(path, in: folder)
      #expect(run.summary.readAsWindows1252)
      // The outputs are UTF-8.
      let lines = try #require(String(validating: run.lines, as: UTF8.self))
      #expect(lines.contains("\nMontreal,Équipe Montréal,premium-concurrent,10,"))
      #expect(String(validating: run.results, as: UTF8.self)?.contains("\nQ3 \u{2013} Europe,optimal,") == true)
    }
  }

  @Test func unknownColumnsAreReportedAsIgnored() throws {
    let (input, _) = try scenarios(fixturePath("batch/spreadsheet-headers.csv"))
    // The add-on columns are not fixed ones: the scenario's catalog reads them.
    #expect(input.otherHeaders == ["Zoom Virtual Agent", "Toll-Free Numbers", "Notes", "Owner"])
    let (plain, _) = try scenarios(fixturePath("batch/crlf.csv"))
    #expect(plain.otherHeaders == ["virtual_agent", "toll_free_numbers"])
    try withTemporaryFolder { folder in
      let run = try runBatch(fixturePath("batch/spreadsheet-headers.csv"), in: folder)
      #expect(run.summary.ignoredHeaders == ["Notes", "Owner"])
    }
  }

  @Test(arguments: [
    ("1200", 1200), ("1,200", 1200), ("1.200", 1200), ("1 200", 1200), ("1\u{00A0}200", 1200), ("12.0", 12),
    ("12,00", 12), ("1,200.00", 1200), ("1.200,00", 1200), ("9,876,543", 9_876_543), ("'42", 42), ("0", 0),
  ])
  func wholeNumbersAsSpreadsheetsWriteThem(_ text: String, _ expected: Int) {
    let builder = ScenarioBuilder(
      otherHeaders: [], defaultCatalog: "zoom-contact-center", library: Self.library, delimiter: UInt8(ascii: ","),
      inputFile: "-")
    var messages: [String] = []
    #expect(builder.integer(text) { messages.append($0) } == expected)
    #expect(messages.isEmpty)
  }

  @Test(arguments: [
    ("abc", "'abc' is not a whole number"), ("12.5", "'12.5' is not a whole number"),
    ("1,20", "'1,20' is not a whole number"), ("-3", "-3 is negative"), ("1e3", "'1e3' is not a whole number"),
  ])
  func notWholeNumbersSayWhy(_ text: String, _ message: String) {
    let builder = ScenarioBuilder(
      otherHeaders: [], defaultCatalog: "zoom-contact-center", library: Self.library, delimiter: UInt8(ascii: ","),
      inputFile: "-")
    var messages: [String] = []
    #expect(builder.integer(text) { messages.append($0) } == nil)
    #expect(messages == [message])
  }

  @Test func discountsTakeADecimalCommaOnlyWhenCommasDoNotDelimit() {
    func read(_ text: String, delimiter: Character) -> (Decimal?, [String]) {
      let builder = ScenarioBuilder(
        otherHeaders: [], defaultCatalog: "zoom-contact-center", library: Self.library,
        delimiter: delimiter.asciiValue!,
        inputFile: "-")
      var messages: [String] = []
      let value = builder.decimal(text) { messages.append($0) }
      return (value, messages)
    }
    let twelveAndAHalf = Decimal(string: "12.5")!
    #expect(read("12.5", delimiter: ",") == (twelveAndAHalf, []))
    #expect(read("12,5", delimiter: ";") == (twelveAndAHalf, []))
    #expect(read("12,5", delimiter: "\t") == (twelveAndAHalf, []))
    #expect(read("10%", delimiter: ",") == (Decimal(10), []))
    #expect(read("12,5", delimiter: ",") == (nil, ["'12,5' is not a number"]))
    #expect(read("ten", delimiter: ",") == (nil, ["'ten' is not a number"]))
    #expect(read("150", delimiter: ",") == (nil, ["150 is not between 0 and 100"]))
  }

  // MARK: - Bad rows

  /// Every scenario of `broken-rows.csv` and its messages, in file order.
  static let brokenRows: [(String, [String])] = [
    ("Good A", []),
    ("Bad agents", ["row 3, agents: 'abc' is not a whole number"]),
    ("Fractional agents", ["row 4, agents: '12.5' is not a whole number"]),
    ("Negative agents", ["row 5, agents: -4 is negative"]),
    ("Empty agents", ["row 6, agents: is empty"]),
    ("No group", ["row 7, group: is empty"]),
    // An empty features cell is no features, as `features: []` in a deal file (issue 9).
    ("No features", []),
    ("Feature typo", ["row 9, features: unknown feature 'emial' (did you mean 'email'?)"]),
    (
      "Peak above agents",
      [
        "row 10, peak_concurrent: peak 12 is above the group's 10 agents; at most every agent is signed in at once"
      ]
    ),
    ("Bad peak", ["row 11, peak_concurrent: 'lots' is not a whole number"]),
    ("Tier typo", ["row 12, tier: unknown tier 'platinum'; known: elite, essentials, premium"]),
    ("Catalog typo", ["row 13, catalog: unknown catalog 'zoom-contact-centre' (did you mean 'zoom-contact-center'?)"]),
    ("Licensing typo", ["row 14, licensing: 'hybrid' is not one of any, named, concurrent"]),
    ("Term typo", ["row 15, term: unknown term 'weekly'; known: annual, monthly"]),
    ("Discount too high", ["row 16, discount_pct: 150 is not between 0 and 100"]),
    ("Virtual agent maybe", ["row 17, virtual_agent: 'maybe' is not yes or no"]),
    ("Storage words", ["row 18, storage_gb: 'lots' is not a whole number"]),
    ("Terms disagree", ["row 20, term: 'monthly' disagrees with 'annual' on row 19; give it once per scenario"]),
    ("Group twice", ["row 22, group: group 'Agents' is listed twice"]),
    ("Good B", []),
    ("Good A", ["row 24, scenario: 'Good A' already appeared at row 2; keep a scenario's rows together"]),
    ("", ["row 25, scenario: is empty"]),
    (
      "Two mistakes",
      ["row 26, agents: 'ten' is not a whole number", "row 27, toll_free_numbers: 'two' is not a whole number"]
    ),
    ("Good C", []),
  ]

  /// `ordinal` is a hand-written switch (it is read for every cell): it must stay `allCases` order.
  @Test func columnOrdinalsFollowAllCases() {
    #expect(BatchColumn.allCases.map(\.ordinal) == Array(BatchColumn.allCases.indices))
  }

  @Test func badRowsGiveOneMessageNamingRowColumnAndValue() throws {
    let (_, scenarios) = try scenarios(fixturePath("batch/broken-rows.csv"))
    #expect(scenarios.count == Self.brokenRows.count)
    for (scenario, (id, errors)) in zip(scenarios, Self.brokenRows) {
      #expect(scenario.id == id)
      #expect(scenario.errors.map(\.description) == errors, "scenario '\(id)'")
      #expect((scenario.deal == nil) == !errors.isEmpty, "scenario '\(id)'")
    }
  }

  /// Problems are data: each says its row and column, and is put in words only when shown.
  @Test func problemsCarryTheirRowAndColumn() throws {
    let (_, scenarios) = try scenarios(fixturePath("batch/broken-rows.csv"))
    let twoMistakes = try #require(scenarios.first { $0.id == "Two mistakes" })
    #expect(
      twoMistakes.errors == [
        BatchProblem(row: 26, column: "agents", message: "'ten' is not a whole number"),
        BatchProblem(row: 27, column: "toll_free_numbers", message: "'two' is not a whole number"),
      ])
    let catalogTypo = try #require(scenarios.first { $0.id == "Catalog typo" })
    #expect(catalogTypo.errors.map(\.row) == [13])
    #expect(catalogTypo.errors.map(\.column) == ["catalog"])
    #expect(BatchProblem(row: nil, message: "solver error: x").description == "solver error: x")
    #expect(BatchProblem(row: 4, message: "too long").description == "row 4: too long")
  }

  /// A survey of the file finds split scenarios before anything is solved, so every part of one,
  /// the first too, is marked as it is read (no result is written and then taken back).
  @Test func aSurveyMarksEveryPartOfASplitScenario() throws {
    let path = fixturePath("batch/broken-rows.csv")
    let survey = try BatchInput.survey(file: path)
    #expect(survey.scenarios == Self.brokenRows.count)
    #expect(survey.split == ["Good A": [2, 24]])
    let input = try BatchInput(file: path, survey: survey)
    var marked: [(String, [Int])] = []
    var rows = 0
    while let scenario = try input.nextScenario() {
      rows += scenario.rows.count
      if let runs = scenario.splitRuns { marked.append((scenario.id, runs)) }
    }
    #expect(marked.map(\.0) == ["Good A", "Good A"])
    #expect(marked.map(\.1) == [[2, 24], [2, 24]])
    #expect(rows == 27)
    // Without a survey, nothing is marked.
    let unsurveyed = try BatchInput(file: path)
    while let scenario = try unsurveyed.nextScenario() { #expect(scenario.splitRuns == nil) }
  }

  @Test func everyOtherScenarioIsStillSolved() throws {
    let path = fixturePath("batch/broken-rows.csv")
    // 'Good A' has a row far from its others: both parts become errors when the run ends.
    let split =
      "the rows of scenario 'Good A' are not together (they start at rows 2, 24); keep a scenario's rows next to each other"
    try withTemporaryFolder { folder in
      let run = try runBatch(path, in: folder)
      let rows = try table(run.resultsPath)
      #expect(rows.map { $0["scenario"] } == Self.brokenRows.map(\.0))
      for (row, (id, errors)) in zip(rows, Self.brokenRows) {
        let expected = id == "Good A" ? [split] : errors
        #expect(row["status"] == (expected.isEmpty ? "optimal" : "error"), "scenario '\(id)'")
        #expect(row["error"] == expected.joined(separator: "; "), "scenario '\(id)'")
        #expect(row["monthly_total"]?.isEmpty == !expected.isEmpty, "scenario '\(id)'")
      }
      #expect(run.summary.scenarios == 24)
      #expect(run.summary.optimal == 3)
      #expect(run.summary.errors == 21)
      #expect(!run.summary.allSucceeded)
      // One line per problem, at the problem's own row.
      #expect(run.summary.errorLines.count == 22)
      #expect(
        run.summary.errorLines.first
          == "\(path):3: error: scenario 'Bad agents': row 3, agents: 'abc' is not a whole number")
      #expect(
        run.summary.errorLines.last
          == "\(path):2: error: scenario 'Good A': its rows are not together (they start at rows 2, 24)")
      // Only solved scenarios have line items.
      #expect(Set(try table(run.linesPath).compactMap { $0["scenario"] }) == ["No features", "Good B", "Good C"])
    }
  }

  /// Each scenario-level column, given twice with different values.
  @Test(arguments: [
    ("catalog", "zoom-contact-center", "other-catalog"), ("licensing", "any", "named"),
    ("term", "annual", "monthly"), ("discount_pct", "10", "12"), ("virtual_agent", "yes", "no"),
    ("toll_free_numbers", "1", "2"), ("global_numbers", "1", "2"), ("storage_gb", "100", "200"),
  ])
  func scenarioLevelValuesMustAgree(_ column: String, _ first: String, _ second: String) throws {
    let csv = """
      scenario,group,agents,features,\(column)
      Clash,Voice,10,voice,\(first)
      Clash,Chat,5,chat,\(second)
      Same,Voice,10,voice,\(first)
      Same,Chat,5,chat,\(first.uppercased())
      Same,Email,5,email,
      Other,Voice,10,voice,\(second)

      """
    let (_, scenarios) = try scenarios(try writeTemporary(csv, named: "clash.csv"))
    #expect(scenarios.map(\.id) == ["Clash", "Same", "Other"])
    #expect(
      scenarios[0].errors.map(\.description) == [
        "row 3, \(column): '\(second)' disagrees with '\(first)' on row 2; give it once per scenario"
      ])
    // The same value in another case, or left blank on other rows, agrees; other scenarios may differ.
    #expect(scenarios[1].errors == [])
    #expect(scenarios[1].deal?.groups.count == 3)
    #expect(scenarios[2].errors.allSatisfy { !$0.message.contains("disagrees") })
  }

  @Test func aScenarioWhoseRowsAreNotTogetherIsAnErrorInEveryPart() throws {
    let csv = """
      scenario,group,agents,features
      A,Voice,10,voice
      A,Chat,5,chat
      B,Voice,20,voice
      A,Email,5,email

      """
    let path = try writeTemporary(csv, named: "split.csv")
    try withTemporaryFolder { folder in
      let run = try runBatch(path, in: folder)
      let rows = try table(run.resultsPath)
      #expect(rows.map { $0["scenario"] } == ["A", "B", "A"])
      #expect(rows.map { $0["status"] } == ["error", "optimal", "error"])
      let message =
        "the rows of scenario 'A' are not together (they start at rows 2, 5); keep a scenario's rows next to each other"
      #expect(rows[0]["error"] == message)
      #expect(rows[2]["error"] == message)
      #expect(rows[0]["monthly_total"] == "")
      // Neither part of A is priced: the first part alone would miss a group.
      #expect(try table(run.linesPath).filter { $0["scenario"] == "A" }.isEmpty)
      #expect(run.summary.errors == 2 && run.summary.optimal == 1)
    }
  }

  @Test func infeasibleScenarioNamesTheGroupAndFeature() throws {
    try withTemporaryFolder { folder in
      let run = try runBatch(repositoryFile("Examples/batch-example.csv"), in: folder)
      let row = try #require(try table(run.resultsPath).first { $0["scenario"] == "Essentials everywhere" })
      #expect(row["status"] == "infeasible")
      #expect(
        row["error"]
          == "group 'Omnichannel' needs Email Contact Channel (email), which Essentials lacks and no add-on provides there"
      )
      #expect(row["monthly_total"] == "")
    }
  }

  // MARK: - Files that cannot be read

  /// A file-level problem: the whole file's one diagnostic (line 1 for the header).
  struct Unreadable: Sendable, CustomTestStringConvertible {
    var fixture: String
    var line: Int?
    var field: String
    var message: String
    var testDescription: String { fixture }
  }

  static let unreadable: [Unreadable] = [
    Unreadable(
      fixture: "empty.csv", line: nil, field: "",
      message: "the file is empty; it needs a header row (see seatmix batch --template)"),
    Unreadable(
      fixture: "utf16.csv", line: nil, field: "",
      message: "the file is UTF-16 text; save it as CSV UTF-8 (or Windows-1252)"),
    Unreadable(
      fixture: "missing-column.csv", line: 1, field: "header",
      message: "missing required column features (found 'scenario', 'group', 'agents', 'tier'; delimiter ',')"),
    Unreadable(
      fixture: "duplicate-column.csv", line: 1, field: "header", message: "columns 3 and 4 are both 'agents'"),
    Unreadable(fixture: "no-such-file.csv", line: nil, field: "", message: "no such file"),
    Unreadable(fixture: "", line: nil, field: "", message: "is a folder, not a file"),
  ]

  @Test(arguments: unreadable)
  func fileThatCannotBeReadGivesOneDiagnosticAndNoOutput(_ expected: Unreadable) throws {
    let path = fixturePath("batch/\(expected.fixture)")
    let diagnostic = Diagnostic(file: path, line: expected.line, field: expected.field, message: expected.message)
    #expect(failure { try BatchInput(file: path) }?.diagnostics == [diagnostic])
    try withTemporaryFolder { folder in
      let problem = failure { try runBatch(path, in: folder) }
      #expect(problem?.diagnostics == [diagnostic])
      let left = try contents(of: folder)
      #expect(left == [])
    }
  }

  @Test func fileOfOnlyAByteOrderMarkAndBlankRowsIsEmpty() throws {
    let path = try writeTemporary("\u{FEFF}\r\n,,,\r\n\r\n", named: "blank.csv")
    #expect(
      failure { try BatchInput(file: path) }?.description
        == "\(path): error: the file is empty; it needs a header row (see seatmix batch --template)")
  }

  // MARK: - Same results as optimize

  /// Examples/mixed-center.yaml as CSV rows, in the example batch.
  @Test(arguments: [("Examples/batch-example.csv", "Today")])
  func csvRowsSolveExactlyAsTheDealFile(_ source: String, _ scenarioID: String) throws {
    let path = repositoryFile(source)
    let (_, scenarios) = try scenarios(path)
    let scenario = try #require(scenarios.first { $0.id == scenarioID })
    let fromCSV = try #require(scenario.deal, "\(scenario.errors)")
    let loaded = try DealLoader.load(file: repositoryFile("Examples/mixed-center.yaml"), library: Self.library)

    // The same deal, apart from its name and file.
    var renamed = fromCSV
    renamed.name = loaded.deal.name
    renamed.file = loaded.deal.file
    #expect(renamed == loaded.deal)

    let optimizer = Optimizer(solver: GLPKSolver())
    let expected = try optimizer.analyze(loaded.deal, catalog: loaded.catalog)
    let actual = try optimizer.analyze(fromCSV, catalog: try #require(scenario.catalog))
    let expectedPlan = try #require(expected.plan)
    let plan = try #require(actual.plan)
    #expect(plan.status == .optimal)
    #expect(plan.monthlyTotal == expectedPlan.monthlyTotal)
    #expect(plan.termTotal == expectedPlan.termTotal)
    #expect(plan.lineItems.map(\.sku) == expectedPlan.lineItems.map(\.sku))
    #expect(plan.lineItems.map(\.quantity) == expectedPlan.lineItems.map(\.quantity))
    #expect(actual.bestSinglePlan?.plan?.monthlyTotal == expected.bestSinglePlan?.plan?.monthlyTotal)

    // And the batch's result row says the same.
    try withTemporaryFolder { folder in
      let run = try runBatch(path, in: folder)
      let row = try #require(try table(run.resultsPath).first { $0["scenario"] == scenarioID })
      #expect(row["status"] == "optimal")
      #expect(row["monthly_total"] == Money.plain(expectedPlan.monthlyTotal))
      #expect(row["term_total"] == Money.plain(expectedPlan.termTotal))
      #expect(row["licensing_model"] == "concurrent")
      for sku in loaded.catalog.skus {
        let column = "qty_" + sku.id.replacingOccurrences(of: "-", with: "_")
        #expect(row[column] == "\(expectedPlan.quantity(of: sku))", "\(column)")
      }
      let best = try #require(expected.bestSinglePlan)
      #expect(row["best_single_plan"] == "\(best.tier)-\(best.model.rawValue)")
      #expect(row["best_single_plan_monthly"] == best.plan.map { Money.plain($0.monthlyTotal) })
      #expect(row["savings_monthly"] == expected.savingsAgainstBestSingle.map(Money.plain))
      #expect(row["error"] == "")
    }
  }

  @Test func batchRowMatchesSeatmixOptimize() throws {
    let cli = CLITests()
    let optimize = try cli.seatmix("optimize", "Examples/mixed-center.yaml", "--format", "json")
    #expect(optimize.status == 0, "\(optimize.stderr)")
    let document = try cli.json(optimize)
    let quantities = try cli.quantities(document)
    try withTemporaryFolder { folder in
      let output = folder.appendingPathComponent("results.csv").path
      let batch = try cli.seatmix("batch", "Examples/batch-example.csv", "-o", output)
      #expect(batch.status == 1, "\(batch.stderr)")
      let row = try #require(try table(output).first { $0["scenario"] == "Today" })
      #expect(row["monthly_total"].flatMap(Double.init) == document["monthly_total"] as? Double)
      #expect(row["term_total"].flatMap(Double.init) == document["term_total"] as? Double)
      #expect(row["licensing_model"] == "concurrent")
      var columns: [String: Int] = [:]
      for (key, value) in row where key.hasPrefix("qty_") {
        let quantity = try #require(Int(value))
        if quantity > 0 { columns[String(key.dropFirst(4)).replacingOccurrences(of: "_", with: "-")] = quantity }
      }
      #expect(columns == quantities)
      #expect(!quantities.isEmpty)
    }
  }

  // MARK: - Workers, shards, outputs

  /// A few hundred seeded scenarios in a temporary file.
  func syntheticBatch(in folder: URL, scenarios: Int = 300) throws -> String {
    let path = folder.appendingPathComponent("synthetic.csv").path
    #expect(try SyntheticBatch.write(to: path, scenarios: scenarios, groups: 3, seed: 2026) == scenarios * 3)
    return path
  }

  @Test func parallelWorkersKeepInputOrderAndGiveTheSameBytes() throws {
    try withTemporaryFolder { folder in
      let input = try syntheticBatch(in: folder)
      let one = try runBatch(input, in: folder, jobs: 1, name: "one")
      #expect(one.summary.scenarios == 300)
      #expect(one.summary.optimal + one.summary.feasible == 300)
      #expect(try table(one.resultsPath).map { $0["scenario"] } == (1...300).map { "S\($0)" })
      for jobs in [2, 4] {
        let run = try runBatch(input, in: folder, jobs: jobs, name: "jobs\(jobs)")
        #expect(run.summary.jobs == jobs)
        #expect(run.results == one.results, "jobs \(jobs)")
        #expect(run.lines == one.lines, "jobs \(jobs)")
      }
    }
  }

  /// GLPK, except for models with a variable bounded at 4321 (a scenario with 4321 agents has such
  /// a pool): a call holding one fails (`throws`), or answers "unbounded" for it.
  struct PoisonedSolver: Solver {
    let name = "poisoned"
    var throwsOnPoison = true

    static func isPoisoned(_ model: Model) -> Bool { model.variables.contains { $0.upperBound == 4321 } }

    func solve(_ model: Model, options: SolveOptions) throws(ModelError) -> SolveResult {
      try solve([model], options: options)[0]
    }

    func solve(_ models: [Model], options: SolveOptions) throws(ModelError) -> [SolveResult] {
      if throwsOnPoison && models.contains(where: Self.isPoisoned) {
        throw .solverFailed(solver: name, message: "refuses a variable bounded at 4321")
      }
      return try zip(models, GLPKSolver().solve(models, options: options)).map { model, result in
        Self.isPoisoned(model) ? SolveResult(status: .unbounded, values: nil, objective: nil, bestBound: nil) : result
      }
    }
  }

  /// Scenarios A, Poisoned (4321 agents, concurrent), B and C, run with GLPK and with `solver`
  /// (one worker, so one chunk): the result rows of both runs, and the summary of the second.
  func runPoisoned(with solver: PoisonedSolver) throws -> (
    expected: [[String: String]], rows: [[String: String]], summary: BatchSummary, input: String
  ) {
    let csv = """
      scenario,group,agents,features,licensing
      A,Voice,10,voice,any
      Poisoned,Voice,4321,voice,concurrent
      B,Chat,20,chat|voice,any
      C,Voice,30,voice|wfm,any

      """
    return try withTemporaryFolder { folder in
      let input = folder.appendingPathComponent("poisoned.csv").path
      try csv.write(toFile: input, atomically: true, encoding: .utf8)
      var options = BatchOptions(solver: GLPKSolver(), catalog: "zoom-contact-center")
      options.jobs = 1
      let expectedPath = folder.appendingPathComponent("expected.csv").path
      _ = try BatchRunner.run(input: input, output: expectedPath, options: options)
      options.solver = solver
      let resultsPath = folder.appendingPathComponent("results.csv").path
      let summary = try BatchRunner.run(input: input, output: resultsPath, options: options)
      let rows = try table(resultsPath)
      #expect(rows.map { $0["scenario"] } == ["A", "Poisoned", "B", "C"])
      return (try table(expectedPath), rows, summary, input)
    }
  }

  /// A scenario whose plan cannot be read (the solver calls it unbounded) fails alone, and the
  /// scenarios after it in the chunk still get their own models' results.
  @Test func aPlanThatCannotBeReadFailsOnlyItsOwnScenario() throws {
    let run = try runPoisoned(with: PoisonedSolver(throwsOnPoison: false))
    for index in [0, 2, 3] { #expect(run.rows[index] == run.expected[index], "row \(index)") }
    #expect(
      run.rows[1]["error"] == "solver error: poisoned failed: the model is unbounded, which a license plan cannot be")
    #expect(run.summary.optimal == 3)
    #expect(run.summary.errors == 1)
  }

  /// A worker solves a chunk's models in one call; when that call fails, each scenario is solved
  /// apart, so the failure stays with its own scenario and every other result is as usual.
  @Test func aSolverFailureFailsOnlyItsOwnScenario() throws {
    let run = try runPoisoned(with: PoisonedSolver())
    for index in [0, 2, 3] { #expect(run.rows[index] == run.expected[index], "row \(index)") }
    #expect(run.expected[1]["status"] == "optimal")
    #expect(run.rows[1]["status"] == "error")
    #expect(run.rows[1]["error"] == "solver error: poisoned failed: refuses a variable bounded at 4321")
    #expect(run.summary.optimal == 3)
    #expect(run.summary.errors == 1)
    #expect(
      run.summary.errorLines == [
        "\(run.input):3: error: scenario 'Poisoned': solver error: poisoned failed: refuses a variable bounded at 4321"
      ])
  }

  @Test func shardsConcatenateToTheUnshardedOutputs() throws {
    try withTemporaryFolder { folder in
      let inputs = [
        try syntheticBatch(in: folder, scenarios: 100), fixturePath("batch/broken-rows.csv"),
        repositoryFile("Examples/batch-example.csv"),
        // Fewer scenarios than shards: the first shard has none.
        fixturePath("batch/crlf.csv"),
      ]
      for (number, input) in inputs.enumerated() {
        let whole = try runBatch(input, in: folder, name: "whole\(number)")
        var results = Data()
        var lines = Data()
        for index in 1...3 {
          let shard = try runBatch(input, in: folder, jobs: 2, shard: (index, 3), name: "shard\(number)-\(index)")
          // Only the first shard writes the headers.
          #expect(text(shard.results).hasPrefix("scenario,status,") == (index == 1), "\(input) shard \(index)")
          #expect(text(shard.lines).hasPrefix("scenario,group,") == (index == 1), "\(input) shard \(index)")
          results += shard.results
          lines += shard.lines
        }
        #expect(results == whole.results, "\(input)")
        #expect(lines == whole.lines, "\(input)")
        #expect(lineCount(whole.results) > 2)
      }
    }
  }

  @Test func missingOutputFolderIsAnErrorAndWritesNothing() throws {
    try withTemporaryFolder { folder in
      let output = folder.appendingPathComponent("no-such-folder/results.csv").path
      var options = BatchOptions(solver: GLPKSolver(), catalog: "zoom-contact-center")
      options.linesFile = folder.appendingPathComponent("lines.csv").path
      let problem = failure {
        try BatchRunner.run(input: fixturePath("batch/crlf.csv"), output: output, options: options)
      }
      #expect(problem?.description == "\(output): error: cannot write here (does the folder exist?)")
      let left = try contents(of: folder)
      #expect(left == [])
    }
  }

  @Test func unwritableLinesFileLeavesNoPartialResults() throws {
    try withTemporaryFolder { folder in
      let lines = folder.appendingPathComponent("no-such-folder/lines.csv").path
      var options = BatchOptions(solver: GLPKSolver(), catalog: "zoom-contact-center")
      options.linesFile = lines
      let problem = failure {
        try BatchRunner.run(
          input: fixturePath("batch/crlf.csv"), output: folder.appendingPathComponent("results.csv").path,
          options: options)
      }
      #expect(problem?.description == "\(lines): error: cannot write here (does the folder exist?)")
      let left = try contents(of: folder)
      #expect(left == [])
    }
  }

  @Test func successfulRunReplacesTheOutputsAndLeavesNoPartialFile() throws {
    try withTemporaryFolder { folder in
      let stale = Data("stale results from an earlier run\n".utf8)
      try stale.write(to: folder.appendingPathComponent("results.csv"))
      try stale.write(to: folder.appendingPathComponent("results-lines.csv"))
      let run = try runBatch(fixturePath("batch/crlf.csv"), in: folder)
      #expect(try contents(of: folder) == ["results-lines.csv", "results.csv"])
      #expect(text(run.results).hasPrefix("scenario,status,monthly_total,"))
      #expect(lineCount(run.results) == 3)
      #expect(!text(run.results).contains("stale"))
      #expect(text(run.lines).hasPrefix("scenario,group,sku,quantity,unit_price,monthly\n"))
    }
  }

  @Test func failedRunLeavesAnEarlierResultsFileAsItWas() throws {
    try withTemporaryFolder { folder in
      let stale = Data("earlier results\n".utf8)
      let output = folder.appendingPathComponent("results.csv")
      try stale.write(to: output)
      var options = BatchOptions(solver: GLPKSolver(), catalog: "zoom-contact-center")
      options.linesFile = folder.appendingPathComponent("lines.csv").path
      let problem = failure {
        try BatchRunner.run(input: fixturePath("batch/missing-column.csv"), output: output.path, options: options)
      }
      #expect(problem != nil)
      #expect(try Data(contentsOf: output) == stale)
      #expect(try contents(of: folder) == ["results.csv"])
    }
  }

  @Test(arguments: ["Examples/batch-example.csv", "synthetic"])
  func lineItemsAddUpToEachScenariosTotal(_ source: String) throws {
    try withTemporaryFolder { folder in
      let input = source == "synthetic" ? try syntheticBatch(in: folder, scenarios: 60) : repositoryFile(source)
      let run = try runBatch(input, in: folder)
      let results = try table(run.resultsPath)
      let lines = try table(run.linesPath)
      var monthly: [String: Decimal] = [:]
      var quantities: [String: [String: Int]] = [:]
      for line in lines {
        let scenario = try #require(line["scenario"])
        let amount = try #require(line["monthly"].flatMap { Decimal(string: $0) })
        let unit = try #require(line["unit_price"].flatMap { Decimal(string: $0) })
        let quantity = try #require(line["quantity"].flatMap { Int($0) })
        #expect(amount == unit * Decimal(quantity), "\(line)")
        monthly[scenario, default: 0] += amount
        let column = "qty_" + (line["sku"] ?? "").replacingOccurrences(of: "-", with: "_")
        quantities[scenario, default: [:]][column, default: 0] += quantity
      }
      var planned = 0
      for row in results {
        let scenario = try #require(row["scenario"])
        guard row["status"] == "optimal" || row["status"] == "feasible" else {
          #expect(monthly[scenario] == nil, "\(scenario) has line items but no plan")
          continue
        }
        planned += 1
        #expect(monthly[scenario] == row["monthly_total"].flatMap { Decimal(string: $0) }, "\(scenario)")
        for (column, quantity) in quantities[scenario] ?? [:] {
          #expect(row[column] == "\(quantity)", "\(scenario) \(column)")
        }
      }
      #expect(planned >= 5)
    }
  }

  // MARK: - The command

  @Test func templateIsABatchInputThatSolves() throws {
    let cli = CLITests()
    let template = try cli.seatmix("batch", "--template")
    #expect(template.status == 0)
    #expect(template.stderr.isEmpty)
    #expect(template.stdout == BatchTemplate.csv(for: try Self.library.catalog("zoom-contact-center")))
    try withTemporaryFolder { folder in
      let input = folder.appendingPathComponent("template.csv")
      try template.stdoutData.write(to: input)
      let output = folder.appendingPathComponent("results.csv").path
      let run = try cli.seatmix("batch", input.path, "-o", output)
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stdout.isEmpty)
      cli.expectNoStackTrace(run)
      // One summary line, and no progress bar: stderr is a file, not a terminal.
      #expect(run.stderrLines.count == 1, "\(run.stderr)")
      let summary = try #require(run.stderrLines.first)
      #expect(
        summary.hasPrefix(
          "batch: 3 scenarios: 3 optimal, 0 feasible (not proven), 0 infeasible, 0 without a plan in time, 0 errors; results in \(output) ("
        ))
      #expect(summary.hasSuffix(" s)"))
      #expect(!run.stderr.contains("\r") && !run.stderr.contains("\u{1B}") && !run.stderr.contains("ETA"))
      #expect(try table(output).map { $0["status"] } == ["optimal", "optimal", "optimal"])

      let quiet = try cli.seatmix("batch", input.path, "-o", output, "--quiet")
      #expect(quiet.status == 0)
      #expect(quiet.stderr.isEmpty)
    }
  }

  static let exampleProblems = [
    "Examples/batch-example.csv:17: error: scenario 'New site': row 17, agents: 'TBD' is not a whole number",
    "Examples/batch-example.csv:19: infeasible: scenario 'Essentials everywhere': group 'Omnichannel' needs Email Contact Channel (email), which Essentials lacks and no add-on provides there",
  ]

  @Test func exampleShowsEveryStatusAndExitsOne() throws {
    let cli = CLITests()
    try withTemporaryFolder { folder in
      let output = folder.appendingPathComponent("results.csv").path
      let lines = folder.appendingPathComponent("lines.csv").path
      let run = try cli.seatmix("batch", "Examples/batch-example.csv", "-o", output, "--lines", lines)
      // An error row wins over an infeasible scenario.
      #expect(run.status == 1)
      cli.expectNoStackTrace(run)
      #expect(Array(run.stderrLines.dropLast()) == Self.exampleProblems)
      #expect(
        run.stderrLines.last?.hasPrefix(
          "batch: 7 scenarios: 5 optimal, 0 feasible (not proven), 1 infeasible, 0 without a plan in time, 1 error; results in \(output) ("
        )
          == true, "\(run.stderr)")
      let rows = try table(output)
      #expect(
        rows.map { $0["scenario"] } == [
          "Today", "Growth 20%", "Growth 50% at 10% off", "All Elite", "Named only, billed monthly", "New site",
          "Essentials everywhere",
        ])
      #expect(
        rows.map { $0["status"] } == ["optimal", "optimal", "optimal", "optimal", "optimal", "error", "infeasible"])
      #expect(rows[5]["error"] == "row 17, agents: 'TBD' is not a whole number")
      #expect(rows[3]["licensing_model"] == "concurrent")
      #expect(rows[3]["qty_elite_concurrent"] == "85")
      #expect(rows[4]["licensing_model"] == "named")

      // --quiet drops the summary, not the problems.
      let quiet = try cli.seatmix("batch", "Examples/batch-example.csv", "-o", output, "--quiet")
      #expect(quiet.status == 1)
      #expect(quiet.stderrLines == Self.exampleProblems)
    }
  }

  @Test func infeasibleScenarioWithoutErrorRowsExitsTwo() throws {
    let cli = CLITests()
    try withTemporaryFolder { folder in
      let input = folder.appendingPathComponent("infeasible.csv")
      try Data(
        """
        scenario,group,agents,features,tier
        Fine,Agents,10,voice,
        Stuck,Agents,10,voice|email,essentials

        """.utf8
      ).write(to: input)
      let output = folder.appendingPathComponent("results.csv").path
      let run = try cli.seatmix("batch", input.path, "-o", output)
      #expect(run.status == 2, "\(run.stderr)")
      #expect(run.stderrLines.count == 2, "\(run.stderr)")
      #expect(
        run.stderrLines.first
          == "\(input.path):3: infeasible: scenario 'Stuck': group 'Agents' needs Email Contact Channel (email), which Essentials lacks and no add-on provides there"
      )
      #expect(
        run.stderrLines.last?.hasPrefix(
          "batch: 2 scenarios: 1 optimal, 0 feasible (not proven), 1 infeasible, 0 without a plan in time, 0 errors;")
          == true)
      #expect(try table(output).map { $0["status"] } == ["optimal", "infeasible"])
    }
  }

  @Test func summaryNotesWindows1252AndIgnoredColumns() throws {
    let cli = CLITests()
    try withTemporaryFolder { folder in
      let output = folder.appendingPathComponent("results.csv").path
      let encoded = try cli.seatmix("batch", "Tests/SeatMixTests/Fixtures/batch/windows-1252.csv", "-o", output)
      #expect(encoded.status == 0, "\(encoded.stderr)")
      #expect(encoded.stderrLines.count == 1)
      #expect(
        encoded.stderrLines.first?.hasSuffix(" s); read as Windows-1252 (not UTF-8)") == true, "\(encoded.stderr)")
      let headers = try cli.seatmix("batch", "Tests/SeatMixTests/Fixtures/batch/spreadsheet-headers.csv", "-o", output)
      #expect(headers.status == 0, "\(headers.stderr)")
      #expect(headers.stderrLines.count == 1)
      #expect(headers.stderrLines.first?.hasSuffix(" s); ignored columns: Notes, Owner") == true, "\(headers.stderr)")
    }
  }

  @Test func unreadableInputIsOneLineAndWritesNothing() throws {
    let cli = CLITests()
    try withTemporaryFolder { folder in
      let output = folder.appendingPathComponent("results.csv").path
      let missing = try cli.seatmix("batch", "Examples/no-such-batch.csv", "-o", output)
      #expect(missing.status == 1)
      #expect(missing.stderrLines == ["Examples/no-such-batch.csv: error: no such file"])
      let utf16 = try cli.seatmix("batch", "Tests/SeatMixTests/Fixtures/batch/utf16.csv", "-o", output)
      #expect(utf16.status == 1)
      #expect(
        utf16.stderrLines == [
          "Tests/SeatMixTests/Fixtures/batch/utf16.csv: error: the file is UTF-16 text; save it as CSV UTF-8 (or Windows-1252)"
        ])
      let header = try cli.seatmix("batch", "Tests/SeatMixTests/Fixtures/batch/missing-column.csv", "-o", output)
      #expect(header.status == 1)
      #expect(
        header.stderrLines == [
          "Tests/SeatMixTests/Fixtures/batch/missing-column.csv:1: error: header: missing required column features (found 'scenario', 'group', 'agents', 'tier'; delimiter ',')"
        ])
      let left = try contents(of: folder)
      #expect(left == [])
    }
  }

  @Test(arguments: [
    (["--jobs", "0"], "--jobs: must be at least 1, not 0"),
    (["--shard", "4/3"], "--shard: takes I/N with 1 ≤ I ≤ N, e.g. 3/8, not '4/3'"),
    (["--shard", "0/3"], "--shard: takes I/N with 1 ≤ I ≤ N, e.g. 3/8, not '0/3'"),
    (["--time-limit", "0"], "--time-limit: must be a positive number of seconds, not 0"),
  ])
  func badOptionIsAUsageError(_ option: [String], _ message: String) throws {
    let cli = CLITests()
    try withTemporaryFolder { folder in
      let output = folder.appendingPathComponent("results.csv").path
      let run = try cli.seatmix("batch", "Examples/batch-example.csv", "-o", output, option[0], option[1])
      cli.expectUsageError(run, message, command: "batch")
      let left = try contents(of: folder)
      #expect(left == [])
    }
  }

  // MARK: - Fixtures

  /// Every file in Fixtures/batch is used by a test above.
  @Test func everyBatchFixtureIsUsed() throws {
    let used =
      Self.quirks.map(\.fixture)
      + Self.unreadable.map(\.fixture).filter { $0.hasSuffix(".csv") && $0 != "no-such-file.csv" }
      + ["quoted-fields.csv", "windows-1252.csv", "broken-rows.csv"]
    let present = try FileManager.default.contentsOfDirectory(atPath: fixturePath("batch")).filter {
      !$0.hasPrefix(".")
    }
    #expect(Set(present) == Set(used))
  }
}
