import Foundation

/// A plan that puts every group on one tier and one model, or why there is none.
public struct SinglePlan: Sendable, Equatable {
  public var tier: TierID
  public var model: LicensingModel
  public var outcome: PlanOutcome

  public init(tier: TierID, model: LicensingModel, outcome: PlanOutcome) {
    self.tier = tier
    self.model = model
    self.outcome = outcome
  }

  public var plan: Plan? { outcome.plan }
}
