/// Text made safe for HTML: every user-written string (a deal or group name, a catalog's text, a
/// reason or warning that quotes them) goes through `escape` before it reaches a page, in element
/// content and in attribute values alike.
enum HTMLText {
  /// `&`, `<`, `>`, `"` and `'` as character references; every other character as it is.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text.unicodeScalars {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }
}

/// Money as the pages show it: the currency's symbol for USD, EUR and GBP, its code before the
/// amount otherwise, thousands separators, two decimals, or up to four where a negotiated unit price
/// has them (`$12,298.00`, `CHF 1,050.50`, `$12.3456`). The script formats the same way
/// (`formatMoney` in app.js). Display only: the amounts come from the plan's JSON.
enum PageMoney {
  static func format(_ amount: Double, currency: String, maximumDecimals: Int = 2) -> String {
    let places = min(max(maximumDecimals, 2), 4)
    var scale: Double = 1
    for _ in 0..<places { scale *= 10 }
    let units = (abs(amount) * scale).rounded()
    guard units.isFinite, units < 9e15 else { return currency + " " + String(amount) }
    let scaled = Int64(units)
    let divisor = Int64(scale)
    var digits = String(scaled / divisor)
    var fraction = String(scaled % divisor)
    fraction = String(repeating: "0", count: places - fraction.count) + fraction
    while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
    var grouped = ""
    while digits.count > 3 {
      grouped = "," + digits.suffix(3) + grouped
      digits.removeLast(3)
    }
    let number = digits + grouped + "." + fraction
    let sign = amount < 0 && scaled > 0 ? "-" : ""
    switch currency {
    case "USD": return sign + "$" + number
    case "EUR": return sign + "€" + number
    case "GBP": return sign + "£" + number
    default: return sign + currency + " " + number
    }
  }
}
