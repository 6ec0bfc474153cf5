/// How messages show values that came from a user's files or cells (names, ids, cell values, keys,
/// file names), so that one problem is always one line and no terminal escape sequence in a value
/// reaches the terminal.
///
/// A value without control characters is shown as written. A value with any is shown with each of
/// them escaped the way a Swift string literal writes it: newline `\n`, carriage return `\r`, tab
/// `\t`, any other as `\u{1B}` (its code point in hex); and then, so that the escaped text reads
/// back to exactly the value, every backslash of the value is doubled (`\\`). The characters
/// escaped are the controls C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F, which some
/// terminals read as escape sequences), the line and paragraph separators (U+2028, U+2029), and
/// the bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
/// which can make a line read differently from what it holds.
///
/// `quoted(_:)` is for a value inside a message (`unknown feature 'emial'`), `escaped(_:)` for text
/// that is not quoted, such as the file name and field path that begin a diagnostic.

/// The value in single quotes, with control characters escaped: `'Tier 1\nvoice'`.
public func quoted(_ value: some CustomStringConvertible) -> String {
  "'" + escaped(value) + "'"
}

/// The value with control characters escaped (see `quoted(_:)`), without quotes; a value without
/// control characters comes back unchanged, so escaping twice is escaping once.
public func escaped(_ value: some CustomStringConvertible) -> String {
  let text = value.description
  // The common case, fast: printable ASCII only.
  if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
  guard text.unicodeScalars.contains(where: needsEscape) else { return text }
  var result = ""
  result.reserveCapacity(text.utf8.count + 8)
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\\": result += "\\\\"
    case "\n": result += "\\n"
    case "\r": result += "\\r"
    case "\t": result += "\\t"
    case _ where needsEscape(scalar): result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result
}

/// Whether a character is one `escaped(_:)` writes as an escape.
private func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.value {
  case 0x00...0x1F, 0x7F...0x9F: return true
  case 0x2028, 0x2029: return true
  case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
  default: return false
  }
}
