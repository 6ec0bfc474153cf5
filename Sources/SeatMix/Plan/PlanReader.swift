import Foundation
import MIPModel

/// Turns a solver's answer into a priced ``Plan`` with a reason on every line. Costs are
/// recomputed exactly, in ``Money`` units (Int64 ten-thousandths, overflow-checked), from the
/// integer quantities, and checked against the solver's objective.
public enum PlanReader {
  /// How much of a plan to write out.
  public enum Detail: Sendable {
    /// Line items with their group shares and a reason each: what people read.
    case full
    /// Group shares but no reasons: for `seatmix batch --lines`.
    case shares
    /// Quantities and prices only (no shares, no reasons): for plans that are compared by total,
    /// such as single plans and the probes of reports and sweeps.
    case totals
  }

  /// Reads the plan from the formulation's handles: each group's assignment variables, the
  /// pools, the top-ups and the storage blocks; every SKU of the catalog once, in catalog order.
  public static func plan(
    _ formulation: Formulation, _ result: SolveResult, status: PlanStatus, detail: Detail = .full
  ) throws(SeatMixError) -> Plan {
    let problem = formulation.problem
    let tables = formulation.tables
    let groups = problem.groups
    let options = problem.everyOption
    guard let values = result.values else {
      throw .solver(.solverFailed(solver: "plan reader", message: "no solution values"))
    }
    func quantity(_ variable: Variable?) -> Int { variable.map { Int(values[$0.index].rounded()) } ?? 0 }

    // Each group's chosen option.
    var assignments: [GroupAssignment] = []
    var picked: [Formulation.Choice] = []
    assignments.reserveCapacity(groups.count)
    picked.reserveCapacity(groups.count)
    let chosen = formulation.chosen(at: values)
    for g in groups.indices {
      guard let choice = chosen[g] else {
        throw .solver(.solverFailed(solver: "plan reader", message: "group '\(groups[g].name)' has no assignment"))
      }
      picked.append(choice)
      let option = options[g][choice.option]
      assignments.append(
        GroupAssignment(
          group: groups[g].name, agents: groups[g].agents, peakConcurrent: groups[g].peakConcurrent,
          tier: option.tier, model: option.model, addOns: option.directAddOns,
          seatCoveredAddOns: option.seatCoveredAddOns, includedAddOns: option.includedAddOns))
    }

    let withShares = detail != .totals
    let withReasons = detail == .full
    func listing(_ members: [GroupShare], joiner: String = ", ") -> String {
      members.map { "\($0.group) (\($0.quantity))" }.joined(separator: joiner)
    }
    func sum(_ shares: [GroupShare]) -> Int { shares.reduce(0) { $0 + $1.quantity } }

    var items: [LineItem] = []
    var total: Int64 = 0
    var overflowed = false
    var poolsOverTime: [PoolOverTime] = []
    let lines = tables.prices.lines
    items.reserveCapacity(lines.count)
    for (index, line) in lines.enumerated() {
      guard let price = line.price else { continue }
      var count = 0
      var shares: [GroupShare] = []
      var reason = ""
      switch line.basis {
      case .license(let t, .named):
        let slot = FormulationTables.slot(tier: t, .named)
        for g in picked.indices where picked[g].slot == slot {
          count += groups[g].agents
          if withShares { shares.append(GroupShare(group: groups[g].name, quantity: groups[g].agents)) }
        }
        if withReasons { reason = "one license per agent: \(listing(shares))" }
      case .license(let t, .concurrent):
        count = quantity(formulation.pools[t])
        if let timeline = formulation.timeline {
          let pool = poolOverTime(
            t, seats: count, picked: picked, timeline: timeline, formulation: formulation, line: line, price: price)
          guard !pool.groups.isEmpty else { break }
          poolsOverTime.append(pool)
          guard withShares else { break }
          for (g, name) in pool.groups.enumerated() {
            shares.append(GroupShare(group: name, quantity: pool.signedIn[g][pool.pooledPeakInterval]))
          }
          if withReasons {
            let at = IntervalGrid.iso(timeline.grid.start(of: pool.pooledPeakInterval))
            reason =
              "pool sized over time: the peak of the sum of \(pool.groups.joined(separator: " + ")) is \(pool.pooledPeak) at \(at) (\(listing(shares)))"
            if pool.groups.count > 1 {
              reason += "; their own peaks sum to \(pool.sumOfPeaks)"
            }
            if count > pool.pooledPeak {
              reason +=
                "; \(count - pool.pooledPeak) seats beyond the peak cost less than the add-ons or storage they cover"
            } else if count < pool.pooledPeak {
              let months = pool.months.filter { $0.excess > 0 }.count
              reason +=
                months > 0
                ? "; \(pool.pooledPeak - count) fewer seats than the peak: overage in \(months) month\(months == 1 ? "" : "s") costs less than seats all year"
                : "; \(pool.pooledPeak - count) fewer seats than the peak: the excess is too short to be billed (\(timeline.measure))"
            }
          }
          if count > pool.pooledPeak {
            shares.append(GroupShare(group: "(beyond the peak)", quantity: count - pool.pooledPeak))
          } else if count < pool.pooledPeak {
            shares.append(GroupShare(group: "(above the pool)", quantity: count - pool.pooledPeak))
          }
          break
        }
        guard withShares else { break }
        let slot = FormulationTables.slot(tier: t, .concurrent)
        for g in picked.indices where picked[g].slot == slot {
          shares.append(GroupShare(group: groups[g].name, quantity: groups[g].peakConcurrent))
        }
        let peaks = sum(shares)
        if withReasons {
          reason =
            shares.count == 1
            ? "pool sized to the peak of \(listing(shares))"
            : "pool sized to the summed peaks of \(listing(shares, joiner: " + "))"
          if count > peaks {
            reason += "; \(count - peaks) seats beyond the peak cost less than the add-ons or storage they cover"
          }
        }
        if count > peaks { shares.append(GroupShare(group: "(beyond the peak)", quantity: count - peaks)) }
      case .perUser(let id):
        for g in picked.indices where options[g][picked[g].option].directAddOns.contains(id) {
          count += groups[g].agents
          if withShares { shares.append(GroupShare(group: groups[g].name, quantity: groups[g].agents)) }
        }
        var parts: [String] = []
        if withReasons && !shares.isEmpty { parts.append("one per user who needs it: \(listing(shares))") }
        for topUp in formulation.topUps where topUp.topUp.addOn == id {
          let bought = quantity(topUp.variable)
          guard bought > 0 else { continue }
          count += bought
          guard withShares else { continue }
          let key = topUp.topUp
          var needing: [GroupShare] = []
          for g in picked.indices {
            let option = options[g][picked[g].option]
            guard option.tier == key.tier && option.model == key.model && option.seatCoveredAddOns.contains(id)
            else { continue }
            needing.append(GroupShare(group: groups[g].name, quantity: groups[g].agents))
          }
          let tierName = problem.catalog.tier(key.tier)?.name ?? key.tier.rawValue
          if withReasons {
            let users = sum(needing)
            parts.append(
              "\(tierName) \(key.model.rawValue) covers it for only \(users - bought) of \(users) users who need it (one per seat); \(bought) more: \(listing(needing))"
            )
          }
          shares.append(
            GroupShare(
              group: needing.count == 1 ? needing[0].group : "\(tierName) \(key.model.rawValue) pool", quantity: bought)
          )
        }
        if withReasons { reason = parts.joined(separator: "; ") }
      case .account(_, let unit):
        count = tables.accountQuantities[index]
        if withReasons {
          reason =
            unit.map { "\(count) \($0)\(count == 1 ? "" : "s"), as the deal asks" }
            ?? "one per account, as the deal asks"
        }
      case .storage(let blockGB):
        count = quantity(formulation.storageBlocks)
        if withReasons {
          let included = includedStorage(formulation, picked: picked, values: values)
          reason =
            "the deal needs \(problem.deal.storageGB) GB; its licenses include \(included) GB; \(count) block\(count == 1 ? "" : "s") of \(blockGB) GB add \(count * blockGB) GB"
        }
      }
      guard count > 0 else { continue }
      let (monthly, overflow) = price.units.multipliedReportingOverflow(by: Int64(count))
      let (sum, overflowInSum) = total.addingReportingOverflow(monthly)
      total = sum
      if overflow || overflowInSum { overflowed = true }
      items.append(
        LineItem(
          sku: line.sku, name: line.name, quantity: count, unitPrice: price, monthlyUnits: monthly, groups: shares,
          reason: reason))
    }
    guard let timeline = formulation.timeline else {
      try check(total: total, overflowed: overflowed, against: result, file: problem.deal.file)
      return Plan(
        status: status, assignments: assignments, lineItems: items, monthlyUnits: total,
        termMonths: problem.term.months)
    }
    let concurrency = PlanConcurrency(
      grid: timeline.grid, source: problem.deal.concurrency?.source ?? "", measure: timeline.measure,
      overage: timeline.overage, isExactAtGrid: timeline.isExact,
      notes: notes(timeline, catalog: problem.catalog), pools: poolsOverTime, months: timeline.periodCount,
      baseMonthlyUnits: total)
    // The objective is the grid's months: base × months + overage. The overage is billed from each
    // month's billable peak; a point the search stopped on may hold more excess seats than that
    // (a proven optimum cannot), so its plan may cost less than its objective, never more.
    let (scaled, overflowInScale) = total.multipliedReportingOverflow(by: Int64(timeline.periodCount))
    let (gridTotal, overflowInOverage) = scaled.addingReportingOverflow(concurrency.overageUnits)
    try check(
      total: gridTotal, overflowed: overflowed || overflowInScale || overflowInOverage, against: result,
      billedBelow: result.status != .optimal, file: problem.deal.file)
    for pool in poolsOverTime where timeline.overage == .notAllowed {
      if let month = pool.months.first(where: { $0.billablePeak > pool.seats }) {
        throw .solver(
          .solverFailed(
            solver: "plan reader",
            message:
              "the \(pool.name) pool of \(pool.seats) seats is below \(month.month)'s billable peak \(month.billablePeak)"
          ))
      }
    }
    let months = Int64(timeline.periodCount)
    let average = total + (concurrency.overageUnits + months / 2) / months
    var plan = Plan(
      status: status, assignments: assignments, lineItems: items, monthlyUnits: average,
      termMonths: problem.term.months)
    plan.concurrency = concurrency
    return plan
  }

