import Foundation

/// One billing month of a pool over time.
public struct PoolMonth: Sendable, Equatable {
  /// `YYYY-MM`.
  public var month: String
  /// The most users of the pool's groups signed in at once that month.
  public var pooledPeak: Int
  /// The month's peak as the catalog bills it (``PeakMeasure``).
  public var billablePeak: Int
  /// Seats of the billable peak above the pool, billed as overage.
  public var excess: Int
  /// excess × the overage price, in ``Money`` units.
  public var overageUnits: Int64
}

/// A concurrent pool of a deal with an interval grid: what it covers and what pooling saves.
public struct PoolOverTime: Sendable, Equatable {
  public var tier: TierID
  /// `Elite concurrent`.
  public var name: String
  public var seats: Int
  /// The groups on the pool, in deal order, with their signed-in users per interval.
  public var groups: [String]
  public var signedIn: [[Int]]
  /// The peak of the sum: the most users signed in at once over the grid.
  public var pooledPeak: Int
  /// Where the pooled peak first occurs.
  public var pooledPeakInterval: Int
  /// The sum of the groups' own peaks: what a pool sized group by group would need.
  public var sumOfPeaks: Int
  /// Per seat per month, in ``Money`` units.
  public var seatUnits: Int64
  /// Per excess seat per month, in ``Money`` units (0 when overage is not billed).
  public var overagePriceUnits: Int64
  /// Per billing month of the grid.
  public var months: [PoolMonth]
  /// The same months billed from the minute-level sessions, when every group on the pool has
  /// them: what the customer would have been billed with this pool.
  public var measured: [PoolMonth]?

  /// Seats the pool does not need against pools sized to the sum of the groups' peaks.
  public var savedSeats: Int { max(0, sumOfPeaks - seats) }
  /// What those seats would cost per month, in ``Money`` units.
  public var savedUnits: Int64 { Int64(savedSeats) * seatUnits }
  public var overageUnits: Int64 { months.reduce(0) { $0 + $1.overageUnits } }
}

/// A plan's concurrency over time, for deals with an interval grid.
public struct PlanConcurrency: Sendable, Equatable {
  public var grid: IntervalGrid
  public var source: String
  public var measure: PeakMeasure
  public var overage: OverageRule
  /// Whether the catalog's peak measure is evaluated exactly at the grid (``BillablePeak/isExact(_:on:)``).
  public var isExactAtGrid: Bool
  /// What a reader must know: the catalog's assumptions, and what the grid cannot express.
  public var notes: [String]
  public var pools: [PoolOverTime]
  /// The grid's billing months.
  public var months: Int
  /// Everything but overage, per month, in ``Money`` units (the sum of the line items).
  public var baseMonthlyUnits: Int64
  /// Overage over the grid's months, in ``Money`` units.
  public var overageUnits: Int64 { pools.reduce(0) { $0 + $1.overageUnits } }
  /// What the grid's months cost in all: base × months + overage (the optimizer's objective).
  public var gridTotalUnits: Int64 { baseMonthlyUnits * Int64(months) + overageUnits }
}
