import Foundation

/// Checks a deal against its catalog: the rules every input path (deal files, CSV rows) shares.
/// Problems carry a field path (`groups[1].features[2]`) that the caller turns into a line or a
/// spreadsheet cell.
public enum DealValidator {
  public struct Problem: Sendable, Equatable {
    public var path: String
    public var message: String
    public var severity: Diagnostic.Severity = .error
  }

  /// Splits `groups[3].features[1]` into the group's index and the rest (`.features[1]`); nil for
  /// paths outside the groups.
  public static func groupPath(_ path: String) -> (group: Int, rest: Substring)? {
    guard path.hasPrefix("groups["), let close = path.firstIndex(of: "]"),
      let index = Int(path[path.index(path.startIndex, offsetBy: 7)..<close])
    else { return nil }
    return (index, path[path.index(after: close)...])
  }

  public static func problems(_ deal: Deal, catalog: Catalog) -> [Problem] {
    var problems: [Problem] = []
    func error(_ path: String, _ message: String) { problems.append(Problem(path: path, message: message)) }

    if let term = deal.term, catalog.term(term) == nil {
      error("term", unknown("term", term.rawValue, catalog.terms.map(\.id.rawValue)))
    }
    for model in deal.licensing.models
    where deal.licensing != .any && !catalog.tiers.contains(where: { $0.licenses[model] != nil }) {
      error("licensing", "catalog \(quoted(catalog.id)) sells no \(model.rawValue) licenses")
    }
    if deal.groups.isEmpty { error("groups", "list at least one agent group") }
    let totalAgents = deal.groups.reduce(0) { $0 + max($1.agents, 0) }
    if totalAgents > Limits.maximumCount {
      error("groups", "the groups add up to \(totalAgents) agents, above the maximum \(Limits.maximumCount)")
    }
    var names: [String] = []  // a list beats hashing for the few groups of a deal…
    var manyNames = Set<String>()  // …and a set takes over for long ones
    var featureIDs: [String] { catalog.features.map(\.id.rawValue) }
    for (index, group) in deal.groups.enumerated() {
      var path: String { "groups[\(index)]" }
      let seenBefore: Bool
      if deal.groups.count <= 32 {
        seenBefore = names.contains(group.name)
        names.append(group.name)
      } else {
        seenBefore = !manyNames.insert(group.name).inserted
      }
      if seenBefore { error("\(path).name", "group \(quoted(group.name)) is listed twice") }
      if group.agents < 0 { error("\(path).agents", "\(group.agents) is negative") }
      if group.agents > Limits.maximumCount {
        error("\(path).agents", "\(group.agents) is above the maximum \(Limits.maximumCount)")
      }
      if group.peakConcurrent < 0 { error("\(path).peak_concurrent", "\(group.peakConcurrent) is negative") }
      // A peak taken from the group's profile is checked interval by interval below.
      if group.peakConcurrent > group.agents && group.peakConcurrent != group.profile?.peak {
        error(
          "\(path).peak_concurrent",
          "peak \(group.peakConcurrent) is above the group's \(group.agents) agents; at most every agent is signed in at once"
        )
      }
      var seen: [FeatureID] = []
      for (featureIndex, feature) in group.features.enumerated() {
        if !catalog.hasFeature(feature) {
          error("\(path).features[\(featureIndex)]", unknown("feature", feature.rawValue, featureIDs))
        } else if seen.contains(feature) {
          problems.append(
            Problem(
              path: "\(path).features[\(featureIndex)]", message: "feature \(quoted(feature)) is listed twice",
              severity: .warning))
        } else {
          seen.append(feature)
        }
      }
      if let profile = group.profile {
        let field = "\(path).signed_in"
        // A profile read from elsewhere (a file, sessions, demand) is told at the field that
        // brought it, and by its time: the deal has no signed_in list to point into.
        let inline = profile.source == "inline"
        let sourceField = "\(path).\(profile.source.hasPrefix("demand") ? "demand" : "profile")"
        if let grid = deal.concurrency?.grid, profile.counts.count != grid.count {
          if inline {
            error(
              field,
              "\(profile.counts.count) values, but the deal's grid has \(grid.count) intervals (one value per interval)"
            )
          } else {
            error(
              sourceField,
              "\(profile.source) has \(profile.counts.count) intervals, but the deal's grid has \(grid.count); every profile covers the same intervals"
            )
          }
        }
        if let i = profile.counts.firstIndex(where: { $0 < 0 }) {
          error(inline ? "\(field)[\(i)]" : sourceField, "\(profile.counts[i]) is negative")
        }
        if let i = profile.counts.firstIndex(where: { $0 > group.agents }) {
          if inline {
            error(
              "\(field)[\(i)]",
              "\(profile.counts[i]) signed in is above the group's \(group.agents) agents")
          } else {
            let when =
              deal.concurrency.map { i < $0.grid.count ? " at \(IntervalGrid.iso($0.grid.start(of: i)))" : "" } ?? ""
            error(
              "\(path).agents",
              "\(profile.counts[i]) signed in at once\(when) (\(profile.source)) is above the group's \(group.agents) agents; at most every agent is signed in at once: raise agents, or check the teams the group takes"
            )
          }
        }
        problems += peakBesideProfile(group, profile, path: path, grid: deal.concurrency?.grid)
      }
      if let tier = group.tier, catalog.tier(tier) == nil {
        error("\(path).tier", unknown("tier", tier.rawValue, catalog.tiers.map(\.id.rawValue)))
      }
    }
    if let concurrency = deal.concurrency {
      for problem in concurrency.grid.problems() { error("concurrency", problem) }
    }
    for (addOnID, quantity) in deal.accountAddOns.sorted(by: { $0.key < $1.key }) {
      let path = "account.\(addOnID)"
      guard let addOn = catalog.addOn(addOnID) else {
        let accountLevel = catalog.addOns.filter {
          switch $0.basis {
          case .perAccount, .perUnit: return true
          default: return false
          }
        }.map(\.id.rawValue)
        error(path, unknown("account add-on", addOnID.rawValue, accountLevel + [DealLoader.accountStorageKey]))
        continue
      }
      switch addOn.basis {
      case .perAccount:
        if quantity > 1 { error(path, "\(quoted(addOnID)) is one per account; write true or 1") }
      case .perUnit:
        if quantity < 0 { error(path, "\(quantity) is negative") }
        if quantity > Limits.maximumCount { error(path, "\(quantity) is above the maximum \(Limits.maximumCount)") }
      case .perUser:
        error(path, "\(quoted(addOnID)) is bought per user: list it in the features of the groups that need it")
      case .storage:
        error(
          path,
          "write the storage the deal needs as storage_gb; \(quoted(addOnID)) is bought only beyond what licenses include"
        )
      }
    }
    if deal.storageGB < 0 { error("account.storage_gb", "\(deal.storageGB) is negative") }
    if deal.storageGB > Limits.maximumCount {
      error("account.storage_gb", "\(deal.storageGB) is above the maximum \(Limits.maximumCount)")
    }
    if deal.storageGB > 0 && catalog.storageAddOn == nil {
      problems.append(
        Problem(
          path: "account.storage_gb",
          message: "catalog \(quoted(catalog.id)) sells no extra storage; only what licenses include counts",
          severity: .warning))
    }
    var skuIDs: [String] { catalog.skus.map(\.id) }
    // A SKU, or a concurrent license's overage (`<tier>-concurrent-overage`, PriceList.overageID)
    // where the catalog bills overage; nil when the id is fine.
    func priceIDProblem(_ id: String) -> String? {
      if catalog.sku(id: id) != nil { return nil }
      if let tier = catalog.tiers.first(where: { PriceList.overageID($0.id) == id && $0.licenses[.concurrent] != nil })
      {
        if catalog.concurrentBilling.overage == .perExcessSeat { return nil }
        return
          "catalog \(quoted(catalog.id)) bills no overage on \(catalog.name(of: .license(tier.id, .concurrent))) (licensing.concurrent_billing.overage is not-allowed)"
      }
      return unknown("SKU", id, skuIDs)
    }
    for sku in deal.pricing.skuDiscounts.isEmpty ? [] : deal.pricing.skuDiscounts.keys.sorted() {
      if let problem = priceIDProblem(sku) { error("pricing.sku_discounts.\(sku)", problem) }
    }
    for (sku, price) in deal.pricing.unitPrices.isEmpty ? [] : deal.pricing.unitPrices.sorted(by: { $0.key < $1.key }) {
      let path = "pricing.unit_prices.\(sku)"
      if let problem = priceIDProblem(sku) { error(path, problem) }
      if price < 0 { error(path, "\(price) is negative") }
      if price > Money.maximumUnitPrice { error(path, "\(price) is above the maximum \(Money.maximumUnitPrice)") }
      if Money.units(price) == nil && price <= Money.maximumUnitPrice {
        error(path, "\(price) has more than four decimal places")
      }
    }
    if deal.pricing.discountPercent < 0 || deal.pricing.discountPercent > 100 {
      error("pricing.discount_pct", "\(deal.pricing.discountPercent) is not between 0 and 100")
    }
    return problems
  }

