import Foundation

/// `report.md`: the report's seven sections (eight with pools over time) as Markdown, tables where
/// the HTML has charts.
enum ReportMarkdown {
  /// Section 3 of a report with pools over time: the HTML's figures without its charts.
  static func poolsSection(_ text: ReportText, _ concurrency: PlanConcurrency) -> [String] {
    var out = ["## \(ReportText.poolsSection). Pools over time", "", text.poolsIntro, ""]
    for (key, value) in text.poolFacts(concurrency) { out.append("- \(key): \(value)") }
    out.append("")
    if concurrency.pools.isEmpty {
      out += ["The plan licenses every group named: there is no concurrent pool to size over time.", ""]
    }
    let grid = concurrency.grid
    func table(_ header: [String], _ rows: [[String]]) -> [String] {
      var table = TextTable(
        header.enumerated().map { ($0.element, $0.offset == 0 ? TextTable.Alignment.left : .right) })
      for row in rows { table.add(row) }
      return [table.markdown(), ""]
    }
    for pool in concurrency.pools {
      out += ["### \(pool.name) pool", ""]
      out += table(
        ["Pool", "Seats", "Peak of the sum", "Sum of the groups' peaks", "Pooling saves", "Overage over the grid"],
        [
          [
            pool.name, "\(pool.seats)", "\(pool.pooledPeak) (\(text.intervalText(pool.pooledPeakInterval, grid)))",
            "\(pool.sumOfPeaks)",
            pool.savedSeats == 0 ? "-" : "\(pool.savedSeats) seats, \(text.money(units: pool.savedUnits))/month",
            text.money(units: pool.overageUnits),
          ]
        ])
      out += [text.poolSentence(pool, concurrency), ""]
      if text.showsMonths(pool, concurrency) {
        let (header, rows) = text.monthTable(pool, concurrency)
        out += ["Month by month:", ""] + table(header, rows) + [text.monthsNote(pool, concurrency), ""]
      }
      if let (header, rows) = text.measuredTable(pool), let sentence = text.measuredSentence(pool, concurrency) {
        out += ["Measured bill (minute-level sessions): \(sentence)", ""] + table(header, rows)
      }
    }
    if !concurrency.notes.isEmpty {
      out += concurrency.notes.map { "- \($0)" } + [""]
    }
    return out
  }

