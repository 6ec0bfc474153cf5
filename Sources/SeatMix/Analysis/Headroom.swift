import Foundation

/// The headroom searches: the fewest more agents (or more peak) of one group at which another mix
/// costs strictly less than today's, found exactly without solving every size.
///
/// ## What is searched
///
/// Growing group g by x moves one point z(x) = (A, P), the group's agents and peak: agents
/// `A = a + x` with the peak in proportion, `P = ⌈p·A / a⌉`, or (the peak search) `A = a`,
/// `P = p + x`. Today's mix holds at z when the optimum costs no less than today's mix held there
/// (``Prober/beaten(_:base:fallbackCost:)``); the answer is the first x in `1...limit` where it
/// does not. Step by step that is one or two solves per x: 200,205 solves at 100,000 agents.
/// The first change is not monotone in general (a cheaper mix can win for a stretch and lose
/// again, for instance as rounded-up peaks or storage blocks step), so neither a galloping nor a
/// binary search over x is exact. What is exact is the following.
///
/// ## Where a few solves suffice, and why
///
/// Fix every group's option (a full assignment σ). Its cost C_σ(A, P) is the rest of its integer
/// program solved for pools, top-ups and storage blocks: named licenses and direct add-ons are
/// linear in A, the pool of g's tier is at least P plus the other peaks on it, a top-up is
/// `(users needing it − seats)⁺`, storage buys `⌈(need − included) / block⌉⁺` blocks. For one
/// concurrent tier the pool worth buying is the summed peaks or one of the add-ons' user counts
/// (a seat is bought only while the top-ups it saves cost more than the seat), so C_σ is one
/// affine function of (A, P) wherever these stay in one order:
/// - for every add-on covered by seats on g's tier and model: its users against the seats
///   (`users − seats = need·A − seats_g + rest`, where seats_g is P, or A when named, and the
///   rest is what the other groups on that tier and model add: between minus their spare seats
///   and plus their users beyond their seats);
/// - between two such add-ons, one g needs and one it does not (`±A + rest`);
/// - storage: none asked, none included with g's option, or always covered (g's seats plus the
///   least the other groups' licenses include on any option), or g's part fixed (named, agents
///   fixed).
/// The rest takes one value per subset of the other groups that share the tier and model (each
/// group is on it or not), so the order can change only where g's part meets minus one of these
/// values: finitely many points, computed from the deal without solving. (Where the subsets give
/// more than ``GrowthPath/mostRests`` values, their bounds stand in: between minus the others' spare
/// seats and plus their users beyond their seats.) Every way the other groups could be licensed
/// is counted, except options that are dominated: a group on a concurrent tier that always costs more than on another of
/// its options, whatever the others do (``GrowthPath/dominated(_:group:option:)``), is never in a
/// plan that could be the optimum, so it need not be counted. ``GrowthPath/settled(_:)`` checks
/// these for every option g has at the corners of a region; they are affine in (A, P), so the
/// corners bound them on the whole region.
///
/// Where every C_σ is affine, `D(z) = C_today(z) − min_σ C_σ(z) = max_σ (C_today − C_σ)(z)` is a
/// maximum of affine functions: convex. D ≥ 0 everywhere and today's mix holds exactly where D = 0,
/// so if it holds at the corners of a convex region it holds at every point inside. The grown
/// points of x in `lo...hi` lie in the quadrilateral with vertical sides at `a + lo` and `a + hi`
/// between the lines `P = p·A / a` and `P = (p·A + a − 1) / a` (rounding up keeps every point
/// between them), widened to whole peaks at its ends; the peak search's points lie on a segment.
/// So ``firstChange(_:limit:budget:probe:point:)`` cuts the offsets into the longest settled
/// ranges from the first one not yet searched (``GrowthPath/settledReach(from:limit:)``, on the
/// bounds alone), so it jumps from one point where a cost can change slope to the next; it solves
/// a range's corners (four, or two on a straight path), accepts the range when all hold, and
/// otherwise halves it, left half first. Ranges of fewer than ``leafPoints`` points, and points
/// where no range is settled, are solved point by point in order. The first point found beaten
/// is the step-by-step answer, from the same solve of the same deal.
///
/// The argument needs a cost that compares mixes: today's mix must use one licensing model (a
/// deal can hold it then) and every solve must be proven optimal; where either fails, or g has
/// no agents today, every point is solved as before. What is still solved point by point is a
/// few sizes around each point where a cost can change slope (the rounding of the peak blurs it
/// by a size or two), and sizes where storage is not yet covered whatever the plan. Their number
/// follows the deal's structure (groups sharing a pool, add-ons, storage asked), not its headcount.
///
/// ## The solve budget
///
/// So that a report ends in bounded work whatever the headcount, each search (one group, one
/// direction) stops before a solve beyond ``ReportSettings/headroomSolveBudget``: it then says up
/// to which offset today's mix held (every offset before the first one left unknown in search
/// order) and that nothing beyond was searched. A count of solves, not a time, so the answer is
/// the same on any load; a search that ends within the budget gives the exact answer above.
enum HeadroomSearch {
  /// Ranges of fewer points than this are solved point by point.
  static let leafPoints = 8

