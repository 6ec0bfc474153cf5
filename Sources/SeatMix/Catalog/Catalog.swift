import Foundation

/// A stable id, as it appears in files and spreadsheets (kebab-case). `Kind` keeps a feature id
/// from being passed where a tier id is expected.
public struct Identifier<Kind>: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
  public let rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public init(_ rawValue: String) { self.rawValue = rawValue }
  public var description: String { rawValue }
  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

public enum FeatureKind {}
public enum TierKind {}
public enum AddOnKind {}
public enum TermKind {}

public typealias FeatureID = Identifier<FeatureKind>
public typealias TierID = Identifier<TierKind>
public typealias AddOnID = Identifier<AddOnKind>
public typealias TermID = Identifier<TermKind>

/// How a tier's seats are counted.
public enum LicensingModel: String, Sendable, CaseIterable, Comparable {
  /// One license per user.
  case named
  /// A shared pool sized to the peak of simultaneously signed-in users.
  case concurrent

  public static func < (a: Self, b: Self) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

/// A stock-keeping unit: what a line item buys. A tier's license under one model, or an add-on.
public enum SKU: Hashable, Comparable, Sendable, CustomStringConvertible {
  case license(TierID, LicensingModel)
  case addOn(AddOnID)

  /// `elite-concurrent`, `wfm`.
  public var id: String {
    switch self {
    case .license(let tier, let model): return "\(tier.rawValue)-\(model.rawValue)"
    case .addOn(let addOn): return addOn.rawValue
    }
  }

  public var description: String { id }

  public static func < (a: SKU, b: SKU) -> Bool { a.id < b.id }
}

/// A price per unit per month, under one billing term.
public struct Price: Sendable, Equatable {
  public var amount: Decimal {
    didSet { units = Money.units(amount) }
  }
  /// Why the amount is an estimate, when it is not a published price.
  public var estimate: String?
  /// The amount in ten-thousandths (see ``Money``); nil when it has more than four decimals, which
  /// catalog loading rejects.
  public private(set) var units: Int64?

  public init(amount: Decimal, estimate: String? = nil) {
    self.amount = amount
    self.estimate = estimate
    self.units = Money.units(amount)
  }

  public var isEstimate: Bool { estimate != nil }
}

/// Where a catalog's facts come from.
public struct CatalogSource: Sendable, Equatable {
  public var title: String
  public var url: String?
  public var checked: String?
}

public struct Feature: Sendable, Equatable {
  public var id: FeatureID
  public var name: String
}

public struct BillingTerm: Sendable, Equatable {
  public var id: TermID
  public var name: String
  /// How many months one term commits to; totals are monthly × months.
  public var months: Int
}

/// Whether one account may hold named and concurrent licenses at once.
public enum MixingPolicy: String, Sendable, CaseIterable {
  case oneModelPerAccount = "one-model-per-account"
  case allowed
}

/// A tier sold under one licensing model.
public struct TierLicense: Sendable, Equatable {
  /// Recording storage each license includes.
  public var storageGB: Int
  public var prices: [TermID: Price]
  /// Per excess seat per billing month, when the catalog's ``ConcurrentBilling/overage`` bills
  /// overage (concurrent licenses only).
  public var overagePrices: [TermID: Price] = [:]
}

public struct Tier: Sendable, Equatable {
  public var id: TierID
  public var name: String
  public var features: Set<FeatureID>
  public var licenses: [LicensingModel: TierLicense]
}

/// How far an add-on's inclusion in a tier reaches.
public enum Coverage: String, Sendable, CaseIterable {
  /// Every user on the tier has the add-on's features.
  case allUsers = "all-users"
  /// As many users as the tier has seats under that model; further users need the add-on.
  case seats
}

/// A per-user add-on that comes with a tier under a licensing model.
public struct Inclusion: Sendable, Equatable {
  public var tier: TierID
  public var model: LicensingModel
  public var coverage: Coverage
}

/// How an add-on is counted.
public enum AddOnBasis: Sendable, Equatable {
  /// One per user who needs a feature it provides.
  case perUser(provides: Set<FeatureID>, availableOn: Set<TierID>, includedWith: [Inclusion])
  /// One per account, bought when the deal asks for it.
  case perAccount
  /// Bought in the quantity the deal asks for (phone numbers, ...); `unit` names one.
  case perUnit(unit: String)
  /// Extra storage in blocks of `blockGB`, bought beyond what licenses include.
  case storage(blockGB: Int)

