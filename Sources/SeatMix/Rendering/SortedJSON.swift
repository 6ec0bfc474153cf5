import Foundation

/// JSON text of an `Encodable` value, exactly as Foundation's `JSONEncoder` writes it with
/// `outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` and
/// `keyEncodingStrategy = .convertToSnakeCase` — the format of every JSON output of SeatMix
/// (`optimize -f json`, the report's `plan.json`, the service's answers) — at a fraction of its cost.
///
/// Why not `JSONEncoder` itself: it was 30% of the instructions of a `POST /api/v1/plans` in the
/// service (its boxing, its per-key snake-case conversion and its sort), more than the solves.
/// This encoder builds a small tree and writes it once. Byte-for-byte equality with `JSONEncoder` is
/// the contract: `SortedJSONTests` compare the two on every example deal's plan and report and on
/// values built to reach every rule (escapes, numbers, empty containers, key conversion and order).
public enum SortedJSON {
  /// The value as JSON, without a final newline.
  public static func encode(_ value: some Encodable) throws -> String {
    let root = JSONTreeNode()
    try TreeEncoder(node: root).encode(value)
    var out = ""
    out.reserveCapacity(4096)
    root.write(into: &out, indent: 0)
    return out
  }
}

// MARK: - The tree

/// One JSON value being built: an object, an array or a scalar's finished text.
private final class JSONTreeNode {
  enum Kind { case unset, object, array, scalar }
  var kind = Kind.unset
  var members: [(key: String, value: JSONTreeNode)] = []
  var items: [JSONTreeNode] = []
  var text = ""

  func scalar(_ text: String) {
    kind = .scalar
    self.text = text
  }

  func member(_ key: String) -> JSONTreeNode {
    kind = .object
    let node = JSONTreeNode()
    // A key encoded twice keeps its last value, in its first place (as JSONEncoder does).
    if let index = members.firstIndex(where: { $0.key == key }) {
      members[index].value = node
    } else {
      members.append((key, node))
    }
    return node
  }

  func item() -> JSONTreeNode {
    kind = .array
    let node = JSONTreeNode()
    items.append(node)
    return node
  }

  /// JSONEncoder's pretty printing: two spaces per level, `"key" : value`, an empty container as
  /// its brackets around an empty line.
  func write(into out: inout String, indent: Int) {
    switch kind {
    case .scalar:
      out += text
    case .unset:
      out += "{\n\n" + String(repeating: " ", count: indent) + "}"
    case .array:
      out += "[\n"
      for (index, item) in items.enumerated() {
        if index > 0 { out += ",\n" }
        out += String(repeating: " ", count: indent + 2)
        item.write(into: &out, indent: indent + 2)
      }
      out += "\n" + String(repeating: " ", count: indent) + "]"
    case .object:
      out += "{\n"
      let sorted = members.sorted { SortedJSON.keyPrecedes($0.key, $1.key) }
      for (index, member) in sorted.enumerated() {
        if index > 0 { out += ",\n" }
        out += String(repeating: " ", count: indent + 2)
        SortedJSON.writeString(member.key, into: &out)
        out += " : "
        member.value.write(into: &out, indent: indent + 2)
      }
      out += "\n" + String(repeating: " ", count: indent) + "}"
    }
  }
}

extension SortedJSON {
  /// `.sortedKeys`' order on Linux's Foundation: by Unicode scalars, so `Upper` before `a10` before
  /// `a9` (a test checks it against JSONEncoder).
  static func keyPrecedes(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
  }

  /// A string as JSONEncoder writes it with `.withoutEscapingSlashes`.
  static func writeString(_ text: String, into out: inout String) {
    out += "\""
    var plain = text.utf8.startIndex
    let utf8 = text.utf8
    var index = plain
    while index != utf8.endIndex {
      let byte = utf8[index]
      let escape: String? =
        switch byte {
        case UInt8(ascii: "\""): "\\\""
        case UInt8(ascii: "\\"): "\\\\"
        case 0x08: "\\b"
        case 0x0C: "\\f"
        case UInt8(ascii: "\n"): "\\n"
        case UInt8(ascii: "\r"): "\\r"
        case UInt8(ascii: "\t"): "\\t"
        case 0..<0x20: "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
        default: nil
        }
      if let escape {
        out += text[plain..<index]
        out += escape
        plain = utf8.index(after: index)
      }
      index = utf8.index(after: index)
    }
    out += text[plain..<utf8.endIndex]
    out += "\""
  }

