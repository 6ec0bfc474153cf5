import Foundation

/// The plan JSON (``PlanJSON/Document``) written straight into bytes, exactly as `JSONEncoder`
/// writes it with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`: two spaces a level,
/// `"key" : value`, an empty container as its brackets around an empty line, the keys of each
/// object in byte order (written here in that order), no value that is nil.
///
/// Why not `JSONEncoder`: on the service it was a quarter of a plan request's instructions (1.3 M
/// of 5.1 M), boxing every value and sorting every object's keys; an earlier encoder of any
/// `Encodable` (`SortedJSON`) went through the same `Encoder` protocol and a tree and saved only 4%.
/// This one knows the document's shape and appends to one buffer. `PlanJSONWriterTests` compare
/// it with `JSONEncoder` on every example's plan and on documents built to reach every rule.
struct PlanJSONWriter {
  private(set) var bytes: [UInt8] = []
  /// A value JSONEncoder refuses (a NaN or infinite gap): the caller falls back to it.
  private(set) var failed = false
  private var indent = 0
  /// Members written so far in the innermost open container, and in those around it.
  private var count = 0
  private var outer: [Int] = []

  init() {
    bytes.reserveCapacity(8192)
    outer.reserveCapacity(8)
  }

  /// The document's JSON (no final newline), or nil when JSONEncoder would have thrown.
  static func write(_ document: PlanJSON.Document) -> [UInt8]? {
    var writer = PlanJSONWriter()
    writer.document(document)
    return writer.failed ? nil : writer.bytes
  }

  // MARK: The document's types, keys in byte order

  private mutating func document(_ document: PlanJSON.Document) {
    open(UInt8(ascii: "{"))
    if let best = document.bestSinglePlan { key("best_single_plan", best) }
    key("catalog")
    catalog(document.catalog)
    if let concurrency = document.concurrency {
      key("concurrency")
      self.concurrency(concurrency)
    }
    key("deal", document.deal)
    if let gap = document.gap {
      key("gap")
      double(gap)
    }
    if let groups = document.groups {
      key("groups")
      array(groups) { $0.group($1) }
    }
    if let reasons = document.infeasibleBecause { key("infeasible_because", reasons) }
    key("licensing", document.licensing)
    if let items = document.lineItems {
      key("line_items")
      array(items) { $0.item($1) }
    }
    key("mixing_allowed", document.mixingAllowed)
    if let total = document.monthlyTotal { key("monthly_total", total) }
    key("proven_optimal", document.provenOptimal)
    if let savings = document.savingsMonthly { key("savings_monthly", savings) }
    if let savings = document.savingsTerm { key("savings_term", savings) }
    key("single_plans")
    array(document.singlePlans) { $0.single($1) }
    key("status", document.status)
    key("term", document.term)
    key("term_months", document.termMonths)
    if let total = document.termTotal { key("term_total", total) }
    key("warnings", document.warnings)
    close(UInt8(ascii: "}"))
  }

  private mutating func catalog(_ catalog: PlanJSON.CatalogInfo) {
    open(UInt8(ascii: "{"))
    key("currency", catalog.currency)
    key("effective_date", catalog.effectiveDate)
    key("id", catalog.id)
    key("name", catalog.name)
    close(UInt8(ascii: "}"))
  }

  private mutating func group(_ group: PlanJSON.Group) {
    open(UInt8(ascii: "{"))
    key("add_ons", group.addOns)
    key("agents", group.agents)
    key("included_add_ons", group.includedAddOns)
    key("licensing", group.licensing)
    key("name", group.name)
    key("peak_concurrent", group.peakConcurrent)
    key("seat_covered_add_ons", group.seatCoveredAddOns)
    key("tier", group.tier)
    close(UInt8(ascii: "}"))
  }

  private mutating func item(_ item: PlanJSON.Item) {
    open(UInt8(ascii: "{"))
    key("estimated_price", item.estimatedPrice)
    key("groups")
    array(item.groups) { writer, share in
      writer.open(UInt8(ascii: "{"))
      writer.key("group", share.group)
      writer.key("quantity", share.quantity)
      writer.close(UInt8(ascii: "}"))
    }
    key("list_price", item.listPrice)
    key("monthly", item.monthly)
    key("name", item.name)
    if let adjustment = item.priceAdjustment { key("price_adjustment", adjustment) }
    key("quantity", item.quantity)
    key("reason", item.reason)
    key("sku", item.sku)
    key("term_total", item.termTotal)
    key("unit_price", item.unitPrice)
    close(UInt8(ascii: "}"))
  }

  private mutating func single(_ single: PlanJSON.Single) {
    open(UInt8(ascii: "{"))
    key("licensing", single.licensing)
    if let monthly = single.monthly { key("monthly", monthly) }
    if let reason = single.notPossibleBecause { key("not_possible_because", reason) }
    if let reason = single.notSolvedBecause { key("not_solved_because", reason) }
    key("plan", single.plan)
    if let proven = single.provenOptimal { key("proven_optimal", proven) }
    if let total = single.termTotal { key("term_total", total) }
    key("tier", single.tier)
    close(UInt8(ascii: "}"))
  }

