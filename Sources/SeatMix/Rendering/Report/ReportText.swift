import Foundation

/// The words and figures of a report that every format shares: each renderer lays them out, none
/// phrases them again, so the HTML and the Markdown never disagree.
struct ReportText {
  let report: DealReport

  init(_ report: DealReport) { self.report = report }

  var catalog: Catalog { report.catalog }
  var currency: String { catalog.currency }
  var term: BillingTerm { report.analysis.term }

  func money(_ amount: Decimal) -> String { Money.format(amount, currency: currency) }
  func money(_ amount: Decimal?) -> String { amount.map { money($0) } ?? "-" }

  /// `+$1,200.00`, `-$30.00`, `same`.
  func delta(_ amount: Decimal) -> String {
    amount == 0 ? "same" : (amount > 0 ? "+" : "") + money(amount)
  }

  static func percent(_ part: Decimal, of whole: Decimal) -> String {
    guard whole != 0 else { return "0.0%" }
    return String(format: "%.1f%%", Money.double(part) / Money.double(whole) * 100)
  }

  static func percent(_ value: Decimal) -> String { "\(value)%" }

  func unitPrice(_ price: UnitPrice) -> String { money(price.amount) + (price.isEstimate ? "*" : "") }

  var title: String { "SeatMix report: \(report.deal.name)" }

  var licensing: String {
    let choice = report.deal.licensing == .any ? "any (named or concurrent)" : report.deal.licensing.rawValue
    let mixing = report.analysis.mixingAllowed ? "named and concurrent may be mixed" : "one licensing model per account"
    return "\(choice); \(mixing)"
  }

  var termText: String { "\(term.name), \(term.months) month\(term.months == 1 ? "" : "s")" }

  /// The facts under the title.
  var facts: [(String, String)] {
    [
      ("Catalog", "\(catalog.name) (\(catalog.id)), effective \(catalog.effectiveDate)"),
      ("Term", termText),
      ("Licensing", licensing),
      ("Status", status),
    ]
  }

  var status: String { report.analysis.outcome.summary }

  // MARK: 1. Summary

  /// Why there is no plan, when there is none.
  var noPlanReasons: [String] { report.analysis.outcome.reasons }

  func headline(_ plan: Plan) -> String {
    "The optimal plan costs \(money(plan.monthlyTotal)) a month: \(money(plan.monthlyTotal * 12)) a year and \(money(plan.termTotal)) over the \(term.months)-month term (\(term.name.lowercased()))."
  }

  func mixSentence(_ plan: Plan) -> String {
    let parts = plan.assignments.map { assignment -> String in
      var text = "\(assignment.group) on \(catalog.name(of: .license(assignment.tier, assignment.model)))"
      var addOns = assignment.addOns.map { catalog.addOn($0)?.name ?? $0.rawValue }
      addOns += assignment.seatCoveredAddOns.map {
        "\(catalog.addOn($0)?.name ?? $0.rawValue) (covered up to the seats, topped up beyond)"
      }
      if !addOns.isEmpty { text += " with " + list(addOns) }
      return text
    }
    return list(parts) + "."
  }

  /// `a`, `a and b`, `a, b and c`.
  func list(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
  }

  struct SummaryRow {
    var name: String
    var monthly: Decimal?
    var note: String
  }

  func summaryRows(_ plan: Plan) -> [SummaryRow] {
    var rows = [SummaryRow(name: "Optimal plan", monthly: plan.monthlyTotal, note: Mix(plan).label(catalog))]
    if let best = report.analysis.bestSinglePlan, let bestPlan = best.plan {
      rows.append(
        SummaryRow(
          name: "Best single plan", monthly: bestPlan.monthlyTotal,
          note: catalog.name(of: .license(best.tier, best.model))))
    }
    if let top = report.topTierNamed {
      let name = "Everyone on \(catalog.name(of: .license(topTierID!, .named)))"
      if let topPlan = top.plan {
        rows.append(
          SummaryRow(
            name: name, monthly: topPlan.monthlyTotal,
            note: top.outsideDealLicensing ? "outside the deal's licensing; the list-price reference" : ""))
      } else {
        rows.append(SummaryRow(name: name, monthly: nil, note: top.outcome.noPlanNote))
      }
    }
    return rows
  }

