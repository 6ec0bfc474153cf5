import Foundation
import MIPModel

/// Computes a ``DealReport`` by re-solving the deal with the real optimizer: other terms and single
/// plans for the comparison, every concurrency ratio for the break-even curves, grown groups for
/// the headroom, moved prices for the sensitivity. Nothing is extrapolated from the optimum.
public enum ReportBuilder {
  public static func build(
    _ deal: Deal, catalog: Catalog, settings: ReportSettings
  ) throws(SeatMixError) -> DealReport {
    let prober = Prober(catalog: catalog, settings: settings)
    let analysis = try Optimizer(solver: settings.solver, options: settings.solve).analyze(deal, catalog: catalog)
    let solvedSingles = analysis.singlePlans.filter { single in
      !deal.groups.contains { $0.tier != nil && $0.tier != single.tier }
    }
    prober.counter.add(solves: 1 + solvedSingles.count, time: analysis.solverTime)
    if case .planned(let plan) = analysis.outcome, !plan.status.isOptimal { prober.counter.addUnproven() }

    let comparison = try comparisonRows(deal, analysis: analysis, prober: prober)
    let dealTerm = analysis.term.id
    var topTierNamed: ComparisonRow?
    if let top = catalog.tiers.last {
      let kind = ComparisonRow.Kind.single(top.id, .named)
      topTierNamed = comparison.first { $0.term.id == dealTerm && $0.kind == kind }
    }
    var breakEven: BreakEven?
    var headroom: [Headroom] = []
    var sensitivity: [PriceSensitivity] = []
    var fixedItems: [LineItem] = []
    if let plan = analysis.plan {
      breakEven = try Self.breakEven(deal, prober: prober)
      headroom = try Self.headroom(deal, mix: Mix(plan), prober: prober)
      sensitivity = try Self.sensitivity(analysis.problem, plan: plan, prober: prober)
      let weighed = Set(sensitivity.map(\.sku))
      fixedItems = plan.lineItems.filter {
        !weighed.contains($0.sku) && ($0.unitPrice.isEstimate || $0.unitPrice.adjustment != nil)
          && isAccountItem($0.sku, catalog)
      }
    }
    let counts = prober.counter.totals
    return DealReport(
      analysis: analysis, comparison: comparison, topTierNamed: topTierNamed, breakEven: breakEven,
      headroom: headroom, sensitivity: sensitivity, fixedItems: fixedItems, settings: settings,
      solves: counts.solves, unprovenSolves: counts.unproven, solverTime: counts.time)
  }

  /// The optimum and the plan comparison alone (`seatmix compare`).
  public static func comparison(
    _ deal: Deal, catalog: Catalog, settings: ReportSettings
  ) throws(SeatMixError) -> (analysis: Analysis, rows: [ComparisonRow]) {
    let prober = Prober(catalog: catalog, settings: settings)
    let analysis = try Optimizer(solver: settings.solver, options: settings.solve).analyze(deal, catalog: catalog)
    return (analysis, try comparisonRows(deal, analysis: analysis, prober: prober))
  }

  static func isAccountItem(_ sku: SKU, _ catalog: Catalog) -> Bool {
    guard case .addOn(let id) = sku, let addOn = catalog.addOn(id) else { return false }
    switch addOn.basis {
    case .perAccount, .perUnit: return true
    case .perUser, .storage: return false
    }
  }

  // MARK: 3. Plan comparison

