import Foundation

/// How a report's what-ifs (break-even, headroom, sweep) size a group at other agents and another
/// peak, so that every one of them means the same for groups with a profile over time.
///
/// A group with a single peak simply takes the new peak. A group with a profile over time
/// (``AgentGroup/profile``, in a deal with a grid) keeps its profile's shape: every interval's
/// count is scaled by the new peak ÷ today's peak, rounded up, so the profile's peak becomes the
/// new peak and no count exceeds it (a profile in which no one is ever signed in stays so). Its
/// minute-level data from sessions is left out of the scaled profile: a what-if prices totals,
/// and no customer was measured at the scaled size.
public enum WhatIf {
  /// `group` with `agents` agents and its peak (and profile, when it has one) at `peak`.
  public static func sized(_ group: AgentGroup, agents: Int, peak: Int) -> AgentGroup {
    var sized = group
    sized.agents = agents
    if let profile = group.profile {
      let scaled = profile.scaled(toPeak: peak)
      sized.profile = scaled
      sized.concurrency = .peak(scaled.peak)
    } else {
      sized.concurrency = .peak(peak)
    }
    return sized
  }

  /// Whether any group of the deal has a profile over time (the what-ifs then scale profiles,
  /// and the report says so).
  public static func scalesProfiles(_ deal: Deal) -> Bool {
    deal.concurrency != nil && deal.groups.contains { $0.profile != nil }
  }

  /// How the what-ifs treat profiles, in one sentence for the report (nil when no group has one).
  public static func profileSentence(_ deal: Deal) -> String? {
    guard scalesProfiles(deal) else { return nil }
    return
      "A group with a profile over time keeps its shape: each interval's signed-in count is scaled by the new peak ÷ today's peak (rounded up), and its pool is sized over time as in the plan; minute-level sessions are not re-measured at other sizes."
  }
}

extension SignedInProfile {
  /// The same shape with its peak at `peak`: each count × `peak` ÷ today's peak, rounded up. The
  /// profile itself when the peak is already `peak` or no one is ever signed in; otherwise without
  /// minute-level data.
  public func scaled(toPeak peak: Int) -> SignedInProfile {
    let today = self.peak
    guard today != peak, today > 0 else { return self }
    let target = max(peak, 0)
    return SignedInProfile(
      counts: counts.map { ($0 * target + today - 1) / today }, minutes: nil,
      source: "\(source), scaled to a peak of \(target)")
  }
}
