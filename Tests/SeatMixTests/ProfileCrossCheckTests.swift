import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// An exhaustive reference for pools over time, written from the rules, sharing nothing with
/// `Timeline`, `PoolsOverTime`, `BillablePeak` or `PlanReader`: it takes the per-group choices and
/// unit prices of ``BruteForceReference`` (itself independent of the optimizer), tries every
/// assignment, and for each the cheapest pool sizes, in integer cents over the grid's months.
///
/// The rules over time:
/// 1. A pool's signed-in users in an interval are the sum of its groups' counts (a group without a
///    profile: its peak in every interval).
/// 2. A month's billable peak at a minute grid of step s: instant, the month's largest count; a
///    grace of M minutes, the largest q reached in at least ⌊M/s⌋ + 1 intervals of the month, in
///    a row (contiguous) or in all (cumulative). At a monthly grid, the month's count.
/// 3. Overage per excess seat (with a price above 0): each month pays max(0, billable − pool) ×
///    the overage price, which the deal's pricing sets as a SKU's under `<tier>-concurrent-overage`
///    (negotiated, else its own discount, else the overall one); otherwise the pool covers every
///    month's billable peak.
/// 4. Every other cost is monthly and paid every month of the grid.
struct ProfileReference {
  let base: BruteForceReference
  let deal: Deal
  let catalog: Catalog
  let grid: IntervalGrid
  let months: [Int]
  let monthCount: Int
  let overageCents: [TierID: Int]

  init(deal: Deal, catalog: Catalog) {
    base = BruteForceReference(deal: deal, catalog: catalog)
    self.deal = deal
    self.catalog = catalog
    grid = deal.concurrency!.grid
    // Own month arithmetic: count calendar months from the grid's start.
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let first = calendar.dateComponents([.year, .month], from: grid.start)
    var months: [Int] = []
    for i in 0..<grid.count {
      switch grid.step {
      case .month: months.append(i)
      case .minutes(let step):
        let here = calendar.dateComponents(
          [.year, .month], from: grid.start.addingTimeInterval(Double(i * step * 60)))
        months.append((here.year! - first.year!) * 12 + here.month! - first.month!)
      }
    }
    // A month at either end of a minute grid covered for less than half its days is billed with
    // its neighbour (both ends of a grid within two partly covered months: one month).
    if case .minutes(let step) = grid.step, let last = months.last, last > 0 {
      var low = 0
      var high = last
      func lessThanHalf(_ month: Int) -> Bool {
        let covered = months.filter { $0 == month }.count * step
        let date = calendar.date(byAdding: .month, value: month, to: calendar.date(from: first)!)!
        let days = calendar.range(of: .day, in: .month, for: date)!.count
        return covered * 2 < days * 24 * 60
      }
      if lessThanHalf(low) { low += 1 }
      if high > low && lessThanHalf(high) { high -= 1 }
      months = months.map { Swift.min(Swift.max($0, low), high) - low }
    }
    self.months = months
    monthCount = (months.last ?? 0) + 1
    let term = deal.term ?? catalog.defaultTerm
    var overage: [TierID: Int] = [:]
    if catalog.concurrentBilling.overage == .perExcessSeat {
      for tier in catalog.tiers {
        if let amount = tier.licenses[.concurrent]?.overagePrices[term]?.amount {
          // Priced like a SKU under the deal's pricing, by its own id (rule 3).
          let cents = BruteForceReference.unitCents(
            listPrice: amount, skuID: "\(tier.id)-concurrent-overage", pricing: deal.pricing)
          if cents > 0 { overage[tier.id] = cents }
        }
      }
    }
    overageCents = overage
  }

  func counts(_ g: Int) -> [Int] {
    deal.groups[g].profile?.counts ?? [Int](repeating: deal.groups[g].peakConcurrent, count: grid.count)
  }

  /// Rule 2, by trying every level from the top.
  func billable(_ series: [Int], month: Int) -> Int {
    let intervals = series.indices.filter { months[$0] == month }
    let top = intervals.map { series[$0] }.max() ?? 0
    guard case .minutes(let step) = grid.step, case .grace(let minutes, let accrual) = catalog.concurrentBilling.peak
    else { return top }
    let needed = minutes / step + 1
    var q = top
    while q > 0 {
      var best = 0
      var run = 0
      for i in intervals {
        if series[i] >= q {
          run += 1
          best = accrual == .cumulative ? best + 1 : max(best, run)
        } else {
          run = 0
        }
      }
      if best >= needed { return q }
      q -= 1
    }
    return 0
  }

