import Foundation

/// `plan.json`: everything `seatmix optimize --format json` writes, plus a `report` object with
/// the comparison, break-even, headroom, sensitivity and assumptions. Keys sorted, money as
/// numbers with at most two decimals, ratios as whole or one-decimal percents.
enum ReportJSON {
  struct Document: Encodable {
    var plan: PlanJSON.Document
    var annualTotal: Decimal?
    var report: Report

    enum CodingKeys: String, CodingKey {
      case annualTotal
      case report
    }

    func encode(to encoder: any Encoder) throws {
      try plan.encode(to: encoder)
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encodeIfPresent(annualTotal, forKey: .annualTotal)
      try container.encode(report, forKey: .report)
    }
  }

  struct Report: Encodable {
    var mix: MixJSON?
    var comparison: [Row]
    var topTierNamed: Baseline?
    var breakEven: BreakEvenJSON?
    var headroom: [HeadroomJSON]
    var sensitivity: [SensitivityJSON]
    var fixedPriceItems: [String]
    var search: Search
    var solves: Int
    var unprovenSolves: Int
    var catalogSources: [Source]
    var catalogNotes: [String]
    /// Deals with pools over time only: what pooling saves (the pools themselves are in the
    /// plan's `concurrency`), and how the what-ifs sized groups with profiles.
    var pooling: Pooling?
  }

  struct Pooling: Encodable {
    var savedSeats: Int
    var savedMonthly: Decimal
    var savedTerm: Decimal
    var whatIfProfiles: String?
  }

  struct MixJSON: Encodable {
    var label: String
    var groups: [Choice]
  }

  struct Choice: Encodable {
    var group: String
    var tier: String
    var licensing: String
    var addOns: [String]
    var seatCoveredAddOns: [String]
    var includedAddOns: [String]
  }

  struct Row: Encodable {
    var plan: String
    var name: String
    var term: String
    var termMonths: Int
    var dealTerm: Bool
    var outsideDealLicensing: Bool
    var monthly: Decimal?
    var annual: Decimal?
    var termTotal: Decimal?
    var againstOptimumAnnual: Decimal?
    var provenOptimal: Bool?
    var notPossibleBecause: String?
    var notSolvedBecause: String?
  }

  struct Baseline: Encodable {
    var plan: String
    var monthly: Decimal?
    var savingsMonthly: Decimal?
    var savingsAnnual: Decimal?
    var savingsTerm: Decimal?
    var outsideDealLicensing: Bool
    var notPossibleBecause: String?
    var notSolvedBecause: String?
  }

  struct BreakEvenJSON: Encodable {
    var currentRatioPercent: Decimal
    var verdict: String
    var concurrentStopsPayingAtPercent: Int?
    var points: [Point]
  }

  struct Point: Encodable {
    var ratioPercent: Int
    var named: Decimal?
    var concurrent: Decimal?
    var optimum: Decimal?
    var optimumMix: String
  }

  struct Change: Encodable {
    var changes: String
    var mix: MixJSON?
    var monthly: Decimal?
  }

  struct HeadroomJSON: Encodable {
    var group: String
    var agents: Int
    var peakConcurrent: Int
    var moreAgents: Int?
    var agentsSearchedUpTo: Int
    var agentsChange: Change?
    var morePeak: Int?
    var peakSearchedUpTo: Int
    var peakChange: Change?
    /// Present (true) only when that search stopped at the solve budget: nothing beyond its
    /// `…SearchedUpTo` was searched.
    var agentsSearchStoppedAtSolveBudget: Bool?
    var peakSearchStoppedAtSolveBudget: Bool?
    /// Present (true) only when that search stopped because the solver failed on the next size.
    var agentsSearchStoppedAtUnsolvedSize: Bool?
    var peakSearchStoppedAtUnsolvedSize: Bool?
  }

  struct SensitivityJSON: Encodable {
    var sku: String
    var unitPrice: Decimal
    var listPrice: Decimal
    var estimatedPrice: Bool
    var priceBasis: String
    var quantity: Int
    var holdsFrom: Decimal
    var holdsTo: Decimal
    var holdsDownToZero: Bool
    var searchedUpTo: Decimal
    var below: Change?
    var above: Change?
  }

  struct Search: Encodable {
    var breakEvenRatiosPercent: [Int]
    var agentSearchFactor: Int
    var minimumAgentSearch: Int
    var priceSearchFactor: Decimal
    var minimumPriceSearch: Decimal
    var gridPoints: Int
  }

  struct Source: Encodable {
    var title: String
    var url: String?
    var checked: String?
  }

