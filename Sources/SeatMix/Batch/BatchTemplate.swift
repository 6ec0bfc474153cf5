import Foundation

/// What `seatmix batch --template` prints for a catalog: a header with every column the batch
/// reader accepts (the fixed ones, then the catalog's own account add-ons and an example
/// `discount_pct_<sku>` and `price_<sku>` column) and example scenarios built from the catalog's
/// tiers, features, add-ons and terms, so that it runs as a batch on that catalog as printed.
/// Nothing vendor-specific is written here; the README's "Batch runs" explains the columns.
public enum BatchTemplate {
  public static func csv(for catalog: Catalog) -> String {
    let accountAddOns = catalog.addOns.filter {
      switch $0.basis {
      case .perAccount, .perUnit: return true
      case .perUser, .storage: return false
      }
    }
    let licenses = catalog.skus.filter { if case .license = $0 { return true } else { return false } }
    let discounted = licenses.last
    let priced = licenses.first
    let fixed: [BatchColumn] = [
      .scenario, .group, .agents, .peakConcurrent, .features, .tier, .catalog, .licensing, .term, .discountPercent,
      .allowMixing, .storageGB, .profile,
    ]
    assert(Set(fixed) == Set(BatchColumn.allCases), "the template shows every fixed column")
    var header = fixed.map(\.rawValue) + accountAddOns.map { column($0.id.rawValue) }
    if let discounted { header.append("discount_pct_" + column(discounted.id)) }
    if let priced { header.append("price_" + column(priced.id)) }

    /// A row: the values of the fixed columns given, the rest empty.
    func row(_ values: [BatchColumn: String], addOns: Bool = false, discount: String = "", price: String = "")
      -> [String]
    {
      var cells = fixed.map { values[$0] ?? "" }
      cells += accountAddOns.map { addOn in
        guard addOns else { return "" }
        if case .perAccount = addOn.basis { return "yes" }
        return "2"
      }
      if discounted != nil { cells.append(discount) }
      if priced != nil { cells.append(price) }
      return cells
    }

    // The groups: one per end of the tier ladder, and one that needs a per-user add-on's feature;
    // a few features each, those that tell the tiers apart.
    func ordered(_ ids: Set<FeatureID>) -> [FeatureID] { catalog.features.map(\.id).filter(ids.contains) }
    func features(_ ids: [FeatureID]) -> String { ids.map(\.rawValue).joined(separator: "|") }
    let basic = ordered(catalog.tiers.first?.features ?? [])
    var groups: [(name: String, agents: Int, peak: Int, features: [FeatureID])] = []
    if let first = catalog.tiers.first {
      groups.append((first.name + " team", 120, 45, Array(basic.prefix(3))))
    }
    if catalog.tiers.count > 1, let last = catalog.tiers.last {
      let more = ordered(last.features).filter { !basic.contains($0) }
      groups.append((last.name + " team", 40, 30, Array(basic.prefix(1)) + more.prefix(3)))
    }
    for addOn in catalog.addOns {
      guard case .perUser(let provides, let availableOn, _) = addOn.basis,
        let tier = catalog.tiers.first(where: { availableOn.contains($0.id) })
      else { continue }
      groups.append((addOn.name + " team", 12, 10, Array(ordered(tier.features).prefix(1)) + ordered(provides)))
      break
    }

    let term = catalog.defaultTerm.rawValue
    var rows: [[String]] = [header]
    // Base case: the catalog's defaults, its account add-ons and some storage.
    let storage = catalog.storageAddOn == nil ? "" : "1000"
    for (index, group) in groups.enumerated() {
      var values: [BatchColumn: String] = [
        .scenario: "Base case", .group: group.name, .agents: "\(group.agents)", .peakConcurrent: "\(group.peak)",
        .features: features(group.features),
      ]
      if index == 0 { (values[.licensing], values[.term], values[.storageGB]) = ("any", term, storage) }
      rows.append(row(values, addOns: index == 0))
    }
    // Negotiated: an overall discount, a SKU's own discount and a negotiated unit price (10% below
    // list), mixing licensing models allowed.
    let negotiatedPrice =
      priced.flatMap { catalog.listPrice(of: $0, term: catalog.defaultTerm) }.map { price in
        var exact = price.amount * Decimal(string: "0.9")!
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 2, .plain)
        return Money.plain(rounded)
      } ?? ""
    for (index, group) in groups.enumerated() {
      var values: [BatchColumn: String] = [
        .scenario: "Negotiated", .group: group.name, .agents: "\(group.agents)", .peakConcurrent: "\(group.peak)",
        .features: features(group.features),
      ]
      if index == 0 {
        (values[.licensing], values[.term], values[.discountPercent], values[.allowMixing]) = ("any", term, "10", "yes")
        rows.append(row(values, discount: "5", price: negotiatedPrice))
      } else {
        rows.append(row(values))
      }
    }
    // Forced tier: everyone on the top tier, under its last licensing model and the catalog's last term.
    if let top = catalog.tiers.last, let model = LicensingModel.allCases.last(where: { top.licenses[$0] != nil }) {
      rows.append(
        row([
          .scenario: "Forced tier", .group: "Everyone", .agents: "172", .peakConcurrent: "85",
          .features: features((groups.first?.features ?? []).filter(top.features.contains)), .tier: top.id.rawValue,
          .licensing: model.rawValue,
          .term: catalog.terms.last?.id.rawValue ?? term, .allowMixing: "no",
        ]))
    }
    return rows.map(BatchOutput.csvLine).joined()
  }

  /// An id in header spelling: `toll-free-number` → `toll_free_number` (headers match either way).
  static func column(_ id: String) -> String { id.replacingOccurrences(of: "-", with: "_") }
}
