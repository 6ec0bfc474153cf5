import Foundation
import Testing

@testable import SeatMix

/// `Money.format(units:currency:)`, which the plan's warnings use, must give the text
/// `Money.format(_:currency:)` gives of the same amount as a Decimal.
@Suite struct MoneyFormatTests {
  static let currencies = ["USD", "EUR", "GBP", "JPY", "CHF", ""]

  @Test func unitsAreFormattedAsTheirDecimal() {
    var random = SplitMix64(seed: 11)
    var amounts: [Int64] = [
      0, 1, 49, 50, 51, 99, 100, 149, 150, 9_950, 9_999, 10_000, 999_950, 9_999_950, 12_345_678_950,
      Int64.max / 4, Int64.max, Int64.min + 1,
    ]
    for _ in 0..<3000 {
      let magnitude = random.int(0...18)
      var limit: Int64 = 1
      for _ in 0..<magnitude { limit = limit.multipliedReportingOverflow(by: 10).partialValue }
      amounts.append(Int64(random.int(0...Int(max(limit, 1)))))
    }
    amounts += amounts.map { -$0 }
    for units in amounts {
      for currency in Self.currencies {
        let expected = Money.format(Money.decimal(units: units), currency: currency)
        #expect(Money.format(units: units, currency: currency) == expected, "\(units) \(currency)")
      }
    }
  }

  @Test func theWarningsListEstimatedPricesFormatted() {
    #expect(Money.format(units: 10_000_000, currency: "USD") == "$1,000.00")
    #expect(Money.format(units: -1_234_567_895, currency: "EUR") == "-€123,456.79")
    #expect(Money.format(units: -49, currency: "CHF") == "CHF 0.00")
  }
}