  var topTierID: TierID? {
    if case .single(let tier, _) = report.topTierNamed?.kind { return tier }
    return nil
  }

  func savingsSentences(_ plan: Plan) -> [String] {
    var sentences: [String] = []
    if let best = report.analysis.bestSinglePlan, let bestPlan = best.plan {
      let name = catalog.name(of: .license(best.tier, best.model))
      sentences.append(savings(plan, against: bestPlan.monthlyTotal, "the best single plan (\(name))"))
    } else {
      sentences.append("No single plan (everyone on one tier and one model) meets the deal; only a mix does.")
    }
    if let top = report.topTierNamed, let topPlan = top.plan, let tier = topTierID {
      let name = "everyone on \(catalog.name(of: .license(tier, .named)))"
      var sentence = savings(plan, against: topPlan.monthlyTotal, name)
      if top.outsideDealLicensing {
        sentence += " (The deal does not allow named licenses; this is the plain list-price reference.)"
      }
      sentences.append(sentence)
    }
    if let concurrency { sentences.append(poolingSummary(concurrency)) }
    return sentences
  }

  private func savings(_ plan: Plan, against monthly: Decimal, _ name: String) -> String {
    let saved = monthly - plan.monthlyTotal
    if saved == 0 { return "Against \(name) it costs the same: no mix beats it." }
    return
      "Against \(name) it saves \(money(saved)) a month (\(Self.percent(saved, of: monthly))): \(money(saved * 12)) a year, \(money(saved * Decimal(term.months))) over the term."
  }

  func addOnsCell(_ assignment: GroupAssignment) -> String {
    var addOns = assignment.addOns.map(\.rawValue)
    addOns += assignment.seatCoveredAddOns.map { "\($0) (with seats, topped up)" }
    addOns += assignment.includedAddOns.map { "\($0) (included)" }
    return addOns.isEmpty ? "-" : addOns.joined(separator: ", ")
  }

  // MARK: 2. Line items

  func reason(_ item: LineItem) -> String {
    var reason = item.reason
    if let adjustment = item.unitPrice.adjustment {
      reason += " [\(adjustment) on \(money(item.unitPrice.listAmount))]"
    }
    return reason
  }

  // MARK: 3. Comparison

  var optimumAnnual: Decimal? { report.plan.map { $0.monthlyTotal * 12 } }
  /// What the deal's plan is called: "the optimum" only when proven (``PlanStatus/planName``).
  var planName: String { report.plan?.status.planName ?? "the optimum" }

  func comparisonDelta(_ row: ComparisonRow) -> String {
    guard let annual = row.annual, let optimum = optimumAnnual else { return "-" }
    let extra = annual - optimum
    return extra == 0 ? "same" : delta(extra) + "/year"
  }

  func comparisonNote(_ row: ComparisonRow) -> String {
    var notes: [String] = []
    if row.plan == nil { notes.append(row.outcome.noPlanNote) }
    if row.outsideDealLicensing && row.plan != nil { notes.append("outside the deal's licensing") }
    if let plan = row.plan, !plan.status.isOptimal { notes.append("not proven optimal") }
    return notes.joined(separator: "; ")
  }

  var comparisonIntro: String {
    "Every tier × model the catalog sells, under every billing term, beside \(planName). Annual is twelve months of the monthly price, so terms compare on one basis; the difference is against \(planName) under the deal's own term (\(term.name.lowercased())). Plans outside the deal's licensing are priced for reference."
  }

  // MARK: 4. Break-even

  func breakEvenIntro(_ breakEven: BreakEven) -> String {
    let agents = report.deal.groups.reduce(0) { $0 + $1.agents }
    let peaks = report.deal.groups.reduce(0) { $0 + $1.peakConcurrent }
    return
      "Every group's peak is set to the ratio × its agents (rounded up) and the deal is solved three times at each ratio: everyone named, everyone concurrent, and the optimum under the deal's licensing (\(licensing)). Monthly cost, \(term.name.lowercased()). This deal runs at \(Self.percent(breakEven.currentRatioPercent)) (\(peaks) of \(agents) agents signed in at peak).\(whatIfProfiles)"
  }

