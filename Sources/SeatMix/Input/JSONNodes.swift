import Yams

/// A JSON document read straight into the nodes `Yams.compose` makes of the same text — the same
/// strings, scalar styles, tags and marks (line and column) — without libyaml: a deal posted to the
/// service as JSON cost more to read through libyaml than to solve. ``DocumentReader`` tries it
/// first and reads the text with Yams when it returns nil, so every message about a document
/// (its syntax errors above all) stays libyaml's.
///
/// It returns nil for anything that is not strict JSON (RFC 8259) with an object at the top, and
/// also for the JSON that libyaml reads differently or refuses, or that JSONSerialization refuses:
/// a key whose `:` is on a later line or more than 1000 characters on (YAML's limit on implicit keys),
/// a repeated key, a `\u` escape of a surrogate or of NUL, a raw U+0085, U+2028 or U+2029 (line
/// breaks to YAML), a tab outside the top object, nesting deeper than ``depthLimit``, and a number
/// too large for a Double. `JSONNodesTests` compares it with Yams on the examples, the fixtures and
/// each of these cases.
enum JSONNodes {
  static let depthLimit = 200

  /// The document's root node, or nil for Yams to read it.
  static func read(_ text: String) -> Node? {
    guard canMakeMarks else { return nil }
    var text = text
    return text.withUTF8 { bytes in
      var parser = Parser(bytes: bytes)
      return parser.document()
    }
  }

  /// `Mark`'s initializer is internal to Yams; a mark is made from its two fields, which is checked
  /// once here (a Yams whose `Mark` changed shape leaves every document to Yams).
  private struct MarkFields {
    var line: Int
    var column: Int
  }

  static let canMakeMarks: Bool = {
    guard MemoryLayout<Mark>.size == MemoryLayout<MarkFields>.size,
      MemoryLayout<Mark>.alignment == MemoryLayout<MarkFields>.alignment
    else { return false }
    let mark = unsafeBitCast(MarkFields(line: 7, column: 3), to: Mark.self)
    return mark.line == 7 && mark.column == 3
  }()

  private static func mark(line: Int, column: Int) -> Mark {
    unsafeBitCast(MarkFields(line: line, column: column), to: Mark.self)
  }

  private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// libyaml's line (from 1) and, for marks, the column (from 1, in Unicode scalars) of `index`,
    /// the column counted up to `counted` of the current line.
    var line = 1
    var lineStart = 0
    var countedLine = 1
    var counted = 0
    var column = 1
    var depth = 0

    /// One constructor for the document's tags, as Yams' parser has (`Constructor.default` makes a
    /// new one, with its tables, on every call).
    let constructor = Constructor.default

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func tag(_ name: Tag.Name) -> Tag { Tag(name, .default, constructor) }

    mutating func document() -> Node? {
      guard skipSpace(tabs: false), index < bytes.count, bytes[index] == UInt8(ascii: "{"),
        let root = object(), skipSpace(tabs: false), index == bytes.count
      else { return nil }
      return root
    }

    /// The mark of `index`.
    mutating func mark() -> Mark {
      if countedLine != line { (countedLine, counted, column) = (line, lineStart, 1) }
      while counted < index {
        // A Unicode scalar begins at every byte but UTF-8's continuation bytes.
        if bytes[counted] & 0xC0 != 0x80 { column += 1 }
        counted += 1
      }
      return JSONNodes.mark(line: line, column: column)
    }

