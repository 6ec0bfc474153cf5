import Foundation
import MIPModel

/// The integer program of one planning problem, with handles on every domain variable.
///
/// Variables (all integer):
/// - `assign[group=G,tier=T,model=M]` ∈ {0,1}: group G is licensed as T under M (a group with a
///   single admitted option needs no variable: its assignment is the constant 1). In a deal over
///   time, K identical groups share one integer `assign[group=G,copies=K,tier=T,model=M]` ∈ 0…K
///   per option: how many of them take it (``mergesIdenticalGroups``).
/// - `pool[tier=T]` ≥ 0: concurrent seats of T.
/// - `topup[addon=A,tier=T,model=M]` ≥ 0: A bought for users of T/M beyond what its seats cover.
/// - `storage.blocks` ≥ 0: extra storage blocks.
/// - `model[M]` ∈ {0,1}: the account's licensing model, when one model per account is the rule.
///
/// Constraints:
/// - `cover[group=G]`: Σ assign = 1, every group is licensed exactly once (`cover[group=G,copies=K]`:
///   Σ assign = K).
/// - `pool[tier=T]`: pool ≥ Σ peak × assign over groups on T concurrent.
/// - `pool-used[tier=T]`: pool ≤ bound × Σ assign over groups on T concurrent (no group, no pool).
/// - `topup[addon=A,tier=T,model=M]`: topup ≥ Σ agents × assign (groups needing A) − seats of T/M.
/// - `storage`: Σ included storage + block × blocks ≥ storage needed.
/// - `one-model`: Σ model = 1, and `model-of[group=G,model=M]`: Σ assign under M ≤ model[M]
///   (K × model[M] for K merged copies).
///
/// Objective: monthly cost; account add-ons are a constant.
///
/// A deal with an interval grid (``Deal/concurrency``) replaces the single `pool[tier=T]` row (see
/// `PoolsOverTime.swift`): `pool-at[tier=T,interval=I]` rows, one per interval, with
/// `excess[tier=T,month=M]` overage seats per billing month and, for grace rules,
/// `excused[tier=T,interval=I]` binaries; the objective is then the cost of the grid's billing
/// months (monthly cost × months + overage).
///
/// Built for speed as well as reading (a batch builds several per scenario): handles live in
/// arrays indexed by position, not dictionaries, and one scratch expression serves every row.
public struct Formulation: Sendable {
  /// Whether a group takes one of its options: a variable (binary, or a count of merged identical
  /// groups), or settled when the group has only that option.
  public enum Assignment: Sendable {
    case settled
    case variable(Variable)

    public func value(at values: [Double]) -> Double {
      switch self {
      case .settled: return 1
      case .variable(let variable): return values[variable.index]
      }
    }
  }

  /// One admitted option of one group, and how it is taken.
  public struct Choice: Sendable {
    public var group: Int
    /// Position in the group's options (``PlanningProblem/everyOption``).
    public var option: Int
    /// The option's tier and model (``FormulationTables/slot(tier:_:)``).
    var slot: Int
    public var assignment: Assignment
  }

  /// A pooled top-up: users of (tier, model) who need `addOn` beyond what its seats cover.
  public struct TopUp: Hashable, Sendable, Comparable {
    public var addOn: AddOnID
    public var tier: TierID
    public var model: LicensingModel

    public static func < (a: TopUp, b: TopUp) -> Bool {
      (a.addOn, a.tier, a.model.rawValue) < (b.addOn, b.tier, b.model.rawValue)
    }
  }

  /// A top-up variable and what it tops up.
  public struct TopUpVariable: Sendable {
    public var topUp: TopUp
    public var variable: Variable
  }