  /// How the what-ifs size groups with profiles over time, after a space; empty for deals without.
  var whatIfProfiles: String { WhatIf.profileSentence(report.deal).map { " " + $0 } ?? "" }

  func verdict(_ breakEven: BreakEven) -> String {
    switch breakEven.verdict {
    case .crossover(let ratio):
      let current = breakEven.currentRatioPercent
      var side =
        current < Decimal(ratio)
        ? "At today's \(Self.percent(current)), concurrent pays."
        : "At today's \(Self.percent(current)), named costs no more."
      let cheaper: LicensingChoice = current < Decimal(ratio) ? .concurrent : .named
      if report.deal.licensing != .any && report.deal.licensing != cheaper {
        side += " The deal's licensing, though, allows only \(report.deal.licensing.rawValue)."
      }
      return
        "Concurrent stops paying at \(ratio)%: below it, all-concurrent costs less than all-named; from \(ratio)% on, named costs no more. \(side) (Found by bisecting to the whole percent.)"
    case .concurrentAlwaysCheaper:
      return "All-concurrent costs less than all-named at every ratio up to 100%."
    case .namedAlwaysCheaper:
      return
        "All-named costs no more than all-concurrent even at \(breakEven.points.first?.ratioPercent ?? 10)%: concurrent never pays in this range."
    case .unavailable(let reason):
      return "No break-even: \(reason)."
    }
  }

  // MARK: 5. Headroom

  func agentsHeadroom(_ headroom: Headroom) -> String {
    guard let more = headroom.moreAgents else {
      guard headroom.agentSearchStopped else { return "none up to +\(headroom.agentLimit)" }
      let beyond = headroom.agentSearchUnsolved ? Self.unsolvedBeyond : Self.notSearchedBeyond
      return "none up to +\(headroom.agentLimit)\(beyond)"
    }
    let agents = headroom.agents + more
    let peak = ReportBuilder.grown(report.deal, group: groupIndex(headroom), extraAgents: more)
      .groups[groupIndex(headroom)].peakConcurrent
    return "+\(more) (at \(agents) agents, peak \(peak))"
  }

  func peakHeadroom(_ headroom: Headroom) -> String {
    guard headroom.peakLimit > 0 else { return "already at 100%" }
    guard let more = headroom.morePeak else {
      if headroom.peakSearchStopped {
        let beyond = headroom.peakSearchUnsolved ? Self.unsolvedBeyond : Self.notSearchedBeyond
        return "none up to +\(headroom.peakLimit)\(beyond)"
      }
      return "none up to +\(headroom.peakLimit) (100%)"
    }
    return "+\(more) (at peak \(headroom.peak + more))"
  }

  /// After a search's limit when it stopped at the solve budget.
  static let notSearchedBeyond = " (searched up to there; beyond not searched within the report's solve budget)"
  /// After a search's limit when the solver failed on the next size.
  static let unsolvedBeyond = " (searched up to there; the next size could not be solved, so beyond not searched)"

  func change(_ change: MixChange?) -> String {
    guard let change else { return "-" }
    var text = report.mix.changes(to: change.mix, catalog)
    if let monthly = change.monthly { text += " (\(money(monthly))/month)" }
    return text
  }

  private func groupIndex(_ headroom: Headroom) -> Int {
    report.deal.groups.firstIndex { $0.name == headroom.group } ?? 0
  }

  var headroomMethod: String {
    let settings = report.settings
    return
      "How computed: for each group, every number of extra agents from +1 up to +\(settings.agentSearchFactor)× the group's agents (at least +\(settings.minimumAgentSearch)), the group's peak growing in proportion (rounded up); and every higher peak at the same agents, up to every agent signed in at once. The headroom is the first of these sizes whose optimum is another mix (a group's tier, licensing model or add-ons differ) that costs strictly less than today's mix there, which is priced by re-solving with every group held to today's tier and licensing model; at a tie today's mix is still optimal. Sizes are re-solved one by one, except ranges where every mix's cost is provably linear in the group's size: there today's mix holds throughout when it holds at the range's corners, which are solved instead. Other groups stay as they are.\(budgetSentence)\(whatIfProfiles)\(WhatIf.scalesProfiles(report.deal) ? " With profiles every size is solved: the shortcut needs pools sized to the sum of the peaks." : "")"
  }

