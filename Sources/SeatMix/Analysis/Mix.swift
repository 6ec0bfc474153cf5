import Foundation

/// What "the optimal mix" means when a report asks whether it changed: every group's tier,
/// licensing model and add-on structure. Quantities (seats, top-ups, storage blocks) follow from
/// the mix and the deal's sizes, so they are not part of it.
public struct Mix: Sendable, Equatable, Hashable {
  public struct Choice: Sendable, Equatable, Hashable {
    public var group: String
    public var tier: TierID
    public var model: LicensingModel
    public var addOns: [AddOnID]
    public var seatCoveredAddOns: [AddOnID]
    public var includedAddOns: [AddOnID]
  }

  /// Per group with agents, in deal order; empty when no plan meets the deal. A group without
  /// agents buys nothing, so its tier is an arbitrary tie and not part of the mix.
  public var choices: [Choice]
  public let hasPlan: Bool

  public init(_ plan: Plan?) {
    hasPlan = plan != nil
    choices = (plan?.assignments ?? []).filter { $0.agents > 0 }.map {
      Choice(
        group: $0.group, tier: $0.tier, model: $0.model, addOns: $0.addOns,
        seatCoveredAddOns: $0.seatCoveredAddOns, includedAddOns: $0.includedAddOns)
    }
  }

  /// The distinct tier × model pairs, in catalog order: `Essentials concurrent + Premium concurrent`.
  public func label(_ catalog: Catalog) -> String {
    guard hasPlan else { return "no plan" }
    return pairs(catalog).map { catalog.name(of: .license($0.tier, $0.model)) }.joined(separator: " + ")
  }

  /// The distinct tier × model pairs, in catalog order.
  public func pairs(_ catalog: Catalog) -> [(tier: TierID, model: LicensingModel)] {
    var result: [(tier: TierID, model: LicensingModel)] = []
    for tier in catalog.tiers {
      for model in LicensingModel.allCases where choices.contains(where: { $0.tier == tier.id && $0.model == model }) {
        result.append((tier.id, model))
      }
    }
    return result
  }

  /// One group's choice in words: `Essentials concurrent with wfm, qm`, `Elite concurrent, wfm topped up beyond
  /// its seats`.
  public static func describe(_ choice: Choice, _ catalog: Catalog) -> String {
    var text = catalog.name(of: .license(choice.tier, choice.model))
    if !choice.addOns.isEmpty { text += " with " + choice.addOns.map(\.rawValue).joined(separator: ", ") }
    if !choice.seatCoveredAddOns.isEmpty {
      text += ", " + choice.seatCoveredAddOns.map(\.rawValue).joined(separator: ", ") + " topped up beyond its seats"
    }
    return text
  }

  /// Every group's choice: `Tier 1 voice: Essentials concurrent; Omnichannel: Premium concurrent`.
  public func describe(_ catalog: Catalog) -> String {
    guard hasPlan else { return "no plan meets the deal" }
    return choices.map { "\($0.group): \(Self.describe($0, catalog))" }.joined(separator: "; ")
  }

  /// What differs in `other`, group by group: `Tier 1 voice: Essentials concurrent → Essentials named`.
  public func changes(to other: Mix, _ catalog: Catalog) -> String {
    guard other.hasPlan else { return "no plan meets the deal" }
    guard hasPlan else { return other.describe(catalog) }
    var changes: [String] = []
    for new in other.choices {
      if let old = choices.first(where: { $0.group == new.group }) {
        if old != new {
          changes.append("\(new.group): \(Self.describe(old, catalog)) → \(Self.describe(new, catalog))")
        }
      } else {
        changes.append("\(new.group): now \(Self.describe(new, catalog))")
      }
    }
    for old in choices where !other.choices.contains(where: { $0.group == old.group }) {
      changes.append("\(old.group): no longer licensed")
    }
    return changes.joined(separator: "; ")
  }
}