  /// One probe of today's mix at a point; `proven` when every solve behind it was proven optimal.
  struct Probe {
    var beaten: Bool
    var plan: Plan?
    var proven: Bool
    /// Solves it took: one, or two when today's mix was re-solved held.
    var solves: Int = 1
  }

  /// The most solves one probe takes.
  static let solvesPerProbe = 2

  /// What one search found.
  enum Outcome {
    /// Today's mix holds at every offset up to the limit.
    case holds
    /// The first offset where it is beaten, and the optimum there.
    case changes(offset: Int, change: MixChange)
    /// The solve budget ran out: today's mix holds at every offset up to `holdsThrough`, and
    /// nothing beyond was searched.
    case stopped(holdsThrough: Int)
    /// The solver failed on the next offset's probe (`reason`): today's mix holds at every offset
    /// up to `holdsThrough`, and nothing beyond was searched.
    case unsolved(holdsThrough: Int, reason: String)
  }

  /// The first offset in `1...limit` at which `probe` finds today's mix beaten, and the optimum
  /// there; ``Outcome/holds`` when it holds throughout. No probe starts that could take the
  /// search past `budget` solves: then the search stops, saying up to where today's mix held.
  /// Below the budget the answer does not depend on it. A probe the solver fails on (for instance
  /// a plan it returns that breaks the model) stops the search the same way, never the report.
  static func firstChange(
    _ path: GrowthPath?, limit: Int, budget: Int = .max,
    probe: (GrowthPath.Point) throws(SeatMixError) -> Probe, point: (Int) -> GrowthPath.Point
  ) throws(SeatMixError) -> Outcome {
    guard limit > 0 else { return .holds }
    var known: [GrowthPath.Point: Probe] = [:]
    var spent = 0
    var failure: String?
    // nil when the probe could exceed the budget, or the solver failed on it (or on an earlier one).
    func at(_ z: GrowthPath.Point) throws(SeatMixError) -> Probe? {
      if let seen = known[z] { return seen }
      guard failure == nil, spent <= budget - solvesPerProbe else { return nil }
      let result: Probe
      do {
        result = try probe(z)
      } catch .solver(let error) {
        failure = error.description
        return nil
      }
      spent += result.solves
      known[z] = result
      return result
    }
    enum Step {
      case found(Int)
      case holds
      /// Every offset before this one holds; it and those after were not searched.
      case stopped(Int)
    }
    // The first beaten offset in lo...hi, every offset before lo holding.
    func first(_ lo: Int, _ hi: Int) throws(SeatMixError) -> Step {
      if let path, hi - lo + 1 >= leafPoints, path.settled(path.corners(lo, hi)) {
        guard let start = try at(point(lo)) else { return .stopped(lo) }
        if start.beaten { return .found(lo) }
        var holds = start.proven
        for corner in path.corners(lo, hi) where holds {
          guard let probed = try at(corner) else { return .stopped(lo + 1) }
          holds = !probed.beaten && probed.proven
        }
        if holds { return .holds }
      } else if hi - lo + 1 < leafPoints || path == nil {
        for x in lo...hi {
          guard let probed = try at(point(x)) else { return .stopped(x) }
          if probed.beaten { return .found(x) }
        }
        return .holds
      }
      let middle = lo + (hi - lo) / 2
      let left = try first(lo, middle)
      guard case .holds = left else { return left }
      return try first(middle + 1, hi)
    }
    // The offsets cut into ranges at the points where some mix's cost changes slope: each
    // longest settled range from the first offset not yet searched, or the next leaf of points
    // where none is settled.
    var next = 1
    var step = Step.holds
    while next <= limit {
      let hi = path?.settledReach(from: next, limit: limit) ?? min(next + leafPoints - 2, limit)
      step = try first(next, hi)
      guard case .holds = step else { break }
      next = hi + 1
    }
    switch step {
    case .holds: return .holds
    case .stopped(let next):
      if let failure { return .unsolved(holdsThrough: next - 1, reason: failure) }
      return .stopped(holdsThrough: next - 1)
    case .found(let offset):
      let plan = known[point(offset)]?.plan
      return .changes(offset: offset, change: MixChange(mix: Mix(plan), monthly: plan?.monthlyTotal))
    }
  }
}

