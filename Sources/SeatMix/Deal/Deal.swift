import Foundation

/// Which licensing models a deal allows.
public enum LicensingChoice: String, Sendable, CaseIterable {
  case any
  case named
  case concurrent

  public var models: [LicensingModel] {
    switch self {
    case .any: return LicensingModel.allCases
    case .named: return [.named]
    case .concurrent: return [.concurrent]
    }
  }
}

/// How many users of a group are signed in at once.
///
/// Today a single peak; the type leaves room for per-interval profiles, where a pool shared by
/// several groups needs the peak of their sum rather than the sum of their peaks.
public struct ConcurrencyProfile: Sendable, Equatable {
  /// Simultaneously signed-in users in each interval; one interval for a stated peak.
  public var intervals: [Int]

  public static func peak(_ users: Int) -> ConcurrencyProfile { ConcurrencyProfile(intervals: [users]) }

  public var peak: Int { intervals.max() ?? 0 }
}

/// A set of agents with the same needs: the unit the optimizer assigns a tier and model to.
public struct AgentGroup: Sendable, Equatable {
  public var name: String
  /// Headcount: users who need access.
  public var agents: Int
  public var concurrency: ConcurrencyProfile
  public var features: [FeatureID]
  /// Puts the group on this tier whatever it costs.
  public var tier: TierID?
  /// Signed-in users per interval of the deal's grid (``Deal/concurrency``). A group without one,
  /// in a deal with a grid, is read as signed in at its peak (`peak_concurrent`, else `agents`)
  /// in every interval: all that is known of it.
  public var profile: SignedInProfile?

  public init(
    name: String, agents: Int, peakConcurrent: Int? = nil, features: [FeatureID], tier: TierID? = nil,
    profile: SignedInProfile? = nil
  ) {
    self.name = name
    self.agents = agents
    self.concurrency = .peak(peakConcurrent ?? profile?.peak ?? agents)
    self.features = features
    self.tier = tier
    self.profile = profile
  }

  public var peakConcurrent: Int { concurrency.peak }

  /// Signed-in users in each interval of `grid`: the profile, or the peak in every interval.
  public func signedIn(on grid: IntervalGrid) -> [Int] {
    profile?.counts ?? [Int](repeating: peakConcurrent, count: grid.count)
  }
}

/// Negotiated prices layered over the catalog's list prices.
public struct PricingOverlay: Sendable, Equatable {
  /// Off every SKU, in percent.
  public var discountPercent: Decimal = 0
  /// Off one SKU, in percent, instead of the overall discount.
  public var skuDiscounts: [String: Decimal] = [:]
  /// Replaces the price of a SKU outright (per unit per month, before no discount).
  public var unitPrices: [String: Decimal] = [:]

  public init(
    discountPercent: Decimal = 0, skuDiscounts: [String: Decimal] = [:], unitPrices: [String: Decimal] = [:]
  ) {
    self.discountPercent = discountPercent
    self.skuDiscounts = skuDiscounts
    self.unitPrices = unitPrices
  }

  public var isEmpty: Bool { discountPercent == 0 && skuDiscounts.isEmpty && unitPrices.isEmpty }
}

/// What a customer needs: the requirements model the optimizer prices.
public struct Deal: Sendable, Equatable {
  public var name: String
  /// A catalog id (looked up in `Catalogs/`) or a path to a catalog file.
  public var catalog: String
  /// The billing term; nil takes the catalog's default.
  public var term: TermID?
  public var licensing: LicensingChoice
  /// Overrides the catalog's mixing policy, for what-ifs.
  public var allowMixing: Bool?
  public var groups: [AgentGroup]
  /// Account-wide and per-unit add-ons the deal asks for, by add-on id, with quantities.
  public var accountAddOns: [AddOnID: Int]
  /// Recording storage the deal needs in all, in GB; licenses include some.
  public var storageGB: Int
  public var pricing: PricingOverlay
  /// Where it was loaded from, for messages.
  public var file: String
  /// The interval grid the groups' profiles are on; nil when every group is a single peak (pools
  /// are then sized to the sum of the peaks).
  public var concurrency: DealConcurrency?

  public init(
    name: String, catalog: String, term: TermID? = nil, licensing: LicensingChoice = .any,
    allowMixing: Bool? = nil, groups: [AgentGroup], accountAddOns: [AddOnID: Int] = [:],
    storageGB: Int = 0, pricing: PricingOverlay = PricingOverlay(), file: String = "<memory>",
    concurrency: DealConcurrency? = nil
  ) {
    self.concurrency = concurrency
    self.name = name
    self.catalog = catalog
    self.term = term
    self.licensing = licensing
    self.allowMixing = allowMixing
    self.groups = groups
    self.accountAddOns = accountAddOns
    self.storageGB = storageGB
    self.pricing = pricing
    self.file = file
  }
}
