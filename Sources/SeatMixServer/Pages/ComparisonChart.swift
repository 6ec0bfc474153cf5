import Foundation

/// The single-plan comparison chart as SVG, drawn by the server for the share page: one bar per
/// plan (the optimum, then every single plan that is possible, the best one marked) scaled to the
/// dearest, and a list of the single plans that are not possible. The calculator's script draws
/// the same markup from the same plan JSON (`renderComparison` in app.js), so both pages show one
/// chart and share its stylesheet rules (`.chart` in app.css).
enum ComparisonChart {
  static let width = 400.0
  static let rowHeight = 42.0

  /// `tierNames` maps the catalog's tier ids to their names, as for ``PlanHTML``.
  static func render(_ plan: PlanView, tierNames: [String: String] = [:]) -> String {
    let e = HTMLText.escape
    let currency = plan.catalog?.currency ?? "USD"
    func money(_ amount: Double) -> String { PageMoney.format(amount, currency: currency) }
    struct Row {
      var label: String
      var monthly: Double
      var kind: String
    }
    var rows: [Row] = []
    if let monthly = plan.monthlyTotal {
      rows.append(
        Row(label: plan.status == "optimal" ? "Optimum" : "Best plan found", monthly: monthly, kind: "bar optimum"))
    }
    var impossible: [(label: String, why: String)] = []
    for single in plan.singlePlans ?? [] {
      let label = PlanHTML.label(single, tierNames: tierNames)
      if let monthly = single.monthly {
        rows.append(Row(label: label, monthly: monthly, kind: single.plan == plan.bestSinglePlan ? "bar best" : "bar"))
      } else {
        impossible.append((label, single.notPossibleBecause ?? single.notSolvedBecause ?? "no plan"))
      }
    }
    var html = ""
    if rows.isEmpty {
      html += "<p class=\"placeholder\">No plan to compare.</p>"
    } else {
      let height = Double(rows.count) * rowHeight + 8
      let maximum = rows.map(\.monthly).max().flatMap { $0 > 0 ? $0 : nil } ?? 1
      let description = rows.map { "\($0.label): \(money($0.monthly)) a month" }.joined(separator: "; ")
      html += "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" class=\"comparison-chart\" role=\"img\" "
      html += "aria-label=\"\(e("Monthly cost of the optimum and of each single plan. " + description))\">"
      for (index, row) in rows.enumerated() {
        let y = Double(index) * rowHeight + 4
        let bar = max(2, row.monthly / maximum * (width - 4))
        html += "<text x=\"2\" y=\"\(Int(y + 14))\" class=\"bar-label\">\(e(row.label))</text>"
        html += "<text x=\"\(Int(width - 2))\" y=\"\(Int(y + 14))\" class=\"bar-value\" text-anchor=\"end\">"
        html += "\(e(money(row.monthly)))/month</text>"
        html += "<rect x=\"2\" y=\"\(Int(y + 20))\" width=\"\(String(format: "%.1f", bar))\" height=\"14\" rx=\"2\" "
        html += "class=\"\(row.kind)\"><title>\(e("\(row.label): \(money(row.monthly)) a month"))</title></rect>"
      }
      html += "</svg>"
    }
    if !impossible.isEmpty {
      html += "<ul class=\"impossible-plans\">"
      for plan in impossible {
        html += "<li><span class=\"plan-name\">\(e(plan.label))</span>: not possible: \(e(plan.why))</li>"
      }
      html += "</ul>"
    }
    return html
  }
}