  /// What a reader of a plan over time must know: the catalog's assumptions, and where the grid
  /// cannot express the rule.
  static func notes(_ timeline: Timeline, catalog: Catalog) -> [String] {
    var notes = catalog.concurrentBilling.assumptions
    if !timeline.isExact {
      notes.append(
        "the catalog bills the \(timeline.measure), which a monthly grid cannot express (a monthly count has no duration): each month's count is billed as its peak, which can only overstate the bill"
      )
    } else if case .grace(let minutes, _) = timeline.measure, let step = timeline.grid.step.minutes {
      if minutes % step != 0 || step > minutes {
        notes.append(
          "at the \(step)-minute grid a level is held in whole intervals: one reached in \(timeline.graceIntervals) interval\(timeline.graceIntervals == 1 ? "" : "s") is held more than \(minutes) minutes and billed; each count is read as held for its whole interval"
        )
      }
    }
    for joined in timeline.months.joined {
      notes.append(
        "the grid covers \(joined.month) for \(IntervalGrid.duration(minutes: joined.minutes)) only, less than half the month: those intervals are billed with \(joined.billedWith), not as a month of their own"
      )
    }
    return notes
  }

  /// A pool's use over time, billed month by month under the catalog's rule, from the plan's seats.
  static func poolOverTime(
    _ t: Int, seats: Int, picked: [Formulation.Choice], timeline: Timeline, formulation: Formulation,
    line: FormulationTables.Line, price: UnitPrice
  ) -> PoolOverTime {
    let groups = formulation.problem.groups
    let slot = FormulationTables.slot(tier: t, .concurrent)
    let members = picked.indices.filter { picked[$0].slot == slot }
    let pooled = timeline.pooled(members)
    let peak = pooled.max() ?? 0
    let overagePrice = timeline.overageUnits[t]
    func months(_ billable: [(month: String, peak: Int)], pooledPeaks: [Int]) -> [PoolMonth] {
      billable.enumerated().map { m, month in
        let excess = overagePrice > 0 ? max(0, month.peak - seats) : 0
        return PoolMonth(
          month: month.month, pooledPeak: pooledPeaks[m], billablePeak: month.peak, excess: excess,
          overageUnits: Int64(excess) * overagePrice)
      }
    }
    let billable = BillablePeak.monthly(pooled, step: timeline.grid.step, months: timeline.months, timeline.measure)
    let pooledPeaks = timeline.periodRanges.map { range in range.map { pooled[$0] }.max() ?? 0 }
    var measured: [PoolMonth]?
    let minutes = members.compactMap { groups[$0].profile?.minutes }
    if !members.isEmpty, minutes.count == members.count, let sum = MinuteOccupancy.sum(minutes) {
      let measuredPeaks = BillablePeak.monthly(sum, .instant).map(\.peak)
      measured = months(BillablePeak.monthly(sum, timeline.measure), pooledPeaks: measuredPeaks)
    }
    return PoolOverTime(
      tier: formulation.tables.prices.tierIDs[t], name: line.name, seats: seats,
      groups: members.map { groups[$0].name },
      signedIn: members.map { timeline.counts[$0] }, pooledPeak: peak,
      pooledPeakInterval: pooled.firstIndex(of: peak) ?? 0,
      sumOfPeaks: members.reduce(0) { $0 + (timeline.counts[$1].max() ?? 0) }, seatUnits: price.units,
      overagePriceUnits: overagePrice,
      months: months(
        billable.enumerated().map { (timeline.months.labels[$0.offset], $0.element) }, pooledPeaks: pooledPeaks),
      measured: measured)
  }