  static func render(_ report: DealReport) -> String {
    let catalog = report.catalog
    let text = ReportText(report)
    func mixJSON(_ mix: Mix) -> MixJSON? {
      guard mix.hasPlan else { return nil }
      return MixJSON(
        label: mix.label(catalog),
        groups: mix.choices.map {
          Choice(
            group: $0.group, tier: $0.tier.rawValue, licensing: $0.model.rawValue, addOns: $0.addOns.map(\.rawValue),
            seatCoveredAddOns: $0.seatCoveredAddOns.map(\.rawValue), includedAddOns: $0.includedAddOns.map(\.rawValue))
        })
    }
    func change(_ change: MixChange?) -> Change? {
      change.map {
        Change(
          changes: report.mix.changes(to: $0.mix, catalog), mix: mixJSON($0.mix), monthly: $0.monthly)
      }
    }
    let optimumAnnual = text.optimumAnnual
    let baseline = report.topTierNamed.map { row in
      let saved = report.savingsAgainstTopTierNamed
      return Baseline(
        plan: row.id, monthly: row.monthly, savingsMonthly: saved, savingsAnnual: saved.map { $0 * 12 },
        savingsTerm: saved.map { $0 * Decimal(report.analysis.term.months) },
        outsideDealLicensing: row.outsideDealLicensing,
        notPossibleBecause: row.outcome.notPossibleBecause, notSolvedBecause: row.outcome.notSolvedBecause)
    }
    let breakEven = report.breakEven.map { breakEven in
      var verdict = ""
      var crossover: Int?
      switch breakEven.verdict {
      case .crossover(let ratio):
        verdict = "crossover"
        crossover = ratio
      case .concurrentAlwaysCheaper: verdict = "concurrent-always-cheaper"
      case .namedAlwaysCheaper: verdict = "named-always-cheaper"
      case .unavailable: verdict = "unavailable"
      }
      return BreakEvenJSON(
        currentRatioPercent: breakEven.currentRatioPercent, verdict: verdict, concurrentStopsPayingAtPercent: crossover,
        points: breakEven.points.map {
          Point(
            ratioPercent: $0.ratioPercent, named: $0.named, concurrent: $0.concurrent, optimum: $0.optimum,
            optimumMix: $0.optimumMix.label(catalog))
        })
    }
    let settings = report.settings
    let document = Document(
      plan: PlanJSON.document(report.analysis),
      annualTotal: report.plan.map { $0.monthlyTotal * 12 },
      report: Report(
        mix: mixJSON(report.mix),
        comparison: report.comparison.map { row in
          Row(
            plan: row.id, name: row.name(catalog), term: row.term.id.rawValue, termMonths: row.term.months,
            dealTerm: row.isDealTerm, outsideDealLicensing: row.outsideDealLicensing, monthly: row.monthly,
            annual: row.annual, termTotal: row.plan?.termTotal,
            againstOptimumAnnual: row.annual.flatMap { annual in optimumAnnual.map { annual - $0 } },
            provenOptimal: row.plan?.status.isOptimal,
            notPossibleBecause: row.outcome.notPossibleBecause, notSolvedBecause: row.outcome.notSolvedBecause)
        },
        topTierNamed: baseline, breakEven: breakEven,
        headroom: report.headroom.map {
          HeadroomJSON(
            group: $0.group, agents: $0.agents, peakConcurrent: $0.peak, moreAgents: $0.moreAgents,
            agentsSearchedUpTo: $0.agentLimit, agentsChange: change($0.agentChange), morePeak: $0.morePeak,
            peakSearchedUpTo: $0.peakLimit, peakChange: change($0.peakChange),
            agentsSearchStoppedAtSolveBudget: $0.agentSearchStopped && !$0.agentSearchUnsolved ? true : nil,
            peakSearchStoppedAtSolveBudget: $0.peakSearchStopped && !$0.peakSearchUnsolved ? true : nil,
            agentsSearchStoppedAtUnsolvedSize: $0.agentSearchUnsolved ? true : nil,
            peakSearchStoppedAtUnsolvedSize: $0.peakSearchUnsolved ? true : nil)
        },
        sensitivity: report.sensitivity.map {
          SensitivityJSON(
            sku: $0.sku.id, unitPrice: $0.price.amount, listPrice: $0.price.listAmount,
            estimatedPrice: $0.price.isEstimate, priceBasis: $0.basis, quantity: $0.quantity, holdsFrom: $0.low,
            holdsTo: $0.high, holdsDownToZero: $0.belowChange == nil, searchedUpTo: $0.searchedUpTo,
            below: change($0.belowChange), above: change($0.aboveChange))
        },
        fixedPriceItems: report.fixedItems.map(\.sku.id),
        search: Search(
          breakEvenRatiosPercent: settings.breakEvenRatios, agentSearchFactor: settings.agentSearchFactor,
          minimumAgentSearch: settings.minimumAgentSearch, priceSearchFactor: settings.priceSearchFactor,
          minimumPriceSearch: settings.minimumPriceSearch, gridPoints: settings.gridPoints),
        solves: report.solves, unprovenSolves: report.unprovenSolves,
        catalogSources: catalog.sources.map { Source(title: $0.title, url: $0.url, checked: $0.checked) },
        catalogNotes: catalog.notes,
        pooling: text.concurrency.map { concurrency -> Pooling in
          let (seats, units) = text.poolingSavings(concurrency)
          return Pooling(
            savedSeats: seats, savedMonthly: Money.decimal(units: units),
            savedTerm: Money.decimal(units: units * Int64(report.analysis.term.months)),
            whatIfProfiles: WhatIf.profileSentence(report.deal))
        }))
    return PlanJSON.encode(document)
  }
}
