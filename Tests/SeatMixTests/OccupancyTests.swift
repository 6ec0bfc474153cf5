import Foundation
import Testing

@testable import SeatMix

@Suite struct OccupancyTests {
  @Test func intervalTimesAreWrittenAsTheISO8601FormatterWritesThem() {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    var random = SplitMix64(seed: 20_261_201)
    // Edges: the epoch, leap days, centuries, the fast path's ends, and either side of them.
    var instants: [Double] = [
      0, -1, 951_782_400, 951_868_799, 4_107_542_400, -11_676_096_000, -11_676_096_001,
      253_402_300_799, 253_402_300_800, 1_767_571_200.5, -62_135_596_800,
    ]
    for _ in 0..<20_000 {
      instants.append(Double(random.int(-11_676_096_000...253_402_300_799)))
    }
    for seconds in instants {
      let date = Date(timeIntervalSince1970: seconds)
      #expect(IntervalGrid.iso(date) == formatter.string(from: date), "at \(seconds) s")
    }
  }

  static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

  @Test func genesysExampleBillsTheLevelHeldThirtyMinutes() {
    // Genesys' worked example: 500 users for 31 minutes and 503 for 6 bill 500. "At least 30
    // minutes" is "more than 29" at one-minute resolution.
    let segments = [
      BillablePeak.Segment(count: 500, minutes: 20), .init(count: 503, minutes: 6), .init(count: 500, minutes: 5),
      .init(count: 10, minutes: 100),
    ]
    #expect(BillablePeak.of(segments, .grace(minutes: 29, accrual: .cumulative)) == 500)
    #expect(BillablePeak.of(segments, .instant) == 503)
    // Contiguously, 500+ is held 31 minutes in one stretch too.
    #expect(BillablePeak.of(segments, .grace(minutes: 29, accrual: .contiguous)) == 500)
    #expect(BillablePeak.of(segments, .grace(minutes: 31, accrual: .contiguous)) == 10)
  }

  @Test func contiguousAndCumulativeDifferWhenTheExcessIsSplit() {
    // 120 users twice for 20 minutes, 100 otherwise: 40 minutes in all, never 30 in a row.
    let segments = [
      BillablePeak.Segment(count: 100, minutes: 60), .init(count: 120, minutes: 20), .init(count: 100, minutes: 60),
      .init(count: 120, minutes: 20), .init(count: 100, minutes: 60),
    ]
    #expect(BillablePeak.of(segments, .grace(minutes: 30, accrual: .cumulative)) == 120)
    #expect(BillablePeak.of(segments, .grace(minutes: 30, accrual: .contiguous)) == 100)
    #expect(BillablePeak.of([], .grace(minutes: 30, accrual: .contiguous)) == 0)
    #expect(BillablePeak.of([.init(count: 7, minutes: 30)], .grace(minutes: 30, accrual: .cumulative)) == 0)
  }

  @Test func gridPeriodsAreUTCCalendarMonths() {
    // Jan 10 to Feb 20, hourly: 22 days of January and 20 of February, each more than half its month.
    let grid = IntervalGrid(step: .minutes(60), start: Self.date("2026-01-10T00:00:00Z"), count: 42 * 24)
    #expect(grid.periods == [Int](repeating: 0, count: 22 * 24) + [Int](repeating: 1, count: 20 * 24))
    #expect(grid.period(of: 22 * 24) == 1)
    #expect(grid.periodCount == 2)
    #expect(grid.monthLabel(1) == "2026-02")
    #expect(grid.joinedMonths.isEmpty)
    #expect(grid.problems().isEmpty)
    let monthly = IntervalGrid(step: .month, start: Self.date("2026-11-01T00:00:00Z"), count: 3)
    #expect(monthly.periods == [0, 1, 2])
    #expect(monthly.monthLabel(2) == "2027-01")
    #expect(monthly.start(of: 2) == Self.date("2027-01-01T00:00:00Z"))
  }

