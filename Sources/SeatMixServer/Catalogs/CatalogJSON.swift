import Foundation
import SeatMix

/// A catalog as the API shows it (`GET /api/v1/catalogs/{id}`, and frozen with every saved
/// revision): tiers with their features and licenses, features with names, group add-ons (per user),
/// account add-ons, every SKU with its price per term and whether the price is an estimate, and the
/// terms. Keys sorted, so the same catalog is the same bytes.
enum CatalogJSON {
  struct Summary: Encodable {
    var id: String
    var name: String
    var vendor: String
    var effectiveDate: String
    var currency: String
  }

  struct Document: Encodable {
    var id: String
    var name: String
    var vendor: String
    var effectiveDate: String
    var currency: String
    var defaultTerm: String
    var mixing: String
    var terms: [Term]
    var features: [Named]
    var tiers: [TierEntry]
    var groupAddOns: [AddOnEntry]
    var accountAddOns: [AddOnEntry]
    var skus: [SKUEntry]
    var sources: [Source]
    var notes: [String]
  }
  struct Term: Encodable {
    var id: String
    var name: String
    var months: Int
  }
  struct Named: Encodable {
    var id: String
    var name: String
  }
  struct TierEntry: Encodable {
    var id: String
    var name: String
    var features: [String]
    var licensing: [String]
  }
  struct AddOnEntry: Encodable {
    var id: String
    var name: String
    var basis: String
    var provides: [String]?
    var availableOn: [String]?
    var unit: String?
    var blockGB: Int?
    var aliases: [String]
  }
  struct SKUEntry: Encodable {
    var id: String
    var kind: String
    var tier: String?
    var licensing: String?
    var storageGB: Int?
    var prices: [String: PriceEntry]
  }
  struct PriceEntry: Encodable {
    var amount: Decimal
    var estimated: Bool
    var estimate: String?
  }
  struct Source: Encodable {
    var title: String
    var url: String?
    var checked: String?
  }

  static func summary(_ catalog: Catalog) -> Summary {
    Summary(
      id: catalog.id, name: catalog.name, vendor: catalog.vendor, effectiveDate: catalog.effectiveDate,
      currency: catalog.currency)
  }

  static func document(_ catalog: Catalog, id: String) -> Document {
    func prices(_ byTerm: [TermID: Price]) -> [String: PriceEntry] {
      Dictionary(
        uniqueKeysWithValues: byTerm.map {
          (
            $0.key.rawValue,
            PriceEntry(amount: $0.value.amount, estimated: $0.value.isEstimate, estimate: $0.value.estimate)
          )
        })
    }
    var groupAddOns: [AddOnEntry] = []
    var accountAddOns: [AddOnEntry] = []
    var skus: [SKUEntry] = []
    for tier in catalog.tiers {
      for model in LicensingModel.allCases {
        guard let license = tier.licenses[model] else { continue }
        skus.append(
          SKUEntry(
            id: SKU.license(tier.id, model).id, kind: "tier", tier: tier.id.rawValue, licensing: model.rawValue,
            storageGB: license.storageGB, prices: prices(license.prices)))
      }
    }
    for addOn in catalog.addOns {
      var entry = AddOnEntry(id: addOn.id.rawValue, name: addOn.name, basis: addOn.basis.name, aliases: addOn.aliases)
      switch addOn.basis {
      case .perUser(let provides, let availableOn, _):
        entry.provides = provides.map(\.rawValue).sorted()
        entry.availableOn = catalog.tiers.map(\.id).filter(availableOn.contains).map(\.rawValue)
        groupAddOns.append(entry)
      case .perAccount:
        accountAddOns.append(entry)
      case .perUnit(let unit):
        entry.unit = unit
        accountAddOns.append(entry)
      case .storage(let blockGB):
        entry.blockGB = blockGB
        accountAddOns.append(entry)
      }
      skus.append(
        SKUEntry(id: SKU.addOn(addOn.id).id, kind: "add-on", prices: prices(addOn.prices)))
    }
    return Document(
      id: id, name: catalog.name, vendor: catalog.vendor, effectiveDate: catalog.effectiveDate,
      currency: catalog.currency, defaultTerm: catalog.defaultTerm.rawValue, mixing: catalog.mixing.rawValue,
      terms: catalog.terms.map { Term(id: $0.id.rawValue, name: $0.name, months: $0.months) },
      features: catalog.features.map { Named(id: $0.id.rawValue, name: $0.name) },
      tiers: catalog.tiers.map { tier in
        TierEntry(
          id: tier.id.rawValue, name: tier.name,
          features: catalog.features.map(\.id).filter(tier.features.contains).map(\.rawValue),
          licensing: LicensingModel.allCases.filter { tier.licenses[$0] != nil }.map(\.rawValue))
      },
      groupAddOns: groupAddOns, accountAddOns: accountAddOns, skus: skus,
      sources: catalog.sources.map { Source(title: $0.title, url: $0.url, checked: $0.checked) }, notes: catalog.notes)
  }

  static func encode(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let data = (try? encoder.encode(value)) ?? Data("null".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}