  static func comparisonRows(_ deal: Deal, analysis: Analysis, prober: Prober) throws(SeatMixError) -> [ComparisonRow] {
    let catalog = prober.catalog
    struct Task: Sendable {
      var term: BillingTerm
      var kind: ComparisonRow.Kind
    }
    var tasks: [Task] = []
    for term in catalog.terms {
      tasks.append(Task(term: term, kind: .optimum))
      for tier in catalog.tiers {
        for model in LicensingModel.allCases where tier.licenses[model] != nil {
          tasks.append(Task(term: term, kind: .single(tier.id, model)))
        }
      }
    }
    let dealTerm = analysis.term.id
    let allowed = deal.licensing.models
    let work = tasks
    return try ParallelSolves.map(tasks.count, jobs: prober.settings.jobs) { index throws(SeatMixError) in
      let task = work[index]
      var termDeal = deal
      termDeal.term = task.term.id
      let outcome: PlanOutcome
      var outsideDealLicensing = false
      switch task.kind {
      case .optimum:
        outcome = try prober.outcome(PlanningProblem(deal: termDeal, catalog: catalog))
      case .single(let tier, let model):
        outsideDealLicensing = !allowed.contains(model)
        if let held = deal.groups.first(where: { $0.tier != nil && $0.tier != tier }) {
          let tierName = catalog.tier(held.tier!)?.name ?? held.tier!.rawValue
          outcome = .infeasible(Infeasibility(gaps: [], causes: [.heldToTier(group: held.name, tierName: tierName)]))
        } else {
          // Any licensing, then held to one tier and model: the same single plan the deal's own
          // licensing gives when it allows the model, and a reference price when it does not.
          termDeal.licensing = .any
          outcome = try prober.outcome(PlanningProblem(deal: termDeal, catalog: catalog).restricted(to: tier, model))
        }
      }
      return ComparisonRow(
        term: task.term, kind: task.kind, outcome: outcome, outsideDealLicensing: outsideDealLicensing,
        isDealTerm: task.term.id == dealTerm)
    }
  }

  // MARK: 4. Break-even

  static func breakEven(_ deal: Deal, prober: Prober) throws(SeatMixError) -> BreakEven {
    let ratios = prober.settings.breakEvenRatios
    let points = try ParallelSolves.map(ratios.count, jobs: prober.settings.jobs) { index throws(SeatMixError) in
      try point(deal, ratio: ratios[index], prober: prober, withOptimum: true)
    }
    let agents = deal.groups.reduce(0) { $0 + $1.agents }
    let peaks = deal.groups.reduce(0) { $0 + $1.peakConcurrent }
    let current = agents == 0 ? 0 : Money.roundedToTenths(Decimal(peaks) * 100 / Decimal(agents))
    let verdict: BreakEven.Verdict
    if points.allSatisfy({ $0.named == nil }) {
      verdict = .unavailable("no all-named plan meets the deal")
    } else if points.allSatisfy({ $0.concurrent == nil }) {
      verdict = .unavailable("no all-concurrent plan meets the deal")
    } else if let first = points.firstIndex(where: stopsPaying) {
      if first == 0 {
        verdict = .namedAlwaysCheaper
      } else {
        // Concurrent cost only grows with the ratio and named cost does not depend on it, so
        // bisecting between the last grid ratio where concurrent paid and the first where it did
        // not finds the exact percent.
        var paying = points[first - 1].ratioPercent
        var notPaying = points[first].ratioPercent
        while notPaying - paying > 1 {
          let middle = (paying + notPaying) / 2
          if stopsPaying(try point(deal, ratio: middle, prober: prober, withOptimum: false)) {
            notPaying = middle
          } else {
            paying = middle
          }
        }
        verdict = .crossover(notPaying)
      }
    } else {
      verdict = .concurrentAlwaysCheaper
    }
    return BreakEven(points: points, verdict: verdict, currentRatioPercent: current)
  }

  /// Concurrent no longer costs less than named.
  static func stopsPaying(_ point: BreakEven.Point) -> Bool {
    guard let concurrent = point.concurrent else { return true }
    guard let named = point.named else { return false }
    return concurrent >= named
  }

  /// Every group at `ratio` percent of its agents signed in at once (rounded up); a group with a
  /// profile over time keeps its shape, scaled to that peak (``WhatIf``).
  static func atRatio(_ deal: Deal, _ ratio: Int) -> Deal {
    var deal = deal
    for g in deal.groups.indices {
      let agents = deal.groups[g].agents
      deal.groups[g] = WhatIf.sized(deal.groups[g], agents: agents, peak: (agents * ratio + 99) / 100)
    }
    return deal
  }