/// How one group's growth moves it, and where every full assignment's cost is affine in it (see
/// ``HeadroomSearch``).
struct GrowthPath {
  /// A group's agents and peak.
  struct Point: Hashable {
    var agents: Int
    var peak: Int
  }

  enum Direction {
    /// More agents, the peak in proportion (rounded up).
    case agents
    /// More peak at the same agents.
    case peak
  }

  /// One seat-covered add-on on the tier and model of one of g's options.
  struct CoveredAddOn {
    /// Whether g, on this option, is among its users.
    var needed: Bool
    /// Bounds on what the other groups on the tier and model add to its users minus its seats:
    /// at least `−otherSpare`, at most `otherExcess`, however they are licensed.
    var otherSpare: Int
    var otherExcess: Int
    /// The most users the other groups can bring to it.
    var otherUsers: Int
    /// Every value the other groups can add to its users minus its seats, one per subset of them
    /// on the tier and model (sorted, distinct); nil when there are too many to list, and then
    /// the bounds above stand in.
    var otherRests: [Int]?
    /// Per add-on of the same tier and model that g does not need (when g needs this one): every
    /// value the other groups can add to this add-on's users minus that one's; nil as above.
    var orderRests: [[Int]?] = []
  }

  /// One of g's options: what of it depends on g's size.
  struct Shape {
    var concurrent: Bool
    /// Storage one of its licenses (named) or seats (concurrent) includes, in GB.
    var storagePerSeat: Int
    var covered: [CoveredAddOn]
  }

  let direction: Direction
  let agents: Int
  let peak: Int
  let storageNeed: Int
  /// The least storage the other groups' licenses include, however they are licensed.
  let otherStorage: Int
  let shapes: [Shape]

