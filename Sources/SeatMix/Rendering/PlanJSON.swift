import Foundation

/// The JSON form of an ``Analysis``: sorted keys, money as numbers with at most two decimals.
enum PlanJSON {
  struct Document: Encodable {
    var deal: String
    var catalog: CatalogInfo
    var term: String
    var termMonths: Int
    var licensing: String
    var mixingAllowed: Bool
    var status: String
    var provenOptimal: Bool
    var gap: Double?
    var infeasibleBecause: [String]?
    var groups: [Group]?
    var lineItems: [Item]?
    var monthlyTotal: Amount?
    var termTotal: Amount?
    var singlePlans: [Single]
    var bestSinglePlan: String?
    var savingsMonthly: Decimal?
    var savingsTerm: Decimal?
    var warnings: [String]
    /// Only for deals with an interval grid.
    var concurrency: Concurrency?

    enum CodingKeys: String, CodingKey, CaseIterable {
      case deal
      case catalog
      case term
      case termMonths = "term_months"
      case licensing
      case mixingAllowed = "mixing_allowed"
      case status
      case provenOptimal = "proven_optimal"
      case gap
      case infeasibleBecause = "infeasible_because"
      case groups
      case lineItems = "line_items"
      case monthlyTotal = "monthly_total"
      case termTotal = "term_total"
      case singlePlans = "single_plans"
      case bestSinglePlan = "best_single_plan"
      case savingsMonthly = "savings_monthly"
      case savingsTerm = "savings_term"
      case warnings
      case concurrency
    }
  }
  struct Concurrency: Encodable {
    var grid: String
    var start: String
    var intervals: Int
    var billingMonths: Int
    var source: String
    var peakMeasure: String
    var overage: String
    var exactAtGrid: Bool
    var notes: [String]
    var baseMonthly: Amount
    var overageTotal: Amount
    var gridTotal: Amount
    var pools: [Pool]

    enum CodingKeys: String, CodingKey, CaseIterable {
      case grid
      case start
      case intervals
      case billingMonths = "billing_months"
      case source
      case peakMeasure = "peak_measure"
      case overage
      case exactAtGrid = "exact_at_grid"
      case notes
      case baseMonthly = "base_monthly"
      case overageTotal = "overage_total"
      case gridTotal = "grid_total"
      case pools
    }
  }
  struct Pool: Encodable {
    var tier: String
    var name: String
    var seats: Int
    var groups: [String]
    var pooledPeak: Int
    var pooledPeakAt: String
    var sumOfPeaks: Int
    var savedSeats: Int
    var savedMonthly: Amount
    var overagePrice: Amount
    var months: [Month]
    var measured: [Month]?

    enum CodingKeys: String, CodingKey, CaseIterable {
      case tier
      case name
      case seats
      case groups
      case pooledPeak = "pooled_peak"
      case pooledPeakAt = "pooled_peak_at"
      case sumOfPeaks = "sum_of_peaks"
      case savedSeats = "saved_seats"
      case savedMonthly = "saved_monthly"
      case overagePrice = "overage_price"
      case months
      case measured
    }
  }
  struct Month: Encodable {
    var month: String
    var pooledPeak: Int
    var billablePeak: Int
    var excess: Int
    var overage: Amount

    enum CodingKeys: String, CodingKey, CaseIterable {
      case month
      case pooledPeak = "pooled_peak"
      case billablePeak = "billable_peak"
      case excess
      case overage
    }
  }