  static func point(_ deal: Deal, ratio: Int, prober: Prober, withOptimum: Bool) throws(SeatMixError) -> BreakEven.Point
  {
    let scaled = atRatio(deal, ratio)
    var named = scaled
    named.licensing = .named
    var concurrent = scaled
    concurrent.licensing = .concurrent
    let optimum = withOptimum ? try prober.plan(scaled) : nil
    return BreakEven.Point(
      ratioPercent: ratio, named: try prober.plan(named)?.monthlyTotal,
      concurrent: try prober.plan(concurrent)?.monthlyTotal, optimum: optimum?.monthlyTotal,
      optimumMix: Mix(optimum))
  }

  // MARK: 5. Headroom

  static func headroom(_ deal: Deal, mix: Mix, prober: Prober) throws(SeatMixError) -> [Headroom] {
    let settings = prober.settings
    let problem = PlanningProblem(deal: deal, catalog: prober.catalog)
    // Exact shortcuts need today's mix held by a deal: one licensing model (see HeadroomSearch),
    // and pools sized to the sum of the peaks (over time a pool covers the peak of the sum, which
    // is not linear in one group's size), so a deal with a grid is solved size by size.
    let holdable =
      deal.concurrency == nil
      && (mix.choices.first.map { first in mix.choices.allSatisfy { $0.model == first.model } } ?? false)
    // Two searches per group: more agents (peak in proportion), more peak (same agents).
    let searches = try ParallelSolves.map(deal.groups.count * 2, jobs: settings.jobs) {
      index throws(SeatMixError) -> (limit: Int, more: Int?, change: MixChange?, stopped: Bool, unsolved: Bool) in
      let g = index / 2
      let group = deal.groups[g]
      let direction: GrowthPath.Direction = index % 2 == 0 ? .agents : .peak
      let limit =
        direction == .agents
        ? max(group.agents * settings.agentSearchFactor, settings.minimumAgentSearch)
        : group.agents - group.peakConcurrent
      let path = holdable ? GrowthPath(problem, group: g, direction: direction) : nil
      func sized(_ z: GrowthPath.Point) -> Deal {
        var sized = deal
        sized.groups[g] = WhatIf.sized(group, agents: z.agents, peak: z.peak)
        return sized
      }
      let found = try HeadroomSearch.firstChange(
        path, limit: limit, budget: settings.headroomSolveBudget,
        probe: { z throws(SeatMixError) in try prober.probe(sized(z), base: mix) },
        point: { x in
          direction == .agents
            ? GrowthPath.Point(
              agents: group.agents + x, peak: grown(deal, group: g, extraAgents: x).groups[g].peakConcurrent)
            : GrowthPath.Point(agents: group.agents, peak: group.peakConcurrent + x)
        })
      switch found {
      case .holds: return (limit, nil, nil, false, false)
      case .changes(let offset, let change): return (limit, offset, change, false, false)
      case .stopped(let holdsThrough): return (holdsThrough, nil, nil, true, false)
      case .unsolved(let holdsThrough, _): return (holdsThrough, nil, nil, true, true)
      }
    }
    return deal.groups.enumerated().map { g, group in
      let agents = searches[2 * g]
      let peak = searches[2 * g + 1]
      return Headroom(
        group: group.name, agents: group.agents, peak: group.peakConcurrent, agentLimit: agents.limit,
        moreAgents: agents.more, agentChange: agents.change, peakLimit: peak.limit, morePeak: peak.more,
        peakChange: peak.change, agentSearchStopped: agents.stopped, peakSearchStopped: peak.stopped,
        agentSearchUnsolved: agents.unsolved, peakSearchUnsolved: peak.unsolved)
    }
  }

