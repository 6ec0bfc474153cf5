import Foundation

/// The output formats of `seatmix optimize`.
public enum OutputFormat: String, Sendable, CaseIterable {
  case table
  case json
  case markdown
}

/// Renders an ``Analysis`` for people (table, Markdown) and programs (JSON). Output depends only on
/// the analysis, so the same deal gives the same bytes.
public enum PlanRenderer {
  public static func render(_ analysis: Analysis, as format: OutputFormat) -> String {
    switch format {
    case .table: return text(analysis, markdown: false)
    case .markdown: return text(analysis, markdown: true)
    case .json: return PlanJSON.render(analysis)
    }
  }

  static func text(_ analysis: Analysis, markdown: Bool) -> String {
    let catalog = analysis.catalog
    let currency = catalog.currency
    func money(_ amount: Decimal) -> String { Money.format(amount, currency: currency) }
    func heading(_ title: String) -> String { markdown ? "## \(title)" : title }
    func table(_ table: TextTable) -> String { markdown ? table.markdown() : table.plain() }
    func bullet(_ text: String) -> String { markdown ? "- \(text)" : "  - \(text)" }

    var out: [String] = []
    out.append(markdown ? "# SeatMix plan: \(analysis.deal.name)" : "SeatMix plan: \(analysis.deal.name)")
    out.append("")
    let licensing =
      analysis.deal.licensing == .any ? "any (named or concurrent)" : analysis.deal.licensing.rawValue
    let facts = [
      "Catalog: \(catalog.name) (\(catalog.id), effective \(catalog.effectiveDate))",
      "Term: \(analysis.term.name), \(analysis.term.months) month\(analysis.term.months == 1 ? "" : "s")",
      "Licensing: \(licensing); \(analysis.mixingAllowed ? "named and concurrent may be mixed" : "one licensing model per account")",
    ]
    out += facts.map { markdown ? "- \($0)" : $0 }

    switch analysis.outcome {
    case .infeasible(let infeasibility):
      out.append((markdown ? "- " : "") + "Status: infeasible, no license mix meets the requirements")
      out.append("")
      out.append(heading("Why"))
      out += infeasibility.reasons.map(bullet)
    case .noPlanFound:
      out.append((markdown ? "- " : "") + "Status: \(analysis.outcome.summary)")
    case .planned(let plan):
      out.append((markdown ? "- " : "") + "Status: \(analysis.outcome.summary)")
      out.append("")
      out.append(heading("Groups"))
      var groups = TextTable([
        ("Group", .left), ("Agents", .right), ("Peak", .right), ("Tier", .left), ("Licensing", .left),
        ("Add-ons", .left),
      ])
      for assignment in plan.assignments {
        var addOns = assignment.addOns.map(\.rawValue)
        addOns += assignment.seatCoveredAddOns.map { "\($0) (with seats, topped up)" }
        addOns += assignment.includedAddOns.map { "\($0) (included)" }
        groups.add([
          assignment.group, "\(assignment.agents)", "\(assignment.peakConcurrent)",
          catalog.tier(assignment.tier)?.name ?? assignment.tier.rawValue, assignment.model.rawValue,
          addOns.isEmpty ? "-" : addOns.joined(separator: ", "),
        ])
      }
      out.append(table(groups))
      out.append("")
      out.append(heading("Line items"))
      var items = TextTable([
        ("SKU", .left), ("Qty", .right), ("Unit/month", .right), ("Monthly", .right),
        ("Term total", .right),
      ])
      for item in plan.lineItems {
        items.add([
          item.sku.id, "\(item.quantity)",
          money(item.unitPrice.amount) + (item.unitPrice.isEstimate ? "*" : ""), money(item.monthly),
          money(item.monthly * Decimal(plan.termMonths)),
        ])
      }
      if let concurrency = plan.concurrency, concurrency.overageUnits > 0 {
        let monthly = plan.monthlyTotal - Money.decimal(units: concurrency.baseMonthlyUnits)
        let term = plan.termTotal - Money.decimal(units: concurrency.baseMonthlyUnits) * Decimal(plan.termMonths)
        items.add([concurrency.months == 1 ? "overage" : "overage (average)", "", "", money(monthly), money(term)])
      }
      items.add(["Total", "", "", money(plan.monthlyTotal), money(plan.termTotal)])
      out.append(table(items))
      if plan.lineItems.contains(where: \.unitPrice.isEstimate) {
        out.append(markdown ? "\n\\* estimated price (see warnings)" : "  * estimated price (see warnings)")
      }
      out.append("")
      out.append(heading("Why each line"))
      for item in plan.lineItems {
        var reason = item.reason
        if let adjustment = item.unitPrice.adjustment {
          reason += " [\(adjustment) on \(money(item.unitPrice.listAmount))]"
        }
        out.append(bullet("\(item.sku.id) × \(item.quantity): \(reason)"))
      }
      if let concurrency = plan.concurrency {
        out.append("")
        out += concurrencyLines(concurrency, currency: currency, markdown: markdown)
      }
    }

    out.append("")
    out.append(heading("Against single plans (everyone on one tier and one model)"))
    let planName = analysis.plan?.status.planName ?? "the optimum"
    var singles = TextTable([
      ("Plan", .left), ("Monthly", .right), ("Term total", .right), ("Against \(planName)", .left),
    ])
    let optimum = analysis.plan?.monthlyTotal
    for single in analysis.singlePlans {
      let name = "\(catalog.tier(single.tier)?.name ?? single.tier.rawValue) \(single.model.rawValue)"
      if let plan = single.plan {
        var comparison = "-"
        if let optimum {
          let extra = plan.monthlyTotal - optimum
          comparison = extra == 0 ? "same cost" : "+\(money(extra))/month"
        }
        if !plan.status.isOptimal { comparison += " (not proven optimal)" }
        singles.add([name, money(plan.monthlyTotal), money(plan.termTotal), comparison])
      } else {
        singles.add([name, "-", "-", single.outcome.noPlanNote])
      }
    }
    out.append(table(singles))
    if let best = analysis.bestSinglePlan, let bestPlan = best.plan, let plan = analysis.plan {
      let name = "\(catalog.tier(best.tier)?.name ?? best.tier.rawValue) \(best.model.rawValue)"
      let savings = bestPlan.monthlyTotal - plan.monthlyTotal
      out.append("")
      if savings == 0 {
        out.append("Best single plan: \(name) at \(money(bestPlan.monthlyTotal))/month, the same cost as \(planName).")
      } else {
        let percent = Money.double(savings) / Money.double(bestPlan.monthlyTotal) * 100
        out.append(
          "Best single plan: \(name) at \(money(bestPlan.monthlyTotal))/month; \(planName) saves \(money(savings))/month (\(String(format: "%.1f", percent))%), \(money(savings * Decimal(plan.termMonths))) over the term."
        )
      }
    } else if analysis.plan != nil {
      out.append("")
      out.append("No single plan fits every group; only a mix does.")
    }

    if !analysis.warnings.isEmpty {
      out.append("")
      out.append(heading("Warnings"))
      out += analysis.warnings.map(bullet)
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// The pools over time: pooled peak against the sum of peaks, what pooling saves, the months with
  /// overage, the measured bill, and what the grid cannot express.
  static func concurrencyLines(_ concurrency: PlanConcurrency, currency: String, markdown: Bool) -> [String] {
    func money(_ units: Int64) -> String { Money.format(Money.decimal(units: units), currency: currency) }
    func heading(_ title: String) -> String { markdown ? "## \(title)" : title }
    func table(_ table: TextTable) -> String { markdown ? table.markdown() : table.plain() }
    func bullet(_ text: String) -> String { markdown ? "- \(text)" : "  - \(text)" }
    let grid = concurrency.grid
    var out: [String] = [heading("Concurrency over time")]
    let months = concurrency.months
    let facts = [
      "Grid: \(grid.count) × \(grid.step) interval\(grid.count == 1 ? "" : "s") from \(IntervalGrid.iso(grid.start)), \(months) billing month\(months == 1 ? "" : "s") (\(concurrency.source))",
      "Billed: \(concurrency.measure) per month; overage \(concurrency.overage == .notAllowed ? "not allowed (the pool covers every month's billable peak)" : "per excess seat per month")",
    ]
    out += facts.map { markdown ? "- \($0)" : $0 }
    out.append("")
    var pools = TextTable([
      ("Pool", .left), ("Groups", .right), ("Seats", .right), ("Peak of the sum", .right), ("Sum of peaks", .right),
      ("Pooling saves", .right),
    ])
    for pool in concurrency.pools {
      pools.add([
        pool.name, "\(pool.groups.count)", "\(pool.seats)",
        "\(pool.pooledPeak) at \(IntervalGrid.iso(grid.start(of: pool.pooledPeakInterval)))", "\(pool.sumOfPeaks)",
        pool.savedSeats == 0 ? "-" : "\(pool.savedSeats) seats, \(money(pool.savedUnits))/month",
      ])
    }
    out.append(table(pools))
    let overageMonths = concurrency.pools.flatMap { pool in pool.months.filter { $0.excess > 0 }.map { (pool, $0) } }
    if overageMonths.isEmpty {
      out.append("")
      out.append("No month has overage.")
    } else {
      out.append("")
      var overage = TextTable([
        ("Pool", .left), ("Month", .left), ("Peak", .right), ("Billable peak", .right), ("Excess", .right),
        ("Overage", .right),
      ])
      for (pool, month) in overageMonths {
        overage.add([
          pool.name, month.month, "\(month.pooledPeak)", "\(month.billablePeak)", "\(month.excess)",
          money(month.overageUnits),
        ])
      }
      out.append(table(overage))
      out.append("")
      out.append(
        "Overage over the grid's \(months) month\(months == 1 ? "" : "s"): \(money(concurrency.overageUnits))\(months == 1 ? "" : ", spread over them in the monthly total")."
      )
    }
    let measured = concurrency.pools.filter { $0.measured != nil }
    if !measured.isEmpty {
      out.append("")
      out.append(heading("Measured bill (minute-level sessions)"))
      var bill = TextTable([
        ("Pool", .left), ("Month", .left), ("Peak", .right), ("Billable peak", .right), ("Excess", .right),
        ("Overage", .right),
      ])
      for pool in measured {
        for month in pool.measured ?? [] {
          bill.add([
            pool.name, month.month, "\(month.pooledPeak)", "\(month.billablePeak)", "\(month.excess)",
            money(month.overageUnits),
          ])
        }
      }
      out.append(table(bill))
    }
    if !concurrency.notes.isEmpty {
      out.append("")
      out += concurrency.notes.map(bullet)
    }
    return out
  }
}