  @Test func partlyCoveredMonthsAtTheEndsAreBilledWithTheirNeighbour() {
    // Sessions from Oct 1 03:00 to Jan 1 11:59: January's 12 hours are not a month's bill.
    let export = IntervalGrid(step: .minutes(60), start: Self.date("2026-10-01T03:00:00Z"), count: 2_217)
    let periods = export.periods
    #expect(export.periodCount == 3)
    #expect(periods.suffix(13) == ArraySlice([Int](repeating: 2, count: 13)))
    #expect(periods.first == 0)
    #expect((0..<3).map(export.monthLabel) == ["2026-10", "2026-11", "2026-12"])
    #expect(export.joinedMonths.map(\.month) == ["2027-01"])
    #expect(export.joinedMonths.map(\.minutes) == [12 * 60])
    #expect(export.joinedMonths.map(\.billedWith) == ["2026-12"])
    // A grid starting late in a month: the first month joins the second.
    let late = IntervalGrid(step: .minutes(60), start: Self.date("2026-01-25T00:00:00Z"), count: 51 * 24)
    #expect(late.periodCount == 2)
    #expect(late.periods.prefix(7 * 24 + 1) == ArraySlice([Int](repeating: 0, count: 7 * 24 + 1)))
    #expect(late.monthLabel(0) == "2026-02")
    #expect(late.monthLabel(1) == "2026-03")
    // A typical week across a month's end is one billing month.
    let week = IntervalGrid(step: .minutes(30), start: Self.date("2026-12-28T00:00:00Z"), count: 336)
    #expect(week.periodCount == 1)
    #expect(Set(week.periods) == [0])
    #expect(week.joinedMonths.map(\.month) == ["2026-12"])
    #expect(week.monthLabel(0) == "2027-01")
    // Exactly half is a month of its own; a minute less is not.
    #expect(IntervalGrid.billedMonths(covered: [720, 20_160], lengths: [44_640, 40_320]) == 1...1)
    #expect(IntervalGrid.billedMonths(covered: [44_640, 20_160], lengths: [44_640, 40_320]) == 0...1)
    #expect(IntervalGrid.billedMonths(covered: [44_640, 20_159], lengths: [44_640, 40_320]) == 0...0)
    #expect(IntervalGrid.billedMonths(covered: [60], lengths: [44_640]) == 0...0)
  }

  @Test func invalidGridsAreNamed() {
    let unaligned = IntervalGrid(step: .minutes(30), start: Self.date("2026-01-05T00:10:00Z"), count: 2)
    #expect(unaligned.problems() == ["the grid starts at 2026-01-05T00:10:00Z, not on a 30m boundary"])
    let monthly = IntervalGrid(step: .month, start: Self.date("2026-01-05T00:00:00Z"), count: 0)
    #expect(monthly.problems().count == 2)
    #expect(GridStep(text: "45m") == nil)
    #expect(GridStep(text: "1h") == .minutes(60))
  }

  @Test func monthlyPeaksOfAnIntervalSeries() {
    // Half-hourly from Jan 15 to Feb 15 (both months more than half covered), quiet but for
    // 22:00 on Jan 31 to 00:59 on Feb 1.
    let grid = IntervalGrid(step: .minutes(30), start: Self.date("2026-01-15T00:00:00Z"), count: 32 * 48)
    var counts = [Int](repeating: 0, count: grid.count)
    let busy = 16 * 48 + 44
    counts.replaceSubrange(busy..<busy + 6, with: [5, 9, 4, 8, 8, 1])
    #expect(BillablePeak.monthly(counts, grid: grid, .instant) == [9, 8])
    // January ends 22:00–23:59 (5, 9, 4, 8), February starts 00:00–00:59 (8, 1). With 30 minutes of
    // grace a level must last two intervals: in a row (the best pair's smaller count), or in all (the
    // second largest count).
    #expect(BillablePeak.monthly(counts, grid: grid, .grace(minutes: 30, accrual: .contiguous)) == [5, 1])
    #expect(BillablePeak.monthly(counts, grid: grid, .grace(minutes: 30, accrual: .cumulative)) == [8, 1])
    // The same six intervals alone: both months partly covered, so one billing month.
    let short = IntervalGrid(step: .minutes(30), start: Self.date("2026-01-31T22:00:00Z"), count: 6)
    #expect(BillablePeak.monthly([5, 9, 4, 8, 8, 1], grid: short, .instant) == [9])
    #expect(BillablePeak.monthly([5, 9, 4, 8, 8, 1], grid: short, .grace(minutes: 30, accrual: .contiguous)) == [8])
  }

