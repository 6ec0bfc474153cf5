import Foundation

/// A row of a scenario: its spreadsheet row number and its cells.
public struct ScenarioRow: Sendable {
  public var row: Int
  public var values: RowValues
}

/// The rows of one scenario, as read.
public struct ScenarioRows: Sendable {
  public var id: String
  /// Position among the file's scenarios, from 0.
  public var index: Int
  public var rows: [ScenarioRow]
  /// Problems found while grouping rows (e.g. a scenario's rows split apart).
  public var problems: [String]
}

/// Streams a batch CSV as scenarios: the rows of each scenario id, in order of first appearance.
/// A scenario's rows must be next to each other; a scenario id seen again later is an error for
/// that later scenario, not for the whole file.
/// Used by one thread at a time (the batch reader thread).
public final class BatchInput: @unchecked Sendable {
  public let reader: CSVReader
  /// The recognized columns by position, and where the scenario id is: what every row is read by.
  private let cells: [(position: Int, column: BatchColumn)]
  private let scenarioPosition: Int
  /// Header cells that matched no column; they are ignored.
  public let ignoredHeaders: [String]
  private var pending: CSVRecord?
  private var seen: [String: Int] = [:]
  /// Scenario ids whose rows are not together, with the first row of each run of them. Every
  /// part of such a scenario is an error; results already written for an earlier part are
  /// replaced when the run ends.
  public private(set) var split: [String: [Int]] = [:]
  private var nextIndex = 0

  public init(file: String) throws(SeatMixError) {
    reader = try CSVReader(file: file)
    guard let header = try reader.next() else {
      throw .unreadable(file: file, reason: "the file is empty; it needs a header row (see seatmix batch --template)")
    }
    var cells: [(position: Int, column: BatchColumn)] = []
    var ignored: [String] = []
    var positions: [BatchColumn: Int] = [:]
    for (position, name) in header.fields.enumerated() {
      let trimmed = name.trimmingCharacters(in: .whitespaces)
      guard let column = BatchColumn.matching(trimmed) else {
        if !trimmed.isEmpty { ignored.append(trimmed) }
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
      let found = header.fields.map { quoted($0) }.joined(separator: ", ")
      throw .invalidInput([
        Diagnostic(
          file: file, line: 1, field: "header",
          message:
            "missing required column\(missing.count == 1 ? "" : "s") \(missing.map(\.rawValue).joined(separator: ", ")) (found \(found); delimiter \(quoted(Self.name(of: reader.delimiter))))"
        )
      ])
    }
    self.ignoredHeaders = ignored
    self.cells = cells
    scenarioPosition = positions[.scenario]!
  }

  private static func name(of delimiter: UInt8) -> String {
    delimiter == UInt8(ascii: "\t") ? "tab" : String(UnicodeScalar(delimiter))
  }

  /// The next scenario, or nil at the end of the file.
  public func nextScenario() throws(SeatMixError) -> ScenarioRows? {
    var next = pending
    if next == nil { next = try reader.next() }
    guard let first = next else { return nil }
    pending = nil
    let id = scenarioID(in: first)
    var scenario = ScenarioRows(
      id: id, index: nextIndex, rows: [ScenarioRow(row: first.row, values: values(of: first))], problems: [])
    nextIndex += 1
    if id.isEmpty {
      scenario.problems.append("row \(first.row), scenario: is empty")
    } else if let earlier = seen[id] {
      split[id, default: [earlier]].append(first.row)
      scenario.problems.append(
        "row \(first.row), scenario: \(quoted(id)) already appeared at row \(earlier); keep a scenario's rows together")
    } else {
      seen[id] = first.row
    }
    while let record = try reader.next() {
      if scenarioID(in: record) != id || id.isEmpty {
        pending = record
        break
      }
      scenario.rows.append(ScenarioRow(row: record.row, values: values(of: record)))
    }
    return scenario
  }

  private func scenarioID(in record: CSVRecord) -> String {
    scenarioPosition < record.fields.count ? trimmed(record.fields[scenarioPosition]) : ""
  }

  private func values(of record: CSVRecord) -> RowValues {
    var values = RowValues()
    for (position, column) in cells where position < record.fields.count {
      let text = trimmed(record.fields[position])
      if !text.isEmpty { values[column] = text }
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
