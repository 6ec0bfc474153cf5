import Foundation
import SeatMix
import Yams

/// A deal posted to the API: the CLI's deal format as JSON (or YAML, by Content-Type), whose
/// `catalog:` is one of the service's catalog ids. Problems are the CLI's located messages, the
/// document being called `deal` (`deal:7: error: groups[0].agents: -40 is negative`).
enum DealBody {
  static let jsonTypes = ["application/json"]
  static let yamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"]
  static let document = "deal"

  enum Syntax { case json, yaml }

  /// JSON when no Content-Type is given; nil for a type that is neither.
  static func syntax(contentType: String?) -> Syntax? {
    guard let contentType else { return .json }
    let type =
      contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    if jsonTypes.contains(type) || type.hasSuffix("+json") { return .json }
    if yamlTypes.contains(type) || type.hasSuffix("+yaml") { return .yaml }
    return nil
  }

  struct Parsed: Sendable {
    var loaded: DealLoader.Loaded
    /// The document as posted (UTF-8), kept for `json()` (read as text only then), and the name
    /// its problems are told under.
    var data: Data
    var name: String

    /// The document as JSON, in its own key order: what a saved revision keeps. Written only when
    /// asked for (saving), not for every plan.
    func json() throws(Problem) -> String {
      guard let node = try? Yams.compose(yaml: String(decoding: data, as: UTF8.self)) else {
        throw Problem.invalidDocument([
          Diagnostic(file: name, line: nil, field: "", message: "not valid YAML or JSON")
        ])
      }
      return JSONText.write(node)
    }
  }

  /// The posted document read as `seatmix optimize` reads a deal file (the library's reader: Yams,
  /// the CLI's rules and messages), its problems told as in a file called `name`.
  static func parse(_ data: Data, syntax: Syntax, catalogs: [String: Catalog], name: String = document)
    throws(Problem) -> Parsed
  {
    let loaded: DealLoader.Loaded
    do {
      loaded = try DealLoader.load(data: data, document: name, catalogs: catalogs)
    } catch {
      // A syntax error is told with its line by the deal reader (YAML's, which reads JSON too).
      throw Problem.from(error)
    }
    // JSON is read by the same reader as YAML (one set of messages), but must be JSON: strict JSON
    // was read as such (no second look); what Yams read may be YAML.
    if syntax == .json, !loaded.isStrictJSON,
      (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) == nil
    {
      throw Problem.invalidDocument([
        Diagnostic(file: name, line: nil, field: "", message: "not valid JSON (send YAML as application/yaml)")
      ])
    }
    return Parsed(loaded: loaded, data: data, name: name)
  }
}

/// JSON text of a YAML node, keeping mapping order and the scalars' own text: numbers as written
/// (when JSON can write them so), booleans and nulls as JSON's, everything else a string. Reading
/// the JSON back gives the same deal.
enum JSONText {
  static func write(_ node: Node) -> String {
    var out = ""
    write(node, into: &out)
    return out
  }

  private static func write(_ node: Node, into out: inout String) {
    switch node {
    case .scalar(let scalar):
      let text = scalar.string
      if scalar.style != .plain {
        string(text, into: &out)
      } else if node.null != nil {
        out += "null"
      } else if let value = node.bool {
        out += value ? "true" : "false"
      } else if isJSONNumber(text) {
        out += text
      } else {
        string(text, into: &out)
      }
    case .mapping(let mapping):
      out += "{"
      for (index, pair) in mapping.enumerated() {
        if index > 0 { out += "," }
        string(pair.key.string ?? "", into: &out)
        out += ":"
        write(pair.value, into: &out)
      }
      out += "}"
    case .sequence(let sequence):
      out += "["
      for (index, item) in sequence.enumerated() {
        if index > 0 { out += "," }
        write(item, into: &out)
      }
      out += "]"
    case .alias:
      out += "null"
    }
  }

  /// Whether `text` is a number as JSON writes one: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`,
  /// scanned by hand (a regex literal here was compiled on every call: 40% of a plan request).
  static func isJSONNumber(_ text: String) -> Bool {
    var bytes = text.utf8[...]
    func digits() -> Int {
      let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
      bytes = bytes.dropFirst(count)
      return count
    }
    if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
    if bytes.first == UInt8(ascii: "0") {
      bytes = bytes.dropFirst()
    } else if digits() == 0 {
      return false
    }
    if bytes.first == UInt8(ascii: ".") {
      bytes = bytes.dropFirst()
      guard digits() > 0 else { return false }
    }
    if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
      bytes = bytes.dropFirst()
      if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
      guard digits() > 0 else { return false }
    }
    return bytes.isEmpty
  }

  static func string(_ text: String, into out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
