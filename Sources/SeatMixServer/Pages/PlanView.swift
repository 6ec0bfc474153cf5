import Foundation

/// A plan as the pages read it: the JSON of `POST /api/v1/plans` (the same as `seatmix optimize -f
/// json`), decoded loosely (every field optional but the groups' and items' own), so a page still
/// renders what it can of a plan saved by an older version.
struct PlanView: Decodable, Sendable {
  struct Catalog: Decodable, Sendable {
    var id: String?
    var name: String?
    var effectiveDate: String?
    var currency: String?
  }
  struct Group: Decodable, Sendable {
    var name: String
    var agents: Int?
    var peakConcurrent: Int?
    var tier: String?
    var licensing: String?
    var addOns: [String]?
    var seatCoveredAddOns: [String]?
    var includedAddOns: [String]?
  }
  struct Item: Decodable, Sendable {
    var sku: String
    var name: String?
    var quantity: Int
    var unitPrice: Double?
    var estimatedPrice: Bool?
    var priceAdjustment: String?
    var monthly: Double?
    var termTotal: Double?
    var reason: String?
  }
  struct Single: Decodable, Sendable {
    var plan: String
    var tier: String?
    var licensing: String?
    var monthly: Double?
    var termTotal: Double?
    var notPossibleBecause: String?
    var notSolvedBecause: String?
  }

  var deal: String?
  var catalog: Catalog?
  var term: String?
  var termMonths: Int?
  var licensing: String?
  var status: String?
  var provenOptimal: Bool?
  var gap: Double?
  var infeasibleBecause: [String]?
  var groups: [Group]?
  var lineItems: [Item]?
  var monthlyTotal: Double?
  var termTotal: Double?
  var singlePlans: [Single]?
  var bestSinglePlan: String?
  var savingsMonthly: Double?
  var savingsTerm: Double?
  var warnings: [String]?

  static func decode(_ json: Data) throws -> PlanView {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(PlanView.self, from: json)
  }
}

