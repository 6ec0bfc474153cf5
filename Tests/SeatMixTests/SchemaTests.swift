import Foundation
import Testing

@testable import SeatMix

/// The editor schemas (Catalogs/catalog.schema.json, Examples/deal.schema.json) must describe
/// exactly the keys and words the loaders accept: a key added to one and not the other fails here.
@Suite struct SchemaTests {
  static let catalogSchemaFile = repositoryFile("Catalogs/catalog.schema.json")
  static let dealSchemaFile = repositoryFile("Examples/deal.schema.json")

  @Test(arguments: [catalogSchemaFile, dealSchemaFile])
  func schemaIsADraft202012JSONObject(file: String) throws {
    let schema = try JSONSchema(file: file)
    #expect(schema.root["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    #expect(schema.root["type"] as? String == "object")
  }

  @Test func catalogSchemaHasTheLoadersKeys() throws {
    let schema = try JSONSchema(file: Self.catalogSchemaFile)
    let top = schema.root
    let tier = try schema.definition("tier")
    let addOn = try schema.definition("addOn")
    let inclusion = try schema.definition("inclusion")
    let objects: [(String, [String: Any], [String])] = [
      ("top level", top, CatalogLoader.topLevelKeys),
      ("licensing", try schema.property("licensing", of: top), CatalogLoader.licensingKeys),
      ("source", try schema.definition("source"), CatalogLoader.sourceKeys),
      ("term", try schema.definition("term"), CatalogLoader.termKeys),
      ("feature", try schema.definition("feature"), CatalogLoader.featureKeys),
      ("tier", tier, CatalogLoader.tierKeys),
      ("tier licenses", try schema.property("licenses", of: tier), CatalogLoader.tierLicensesKeys),
      ("license", try schema.definition("license"), CatalogLoader.licenseKeys),
      ("add-on", addOn, CatalogLoader.addOnKeys),
      ("inclusion", inclusion, CatalogLoader.inclusionKeys),
      ("price detail", try schema.priceDetail(), CatalogLoader.priceDetailKeys),
    ]
    for (name, object, keys) in objects {
      #expect(JSONSchema.propertyNames(object) == Set(keys), "\(name)")
      #expect(object["additionalProperties"] as? Bool == false, "\(name): the loader rejects unknown keys")
    }
    #expect(try schema.enumeration(schema.property("basis", of: addOn)) == Set(CatalogLoader.addOnBases))
    #expect(
      try schema.enumeration(schema.property("mixing", of: schema.property("licensing", of: top)))
        == Set(MixingPolicy.allCases.map(\.rawValue)))
    #expect(
      try schema.enumeration(schema.property("licensing", of: inclusion))
        == Set(LicensingModel.allCases.map(\.rawValue)))
    #expect(try schema.enumeration(schema.property("covers", of: inclusion)) == Set(Coverage.allCases.map(\.rawValue)))
  }

  @Test func dealSchemaHasTheLoadersKeys() throws {
    let schema = try JSONSchema(file: Self.dealSchemaFile)
    let top = schema.root
    let groups = try schema.property("groups", of: top)
    let group = try schema.resolve(try #require(groups["items"] as? [String: Any]))
    let objects: [(String, [String: Any], [String])] = [
      ("top level", top, DealLoader.topLevelKeys),
      ("group", group, DealLoader.groupKeys),
      ("pricing", try schema.property("pricing", of: top), DealLoader.pricingKeys),
    ]
    for (name, object, keys) in objects {
      #expect(JSONSchema.propertyNames(object) == Set(keys), "\(name)")
      #expect(object["additionalProperties"] as? Bool == false, "\(name): the loader rejects unknown keys")
    }
    // `account` has one fixed key; its others are the catalog's account add-on ids.
    let account = try schema.property("account", of: top)
    #expect(JSONSchema.propertyNames(account) == [DealLoader.accountStorageKey])
    #expect(account["additionalProperties"] as? Bool != false)
    #expect(
      try schema.enumeration(schema.property("licensing", of: top)) == Set(LicensingChoice.allCases.map(\.rawValue)))
  }

  /// The schemas' `required` lists at the top level are the keys whose absence the loaders report.
  @Test func topLevelRequiredKeysAgreeWithTheLoaders() throws {
    let library = CatalogLibrary(searchFolders: [repositoryFile("Catalogs")])
    let cases: [(schema: String, document: String, keys: [String], problems: (String) -> [Diagnostic])] = [
      (
        Self.catalogSchemaFile, "Catalogs/zoom-contact-center.yaml", CatalogLoader.topLevelKeys,
        { CatalogLoader.diagnostics(file: $0) }
      ),
      (
        Self.dealSchemaFile, "Examples/mixed-center.yaml", DealLoader.topLevelKeys,
        { file in
          do {
            return try DealLoader.load(file: file, library: library).warnings
          } catch {
            return (error as? SeatMixError)?.diagnostics
              ?? [Diagnostic(file: file, line: nil, field: "", message: "\(error)")]
          }
        }
      ),
    ]
    for (schemaFile, document, keys, problems) in cases {
      let schema = try JSONSchema(file: schemaFile)
      let schemaRequired = Set(try #require(schema.root["required"] as? [String]))
      let text = try String(contentsOfFile: repositoryFile(document), encoding: .utf8)
      let errors = try withTemporaryFile(text) { problems($0).filter { $0.severity == .error } }
      #expect(errors.isEmpty, "\(document) is valid")
      var loaderRequired = Set<String>()
      for key in keys {
        guard let without = removingTopLevelKey(key, from: text) else { continue }
        let found = try withTemporaryFile(without, problems)
        if found.contains(where: { $0.field == key && $0.message == "is required" }) { loaderRequired.insert(key) }
      }
      #expect(loaderRequired == schemaRequired, "\(document)")
    }
  }

  /// Every YAML example and catalog points editors at its schema.
  @Test func yamlFilesNameTheirSchema() throws {
    let folders = [("Examples", "deal.schema.json"), ("Catalogs", "catalog.schema.json")]
    for (folder, schema) in folders {
      let names = try FileManager.default.contentsOfDirectory(atPath: repositoryFile(folder))
        .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
      #expect(!names.isEmpty)
      for name in names {
        let text = try String(contentsOfFile: repositoryFile("\(folder)/\(name)"), encoding: .utf8)
        #expect(text.hasPrefix("# yaml-language-server: $schema=\(schema)\n"), "\(folder)/\(name)")
      }
    }
  }
}