  /// Said only when a search stopped at the budget, so reports that searched everything read as before.
  private var budgetSentence: String {
    let atBudget = report.headroom.contains {
      ($0.agentSearchStopped && !$0.agentSearchUnsolved) || ($0.peakSearchStopped && !$0.peakSearchUnsolved)
    }
    guard atBudget else { return "" }
    return
      " Each group's search in each direction stops before more than \(report.settings.headroomSolveBudget) solves (a count, not a time, so the same on any load); below that the answer is exact, and a search that reached it says how far today's mix held and that nothing beyond was searched."
  }

  // MARK: 6. Sensitivity

  /// `$105.78 – $224.33`; an open end reads `$0.00` or `$2,250.00+`.
  func range(_ sensitivity: PriceSensitivity) -> String {
    "\(money(sensitivity.low)) – \(money(sensitivity.high))\(sensitivity.aboveChange == nil ? "+" : "")"
  }

  func below(_ sensitivity: PriceSensitivity) -> String {
    sensitivity.belowChange == nil ? "holds down to \(money(0))" : change(sensitivity.belowChange)
  }

  func above(_ sensitivity: PriceSensitivity) -> String {
    sensitivity.aboveChange == nil
      ? "holds up to \(money(sensitivity.searchedUpTo)), the search bound" : change(sensitivity.aboveChange)
  }

  var sensitivityMethod: String {
    let settings = report.settings
    return
      "How computed: each estimated or overridden price the choice weighs is moved alone, down to zero and up to \(settings.priceSearchFactor)× today's price (at least \(money(settings.minimumPriceSearch)) more), and the deal re-solved at \(settings.gridPoints) evenly spaced prices each way, then bisected to the cent where another mix first costs strictly less than today's (priced the same way as for headroom; at a tie today's mix is still optimal). The range is the one around today's price (a + marks one that holds up to the search bound); the total moves with the price inside it."
  }

  var fixedItemsSentence: String? {
    guard !report.fixedItems.isEmpty else { return nil }
    let items = report.fixedItems.map { "\($0.sku.id) \(unitPrice($0.unitPrice)) × \($0.quantity)" }
    return
      "Account items whose prices are estimated move the total but never the choice, since every plan buys them alike: \(items.joined(separator: ", "))."
  }

  // MARK: 7. Assumptions

  /// Estimated prices the total rests on, and the deal's price overrides.
  var estimatesUsed: [LineItem] {
    report.plan?.lineItems.filter { $0.unitPrice.isEstimate || $0.unitPrice.adjustment != nil } ?? []
  }

  var overrides: [String] {
    let pricing = report.deal.pricing
    var lines: [String] = []
    if pricing.discountPercent != 0 { lines.append("\(pricing.discountPercent)% off every SKU") }
    for (sku, percent) in pricing.skuDiscounts.sorted(by: { $0.key < $1.key }) {
      lines.append("\(percent)% off \(sku)")
    }
    for (sku, price) in pricing.unitPrices.sorted(by: { $0.key < $1.key }) {
      lines.append("\(sku) at \(money(price)) per unit per month (negotiated)")
    }
    return lines
  }

  var solverLines: [String] {
    var lines = ["Solver: GLPK (branch and bound), through SeatMix's optimizer. The optimum's status: \(status)."]
    let unproven =
      report.unprovenSolves == 0
      ? "every one proven optimal (or proven infeasible)"
      : "\(report.unprovenSolves) stopped by a limit before a proof, so figures that rest on them may not be exact"
    lines.append("This report solved \(report.solves) integer programs: \(unproven).")
    return lines
  }

  func source(_ source: CatalogSource) -> String {
    var text = source.title
    if let url = source.url { text += " <\(url)>" }
    if let checked = source.checked { text += ", checked \(checked)" }
    return text
  }
}
