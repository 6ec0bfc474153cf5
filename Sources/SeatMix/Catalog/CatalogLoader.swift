import Foundation
import Yams

/// Reads a catalog file: decode, resolve references, validate everything, and report every problem
/// with its file and line at once.
public enum CatalogLoader {
  public static func load(file: String) throws(SeatMixError) -> Catalog {
    let (reader, root) = try DocumentReader.parse(file: file)
    return try load(reader, root: root, file: file)
  }

  /// A catalog that arrived as data (a catalog file's text kept with a saved deal), named `file`
  /// in its messages.
  public static func load(data: Data, file: String) throws(SeatMixError) -> Catalog {
    let (reader, root) = try DocumentReader.parse(data: data, file: file)
    return try load(reader, root: root, file: file)
  }

  /// A parsed catalog file, checked.
  static func load(_ reader: DocumentReader, root: Node, file: String) throws(SeatMixError) -> Catalog {
    let catalog = read(Field(node: root, path: "", reader: reader), file: file)
    let errors = reader.diagnostics.filter { $0.severity == .error }
    guard let catalog, errors.isEmpty else { throw .invalidInput(reader.diagnostics) }
    return catalog
  }

  /// Every problem in the file, errors and warnings; empty when the catalog is sound.
  public static func diagnostics(file: String) -> [Diagnostic] {
    do {
      let (reader, root) = try DocumentReader.parse(file: file)
      _ = read(Field(node: root, path: "", reader: reader), file: file)
      return reader.diagnostics
    } catch let error {
      return error.diagnostics.isEmpty
        ? [Diagnostic(file: file, line: nil, field: "", message: "\(error)")] : error.diagnostics
    }
  }

  // The keys each mapping accepts (every other key is an error). Catalogs/catalog.schema.json lists the same
  // keys; SchemaTests fails when the two differ.
  static let topLevelKeys = [
    "id", "name", "vendor", "currency", "effective_date", "sources", "notes", "terms", "default_term",
    "licensing", "features", "tiers", "add_ons", "$schema",
  ]
  static let licensingKeys = ["mixing", "concurrent_billing"]
  static let billingKeys = ["peak", "overage", "assumptions"]
  static let graceKeys = ["grace_minutes", "accrual"]
  static let sourceKeys = ["title", "url", "checked"]
  static let termKeys = ["id", "name", "months"]
  static let featureKeys = ["id", "name"]
  static let tierKeys = ["id", "name", "features", "licenses"]
  /// The keys of a tier's `licenses`: the licensing models.
  static let tierLicensesKeys = LicensingModel.allCases.map(\.rawValue)
  static let licenseKeys = ["storage_gb", "price", "overage_price"]
  static let addOnKeys = [
    "id", "name", "basis", "provides", "available_on", "included_with", "unit", "block_gb", "price", "aliases",
  ]
  static let addOnBases = ["per-user", "per-account", "per-unit", "storage"]
  static let inclusionKeys = ["tier", "licensing", "covers"]
  /// The keys of a price written `{amount, estimate}`; a price mapping's own keys are the term ids.
  static let priceDetailKeys = ["amount", "estimate"]