  /// The path of group `g` of `problem`'s deal, or nil when the group has no agents today.
  init?(_ problem: PlanningProblem, group g: Int, direction: Direction) {
    let facts = ProblemFacts(problem)
    let groups = facts.deal.groups
    guard groups[g].agents > 0 else { return nil }
    self.direction = direction
    agents = groups[g].agents
    peak = groups[g].peakConcurrent
    storageNeed = facts.deal.storageGB
    otherStorage = Self.leastStorage(facts, without: g)
    var shapes: [Shape] = []
    for option in facts.options[g] {
      let t = facts.tierIDs.firstIndex(of: option.tier)!
      let concurrent = option.model == .concurrent
      var coveredHere: [AddOnID] = []
      for h in groups.indices {
        for other in facts.options[h] where other.tier == option.tier && other.model == option.model {
          for addOn in other.seatCoveredAddOns where !coveredHere.contains(addOn) { coveredHere.append(addOn) }
        }
      }
      // The other groups that can share this tier and model in a plan worth comparing.
      var sharing: [(agents: Int, seats: Int, option: GroupOption)] = []
      for (h, group) in groups.enumerated() where h != g {
        guard let o = facts.options[h].firstIndex(where: { $0.tier == option.tier && $0.model == option.model }),
          !Self.dominated(facts, group: h, option: o)
        else { continue }
        sharing.append((group.agents, concurrent ? group.peakConcurrent : group.agents, facts.options[h][o]))
      }
      func users(_ other: (agents: Int, seats: Int, option: GroupOption), _ addOn: AddOnID) -> Int {
        other.option.seatCoveredAddOns.contains(addOn) ? other.agents : 0
      }
      var covered: [CoveredAddOn] = []
      for addOn in coveredHere {
        var entry = CoveredAddOn(
          needed: option.seatCoveredAddOns.contains(addOn), otherSpare: 0, otherExcess: 0, otherUsers: 0)
        for other in sharing {
          let excess = users(other, addOn) - other.seats
          entry.otherSpare += max(0, -excess)
          entry.otherExcess += max(0, excess)
          entry.otherUsers += users(other, addOn)
        }
        entry.otherRests = Self.subsetSums(sharing.map { users($0, addOn) - $0.seats })
        if entry.needed {
          entry.orderRests = coveredHere.filter { !option.seatCoveredAddOns.contains($0) }.map { unneeded in
            Self.subsetSums(sharing.map { users($0, addOn) - users($0, unneeded) })
          }
        }
        covered.append(entry)
      }
      shapes.append(
        Shape(
          concurrent: concurrent, storagePerSeat: concurrent ? facts.concurrentStorage[t] : facts.namedStorage[t],
          covered: covered))
    }
    self.shapes = shapes
  }

  /// At most this many distinct sums are listed per add-on (``CoveredAddOn/otherRests``).
  static let mostRests = 4_096

  /// Every sum of a subset of `terms` (the empty one included), sorted and distinct; nil when
  /// there would be more than ``mostRests``.
  static func subsetSums(_ terms: [Int]) -> [Int]? {
    var sums: Set<Int> = [0]
    for term in terms where term != 0 {
      sums.formUnion(sums.map { $0 + term })
      if sums.count > mostRests { return nil }
    }
    return sums.sorted()
  }

  /// The least storage the licenses of every group but `excluded` include: a named license per
  /// agent, or (concurrent) at least one seat per peak user, on whichever option includes least.
  static func leastStorage(_ problem: PlanningProblem, without excluded: Int) -> Int {
    leastStorage(ProblemFacts(problem), without: excluded)
  }

  private static func leastStorage(_ facts: ProblemFacts, without excluded: Int) -> Int {
    var total = 0
    for (h, group) in facts.deal.groups.enumerated() where h != excluded {
      let least = facts.options[h].map { option -> Int in
        let t = facts.tierIDs.firstIndex(of: option.tier)!
        return option.model == .named
          ? facts.namedStorage[t] * group.agents : facts.concurrentStorage[t] * group.peakConcurrent
      }.min()
      total += least ?? 0
    }
    return total
  }

  /// Whether group h on its concurrent option o always costs more than on some other option it
  /// has, whatever every other group does: then no plan worth comparing puts it there. Moving it
  /// takes its peak out of o's pool (saving that many seats, at worst topping up as many more
  /// users of each add-on the pool covers) and adds its license, add-ons, seats and top-ups
  /// elsewhere at worst. Only where storage cannot weigh: none asked, none included with the
  /// seats, or the other groups' licenses include enough whatever they are.
  static func dominated(_ problem: PlanningProblem, group h: Int, option o: Int) -> Bool {
    dominated(ProblemFacts(problem), group: h, option: o)
  }

