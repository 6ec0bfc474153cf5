import Foundation

/// Everything `seatmix optimize` reports about a deal.
public struct Analysis: Sendable {
  /// The deal resolved against its catalog: term, prices, every group's options.
  public var problem: PlanningProblem
  public var outcome: PlanOutcome
  /// Every tier × model the deal's licensing allows, in catalog order.
  public var singlePlans: [SinglePlan]
  /// CPU time spent inside GLPK across every solve of this analysis.
  public var solverTime: Duration

  public var deal: Deal { problem.deal }
  public var catalog: Catalog { problem.catalog }
  public var term: BillingTerm { problem.term }
  public var prices: PriceList { problem.prices }
  public var mixingAllowed: Bool { problem.mixingAllowed }

  /// What a reader must be told: estimated prices the total rests on, and those the choice weighed.
  public var warnings: [String] {
    var warnings: [String] = []
    let currency = catalog.currency
    var inPlan = Set<SKU>()
    if let plan {
      inPlan = Set(plan.lineItems.map(\.sku))
      let estimated = plan.lineItems.filter(\.unitPrice.isEstimate)
      if !estimated.isEmpty {
        let listed = estimated.map { "\($0.sku) \(Money.format(units: $0.unitPrice.units, currency: currency))" }
        warnings.append(
          "the total rests on estimated prices, not published ones: \(listed.joined(separator: ", ")); confirm them with the vendor or give negotiated unit_prices"
        )
      }
    }
    // Only a plan was chosen among alternatives; an infeasible deal had no choice to weigh.
    guard plan != nil else { return warnings }
    var weighed = Set<SKU>()
    for groupOptions in problem.options {
      for option in groupOptions {
        weighed.insert(option.license)
        for addOn in option.directAddOns + option.seatCoveredAddOns { weighed.insert(.addOn(addOn)) }
      }
    }
    let estimatedAlternatives = weighed.subtracting(inPlan).filter { prices[$0]?.isEstimate == true }.sorted()
    if !estimatedAlternatives.isEmpty {
      warnings.append(
        "the choice also weighed estimated prices of SKUs it did not buy: "
          + estimatedAlternatives.map(\.id).joined(separator: ", "))
    }
    return warnings
  }

  public var plan: Plan? { outcome.plan }

  /// The cheapest plan that puts everyone on one tier and one model (first in catalog order on a tie).
  public var bestSinglePlan: SinglePlan? { bestSinglePlanIndex.map { singlePlans[$0] } }

  /// ``bestSinglePlan``'s position in ``singlePlans``, by ``Plan/totalUnits``.
  var bestSinglePlanIndex: Int? {
    var best: Int?
    for index in singlePlans.indices {
      guard let units = singlePlans[index].plan?.totalUnits else { continue }
      if best.map({ units < singlePlans[$0].plan!.totalUnits }) ?? true { best = index }
    }
    return best
  }

  /// What the optimum saves per month against the best single plan.
  public var savingsAgainstBestSingle: Decimal? {
    guard let plan, let best = bestSinglePlan?.plan else { return nil }
    return Money.decimal(units: best.monthlyUnits - plan.monthlyUnits)
  }
}