  static func read(_ root: Field, file: String) -> Catalog? {
    guard let top = root.mapping() else { return nil }
    top.rejectUnknownKeys(topLevelKeys)
    let id = top.required("id").flatMap { readID($0) }
    let name = top.required("name")?.string()
    let vendor = top.required("vendor")?.string()
    let currency = top.required("currency")?.string()
    if let currency, currency.count != 3 || !currency.allSatisfy(\.isUppercase) {
      top["currency"]?.error("\(quoted(currency)) is not a three-letter currency code such as USD")
    }
    let effectiveDate = top.required("effective_date")?.string()
    if let effectiveDate, !isISODate(effectiveDate) {
      top["effective_date"]?.error("\(quoted(effectiveDate)) is not a date written YYYY-MM-DD")
    }
    let sources = readSources(top.required("sources"))
    let notes = top["notes"]?.list()?.compactMap { $0.string() } ?? []
    let terms = readTerms(top.required("terms"))
    let termIDs = terms.map(\.id)
    var defaultTerm = terms.first?.id
    if let field = top["default_term"], let text = field.string() {
      if termIDs.contains(TermID(text)) {
        defaultTerm = TermID(text)
      } else {
        field.error("unknown term \(quoted(text)); the catalog's terms are \(list(termIDs.map(\.rawValue)))")
      }
    }
    var mixing = MixingPolicy.oneModelPerAccount
    var billing = ConcurrentBilling.hardCap
    if let licensing = top["licensing"]?.mapping() {
      if let field = licensing["concurrent_billing"] { billing = readBilling(field) }
      licensing.rejectUnknownKeys(licensingKeys)
      if let field = licensing["mixing"], let text = field.string() {
        if let policy = MixingPolicy(rawValue: text) {
          mixing = policy
        } else {
          field.error("\(quoted(text)) is not one of one-model-per-account, allowed")
        }
      }
    }
    let features = readFeatures(top.required("features"))
    let featureIDs = Set(features.map(\.id))
    let tiers = readTiers(top.required("tiers"), features: featureIDs, terms: termIDs)
    let addOns = readAddOns(top["add_ons"], features: featureIDs, tiers: tiers, terms: termIDs)
    checkOveragePrices(tiers, billing: billing, top: top)
    checkAddOnsAreUnambiguous(addOns, top: top)
    checkSKUsAreDistinct(tiers: tiers, addOns: addOns, top: top)
    // Only on an otherwise sound catalog: after an error, a feature can look unsold just because
    // the tier or add-on that sells it could not be read.
    if !top.reader.hasErrors { checkEveryFeatureIsSold(features, tiers: tiers, addOns: addOns, top: top) }

    guard let id, let name, let vendor, let currency, let effectiveDate, let defaultTerm else { return nil }
    return Catalog(
      id: id, name: name, vendor: vendor, currency: currency, effectiveDate: effectiveDate,
      sources: sources, notes: notes, features: features, terms: terms, defaultTerm: defaultTerm,
      mixing: mixing, tiers: tiers, addOns: addOns, file: file, concurrentBilling: billing)
  }

  /// `concurrent_billing: {peak: instant | {grace_minutes: 30, accrual: contiguous}, overage:
  /// not-allowed | per-excess-seat, assumptions: [...]}`.
  static func readBilling(_ field: Field) -> ConcurrentBilling {
    var billing = ConcurrentBilling.hardCap
    guard let fields = field.mapping() else { return billing }
    fields.rejectUnknownKeys(billingKeys)
    if let peak = fields["peak"] {
      if peak.node.mapping != nil, let grace = peak.mapping() {
        grace.rejectUnknownKeys(graceKeys)
        let minutes = grace.required("grace_minutes")?.integer(atLeast: 1, atMost: 44_640)
        let accrual = grace.required("accrual")?.choice(GraceAccrual.self)
        if let minutes, let accrual { billing.peak = .grace(minutes: minutes, accrual: accrual) }
      } else if let text = peak.string(), text != "instant" {
        peak.error("\(quoted(text)) is not instant or {grace_minutes: N, accrual: contiguous|cumulative}")
      }
    }
    if let overage = fields["overage"], let text = overage.string() {
      switch text {
      case "not-allowed": billing.overage = .notAllowed
      case "per-excess-seat": billing.overage = .perExcessSeat
      default: overage.error("\(quoted(text)) is not one of not-allowed, per-excess-seat")
      }
    }
    billing.assumptions = fields["assumptions"]?.list()?.compactMap { $0.string() } ?? []
    return billing
  }

  /// Overage billed per excess seat needs a price on every concurrent license; without it, none.
  static func checkOveragePrices(_ tiers: [Tier], billing: ConcurrentBilling, top: Fields) {
    for (t, tier) in tiers.enumerated() {
      guard let license = tier.licenses[.concurrent] else { continue }
      let path = "tiers[\(t)].licenses.concurrent"
      if billing.overage == .perExcessSeat && license.overagePrices.isEmpty {
        top.reader.report(
          top.reader.line(of: path), "\(path).overage_price",
          "is required: the catalog bills overage per excess seat (licensing.concurrent_billing.overage)")
      } else if billing.overage == .notAllowed && !license.overagePrices.isEmpty {
        top.reader.report(
          top.reader.line(of: "\(path).overage_price"), "\(path).overage_price",
          "the catalog allows no overage (licensing.concurrent_billing.overage); remove the price or allow overage")
      }
    }
  }

  // MARK: - Sections

  private static func readSources(_ field: Field?) -> [CatalogSource] {
    guard let items = field?.list() else { return [] }
    if items.isEmpty { field?.error("name at least one source for the catalog's facts") }
    return items.compactMap { item in
      guard let fields = item.mapping() else { return nil }
      fields.rejectUnknownKeys(sourceKeys)
      guard let title = fields.required("title")?.string() else { return nil }
      let checked = fields["checked"]?.string()
      if let checked, !isISODate(checked) {
        fields["checked"]?.error("\(quoted(checked)) is not a date written YYYY-MM-DD")
      }
      return CatalogSource(title: title, url: fields["url"]?.string(), checked: checked)
    }
  }

