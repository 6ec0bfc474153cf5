import MIPModel

/// The optimum of a formulation that leaves no choice, found without a solver when it is the only
/// optimum, so that it is exactly the point any exact solver returns.
///
/// A single plan (every group held to one tier and model) has one option per group, so every
/// assignment is settled (``Formulation/Assignment/settled``) and what is left to choose are
/// quantities: a pool per tier held concurrently, top-ups beyond the seats, storage blocks. Each
/// top-up and the block count are then smallest when the pools are: a top-up is the users needing
/// its add-on beyond the seats, the blocks what the licenses' storage leaves of the need. So the
/// cheapest plan has every pool at its floor (the summed peaks of its groups), and it is the *only*
/// cheapest plan when
/// - a top-up and a storage block each cost something (more of them than needed costs more), and
/// - a pool seat costs more than one more seat can save: every top-up it could spare (one user
///   each of its tier's seat-covered add-ons) and the blocks its storage could spare
///   (⌈storage per seat ÷ block size⌉: one block more or less at most per step of the ceiling).
///
/// Then the cost strictly grows with every seat above a floor, so no other plan ties, and a solver
/// that proves its optimum to one money unit (``MIPModel/Model/objectiveStep``) must return this
/// point. Otherwise (a seat priced at or below what it spares, a free top-up or block, storage
/// that the floors cannot cover without blocks for sale, a grid over time, a choice left) this
/// returns nil and the solver decides, ties included. The point is checked against every row and
/// bound of the model before it is returned.
///
/// Batch scenarios are mostly single plans (six of seven models of a six-group scenario on the
/// Zoom catalog), each of which cost a GLPK call of about 110–160 µs.
extension Formulation {
  func settledOptimum() -> SolveResult? {
    guard timeline == nil, !model.variables.isEmpty, modelChoice.allSatisfy({ $0 == nil }) else { return nil }
    let groups = problem.groups
    guard choices.count == groups.count else { return nil }
    let prices = tables.prices
    let tierCount = prices.tierIDs.count
    // Per tier: the summed peaks of its concurrent groups (its pool's floor), and its named agents.
    var peaks = [Int](repeating: 0, count: tierCount)
    var namedAgents = [Int](repeating: 0, count: tierCount)
    for choice in choices {
      // At most one settled choice per group, so all settled and one per group.
      guard case .settled = choice.assignment else { return nil }
      let t = FormulationTables.tier(ofSlot: choice.slot)
      if FormulationTables.isConcurrent(choice.slot) {
        peaks[t] += groups[choice.group].peakConcurrent
      } else {
        namedAgents[t] += groups[choice.group].agents
      }
    }
    let poolCount = pools.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
    guard model.variables.count == poolCount + topUps.count + (storageBlocks == nil ? 0 : 1) else { return nil }

    var values = [Double](repeating: 0, count: model.variables.count)
    let options = problem.everyOption
    // What one seat more on tier t can spare, in money units: a user of each of its top-ups.
    var spared = [Int64](repeating: 0, count: tierCount)
    for topUp in topUps {
      let key = topUp.topUp
      let units = prices.units(of: key.addOn)
      guard units > 0, let t = prices.tierIDs.firstIndex(of: key.tier) else { return nil }
      let slot = FormulationTables.slot(tier: t, key.model)
      var users = 0
      for choice in choices where choice.slot == slot {
        if options[choice.group][choice.option].seatCoveredAddOns.contains(key.addOn) {
          users += groups[choice.group].agents
        }
      }
      let seats = key.model == .concurrent ? peaks[t] : namedAgents[t]
      values[topUp.variable.index] = Double(max(0, users - seats))
      if key.model == .concurrent { spared[t] += units }
    }

    let need = problem.deal.storageGB
    if need > 0 {
      var included = 0
      for t in 0..<tierCount {
        let named = namedAgents[t].multipliedReportingOverflow(by: prices.namedStorage[t])
        let pooled = (pools[t] == nil ? 0 : peaks[t]).multipliedReportingOverflow(by: prices.concurrentStorage[t])
        guard !named.overflow, !pooled.overflow else { return nil }
        included += named.partialValue + pooled.partialValue
      }
      let missing = need - included
      if let blocks = storageBlocks {
        guard let block = prices.storageBlock, block.gb > 0, prices.storageBlockUnits > 0 else { return nil }
        values[blocks.index] = Double(missing > 0 ? (missing + block.gb - 1) / block.gb : 0)
        for t in 0..<tierCount where pools[t] != nil && prices.concurrentStorage[t] > 0 {
          let blocksPerSeat = (prices.concurrentStorage[t] + block.gb - 1) / block.gb
          let (units, overflow) = prices.storageBlockUnits.multipliedReportingOverflow(by: Int64(blocksPerSeat))
          guard !overflow else { return nil }
          spared[t] += units
        }
      } else if missing > 0 {
        return nil  // only more seats could hold the storage: the solver sizes them
      }
    }

    for t in 0..<tierCount {
      guard let pool = pools[t] else { continue }
      guard prices.poolUnits[t] > spared[t] else { return nil }
      values[pool.index] = Double(peaks[t])
    }
    guard model.violations(at: values).isEmpty else { return nil }
    let objective = model.objective.value(at: values)
    return SolveResult(status: .optimal, values: values, objective: objective, bestBound: objective)
  }
}
