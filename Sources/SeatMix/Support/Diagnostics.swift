import MIPModel

/// One problem found in an input file, pointing at the file, line and field.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
  public enum Severity: String, Sendable { case error, warning }

  public var severity: Severity
  public var file: String
  /// 1-based; nil when the problem concerns the file as a whole.
  public var line: Int?
  /// Where in the document, e.g. `groups[2].agents`; empty for the whole file.
  public var field: String
  public var message: String

  public init(_ severity: Severity = .error, file: String, line: Int?, field: String, message: String) {
    self.severity = severity
    self.file = file
    self.line = line
    self.field = field
    self.message = message
  }

  /// `deal.yaml:12: error: groups[1].agents: -5 is negative`: always one line, with control
  /// characters of the file name, the field path (which holds the file's keys) and the message
  /// escaped (`escaped(_:)`), whatever they hold.
  public var description: String {
    let location = line.map { "\(escaped(file)):\($0)" } ?? escaped(file)
    let subject = field.isEmpty ? "" : "\(escaped(field)): "
    return "\(location): \(severity.rawValue): \(subject)\(escaped(message))"
  }
}

/// The one error type of the SeatMix library. Every case reads as a sentence a user can act on.
public enum SeatMixError: Error, CustomStringConvertible {
  /// An input file had problems: all of them, each with file, line and field.
  case invalidInput([Diagnostic])
  /// A file could not be read at all.
  case unreadable(file: String, reason: String)
  /// A deal names a catalog that is not in any searched folder.
  case catalogNotFound(name: String, searched: [String])
  /// A catalog reference (a deal's `catalog:`, a batch `catalog` cell, `--catalog`) that names no
  /// catalog SeatMix may use: outside the folders allowed, a folder, not a regular file, unreadable,
  /// too large, not a SeatMix catalog, or not valid YAML. `problem` is one line that names the
  /// reference (quoted) and never quotes the file's content: `catalog file '/etc/passwd' is not a
  /// SeatMix catalog (it has no top-level 'tiers')`.
  case catalogReference(reference: String, problem: String)
  /// The solver failed for a reason that says nothing about the deal.
  case solver(ModelError)

  public var description: String {
    switch self {
    case .invalidInput(let diagnostics):
      return diagnostics.map(\.description).joined(separator: "\n")
    case .unreadable(let file, let reason):
      return "\(escaped(file)): error: \(escaped(reason))"
    case .catalogNotFound(let name, let searched):
      return "catalog \(quoted(name)) not found; looked for \(searched.map { escaped($0) }.joined(separator: ", "))"
    case .catalogReference(_, let problem):
      return escaped(problem)
    case .solver(let error):
      return "solver error: \(error)"
    }
  }

  /// The problems as diagnostics, when they concern a file: `.invalidInput` and `.unreadable`.
  public var diagnostics: [Diagnostic] {
    switch self {
    case .invalidInput(let diagnostics): return diagnostics
    case .unreadable(let file, let reason): return [Diagnostic(file: file, line: nil, field: "", message: reason)]
    case .catalogNotFound, .catalogReference, .solver: return []
    }
  }
}