  private static func readTerms(_ field: Field?) -> [BillingTerm] {
    guard let items = field?.list() else { return [] }
    if items.isEmpty { field?.error("list at least one billing term") }
    var seen = Set<TermID>()
    return items.compactMap { item in
      guard let fields = item.mapping() else { return nil }
      fields.rejectUnknownKeys(termKeys)
      guard let id = fields.required("id").flatMap({ readID($0) }).map({ TermID($0) }),
        let name = fields.required("name")?.string(),
        let months = fields.required("months")?.integer(atLeast: 1, atMost: 120)
      else { return nil }
      if !seen.insert(id).inserted { fields["id"]?.error("term \(quoted(id)) is listed twice") }
      return BillingTerm(id: id, name: name, months: months)
    }
  }

  private static func readFeatures(_ field: Field?) -> [Feature] {
    guard let items = field?.list() else { return [] }
    var seen = Set<FeatureID>()
    return items.compactMap { item in
      guard let fields = item.mapping() else { return nil }
      fields.rejectUnknownKeys(featureKeys)
      guard let id = fields.required("id").flatMap({ readID($0) }).map({ FeatureID($0) }),
        let name = fields.required("name")?.string()
      else { return nil }
      if !seen.insert(id).inserted { fields["id"]?.error("feature \(quoted(id)) is listed twice") }
      return Feature(id: id, name: name)
    }
  }

  private static func readTiers(_ field: Field?, features: Set<FeatureID>, terms: [TermID]) -> [Tier] {
    guard let items = field?.list() else { return [] }
    if items.isEmpty { field?.error("list at least one tier") }
    var seen = Set<TierID>()
    return items.compactMap { item in
      guard let fields = item.mapping() else { return nil }
      fields.rejectUnknownKeys(tierKeys)
      let id = fields.required("id").flatMap { readID($0) }.map { TierID($0) }
      let name = fields.required("name")?.string()
      let tierFeatures = readFeatureList(fields.required("features"), known: features)
      var licenses: [LicensingModel: TierLicense] = [:]
      if let licenseFields = fields.required("licenses")?.mapping() {
        licenseFields.rejectUnknownKeys(tierLicensesKeys)
        for model in LicensingModel.allCases {
          guard let license = licenseFields[model.rawValue]?.mapping() else { continue }
          license.rejectUnknownKeys(licenseKeys)
          let storage = license["storage_gb"]?.integer() ?? 0
          let prices = readPrices(license.required("price"), terms: terms)
          var overage: [TermID: Price] = [:]
          if let field = license["overage_price"] {
            if model == .concurrent {
              overage = readPrices(field, terms: terms)
            } else {
              field.error("only concurrent licenses have overage")
            }
          }
          licenses[model] = TierLicense(storageGB: storage, prices: prices, overagePrices: overage)
        }
        if licenseFields.mapping.count == 0 {
          licenseFields.reader.report(
            licenseFields.line, licenseFields.path, "list at least one licensing model: named or concurrent")
        }
      }
      guard let id, let name else { return nil }
      if !seen.insert(id).inserted { fields["id"]?.error("tier \(quoted(id)) is listed twice") }
      return Tier(id: id, name: name, features: tierFeatures, licenses: licenses)
    }
  }