  public var name: String {
    switch self {
    case .perUser: return "per-user"
    case .perAccount: return "per-account"
    case .perUnit: return "per-unit"
    case .storage: return "storage"
    }
  }
}

public struct AddOn: Sendable, Equatable {
  public var id: AddOnID
  public var name: String
  public var basis: AddOnBasis
  public var prices: [TermID: Price]
  /// Other names a batch CSV column may give this add-on by, besides its id (`aliases:` in the
  /// catalog); matched as headers are: case-insensitive, spaces, hyphens and underscores alike.
  public var aliases: [String] = []
}

/// A vendor's price book: tiers with their features, licensing models, add-ons, storage and prices.
/// Loaded from a file in `Catalogs/`; no vendor is written into code.
public struct Catalog: Sendable, Equatable {
  public var id: String
  public var name: String
  public var vendor: String
  public var currency: String
  public var effectiveDate: String
  public var sources: [CatalogSource]
  public var notes: [String]
  public var features: [Feature] { didSet { index = Index(self) } }
  public var terms: [BillingTerm]
  public var defaultTerm: TermID
  public var mixing: MixingPolicy
  /// In the catalog's order: cheapest and least capable first by convention.
  public var tiers: [Tier] { didSet { index = Index(self) } }
  public var addOns: [AddOn] { didSet { index = Index(self) } }
  /// How concurrent pools are billed over time (deals with interval profiles).
  public var concurrentBilling: ConcurrentBilling = .hardCap
  /// Where it was loaded from, for messages.
  public var file: String
  /// Lookups derived from features, tiers and add-ons; rebuilt whenever they change.
  private var index = Index()

  public init(
    id: String, name: String, vendor: String, currency: String, effectiveDate: String, sources: [CatalogSource],
    notes: [String], features: [Feature], terms: [BillingTerm], defaultTerm: TermID, mixing: MixingPolicy,
    tiers: [Tier], addOns: [AddOn], file: String, concurrentBilling: ConcurrentBilling = .hardCap
  ) {
    self.concurrentBilling = concurrentBilling
    self.id = id
    self.name = name
    self.vendor = vendor
    self.currency = currency
    self.effectiveDate = effectiveDate
    self.sources = sources
    self.notes = notes
    self.features = features
    self.terms = terms
    self.defaultTerm = defaultTerm
    self.mixing = mixing
    self.tiers = tiers
    self.addOns = addOns
    self.file = file
    self.index = Index(self)
  }

  /// Positions by id, so the optimizer's per-deal work does no linear searches.
  private struct Index: Sendable, Equatable {
    var features: Set<FeatureID> = []
    var tiers: [TierID: Int] = [:]
    var addOns: [AddOnID: Int] = [:]
    /// "feature@tier" → the per-user add-on that provides it there.
    var providers: [TierID: [FeatureID: Int]] = [:]
    var skus: [SKU] = []
    var skuNames: [SKU: String] = [:]

    init() {}

    init(_ catalog: Catalog) {
      features = Set(catalog.features.map(\.id))
      for (position, tier) in catalog.tiers.enumerated() where tiers[tier.id] == nil { tiers[tier.id] = position }
      for (position, addOn) in catalog.addOns.enumerated() {
        if addOns[addOn.id] == nil { addOns[addOn.id] = position }
        guard case .perUser(let provides, let availableOn, _) = addOn.basis else { continue }
        for tier in availableOn {
          for feature in provides where providers[tier, default: [:]][feature] == nil {
            providers[tier, default: [:]][feature] = position
          }
        }
      }
      for tier in catalog.tiers {
        for model in LicensingModel.allCases where tier.licenses[model] != nil {
          skus.append(.license(tier.id, model))
          skuNames[.license(tier.id, model)] = "\(tier.name) \(model.rawValue)"
        }
      }
      for addOn in catalog.addOns {
        skus.append(.addOn(addOn.id))
        skuNames[.addOn(addOn.id)] = addOn.name
      }
    }
  }

  public func tier(_ id: TierID) -> Tier? { index.tiers[id].map { tiers[$0] } }
  public func addOn(_ id: AddOnID) -> AddOn? { index.addOns[id].map { addOns[$0] } }
  public func term(_ id: TermID) -> BillingTerm? { terms.first { $0.id == id } }
  public func feature(_ id: FeatureID) -> Feature? {
    index.features.contains(id) ? features.first { $0.id == id } : nil
  }
  public func hasFeature(_ id: FeatureID) -> Bool { index.features.contains(id) }

  /// The per-user add-on that provides a feature on a tier, if any (a catalog has at most one).
  public func addOn(providing feature: FeatureID, on tier: TierID) -> AddOn? {
    index.providers[tier]?[feature].map { addOns[$0] }
  }

  /// The storage add-on, if the catalog sells extra storage.
  public var storageAddOn: AddOn? {
    addOns.first { if case .storage = $0.basis { return true } else { return false } }
  }

  /// Every SKU the catalog sells, in catalog order: licenses tier by tier, then add-ons.
  public var skus: [SKU] { index.skus }

  public func name(of sku: SKU) -> String {
    if let name = index.skuNames[sku] { return name }
    switch sku {
    case .license(let tier, let model): return "\(self.tier(tier)?.name ?? tier.rawValue) \(model.rawValue)"
    case .addOn(let id): return addOn(id)?.name ?? id.rawValue
    }
  }

  /// The catalog's price of a SKU under a term.
  public func listPrice(of sku: SKU, term: TermID) -> Price? {
    switch sku {
    case .license(let tier, let model): return self.tier(tier)?.licenses[model]?.prices[term]
    case .addOn(let id): return addOn(id)?.prices[term]
    }
  }

  /// Looks a SKU up by its id (`elite-concurrent`, `wfm`).
  public func sku(id: String) -> SKU? { skus.first { $0.id == id } }
}
