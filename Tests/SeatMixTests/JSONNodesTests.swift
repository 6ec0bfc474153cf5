import Foundation
import Testing
import Yams

@testable import SeatMix

/// ``JSONNodes`` reads JSON into the nodes `Yams.compose` makes of the same text (strings, styles,
/// tags, line and column), and leaves to Yams every text it would read differently.
@Suite struct JSONNodesTests {
  /// The difference between two trees, or nil when they are the same.
  static func difference(_ json: Node, _ yams: Node, at path: String = "") -> String? {
    func marks(_ a: Mark?, _ b: Mark?) -> String? {
      a?.line == b?.line && a?.column == b?.column
        ? nil : "\(path): mark \(a.map { "\($0)" } ?? "none") against \(b.map { "\($0)" } ?? "none")"
    }
    switch (json, yams) {
    case (.scalar(let a), .scalar(let b)):
      if a.string != b.string { return "\(path): \(a.string.debugDescription) against \(b.string.debugDescription)" }
      if a.style != b.style { return "\(path): style \(a.style) against \(b.style)" }
      if a.tag.description != b.tag.description { return "\(path): tag \(a.tag) against \(b.tag)" }
      if json.tag.description != yams.tag.description { return "\(path): resolved \(json.tag) against \(yams.tag)" }
      return marks(a.mark, b.mark)
    case (.mapping(let a), .mapping(let b)):
      if a.count != b.count { return "\(path): \(a.count) keys against \(b.count)" }
      if a.style != b.style { return "\(path): style \(a.style) against \(b.style)" }
      if a.tag.description != b.tag.description { return "\(path): tag \(a.tag) against \(b.tag)" }
      if let problem = marks(a.mark, b.mark) { return problem }
      for (index, (x, y)) in zip(a, b).enumerated() {
        if let problem = difference(x.key, y.key, at: "\(path){key \(index)}")
          ?? difference(x.value, y.value, at: "\(path).\(x.key.string ?? "?")")
        {
          return problem
        }
      }
      return nil
    case (.sequence(let a), .sequence(let b)):
      if a.count != b.count { return "\(path): \(a.count) items against \(b.count)" }
      if a.style != b.style { return "\(path): style \(a.style) against \(b.style)" }
      if a.tag.description != b.tag.description { return "\(path): tag \(a.tag) against \(b.tag)" }
      if let problem = marks(a.mark, b.mark) { return problem }
      for (index, (x, y)) in zip(a, b).enumerated() {
        if let problem = difference(x, y, at: "\(path)[\(index)]") { return problem }
      }
      return nil
    default:
      return "\(path): \(json) against \(yams)"
    }
  }

  /// Every JSON file of the repository's examples and fixtures, and documents made to hit each rule.
  static let files: [String] = ["Examples", "Tests/SeatMixTests/Fixtures/deals"].flatMap { folder in
    let names = (try? FileManager.default.contentsOfDirectory(atPath: repositoryFile(folder))) ?? []
    return names.filter { $0.hasSuffix(".json") }.sorted().map { "\(folder)/\($0)" }
  }

  static let read: [String] = [
    #"{"a":1,"b":[1,2,{"c":null}],"d":{"e":true,"f":false}}"#,
    "{\n\t\"name\":\t\"tabs inside\",\n\t\"agents\": [\t1,\t2 ]\n}\n",
    "{\r\n  \"name\": \"CR LF\",\r\n  \"list\": [1,\r\n 2]\r\n}\r\n",
    "{\r  \"name\": \"lone CR\",\r  \"agents\": 3\r}",
    #"{"name": "caf\u00e9 \"quoted\" \\ \/ \b\f\n\r\t", "n": -0.5e+3, "m": 1E2, "z": 0}"#,
    "{\"name\": \"Zürich – 東京 😀\", \"next\": [\"ü\", 1]}",
    "{}", "{ }", #"{"a": [], "b": {}, "c": [[], [{}]]}"#,
    #"{"name": "   spaces kept   ", "empty": ""}"#,
    #"{"n": 123456789012345678901234567890, "m": 1.5e300}"#,
    "  {\"a\": 1}  \n\n",
    String(repeating: "{\"a\": ", count: 150) + "1" + String(repeating: "}", count: 150),
    "{" + (0..<40).map { "\"key\($0)\": \($0)" }.joined(separator: ", ") + "}",
  ]

  /// Strict JSON that libyaml refuses or reads otherwise, or that is not JSON: left to Yams.
  static let leftToYAML: [String] = [
    "", "   ", "[1, 2]", "\"text\"", "42", "null",
    "{\"a\": 1,}", "{\"a\": 1} {}", "{'a': 1}", "{a: 1}", "{\"a\": 01}", "{\"a\": .5}", "{\"a\": 1.}",
    "{\"a\": +1}", "{\"a\": tru}", "{\"a\": \"unterminated}", "{\"a\": 1 # comment\n}",
    "{\"a\": 1, \"a\": 2}",
    "{" + (0..<20).map { "\"key\($0)\": \($0)" }.joined(separator: ", ") + ", \"key7\": 0}",
    "{\"a\"\n: 1}",
    "{\"" + String(repeating: "k", count: 1200) + "\": 1}",
    #"{"a": "\ud83d\ude00"}"#, #"{"a": "\u0000"}"#, #"{"a": "\x41"}"#, #"{"a": "\0"}"#,
    "{\"a\": \"line\u{2028}separator\"}", "{\"a\": \"next\u{85}line\"}", "{\"a\": \"tab\there\"}",
    "\t{\"a\": 1}", "{\"a\": 1}\n\t",
    "{\"n\": 1e400}", "{\"n\": -1e999}",
    String(repeating: "{\"a\": ", count: 250) + "1" + String(repeating: "}", count: 250),
    "{\"a\": 1}\n---\n{\"b\": 2}",
  ]

