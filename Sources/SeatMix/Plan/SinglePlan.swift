import Foundation

/// A plan that puts every group on one tier and one model, or why there is none.
public struct SinglePlan: Sendable, Equatable {
  public var tier: TierID
  public var model: LicensingModel
  public var plan: Plan?
  /// Why there is no plan, when `plan` is nil: why none exists, or that a limit stopped the search.
  public var reason: String? {
    get { explanation?.text }
    set { explanation = newValue.map(Explanation.text) }
  }
  /// True when a limit stopped the search before a plan was found: not proven impossible.
  public var stoppedByLimit = false
  /// The reason, kept as facts and put in words only when read (a batch reads almost none).
  var explanation: Explanation?

  enum Explanation: Sendable, Equatable {
    case text(String)
    /// No option of the tier and model serves this group; `gaps` say why tiers cannot serve it.
    case unservedGroup(name: String, tier: TierID, gaps: [CoverageGap])

    var text: String {
      switch self {
      case .text(let text): return text
      case .unservedGroup(let name, let tier, let gaps):
        return Optimizer.unservedReason(group: name, gaps: gaps.filter { $0.tier == tier })
      }
    }
  }

  public init(tier: TierID, model: LicensingModel, plan: Plan?, reason: String?, stoppedByLimit: Bool = false) {
    self.tier = tier
    self.model = model
    self.plan = plan
    self.explanation = reason.map(Explanation.text)
    self.stoppedByLimit = stoppedByLimit
  }

  init(tier: TierID, model: LicensingModel, explanation: Explanation) {
    self.tier = tier
    self.model = model
    self.explanation = explanation
  }

  public static func == (a: SinglePlan, b: SinglePlan) -> Bool {
    a.tier == b.tier && a.model == b.model && a.plan == b.plan && a.reason == b.reason
      && a.stoppedByLimit == b.stoppedByLimit
  }
}