  public let problem: PlanningProblem
  /// The deal's index tables, shared by the formulations of its optimum and its single plans.
  let tables: FormulationTables
  public internal(set) var model: Model
  /// Every group's admitted options, group by group; group g's are `choices[choiceStarts[g]..<choiceStarts[g + 1]]`.
  public private(set) var choices: [Choice] = []
  public private(set) var choiceStarts: [Int] = [0]
  /// Per catalog tier (catalog order): its pool, when some group may hold the tier concurrently.
  public private(set) var pools: [Variable?] = []
  /// In ``TopUp`` order.
  public private(set) var topUps: [TopUpVariable] = []
  public private(set) var storageBlocks: Variable?
  /// Per ``LicensingModel/allCases``: the account-model choice, when the account holds one model.
  public private(set) var modelChoice: [Variable?] = []
  /// The one licensing model every group is held to, when the optimum of a one-model account is
  /// solved as one program per model (``Optimizer/solvesPerAccountModel(_:)``); nil otherwise.
  public let accountModel: LicensingModel?
  /// Per catalog tier, per billing month: overage seats, when the deal has a grid and the catalog
  /// bills overage (else empty).
  public internal(set) var excess: [[Variable?]] = []
  /// Per catalog tier, per interval: whether its `pool-at` row is in the model (rows of the instant
  /// peak are added lazily: ``addViolatedIntervalRows(_:perTier:)``).
  var intervalRows: [[Bool]] = []
  /// Whether interval rows are added lazily; false puts every undominated row in at once.
  let lazyIntervalRows: Bool
  /// Whether a grace rule's `pool-at` rows are relaxed by each interval's largest pooled count (a
  /// big M) instead of its slack with `pool-floor` rows (``addPoolOverTime``); tests compare both.
  let bigMGraceRows: Bool
  /// Per catalog tier, under a grace rule: its intervals' slacks and binaries (else empty or nil).
  var graceRows: [GraceRows?] = []
  /// Whether a grace rule's `pool-at` and `grace` rows are added lazily too: the `pool-floor` rows
  /// first, then the rows that plans break (``addViolatedGraceRows(_:perTier:)``). Contiguous
  /// accrual only: under cumulative accrual the full model solved faster (measured with
  /// scripts/benchmark-profiles --grace cumulative: 20 teams 3.4 s in full, 15.7 s lazily).
  var lazyGraceRows: Bool { lazyIntervalRows && !bigMGraceRows && timeline?.accrual == .contiguous }
  /// Whether this model has a grace rule whose rows are added lazily.
  var addsGraceRowsLazily: Bool { lazyGraceRows && (timeline?.graceIntervals ?? 1) > 1 }
  /// Whether identical groups of a deal over time share their variables (``identicalGroups(_:)``);
  /// tests compare both.
  let mergesIdenticalGroups: Bool
  /// Per group, when some are merged (else empty): the group whose variables stand for it.
  private var merged: [Int] = []
  /// Per group, when some are merged (else empty): how many groups its variables stand for.
  private var copyCounts: [Int] = []

  /// The group whose variables stand for group g: g, unless g is a copy merged into an earlier
  /// identical group's variables (``mergesIdenticalGroups``).
  public func mergedInto(_ g: Int) -> Int { merged.isEmpty ? g : merged[g] }
  /// How many groups group g's variables stand for: 1 for most, K for the first of K identical
  /// groups, 0 for the copies merged into it.
  public func copies(of g: Int) -> Int { copyCounts.isEmpty ? 1 : copyCounts[g] }

  /// - Parameter keepsNames: keep the domain names (`assign[group=…]`); batch runs turn it off.
  public init(_ problem: PlanningProblem, keepsNames: Bool = true) {
    self.init(problem, tables: FormulationTables(problem), keepsNames: keepsNames)
  }

  /// The deal's concurrency over time, when it has an interval grid.
  var timeline: Timeline? { tables.timeline }

  /// - Parameter tables: the tables of the problem's deal (``FormulationTables/init(_:cache:)``),
  ///   made once for the deal's optimum and all its single plans.
  /// - Parameter accountModel: admit only the options under this licensing model.
  /// - Parameter lazyIntervalRows: start with the busiest intervals' pool rows only; the caller
  ///   then adds violated rows and solves again until none is (``Optimizer``).
  /// - Parameter bigMGraceRows: the grace rule's rows with big Ms, as before the slack (tests).
  /// - Parameter mergesIdenticalGroups: false gives identical groups variables of their own (tests).
  init(
    _ problem: PlanningProblem, tables: FormulationTables, keepsNames: Bool, accountModel: LicensingModel? = nil,
    lazyIntervalRows: Bool = false, bigMGraceRows: Bool = false, mergesIdenticalGroups: Bool = true
  ) {
    self.problem = problem
    self.tables = tables
    self.accountModel = accountModel
    self.lazyIntervalRows = lazyIntervalRows && tables.timeline != nil
    self.bigMGraceRows = bigMGraceRows
    self.mergesIdenticalGroups = mergesIdenticalGroups
    self.model = Model(keepsNames: keepsNames)
    build()
  }

