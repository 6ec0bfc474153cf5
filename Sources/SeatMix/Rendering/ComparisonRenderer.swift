import Foundation

/// `seatmix compare`: the report's plan comparison for the terminal, one aligned table per
/// billing term, the deal's own term first.
public enum ComparisonRenderer {
  public static func render(_ analysis: Analysis, _ rows: [ComparisonRow]) -> String {
    let catalog = analysis.catalog
    let currency = catalog.currency
    func money(_ amount: Decimal?) -> String { amount.map { Money.format($0, currency: currency) } ?? "-" }
    let optimumAnnual = analysis.plan.map { $0.monthlyTotal * 12 }

    var out: [String] = []
    out.append("Plan comparison: \(analysis.deal.name)")
    out.append("")
    if let optimumAnnual {
      out.append(
        "Annual = 12 × monthly, so billing terms compare on one basis. Differences are against the optimum, \(analysis.term.name.lowercased()): \(money(optimumAnnual))/year."
      )
    } else {
      out.append("No plan meets the deal under its own term; the rows say why.")
    }
    var reasons: [String] = []
    let terms = [analysis.term] + catalog.terms.filter { $0.id != analysis.term.id }
    for term in terms {
      let termRows = rows.filter { $0.term.id == term.id }
      guard !termRows.isEmpty else { continue }
      out.append("")
      out.append(
        "\(term.name), \(term.months) month\(term.months == 1 ? "" : "s")\(term.id == analysis.term.id ? " (the deal's term)" : "")"
      )
      var table = TextTable([
        ("Plan", .left), ("Monthly", .right), ("Annual", .right),
        ("Against \(analysis.plan?.status.planName ?? "the optimum")", .right), ("Note", .left),
      ])
      let cheapest = termRows.filter { $0.kind != .optimum }.compactMap(\.annual).min()
      for row in termRows {
        var note: [String] = []
        if row.plan == nil {
          let reason = row.outcome.reason ?? "no plan"
          if !reasons.contains(reason) { reasons.append(reason) }
          note.append("\(row.outcome.noPlanVerdict) [\(reasons.firstIndex(of: reason)! + 1)]")
        }
        if row.outsideDealLicensing && row.plan != nil { note.append("outside the deal's licensing") }
        if let plan = row.plan, !plan.status.isOptimal { note.append("not proven optimal") }
        if row.kind != .optimum, let annual = row.annual, annual == cheapest { note.append("cheapest single plan") }
        var delta = "-"
        if let annual = row.annual, let optimumAnnual {
          let extra = annual - optimumAnnual
          delta = extra == 0 ? "same" : (extra > 0 ? "+" : "") + money(extra) + "/year"
        }
        table.add([row.name(catalog), money(row.monthly), money(row.annual), delta, note.joined(separator: "; ")])
      }
      out.append(table.plain())
    }
    if !reasons.isEmpty {
      out.append("")
      out.append("Why there is no plan:")
      for (index, reason) in reasons.enumerated() { out.append("  [\(index + 1)] \(reason)") }
    }
    if let plan = analysis.plan, let best = analysis.bestSinglePlan, let bestPlan = best.plan {
      let saved = bestPlan.monthlyTotal - plan.monthlyTotal
      out.append("")
      out.append(
        saved == 0
          ? "The best single plan, \(catalog.name(of: .license(best.tier, best.model))), costs the same as \(plan.status.planName)."
          : "\(plan.status.isOptimal ? "The optimum" : "The best plan found") saves \(money(saved))/month (\(ReportText.percent(saved, of: bestPlan.monthlyTotal))), \(money(saved * 12))/year, against the best single plan, \(catalog.name(of: .license(best.tier, best.model)))."
      )
    }
    return out.joined(separator: "\n") + "\n"
  }
}