    /// Skips JSON's white space, counting lines as libyaml does (LF, CR LF and a lone CR each end
    /// one). libyaml takes a tab for white space within `{}` and `[]` only.
    mutating func skipSpace(tabs: Bool) -> Bool {
      while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: " "): index += 1
        case UInt8(ascii: "\t"):
          guard tabs else { return false }
          index += 1
        case UInt8(ascii: "\n"):
          index += 1
          newLine()
        case UInt8(ascii: "\r"):
          index += 1
          if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
          newLine()
        default: return true
        }
      }
      return true
    }

    mutating func newLine() {
      line += 1
      lineStart = index
    }

    mutating func value() -> Node? {
      guard index < bytes.count else { return nil }
      switch bytes[index] {
      case UInt8(ascii: "{"): return object()
      case UInt8(ascii: "["): return array()
      case UInt8(ascii: "\""):
        let start = mark()
        guard let text = string() else { return nil }
        return .scalar(Node.Scalar(text, tag(.str), .doubleQuoted, start))
      case UInt8(ascii: "t"): return word("true")
      case UInt8(ascii: "f"): return word("false")
      case UInt8(ascii: "n"): return word("null")
      default: return number()
      }
    }

    mutating func object() -> Node? {
      depth += 1
      guard depth <= JSONNodes.depthLimit else { return nil }
      let start = mark()
      index += 1
      var pairs: [(Node, Node)] = []
      var keys = Set<String>()
      guard skipSpace(tabs: true), index < bytes.count else { return nil }
      if bytes[index] != UInt8(ascii: "}") {
        while true {
          guard bytes[index] == UInt8(ascii: "\"") else { return nil }
          let keyStart = index
          let keyLine = line
          let keyMark = mark()
          guard let key = string(), skipSpace(tabs: true), index < bytes.count, bytes[index] == UInt8(ascii: ":"),
            line == keyLine, index - keyStart < 1000
          else { return nil }
          // A repeated key is libyaml's error (with its message): Yams reads the document.
          if pairs.count < 8 {
            guard !pairs.contains(where: { $0.0.scalar?.string == key }) else { return nil }
          } else {
            if keys.isEmpty { keys = Set(pairs.compactMap { $0.0.scalar?.string }) }
            guard keys.insert(key).inserted else { return nil }
          }
          index += 1
          guard skipSpace(tabs: true), let item = value(), skipSpace(tabs: true), index < bytes.count else {
            return nil
          }
          pairs.append((.scalar(Node.Scalar(key, tag(.str), .doubleQuoted, keyMark)), item))
          if bytes[index] == UInt8(ascii: ",") {
            index += 1
            guard skipSpace(tabs: true), index < bytes.count else { return nil }
            continue
          }
          guard bytes[index] == UInt8(ascii: "}") else { return nil }
          break
        }
      }
      index += 1
      depth -= 1
      return .mapping(Node.Mapping(pairs, tag(.implicit), .any, start))
    }

    mutating func array() -> Node? {
      depth += 1
      guard depth <= JSONNodes.depthLimit else { return nil }
      let start = mark()
      index += 1
      var items: [Node] = []
      guard skipSpace(tabs: true), index < bytes.count else { return nil }
      if bytes[index] != UInt8(ascii: "]") {
        while true {
          guard let item = value(), skipSpace(tabs: true), index < bytes.count else { return nil }
          items.append(item)
          if bytes[index] == UInt8(ascii: ",") {
            index += 1
            guard skipSpace(tabs: true) else { return nil }
            continue
          }
          guard bytes[index] == UInt8(ascii: "]") else { return nil }
          break
        }
      }
      index += 1
      depth -= 1
      return .sequence(Node.Sequence(items, tag(.implicit), .any, start))
    }

    mutating func word(_ word: StaticString) -> Node? {
      let start = mark()
      let count = word.utf8CodeUnitCount
      guard index + count <= bytes.count,
        UnsafeBufferPointer(start: word.utf8Start, count: count).elementsEqual(bytes[index..<index + count])
      else { return nil }
      index += count
      return .scalar(Node.Scalar(word.description, tag(.implicit), .plain, start))
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, as written.
    mutating func number() -> Node? {
      let start = mark()
      let first = index
      func digits() -> Int {
        let from = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        return index - from
      }
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard index < bytes.count else { return nil }
      if bytes[index] == UInt8(ascii: "0") {
        index += 1
      } else if digits() == 0 {
        return nil
      }
      var exponent = false
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
        index += 1
        guard digits() > 0 else { return nil }
      }
      if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
        exponent = true
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digits() > 0 else { return nil }
      }
      let text = String(decoding: bytes[first..<index], as: UTF8.self)
      // JSONSerialization refuses a number beyond Double's range.
      if exponent || index - first > 15 {
        guard let value = Double(text), value.isFinite else { return nil }
      }
      return .scalar(Node.Scalar(text, tag(.implicit), .plain, start))
    }

    /// A string's text, `index` on its opening quote.
    mutating func string() -> String? {
      index += 1
      let first = index
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
          let text = String(decoding: bytes[first..<index], as: UTF8.self)
          index += 1
          return text
        }
        if byte == UInt8(ascii: "\\") { return escapedString(from: first) }
        guard byte >= 0x20, !isYAMLLineBreak(at: index) else { return nil }
        index += 1
      }
      return nil
    }

    /// U+0085 (C2 85), U+2028 and U+2029 (E2 80 A8/A9) break lines in YAML, not in JSON.
    func isYAMLLineBreak(at position: Int) -> Bool {
      switch bytes[position] {
      case 0xC2: return position + 1 < bytes.count && bytes[position + 1] == 0x85
      case 0xE2:
        return position + 2 < bytes.count && bytes[position + 1] == 0x80
          && (bytes[position + 2] == 0xA8 || bytes[position + 2] == 0xA9)
      default: return false
      }
    }

    /// The rest of a string that has escapes, `index` on the first backslash.
    mutating func escapedString(from first: Int) -> String? {
      var text = Array(bytes[first..<index])
      while index < bytes.count {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "\""):
          index += 1
          return String(decoding: text, as: UTF8.self)
        case UInt8(ascii: "\\"):
          index += 1
          guard index < bytes.count else { return nil }
          let escape = bytes[index]
          index += 1
          switch escape {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
          case UInt8(ascii: "b"): text.append(0x08)
          case UInt8(ascii: "f"): text.append(0x0C)
          case UInt8(ascii: "n"): text.append(0x0A)
          case UInt8(ascii: "r"): text.append(0x0D)
          case UInt8(ascii: "t"): text.append(0x09)
          case UInt8(ascii: "u"):
            // libyaml refuses a surrogate, even in a pair; NUL would end Yams' C string.
            guard index + 4 <= bytes.count, let value = UInt32(hex: bytes[index..<index + 4]), value != 0,
              let scalar = Unicode.Scalar(value)
            else { return nil }
            index += 4
            text.append(contentsOf: String(Character(scalar)).utf8)
          default: return nil
          }
        default:
          guard byte >= 0x20, !isYAMLLineBreak(at: index) else { return nil }
          text.append(byte)
          index += 1
        }
      }
      return nil
    }
  }
}

extension UInt32 {
  /// Four hexadecimal digits.
  fileprivate init?(hex digits: Slice<UnsafeBufferPointer<UInt8>>) {
    var value: UInt32 = 0
    for digit in digits {
      switch digit {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt32(digit - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt32(digit - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): value = value << 4 | UInt32(digit - UInt8(ascii: "A") + 10)
      default: return nil
      }
    }
    self = value
  }
}
