import Foundation
import Yams

/// Reads a YAML (or JSON) document field by field, collecting every problem with its file, line and
/// field path instead of stopping at the first. Catalog and deal loading are built on it.
final class DocumentReader {
  let file: String
  /// Every problem found so far, in the order of the file's lines (problems of the whole file
  /// first; on one line, in the order found).
  var diagnostics: [Diagnostic] {
    // The document's own problems first, then those of the files it names (``append(_:)``).
    found.enumerated().sorted {
      ($0.element.file == file ? 0 : 1, $0.element.line ?? 0, $0.offset)
        < ($1.element.file == file ? 0 : 1, $1.element.line ?? 0, $1.offset)
    }.map(\.element)
  }
  private var found: [Diagnostic] = []
  /// The line of every field read so far, by path (the first noted wins); lets checks made later
  /// (against a catalog) still point at a line. Noted in order as the fields are read and indexed
  /// only when a line is asked for (a problem to place): hashing every field's path as it was read
  /// cost more than reading most values.
  private var notedLines: [(path: String, line: Int)] = []
  private var lines: [String: Int] = [:]
  /// How many of `notedLines` are in `lines`.
  private var indexedLines = 0

  /// Whether the document was read as strict JSON (``JSONNodes``) rather than by Yams.
  private(set) var isStrictJSON = false

  init(file: String) { self.file = file }

  func noteLine(_ line: Int?, of path: String) {
    if let line { notedLines.append((path, line)) }
  }

  /// The line of a path, or of its nearest enclosing field that has one.
  func line(of path: String) -> Int? {
    while indexedLines < notedLines.count {
      let noted = notedLines[indexedLines]
      if lines[noted.path] == nil { lines[noted.path] = noted.line }
      indexedLines += 1
    }
    var path = path
    while !path.isEmpty {
      if let line = lines[path] { return line }
      guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
      path = String(path[..<cut])
    }
    return lines[""]
  }

  var hasErrors: Bool { found.contains { $0.severity == .error } }

  func report(_ line: Int?, _ field: String, _ message: String, severity: Diagnostic.Severity = .error) {
    found.append(Diagnostic(severity, file: file, line: line, field: field, message: message))
  }

  /// A problem found in another file the document names (a profile file, a session log).
  func append(_ diagnostic: Diagnostic) { found.append(diagnostic) }

  /// Parses a file into its root node. Encoding and syntax errors are thrown, since nothing else
  /// can be read after them. With `quotingContent` false (a file read only because something else
  /// names it, and that may not be what it was said to be), no message quotes the file's text.
  static func parse(file: String, quotingContent: Bool = true) throws(SeatMixError) -> (DocumentReader, Node) {
    let data: Data
    switch InputFile.read(file) {
    case .success(let read): data = read
    case .failure(let problem): throw .unreadable(file: file, reason: problem.reason)
    }
    return try parse(data: data, file: file, quotingContent: quotingContent)
  }

  /// `readingJSON` false leaves strict JSON to Yams too (for the tests that compare the two).
  static func parse(data: Data, file: String, quotingContent: Bool = true, readingJSON: Bool = true)
    throws(SeatMixError) -> (DocumentReader, Node)
  {
    let reader = DocumentReader(file: file)
    let text: String
    switch TextDecoding.decodeUTF8(data) {
    case .success(let decoded): text = decoded
    case .failure(let problem):
      let message = quotingContent ? problem.message : problem.messageWithoutContent ?? problem.message
      throw .invalidInput([Diagnostic(file: file, line: problem.line, field: "", message: message)])
    }
    if let (line, scalar) = Self.firstCharacterYAMLRejects(in: text) {
      let code = "U+" + String(format: "%04X", scalar.value)
      let kind = scalar.properties.generalCategory == .control ? "control character" : "character"
      let character = quotingContent ? "\(kind) \(code)" : "a \(kind)"
      throw .invalidInput([
        Diagnostic(
          file: file, line: line, field: "",
          message:
            "\(character) is not allowed in YAML or JSON text; remove it, or write it as an escape in a double-quoted string"
        )
      ])
    }
    // Strict JSON is read without libyaml into the same nodes (JSONNodes.swift); anything else by Yams.
    if readingJSON, let root = JSONNodes.read(text) {
      reader.isStrictJSON = true
      return (reader, root)
    }
    let node: Node?
    do {
      // UTF-8 named: Yams' default encoding copies the process environment on every call to look for an override.
      node = try Yams.compose(yaml: text, .default, .default, .utf8)
    } catch let error as YamlError {
      let (line, message) = Self.describe(error, quotingContent: quotingContent)
      throw .invalidInput([Diagnostic(file: file, line: line, field: "", message: message)])
    } catch {
      throw .invalidInput([Diagnostic(file: file, line: nil, field: "", message: "not valid YAML or JSON")])
    }
    guard let node else {
      throw .invalidInput([Diagnostic(file: file, line: nil, field: "", message: "the file is empty")])
    }
    return (reader, node)
  }