  /// The deal with `extra` more agents in group `g`, its peak growing in proportion (rounded up);
  /// a profile over time keeps its shape, scaled to that peak (``WhatIf``).
  static func grown(_ deal: Deal, group g: Int, extraAgents extra: Int) -> Deal {
    var deal = deal
    let group = deal.groups[g]
    let agents = group.agents + extra
    let peak = group.agents == 0 ? agents : (group.peakConcurrent * agents + group.agents - 1) / group.agents
    deal.groups[g] = WhatIf.sized(group, agents: agents, peak: min(peak, agents))
    return deal
  }

  // MARK: 6. Price sensitivity

  static func sensitivity(_ problem: PlanningProblem, plan: Plan, prober: Prober) throws(SeatMixError)
    -> [PriceSensitivity]
  {
    let catalog = problem.catalog
    let deal = problem.deal
    var weighed = Set<SKU>()
    for groupOptions in problem.options {
      for option in groupOptions {
        weighed.insert(option.license)
        for addOn in option.directAddOns + option.seatCoveredAddOns { weighed.insert(.addOn(addOn)) }
      }
    }
    if deal.storageGB > 0, let storage = catalog.storageAddOn { weighed.insert(.addOn(storage.id)) }
    let skus = catalog.skus.filter { sku in
      guard weighed.contains(sku), let price = problem.prices[sku] else { return false }
      return price.isEstimate || price.adjustment != nil
    }
    let settings = prober.settings
    let mix = Mix(plan)
    // Two searches per price: down to zero, and up to the search bound.
    let searches = try ParallelSolves.map(skus.count * 2, jobs: settings.jobs) {
      index throws(SeatMixError) -> (Int, (offset: Int, change: MixChange)?) in
      let sku = skus[index / 2]
      let cents = Self.cents(problem.prices[sku]!.amount)
      let quantity = plan.quantity(of: sku)
      func priced(_ moved: Int) -> Deal {
        var deal = deal
        deal.pricing.unitPrices[sku.id] = Decimal(moved) / 100
        return deal
      }
      // Where today's mix cannot be held by re-solving, today's plan at the moved price costs at
      // most its total moved by quantity × the change.
      func probe(_ moved: Int) throws(SeatMixError) -> (beaten: Bool, plan: Plan?) {
        try prober.beaten(
          priced(moved), base: mix, fallbackCost: plan.monthlyTotal + Decimal(quantity * (moved - cents)) / 100)
      }
      if index % 2 == 0 {
        let found = try firstChange(limit: cents, points: settings.gridPoints) { down throws(SeatMixError) in
          try probe(cents - down)
        }
        return (cents, found)
      } else {
        let bound = max(
          Self.cents(problem.prices[sku]!.amount * settings.priceSearchFactor),
          cents + Self.cents(settings.minimumPriceSearch))
        let found = try firstChange(limit: bound - cents, points: settings.gridPoints) { up throws(SeatMixError) in
          try probe(cents + up)
        }
        return (bound - cents, found)
      }
    }
    return skus.enumerated().map { s, sku in
      let price = problem.prices[sku]!
      let cents = Self.cents(price.amount)
      let down = searches[2 * s]
      let up = searches[2 * s + 1]
      return PriceSensitivity(
        sku: sku, price: price, quantity: plan.quantity(of: sku),
        low: Decimal(cents - (down.1.map { $0.offset - 1 } ?? down.0)) / 100,
        high: Decimal(cents + (up.1.map { $0.offset - 1 } ?? up.0)) / 100,
        belowChange: down.1?.change, aboveChange: up.1?.change,
        searchedUpTo: Decimal(cents + up.0) / 100)
    }
  }

  static func cents(_ amount: Decimal) -> Int {
    NSDecimalNumber(decimal: Money.roundedToCents(amount) * 100).intValue
  }

  // MARK: Search