/// The HTML of a plan, as the share page shows it before its script runs. The script's `renderPlan`
/// (app.js) draws the same sections, with the same classes and `data-sku` rows, from the same JSON.
enum PlanHTML {
  /// `tierNames` maps the catalog's tier ids to their names (`elite` → `Elite`); an id without one
  /// is shown as it is.
  static func render(_ plan: PlanView, tierNames: [String: String] = [:]) -> String {
    func tier(_ id: String?) -> String { id.map { tierNames[$0] ?? $0 } ?? "–" }
    func label(_ single: PlanView.Single) -> String { Self.label(single, tierNames: tierNames) }
    let currency = plan.catalog?.currency ?? "USD"
    func money(_ amount: Double?, decimals: Int = 2) -> String {
      amount.map { PageMoney.format($0, currency: currency, maximumDecimals: decimals) } ?? "–"
    }
    let e = HTMLText.escape
    var html = "<div class=\"plan-summary\">"
    html += "<p class=\"plan-status\" data-status=\"\(e(plan.status ?? "unknown"))\">\(e(statusSentence(plan)))</p>"
    if let monthly = plan.monthlyTotal {
      html += "<p class=\"plan-total\"><span class=\"total-monthly\">\(money(monthly))</span> a month"
      if let term = plan.termTotal {
        let months = plan.termMonths.map { " (\($0) \($0 == 1 ? "month" : "months"))" } ?? ""
        html += ", <span class=\"total-term\">\(money(term))</span> over the term\(e(months))"
      }
      html += "</p>"
    }
    for reason in plan.infeasibleBecause ?? [] {
      html += "<p class=\"plan-infeasible\">\(e(reason))</p>"
    }
    html += "</div>"

    if let groups = plan.groups, !groups.isEmpty {
      html += "<h3>Groups</h3><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Groups\">"
      html += "<table class=\"plan-groups\"><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Agents</th>"
      html += "<th scope=\"col\">Peak</th><th scope=\"col\">Tier</th><th scope=\"col\">Licensing</th>"
      html += "<th scope=\"col\">Add-ons</th></tr></thead><tbody>"
      for group in groups {
        html += "<tr><th scope=\"row\">\(e(group.name))</th>"
        html += "<td class=\"num\">\(group.agents.map(String.init) ?? "–")</td>"
        html += "<td class=\"num\">\(group.peakConcurrent.map(String.init) ?? "–")</td>"
        html += "<td>\(e(tier(group.tier)))</td><td>\(e(group.licensing ?? "–"))</td>"
        html += "<td>\(e(addOnText(group)))</td></tr>"
      }
      html += "</tbody></table></div>"
    }

    if let items = plan.lineItems, !items.isEmpty {
      html += "<h3>Line items</h3><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Line items\">"
      html += "<table class=\"plan-items\"><thead><tr><th scope=\"col\">SKU</th><th scope=\"col\">Qty</th>"
      html += "<th scope=\"col\">Unit/month</th><th scope=\"col\">Monthly</th><th scope=\"col\">Term total</th>"
      html += "<th scope=\"col\">Why</th></tr></thead><tbody>"
      for item in items {
        let estimated = item.estimatedPrice == true
        html += "<tr data-sku=\"\(e(item.sku))\"><th scope=\"row\">\(e(item.name ?? item.sku))"
        html += " <span class=\"sku\">\(e(item.sku))</span></th>"
        html += "<td class=\"num qty\">\(item.quantity)</td>"
        html += "<td class=\"num\">\(money(item.unitPrice, decimals: 4))"
        html += estimated ? "<abbr class=\"estimated\" title=\"estimated price\">*</abbr>" : ""
        html += "</td><td class=\"num\">\(money(item.monthly))</td><td class=\"num\">\(money(item.termTotal))</td>"
        html += "<td class=\"reason\">\(e(item.reason ?? ""))</td></tr>"
      }
      html += "</tbody></table></div>"
      if items.contains(where: { $0.estimatedPrice == true }) {
        html += "<p class=\"note\">* estimated price (see the warnings)</p>"
      }
    }

    if let singles = plan.singlePlans, !singles.isEmpty {
      html += "<h3>Against single plans</h3><ul class=\"single-plans\">"
      for single in singles {
        html += "<li data-plan=\"\(e(single.plan))\"><span class=\"plan-name\">\(e(label(single)))</span>: "
        if let monthly = single.monthly {
          html += "\(money(monthly)) a month"
          if let optimum = plan.monthlyTotal, monthly > optimum {
            html += " (+\(money(monthly - optimum)))"
          }
        } else {
          html += e(single.notPossibleBecause ?? single.notSolvedBecause ?? "no plan")
        }
        html += "</li>"
      }
      html += "</ul>"
      if let best = plan.bestSinglePlan, let saving = plan.savingsMonthly {
        // "The optimum" only when proven, as in the CLI's outputs (PlanStatus.planName).
        let planTitle = plan.status == "optimal" ? "The optimum" : "The best plan found"
        let bestLabel = e(singles.first { $0.plan == best }.map(label) ?? best)
        if saving > 0 {
          html +=
            "<p class=\"savings\">Best single plan: \(bestLabel); \(planTitle.lowercased()) saves \(money(saving)) a month"
          html += plan.savingsTerm.map { ", \(money($0)) over the term." } ?? "."
          html += "</p>"
        } else {
          html += "<p class=\"savings\">\(planTitle) is a single plan: \(bestLabel).</p>"
        }
      }
    }

    if let warnings = plan.warnings, !warnings.isEmpty {
      html += "<h3>Warnings</h3><ul class=\"warnings\">"
      for warning in warnings { html += "<li>\(e(warning))</li>" }
      html += "</ul>"
    }
    return html
  }

  /// A single plan's name as the pages show it: its tier's name and its licensing (`Elite
  /// concurrent`), or its id when the plan does not say them.
  static func label(_ single: PlanView.Single, tierNames: [String: String]) -> String {
    guard let tierID = single.tier, let licensing = single.licensing else { return single.plan }
    return (tierNames[tierID] ?? tierID) + " " + licensing
  }

  static func statusSentence(_ plan: PlanView) -> String {
    switch plan.status {
    case "optimal": return plan.provenOptimal == false ? "Optimal" : "Optimal (proven by GLPK)"
    case "infeasible": return "No plan meets this deal"
    case .some(let status):
      if let gap = plan.gap { return "\(status) (gap \(String(format: "%.2f", gap * 100)) %)" }
      return status
    case nil: return "No status"
    }
  }

  static func addOnText(_ group: PlanView.Group) -> String {
    var parts: [String] = []
    if let addOns = group.addOns, !addOns.isEmpty { parts.append(addOns.joined(separator: ", ")) }
    if let seat = group.seatCoveredAddOns, !seat.isEmpty {
      parts.append("covered per seat: " + seat.joined(separator: ", "))
    }
    if let included = group.includedAddOns, !included.isEmpty {
      parts.append("included: " + included.joined(separator: ", "))
    }
    return parts.isEmpty ? "–" : parts.joined(separator: "; ")
  }
}