  /// The cheapest cost in cents over the grid's months, or nil when nothing meets the rules.
  func minimum(restrictedTo restriction: (TierID, LicensingModel)? = nil) -> Int? {
    let allowed = base.choices.map { choices in
      choices.filter { restriction == nil || ($0.tier == restriction!.0 && $0.model == restriction!.1) }
    }
    if allowed.contains(where: \.isEmpty) { return nil }
    var best: Int?
    var picked: [BruteForceReference.Choice] = []
    func assign(_ g: Int) {
      if g == allowed.count {
        if !base.mixingAllowed && Set(picked.map(\.model)).count > 1 { return }
        if let cost = cheapest(picked), best == nil || cost < best! { best = cost }
        return
      }
      for choice in allowed[g] {
        picked.append(choice)
        assign(g + 1)
        picked.removeLast()
      }
    }
    assign(0)
    return best
  }

  /// The cheapest cost in cents of one assignment (a choice per group), its pools sized by the rules.
  func cheapest(_ picked: [BruteForceReference.Choice]) -> Int? {
    let periods = monthCount
    var fixed = 0
    var storage = 0
    func storagePerSeat(_ tier: TierID, _ model: LicensingModel) -> Int {
      catalog.tiers.first { $0.id == tier }?.licenses[model]?.storageGB ?? 0
    }
    for (g, choice) in picked.enumerated() {
      let agents = deal.groups[g].agents
      for addOn in choice.direct { fixed += agents * base.price(.addOn(addOn)) }
      if choice.model == .named {
        fixed += agents * base.price(.license(choice.tier, .named))
        storage += agents * storagePerSeat(choice.tier, .named)
      }
    }
    for tier in Set(picked.filter { $0.model == .named }.map(\.tier)) {
      var seats = 0
      var users: [AddOnID: Int] = [:]
      for (g, choice) in picked.enumerated() where choice.tier == tier && choice.model == .named {
        seats += deal.groups[g].agents
        for addOn in choice.seatCovered { users[addOn, default: 0] += deal.groups[g].agents }
      }
      for (addOn, need) in users { fixed += max(0, need - seats) * base.price(.addOn(addOn)) }
    }
    for addOn in catalog.addOns {
      switch addOn.basis {
      case .perAccount, .perUnit: fixed += (deal.accountAddOns[addOn.id] ?? 0) * base.price(.addOn(addOn.id))
      default: break
      }
    }
    let need = deal.storageGB
    // States: storage included so far (capped at the need) → cheapest cost over the grid's months.
    var states: [Int: Int] = [min(need, storage): fixed * periods]
    for tier in catalog.tiers.map(\.id) {
      let members = picked.indices.filter { picked[$0].tier == tier && picked[$0].model == .concurrent }
      guard !members.isEmpty else { continue }
      var series = [Int](repeating: 0, count: grid.count)
      for g in members { for (i, count) in counts(g).enumerated() { series[i] += count } }
      let billed = (0..<periods).map { self.billable(series, month: $0) }
      var users: [AddOnID: Int] = [:]
      for g in members { for addOn in picked[g].seatCovered { users[addOn, default: 0] += deal.groups[g].agents } }
      let perSeat = storagePerSeat(tier, .concurrent)
      let overage = overageCents[tier]
      let low = overage == nil ? billed.max() ?? 0 : 0
      var high = max(billed.max() ?? 0, users.values.max() ?? 0)
      if need > 0 && perSeat > 0 { high = max(high, (need + perSeat - 1) / perSeat) }
      high = max(high, low)
      var next: [Int: Int] = [:]
      for seats in low...high {
        var cost = seats * base.price(.license(tier, .concurrent))
        for (addOn, users) in users { cost += max(0, users - seats) * base.price(.addOn(addOn)) }
        cost *= periods
        if let overage { for peak in billed { cost += max(0, peak - seats) * overage } }
        for (included, sofar) in states {
          let key = min(need, included + seats * perSeat)
          if next[key].map({ sofar + cost < $0 }) ?? true { next[key] = sofar + cost }
        }
      }
      states = next
    }
    var best: Int?
    for (included, cost) in states {
      var total = cost
      if need > included {
        guard let block = catalog.storageAddOn, case .storage(let blockGB) = block.basis else { continue }
        total += (need - included + blockGB - 1) / blockGB * base.price(.addOn(block.id)) * periods
      }
      if best == nil || total < best! { best = total }
    }
    return best
  }
}

@Suite struct ProfileCrossCheckTests {
  static let seeds: ClosedRange<UInt64> = 1...600