  /// The smallest offset in `1...limit` at which `probe` says today's mix is beaten, and the
  /// optimum there. Solves at `points` evenly spaced offsets (the last one is `limit`), stopping at
  /// the first where it is beaten, then bisects the step before it to one unit. A change that
  /// reverts within one step can be missed; with `points ≥ limit` every offset is solved.
  static func firstChange(
    limit: Int, points: Int, probe: (Int) throws(SeatMixError) -> (beaten: Bool, plan: Plan?)
  ) throws(SeatMixError) -> (offset: Int, change: MixChange)? {
    guard limit > 0 else { return nil }
    let step = max(1, (limit + points - 1) / max(1, points))
    var held = 0
    var offset = min(step, limit)
    while true {
      let result = try probe(offset)
      if result.beaten {
        var beaten = (offset, result.plan)
        while beaten.0 - held > 1 {
          let middle = (held + beaten.0) / 2
          let probed = try probe(middle)
          if probed.beaten { beaten = (middle, probed.plan) } else { held = middle }
        }
        return (beaten.0, MixChange(mix: Mix(beaten.1), monthly: beaten.1?.monthlyTotal))
      }
      held = offset
      if offset == limit { return nil }
      offset = min(offset + step, limit)
    }
  }
}

/// Solves variants of a deal for a report, counting the solves.
struct Prober: Sendable {
  let catalog: Catalog
  let settings: ReportSettings
  let optimizer: Optimizer
  let counter = SolveCounter()

  init(catalog: Catalog, settings: ReportSettings) {
    self.catalog = catalog
    self.settings = settings
    optimizer = Optimizer(solver: settings.solver, options: settings.solve, namesModels: false)
  }

  func outcome(_ problem: PlanningProblem) throws(SeatMixError) -> PlanOutcome {
    let (outcome, time) = try optimizer.solve(problem, detail: .totals)
    counter.add(solves: 1, time: time)
    if outcome.status == .feasible || outcome.status == .noSolution { counter.addUnproven() }
    return outcome
  }

  func plan(_ deal: Deal) throws(SeatMixError) -> Plan? {
    try outcome(PlanningProblem(deal: deal, catalog: catalog)).plan
  }

  /// Whether another mix costs strictly less than today's mix for `deal`: a tie leaves today's
  /// mix optimal. Today's cost comes from re-solving with every group held to its tier and the
  /// one licensing model (which fixes its add-ons too); when today's mix mixes models, which a
  /// deal file cannot hold per group, `fallbackCost` stands in, or else any other mix the
  /// solver returns counts as beating it.
  func beaten(_ deal: Deal, base: Mix, fallbackCost: Decimal? = nil) throws(SeatMixError) -> (
    beaten: Bool, plan: Plan?
  ) {
    let optimum = try plan(deal)
    if Mix(optimum) == base { return (false, optimum) }
    guard let optimum else { return (true, nil) }
    guard base.hasPlan else { return (true, optimum) }
    var todays: Decimal? = fallbackCost
    if let model = base.choices.first?.model, base.choices.allSatisfy({ $0.model == model }) {
      var held = deal
      held.licensing = model == .named ? .named : .concurrent
      for choice in base.choices {
        if let g = held.groups.firstIndex(where: { $0.name == choice.group }) { held.groups[g].tier = choice.tier }
      }
      todays = try plan(held)?.monthlyTotal
      guard todays != nil else { return (true, optimum) }
    }
    guard let todays else { return (true, optimum) }
    return (optimum.monthlyTotal < todays, optimum)
  }
}

/// Solve counts shared by a report's worker threads.
final class SolveCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var solves = 0
  private var unproven = 0
  private var time = Duration.zero

  func add(solves: Int, time: Duration) {
    lock.withLock {
      self.solves += solves
      self.time += time
    }
  }

  func addUnproven() { lock.withLock { unproven += 1 } }

  var totals: (solves: Int, unproven: Int, time: Duration) { lock.withLock { (solves, unproven, time) } }
}

extension Money {
  static func roundedToTenths(_ amount: Decimal) -> Decimal {
    var value = amount
    var result = Decimal()
    NSDecimalRound(&result, &value, 1, .plain)
    return result
  }
}
