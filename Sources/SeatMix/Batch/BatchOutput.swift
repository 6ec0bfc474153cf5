import Foundation

/// The rows `seatmix batch` writes: one per scenario in RESULTS.csv, one per (scenario, line item,
/// group) in LINES.csv.
public enum BatchOutput {
  public static func resultHeader(skus: [SKU]) -> [String] {
    ["scenario", "status", "monthly_total", "term_total", "licensing_model"]
      + skus.map { "qty_" + $0.id.replacingOccurrences(of: "-", with: "_") }
      + ["best_single_plan", "best_single_plan_monthly", "savings_monthly", "warnings", "error"]
  }

  public static let linesHeader = ["scenario", "group", "sku", "quantity", "unit_price", "monthly"]

  /// The result row of a scenario that could not be read or solved.
  public static func errorRow(_ scenario: BatchScenario, skus: [SKU], status: String = "error") -> [String] {
    [scenario.id, status, "", "", ""] + skus.map { _ in "" }
      + ["", "", "", scenario.warnings.joined(separator: "; "), scenario.errors.joined(separator: "; ")]
  }

  public static func resultRow(_ scenario: BatchScenario, _ analysis: Analysis, skus: [SKU]) -> [String] {
    var warnings = scenario.warnings
    switch analysis.outcome {
    case .infeasible(let infeasibility):
      var failed = scenario
      failed.errors = infeasibility.reasons
      return errorRow(failed, skus: skus, status: "infeasible")
    case .noPlanFound(let limit):
      var failed = scenario
      failed.errors = ["the \(limit) stopped the search before any plan was found"]
      return errorRow(failed, skus: skus, status: "no-solution")
    case .planned(let plan):
      let status: String
      switch plan.status {
      case .optimal: status = "optimal"
      case .feasible(let limit, let gap):
        status = "feasible"
        warnings.append(
          "not proven optimal: the \(limit) stopped the search (gap \(gap.map { String(format: "%.2f%%", $0 * 100) } ?? "unknown"))"
        )
      }
      let estimated = plan.lineItems.filter(\.unitPrice.isEstimate).map(\.sku.id)
      if !estimated.isEmpty { warnings.append("estimated prices: " + estimated.joined(separator: " ")) }
      let other = Set(plan.lineItems.map(\.sku)).subtracting(skus)
      if !other.isEmpty {
        warnings.append(
          "SKUs without a column: " + other.sorted().map { "\($0.id)=\(plan.quantity(of: $0))" }.joined(separator: " "))
      }
      let models = plan.licensingModels
      let best = analysis.bestSinglePlan
      let bestPlan = best?.plan
      var row: [String] = [
        scenario.id, status, Money.plain(units: plan.monthlyUnits),
        Money.plain(plan.termTotal),
        models.count == 1 ? models[0].rawValue : "mixed",
      ]
      for sku in skus { row.append(String(plan.quantity(of: sku))) }
      row.append(best.map { "\($0.tier)-\($0.model.rawValue)" } ?? "")
      row.append(bestPlan.map { Money.plain(units: $0.monthlyUnits) } ?? "")
      row.append(bestPlan.map { Money.plain(units: $0.monthlyUnits - plan.monthlyUnits) } ?? "")
      row.append(warnings.joined(separator: "; "))
      row.append("")
      return row
    }
  }

  public static func lineRows(_ scenario: BatchScenario, _ analysis: Analysis) -> [[String]] {
    guard let plan = analysis.plan else { return [] }
    var rows: [[String]] = []
    for item in plan.lineItems {
      let unit = Money.plain(units: item.unitPrice.units)
      if item.groups.isEmpty {
        rows.append([scenario.id, "", item.sku.id, "\(item.quantity)", unit, Money.plain(units: item.monthlyUnits)])
      } else {
        for share in item.groups {
          rows.append([
            scenario.id, share.group, item.sku.id, "\(share.quantity)", unit,
            Money.plain(units: item.unitPrice.units * Int64(share.quantity)),
          ])
        }
      }
    }
    return rows
  }

  /// One CSV line (comma-separated, CRLF-free, quoted where needed), with its line break.
  public static func csvLine(_ fields: [String]) -> String {
    fields.map { field in
      if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || field.hasPrefix(" ") {
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      }
      return field
    }.joined(separator: ",") + "\n"
  }
}