  static func concurrency(_ concurrency: PlanConcurrency) -> Concurrency {
    func months(_ list: [PoolMonth]) -> [Month] {
      list.map {
        Month(
          month: $0.month, pooledPeak: $0.pooledPeak, billablePeak: $0.billablePeak, excess: $0.excess,
          overage: .units($0.overageUnits))
      }
    }
    let grid = concurrency.grid
    return Concurrency(
      grid: grid.step.description, start: IntervalGrid.iso(grid.start), intervals: grid.count,
      billingMonths: concurrency.months, source: concurrency.source, peakMeasure: "\(concurrency.measure)",
      overage: concurrency.overage == .notAllowed ? "not-allowed" : "per-excess-seat",
      exactAtGrid: concurrency.isExactAtGrid, notes: concurrency.notes,
      baseMonthly: .units(concurrency.baseMonthlyUnits),
      overageTotal: .units(concurrency.overageUnits),
      gridTotal: .units(concurrency.gridTotalUnits),
      pools: concurrency.pools.map { pool in
        Pool(
          tier: pool.tier.rawValue, name: pool.name, seats: pool.seats, groups: pool.groups,
          pooledPeak: pool.pooledPeak, pooledPeakAt: IntervalGrid.iso(grid.start(of: pool.pooledPeakInterval)),
          sumOfPeaks: pool.sumOfPeaks, savedSeats: pool.savedSeats, savedMonthly: .units(pool.savedUnits),
          overagePrice: .units(pool.overagePriceUnits), months: months(pool.months),
          measured: pool.measured.map(months))
      })
  }
  struct CatalogInfo: Encodable {
    var id: String
    var name: String
    var effectiveDate: String
    var currency: String

    enum CodingKeys: String, CodingKey, CaseIterable {
      case id
      case name
      case effectiveDate = "effective_date"
      case currency
    }
  }
  struct Group: Encodable {
    var name: String
    var agents: Int
    var peakConcurrent: Int
    var tier: String
    var licensing: String
    var addOns: [String]
    var seatCoveredAddOns: [String]
    var includedAddOns: [String]

    enum CodingKeys: String, CodingKey, CaseIterable {
      case name
      case agents
      case peakConcurrent = "peak_concurrent"
      case tier
      case licensing
      case addOns = "add_ons"
      case seatCoveredAddOns = "seat_covered_add_ons"
      case includedAddOns = "included_add_ons"
    }
  }
  struct Item: Encodable {
    var sku: String
    var name: String
    var quantity: Int
    var unitPrice: Amount
    var listPrice: Decimal
    var estimatedPrice: Bool
    var priceAdjustment: String?
    var monthly: Amount
    var termTotal: Amount
    var groups: [GroupShare]
    var reason: String

