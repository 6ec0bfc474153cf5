// A stand-in for h10b's GridStep (Occupancy.swift), until it lands: same cases and parsing.

/// The step of the interval grid a deal's profiles are on: a number of minutes (15, 30 or 60), or
/// calendar months (12 monthly peaks for seasonal deals).
public enum GridStep: Sendable, Equatable, CustomStringConvertible {
  case minutes(Int)
  case month

  public var description: String {
    switch self {
    case .minutes(let minutes): return "\(minutes)m"
    case .month: return "month"
    }
  }

  /// `15m`, `30m`, `60m`, `1h`, `month`: the `--grid` argument and the deal's `grid:` field.
  public init?(text: String) {
    switch text.lowercased().trimmingCharacters(in: .whitespaces) {
    case "15m", "15min": self = .minutes(15)
    case "30m", "30min": self = .minutes(30)
    case "60m", "60min", "1h": self = .minutes(60)
    case "month", "monthly", "1mo": self = .month
    default: return nil
    }
  }
}