  private static func readAddOns(
    _ field: Field?, features: Set<FeatureID>, tiers: [Tier], terms: [TermID]
  ) -> [AddOn] {
    guard let items = field?.list() else { return [] }
    let tierIDs = tiers.map(\.id)
    var seen = Set<AddOnID>()
    var storageAddOns = 0
    return items.compactMap { item in
      guard let fields = item.mapping() else { return nil }
      fields.rejectUnknownKeys(addOnKeys)
      let id = fields.required("id").flatMap { readID($0) }.map { AddOnID($0) }
      let name = fields.required("name")?.string()
      let prices = readPrices(fields.required("price"), terms: terms)
      var basis: AddOnBasis?
      if let basisField = fields.required("basis"), let text = basisField.string() {
        let perUserOnly = ["provides", "available_on", "included_with"]
        // Against an unknown basis these would only repeat that one mistake.
        if addOnBases.contains(text) {
          if text != "per-user" {
            for key in perUserOnly { fields[key]?.error("only a per-user add-on has \(quoted(key))") }
          }
          if text != "per-unit" { fields["unit"]?.error("only a per-unit add-on has 'unit'") }
          if text != "storage" { fields["block_gb"]?.error("only a storage add-on has 'block_gb'") }
        }
        switch text {
        case "per-user":
          let provides = readFeatureList(fields.required("provides"), known: features)
          if let providesField = fields["provides"], provides.isEmpty, providesField.node.sequence?.count == 0 {
            providesField.error("a per-user add-on provides at least one feature")
          }
          let availableOn = readTierList(fields.required("available_on"), known: tierIDs)
          let inclusions = readInclusions(fields["included_with"], tiers: tiers)
          for (inclusion, field) in inclusions
          where !availableOn.contains(inclusion.tier) && inclusion.coverage == .seats {
            field.error(
              "tier \(quoted(inclusion.tier)) covers this add-on only up to its seats, so the add-on must also be available_on it to top up"
            )
          }
          basis = .perUser(provides: provides, availableOn: availableOn, includedWith: inclusions.map(\.0))
        case "per-account":
          basis = .perAccount
        case "per-unit":
          basis = .perUnit(unit: fields.required("unit")?.string() ?? "unit")
        case "storage":
          storageAddOns += 1
          if storageAddOns > 1 { basisField.error("a catalog sells at most one storage add-on") }
          basis = .storage(blockGB: fields.required("block_gb")?.integer(atLeast: 1) ?? 1)
        default:
          basisField.error("\(quoted(text)) is not one of \(addOnBases.joined(separator: ", "))")
        }
      }
      guard let id, let name, let basis else { return nil }
      if !seen.insert(id).inserted { fields["id"]?.error("add-on \(quoted(id)) is listed twice") }
      // Other names a batch column may give the add-on by (`toll-free-numbers` for `toll-free-number`).
      let aliases = fields["aliases"]?.stringList()?.compactMap { $0.string() } ?? []
      return AddOn(id: id, name: name, basis: basis, prices: prices, aliases: aliases)
    }
  }

  private static func readInclusions(_ field: Field?, tiers: [Tier]) -> [(Inclusion, Field)] {
    guard let items = field?.list() else { return [] }
    return items.compactMap { item in
      guard let fields = item.mapping() else { return nil }
      fields.rejectUnknownKeys(inclusionKeys)
      var tier: Tier?
      if let tierField = fields.required("tier"), let text = tierField.string() {
        tier = tiers.first { $0.id.rawValue == text }
        if tier == nil { tierField.error(unknown("tier", text, tiers.map(\.id.rawValue))) }
      }
      let model = fields.required("licensing")?.choice(LicensingModel.self)
      let coverage = fields.required("covers").flatMap { field -> Coverage? in
        guard let text = field.string() else { return nil }
        if let coverage = Coverage(rawValue: text) { return coverage }
        field.error("\(quoted(text)) is not one of all-users, seats")
        return nil
      }
      guard let tier, let model, let coverage else { return nil }
      if tier.licenses[model] == nil {
        fields["licensing"]?.error("tier \(quoted(tier.id)) sells no \(model.rawValue) licenses")
        return nil
      }
      return (Inclusion(tier: tier.id, model: model, coverage: coverage), item)
    }
  }

  /// Prices per term: `{annual: 69, monthly: 85}`, or `{annual: {amount: 25, estimate: "why"}}`.
  private static func readPrices(_ field: Field?, terms: [TermID]) -> [TermID: Price] {
    guard let fields = field?.mapping() else { return [:] }
    fields.rejectUnknownKeys(terms.map(\.rawValue))
    var prices: [TermID: Price] = [:]
    for term in terms {
      guard let priceField = fields[term.rawValue] else {
        fields.reader.report(
          fields.line, "\(fields.path).\(term.rawValue)",
          "is required: every price gives an amount for each of the catalog's terms (\(list(terms.map(\.rawValue))))")
        continue
      }
      if priceField.node.mapping != nil, let detail = priceField.mapping() {
        detail.rejectUnknownKeys(priceDetailKeys)
        guard let amount = detail.required("amount")?.decimal(atMost: Money.maximumUnitPrice) else { continue }
        if Money.units(amount) == nil { detail["amount"]?.error("\(amount) has more than four decimal places") }
        var estimate: String?
        if let estimateField = detail["estimate"] {
          estimate = estimateField.string()
        }
        prices[term] = Price(amount: amount, estimate: estimate)
      } else if let amount = priceField.decimal(atMost: Money.maximumUnitPrice) {
        if Money.units(amount) == nil { priceField.error("\(amount) has more than four decimal places") }
        prices[term] = Price(amount: amount)
      }
    }
    return prices
  }

  // MARK: - Cross checks

