import Foundation

/// What the optimizer decided for one group.
public struct GroupAssignment: Sendable, Equatable {
  public var group: String
  public var agents: Int
  public var peakConcurrent: Int
  public var tier: TierID
  public var model: LicensingModel
  /// Bought for every agent of the group.
  public var addOns: [AddOnID]
  /// Covered by the tier's seats up to the seat count, topped up beyond (shared across the pool).
  public var seatCoveredAddOns: [AddOnID]
  /// Included with the tier for every user.
  public var includedAddOns: [AddOnID]
}

/// The part of a line item's quantity that one group accounts for.
public struct GroupShare: Sendable, Equatable {
  public var group: String
  public var quantity: Int

  public init(group: String, quantity: Int) {
    self.group = group
    self.quantity = quantity
  }
}

/// One SKU bought, with how many, what it costs and why.
public struct LineItem: Sendable, Equatable {
  public var sku: SKU
  public var name: String
  public var quantity: Int
  public var unitPrice: UnitPrice
  /// quantity × unit price, per month, in ``Money`` units.
  public var monthlyUnits: Int64
  /// quantity × unit price, per month.
  public var monthly: Decimal { Money.decimal(units: monthlyUnits) }
  /// How the quantity splits across groups; empty for account-level items.
  public var groups: [GroupShare]
  /// One line a customer can read.
  public var reason: String
}

/// How sure we are that a plan is the cheapest.
public enum PlanStatus: Sendable, Equatable {
  /// GLPK proved no cheaper plan exists under the catalog's rules.
  case optimal
  /// A limit stopped the search: the plan is valid, but a cheaper one may exist.
  case feasible(stoppedBy: String, gap: Double?)

  public var isOptimal: Bool { self == .optimal }

  /// What outputs call the plan beside the single plans: "the optimum" only when proven.
  public var planName: String { isOptimal ? "the optimum" : "the best plan found" }
  /// ``planName`` as a label or column title: "Optimum" or "Best plan found".
  public var planTitle: String { isOptimal ? "Optimum" : "Best plan found" }

  public var description: String {
    switch self {
    case .optimal: return "optimal (proven by GLPK)"
    case .feasible(let limit, let gap):
      guard let gap else { return "feasible, not proven optimal: the \(limit) stopped the search (its gap unknown)" }
      return "feasible, not proven optimal: the \(limit) stopped the search with a gap of \(Self.percent(gap))"
    }
  }

  /// What a reader of a short result must be told (a batch row's warnings); nil when optimal.
  public var caveat: String? {
    switch self {
    case .optimal: return nil
    case .feasible(let limit, let gap):
      return "not proven optimal: the \(limit) stopped the search (gap \(Self.percent(gap)))"
    }
  }

  private static func percent(_ gap: Double?) -> String { gap.map { String(format: "%.2f%%", $0 * 100) } ?? "unknown" }
}

/// A priced license mix for a deal.
public struct Plan: Sendable, Equatable {
  public var status: PlanStatus
  public var assignments: [GroupAssignment]
  /// In catalog SKU order.
  public var lineItems: [LineItem]
  /// The monthly total in ``Money`` units. With concurrency over time, the line items plus the
  /// overage of the grid's months spread over them (rounded to a unit, half up; exact when the
  /// grid has one billing month).
  public var monthlyUnits: Int64
  public var termMonths: Int
  /// Pools over time, when the deal has an interval grid.
  public var concurrency: PlanConcurrency? = nil
  public var monthlyTotal: Decimal { Money.decimal(units: monthlyUnits) }
  /// What the solver minimizes, exactly, in ``Money`` units: the grid's months with their overage
  /// for a deal over time, else a month. Plans of one deal compare by it.
  public var totalUnits: Int64 { concurrency?.gridTotalUnits ?? monthlyUnits }
  /// The monthly total × the term's months; with concurrency over time, the line items × the
  /// term's months plus the grid's overage × term months ÷ grid months (the grid's months read as
  /// a cycle that repeats over the term).
  public var termTotal: Decimal {
    guard let concurrency else { return Money.decimal(units: monthlyUnits) * Decimal(termMonths) }
    return Money.decimal(units: concurrency.baseMonthlyUnits) * Decimal(termMonths)
      + Money.decimal(units: concurrency.overageUnits) * Decimal(termMonths) / Decimal(concurrency.months)
  }

  public var licensingModels: [LicensingModel] {
    LicensingModel.allCases.filter { model in assignments.indices.contains { assignments[$0].model == model } }
  }

  public func quantity(of sku: SKU) -> Int { lineItems.first { $0.sku == sku }?.quantity ?? 0 }
}
