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
    for g in groups.indices {
      guard let choice = formulation.choices(of: g).first(where: { $0.assignment.value(at: values) > 0.5 }) else {
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
    try check(total: total, overflowed: overflowed, against: result, file: problem.deal.file)
    return Plan(
      status: status, assignments: assignments, lineItems: items, monthlyUnits: total,
      termMonths: problem.term.months)
  }

  /// Every plan's exact total must fit in Int64 units and match the solver's objective.
  static func check(
    total: Int64, overflowed: Bool, against result: SolveResult, file: @autoclosure () -> String
  ) throws(SeatMixError) {
    if overflowed {
      throw .invalidInput([
        Diagnostic(
          file: file(), line: nil, field: "",
          message: "the plan's amounts are too large to price exactly; check the quantities and prices")
      ])
    }
    if let objective = result.objective, abs(Money.double(units: total) - objective) > 0.005 + abs(objective) * 1e-9 {
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
