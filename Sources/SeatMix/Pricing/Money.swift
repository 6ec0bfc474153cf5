import Foundation

/// Exact money arithmetic and formatting. Amounts are `Decimal` at the edges (files, reports) and
/// whole ten-thousandths of the currency unit (`Int64` "units") in the arithmetic of plans, so a
/// plan's totals are exact and cheap; they become `Double` only as objective coefficients for the
/// solver. Catalog prices have at most four decimals (loading checks it); deal prices are cents.
public enum Money {
  public static let unitsPerWhole: Int64 = 10_000
  /// The largest unit price any input may state (per unit per month). With at most
  /// ``Limits/maximumCount`` units of a SKU, every amount in a plan fits in an Int64 of units.
  public static let maximumUnitPrice: Decimal = 1_000_000

  /// The amount in ten-thousandths, or nil when it has more than four decimals or is too large.
  public static func units(_ amount: Decimal) -> Int64? {
    var scaled = amount * Decimal(unitsPerWhole)
    var whole = Decimal()
    NSDecimalRound(&whole, &scaled, 0, .plain)
    guard whole == scaled, abs(whole) < Decimal(Int64.max / 4) else { return nil }
    return NSDecimalNumber(decimal: whole).int64Value
  }

  public static func decimal(units: Int64) -> Decimal {
    Decimal(sign: units < 0 ? .minus : .plus, exponent: -4, significand: Decimal(units.magnitude))
  }

  public static func double(units: Int64) -> Double { Double(units) / Double(unitsPerWhole) }

  /// `1234.50`: two decimals (half away from zero beyond the cent), for CSV and JSON.
  public static func plain(units: Int64) -> String {
    let cents = (units.magnitude + 50) / 100
    let text = "\(units < 0 && cents > 0 ? "-" : "")\(cents / 100)."
    let rest = cents % 100
    return text + (rest < 10 ? "0\(rest)" : "\(rest)")
  }

  public static func roundedToCents(_ amount: Decimal) -> Decimal {
    var value = amount
    var result = Decimal()
    NSDecimalRound(&result, &value, 2, .plain)
    return result
  }

  public static func double(_ amount: Decimal) -> Double {
    NSDecimalNumber(decimal: amount).doubleValue
  }

  /// `$1,234.50`, `-$12.00`, `EUR 3.00`: two decimals, thousands grouped, deterministic.
  public static func format(_ amount: Decimal, currency: String) -> String {
    let rounded = roundedToCents(amount)
    let negative = rounded < 0
    let text = "\(negative ? -rounded : rounded)"
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let whole = String(parts[0])
    var cents = parts.count > 1 ? String(parts[1]) : ""
    cents = String((cents + "00").prefix(2))
    var grouped = ""
    for (index, character) in whole.reversed().enumerated() {
      if index > 0 && index % 3 == 0 { grouped.append(",") }
      grouped.append(character)
    }
    let symbol = symbols[currency] ?? "\(currency) "
    return (negative ? "-" : "") + symbol + String(grouped.reversed()) + "." + cents
  }

  /// ``format(_:currency:)`` of ``decimal(units:)``, worked out on the integer: the same text at a
  /// fraction of the cost of Decimal's rounding and description (the plan's warnings list every
  /// estimated price, on every plan request of the service).
  public static func format(units: Int64, currency: String) -> String {
    // Half away from zero beyond the cent, as `roundedToCents`.
    let cents = (units.magnitude + 50) / 100
    let whole = String(cents / 100)
    var grouped = ""
    grouped.reserveCapacity(whole.utf8.count + whole.utf8.count / 3 + 8)
    if units < 0 && cents > 0 { grouped.append("-") }
    grouped.append(symbols[currency] ?? "\(currency) ")
    for (index, character) in whole.enumerated() {
      if index > 0 && (whole.utf8.count - index) % 3 == 0 { grouped.append(",") }
      grouped.append(character)
    }
    let rest = cents % 100
    grouped.append(rest < 10 ? ".0\(rest)" : ".\(rest)")
    return grouped
  }

  /// The amount as a plain number with two decimals, for CSV and JSON: `1234.50`.
  public static func plain(_ amount: Decimal) -> String {
    let rounded = roundedToCents(amount)
    let text = "\(rounded)"
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let cents = parts.count > 1 ? String((String(parts[1]) + "00").prefix(2)) : "00"
    return "\(parts[0]).\(cents)"
  }

  static let symbols = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"]
}

/// Bounds every input path applies, so that no accepted number can overflow a plan's arithmetic.
public enum Limits {
  /// The most of anything a deal may count: agents, peak, numbers, GB of storage.
  public static let maximumCount = 10_000_000
}
