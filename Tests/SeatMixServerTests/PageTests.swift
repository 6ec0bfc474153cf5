import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SeatMixServer

/// The pages' routes in-process: what they render, that user-written text is escaped, and the
/// headers (Content-Security-Policy) every page and asset carries.
@Suite struct PageTests {
  static let hostile = "<script>alert(\"x\")</script>&<img src=x onerror='y'>"

  static let zoom = CalculatorPage.CatalogChoice(
    id: "zoom-contact-center", name: "Zoom Contact Center", vendor: "Zoom", effectiveDate: "2026-09-28",
    currency: "USD")

  /// The seed example's plan as `seatmix optimize -f json` writes it (abridged), with a hostile
  /// group name in the places a plan quotes it.
  static func planJSON(groupName: String) throws -> Data {
    let plan: [String: Any] = [
      "deal": groupName,
      "catalog": [
        "id": "zoom-contact-center", "name": "Zoom Contact Center", "effective_date": "2026-09-28", "currency": "USD",
      ],
      "status": "optimal", "proven_optimal": true, "term": "annual", "term_months": 12, "licensing": "concurrent",
      "groups": [
        [
          "name": groupName, "agents": 100, "peak_concurrent": 25, "tier": "elite", "licensing": "concurrent",
          "add_ons": [], "seat_covered_add_ons": ["wfm", "qm"], "included_add_ons": ["ai-expert-assist"],
        ]
      ],
      "line_items": [
        [
          "sku": "elite-concurrent", "name": "Elite concurrent", "quantity": 25, "unit_price": 225, "list_price": 225,
          "estimated_price": true, "monthly": 5625, "term_total": 67500,
          "reason": "pool sized to the peak of \(groupName) (25)",
        ],
        [
          "sku": "wfm", "name": "Zoom Workforce Management", "quantity": 75, "unit_price": 25, "list_price": 25,
          "estimated_price": true, "monthly": 1875, "term_total": 22500, "reason": "75 more: \(groupName) (100)",
        ],
      ],
      "monthly_total": 9000, "term_total": 108000,
      "single_plans": [
        [
          "plan": "essentials-concurrent", "tier": "essentials", "licensing": "concurrent",
          "not_possible_because": "group '\(groupName)' is held to Elite",
        ],
        [
          "plan": "elite-concurrent", "tier": "elite", "licensing": "concurrent", "monthly": 9000, "term_total": 108000,
        ],
      ],
      "best_single_plan": "elite-concurrent", "savings_monthly": 0, "savings_term": 0,
      "warnings": ["the total rests on estimated prices, not published ones: elite-concurrent $225.00"],
    ]
    return try JSONSerialization.data(withJSONObject: plan)
  }

  static func sharedContent(groupName: String, catalogChanged: Bool = false) throws -> SharedDealPage.Content {
    SharedDealPage.Content(
      id: "AbCdEf0123456789AbCdEf", dealName: groupName,
      revisions: [
        .init(number: 1, createdAt: "2026-12-01T10:00:00.000Z"),
        .init(number: 2, createdAt: "2026-12-01T11:00:00.000Z"),
      ],
      shown: .init(number: 2, createdAt: "2026-12-01T11:00:00.000Z"),
      catalog: .init(
        id: "zoom-contact-center", name: "Zoom Contact Center", effectiveDate: "2026-09-28", currency: "USD"),
      catalogChanged: catalogChanged, plan: try PlanView.decode(planJSON(groupName: groupName)))
  }

  /// The page routes alone, with sources the test controls.
  static func app(catalogs: [CalculatorPage.CatalogChoice] = [zoom], deal: SharedDealPage.Content? = nil) throws
    -> some ApplicationProtocol
  {
    let router = Router(context: AppRequestContext.self)
    let sources = PageSources(
      catalogs: { catalogs },
      sharedDeal: { id, revision in
        guard let deal, id == deal.id, revision == nil || revision == deal.shown.number else { return nil }
        return deal
      })
    router.addPageRoutes(sources, assets: try PageAssets.loadBundled())
    return Application(router: router, logger: testLogger())
  }

  static func expectPageHeaders(_ response: TestResponse) {
    let policy = response.headers[.contentSecurityPolicy] ?? ""
    #expect(policy.contains("script-src 'self'"))
    #expect(policy.contains("style-src 'self'"))
    #expect(!policy.contains("unsafe-inline"))
    #expect(response.headers[.xContentTypeOptions] == "nosniff")
    #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer")
  }

  /// Markup a `script-src 'self'; style-src 'self'` policy would block: inline scripts, event handler
  /// attributes, style attributes and elements, `javascript:` links.
  static func expectNothingInline(_ html: String) {
    #expect(html.firstMatch(of: /<script(?![^>]*\ssrc=)[^>]*>/) == nil)
    #expect(html.firstMatch(of: /<[^>]*\son[a-z]+\s*=/) == nil)
    #expect(html.firstMatch(of: /<[^>]*\sstyle\s*=/) == nil)
    #expect(!html.contains("<style"))
    #expect(!html.lowercased().contains("javascript:"))
  }