  /// `.convertToSnakeCase`, as Foundation does it: words split where a lowercase letter meets an
  /// uppercase one, and a run of capitals is a word of its own (`planURLText` → `plan_url_text`).
  static func snakeCase(_ key: String) -> String {
    // On the key's bytes when it is ASCII (every key SeatMix writes): the same steps on Characters
    // cost more than JSONEncoder's whole encoding.
    let bytes = Array(key.utf8)
    guard bytes.allSatisfy({ $0 < 0x80 }) else { return snakeCase(characters: Array(key)) }
    let words = snakeCaseWords(bytes, isUppercase: { (65...90).contains($0) }, isLowercase: { (97...122).contains($0) })
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 4)
    for (index, word) in words.enumerated() {
      if index > 0 { out.append(UInt8(ascii: "_")) }
      for byte in bytes[word] { out.append((65...90).contains(byte) ? byte + 32 : byte) }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func snakeCase(characters: [Character]) -> String {
    snakeCaseWords(characters, isUppercase: \.isUppercase, isLowercase: \.isLowercase)
      .map { String(characters[$0]).lowercased() }.joined(separator: "_")
  }

  /// Foundation's word split: at each uppercase letter after the first character; a run of
  /// capitals before a lowercase letter is a word of its own, but for its last capital.
  private static func snakeCaseWords<Element>(
    _ characters: [Element], isUppercase: (Element) -> Bool, isLowercase: (Element) -> Bool
  ) -> [Range<Int>] {
    guard !characters.isEmpty else { return [] }
    var words: [Range<Int>] = []
    var wordStart = 0
    var searchStart = 1
    func first(from start: Int, where test: (Element) -> Bool) -> Int? {
      guard start < characters.count else { return nil }
      return characters[start...].firstIndex(where: test)
    }
    while let upper = first(from: searchStart, where: isUppercase) {
      words.append(wordStart..<upper)
      searchStart = upper
      guard let lower = first(from: searchStart, where: isLowercase) else {
        wordStart = searchStart
        break
      }
      if lower == upper + 1 {
        wordStart = upper
      } else {
        words.append(upper..<(lower - 1))
        wordStart = lower - 1
      }
      searchStart = lower + 1
    }
    words.append(wordStart..<characters.count)
    return words
  }

  /// A Double as JSONEncoder writes one: its shortest description, without a trailing `.0`.
  static func number<Number: BinaryFloatingPoint & LosslessStringConvertible>(_ value: Number) throws -> String {
    guard value.isFinite else {
      throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) is not a JSON number"))
    }
    var text = value.description
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
  }
}

// MARK: - The Encoder

/// Marks the `[String: Encodable]` dictionaries, whose keys JSONEncoder leaves as they are.
private protocol StringKeyedDictionary {}
extension Dictionary: StringKeyedDictionary where Key == String, Value: Encodable {}

