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

  public static func plan(
    _ formulation: Formulation, _ result: SolveResult, status: PlanStatus, detail: Detail = .full
  ) throws(SeatMixError) -> Plan {
    let withReasons = detail == .full
    let problem = formulation.problem
    let deal = problem.deal
    let catalog = problem.catalog
    guard let values = result.values else {
      throw .solver(.solverFailed(solver: "plan reader", message: "no solution values"))
    }
    func quantity(_ variable: Variable?) -> Int { variable.map { Int(values[$0.index].rounded()) } ?? 0 }

    // Each group's chosen option.
    let groups = problem.facts.deal.groups
    var assignments: [GroupAssignment] = []
    var picked: [Formulation.Choice] = []
    assignments.reserveCapacity(groups.count)
    picked.reserveCapacity(groups.count)
    for g in groups.indices {
      guard let choice = formulation.choices(of: g).first(where: { $0.assignment.value(at: values) > 0.5 }) else {
        throw .solver(.solverFailed(solver: "plan reader", message: "group '\(groups[g].name)' has no assignment"))
      }
      picked.append(choice)
      let option = formulation.option(of: choice)
      assignments.append(
        GroupAssignment(
          group: groups[g].name, agents: groups[g].agents, peakConcurrent: groups[g].peakConcurrent,
          tier: option.tier, model: option.model, addOns: option.directAddOns,
          seatCoveredAddOns: option.seatCoveredAddOns, includedAddOns: option.includedAddOns))
    }
    if detail == .totals {
      return try totals(formulation, result, picked: picked, assignments: assignments, status: status)
    }
    let chosen = picked.map(formulation.option(of:))

    var items: [LineItem] = []
    var overflowed = false
    func checkedProduct(_ units: Int64, _ quantity: Int) -> Int64 {
      let (product, overflow) = units.multipliedReportingOverflow(by: Int64(quantity))
      if overflow { overflowed = true }
      return product
    }
    func add(_ sku: SKU, _ quantity: Int, groups: [GroupShare], reason: @autoclosure () -> String) {
      guard quantity > 0, let price = problem.prices[sku] else { return }
      let reason = withReasons ? reason() : ""
      items.append(
        LineItem(
          sku: sku, name: catalog.name(of: sku), quantity: quantity, unitPrice: price,
          monthlyUnits: checkedProduct(price.units, quantity), groups: groups,
          reason: reason))
    }
    // Who holds what, in one pass: named licenses and pool shares per tier, direct add-ons per add-on.
    var named: [TierID: [GroupShare]] = [:]
    var pooled: [TierID: [GroupShare]] = [:]
    var direct: [AddOnID: [GroupShare]] = [:]
    for (group, option) in zip(groups, chosen) {
      if option.model == .named {
        named[option.tier, default: []].append(GroupShare(group: group.name, quantity: group.agents))
      } else {
        pooled[option.tier, default: []].append(GroupShare(group: group.name, quantity: group.peakConcurrent))
      }
      for addOn in option.directAddOns {
        direct[addOn, default: []].append(GroupShare(group: group.name, quantity: group.agents))
      }
    }
    func members(_ matches: (GroupOption) -> Bool, _ size: (AgentGroup) -> Int) -> [GroupShare] {
      groups.indices.filter { matches(chosen[$0]) }.map {
        GroupShare(group: groups[$0].name, quantity: size(groups[$0]))
      }
    }
    func listing(_ members: [GroupShare], joiner: String = ", ") -> String {
      members.map { "\($0.group) (\($0.quantity))" }.joined(separator: joiner)
    }
    func sum(_ shares: [GroupShare]) -> Int { shares.reduce(0) { $0 + $1.quantity } }
    func poolReason(_ pooled: [GroupShare], seats: Int, peaks: Int) -> String {
      var reason =
        pooled.count == 1
        ? "pool sized to the peak of \(listing(pooled))"
        : "pool sized to the summed peaks of \(listing(pooled, joiner: " + "))"
      if seats > peaks {
        reason += "; \(seats - peaks) seats beyond the peak cost less than the add-ons or storage they cover"
      }
      return reason
    }

    for sku in catalog.skus {
      switch sku {
      case .license(let tier, .named):
        let holders = named[tier] ?? []
        add(sku, sum(holders), groups: holders, reason: "one license per agent: \(listing(holders))")
      case .license(let tier, .concurrent):
        let pooled = pooled[tier] ?? []
        let seats = quantity(formulation.pool(of: tier))
        let peaks = sum(pooled)
        var shares = pooled
        if seats > peaks { shares.append(GroupShare(group: "(beyond the peak)", quantity: seats - peaks)) }
        add(sku, seats, groups: shares, reason: poolReason(pooled, seats: seats, peaks: peaks))
      case .addOn(let id):
        guard let addOn = catalog.addOn(id) else { continue }
        switch addOn.basis {
        case .perUser:
          let direct = direct[id] ?? []
          var parts: [String] = []
          var split = direct
          var total = sum(direct)
          if !direct.isEmpty && withReasons {
            parts.append("one per user who needs it: \(listing(direct))")
          }
          for topUp in formulation.topUps where topUp.topUp.addOn == id {
            let key = topUp.topUp
            let count = quantity(topUp.variable)
            guard count > 0 else { continue }
            let needing = members(
              { $0.tier == key.tier && $0.model == key.model && $0.seatCoveredAddOns.contains(id) }, \.agents)
            let users = sum(needing)
            let tierName = catalog.tier(key.tier)?.name ?? key.tier.rawValue
            if withReasons {
              parts.append(
                "\(tierName) \(key.model.rawValue) covers it for only \(users - count) of \(users) users who need it (one per seat); \(count) more: \(listing(needing))"
              )
            }
            total += count
            split.append(
              GroupShare(
                group: needing.count == 1 ? needing[0].group : "\(tierName) \(key.model.rawValue) pool", quantity: count
              ))
          }
          add(sku, total, groups: split, reason: parts.joined(separator: "; "))
        case .perAccount:
          add(sku, deal.accountAddOns[id] ?? 0, groups: [], reason: "one per account, as the deal asks")
        case .perUnit(let unit):
          let count = deal.accountAddOns[id] ?? 0
          add(sku, count, groups: [], reason: "\(count) \(unit)\(count == 1 ? "" : "s"), as the deal asks")
        case .storage(let blockGB):
          let blocks = quantity(formulation.storageBlocks)
          let bought = blocks * blockGB
          add(
            sku, blocks, groups: [],
            reason:
              "the deal needs \(deal.storageGB) GB; its licenses include \(includedStorage(formulation, chosen: chosen, values: values)) GB; \(blocks) block\(blocks == 1 ? "" : "s") of \(blockGB) GB add \(bought) GB"
          )
        }
      }
    }

    var total: Int64 = 0
    for item in items {
      let (sum, overflow) = total.addingReportingOverflow(item.monthlyUnits)
      total = sum
      if overflow { overflowed = true }
    }
    try check(total: total, overflowed: overflowed, against: result, deal: deal)
    return Plan(
      status: status, assignments: assignments, lineItems: items, monthlyUnits: total,
      termMonths: problem.term.months)
  }

  /// The lean reading for plans compared by their totals: each SKU's quantity straight from the
  /// chosen options and the solver's pools, top-ups and blocks, walking the price list's SKUs.
  static func totals(
    _ formulation: Formulation, _ result: SolveResult, picked: [Formulation.Choice], assignments: [GroupAssignment],
    status: PlanStatus
  ) throws(SeatMixError) -> Plan {
    let problem = formulation.problem
    let values = result.values ?? []
    let deal = problem.facts.deal
    let groups = deal.groups
    func quantity(_ variable: Variable?) -> Int { variable.map { Int(values[$0.index].rounded()) } ?? 0 }
    var items: [LineItem] = []
    var total: Int64 = 0
    var overflowed = false
    let lines = problem.facts.prices.lines
    let options = problem.facts.options
    items.reserveCapacity(lines.count)
    for (index, line) in lines.enumerated() {
      guard let price = line.price else { continue }
      var count = 0
      switch line.basis {
      case .license(let t, .named):
        let slot = PlanningProblem.Facts.slot(tier: t, .named)
        for g in picked.indices where picked[g].slot == slot { count += groups[g].agents }
      case .license(let t, .concurrent):
        count = quantity(formulation.pools[t])
      case .perUser(let id):
        for g in picked.indices where options[g][picked[g].option].directAddOns.contains(id) {
          count += groups[g].agents
        }
        for topUp in formulation.topUps where topUp.topUp.addOn == id { count += quantity(topUp.variable) }
      case .account:
        count = problem.facts.accountQuantities[index]
      case .storage:
        count = quantity(formulation.storageBlocks)
      }
      guard count > 0 else { continue }
      let (monthly, overflow) = price.units.multipliedReportingOverflow(by: Int64(count))
      let (sum, overflowInSum) = total.addingReportingOverflow(monthly)
      total = sum
      if overflow || overflowInSum { overflowed = true }
      items.append(
        LineItem(
          sku: line.sku, name: line.name, quantity: count, unitPrice: price, monthlyUnits: monthly, groups: [],
          reason: ""))
    }
    try check(total: total, overflowed: overflowed, against: result, deal: deal)
    return Plan(
      status: status, assignments: assignments, lineItems: items, monthlyUnits: total,
      termMonths: problem.term.months)
  }

  /// Every plan's exact total must fit in Int64 units and match the solver's objective.
  static func check(total: Int64, overflowed: Bool, against result: SolveResult, deal: Deal) throws(SeatMixError) {
    if overflowed {
      throw .invalidInput([
        Diagnostic(
          file: deal.file, line: nil, field: "",
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

  static func includedStorage(_ formulation: Formulation, chosen: [GroupOption], values: [Double]) -> Int {
    let facts = formulation.problem.facts
    var total = 0
    for (g, option) in chosen.enumerated() where option.model == .named {
      let t = facts.tierIDs.firstIndex(of: option.tier)!
      total += facts.deal.groups[g].agents * facts.namedStorage[t]
    }
    for (t, pool) in formulation.pools.enumerated() {
      guard let pool else { continue }
      total += Int(values[pool.index].rounded()) * facts.concurrentStorage[t]
    }
    return total
  }
}