  @Test func calculatorListsTheCatalogsAndLoadsOnlyItsOwnAssets() async throws {
    let evil = CalculatorPage.CatalogChoice(
      id: "x\"><b>", name: Self.hostile, vendor: nil, effectiveDate: "2026-01-01", currency: "EUR")
    try await Self.app(catalogs: [Self.zoom, evil]).test(.router) { client in
      try await client.execute(uri: "/", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        Self.expectPageHeaders(response)
        let html = String(buffer: response.body)
        #expect(
          html.contains("<option value=\"zoom-contact-center\">Zoom Contact Center, effective 2026-09-28, USD</option>")
        )
        #expect(
          html.contains("<option value=\"x&quot;&gt;&lt;b&gt;\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("<script src=\"/assets/app.js\" defer></script>"))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"/assets/app.css\">"))
        #expect(html.firstMatch(of: /(src|href)="(https?:)?\/\//) == nil)  // nothing from the network
        #expect(html.contains("id=\"plan\" class=\"plan\" aria-live=\"polite\""))
        Self.expectNothingInline(html)
      }
    }
  }

  @Test func sharePageEscapesAHostileGroupName() async throws {
    let deal = try Self.sharedContent(groupName: Self.hostile, catalogChanged: true)
    try await Self.app(deal: deal).test(.router) { client in
      try await client.execute(uri: "/d/\(deal.id)", method: .get) { response in
        #expect(response.status == .ok)
        Self.expectPageHeaders(response)
        #expect(response.headers[.cacheControl] == "no-store")
        let html = String(buffer: response.body)
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;img src=x onerror=&#39;y&#39;&gt;"
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(html.contains("<title>\(escaped) · SeatMix</title>"))
        #expect(html.contains("<h1 id=\"deal-title\">\(escaped)</h1>"))
        #expect(html.contains("<tr><th scope=\"row\">\(escaped)</th>"))
        #expect(html.contains("pool sized to the peak of \(escaped) (25)"))
        #expect(html.contains("group &#39;\(escaped)&#39; is held to Elite"))
        // The frozen plan, the history and the catalog note.
        #expect(html.contains("<tr data-sku=\"elite-concurrent\"><th scope=\"row\">Elite concurrent"))
        #expect(html.contains("<td class=\"num qty\">25</td>"))
        #expect(html.contains("<span class=\"total-monthly\">$9,000.00</span>"))
        #expect(html.contains("Revision 2 of 2"))
        #expect(html.contains("<a href=\"/d/\(deal.id)?revision=1\">Revision 1</a>"))
        #expect(html.contains("id=\"catalog-changed\""))
        #expect(html.contains("<div id=\"deal-editor\" class=\"deal-editor\" hidden>"))
        Self.expectNothingInline(html)
      }
    }
  }

  /// The share page has the calculator's comparison chart, drawn by the server: a bar for the
  /// optimum and for each possible single plan (the best marked), the impossible ones listed.
  @Test func sharePageDrawsTheComparisonChart() async throws {
    var named = try Self.sharedContent(groupName: Self.hostile)
    named.tierNames = ["elite": "Elite", "essentials": "Essentials"]
    let deal = named
    try await Self.app(deal: deal).test(.router) { client in
      try await client.execute(uri: "/d/\(deal.id)", method: .get) { response in
        let html = String(buffer: response.body)
        let chart = try #require(html.firstRange(of: "<div id=\"frozen-comparison\" class=\"chart\">"))
        let drawn = String(html[chart.upperBound...]).components(separatedBy: "</div>")[0]
        #expect(drawn.hasPrefix("<svg viewBox=\"0 0 400 92\" class=\"comparison-chart\" role=\"img\" aria-label="))
        #expect(
          drawn.contains(
            "aria-label=\"Monthly cost of the optimum and of each single plan. Optimum: $9,000.00 a month; Elite concurrent: $9,000.00 a month\""
          ))
        #expect(drawn.contains("<text x=\"2\" y=\"18\" class=\"bar-label\">Optimum</text>"))
        #expect(
          drawn.contains("<text x=\"398\" y=\"60\" class=\"bar-value\" text-anchor=\"end\">$9,000.00/month</text>"))
        #expect(drawn.contains("<rect x=\"2\" y=\"24\" width=\"396.0\" height=\"14\" rx=\"2\" class=\"bar optimum\">"))
        #expect(drawn.contains("<rect x=\"2\" y=\"66\" width=\"396.0\" height=\"14\" rx=\"2\" class=\"bar best\">"))
        #expect(drawn.components(separatedBy: "<rect ").count - 1 == 2)
        #expect(
          drawn.contains(
            "<li><span class=\"plan-name\">Essentials concurrent</span>: not possible: group &#39;&lt;script&gt;"))
        #expect(!drawn.contains("<script>"))
        Self.expectNothingInline(html)
      }
    }
  }

  @Test func sharePageSaysNothingOfAnUnchangedCatalog() async throws {
    let deal = try Self.sharedContent(groupName: "Agents")
    try await Self.app(deal: deal).test(.router) { client in
      try await client.execute(uri: "/d/\(deal.id)", method: .get) { response in
        #expect(!String(buffer: response.body).contains("catalog-changed"))
      }
    }
  }

  @Test(arguments: ["/d/no-such-deal", "/d/AbCdEf0123456789AbCdEf?revision=7", "/d/AbCdEf0123456789AbCdEf?revision=x"])
  func unknownDealsAndRevisionsAreNotFound(uri: String) async throws {
    let deal = try Self.sharedContent(groupName: "Agents")
    try await Self.app(deal: deal).test(.router) { client in
      try await client.execute(uri: uri, method: .get) { response in
        #expect(response.status == .notFound)
        Self.expectPageHeaders(response)
        #expect(String(buffer: response.body).contains("<h1>No such deal</h1>"))
      }
    }
  }

  @Test func batchPageHasItsForm() async throws {
    try await Self.app().test(.router) { client in
      try await client.execute(uri: "/batch", method: .get) { response in
        #expect(response.status == .ok)
        Self.expectPageHeaders(response)
        let html = String(buffer: response.body)
        #expect(html.contains("<label for=\"batch-file\">"))
        #expect(html.contains("<body data-page=\"batch\">"))
        Self.expectNothingInline(html)
      }
    }
  }

  @Test(arguments: [("app.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8")])
  func assetsAreServedWithTheirTypeAndRevalidated(name: String, type: String) async throws {
    try await Self.app().test(.router) { client in
      let etag = try await client.execute(uri: "/assets/\(name)", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == type)
        Self.expectPageHeaders(response)
        #expect(response.body.readableBytes > 1000)
        return try #require(response.headers[.eTag])
      }
      try await client.execute(uri: "/assets/\(name)", method: .get, headers: [.ifNoneMatch: etag]) { response in
        #expect(response.status == .notModified)
        #expect(response.body.readableBytes == 0)
      }
      try await client.execute(uri: "/assets/\(name)", method: .get, headers: [.ifNoneMatch: "\"other\""]) { response in
        #expect(response.status == .ok)
      }
    }
  }

  @Test(arguments: ["/assets/nope.js", "/assets/..%2FPackage.swift"])
  func unknownAssetsAreNotFound(uri: String) async throws {
    try await Self.app().test(.router) { client in
      try await client.execute(uri: uri, method: .get) { response in
        #expect(response.status == .notFound)
      }
    }
  }

  /// The script builds pages with the DOM only: a name typed into a deal can never become markup,
  /// and nothing it does needs an inline style the policy blocks.
  @Test func scriptNeverWritesMarkupOrInlineStyles() throws {
    let assets = try PageAssets.loadBundled()
    let script = String(decoding: try #require(assets.assets["app.js"]).bytes, as: UTF8.self)
    for forbidden in [
      "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", ".style.", "'style'",
      "\"style\"",
    ] {
      #expect(!script.contains(forbidden), "app.js uses \(forbidden)")
    }
  }

  @Test func storedTimesAreShownToTheMinute() {
    #expect(SharedDealPage.displayTime("2026-12-01T12:47:07.621Z") == "2026-12-01 12:47 UTC")
    #expect(SharedDealPage.displayTime("yesterday") == "yesterday")
    #expect(SharedDealPage.displayTime("") == "")
  }

  @Test func escapeReplacesEveryMarkupCharacter() {
    #expect(HTMLText.escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;")
    #expect(HTMLText.escape("Ünïcode ✓ \u{202E}") == "Ünïcode ✓ \u{202E}")
    #expect(HTMLText.escape("") == "")
  }

  @Test(arguments: [
    (12298.0, "USD", 2, "$12,298.00"), (0.5, "EUR", 2, "€0.50"), (1050.5, "CHF", 2, "CHF 1,050.50"),
    (12.3456, "USD", 4, "$12.3456"), (225.0, "USD", 4, "$225.00"), (-3.0, "GBP", 2, "-£3.00"),
    (1_234_567_890.126, "USD", 2, "$1,234,567,890.13"),
  ])
  func moneyIsFormattedAsTheScriptDoes(amount: Double, currency: String, decimals: Int, expected: String) {
    #expect(PageMoney.format(amount, currency: currency, maximumDecimals: decimals) == expected)
  }
}
