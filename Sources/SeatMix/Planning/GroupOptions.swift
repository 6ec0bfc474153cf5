/// One way to license a whole agent group: a tier under a licensing model, with the add-ons that
/// fill the tier's gaps for the features the group needs.
public struct GroupOption: Sendable, Equatable, Hashable {
  public var tier: TierID
  public var model: LicensingModel
  /// Bought for every agent of the group.
  public var directAddOns: [AddOnID]
  /// Covered by the tier's seats under this model, up to the seat count; topped up beyond.
  public var seatCoveredAddOns: [AddOnID]
  /// Included for every user of the tier under this model.
  public var includedAddOns: [AddOnID]

  public var license: SKU { .license(tier, model) }
}

/// Why a group cannot go on a tier. The message is composed only when someone reads it.
public struct CoverageGap: Sendable, Equatable {
  public enum Reason: Sendable, Equatable {
    /// The tier lacks a needed feature and no add-on provides it there.
    case lacksFeature(featureName: String)
    /// A needed add-on is not sold on the tier under this model.
    case addOnNotSold(addOnName: String, model: LicensingModel)
    /// The tier is not sold under any model the deal allows.
    case notSold(models: [LicensingModel])
  }

  public var group: String
  public var tier: TierID
  public var tierName: String
  public var feature: FeatureID?
  public var reason: Reason

  public var message: String {
    switch reason {
    case .lacksFeature(let featureName):
      return "needs \(featureName) (\(feature?.rawValue ?? "")), which \(tierName) lacks and no add-on provides there"
    case .addOnNotSold(let addOnName, let model):
      return "needs \(addOnName), which is not sold on \(tierName) \(model.rawValue)"
    case .notSold(let models):
      return "\(tierName) is not sold \(models.map(\.rawValue).joined(separator: " or "))"
    }
  }
}

/// The options each group has, from the catalog's rules alone.
enum GroupOptions {
  /// Every (tier, model) that can serve the group, in catalog order, and why the others cannot.
  static func options(
    for group: AgentGroup, catalog: Catalog, models: [LicensingModel]
  ) -> (options: [GroupOption], gaps: [CoverageGap]) {
    var options: [GroupOption] = []
    var gaps: [CoverageGap] = []
    let tiers = catalog.tiers.filter { group.tier == nil || $0.id == group.tier }
    for tier in tiers {
      var missing: FeatureID?
      // Per-user add-ons this group needs on this tier, each once even when it provides several
      // needed features.
      var needed: [AddOnID] = []
      for feature in group.features where !tier.features.contains(feature) {
        guard let addOn = catalog.addOn(providing: feature, on: tier.id) ?? includedAddOn(feature, tier.id, catalog)
        else {
          missing = feature
          break
        }
        if !needed.contains(addOn.id) { needed.append(addOn.id) }
      }
      if let missing {
        gaps.append(
          CoverageGap(
            group: group.name, tier: tier.id, tierName: tier.name, feature: missing,
            reason: .lacksFeature(featureName: catalog.feature(missing)?.name ?? missing.rawValue)))
        continue
      }
      var soldUnderAllowedModel = false
      for model in models where tier.licenses[model] != nil {
        soldUnderAllowedModel = true
        var option = GroupOption(
          tier: tier.id, model: model, directAddOns: [], seatCoveredAddOns: [], includedAddOns: [])
        var blocked = false
        for addOnID in needed {
          let addOn = catalog.addOn(addOnID)!
          guard case .perUser(_, let availableOn, let inclusions) = addOn.basis else { continue }
          switch inclusions.first(where: { $0.tier == tier.id && $0.model == model })?.coverage {
          case .allUsers: option.includedAddOns.append(addOnID)
          case .seats: option.seatCoveredAddOns.append(addOnID)
          case nil:
            if availableOn.contains(tier.id) {
              option.directAddOns.append(addOnID)
            } else {
              blocked = true
              gaps.append(
                CoverageGap(
                  group: group.name, tier: tier.id, tierName: tier.name, feature: nil,
                  reason: .addOnNotSold(addOnName: addOn.name, model: model)))
            }
          }
        }
        if !blocked { options.append(option) }
      }
      if !soldUnderAllowedModel {
        gaps.append(
          CoverageGap(
            group: group.name, tier: tier.id, tierName: tier.name, feature: nil, reason: .notSold(models: models)))
      }
    }
    return (options, gaps)
  }

  /// An add-on included with the tier under some model though not sold on it (AI Expert Assist on
  /// Elite): the feature is reachable, the model decides how.
  private static func includedAddOn(_ feature: FeatureID, _ tier: TierID, _ catalog: Catalog) -> AddOn? {
    catalog.addOns.first {
      if case .perUser(let provides, _, let inclusions) = $0.basis {
        return provides.contains(feature) && inclusions.contains { $0.tier == tier }
      }
      return false
    }
  }
}