/// A parsed JSON Schema, with just enough `$ref` resolution for local `#/$defs/...` references.
struct JSONSchema {
  let root: [String: Any]
  let file: String

  init(file: String) throws {
    self.file = file
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(file) is a JSON object")
  }

  func definition(_ name: String) throws -> [String: Any] {
    let definitions = try #require(root["$defs"] as? [String: Any])
    return try resolve(try #require(definitions[name] as? [String: Any], "\(file) defines \(name)"))
  }

  /// Follows `$ref` until a schema without one.
  func resolve(_ schema: [String: Any]) throws -> [String: Any] {
    guard let reference = schema["$ref"] as? String else { return schema }
    let prefix = "#/$defs/"
    try #require(reference.hasPrefix(prefix), "\(reference) is a local reference")
    return try definition(String(reference.dropFirst(prefix.count)))
  }

  func property(_ name: String, of object: [String: Any]) throws -> [String: Any] {
    let properties = try #require(object["properties"] as? [String: Any])
    return try resolve(try #require(properties[name] as? [String: Any], "\(file) has property \(name)"))
  }

  func enumeration(_ schema: [String: Any]) throws -> Set<String> {
    Set(try #require(schema["enum"] as? [String]))
  }

  /// The object form of a price, `{amount, estimate}`.
  func priceDetail() throws -> [String: Any] {
    let forms = try #require(try definition("price")["oneOf"] as? [[String: Any]])
    return try #require(try forms.map(resolve).first { $0["type"] as? String == "object" })
  }

  static func propertyNames(_ object: [String: Any]) -> Set<String> {
    Set((object["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
  }
}

/// The YAML text without a top-level key and its block, or nil when the key is not there.
func removingTopLevelKey(_ key: String, from text: String) -> String? {
  var lines = text.components(separatedBy: "\n")
  guard let start = lines.firstIndex(where: { $0.hasPrefix("\(key):") }) else { return nil }
  var end = start + 1
  while end < lines.count, lines[end].isEmpty || lines[end].hasPrefix(" ") || lines[end].hasPrefix("-") {
    end += 1
  }
  lines.removeSubrange(start..<end)
  return lines.joined(separator: "\n")
}

/// Writes text to a new file in the temporary folder, hands its path to `body`, and removes it.
func withTemporaryFile<T>(_ text: String, suffix: String = ".yaml", _ body: (String) throws -> T) throws -> T {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-\(UUID().uuidString)\(suffix)")
  try text.write(to: url, atomically: true, encoding: .utf8)
  defer { try? FileManager.default.removeItem(at: url) }
  return try body(url.path)
}