  /// Group g's choices.
  func choices(of g: Int) -> ArraySlice<Choice> { choices[choiceStarts[g]..<choiceStarts[g + 1]] }

  /// The pool of a tier, by id.
  public func pool(of tier: TierID) -> Variable? {
    tables.prices.tierIDs.firstIndex(of: tier).flatMap { pools[$0] }
  }

  private mutating func build() {
    let tables = tables
    let prices = tables.prices
    let options = problem.everyOption
    let restrictionSlot = tables.restrictionSlot(problem)
    let groups = problem.groups
    var admitted: [AdmittedOptions] = []
    admitted.reserveCapacity(groups.count)
    var maxSeats = 0
    var admittedCount = 0
    for g in groups.indices {
      maxSeats += groups[g].agents
      admitted.append(tables.admitted(g, restrictedTo: restrictionSlot, optionCount: options[g].count))
      admittedCount += admitted[g].count
    }
    let seatBound = Double(maxSeats)
    model.reserveCapacity(
      variables: admittedCount + 8, constraints: groups.count * 3 + 8, entries: admittedCount * 4 + 8)
    choices.reserveCapacity(admittedCount)
    choiceStarts.reserveCapacity(groups.count + 1)
    var objective = LinearExpression()
    objective.reserveCapacity(admittedCount + 8)
    var row = LinearExpression()
    row.reserveCapacity(admittedCount + 8)

    // assign[g, option] and cover[g]
    let accountModel = accountModel
    func isHeld(_ g: Int, _ o: Int) -> Bool { accountModel == nil || options[g][o].model == accountModel }
    if mergesIdenticalGroups && tables.timeline != nil {
      let mergedInto = identicalGroups(groups.indices.map { g in admitted[g].filter { isHeld(g, $0) } })
      if mergedInto.indices.contains(where: { mergedInto[$0] != $0 }) {
        merged = mergedInto
        copyCounts = [Int](repeating: 0, count: groups.count)
        for g in groups.indices { copyCounts[mergedInto[g]] += 1 }
      }
    }
    for g in groups.indices {
      let held = accountModel == nil ? admitted[g].count : admitted[g].reduce(0) { $0 + (isHeld(g, $1) ? 1 : 0) }
      if held == 1 {
        let o = admitted[g].first(where: { isHeld(g, $0) })!
        choices.append(Choice(group: g, option: o, slot: tables.slot(g, o), assignment: .settled))
        choiceStarts.append(choices.count)
        objective.addConstant(tables.optionCost(g, o, agents: groups[g].agents))
        continue
      }
      let k = copies(of: g)
      guard k > 0 else {
        // A copy: the first identical group's variables count it.
        choiceStarts.append(choices.count)
        continue
      }
      let copiesLabel = k == 1 ? "" : ",copies=\(k)"
      row.removeAll()
      for o in admitted[g] where isHeld(g, o) {
        let x = model.addVariable(
          "assign[group=\(groups[g].name)\(copiesLabel),tier=\(options[g][o].tier),model=\(options[g][o].model.rawValue)]",
          kind: k == 1 ? .binary : .integer, lowerBound: 0, upperBound: Double(k))
        choices.append(Choice(group: g, option: o, slot: tables.slot(g, o), assignment: .variable(x)))
        objective.add(tables.optionCost(g, o, agents: groups[g].agents), x)
        row.add(1, x)
      }
      choiceStarts.append(choices.count)
      model.add(row, .equal, Double(k), named: "cover[group=\(groups[g].name)\(copiesLabel)]")
    }

    // pool[t] ≥ Σ peak × assign, for tiers some group could hold concurrently
    let storageNeed = Double(problem.deal.storageGB)
    pools = [Variable?](repeating: nil, count: prices.tierIDs.count)
    var overageTerms = LinearExpression()
    if let timeline = tables.timeline {
      excess = [[Variable?]](repeating: [], count: prices.tierIDs.count)
      intervalRows = [[Bool]](repeating: [], count: prices.tierIDs.count)
      graceRows = [GraceRows?](repeating: nil, count: prices.tierIDs.count)
      _ = timeline
    }
    for (t, tier) in prices.tierIDs.enumerated() {
      let slot = FormulationTables.slot(tier: t, .concurrent)
      guard choices.contains(where: { $0.slot == slot }) else { continue }
      let perSeat = prices.concurrentStorage[t]
      let bound = max(seatBound, perSeat > 0 ? (storageNeed / Double(perSeat)).rounded(.up) : 0)
      let pool = model.addVariable("pool[tier=\(tier)]", kind: .integer, lowerBound: 0, upperBound: bound)
      pools[t] = pool
      if let timeline = tables.timeline {
        addPoolOverTime(t, pool: pool, timeline: timeline, seatBound: seatBound, row: &row, overage: &overageTerms)
      } else {
        // pool − Σ peak × assign ≥ 0
        row.removeAll()
        row.add(1, pool)
        for choice in choices where choice.slot == slot {
          row.add(choice.assignment, times: -Double(groups[choice.group].peakConcurrent))
        }
        model.add(row, .greaterOrEqual, 0, named: "pool[tier=\(tier)]")
      }
      // No pool on a tier no group is on concurrently: such seats would be licenses no user holds,
      // bought only for their storage, and concurrent licenses in a named account when the
      // account may not mix models. pool − bound × Σ assign ≤ 0
      row.removeAll()
      row.add(1, pool)
      for choice in choices where choice.slot == slot { row.add(choice.assignment, times: -bound) }
      model.add(row, .lessOrEqual, 0, named: "pool-used[tier=\(tier)]")
      objective.add(prices.poolPrices[t], pool)
    }

    // topup[A,t,m] ≥ users needing A on t/m − seats of t/m
    for (index, topUp) in tables.topUps.enumerated() {
      let slot = tables.topUpSlots[index]
      if let restricted = restrictionSlot, restricted != slot { continue }
      if let accountModel, FormulationTables.isConcurrent(slot) != (accountModel == .concurrent) { continue }
      var name: String { "topup[addon=\(topUp.addOn),tier=\(topUp.tier),model=\(topUp.model.rawValue)]" }
      let variable = model.addVariable(name, kind: .integer, lowerBound: 0, upperBound: seatBound)
      topUps.append(TopUpVariable(topUp: topUp, variable: variable))
      // topup − Σ agents × assign + seats ≥ 0
      row.removeAll()
      row.add(1, variable)
      for choice in choices where choice.slot == slot {
        let option = options[choice.group][choice.option]
        guard option.seatCoveredAddOns.contains(topUp.addOn) else { continue }
        row.add(choice.assignment, times: -Double(groups[choice.group].agents))
      }
      addSeats(slot, to: &row, times: 1)
      model.add(row, .greaterOrEqual, 0, named: name)
      objective.add(tables.topUpPrices[index], variable)
    }

    // storage: included + bought ≥ needed
    if problem.deal.storageGB > 0 {
      row.removeAll()
      for t in prices.tierIDs.indices {
        if prices.namedStorage[t] > 0 {
          addSeats(FormulationTables.slot(tier: t, .named), to: &row, times: Double(prices.namedStorage[t]))
        }
        if prices.concurrentStorage[t] > 0 {
          addSeats(
            FormulationTables.slot(tier: t, .concurrent), to: &row, times: Double(prices.concurrentStorage[t]))
        }
      }
      if let block = prices.storageBlock {
        let blocks = model.addVariable(
          "storage.blocks", kind: .integer, lowerBound: 0, upperBound: (storageNeed / Double(block.gb)).rounded(.up))
        storageBlocks = blocks
        row.add(Double(block.gb), blocks)
        objective.add(block.price, blocks)
      }
      model.add(row, .greaterOrEqual, storageNeed, named: "storage")
    }

    // one licensing model per account
    let modelsInUse = LicensingModel.allCases.filter { m in choices.contains { option(of: $0).model == m } }
    if !problem.mixingAllowed && modelsInUse.count > 1 {
      modelChoice = [Variable?](repeating: nil, count: LicensingModel.allCases.count)
      row.removeAll()
      for (m, licensing) in LicensingModel.allCases.enumerated() where modelsInUse.contains(licensing) {
        let choice = model.addVariable("model[\(licensing.rawValue)]", kind: .binary)
        modelChoice[m] = choice
        row.add(1, choice)
      }
      model.add(row, .equal, 1, named: "one-model")
      for (g, group) in groups.enumerated() {
        for (m, licensing) in LicensingModel.allCases.enumerated() {
          guard let choice = modelChoice[m] else { continue }
          // Σ assign under M − copies × model[M] ≤ 0
          row.removeAll()
          var any = false
          for groupChoice in choices(of: g) where option(of: groupChoice).model == licensing {
            row.add(groupChoice.assignment, times: 1)
            any = true
          }
          guard any else { continue }
          row.add(-Double(copies(of: g)), choice)
          model.add(row, .lessOrEqual, 0, named: "model-of[group=\(group.name),model=\(licensing.rawValue)]")
        }
      }
    }

    if !problem.deal.accountAddOns.isEmpty { objective.addConstant(tables.accountCost) }
    if let timeline = tables.timeline {
      // The cost of the grid's billing months: every monthly cost once a month, overage as billed.
      if timeline.periodCount > 1 { objective = Double(timeline.periodCount) * objective }
      objective.add(overageTerms)
    }
    model.objective = objective
    // Every cost is a whole number of money units: "optimal" is proven to one unit.
    model.objectiveStep = Money.double(units: 1)
  }

