import Foundation

/// `plan.csv`: one row per line item of the optimal plan, for spreadsheets. Money as plain numbers
/// with two decimals; groups as `name:quantity` joined by `; `.
enum ReportCSV {
  static let header = [
    "sku", "name", "quantity", "unit_price", "list_price", "estimated_price", "price_adjustment", "monthly", "annual",
    "term_total", "groups", "reason",
  ]

  static func render(_ report: DealReport) -> String {
    var out = BatchOutput.csvLine(header)
    guard let plan = report.plan else { return out }
    for item in plan.lineItems {
      out += BatchOutput.csvLine([
        item.sku.id, item.name, "\(item.quantity)", Money.plain(item.unitPrice.amount),
        Money.plain(item.unitPrice.listAmount), item.unitPrice.isEstimate ? "true" : "false",
        item.unitPrice.adjustment ?? "", Money.plain(item.monthly), Money.plain(item.monthly * 12),
        Money.plain(item.monthly * Decimal(plan.termMonths)),
        item.groups.map { "\($0.group):\($0.quantity)" }.joined(separator: "; "), item.reason,
      ])
    }
    return out
  }
}