  @Test(arguments: files)
  func filesReadAsYamsReadsThem(_ file: String) throws {
    let text = try String(contentsOfFile: repositoryFile(file), encoding: .utf8)
    let yams = try? Yams.compose(yaml: text)
    let json = JSONNodes.read(text)
    if let json {
      let yams = try #require(yams, "\(file): read as JSON, refused by Yams")
      #expect(Self.difference(json, yams) == nil, "\(file)")
    }
    // Every example and every fixture that Yams reads is read without it.
    #expect((json != nil) == (yams != nil), "\(file)")
  }

  @Test(arguments: read)
  func jsonReadAsYamsReadsIt(_ text: String) throws {
    let json = try #require(JSONNodes.read(text), "\(text.prefix(80).debugDescription) left to Yams")
    let yams = try #require(try Yams.compose(yaml: text), "\(text.prefix(80).debugDescription) refused by Yams")
    #expect(Self.difference(json, yams) == nil, "\(text.prefix(80).debugDescription)")
    #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
  }

  @Test(arguments: leftToYAML)
  func otherTextIsLeftToYams(_ text: String) {
    #expect(JSONNodes.read(text) == nil, "\(text.prefix(80).debugDescription)")
  }
}

/// A deal posted as JSON loads to the same deal, or fails with the same located messages, whether
/// ``JSONNodes`` or Yams read it.
@Suite struct JSONDealLoadingTests {
  static let example: String = {
    (try? String(contentsOfFile: repositoryFile("Examples/mixed-center.json"), encoding: .utf8)) ?? ""
  }()

  /// The example, and the example with one mistake each (some are JSON the reader leaves to Yams).
  static let documents: [String] = {
    let edits: [(String, String)] = [
      ("", ""),
      ("\"agents\": 120", "\"agents\": -40"),
      ("\"agents\": 120", "\"agents\": \"lots\""),
      ("\"agents\": 120", "\"agents\": 12.5"),
      ("\"agents\": 120", "\"agents\": [1, 2]"),
      ("\"agents\": 120", "\"agents\": 99999999999999999999999"),
      ("\"peak_concurrent\": 45", "\"peak_concurrent\": 450"),
      ("\"ivr\"", "\"telepathy\""),
      ("\"licensing\": \"any\"", "\"licencing\": \"any\""),
      ("\"licensing\": \"any\"", "\"licensing\": \"nmaed\""),
      ("\"term\": \"annual\"", "\"term\": \"weekly\""),
      ("\"name\": \"Tier 1 voice\",", ""),
      ("\"catalog\": \"zoom-contact-center\"", "\"catalog\": \"zoom-contact-centre\""),
      ("\"catalog\": \"zoom-contact-center\"", "\"catalog\": \"../Catalogs/zoom-contact-center.yaml\""),
      ("\"catalog\": \"zoom-contact-center\"", "\"catalog\": {\"id\": 1}"),
      ("\"storage_gb\": 6000", "\"storage_gb\": -1"),
      ("\"virtual-agent\": true", "\"virtual-agent\": \"maybe\""),
      ("\"global-number\": 2,", "\"global-number\": 2, \"global-number\": 3,"),
      ("\"Omnichannel\"", "\"Omni\\u00e9 \\ud83d\\ude00\""),
      ("\"Omnichannel\"", "\"Omni\\tchannel\""),
      ("\"groups\": [", "\"groups\":\n ["),
      ("\"groups\"", "\"groups\"\n"),
      ("{\n  \"$schema\"", "\t{\n  \"$schema\""),
      ("],\n  \"account\"", "]\n  \"account\""),
      ("\"features\": [\"voice\", \"ivr\"", "\"features\": [\"voice\",, \"ivr\""),
    ]
    return edits.map { from, to in from.isEmpty ? example : example.replacingOccurrences(of: from, with: to) }
  }()

  /// The deal loaded (nil when it fails) and the messages (its warnings, or the error).
  static func outcome(_ text: String, readingJSON: Bool) throws -> (deal: Deal?, messages: String) {
    let catalog = try DealLoader.load(file: repositoryFile("Examples/mixed-center.json")).catalog
    do {
      let loaded = try DealLoader.load(
        data: Data(text.utf8), document: "deal", catalogs: ["zoom-contact-center": catalog], readingJSON: readingJSON)
      return (loaded.deal, "\(loaded.warnings)")
    } catch {
      return (nil, "\(error)")
    }
  }

  /// Most of them are strict JSON that the JSON reader reads (the comparison is not Yams' with itself).
  @Test func mostAreReadWithoutYams() {
    #expect(Self.documents.filter { JSONNodes.read($0) != nil }.count >= 18)
  }

  @Test(arguments: documents)
  func theSameDealOrTheSameMessages(_ text: String) throws {
    #expect(text != Self.example || JSONNodes.read(text) != nil)
    let json = try Self.outcome(text, readingJSON: true)
    let yams = try Self.outcome(text, readingJSON: false)
    #expect(json.deal == yams.deal)
    #expect(json.messages == yams.messages)
  }
}
