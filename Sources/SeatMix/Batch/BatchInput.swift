import Foundation

/// A row of a scenario: its spreadsheet row number and its cells.
public struct ScenarioRow: Sendable {
  public var row: Int
  public var values: RowValues
}

/// One problem of a batch scenario, as data: where it is (the spreadsheet row, header = row 1, and
/// the column) and what is wrong. Rendered only where it is shown: `row 17, agents: 'abc' is not a
/// whole number` in the results' `error` column, `FILE:17: error: scenario 'x': …` on stderr.
public struct BatchProblem: Sendable, Equatable, CustomStringConvertible {
  /// Nil when the problem concerns the scenario as a whole (a solver failure, split rows).
  public var row: Int?
  /// The column's name (`agents`), or empty for the row as a whole.
  public var column: String
  public var message: String

  public init(row: Int?, column: String = "", message: String) {
    self.row = row
    self.column = column
    self.message = message
  }

  public init(row: Int, _ column: BatchColumn, _ message: String) {
    self.init(row: row, column: column.rawValue, message: message)
  }

  public var description: String {
    guard let row else { return column.isEmpty ? message : "\(column): \(message)" }
    return column.isEmpty ? "row \(row): \(message)" : "row \(row), \(column): \(message)"
  }
}

/// The rows of one scenario, as read.
public struct ScenarioRows: Sendable {
  public var id: String
  /// Position among the file's scenarios, from 0.
  public var index: Int
  public var rows: [ScenarioRow]
  /// Problems found while grouping rows (e.g. an empty scenario id).
  public var problems: [BatchProblem]
  /// When this scenario's rows are not together in the file: the first row of each run of them
  /// (known before reading, from ``BatchInput/survey(file:)``). Every part is then an error.
  public var splitRuns: [Int]?
}

/// What a first, fast pass over a batch file finds: how many scenarios it holds, and which of them
/// have rows that are not together (each with the first row of each run of its rows).
public struct BatchSurvey: Sendable {
  public var scenarios: Int
  public var split: [String: [Int]]
}

/// Streams a batch CSV as scenarios: the rows of each scenario id, in order of first appearance.
/// A scenario's rows must be next to each other; a scenario id seen again later is an error for
/// every part of that scenario (known up front when the caller passes a ``survey(file:)``), not
/// for the whole file.
/// Used by one thread at a time (the batch reader thread).
public final class BatchInput: @unchecked Sendable {
  public let reader: CSVReader
  /// The recognized columns by position, and where the scenario id is: what every row is read by.
  private let cells: [(position: Int, column: BatchColumn)]
  private let scenarioPosition: Int
  /// The positions of the header's other columns, in ``otherHeaders`` order.
  private let otherPositions: [Int]
  /// Header cells that match no fixed column, in header order. Each scenario reads them against
  /// its own catalog (add-on ids and aliases, `discount_pct_<sku>`, `price_<sku>`); those no
  /// scenario reads are ignored (``BatchSummary/ignoredHeaders``, said briefly with ``list(_:)``).
  public let otherHeaders: [String]
  /// The header's number of cells: a row's non-empty cells beyond it are an error.
  private let headerCount: Int
  private var pending: CSVRecord?
  private var seen: [String: Int] = [:]
  /// Scenario ids whose rows are not together, with the first row of each run of them, as far as
  /// the file has been read.
  public private(set) var split: [String: [Int]] = [:]
  /// The split scenarios of the whole file, from a survey: their parts say so as they are read.
  private let knownSplit: [String: [Int]]
  private var nextIndex = 0

