import Foundation

/// The price a deal pays for one unit of a SKU per month, and how it was arrived at.
public struct UnitPrice: Sendable, Equatable {
  /// Per unit per month, after the deal's pricing overlay (rounded to the cent when discounted).
  public var amount: Decimal { Money.decimal(units: units) }
  /// The same amount in ten-thousandths, for exact and fast arithmetic.
  public var units: Int64
  /// The catalog's list price.
  public var listAmount: Decimal
  /// Why the list price is an estimate, when it is; a negotiated unit price is not an estimate.
  public var estimate: String?
  /// What the deal's pricing changed: "10% discount", "negotiated unit price".
  public var adjustment: String?

  public var isEstimate: Bool { estimate != nil }
}

/// Every SKU's unit price for one deal under one billing term.
public struct PriceList: Sendable {
  public let term: BillingTerm
  public let prices: [SKU: UnitPrice]

  public init(catalog: Catalog, term: BillingTerm, overlay: PricingOverlay) {
    self.term = term
    prices = Self.prices(catalog: catalog, term: term, overlay: overlay)
  }

  private static func prices(catalog: Catalog, term: BillingTerm, overlay: PricingOverlay) -> [SKU: UnitPrice] {
    var prices: [SKU: UnitPrice] = [:]
    for sku in catalog.skus {
      guard let list = catalog.listPrice(of: sku, term: term.id), let listUnits = list.units else { continue }
      if !overlay.unitPrices.isEmpty, let negotiated = overlay.unitPrices[sku.id], let units = Money.units(negotiated) {
        // Deal validation keeps negotiated prices to four decimals and within Money.maximumUnitPrice.
        prices[sku] = UnitPrice(
          units: units, listAmount: list.amount, estimate: nil, adjustment: "negotiated unit price")
        continue
      }
      let percent =
        overlay.skuDiscounts.isEmpty
        ? overlay.discountPercent : overlay.skuDiscounts[sku.id] ?? overlay.discountPercent
      if percent == 0 {
        prices[sku] = UnitPrice(units: listUnits, listAmount: list.amount, estimate: list.estimate, adjustment: nil)
        continue
      }
      // A discounted price is rounded to the cent, so it always has units when the list price does.
      let discounted = Money.roundedToCents(list.amount * (100 - percent) / 100)
      guard let units = Money.units(discounted) else { continue }
      prices[sku] = UnitPrice(
        units: units, listAmount: list.amount, estimate: list.estimate, adjustment: "\(percent)% discount")
    }
    return prices
  }

  public subscript(sku: SKU) -> UnitPrice? { prices[sku] }
}

extension PriceList {
  /// How a deal's pricing overlay names a concurrent license's overage price:
  /// `<tier>-concurrent-overage` (`essentials-concurrent-overage`).
  public static func overageID(_ tier: TierID) -> String { "\(tier)-concurrent-overage" }

  /// A tier's overage price per excess seat per billing month under the deal's pricing overlay,
  /// decided like every SKU's price (Examples/README.md, "pricing") with the overage's own id
  /// (``overageID(_:)``): `unit_prices` as is, else its `sku_discounts` percent, else
  /// `discount_pct` off the catalog's overage price, rounded to the cent. A negotiated seat price
  /// does not set the overage price. Nil when the catalog has no overage price for the term.
  public static func overagePrice(of tier: Tier, term: TermID, overlay: PricingOverlay) -> UnitPrice? {
    guard let list = tier.licenses[.concurrent]?.overagePrices[term], let listUnits = list.units else { return nil }
    let id = overageID(tier.id)
    if let negotiated = overlay.unitPrices[id], let units = Money.units(negotiated) {
      return UnitPrice(units: units, listAmount: list.amount, estimate: nil, adjustment: "negotiated unit price")
    }
    let percent = overlay.skuDiscounts[id] ?? overlay.discountPercent
    if percent == 0 {
      return UnitPrice(units: listUnits, listAmount: list.amount, estimate: list.estimate, adjustment: nil)
    }
    guard let units = Money.units(Money.roundedToCents(list.amount * (100 - percent) / 100)) else { return nil }
    return UnitPrice(units: units, listAmount: list.amount, estimate: list.estimate, adjustment: "\(percent)% discount")
  }
}
