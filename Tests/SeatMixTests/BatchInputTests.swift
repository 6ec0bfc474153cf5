import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// Batch input at its limits (issue 8, items 6 and 8): cells and rows past their caps, a quote that
/// never closes, cells beyond the header, very wide headers, inputs that are not files.
@Suite struct BatchInputTests {
  let batch = BatchTests()

  /// Every record of a CSV text, with its problem.
  func records(_ text: String) throws -> [CSVRecord] {
    let reader = try CSVReader(file: try writeTemporary(text, named: "records.csv"))
    var records: [CSVRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
  }

  // MARK: - Caps

  @Test func aCellPastItsCapIsCutAndTheNextRecordsReadAsUsual() throws {
    let long = String(repeating: "x", count: CSVReader.maximumCellBytes + 10)
    for cell in [long, "\"\(long)\"", "\"a\nb\(long)\""] {
      let records = try records("a,b,c\n1,\(cell),3\n4,5,6\n")
      #expect(records.count == 3)
      #expect(records[1].problem == .cellTooLong(position: 1))
      #expect(records[1].fields.count == 3)
      #expect(records[1].fields[1].utf8.count == CSVReader.maximumCellBytes)
      #expect(records[1].fields[2] == "3")
      #expect(records[2].fields == ["4", "5", "6"])
      #expect(records[2].problem == nil)
      #expect(records[2].row == 3)
    }
  }

  @Test func aRecordPastItsCapKeepsItsFirstCellsAndReadingResyncsAtItsEnd() throws {
    // 300,000 cells of 3 bytes and their commas: past 1 MiB, every cell under its cap.
    let wide = Array(repeating: "abc", count: 300_000).joined(separator: ",")
    let records = try records("a,b\n\(wide)\n\"quoted\nline\",2\n")
    #expect(records.count == 3)
    guard case .recordTooLong(let kept) = records[1].problem else {
      Issue.record("no problem: \(String(describing: records[1].problem))")
      return
    }
    #expect(kept == records[1].fields.count)
    #expect(kept > 200_000 && kept < 300_000)
    #expect(records[2].fields == ["quoted\nline", "2"])
    #expect(records[2].row == 3)
  }

  /// The quote cannot be recovered from: one line for the file, naming where it opened. A 5 MB
  /// rest of file is scanned once (it used to take 39 s); nothing of it is kept or echoed.
  @Test func aQuoteThatNeverClosesIsAFileErrorNamingItsRowAndColumn() throws {
    let rest = String(repeating: String(repeating: "y", count: 79) + "\n", count: 64_000)
    let path = try writeTemporary(
      "scenario,group,agents,features\nA,G,10,voice\nB,G,10,\"voice\n" + rest, named: "unclosed.csv")
    let expected =
      "\(path):3: error: features: the quote that opens this cell is never closed: the rest of the file would be one cell (a '\"' inside a quoted cell is written '\"\"')"
    #expect(batch.failure { try BatchInput.survey(file: path) }?.description == expected)
    try batch.withTemporaryFolder { folder in
      let problem = batch.failure { try batch.runBatch(path, in: folder) }
      #expect(problem?.description == expected)
      let left = try batch.contents(of: folder)
      #expect(left == [])
    }
  }

  /// A scenario with a cell too long fails alone, with one located message; the other scenarios
  /// are solved, and the cut cell is not read on (no "unknown feature" or "listed twice" messages
  /// from what was kept of it).
  @Test func aScenarioWithACellTooLongFailsAlone() throws {
    let features = Array(repeating: "voice", count: 20_000).joined(separator: "|")
    let path = try writeTemporary(
      "scenario,group,agents,features\nA,G,10,voice\nB,G,10,\(features)\nB,H,5,chat\nC,G,10,voice\n", named: "long.csv")
    let (_, scenarios) = try batch.scenarios(path)
    #expect(scenarios.map(\.id) == ["A", "B", "C"])
    #expect(
      scenarios[1].errors == [
        BatchProblem(row: 3, column: "features", message: "is longer than 64 KiB, the most a cell may hold")
      ])
    #expect(scenarios[1].warnings.isEmpty)
    try batch.withTemporaryFolder { folder in
      let run = try batch.runBatch(path, in: folder)
      let statuses = try batch.table(run.resultsPath).map { $0["status"] }
      #expect(statuses == ["optimal", "error", "optimal"])
      #expect(
        run.summary.errorLines == [
          "\(path):3: error: scenario 'B': row 3, features: is longer than 64 KiB, the most a cell may hold"
        ])
    }
  }

  @Test func aRowTooLongFailsItsScenarioAndOneWhoseScenarioIsLostFailsTheFile() throws {
    let wide = Array(repeating: "abc", count: 300_000).joined(separator: ",")
    let path = try writeTemporary(
      "scenario,group,agents,features\nA,G,10,voice\nB,G,10,voice,\(wide)\nC,G,10,voice\n", named: "wide.csv")
    let (_, scenarios) = try batch.scenarios(path)
    #expect(scenarios.map(\.id) == ["A", "B", "C"])
    #expect(scenarios.map { $0.deal != nil } == [true, false, true])
    let problem = try #require(scenarios[1].errors.first)
    #expect(problem.row == 3 && problem.column == "")
    #expect(
      problem.message.hasPrefix("the row is longer than 1 MiB, the most a row may hold (it was read up to column "))

    let lost = String(repeating: "s", count: CSVReader.maximumCellBytes + 1)
    let lostPath = try writeTemporary(
      "scenario,group,agents,features\nA,G,10,voice\n\(lost),G,10,voice\n", named: "lost.csv")
    #expect(
      batch.failure { try batch.scenarios(lostPath) }?.description
        == "\(lostPath):3: error: scenario: is longer than 64 KiB, the most a cell may hold; which scenario the row belongs to cannot be read"
    )
  }

  @Test func aHeaderPastItsCapIsAFileError() throws {
    let header = (1...200_000).map { "column\($0)" }.joined(separator: ",")
    let path = try writeTemporary(header + "\nA,G,10,voice\n", named: "header.csv")
    #expect(
      batch.failure { try BatchInput(file: path) }?.description.hasPrefix(
        "\(path):1: error: header: the row is longer than 1 MiB, the most a row may hold") == true)
  }

  // MARK: - The survey

  /// The survey reads only the scenario cell of a row; it must find what reading every scenario
  /// finds: the same count, the same split scenarios, the same error for the whole file.
  @Test func theSurveyFindsWhatReadingEveryScenarioFinds() throws {
    func reference(_ path: String) throws -> BatchSurvey {
      let input = try BatchInput(file: path)
      var count = 0
      while try input.nextScenario() != nil { count += 1 }
      return BatchSurvey(scenarios: count, split: input.split)
    }
    func outcome(_ survey: () throws -> BatchSurvey) -> String {
      do {
        let found = try survey()
        return "\(found.scenarios) \(found.split.sorted { $0.key < $1.key })"
      } catch { return "error: \(error)" }
    }
    let long = String(repeating: "x", count: CSVReader.maximumCellBytes + 1)
    let header = "scenario,group,agents,peak_concurrent,features\n"
    let bodies = [
      "a,G1,1,1,voice\na,G2,1,1,\n\"b\",G1,2,2,\"voice|chat\"\n , ,\n\"a\",G1,1,1,\n",
      " a ,G1,1,1,voice\r\na,G2,1,1,voice\r\n,G1,1,1,voice\r\n,G2,1,1,voice\r\nc,G1\r\n",
      "a,G1,1,1,\"\(long)\"\nb,G1,1,1,\(long)\na,G1,1,1,voice,extra\n\"\"\"q\"\"\",G1,1,1,\nb\n",
      "a,G1,1,1,voice\n\(long),G1,1,1,voice\n",
      "a,G1,1,1,voice\n\"\(long)\",G1,1,1,voice\n",
      "a,G1,1,1,voice\nb,\"G1,1,1,voice\n",
      "caf\u{E9},G1,1,1,voice\ncaf\u{E9},G2,1,1,voice\nb\ncaf\u{E9}\n",
      "",
    ]
    for (number, body) in bodies.enumerated() {
      let path = try writeTemporary(header + body, named: "survey-\(number).csv")
      let expected = outcome { try reference(path) }
      #expect(outcome { try BatchInput.survey(file: path) } == expected, "file \(number)")
      #expect(!expected.isEmpty)
    }
    // Windows-1252 bytes (an invalid UTF-8 é) in the scenario cell, after an ASCII row.
    let bytes = Array((header + "a,G1,1,1,voice\n").utf8) + [0x63, 0x61, 0x66, 0xE9] + Array(",G1,1,1,voice\nb\n".utf8)
    let latin = FileManager.default.temporaryDirectory.appendingPathComponent("survey-latin-\(UUID()).csv").path
    try Data(bytes).write(to: URL(fileURLWithPath: latin))
    #expect(outcome { try BatchInput.survey(file: latin) } == outcome { try reference(latin) })
    #expect(try BatchInput.survey(file: latin).scenarios == 3)
  }

  // MARK: - Cells beyond the header, wide headers

  /// Non-empty cells past the header are an error of their row (usually an unquoted delimiter that
  /// shifted the row's cells); empty ones, which spreadsheets pad rows with, are not.
  @Test func cellsBeyondTheHeaderAreAnErrorOfTheirRowUnlessEmpty() throws {
    let path = try writeTemporary(
      "scenario,group,agents,features\nA,G,10,voice,,\nB,Acme, Inc.,10,voice\nC,G,10,voice, \n", named: "extra.csv")
    let (_, scenarios) = try batch.scenarios(path)
    #expect(scenarios.map(\.id) == ["A", "B", "C"])
    #expect(scenarios[0].errors.isEmpty && scenarios[2].errors.isEmpty)
    #expect(
      scenarios[1].errors.first
        == BatchProblem(
          row: 3, column: "column 5",
          message:
            "'voice' is beyond the header's 4 columns (quote a cell that holds the delimiter, or name the column in the header)"
        ))
  }

  @Test func ignoredColumnsAreListedBriefly() throws {
    #expect(BatchInput.list(["Notes", "Owner"]) == "Notes, Owner")
    let names = (1...100_000).map { "x\($0)" }
    #expect(BatchInput.list(names) == "x1, x2, x3, x4, x5 and 99995 more")
    let header = "scenario,group,agents,features," + names.joined(separator: ",")
    let path = try writeTemporary(header + "\nA,G,10,voice\n", named: "wide-header.csv")
    let input = try BatchInput(file: path)
    #expect(input.otherHeaders.count == 100_000)
    // And the missing-column message lists what it found briefly too.
    let missing = try writeTemporary("scenario,group," + names.joined(separator: ",") + "\n", named: "missing.csv")
    let message = batch.failure { try BatchInput(file: missing) }?.description ?? ""
    #expect(
      message
        == "\(missing):1: error: header: missing required columns agents, features (found 'scenario', 'group', 'x1', 'x2', 'x3' and 99997 more; delimiter ',')"
    )
  }

  @Test func summaryListsIgnoredColumnsBriefly() throws {
    let cli = CLITests()
    try batch.withTemporaryFolder { folder in
      let input = folder.appendingPathComponent("wide.csv")
      let names = (1...1000).map { "x\($0)" }.joined(separator: ",")
      try Data("scenario,group,agents,features,\(names)\nA,G,10,voice\n".utf8).write(to: input)
      let run = try cli.seatmix("batch", input.path, "-o", folder.appendingPathComponent("results.csv").path)
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stderrLines.first?.hasSuffix(" s); ignored columns: x1, x2, x3, x4, x5 and 995 more") == true)
    }
  }

  // MARK: - Catalog cells

  /// A `catalog` cell is data: it may name a catalog id, or a file inside the batch file's folder
  /// or the catalog search path (or a folder given with --catalog-path), never any readable file,
  /// and what it refuses is not quoted.
  @Test func aCatalogCellNamesOnlyAllowedFiles() throws {
    try batch.withTemporaryFolder { folder in
      let inside = folder.appendingPathComponent("batch")
      let outside = folder.appendingPathComponent("elsewhere")
      for sub in [inside, outside] {
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
      }
      let catalog = try Data(contentsOf: URL(fileURLWithPath: repositoryFile("Catalogs/zoom-contact-center.yaml")))
      try catalog.write(to: inside.appendingPathComponent("mine.yaml"))
      try catalog.write(to: outside.appendingPathComponent("theirs.yaml"))
      let secret = outside.appendingPathComponent("secret.txt")
      try Data("root:SECRET-HASH:19000:0:99999:7:::\n".utf8).write(to: secret)
      let input = inside.appendingPathComponent("in.csv")
      try Data(
        """
        scenario,group,agents,features,catalog
        Id,G,10,voice,zoom-contact-center
        Inside,G,10,voice,mine.yaml
        Secret,G,10,voice,\(secret.path)
        Outside,G,10,voice,../elsewhere/theirs.yaml

        """.utf8
      ).write(to: input)
      var options = BatchOptions(solver: GLPKSolver(), catalog: "zoom-contact-center")
      let output = folder.appendingPathComponent("results.csv").path
      let summary = try BatchRunner.run(input: input.path, output: output, options: options)
      let rows = try batch.table(output)
      #expect(rows.map { $0["status"] } == ["optimal", "optimal", "error", "error"])
      let text = try String(contentsOfFile: output, encoding: .utf8) + summary.errorLines.joined()
      #expect(!text.contains("SECRET") && !text.contains("root"))
      #expect(rows[2]["error"]?.hasPrefix("row 4, catalog: catalog file ") == true, "\(rows[2])")
      #expect(rows[2]["error"]?.contains("outside") == true, "\(rows[2])")
      // --catalog-path widens it.
      options.catalogRoots = [outside.path]
      _ = try BatchRunner.run(input: input.path, output: output, options: options)
      #expect(try batch.table(output).map { $0["status"] } == ["optimal", "optimal", "error", "optimal"])
    }
  }

  // MARK: - Inputs that are not files

  /// The batch reads its input twice (a survey, then the run), which a pipe cannot give.
  @Test func aPipeAsInputIsRefusedInOneLine() throws {
    try batch.withTemporaryFolder { folder in
      let fifo = folder.appendingPathComponent("input.fifo").path
      #expect(mkfifo(fifo, 0o600) == 0)
      let output = folder.appendingPathComponent("results.csv").path
      let problem = batch.failure {
        try BatchRunner.run(
          input: fifo, output: output, options: BatchOptions(solver: GLPKSolver(), catalog: "zoom-contact-center"))
      }
      #expect(
        problem?.description
          == "\(fifo): error: is not a regular file (a pipe or a device); batch reads it twice, so save it to a file first"
      )
      let left = try batch.contents(of: folder)
      #expect(left == ["input.fifo"])
    }
  }
}
