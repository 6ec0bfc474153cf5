import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// The plan JSON's types name their snake_case keys themselves (`CodingKeys`), so `optimize -f json`
/// and the service skip JSONEncoder's key conversion (a third of the encoding's cost): each key must
/// be what the conversion makes of the property's name (the golden files check the bytes of the
/// examples; this checks every key, also those no example writes).
@Suite struct PlanJSONKeyTests {
  /// A one-key object whose key is `name`, to see what `.convertToSnakeCase` makes of it.
  struct OneKey: Encodable {
    struct Key: CodingKey {
      var stringValue: String
      var intValue: Int? { nil }
      init(stringValue: String) { self.stringValue = stringValue }
      init?(intValue: Int) { nil }
    }
    let name: String
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Key.self)
      try container.encode(0, forKey: Key(stringValue: name))
    }
  }

  static func converted(_ name: String) throws -> String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let object = try JSONSerialization.jsonObject(with: encoder.encode(OneKey(name: name))) as? [String: Int]
    return try #require(object?.keys.first)
  }

  /// (property name, key) of each stored property of `value`, in order, against `Key`'s cases.
  static func keys<Key: CodingKey & CaseIterable & RawRepresentable>(_ value: Any, _: Key.Type) -> [(String, String)]
  where Key.RawValue == String {
    let names = Mirror(reflecting: value).children.compactMap(\.label)
    #expect(names.count == Key.allCases.count, "\(type(of: value))")
    return zip(names, Key.allCases.map(\.rawValue)).map { ($0, $1) }
  }

  /// Every key of the plan JSON's types, from the plans of an example with every part (the one
  /// with pools over time has the concurrency parts).
  static func allKeys() throws -> [(String, String)] {
    let optimizer = Optimizer(solver: GLPKSolver())
    func document(_ deal: String) throws -> PlanJSON.Document {
      let loaded = try DealLoader.load(file: repositoryFile(deal))
      return PlanJSON.document(try optimizer.analyze(loaded.deal, catalog: loaded.catalog))
    }
    let plain = try document("Examples/negotiated-pricing.yaml")
    let pooled = try document("Examples/concurrency/seasonal-months.yaml")
    let concurrency = try #require(pooled.concurrency)
    let pool = try #require(concurrency.pools.first)
    let item = try #require(plain.lineItems?.first)
    return try keys(plain, PlanJSON.Document.CodingKeys.self) + keys(concurrency, PlanJSON.Concurrency.CodingKeys.self)
      + keys(pool, PlanJSON.Pool.CodingKeys.self)
      + keys(try #require(pool.months.first), PlanJSON.Month.CodingKeys.self)
      + keys(plain.catalog, PlanJSON.CatalogInfo.CodingKeys.self)
      + keys(try #require(plain.groups?.first), PlanJSON.Group.CodingKeys.self)
      + keys(item, PlanJSON.Item.CodingKeys.self)
      + keys(try #require(item.groups.first), PlanJSON.GroupShare.CodingKeys.self)
      + keys(try #require(plain.singlePlans.first), PlanJSON.Single.CodingKeys.self)
  }

  @Test func everyKeyIsTheConvertedPropertyName() throws {
    let keys = try Self.allKeys()
    #expect(keys.count > 60)
    #expect(keys.contains { $0 == ("seatCoveredAddOns", "seat_covered_add_ons") })
    for (property, key) in keys {
      #expect(key == (try Self.converted(property)), "\(property)")
    }
  }

  /// `seatmix report`'s plan.json converts the keys of its own additions: the plan's keys, already
  /// snake_case, come through that conversion unchanged.
  @Test func convertingLeavesThePlanKeysAsTheyAre() throws {
    for (_, key) in try Self.allKeys() {
      #expect(try Self.converted(key) == key)
    }
  }
}