  private static func dominated(_ facts: ProblemFacts, group h: Int, option o: Int) -> Bool {
    let option = facts.options[h][o]
    let group = facts.deal.groups[h]
    let t = facts.tierIDs.firstIndex(of: option.tier)!
    let storage = facts.deal.storageGB
    guard option.model == .concurrent,
      storage == 0 || facts.concurrentStorage[t] == 0 || leastStorage(facts, without: h) >= storage
    else { return false }
    func units(_ sku: SKU) -> Int64 { facts.prices[sku]?.units ?? 0 }
    let agents = Int64(group.agents)
    let peak = Int64(group.peakConcurrent)
    var coveredThere: Set<AddOnID> = []
    for groupOptions in facts.options {
      for other in groupOptions where other.tier == option.tier && other.model == .concurrent {
        coveredThere.formUnion(other.seatCoveredAddOns)
      }
    }
    // Saved at least: the seats; lost at most: one top-up per seat for each covered add-on.
    let leaving =
      units(option.license) * peak - coveredThere.reduce(Int64(0)) { $0 + units(.addOn($1)) } * peak
      + facts.perAgentUnits(h, o) * agents
    for (other, alternative) in facts.options[h].enumerated() where other != o {
      guard alternative.model == .concurrent || facts.mixingAllowed else { continue }
      var joining = facts.perAgentUnits(h, other) * agents
      joining += alternative.seatCoveredAddOns.reduce(Int64(0)) { $0 + units(.addOn($1)) } * agents
      if alternative.model == .concurrent { joining += units(alternative.license) * peak }
      if joining < leaving { return true }
    }
    return false
  }

  /// Where offset x puts the group: the same sizes `ReportBuilder.grown` and the peak search give.
  func point(_ x: Int) -> Point {
    switch direction {
    case .agents:
      let grown = agents + x
      return Point(agents: grown, peak: min((peak * grown + agents - 1) / agents, grown))
    case .peak:
      return Point(agents: agents, peak: peak + x)
    }
  }

  /// Corners of a convex region holding the points of every offset in `lo...hi`.
  func corners(_ lo: Int, _ hi: Int) -> [Point] {
    // A straight path: the peak search, and agents at no or full concurrency.
    if direction == .peak || peak == 0 || peak == agents { return [point(lo), point(hi)] }
    // p·A/a ≤ ⌈p·A/a⌉ ≤ (p·A + a − 1)/a, at whole peaks below and above at both ends. The upper
    // corner stays at or below A, since A − ⌈p·A/a⌉ ≥ 1 when p < a.
    return [lo, hi].flatMap { x -> [Point] in
      let grown = agents + x
      let below = peak * grown / agents
      let above = (peak * grown + 2 * agents - 2) / agents
      return [Point(agents: grown, peak: below), Point(agents: grown, peak: above)]
    }
  }

  /// Whether `part + rest` changes sign for some rest as `part` runs over `low...high`: some
  /// rest with −rest strictly between them.
  static func crosses(_ rests: [Int], _ low: Int, _ high: Int) -> Bool {
    guard low < high else { return false }
    // rests is sorted: the first rest above −high, then whether it is below −low.
    var lo = 0
    var hi = rests.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if rests[mid] > -high { hi = mid } else { lo = mid + 1 }
    }
    return lo < rests.count && rests[lo] < -low
  }

  /// The longest range `lo...hi` (hi at most `limit`) that is ``settled(_:)``, found by doubling
  /// and bisecting on the bounds alone (no solves); nil when not even ``HeadroomSearch/leafPoints``
  /// points from `lo` are. The range returned is checked, so it is settled whether or not being
  /// settled is monotone in hi.
  func settledReach(from lo: Int, limit: Int) -> Int? {
    let shortest = lo + HeadroomSearch.leafPoints - 1
    guard shortest <= limit, settled(corners(lo, shortest)) else { return nil }
    var good = shortest
    var length = HeadroomSearch.leafPoints
    var bad: Int?
    while bad == nil && good < limit {
      length *= 2
      let next = min(lo + length - 1, limit)
      if settled(corners(lo, next)) { good = next } else { bad = next }
    }
    while let high = bad, high - good > 1 {
      let middle = good + (high - good) / 2
      if settled(corners(lo, middle)) { good = middle } else { bad = middle }
    }
    return good
  }

  /// Whether every option's cost terms keep one order over the region spanned by `corners`.
  func settled(_ corners: [Point]) -> Bool {
    let fewestAgents = corners.map(\.agents).min()!
    let agentsFixed = corners.allSatisfy { $0.agents == fewestAgents }
    for shape in shapes {
      func seats(_ z: Point) -> Int { shape.concurrent ? z.peak : z.agents }
      // Storage: none asked, none included, always covered (g's seats and the least the other
      // groups include), or g's part never moves.
      if storageNeed > 0 && shape.storagePerSeat > 0 {
        let fewestSeats = corners.map(seats).min()!
        let slack = shape.storagePerSeat * fewestSeats + otherStorage >= storageNeed
        if !slack && !(!shape.concurrent && agentsFixed) { return false }
      }
      // Each covered add-on's users against the seats, whatever the other groups do: g's part
      // (its users minus its seats) plus what the others add keeps one sign over the region.
      for addOn in shape.covered {
        let gaps = corners.map { (addOn.needed ? $0.agents : 0) - seats($0) }
        if let rests = addOn.otherRests {
          if Self.crosses(rests, gaps.min()!, gaps.max()!) { return false }
        } else if gaps.contains(where: { $0 != gaps[0] }) && !gaps.allSatisfy({ $0 >= addOn.otherSpare })
          && !gaps.allSatisfy({ $0 <= -addOn.otherExcess })
        {
          return false
        }
      }
      // Two covered add-ons, one g needs and one it does not: their users' order (g's agents
      // plus what the others add to the difference) keeps one sign too.
      if shape.concurrent && !agentsFixed, shape.covered.contains(where: \.needed) {
        let mostAgents = corners.map(\.agents).max()!
        let listed = shape.covered.filter(\.needed).allSatisfy { $0.orderRests.allSatisfy { $0 != nil } }
        if listed {
          for addOn in shape.covered where addOn.needed {
            for rests in addOn.orderRests where Self.crosses(rests!, fewestAgents, mostAgents) { return false }
          }
        } else {
          let othersOnly = shape.covered.filter { !$0.needed }.map(\.otherUsers).max()
          if let othersOnly, fewestAgents < othersOnly { return false }
        }
      }
    }
    return true
  }
}