  /// The option a choice takes.
  func option(of choice: Choice) -> GroupOption { problem.everyOption[choice.group][choice.option] }

  /// Each group's choice at a solution's values: the one whose assignment is 1, nil when none is.
  /// Identical groups merged into one's variables (``mergedInto``) take the counts in deal order:
  /// as many of them as the first option's count take it, the next ones the second, and so on (so
  /// an earlier copy never takes a later option than a later copy).
  func chosen(at values: [Double]) -> [Choice?] {
    var chosen = [Choice?](repeating: nil, count: problem.groups.count)
    // Per first group of merged copies: its choice being handed out, and how many copies it has left.
    var handing: [Int: (index: Int, left: Int)] = [:]
    for g in problem.groups.indices {
      let first = mergedInto(g)
      guard copies(of: first) > 1 else {
        chosen[g] = choices(of: g).first { $0.assignment.value(at: values) > 0.5 }
        continue
      }
      let range = choiceStarts[first]..<choiceStarts[first + 1]
      func count(_ index: Int) -> Int { Int(choices[index].assignment.value(at: values).rounded()) }
      var (index, left) = handing[first] ?? (range.lowerBound, count(range.lowerBound))
      while left <= 0 && index + 1 < range.upperBound {
        index += 1
        left = count(index)
      }
      guard left > 0 else { continue }
      handing[first] = (index, left - 1)
      var choice = choices[index]
      choice.group = g
      chosen[g] = choice
    }
    return chosen
  }

  /// Adds `factor` × the seats of a tier under a model (a slot): the pool when concurrent, one per
  /// agent when named.
  private func addSeats(_ slot: Int, to expression: inout LinearExpression, times factor: Double) {
    if FormulationTables.isConcurrent(slot) {
      if let pool = pools[FormulationTables.tier(ofSlot: slot)] { expression.add(factor, pool) }
    } else {
      let groups = problem.groups
      for choice in choices where choice.slot == slot {
        expression.add(choice.assignment, times: factor * Double(groups[choice.group].agents))
      }
    }
  }
}

extension LinearExpression {
  /// Adds `factor` × an assignment (a variable, or the constant 1 when settled).
  mutating func add(_ assignment: Formulation.Assignment, times factor: Double) {
    switch assignment {
    case .settled: addConstant(factor)
    case .variable(let variable): add(factor, variable)
    }
  }
}