  /// Every plan's exact total must fit in Int64 units and match the solver's objective; with
  /// `billedBelow`, it may also be below it.
  static func check(
    total: Int64, overflowed: Bool, against result: SolveResult, billedBelow: Bool = false,
    file: @autoclosure () -> String
  ) throws(SeatMixError) {
    if overflowed {
      throw .invalidInput([
        Diagnostic(
          file: file(), line: nil, field: "",
          message: "the plan's amounts are too large to price exactly; check the quantities and prices")
      ])
    }
    let tolerance = 0.005 + abs(result.objective ?? 0) * 1e-9
    if let objective = result.objective,
      billedBelow
        ? Money.double(units: total) > objective + tolerance : abs(Money.double(units: total) - objective) > tolerance
    {
      throw .solver(
        .solverFailed(
          solver: "plan reader",
          message: "the plan costs \(Money.plain(units: total)) but the solver's objective is \(objective)"))
    }
  }

  /// The storage the plan's licenses include: per agent of a named group, per seat of a pool.
  static func includedStorage(_ formulation: Formulation, picked: [Formulation.Choice], values: [Double]) -> Int {
    let prices = formulation.tables.prices
    let groups = formulation.problem.groups
    var total = 0
    for (g, choice) in picked.enumerated() where !FormulationTables.isConcurrent(choice.slot) {
      total += groups[g].agents * prices.namedStorage[FormulationTables.tier(ofSlot: choice.slot)]
    }
    for (t, pool) in formulation.pools.enumerated() {
      guard let pool else { continue }
      total += Int(values[pool.index].rounded()) * prices.concurrentStorage[t]
    }
    return total
  }
}