  /// The first character libyaml refuses to read (it allows tab, line ends, printable ASCII, NEL
  /// and the rest of Unicode but surrogates, U+FFFE and U+FFFF), with its line: found here, since
  /// libyaml's own message has no line.
  static func firstCharacterYAMLRejects(in text: String) -> (line: Int, scalar: Unicode.Scalar)? {
    // Printable ASCII, tabs and line ends (most documents, whole) looked at as bytes first.
    if text.utf8.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) { return nil }
    var line = 1
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A: line += 1
      case 0x09, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: continue
      default:
        // A byte-order mark is read as one at the start only.
        if scalar.value == 0xFEFF { continue }
        return (line, scalar)
      }
    }
    return nil
  }

  /// libyaml's limit on nesting (its `MAX_NESTING_LEVEL`; flow lists may go a little deeper).
  static let nestingLimit = 1000

  /// libyaml's problem in SeatMix's words, with its line.
  private static func describe(_ error: YamlError, quotingContent: Bool) -> (Int?, String) {
    switch error {
    case .composer(let context, _, let mark, _) where context?.text.hasPrefix("expected a single document") == true:
      return (
        mark.line,
        "a second YAML document begins on this line; a deal or catalog file holds exactly one (a '---' line separates documents)"
      )
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      if problem.contains("yaml_set_max_nest_level") || problem.hasPrefix("Maximum nesting level") {
        return (
          mark.line,
          "lists and mappings are nested too deep (the YAML reader allows about \(Self.nestingLimit) levels)"
        )
      }
      // The context says where the unfinished list or mapping began, often the line to fix.
      let within = context.map { " \($0.text) started on line \($0.mark.line)" } ?? ""
      return (mark.line, "not valid YAML or JSON: \(problem)\(within)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let line = context.mark.line > 0 ? context.mark.line : nil
      guard quotingContent else { return (line, "a key appears twice in one mapping") }
      return (line, "key \(duplicates.map { quoted($0) }.joined(separator: ", ")) appears twice in one mapping")
    case .reader(let problem, _, _, _):
      return (nil, "cannot read the text: \(problem)")
    default:
      return (nil, "not valid YAML or JSON")
    }
  }
}

/// A node at a known place in the document.
struct Field {
  let node: Node
  let path: String
  let reader: DocumentReader

  init(node: Node, path: String, reader: DocumentReader) {
    self.node = node
    self.path = path
    self.reader = reader
    reader.noteLine(node.mark?.line, of: path)
  }

  var line: Int? { node.mark?.line }

  func error(_ message: String) { reader.report(line, path, message) }
  func warning(_ message: String) { reader.report(line, path, message, severity: .warning) }

  /// The scalar's text, or nil (with an error) for a list or mapping.
  var text: String? {
    guard let scalar = node.scalar else {
      error("expected a single value, found a \((node.mapping != nil) ? "mapping" : "list")")
      return nil
    }
    return scalar.string
  }

