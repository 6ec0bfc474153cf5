import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// `PlanJSONWriter` must write what `JSONEncoder` writes of the same ``PlanJSON/Document``
/// (`PlanJSON.encode`, the encoder `optimize -f json` used before it), byte for byte.
@Suite struct PlanJSONWriterTests {
  static func encoder(_ document: PlanJSON.Document) -> String {
    PlanJSON.encode(document, convertingKeys: false)
  }

  static func writer(_ document: PlanJSON.Document) -> String? {
    PlanJSONWriter.write(document).map { String(decoding: $0, as: UTF8.self) + "\n" }
  }

  /// Every example deal and the deal fixtures that plan (the infeasible one too), under each
  /// licensing and term choice the golden runs use.
  static let deals: [String] = {
    let examples = Examples.deals + ["Examples/mixed-center.json", "Examples/concurrency/two-sites-week.yaml"]
    let fixtures = ["good-deal.json", "infeasible-forced-essentials-email.yaml"].map {
      "Tests/SeatMixTests/Fixtures/deals/\($0)"
    }
    return examples + fixtures
  }()

  @Test(arguments: deals)
  func everyDealsPlanIsWrittenAsJSONEncoderWritesIt(deal: String) throws {
    let loaded = try DealLoader.load(file: repositoryFile(deal))
    let optimizer = Optimizer(solver: GLPKSolver())
    var variants = [loaded.deal]
    for licensing in [LicensingChoice.named, .concurrent] {
      var variant = loaded.deal
      variant.licensing = licensing
      variants.append(variant)
    }
    for deal in variants {
      let analysis = try optimizer.analyze(deal, catalog: loaded.catalog)
      let document = PlanJSON.document(analysis)
      #expect(Self.writer(document) == Self.encoder(document), "\(deal.name) \(deal.licensing)")
      #expect(PlanJSON.render(analysis) == Self.encoder(document))
    }
  }

  /// Documents built to reach every rule: every optional present and absent, empty and nested
  /// containers, strings with every ASCII character and others, amounts in and out of units,
  /// doubles of every size, Decimals.
  @Test(arguments: 0..<60)
  func everyRuleIsWrittenAsJSONEncoderWritesIt(seed: UInt64) throws {
    let document = Self.document(seed: seed)
    #expect(Self.writer(document) == Self.encoder(document))
  }

  @Test func aDocumentJSONEncoderRefusesFallsBackToIt() {
    var document = Self.document(seed: 1)
    document.gap = .nan
    #expect(PlanJSONWriter.write(document) == nil)
    document.gap = .infinity
    #expect(PlanJSONWriter.write(document) == nil)
    #expect(Self.encoder(document) == "{}\n")
  }

  static func document(seed: UInt64) -> PlanJSON.Document {
    var random = SplitMix64(seed: seed)
    let scalars: [Character] =
      (0..<0x80).map { Character(UnicodeScalar(UInt8($0))) } + ["é", "€", "𝄞", "\u{2028}", "\u{2029}", "\r\n"]
    func text() -> String {
      String((0..<random.int(0...12)).map { _ in random.pick(scalars) })
    }
    func texts() -> [String] { (0..<random.int(0...3)).map { _ in text() } }
    func maybe<T>(_ make: () -> T) -> T? { random.chance(50) ? make() : nil }
    func double() -> Double {
      switch random.int(0...4) {
      case 0: return Double(random.int(0...1000)) - 500
      case 1: return Double(random.int(0...1_000_000)) / 1000
      case 2: return Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
      case 3: return -1 / Double(random.int(1...97))
      default: return Double(random.int(0...1_000_000)) * 1e12
      }
    }
    func decimal() -> Decimal {
      let decimals = [
        Decimal(string: "0")!, Decimal(string: "1234.5")!, Decimal(string: "-0.01")!, Decimal(string: "105.00")!,
      ]
      return random.chance(50) ? random.pick(decimals) : Decimal(random.int(-99_999...99_999)) / 100
    }
    func units() -> Int64 {
      switch random.int(0...3) {
      case 0: return Int64(random.int(-1000...1000)) * Money.unitsPerWhole
      case 1: return Int64(random.int(-10_000_000...10_000_000))
      case 2: return Int64(bitPattern: random.next())
      default:
        return random.pick([0, Int64.max, Int64.min, PlanJSON.Amount.doubleLimit, -PlanJSON.Amount.doubleLimit + 1])
      }
    }
    func amount() -> PlanJSON.Amount { random.chance(70) ? .units(units()) : .exact(decimal()) }
    func int() -> Int { random.chance(80) ? random.int(-5...1000) : random.pick([Int.min, Int.max]) }
    func months() -> [PlanJSON.Month] {
      (0..<random.int(0...3)).map { _ in
        PlanJSON.Month(month: text(), pooledPeak: int(), billablePeak: int(), excess: int(), overage: amount())
      }
    }
    return PlanJSON.Document(
      deal: text(),
      catalog: PlanJSON.CatalogInfo(id: text(), name: text(), effectiveDate: text(), currency: text()),
      term: text(), termMonths: int(), licensing: text(), mixingAllowed: random.chance(50), status: text(),
      provenOptimal: random.chance(50), gap: maybe(double), infeasibleBecause: maybe(texts),
      groups: maybe {
        (0..<random.int(0...3)).map { _ in
          PlanJSON.Group(
            name: text(), agents: int(), peakConcurrent: int(), tier: text(), licensing: text(), addOns: texts(),
            seatCoveredAddOns: texts(), includedAddOns: texts())
        }
      },
      lineItems: maybe {
        (0..<random.int(0...3)).map { _ in
          PlanJSON.Item(
            sku: text(), name: text(), quantity: int(), unitPrice: amount(), listPrice: decimal(),
            estimatedPrice: random.chance(50), priceAdjustment: maybe(text), monthly: amount(), termTotal: amount(),
            groups: (0..<random.int(0...2)).map { _ in PlanJSON.GroupShare(group: text(), quantity: int()) },
            reason: text())
        }
      },
      monthlyTotal: maybe(amount), termTotal: maybe(amount),
      singlePlans: (0..<random.int(0...3)).map { _ in
        PlanJSON.Single(
          plan: text(), tier: text(), licensing: text(), monthly: maybe(amount), termTotal: maybe(amount),
          provenOptimal: maybe { random.chance(50) }, notPossibleBecause: maybe(text), notSolvedBecause: maybe(text))
      },
      bestSinglePlan: maybe(text), savingsMonthly: maybe(decimal), savingsTerm: maybe(decimal), warnings: texts(),
      concurrency: maybe {
        PlanJSON.Concurrency(
          grid: text(), start: text(), intervals: int(), billingMonths: int(), source: text(), peakMeasure: text(),
          overage: text(), exactAtGrid: random.chance(50), notes: texts(), baseMonthly: amount(),
          overageTotal: amount(), gridTotal: amount(),
          pools: (0..<random.int(0...2)).map { _ in
            PlanJSON.Pool(
              tier: text(), name: text(), seats: int(), groups: texts(), pooledPeak: int(), pooledPeakAt: text(),
              sumOfPeaks: int(), savedSeats: int(), savedMonthly: amount(), overagePrice: amount(), months: months(),
              measured: maybe(months))
          })
      })
  }
}
