/// Aligned columns for the terminal and pipe tables for Markdown, from the same rows.
struct TextTable {
  enum Alignment { case left, right }

  var headers: [String]
  var alignments: [Alignment]
  var rows: [[String]] = []

  init(_ columns: [(String, Alignment)]) {
    headers = columns.map(\.0)
    alignments = columns.map(\.1)
  }

  mutating func add(_ row: [String]) { rows.append(row) }

  /// Two spaces between columns, indented, no trailing blanks.
  func plain(indent: String = "  ") -> String {
    let widths = headers.indices.map { column in
      ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      let padded = cells.enumerated().map { column, cell in
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        return alignments[column] == .right ? padding + cell : cell + padding
      }
      return indent + padded.joined(separator: "  ").replacingTrailingSpaces()
    }
    return ([line(headers)] + rows.map(line)).joined(separator: "\n")
  }

  func markdown() -> String {
    func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
    let header = "| " + headers.map(escape).joined(separator: " | ") + " |"
    let rule = "|" + alignments.map { $0 == .right ? "---:|" : "---|" }.joined()
    let body = rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
    return ([header, rule] + body).joined(separator: "\n")
  }
}

extension String {
  func replacingTrailingSpaces() -> String {
    var result = self
    while result.hasSuffix(" ") { result.removeLast() }
    return result
  }
}