private struct TreeEncoder: Encoder {
  let node: JSONTreeNode
  var convertsKeys = true
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if node.kind == .unset { node.kind = .object }
    return KeyedEncodingContainer(KeyedContainer<Key>(node: node, convertsKeys: convertsKeys))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    node.kind = .array
    return UnkeyedContainer(node: node)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(node: node) }

  /// Any value into `node`: the scalars JSONEncoder writes itself (Decimal among them, which it
  /// writes as its description, not through Decimal's own `encode(to:)`), else the value's coding.
  func encode(_ value: some Encodable) throws {
    if let decimal = value as? Decimal {
      node.scalar(decimal.description)
    } else if value is any StringKeyedDictionary {
      var encoder = self
      encoder.convertsKeys = false
      try value.encode(to: encoder)
      if node.kind == .unset { node.kind = .object }
    } else {
      try value.encode(to: self)
    }
  }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let node: JSONTreeNode
  let convertsKeys: Bool
  var codingPath: [any CodingKey] { [] }

  private func member(_ key: Key) -> JSONTreeNode {
    node.member(convertsKeys ? SortedJSON.snakeCase(key.stringValue) : key.stringValue)
  }

  mutating func encodeNil(forKey key: Key) throws { member(key).scalar("null") }
  mutating func encode(_ value: Bool, forKey key: Key) throws { member(key).scalar(value ? "true" : "false") }
  mutating func encode(_ value: String, forKey key: Key) throws {
    var text = ""
    SortedJSON.writeString(value, into: &text)
    member(key).scalar(text)
  }
  mutating func encode(_ value: Double, forKey key: Key) throws { member(key).scalar(try SortedJSON.number(value)) }
  mutating func encode(_ value: Float, forKey key: Key) throws { member(key).scalar(try SortedJSON.number(value)) }
  mutating func encode(_ value: Int, forKey key: Key) throws { member(key).scalar(String(value)) }
  mutating func encode(_ value: Int8, forKey key: Key) throws { member(key).scalar(String(value)) }
  mutating func encode(_ value: Int16, forKey key: Key) throws { member(key).scalar(String(value)) }
  mutating func encode(_ value: Int32, forKey key: Key) throws { member(key).scalar(String(value)) }
  mutating func encode(_ value: Int64, forKey key: Key) throws { member(key).scalar(String(value)) }
  mutating func encode(_ value: UInt, forKey key: Key) throws { member(key).scalar(String(value)) }
  mutating func encode(_ value: UInt8, forKey key: Key) throws { member(key).scalar(String(value)) }
  mutating func encode(_ value: UInt16, forKey key: Key) throws { member(key).scalar(String(value)) }
  mutating func encode(_ value: UInt32, forKey key: Key) throws { member(key).scalar(String(value)) }
  mutating func encode(_ value: UInt64, forKey key: Key) throws { member(key).scalar(String(value)) }
  mutating func encode(_ value: some Encodable, forKey key: Key) throws {
    try TreeEncoder(node: member(key)).encode(value)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    TreeEncoder(node: member(key)).container(keyedBy: keyType)
  }
  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    TreeEncoder(node: member(key)).unkeyedContainer()
  }
  mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.member("super")) }
  mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(node: member(key)) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
  let node: JSONTreeNode
  var codingPath: [any CodingKey] { [] }
  var count: Int { node.items.count }

  mutating func encodeNil() throws { node.item().scalar("null") }
  mutating func encode(_ value: Bool) throws { node.item().scalar(value ? "true" : "false") }
  mutating func encode(_ value: String) throws {
    var text = ""
    SortedJSON.writeString(value, into: &text)
    node.item().scalar(text)
  }
  mutating func encode(_ value: Double) throws { node.item().scalar(try SortedJSON.number(value)) }
  mutating func encode(_ value: Float) throws { node.item().scalar(try SortedJSON.number(value)) }
  mutating func encode(_ value: Int) throws { node.item().scalar(String(value)) }
  mutating func encode(_ value: Int8) throws { node.item().scalar(String(value)) }
  mutating func encode(_ value: Int16) throws { node.item().scalar(String(value)) }
  mutating func encode(_ value: Int32) throws { node.item().scalar(String(value)) }
  mutating func encode(_ value: Int64) throws { node.item().scalar(String(value)) }
  mutating func encode(_ value: UInt) throws { node.item().scalar(String(value)) }
  mutating func encode(_ value: UInt8) throws { node.item().scalar(String(value)) }
  mutating func encode(_ value: UInt16) throws { node.item().scalar(String(value)) }
  mutating func encode(_ value: UInt32) throws { node.item().scalar(String(value)) }
  mutating func encode(_ value: UInt64) throws { node.item().scalar(String(value)) }
  mutating func encode(_ value: some Encodable) throws { try TreeEncoder(node: node.item()).encode(value) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
    NestedKey
  > {
    TreeEncoder(node: node.item()).container(keyedBy: keyType)
  }
  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    TreeEncoder(node: node.item()).unkeyedContainer()
  }
  mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.item()) }
}

private struct SingleContainer: SingleValueEncodingContainer {
  let node: JSONTreeNode
  var codingPath: [any CodingKey] { [] }

  mutating func encodeNil() throws { node.scalar("null") }
  mutating func encode(_ value: Bool) throws { node.scalar(value ? "true" : "false") }
  mutating func encode(_ value: String) throws {
    var text = ""
    SortedJSON.writeString(value, into: &text)
    node.scalar(text)
  }
  mutating func encode(_ value: Double) throws { node.scalar(try SortedJSON.number(value)) }
  mutating func encode(_ value: Float) throws { node.scalar(try SortedJSON.number(value)) }
  mutating func encode(_ value: Int) throws { node.scalar(String(value)) }
  mutating func encode(_ value: Int8) throws { node.scalar(String(value)) }
  mutating func encode(_ value: Int16) throws { node.scalar(String(value)) }
  mutating func encode(_ value: Int32) throws { node.scalar(String(value)) }
  mutating func encode(_ value: Int64) throws { node.scalar(String(value)) }
  mutating func encode(_ value: UInt) throws { node.scalar(String(value)) }
  mutating func encode(_ value: UInt8) throws { node.scalar(String(value)) }
  mutating func encode(_ value: UInt16) throws { node.scalar(String(value)) }
  mutating func encode(_ value: UInt32) throws { node.scalar(String(value)) }
  mutating func encode(_ value: UInt64) throws { node.scalar(String(value)) }
  mutating func encode(_ value: some Encodable) throws { try TreeEncoder(node: node).encode(value) }
}