  static func render(_ report: DealReport) -> String {
    let text = ReportText(report)
    let catalog = report.catalog
    var out: [String] = []
    func line(_ string: String = "") { out.append(string) }
    func table(_ table: TextTable) {
      out.append(table.markdown())
      out.append("")
    }

    line("# \(text.title)")
    line()
    for (key, value) in text.facts { line("- \(key): \(value)") }
    line()

    line("## 1. Summary")
    line()
    if let plan = report.plan {
      line(text.headline(plan))
      line()
      line("The mix: \(text.mixSentence(plan))")
      line()
      var summary = TextTable([
        ("Plan", .left), ("Monthly", .right), ("Annual", .right), ("Term total", .right), ("", .left),
      ])
      for row in text.summaryRows(plan) {
        summary.add([
          row.name, text.money(row.monthly), text.money(row.monthly.map { $0 * 12 }),
          text.money(row.monthly.map { $0 * Decimal(plan.termMonths) }), row.note,
        ])
      }
      table(summary)
      for sentence in text.savingsSentences(plan) { line("- \(sentence)") }
      line()
      var groups = TextTable([
        ("Group", .left), ("Agents", .right), ("Peak", .right), ("Tier", .left), ("Licensing", .left),
        ("Add-ons", .left),
      ])
      for assignment in plan.assignments {
        groups.add([
          assignment.group, "\(assignment.agents)", "\(assignment.peakConcurrent)",
          catalog.tier(assignment.tier)?.name ?? assignment.tier.rawValue, assignment.model.rawValue,
          text.addOnsCell(assignment),
        ])
      }
      table(groups)
    } else {
      line("No plan meets the deal:")
      line()
      for reason in text.noPlanReasons { line("- \(reason)") }
      line()
    }

    line("## 2. Line items")
    line()
    if let plan = report.plan {
      var items = TextTable([
        ("SKU", .left), ("Item", .left), ("Qty", .right), ("Unit/month", .right), ("Monthly", .right),
        ("Annual", .right), ("Term total", .right), ("Why", .left),
      ])
      for item in plan.lineItems {
        items.add([
          item.sku.id, item.name, "\(item.quantity)", text.unitPrice(item.unitPrice), text.money(item.monthly),
          text.money(item.monthly * 12), text.money(item.monthly * Decimal(plan.termMonths)), text.reason(item),
        ])
      }
      items.add([
        "Total", "", "", "", text.money(plan.monthlyTotal), text.money(plan.monthlyTotal * 12),
        text.money(plan.termTotal), "",
      ])
      table(items)
      if plan.lineItems.contains(where: \.unitPrice.isEstimate) {
        line("\\* estimated price: not published by the vendor (see section \(text.section(7))).")
        line()
      }
    } else {
      line("No plan, no line items.")
      line()
    }

    if let concurrency = text.concurrency { out += poolsSection(text, concurrency) }

    line("## \(text.section(3)). Plan comparison")
    line()
    line(text.comparisonIntro)
    line()
    var comparison = TextTable([
      ("Plan", .left), ("Billing", .left), ("Monthly", .right), ("Annual", .right),
      ("Against \(text.planName)", .right),
      ("Note", .left),
    ])
    for row in report.comparison {
      comparison.add([
        row.name(catalog), row.term.name + (row.isDealTerm ? " (deal)" : ""), text.money(row.monthly),
        text.money(row.annual), text.comparisonDelta(row), text.comparisonNote(row),
      ])
    }
    table(comparison)

    line("## \(text.section(4)). Named vs concurrent break-even")
    line()
    if let breakEven = report.breakEven {
      line(text.breakEvenIntro(breakEven))
      line()
      line("**\(text.verdict(breakEven))**")
      line()
      var points = TextTable([
        ("Concurrency", .right), ("All named", .right), ("All concurrent", .right), ("Optimum", .right),
        ("Optimal mix", .left),
      ])
      for point in breakEven.points {
        points.add([
          "\(point.ratioPercent)%", text.money(point.named), text.money(point.concurrent), text.money(point.optimum),
          point.optimumMix.label(catalog),
        ])
      }
      table(points)
    } else {
      line("No plan meets the deal, so there is nothing to break even.")
      line()
    }

    line("## \(text.section(5)). Headroom")
    line()
    if report.headroom.isEmpty {
      line("No plan meets the deal, so there is no headroom to measure.")
      line()
    } else {
      line(
        "How much each group can grow before the optimal mix (any group's tier, licensing model or add-ons) changes, and what it changes to."
      )
      line()
      var headroom = TextTable([
        ("Group", .left), ("Agents", .right), ("Peak", .right), ("More agents", .left), ("Then", .left),
        ("More peak", .left), ("Then", .left),
      ])
      for group in report.headroom {
        headroom.add([
          group.group, "\(group.agents)", "\(group.peak)", text.agentsHeadroom(group), text.change(group.agentChange),
          text.peakHeadroom(group), text.change(group.peakChange),
        ])
      }
      table(headroom)
      line(text.headroomMethod)
      line()
    }

    line("## \(text.section(6)). Price sensitivity")
    line()
    if report.plan == nil {
      line("No plan meets the deal, so no price decides anything.")
      line()
    } else if report.sensitivity.isEmpty {
      line("The choice weighs no estimated or overridden price: every price it rests on is published.")
      line()
    } else {
      line(
        "For each estimated or overridden price the choice weighs: the range within which the optimal mix stays the same, and what it becomes outside."
      )
      line()
      var sensitivity = TextTable([
        ("SKU", .left), ("Today", .right), ("Bought", .right), ("Mix holds", .right),
        ("Below the range, the optimum becomes", .left), ("Above the range", .left),
      ])
      for row in report.sensitivity {
        sensitivity.add([
          row.sku.id, text.unitPrice(row.price), "\(row.quantity)", text.range(row), text.below(row), text.above(row),
        ])
      }
      table(sensitivity)
      line(text.sensitivityMethod)
      line()
    }
    if let fixed = text.fixedItemsSentence {
      line(fixed)
      line()
    }

    line("## \(text.section(7)). Assumptions")
    line()
    line(
      "- Catalog: \(catalog.name) (\(catalog.id)) by \(catalog.vendor), effective \(catalog.effectiveDate), prices in \(catalog.currency) per unit per month"
    )
    line("- Term: \(text.termText); licensing: \(text.licensing)")
    line()
    line("Sources:")
    line()
    for source in catalog.sources { line("- \(text.source(source))") }
    line()
    if !catalog.notes.isEmpty {
      line("Catalog notes:")
      line()
      for note in catalog.notes { line("- \(note)") }
      line()
    }
    let estimates = text.estimatesUsed
    if !estimates.isEmpty {
      line("Estimated or adjusted prices the total rests on:")
      line()
      var table = TextTable([("SKU", .left), ("Unit/month", .right), ("List", .right), ("Basis", .left)])
      for item in estimates {
        table.add([
          item.sku.id, text.money(item.unitPrice.amount), text.money(item.unitPrice.listAmount),
          PriceSensitivity.basis(item.unitPrice),
        ])
      }
      out.append(table.markdown())
      line()
    }
    let overrides = text.overrides
    line(
      "Deal price overrides: "
        + (overrides.isEmpty ? "none (catalog list prices)." : overrides.joined(separator: "; ") + "."))
    line()
    for solver in text.solverLines { line("- \(solver)") }
    if !report.analysis.warnings.isEmpty {
      line()
      line("Warnings:")
      line()
      for warning in report.analysis.warnings { line("- \(warning)") }
    }
    return out.joined(separator: "\n").replacingOccurrences(of: "\n\n\n", with: "\n\n") + "\n"
  }
}