  /// An add-on id equal to a license SKU id (`pro-named`) would make prices and quantities ambiguous.
  private static func checkSKUsAreDistinct(tiers: [Tier], addOns: [AddOn], top: Fields) {
    let licenseSKUs = Set(
      tiers.flatMap { tier in tier.licenses.keys.map { SKU.license(tier.id, $0).id } })
    for (index, addOn) in addOns.enumerated() where licenseSKUs.contains(addOn.id.rawValue) {
      let path = "add_ons[\(index)].id"
      top.reader.report(
        top.reader.line(of: path), path,
        "add-on id \(quoted(addOn.id)) is also the SKU of a tier's license; choose another id")
    }
  }

  private static func checkAddOnsAreUnambiguous(_ addOns: [AddOn], top: Fields) {
    let items = top["add_ons"]?.node.sequence.map(Array.init) ?? []
    var providers: [String: AddOnID] = [:]
    for addOn in addOns {
      guard case .perUser(let provides, let availableOn, _) = addOn.basis else { continue }
      for feature in provides.sorted() {
        for tier in availableOn.sorted() {
          let key = "\(feature.rawValue)@\(tier.rawValue)"
          if let other = providers[key] {
            // Point at the later add-on's `provides`.
            let index = items.lastIndex { $0["id"]?.string == addOn.id.rawValue }
            let path = index.map { "add_ons[\($0)].provides" } ?? "add_ons"
            top.reader.report(
              top.reader.line(of: path), path,
              "add-ons \(quoted(other)) and \(quoted(addOn.id)) both provide \(quoted(feature)) on tier \(quoted(tier)); a catalog sells one add-on per feature per tier"
            )
          } else {
            providers[key] = addOn.id
          }
        }
      }
    }
  }

  private static func checkEveryFeatureIsSold(_ features: [Feature], tiers: [Tier], addOns: [AddOn], top: Fields) {
    var sold = Set<FeatureID>()
    for tier in tiers { sold.formUnion(tier.features) }
    for addOn in addOns {
      if case .perUser(let provides, _, _) = addOn.basis { sold.formUnion(provides) }
    }
    for feature in features where !sold.contains(feature.id) {
      top.reader.report(
        top.reader.line(of: "features"), "features",
        "feature \(quoted(feature.id)) is in no tier and no add-on, so no deal that needs it can be met",
        severity: .warning)
    }
  }

  // MARK: - Helpers

  static func readID(_ field: Field) -> String? {
    guard let text = field.string() else { return nil }
    guard isKebabCase(text) else {
      field.error("\(quoted(text)) is not a kebab-case id (lowercase letters, digits and single hyphens)")
      return nil
    }
    return text
  }

  private static func readFeatureList(_ field: Field?, known: Set<FeatureID>) -> Set<FeatureID> {
    guard let items = field?.stringList() else { return [] }
    var result = Set<FeatureID>()
    for item in items {
      guard let text = item.string() else { continue }
      let id = FeatureID(text)
      if known.contains(id) {
        result.insert(id)
      } else {
        item.error(unknown("feature", text, known.map(\.rawValue)))
      }
    }
    return result
  }

  private static func readTierList(_ field: Field?, known: [TierID]) -> Set<TierID> {
    guard let items = field?.stringList() else { return [] }
    var result = Set<TierID>()
    for item in items {
      guard let text = item.string() else { continue }
      if known.contains(TierID(text)) {
        result.insert(TierID(text))
      } else {
        item.error(unknown("tier", text, known.map(\.rawValue)))
      }
    }
    return result
  }
}

/// "unknown feature 'emial' (did you mean 'email'?)"
func unknown(_ kind: String, _ value: String, _ known: [String]) -> String {
  if let suggestion = nearest(to: value, in: known) {
    return "unknown \(kind) \(quoted(value)) (did you mean \(quoted(suggestion))?)"
  }
  return "unknown \(kind) \(quoted(value)); known: \(list(Set(known).sorted().map { escaped($0) }))"
}

func list(_ items: [String]) -> String { items.joined(separator: ", ") }

func isKebabCase(_ text: String) -> Bool {
  guard !text.isEmpty, !text.hasPrefix("-"), !text.hasSuffix("-"), !text.contains("--") else { return false }
  return text.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "-" }
}

func isISODate(_ text: String) -> Bool {
  let parts = text.split(separator: "-", omittingEmptySubsequences: false)
  guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
    let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
  else { return false }
  return (1...12).contains(month) && (1...31).contains(day)
}

/// Whether a file holds a catalog (a top-level `tiers` key) rather than a deal.
public func looksLikeCatalog(file: String) -> Bool {
  guard let (_, root) = try? DocumentReader.parse(file: file), let mapping = root.mapping else { return false }
  return mapping.keys.contains { $0.string == "tiers" }
}