    enum CodingKeys: String, CodingKey, CaseIterable {
      case sku
      case name
      case quantity
      case unitPrice = "unit_price"
      case listPrice = "list_price"
      case estimatedPrice = "estimated_price"
      case priceAdjustment = "price_adjustment"
      case monthly
      case termTotal = "term_total"
      case groups
      case reason
    }
  }
  struct GroupShare: Encodable {
    var group: String
    var quantity: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
      case group
      case quantity
    }
  }
  struct Single: Encodable {
    var plan: String
    var tier: String
    var licensing: String
    var monthly: Amount?
    var termTotal: Amount?
    var provenOptimal: Bool?
    var notPossibleBecause: String?
    var notSolvedBecause: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
      case plan
      case tier
      case licensing
      case monthly
      case termTotal = "term_total"
      case provenOptimal = "proven_optimal"
      case notPossibleBecause = "not_possible_because"
      case notSolvedBecause = "not_solved_because"
    }
  }

  /// A money amount, written as the number `Decimal`'s description writes: from whole ``Money``
  /// units, as an `Int` when whole and as a `Double` (whose shortest form is the same digits up to 15
  /// of them) otherwise, twenty times cheaper than `Decimal`'s description, which was a fifth of
  /// the plan JSON's cost on the service; a larger amount, or one not in units, as the `Decimal`.
  enum Amount: Encodable {
    case units(Int64)
    case exact(Decimal)

    /// `units` × `count`, exact (a `Decimal` past Int64).
    static func units(_ units: Int64, times count: Int) -> Amount {
      let (product, overflow) = units.multipliedReportingOverflow(by: Int64(count))
      return overflow ? .exact(Money.decimal(units: units) * Decimal(count)) : .units(product)
    }

    /// ``Plan/termTotal``: in units but with pools over time (a share of the grid's overage).
    static func termTotal(_ plan: Plan) -> Amount {
      plan.concurrency == nil ? .units(plan.monthlyUnits, times: plan.termMonths) : .exact(plan.termTotal)
    }

    /// Below 10^15 units an amount has at most 15 significant digits, which a Double keeps exactly.
    static let doubleLimit: Int64 = 1_000_000_000_000_000

    var decimal: Decimal {
      switch self {
      case .units(let units): return Money.decimal(units: units)
      case .exact(let amount): return amount
      }
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .units(let units) where units % Money.unitsPerWhole == 0:
        try container.encode(units / Money.unitsPerWhole)
      case .units(let units) where units.magnitude < Self.doubleLimit.magnitude:
        try container.encode(Double(units) / Double(Money.unitsPerWhole))
      default:
        try container.encode(decimal)
      }
    }
  }

  /// JSONEncoder's bytes (``encode(_:convertingKeys:)``), written by ``PlanJSONWriter`` at a tenth
  /// of the cost; JSONEncoder itself only for a document it would refuse.
  static func render(_ analysis: Analysis) -> String {
    let document = document(analysis)
    guard var bytes = PlanJSONWriter.write(document) else { return encode(document, convertingKeys: false) }
    bytes.append(UInt8(ascii: "\n"))
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The document `render` writes; `seatmix report`'s plan.json extends it.
  static func document(_ analysis: Analysis) -> Document {
    let plan = analysis.plan
    let status = analysis.outcome.status.rawValue
    var gap: Double?
    var infeasible: [String]?
    switch analysis.outcome {
    case .planned(let plan): if case .feasible(_, let g) = plan.status { gap = g }
    case .infeasible(let infeasibility): infeasible = infeasibility.reasons
    case .noPlanFound: break
    }
    let best = analysis.bestSinglePlan
    return Document(
      deal: analysis.deal.name,
      catalog: CatalogInfo(
        id: analysis.catalog.id, name: analysis.catalog.name, effectiveDate: analysis.catalog.effectiveDate,
        currency: analysis.catalog.currency),
      term: analysis.term.id.rawValue, termMonths: analysis.term.months,
      licensing: analysis.deal.licensing.rawValue, mixingAllowed: analysis.mixingAllowed,
      status: status, provenOptimal: plan?.status.isOptimal ?? false, gap: gap, infeasibleBecause: infeasible,
      groups: plan?.assignments.map {
        Group(
          name: $0.group, agents: $0.agents, peakConcurrent: $0.peakConcurrent, tier: $0.tier.rawValue,
          licensing: $0.model.rawValue, addOns: $0.addOns.map(\.rawValue),
          seatCoveredAddOns: $0.seatCoveredAddOns.map(\.rawValue), includedAddOns: $0.includedAddOns.map(\.rawValue))
      },
      lineItems: plan?.lineItems.map { item in
        Item(
          sku: item.sku.id, name: item.name, quantity: item.quantity, unitPrice: .units(item.unitPrice.units),
          listPrice: item.unitPrice.listAmount, estimatedPrice: item.unitPrice.isEstimate,
          priceAdjustment: item.unitPrice.adjustment, monthly: .units(item.monthlyUnits),
          termTotal: .units(item.monthlyUnits, times: plan!.termMonths),
          groups: item.groups.map { GroupShare(group: $0.group, quantity: $0.quantity) }, reason: item.reason)
      },
      monthlyTotal: plan.map { .units($0.monthlyUnits) }, termTotal: plan.map(Amount.termTotal),
      singlePlans: analysis.singlePlans.map { single in
        Single(
          plan: "\(single.tier)-\(single.model.rawValue)", tier: single.tier.rawValue, licensing: single.model.rawValue,
          monthly: single.plan.map { .units($0.monthlyUnits) }, termTotal: single.plan.map(Amount.termTotal),
          provenOptimal: single.plan?.status.isOptimal,
          notPossibleBecause: single.outcome.notPossibleBecause, notSolvedBecause: single.outcome.notSolvedBecause)
      },
      bestSinglePlan: best.map { "\($0.tier)-\($0.model.rawValue)" },
      savingsMonthly: analysis.savingsAgainstBestSingle,
      savingsTerm: analysis.savingsAgainstBestSingle.map { $0 * Decimal(analysis.term.months) },
      warnings: analysis.warnings, concurrency: plan?.concurrency.map(concurrency))
  }

  /// Sorted keys, snake_case, a final newline. The plan's types name their snake_case keys
  /// themselves (`CodingKeys`), so `render` skips the encoder's key conversion, which was a third of
  /// the encoding's cost on the service; `convertingKeys` converts every other key (`seatmix
  /// report`'s additions), leaving snake_case ones as they are.
  static func encode(_ value: some Encodable, convertingKeys: Bool = true) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    if convertingKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