  /// - Parameter survey: the file's survey, when one was made: every part of a scenario whose rows
  ///   are not together is then marked (``ScenarioRows/splitRuns``), the first one too.
  public init(file: String, survey: BatchSurvey? = nil) throws(SeatMixError) {
    knownSplit = survey?.split ?? [:]
    reader = try CSVReader(file: file)
    guard let header = try reader.next() else {
      throw .unreadable(file: file, reason: "the file is empty; it needs a header row (see seatmix batch --template)")
    }
    if let problem = header.problem {
      throw .invalidInput([
        Diagnostic(
          file: file, line: header.row, field: "header",
          message: { $0.column.isEmpty ? $0.message : "\($0.column) \($0.message)" }(
            Self.describe(problem, reader: reader)))
      ])
    }
    reader.columnNames = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
    headerCount = header.fields.count
    var cells: [(position: Int, column: BatchColumn)] = []
    var ignored: [String] = []
    var otherPositions: [Int] = []
    var positions: [BatchColumn: Int] = [:]
    for (position, name) in header.fields.enumerated() {
      let trimmed = name.trimmingCharacters(in: .whitespaces)
      guard let column = BatchColumn.matching(trimmed) else {
        if !trimmed.isEmpty {
          ignored.append(trimmed)
          otherPositions.append(position)
        }
        continue
      }
      if let first = positions[column] {
        throw .invalidInput([
          Diagnostic(
            file: file, line: 1, field: "header",
            message: "columns \(first + 1) and \(position + 1) are both \(quoted(column.rawValue))")
        ])
      }
      positions[column] = position
      cells.append((position, column))
    }
    let missing = BatchColumn.required.filter { positions[$0] == nil }
    if !missing.isEmpty {
      let found = Self.list(header.fields.map { quoted($0) })
      throw .invalidInput([
        Diagnostic(
          file: file, line: 1, field: "header",
          message:
            "missing required column\(missing.count == 1 ? "" : "s") \(missing.map(\.rawValue).joined(separator: ", ")) (found \(found); delimiter \(quoted(Self.name(of: reader.delimiter))))"
        )
      ])
    }
    self.otherHeaders = ignored
    self.otherPositions = otherPositions
    self.cells = cells
    scenarioPosition = positions[.scenario]!
  }

  private static func name(of delimiter: UInt8) -> String {
    delimiter == UInt8(ascii: "\t") ? "tab" : String(UnicodeScalar(delimiter))
  }

  /// Names in a message, at most `limit` of them: "'a', 'b', 'c', 'd', 'e' and 9,995 more" (a
  /// header of a million columns must not make a message of megabytes).
  public static func list(_ names: [String], limit: Int = 5) -> String {
    guard names.count > limit else { return names.joined(separator: ", ") }
    return names.prefix(limit).joined(separator: ", ") + " and \(names.count - limit) more"
  }

  /// Why a record was not read whole: the column concerned (empty for the row) and the message.
  static func describe(_ problem: CSVRecord.Problem, reader: CSVReader) -> (column: String, message: String) {
    switch problem {
    case .cellTooLong(let position):
      return (
        reader.columnName(position),
        "is longer than \(CSVReader.maximumCellBytes / 1024) KiB, the most a cell may hold"
      )
    case .recordTooLong(let kept):
      return (
        "",
        "the row is longer than \(CSVReader.maximumRecordBytes / (1024 * 1024)) MiB, the most a row may hold (it was read up to \(reader.columnName(kept)))"
      )
    }
  }

  /// A row's own problems: a cell or the row too long, cells beyond the header. A row whose
  /// scenario cannot be told is an error for the whole file (its rows could not be kept together).
  private func problems(of record: CSVRecord) throws(SeatMixError) -> [BatchProblem] {
    var problems: [BatchProblem] = []
    if let problem = record.problem {
      let lost: Bool
      let column: String
      switch problem {
      case .cellTooLong(let position):
        lost = position == scenarioPosition
        column = reader.columnName(position)
      case .recordTooLong(let kept):
        lost = kept <= scenarioPosition
        column = ""
      }
      let message = Self.describe(problem, reader: reader).message
      if lost {
        throw .invalidInput([
          Diagnostic(
            file: reader.file, line: record.row, field: BatchColumn.scenario.rawValue,
            message: message + "; which scenario the row belongs to cannot be read")
        ])
      }
      problems.append(BatchProblem(row: record.row, column: column, message: message))
    }
    if record.fields.count > headerCount,
      let extra = record.fields[headerCount...].firstIndex(where: { !trimmed($0).isEmpty })
    {
      problems.append(
        BatchProblem(
          row: record.row, column: "column \(extra + 1)",
          message:
            "\(quoted(String(record.fields[extra].prefix(40)))) is beyond the header's \(headerCount) columns (quote a cell that holds the delimiter, or name the column in the header)"
        ))
    }
    return problems
  }