  @Test func minuteOccupancySplitsAtMonthEnds() {
    // From Jan 15 to Feb 16 (both months more than half covered); 23:50 on Jan 31 to 00:40 on
    // Feb 1: 10 users for 50 minutes across midnight.
    let before = 16 * 1_440 + 23 * 60
    let span = MinuteOccupancy(
      start: Self.date("2026-01-15T00:00:00Z"), minutes: before + 60 + 15 * 1_440,
      runs: [
        .init(minute: 0, count: 0), .init(minute: before, count: 2), .init(minute: before + 50, count: 10),
        .init(minute: before + 100, count: 3),
      ])
    let instant = BillablePeak.monthly(span, .instant)
    #expect(instant.map(\.month) == ["2026-01", "2026-02"])
    #expect(instant.map(\.peak) == [10, 10])
    // January has 10 users for 10 minutes only; February for 40.
    let grace = BillablePeak.monthly(span, .grace(minutes: 30, accrual: .contiguous))
    #expect(grace.map(\.peak) == [2, 10])
    // Two hours across midnight alone: one billing month, the 50 minutes in one stretch.
    let occupancy = MinuteOccupancy(
      start: Self.date("2026-01-31T23:00:00Z"), minutes: 120,
      runs: [.init(minute: 0, count: 2), .init(minute: 50, count: 10), .init(minute: 100, count: 3)])
    let joined = BillablePeak.monthly(occupancy, .grace(minutes: 30, accrual: .contiguous))
    #expect(joined.map(\.month) == ["2026-02"])
    #expect(joined.map(\.peak) == [10])
    let summed = MinuteOccupancy.sum([occupancy, occupancy])!
    #expect(summed.peak == 20)
    #expect(summed.runs.map(\.count) == [4, 20, 6])
  }
}

@Suite struct ConcurrentBillingCatalogTests {
  @Test func zoomCatalogStatesItsGraceRuleAndOverageAsAssumptions() throws {
    let catalog = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    #expect(catalog.concurrentBilling.peak == .grace(minutes: 30, accrual: .contiguous))
    #expect(catalog.concurrentBilling.overage == .perExcessSeat)
    #expect(catalog.concurrentBilling.assumptions.count == 2)
    let elite = try #require(catalog.tier(TierID("elite"))?.licenses[.concurrent])
    #expect(elite.overagePrices[TermID("annual")]?.amount == Decimal(string: "281.25"))
    #expect(elite.overagePrices[TermID("annual")]?.isEstimate == true)
  }

  @Test func billingRuleMistakesAreLocated() throws {
    var text = try String(contentsOfFile: repositoryFile("Catalogs/zoom-contact-center.yaml"), encoding: .utf8)
    text = text.replacingOccurrences(of: "accrual: contiguous", with: "accrual: sometimes")
    text = text.replacingOccurrences(of: "overage: per-excess-seat", with: "overage: not-allowed")
    let file = try writeTemporary(text, named: "catalog.yaml")
    defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path) }
    let messages = CatalogLoader.diagnostics(file: file).map { "\($0.field): \($0.message)" }
    #expect(
      messages.first == "licensing.concurrent_billing.peak.accrual: 'sometimes' is not one of contiguous, cumulative")
    #expect(
      messages.dropFirst().first
        == "tiers[0].licenses.concurrent.overage_price: the catalog allows no overage (licensing.concurrent_billing.overage); remove the price or allow overage"
    )
    #expect(messages.count == 4)
  }
}