  /// A group with a profile over time is sized from it, so a `peak_concurrent` beside it must not
  /// contradict it: below the profile's peak is an error (the profile has more users signed in at
  /// once than the stated peak allows), above it a warning that it is not used (the pools cover
  /// the profile, interval by interval). Equal is what the profile says already.
  static func peakBesideProfile(_ group: AgentGroup, _ profile: SignedInProfile, path: String, grid: IntervalGrid?)
    -> [Problem]
  {
    let stated = group.peakConcurrent
    let peak = profile.peak
    guard stated != peak, stated >= 0, stated <= group.agents else { return [] }
    let source = profile.source == "inline" ? "its signed_in" : profile.source
    if stated < peak {
      var when = ""
      if let grid, let i = profile.counts.firstIndex(of: peak), i < grid.count {
        when = " at \(IntervalGrid.iso(grid.start(of: i)))"
      }
      return [
        Problem(
          path: "\(path).peak_concurrent",
          message:
            "peak \(stated) is below the \(peak) signed in at once\(when) in the group's profile (\(source)); the profile sizes the pool: remove peak_concurrent or correct the profile"
        )
      ]
    }
    return [
      Problem(
        path: "\(path).peak_concurrent",
        message:
          "peak \(stated) is above the \(peak) signed in at once in the group's profile (\(source)) and is not used: pools are sized from the profile, interval by interval; remove peak_concurrent, or add the users it stands for to the profile",
        severity: .warning)
    ]
  }
}