  /// `text.trimmingCharacters(in: .whitespaces)`, without Foundation's scan when neither end is
  /// white space (most values: the scan cost more than the rest of reading a value).
  static func trimmingWhitespace(_ text: String) -> String {
    func isPlain(_ scalar: Unicode.Scalar?) -> Bool { scalar.map { $0.isASCII && $0 != " " && $0 != "\t" } ?? false }
    if isPlain(text.unicodeScalars.first) && isPlain(text.unicodeScalars.last) { return text }
    return text.trimmingCharacters(in: .whitespaces)
  }

  func string(nonEmpty: Bool = true) -> String? {
    guard let text else { return nil }
    let trimmed = Self.trimmingWhitespace(text)
    if nonEmpty && trimmed.isEmpty {
      error("must not be empty")
      return nil
    }
    return trimmed
  }

  /// A whole number within bounds.
  func integer(atLeast minimum: Int = 0, atMost maximum: Int = Limits.maximumCount) -> Int? {
    guard let text else { return nil }
    // utf8.contains: Foundation's String.contains(_:) goes through NSString (a third of reading
    // a deal of 33,600 profile counts).
    let cleaned = text.utf8.contains(UInt8(ascii: "_")) ? text.replacingOccurrences(of: "_", with: "") : text
    guard let value = Int(cleaned) else {
      let digits = cleaned.drop { $0 == "-" || $0 == "+" }
      if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
        // Too many digits for an Int: a whole number, far out of bounds.
        if !cleaned.hasPrefix("-") {
          error("\(text) is above the maximum \(maximum)")
        } else {
          error(minimum >= 0 ? "\(text) is negative" : "\(text) is below the minimum \(minimum)")
        }
      } else if let decimal = Decimal(string: cleaned, locale: Locale(identifier: "en_US_POSIX")),
        decimal.isFinite, cleaned.allSatisfy({ "-+0123456789.eE".contains($0) })
      {
        error("\(quoted(text)) is not a whole number")
      } else {
        error("\(quoted(text)) is not a number")
      }
      return nil
    }
    if value < minimum {
      error(value < 0 && minimum >= 0 ? "\(value) is negative" : "\(value) is below the minimum \(minimum)")
      return nil
    }
    if value > maximum {
      error("\(value) is above the maximum \(maximum)")
      return nil
    }
    return value
  }

  /// An exact decimal number (money, percentages).
  func decimal(atLeast minimum: Decimal = 0, atMost maximum: Decimal? = nil) -> Decimal? {
    guard let text else { return nil }
    let cleaned = Self.trimmingWhitespace(text)
    guard cleaned.allSatisfy({ "-+0123456789.".contains($0) }), cleaned.contains(where: \.isNumber),
      let value = Decimal(string: cleaned, locale: Locale(identifier: "en_US_POSIX"))
    else {
      error("\(quoted(text)) is not a number")
      return nil
    }
    if value < minimum {
      error(value < 0 && minimum >= 0 ? "\(text) is negative" : "\(text) is below the minimum \(minimum)")
      return nil
    }
    if let maximum, value > maximum {
      error("\(text) is above the maximum \(maximum)")
      return nil
    }
    return value
  }

  func bool() -> Bool? {
    guard let text else { return nil }
    switch text.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default:
      error("\(quoted(text)) is not true or false")
      return nil
    }
  }

  /// One of a fixed set of words.
  func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> T? where T.RawValue == String {
    guard let text = string() else { return nil }
    if let value = T(rawValue: text.lowercased()) { return value }
    let words = T.allCases.map(\.rawValue)
    var message = "\(quoted(text)) is not one of \(words.joined(separator: ", "))"
    if let suggestion = nearest(to: text, in: words) { message += " (did you mean \(quoted(suggestion))?)" }
    error(message)
    return nil
  }

  func list() -> [Field]? {
    guard let sequence = node.sequence else {
      error("expected a list, found \(node.mapping != nil ? "a mapping" : "a single value")")
      return nil
    }
    return sequence.enumerated().map { Field(node: $1, path: "\(path)[\($0)]", reader: reader) }
  }

  /// A list of whole numbers (a profile's counts per interval): ``list()`` and then
  /// ``integer(atLeast:atMost:)`` of each, with the same values and messages, but a plain run of
  /// digits is read straight from its scalar, without a field and its path for each of the
  /// thousands of values (nothing later looks up an element's line).
  func integers(atLeast minimum: Int = 0, atMost maximum: Int = Limits.maximumCount) -> [Int?]? {
    guard let sequence = node.sequence else { return list().map { $0.map { $0.integer() } } }
    var values: [Int?] = []
    values.reserveCapacity(sequence.count)
    for (index, element) in sequence.enumerated() {
      if case .scalar(let scalar) = element, let value = Self.digits(scalar.string), value >= minimum,
        value <= maximum
      {
        values.append(value)
      } else {
        values.append(
          Field(node: element, path: "\(path)[\(index)]", reader: reader).integer(atLeast: minimum, atMost: maximum))
      }
    }
    return values
  }

  /// The value of 1 to 18 ASCII digits, or nil for anything else.
  private static func digits(_ text: String) -> Int? {
    var value = 0
    var count = 0
    for byte in text.utf8 {
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), count < 18 else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
      count += 1
    }
    return count > 0 ? value : nil
  }

  /// A list of words; a single word is taken as a list of one.
  func stringList() -> [Field]? {
    if node.scalar != nil { return [self] }
    return list()
  }

  func mapping() -> Fields? {
    guard let mapping = node.mapping else {
      error("expected a mapping of fields, found \(node.sequence != nil ? "a list" : "a single value")")
      return nil
    }
    return Fields(mapping: mapping, node: node, path: path, reader: reader)
  }
}