extension Prober {
  /// ``beaten(_:base:fallbackCost:)`` without a fallback cost, also saying whether every solve
  /// behind the answer was proven optimal.
  func probe(_ deal: Deal, base: Mix) throws(SeatMixError) -> HeadroomSearch.Probe {
    let optimum = try plan(deal)
    let proven = optimum?.status.isOptimal ?? false
    if Mix(optimum) == base { return .init(beaten: false, plan: optimum, proven: proven) }
    guard let optimum else { return .init(beaten: true, plan: nil, proven: false) }
    guard let model = base.choices.first?.model, base.choices.allSatisfy({ $0.model == model }) else {
      return .init(beaten: true, plan: optimum, proven: false)
    }
    var held = deal
    held.licensing = model == .named ? .named : .concurrent
    for choice in base.choices {
      if let g = held.groups.firstIndex(where: { $0.name == choice.group }) { held.groups[g].tier = choice.tier }
    }
    guard let todays = try plan(held) else { return .init(beaten: true, plan: optimum, proven: false, solves: 2) }
    return .init(
      beaten: optimum.monthlyTotal < todays.monthlyTotal, plan: optimum, proven: proven && todays.status.isOptimal,
      solves: 2)
  }
}

/// What the headroom bounds read of a problem: its deal and every group's options (whatever the
/// restriction), with the formulation's tables for tier positions, included storage and the
/// per-agent cost of each option. Built once per path.
private struct ProblemFacts {
  let deal: Deal
  let options: [[GroupOption]]
  let prices: PriceList
  let mixingAllowed: Bool
  let tables: FormulationTables

  init(_ problem: PlanningProblem) {
    deal = problem.deal
    options = problem.everyOption
    prices = problem.prices
    mixingAllowed = problem.mixingAllowed
    tables = FormulationTables(problem)
  }

  var tierIDs: [TierID] { tables.prices.tierIDs }
  var concurrentStorage: [Int] { tables.prices.concurrentStorage }
  var namedStorage: [Int] { tables.prices.namedStorage }
  /// What option o of group h costs per agent apart from pools and top-ups, in ``Money`` units.
  func perAgentUnits(_ h: Int, _ o: Int) -> Int64 { tables.perAgentUnits[tables.optionStarts[h] + o] }
}
