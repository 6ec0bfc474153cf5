import Foundation

/// Required agents for one interval's forecast, by Erlang C, computed the way pyworkforce's
/// `ErlangC.required_positions` computes it (PyPI `pyworkforce`, pinned in scripts/requirements.txt;
/// scripts/check-erlang-c compares the two on random cases), so a forecast gives the same staffing
/// in SeatMix as in that peer.
///
/// With λ contacts per minute (`contacts / intervalMinutes`), the handle time in minutes and the
/// load A = λ·AHT in erlangs, N agents: Erlang B by the recursion 1/B(n) = 1 + n/(A·B(n−1)), the
/// waiting probability P_w = N·B / (N − A·(1 − B)), the service level (the share answered within
/// the target time T) SL = max(0, 1 − P_w·e^{−(N−A)·T/AHT}). The search starts at round(A + 1)
/// (Python's rounding, half to even), adds agents until SL reaches the target, then raises to
/// ceil(A / max occupancy) when occupancy A/N is above the cap: those are the *raw* positions. The
/// agents to have signed in are ceil(raw / (1 − shrinkage)): shrinkage taken while signed in
/// (breaks, coaching, after-call work outside the AHT) keeps users signed in who are not taking
/// contacts. No contacts need no agents (pyworkforce refuses a volume of 0).
public struct ErlangC: Sendable, Equatable {
  public var contacts: Double
  public var handleMinutes: Double
  public var targetMinutes: Double
  public var intervalMinutes: Double
  public var shrinkage: Double

  public init(
    contacts: Double, handleMinutes: Double, targetMinutes: Double, intervalMinutes: Double, shrinkage: Double
  ) {
    self.contacts = contacts
    self.handleMinutes = handleMinutes
    self.targetMinutes = targetMinutes
    self.intervalMinutes = intervalMinutes
    self.shrinkage = shrinkage
  }

  /// The offered load in erlangs.
  public var intensity: Double { (contacts / intervalMinutes) * handleMinutes }

  public func waitingProbability(positions: Int) -> Double {
    var inverse = 1.0
    if positions >= 1 {
      for position in 1...positions { inverse = 1 + (inverse * Double(position) / intensity) }
    }
    let erlangB = 1 / inverse
    let n = Double(positions)
    return n * erlangB / (n - intensity * (1 - erlangB))
  }

  public func serviceLevel(positions: Int) -> Double {
    let waiting = waitingProbability(positions: positions)
    let exponential = exp(-(Double(positions) - intensity) * (targetMinutes / handleMinutes))
    return max(0, 1 - (waiting * exponential))
  }

  /// The raw positions (no shrinkage) and the positions to have signed in.
  public func requiredPositions(serviceLevel target: Double, maxOccupancy: Double = 1) -> (raw: Int, positions: Int) {
    guard contacts > 0 else { return (0, 0) }
    let load = intensity
    var positions = Int((load + 1).rounded(.toNearestOrEven))
    while serviceLevel(positions: positions) < target { positions += 1 }
    var raw = positions
    if load / Double(positions) > maxOccupancy { raw = Int((load / maxOccupancy).rounded(.up)) }
    return (raw, Int((Double(raw) / (1 - shrinkage)).rounded(.up)))
  }
}