/// A mapping at a known place in the document.
struct Fields {
  let mapping: Node.Mapping
  let node: Node
  let path: String
  let reader: DocumentReader
  /// Each key's text (``text(ofKey:)``), in the mapping's order, read once: looping over a Yams
  /// mapping copies all its pairs into a new array every time, and a lookup by key looped over it.
  private let keys: [String?]

  init(mapping: Node.Mapping, node: Node, path: String, reader: DocumentReader) {
    self.mapping = mapping
    self.node = node
    self.path = path
    self.reader = reader
    keys = mapping.indices.map { Self.text(ofKey: mapping[$0].key) }
  }

  var line: Int? { node.mark?.line }

  private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  /// A key's text: `Node.string`, without the look through a mapping key's pairs it makes first.
  static func text(ofKey node: Node) -> String? {
    if case .scalar(let scalar) = node { return scalar.string }
    return node.string
  }

  subscript(key: String) -> Field? {
    guard let offset = keys.firstIndex(where: { $0 == key }) else { return nil }
    return Field(node: mapping[mapping.startIndex + offset].value, path: childPath(key), reader: reader)
  }

  /// The field, or an error on the mapping's line naming what is missing.
  func required(_ key: String) -> Field? {
    if let field = self[key] { return field }
    reader.report(line, childPath(key), "is required")
    return nil
  }

  /// Every (key, value) pair in document order.
  var entries: [(key: String, keyLine: Int?, value: Field)] {
    zip(mapping.indices, keys).map { index, key in
      let (keyNode, value) = mapping[index]
      let key = key ?? ""
      return (key, keyNode.mark?.line, Field(node: value, path: childPath(key), reader: reader))
    }
  }

  /// Reports keys that are not in `allowed`, suggesting the nearest allowed one.
  func rejectUnknownKeys(_ allowed: [String]) {
    for (index, key) in zip(mapping.indices, keys) {
      let key = key ?? ""
      guard !allowed.contains(key) else { continue }
      let keyNode = mapping[index].key
      var message = "unknown field"
      if let suggestion = nearest(to: key, in: allowed) { message += " (did you mean \(quoted(suggestion))?)" }
      reader.report(keyNode.mark?.line, childPath(key), message)
    }
  }
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
func nearest(to word: String, in candidates: [String]) -> String? {
  let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
  guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
  return best.1 <= max(2, word.count / 3) ? best.0 : nil
}

func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + [Int](repeating: 0, count: b.count)
    for j in 1...b.count {
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.count]
}
