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
    // Overage over time is no line item: one row with its average per month, so the rows add up
    // to the plan's monthly total.
    if let concurrency = plan.concurrency, concurrency.overageUnits > 0 {
      let monthly = plan.monthlyTotal - Money.decimal(units: concurrency.baseMonthlyUnits)
      let pools = concurrency.pools.filter { $0.overageUnits > 0 }
      func excess(_ pool: PoolOverTime) -> Int { pool.months.reduce(0) { sum, month in sum + month.excess } }
      let seatMonths = pools.reduce(0) { sum, pool in sum + excess(pool) }
      let months = concurrency.months
      out += BatchOutput.csvLine([
        "overage", "Overage (excess seats over the pools)", "\(seatMonths)", "", "", "false", "", Money.plain(monthly),
        Money.plain(monthly * 12),
        Money.plain(plan.termTotal - Money.decimal(units: concurrency.baseMonthlyUnits) * Decimal(plan.termMonths)),
        pools.map { "\($0.name) pool:\(excess($0))" }.joined(separator: "; "),
        "\(seatMonths) excess seat-month\(seatMonths == 1 ? "" : "s") over the grid's \(months) billing month\(months == 1 ? "" : "s") (\(Money.plain(units: concurrency.overageUnits)) in all)"
          + (months == 1 ? "" : ", averaged per month"),
      ])
    }
    return out
  }
}
