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
      + [
        "", "", "", scenario.warnings.map(\.description).joined(separator: "; "),
        scenario.errors.map(\.description).joined(separator: "; "),
      ]
  }

  public static func resultRow(_ scenario: BatchScenario, _ analysis: Analysis, skus: [SKU]) -> [String] {
    var warnings = scenario.warnings.map(\.description)
    let status = analysis.outcome.status.rawValue
    switch analysis.outcome {
    case .infeasible, .noPlanFound:
      var failed = scenario
      failed.errors = analysis.outcome.reasons.map { BatchProblem(row: nil, message: $0) }
      return errorRow(failed, skus: skus, status: status)
    case .planned(let plan):
      if let caveat = plan.status.caveat { warnings.append(caveat) }
      var estimated = ""
      for index in plan.lineItems.indices where plan.lineItems[index].unitPrice.isEstimate {
        estimated += (estimated.isEmpty ? "estimated prices: " : " ") + plan.lineItems[index].sku.id
      }
      if !estimated.isEmpty { warnings.append(estimated) }
      // Line items come in catalog order, and the columns are a catalog's SKUs in the same order:
      // one walk matches them (a scenario on another catalog may have SKUs without a column).
      var quantities = [Int](repeating: 0, count: skus.count)
      var other = ""
      var next = 0
      for index in plan.lineItems.indices {
        let sku = plan.lineItems[index].sku
        let quantity = plan.lineItems[index].quantity
        if let column = (next..<skus.count).first(where: { skus[$0] == sku }) ?? skus.firstIndex(of: sku) {
          quantities[column] = quantity
          next = column + 1
        } else {
          other += (other.isEmpty ? "SKUs without a column: " : " ") + "\(sku.id)=\(quantity)"
        }
      }
      if !other.isEmpty { warnings.append(other) }
      let models = plan.licensingModels
      let best = analysis.bestSinglePlan
      let bestPlan = best?.plan
      var row: [String] = []
      row.reserveCapacity(skus.count + 10)
      row.append(scenario.id)
      row.append(status)
      row.append(Money.plain(units: plan.monthlyUnits))
      row.append(termTotal(plan))
      row.append(models.count == 1 ? models[0].rawValue : "mixed")
      for quantity in quantities { row.append(String(quantity)) }
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

  /// The term total as a plain amount, in integer units when it fits.
  static func termTotal(_ plan: Plan) -> String {
    let (units, overflow) = plan.monthlyUnits.multipliedReportingOverflow(by: Int64(plan.termMonths))
    return overflow ? Money.plain(plan.termTotal) : Money.plain(units: units)
  }

  /// One CSV line (comma-separated, CRLF-free, quoted where needed), with its line break. Every CSV
  /// SeatMix writes (batch results and lines, a report's plan.csv, sweep.csv) is made of these
  /// lines, so every cell is neutralized against formula injection here (see ``isFormulaLike(_:)``).
  public static func csvLine(_ fields: [String]) -> String {
    var line = ""
    appendCSVLine(fields, to: &line)
    return line
  }

  /// Appends ``csvLine(_:)`` of the fields, without building it apart first.
  public static func appendCSVLine(_ fields: [String], to text: inout String) {
    for (index, field) in fields.enumerated() {
      if index > 0 { text.append(",") }
      let needsQuotes =
        field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D } || field.hasPrefix(" ")
      if needsQuotes { text.append("\"") }
      if isFormulaLike(field) { text.append("'") }
      text.append(needsQuotes ? field.replacingOccurrences(of: "\"", with: "\"\"") : field)
      if needsQuotes { text.append("\"") }
    }
    text.append("\n")
  }

  /// Whether a spreadsheet would take the cell for a formula (OWASP's CSV injection guidance): it
  /// starts with `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a plain number. Such a
  /// cell is written with a leading `'`, which spreadsheets show as text: `=HYPERLINK(...)` becomes
  /// `'=HYPERLINK(...)`. A plain number is an optional `-`, digits, and optionally `.` and digits,
  /// so `-12.50` stays a number; `+5`, `-1e3` or `-` alone get the `'`.
  public static func isFormulaLike(_ field: String) -> Bool {
    switch field.utf8.first {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "@"), 0x09, 0x0D: return true
    case UInt8(ascii: "-"): return !isPlainNumber(field.utf8.dropFirst())
    default: return false
    }
  }

  /// Digits, optionally followed by `.` and digits.
  static func isPlainNumber(_ bytes: Substring.UTF8View) -> Bool {
    var digitsBefore = 0
    var digitsAfter = 0
    var point = false
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): if point { digitsAfter += 1 } else { digitsBefore += 1 }
      case UInt8(ascii: ".") where !point: point = true
      default: return false
      }
    }
    return digitsBefore > 0 && (!point || digitsAfter > 0)
  }
}
