import Foundation
import Testing

@testable import SeatMix

/// `SortedJSON` must write what `JSONEncoder` writes with SeatMix's settings, byte for byte.
@Suite struct SortedJSONTests {
  static func foundation(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  struct Empty: Encodable { var nothing: Int? }
  struct Inner: Encodable {
    var planURLText: String
    var peakID: Int
    var a2b10: Bool
    var value2: Double?
    var x: [Int]
  }
  /// Keys Swift's style would not name a property.
  struct OddKeys: Encodable {
    var underscored = 1
    var digitWord = 2
    var capitals = 3
    enum CodingKeys: String, CodingKey {
      case underscored = "ab_c"
      case digitWord = "item_9"
      case capitals = "HTTPStatus"
    }
  }
  struct Everything: Encodable {
    var text: String
    var names: [String]
    var empties: [[Int]]
    var empty: Empty
    var inner: [Inner]
    var money: [Decimal]
    var doubles: [Double]
    var floats: [Float]
    var integers: [Int64]
    var unsigned: UInt64
    var small: Int8
    var optionalAbsent: String?
    var byName: [String: Int]
    var nested: [String: [String: Decimal]]
    var aKey: Int
    var aKEY: Int
    var abc: Int
    var item10: Int
    var item9: Int
    var camelCase: Int
    var camelCASEWord: Int
    var _leading: Int
    var odd: OddKeys
  }

  static func everything(seed: UInt64) -> Everything {
    var random = SplitMix64(seed: seed)
    let scalars =
      (0..<0x80).map { Character(UnicodeScalar(UInt8($0))) } + ["é", "€", "𝄞", "\u{2028}", "\u{2029}", "\u{7F}"]
    func text() -> String {
      String((0..<random.int(0...12 - 1)).map { _ in scalars[random.int(0...scalars.count - 1)] })
    }
    func double() -> Double {
      switch random.int(0...4 - 1) {
      case 0: Double(random.int(0...1000 - 1)) - 500
      case 1: Double(random.int(0...1_000_000 - 1)) / 1000
      case 2: Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
      default: 1 / Double(random.int(0...97 - 1) + 1)
      }
    }
    return Everything(
      text: String(scalars), names: (0..<random.int(0...4 - 1)).map { _ in text() }, empties: [[], [1], []],
      empty: Empty(),
      inner: (0..<random.int(0...3 - 1)).map { _ in
        Inner(
          planURLText: text(), peakID: random.int(0...100 - 1), a2b10: random.int(0...2 - 1) == 0,
          value2: random.int(0...2 - 1) == 0 ? nil : double(), x: [])
      },
      money: [
        Decimal(string: "0")!, Decimal(string: "1234.5")!, Decimal(string: "-0.01")!,
        Decimal(random.int(0...99_999 - 1)) / 100,
      ],
      doubles: (0..<5).map { _ in double() }, floats: [0.1, 3, -2.5, Float(random.int(0...1000 - 1)) / 7],
      integers: [.min, .max, 0, -1], unsigned: .max, small: -128, optionalAbsent: nil,
      byName: ["camelKey": 1, "Upper": 2, "snake_key": 3, "a10": 4, "a9": 5],
      nested: ["outerKey": ["innerKey": 12.5]], aKey: 1, aKEY: 2, abc: 3, item10: 5, item9: 6,
      camelCase: 8, camelCASEWord: 9, _leading: 11, odd: OddKeys())
  }

  @Test(arguments: 0..<40)
  func everyRuleIsWrittenAsJSONEncoderWritesIt(seed: UInt64) throws {
    let value = Self.everything(seed: seed)
    #expect(try SortedJSON.encode(value) == Self.foundation(value))
  }

  @Test func everyExampleDealsPlanIsWrittenAsJSONEncoderWritesIt() throws {
    for deal in Examples.deals {
      let report = try Examples.report(deal)
      let document = PlanJSON.document(report.analysis)
      #expect(try SortedJSON.encode(document) == Self.foundation(document), "\(deal)")
    }
  }
}
