import Foundation

/// `seatmix catalog`: tiers × features, licenses with storage and prices, add-ons.
public enum CatalogRenderer {
  public static func render(_ catalog: Catalog) -> String {
    let currency = catalog.currency
    var out: [String] = []
    out.append("\(catalog.name) (\(catalog.id)), by \(catalog.vendor), effective \(catalog.effectiveDate)")
    out.append("File: \(catalog.file)")
    out.append(
      "Mixing named and concurrent in one account: \(catalog.mixing == .allowed ? "allowed" : "no (one model per account)")"
    )
    out.append("")
    out.append("Features by tier (yes: in the tier; add-on: bought per user; incl.: included; -: not available)")
    var features = TextTable([("Feature", .left), ("Id", .left)] + catalog.tiers.map { ($0.name, .left) })
    for feature in catalog.features {
      features.add(
        [feature.name, feature.id.rawValue]
          + catalog.tiers.map { tier in
            if tier.features.contains(feature.id) { return "yes" }
            var marks: [String] = []
            for addOn in catalog.addOns {
              guard case .perUser(let provides, let availableOn, let inclusions) = addOn.basis,
                provides.contains(feature.id)
              else { continue }
              for inclusion in inclusions where inclusion.tier == tier.id {
                marks.append(
                  inclusion.coverage == .allUsers
                    ? "incl. \(inclusion.model.rawValue)" : "incl. \(inclusion.model.rawValue) up to seats")
              }
              if availableOn.contains(tier.id) && marks.isEmpty { marks.append("add-on") }
            }
            return marks.isEmpty ? "-" : marks.joined(separator: "; ")
          })
    }
    out.append(features.plain())
    out.append("")
    out.append("Licenses (per seat per month; * estimate)")
    var licenses = TextTable(
      [("SKU", .left), ("Storage", .right)] + catalog.terms.map { ($0.name, .right) })
    for tier in catalog.tiers {
      for model in LicensingModel.allCases {
        guard let license = tier.licenses[model] else { continue }
        licenses.add(
          ["\(tier.id)-\(model.rawValue)", "\(license.storageGB) GB"]
            + catalog.terms.map { term in price(license.prices[term.id], currency) })
      }
    }
    out.append(licenses.plain())
    out.append("")
    out.append("Add-ons (per unit per month; * estimate)")
    var addOns = TextTable(
      [("SKU", .left), ("Name", .left), ("Basis", .left)] + catalog.terms.map { ($0.name, .right) })
    for addOn in catalog.addOns {
      var basis = addOn.basis.name
      if case .storage(let block) = addOn.basis { basis += " (\(block) GB blocks)" }
      if case .perUnit(let unit) = addOn.basis { basis += " (per \(unit))" }
      addOns.add(
        [addOn.id.rawValue, addOn.name, basis] + catalog.terms.map { price(addOn.prices[$0.id], currency) })
    }
    out.append(addOns.plain())
    out.append("")
    out.append("Sources")
    for source in catalog.sources {
      var line = "  - \(source.title)"
      if let url = source.url { line += " <\(url)>" }
      if let checked = source.checked { line += ", checked \(checked)" }
      out.append(line)
    }
    if !catalog.notes.isEmpty {
      out.append("")
      out.append("Notes")
      out += catalog.notes.map { "  - \($0)" }
    }
    return out.joined(separator: "\n") + "\n"
  }

  private static func price(_ price: Price?, _ currency: String) -> String {
    guard let price else { return "-" }
    return Money.format(price.amount, currency: currency) + (price.isEstimate ? "*" : "")
  }
}