  /// A random deal of `RandomDeals` with profiles on a random grid, and a random billing rule.
  static func profileDeal(_ zoom: Catalog, seed: UInt64) -> (Deal, Catalog) {
    var random = SplitMix64(seed: seed &* 7919 &+ 17)
    var (catalog, regime) = RandomDeals.catalog(from: zoom, &random)
    var deal = RandomDeals.deal(catalog, regime, &random)
    if deal.groups.count < 5 && random.chance(15) {
      deal.groups.append(
        AgentGroup(name: "G5", agents: random.int(0...6), features: [FeatureID("voice")]))
    }
    let steps: [GridStep] = [.minutes(15), .minutes(30), .minutes(60), .month]
    let step = random.pick(steps)
    let count = step == .month ? random.int(1...12) : random.int(1...48)
    let formatter = ISO8601DateFormatter()
    let start: Date
    if step == .month {
      start = formatter.date(from: "2026-\(String(format: "%02d", random.int(1...12)))-01T00:00:00Z")!
    } else if random.chance(30) {
      // Across a month's end: two calendar months, each covered for less than half, so one billing
      // month.
      start = formatter.date(from: "2026-01-31T20:00:00Z")!
    } else {
      start = formatter.date(from: "2026-01-05T00:00:00Z")!
    }
    let grid = IntervalGrid(step: step, start: start, count: count)
    deal.concurrency = DealConcurrency(grid: grid)
    for g in deal.groups.indices where random.chance(80) {
      let agents = deal.groups[g].agents
      let counts = (0..<count).map { _ in random.chance(30) ? 0 : random.int(0...agents) }
      deal.groups[g].profile = SignedInProfile(counts: counts)
      deal.groups[g].concurrency = .peak(counts.max() ?? 0)
    }
    let peak: PeakMeasure =
      random.chance(35)
      ? .instant : .grace(minutes: random.pick([15, 29, 30, 45, 60, 90]), accrual: random.pick(GraceAccrual.allCases))
    let overage: OverageRule = random.chance(30) ? .notAllowed : .perExcessSeat
    catalog.concurrentBilling = ConcurrentBilling(peak: peak, overage: overage)
    for t in catalog.tiers.indices {
      guard var license = catalog.tiers[t].licenses[.concurrent] else { continue }
      license.overagePrices = [:]
      if overage == .perExcessSeat {
        for term in catalog.terms.map(\.id) {
          guard let seat = license.prices[term]?.amount else { continue }
          // From well below a seat to twice one: sometimes overage beats seats, sometimes not.
          license.overagePrices[term] = Price(amount: RandomDeals.scaled(seat, &random, percent: 5...200))
        }
      }
      catalog.tiers[t].licenses[.concurrent] = license
    }
    return (deal, catalog)
  }

  @Test func optimizerMatchesTheReferenceOverTime() throws {
    let zoom = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    var failures = 0
    var planned = 0
    var withOverage = 0
    var graceBelowPeak = 0
    for seed in Self.seeds {
      let (deal, catalog) = Self.profileDeal(zoom, seed: seed)
      let reference = ProfileReference(deal: deal, catalog: catalog)
      var problems: [String] = []
      do {
        let analysis = try Optimizer(solver: GLPKSolver()).analyze(deal, catalog: catalog)
        let expected = reference.minimum()
        let found = analysis.plan.flatMap { $0.concurrency?.gridTotalUnits }.map { Int($0 / 100) }
        if found != expected { problems.append("optimum: GLPK \(found as Any) cents, reference \(expected as Any)") }
        if let plan = analysis.plan {
          planned += 1
          if plan.status != .optimal { problems.append("optimum: \(plan.status.description)") }
          if plan.concurrency?.overageUnits ?? 0 > 0 { withOverage += 1 }
          if plan.concurrency?.pools.contains(where: { $0.seats < $0.pooledPeak && $0.overageUnits == 0 }) == true {
            graceBelowPeak += 1
          }
        }
        for single in analysis.singlePlans {
          let expected = reference.minimum(restrictedTo: (single.tier, single.model))
          let found = single.plan.flatMap { $0.concurrency?.gridTotalUnits }.map { Int($0 / 100) }
          if found != expected {
            problems.append("single \(single.tier)-\(single.model): GLPK \(found as Any), reference \(expected as Any)")
          }
        }
      } catch {
        problems.append("threw \(error)")
      }
      #expect(
        problems.isEmpty,
        "seed \(seed): \(problems.joined(separator: "; "))\ngrid \(deal.concurrency!.grid) × \(deal.concurrency!.grid.count), billing \(catalog.concurrentBilling), profiles \(deal.groups.map { $0.profile?.counts ?? [] })\n\(RandomDeals.describe(seed: seed, deal: deal, catalog: catalog))"
      )
      if !problems.isEmpty {
        failures += 1
        if failures == 5 { break }
      }
    }
    guard failures == 0 else { return }
    // The generator must reach the regimes the check is for.
    #expect(planned >= 450, "\(planned) planned")
    #expect(withOverage >= 40, "\(withOverage) with overage")
    #expect(graceBelowPeak >= 20, "\(graceBelowPeak) pools below the peak within grace")
  }
}