  /// The next scenario, or nil at the end of the file.
  public func nextScenario() throws(SeatMixError) -> ScenarioRows? {
    var next = pending
    if next == nil { next = try reader.next() }
    guard let first = next else { return nil }
    pending = nil
    let id = scenarioID(in: first)
    var scenario = ScenarioRows(
      id: id, index: nextIndex, rows: [ScenarioRow(row: first.row, values: values(of: first))],
      problems: [], splitRuns: nil)
    if first.problem != nil || first.fields.count > headerCount { scenario.problems += try problems(of: first) }
    nextIndex += 1
    if id.isEmpty {
      scenario.problems.append(BatchProblem(row: first.row, .scenario, "is empty"))
    } else if let earlier = seen[id] {
      split[id, default: [earlier]].append(first.row)
      scenario.problems.append(
        BatchProblem(
          row: first.row, .scenario, "\(quoted(id)) already appeared at row \(earlier); keep a scenario's rows together"
        ))
    } else {
      seen[id] = first.row
    }
    if !knownSplit.isEmpty, !id.isEmpty { scenario.splitRuns = knownSplit[id] }
    while let record = try reader.next() {
      if scenarioID(in: record) != id || id.isEmpty {
        pending = record
        break
      }
      if record.problem != nil || record.fields.count > headerCount { scenario.problems += try problems(of: record) }
      scenario.rows.append(ScenarioRow(row: record.row, values: values(of: record)))
    }
    return scenario
  }

  /// Reads a whole file once, fast, for its number of scenarios and its split ones: only the
  /// scenario cell of each row is decoded (``CSVReader/nextField(at:)``), and the scenarios are
  /// told apart as ``nextScenario()`` does (rows with the same non-empty id next to each other),
  /// with the same errors for the whole file.
  public static func survey(file: String) throws(SeatMixError) -> BatchSurvey {
    let input = try BatchInput(file: file)
    var count = 0
    var current: String?  // the scenario being read; nil before the first and after an empty id
    var seen: [String: Int] = [:]
    var split: [String: [Int]] = [:]
    while let cell = try input.reader.nextField(at: input.scenarioPosition) {
      if let record = cell.record, record.problem != nil { _ = try input.problems(of: record) }
      let id = trimmed(cell.text)
      if let current, id == current { continue }
      count += 1
      current = id.isEmpty ? nil : id
      guard !id.isEmpty else { continue }
      if let earlier = seen[id] {
        split[id, default: [earlier]].append(cell.row)
      } else {
        seen[id] = cell.row
      }
    }
    return BatchSurvey(scenarios: count, split: split)
  }

  /// The message every part of a split scenario gets.
  public static func splitMessage(_ id: String, runs: [Int]) -> String {
    "the rows of scenario \(quoted(id)) are not together (they start at rows \(runs.map(String.init).joined(separator: ", "))); keep a scenario's rows next to each other"
  }

  private func scenarioID(in record: CSVRecord) -> String {
    scenarioPosition < record.fields.count ? trimmed(record.fields[scenarioPosition]) : ""
  }

  /// The row's cells by column; a cell cut at its cap is left out (its problem is said instead).
  private func values(of record: CSVRecord) -> RowValues {
    var values = RowValues()
    var cut = -1
    if case .cellTooLong(let position) = record.problem { cut = position }
    for (position, column) in cells where position < record.fields.count && position != cut {
      let text = trimmed(record.fields[position])
      if !text.isEmpty { values[column] = text }
    }
    if !otherPositions.isEmpty {
      values.others = otherPositions.map { position in
        guard position < record.fields.count, position != cut else { return nil }
        let text = trimmed(record.fields[position])
        return text.isEmpty ? nil : text
      }
    }
    return values
  }
}

/// The text without leading and trailing white space (fast for the common case of none).
func trimmed(_ text: String) -> String {
  guard let first = text.utf8.first, let last = text.utf8.last else { return text }
  func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte >= 0x80 }
  if !isSpace(first) && !isSpace(last) { return text }
  return text.trimmingCharacters(in: .whitespacesAndNewlines)
}