  private mutating func concurrency(_ concurrency: PlanJSON.Concurrency) {
    open(UInt8(ascii: "{"))
    key("base_monthly", concurrency.baseMonthly)
    key("billing_months", concurrency.billingMonths)
    key("exact_at_grid", concurrency.exactAtGrid)
    key("grid", concurrency.grid)
    key("grid_total", concurrency.gridTotal)
    key("intervals", concurrency.intervals)
    key("notes", concurrency.notes)
    key("overage", concurrency.overage)
    key("overage_total", concurrency.overageTotal)
    key("peak_measure", concurrency.peakMeasure)
    key("pools")
    array(concurrency.pools) { $0.pool($1) }
    key("source", concurrency.source)
    key("start", concurrency.start)
    close(UInt8(ascii: "}"))
  }

  private mutating func pool(_ pool: PlanJSON.Pool) {
    open(UInt8(ascii: "{"))
    key("groups", pool.groups)
    if let measured = pool.measured {
      key("measured")
      array(measured) { $0.month($1) }
    }
    key("months")
    array(pool.months) { $0.month($1) }
    key("name", pool.name)
    key("overage_price", pool.overagePrice)
    key("pooled_peak", pool.pooledPeak)
    key("pooled_peak_at", pool.pooledPeakAt)
    key("saved_monthly", pool.savedMonthly)
    key("saved_seats", pool.savedSeats)
    key("seats", pool.seats)
    key("sum_of_peaks", pool.sumOfPeaks)
    key("tier", pool.tier)
    close(UInt8(ascii: "}"))
  }

  private mutating func month(_ month: PlanJSON.Month) {
    open(UInt8(ascii: "{"))
    key("billable_peak", month.billablePeak)
    key("excess", month.excess)
    key("month", month.month)
    key("overage", month.overage)
    key("pooled_peak", month.pooledPeak)
    close(UInt8(ascii: "}"))
  }

  // MARK: Containers

  private mutating func open(_ bracket: UInt8) {
    bytes.append(bracket)
    outer.append(count)
    count = 0
    indent += 2
  }

  private mutating func close(_ bracket: UInt8) {
    indent -= 2
    if count == 0 { bytes.append(UInt8(ascii: "\n")) }
    newline()
    bytes.append(bracket)
    count = outer.removeLast()
  }

  /// Before a member: the comma after the one before, a new line and the indent.
  private mutating func member() {
    if count > 0 { bytes.append(UInt8(ascii: ",")) }
    newline()
    count += 1
  }

  private mutating func newline() {
    bytes.append(UInt8(ascii: "\n"))
    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
  }

  /// Literal text (an array literal here would be allocated on every call).
  private mutating func raw(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  private mutating func key(_ name: StaticString) {
    member()
    bytes.append(UInt8(ascii: "\""))
    raw(name)
    raw("\" : ")
  }

  private mutating func array<Element>(_ elements: [Element], _ write: (inout Self, Element) -> Void) {
    open(UInt8(ascii: "["))
    for element in elements {
      member()
      write(&self, element)
    }
    close(UInt8(ascii: "]"))
  }

  // MARK: Members of each value type

  private mutating func key(_ name: StaticString, _ value: String) {
    key(name)
    string(value)
  }

  private mutating func key(_ name: StaticString, _ values: [String]) {
    key(name)
    array(values) { $0.string($1) }
  }

  private mutating func key(_ name: StaticString, _ value: Int) {
    key(name)
    integer(Int64(value))
  }

  private mutating func key(_ name: StaticString, _ value: Bool) {
    key(name)
    raw(value ? "true" : "false")
  }

  private mutating func key(_ name: StaticString, _ value: Decimal) {
    key(name)
    decimal(value)
  }

  /// ``PlanJSON/Amount``'s encoding: whole units as an integer, other amounts below 10^15 units as
  /// a Double, the rest as the Decimal.
  private mutating func key(_ name: StaticString, _ amount: PlanJSON.Amount) {
    key(name)
    switch amount {
    case .units(let units) where units % Money.unitsPerWhole == 0:
      integer(units / Money.unitsPerWhole)
    case .units(let units) where units.magnitude < PlanJSON.Amount.doubleLimit.magnitude:
      double(Double(units) / Double(Money.unitsPerWhole))
    case .units, .exact:
      decimal(amount.decimal)
    }
  }

  // MARK: Scalars

  private mutating func integer(_ value: Int64) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    // Up to 20 digits, least significant first, then written most significant first.
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      repeat {
        buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
        count += 1
      } while magnitude > 0
      for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
    }
  }

  /// As JSONEncoder writes a Double: its description, without a trailing `.0`.
  private mutating func double(_ value: Double) {
    guard value.isFinite else {
      failed = true
      return
    }
    let text = value.description
    let utf8 = text.utf8
    if text.hasSuffix(".0") {
      bytes.append(contentsOf: utf8.dropLast(2))
    } else {
      bytes.append(contentsOf: utf8)
    }
  }

  /// As JSONEncoder writes a Decimal: its description.
  private mutating func decimal(_ value: Decimal) {
    bytes.append(contentsOf: value.description.utf8)
  }

  /// A string as JSONEncoder writes it with `.withoutEscapingSlashes`: `"` and `\` escaped, the
  /// control characters as `\b \f \n \r \t` or `\u00xx`, everything else as it is.
  private mutating func string(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { utf8 in
      var plain = 0
      for index in utf8.indices {
        let byte = utf8[index]
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index]))
        plain = index + 1
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
        default:
          let hex: StaticString = "0123456789abcdef"
          raw("u00")
          hex.withUTF8Buffer { hex in
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
          }
        }
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain...]))
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
