/// `GET /d/{id}`: a saved deal, read-only for whoever has the link. It shows one revision's plan with
/// the prices frozen when it was saved, the revision history, and a note when today's catalog would
/// price the deal differently. With the deal's secret (typed into the page, never put in a URL) the
/// script opens the calculator on the deal, and Save adds a revision.
enum SharedDealPage {
  struct Revision: Sendable, Equatable {
    var number: Int
    var createdAt: String
  }

  /// The catalog a revision was priced against, as it was then.
  struct QuotedCatalog: Sendable, Equatable {
    var id: String
    var name: String
    var effectiveDate: String
    var currency: String
  }

  struct Content: Sendable {
    var id: String
    var dealName: String
    /// Oldest first.
    var revisions: [Revision]
    /// The revision shown: the latest unless the link asks for another (`?revision=N`).
    var shown: Revision
    var catalog: QuotedCatalog
    /// Whether the catalog loaded now would give this revision a different plan.
    var catalogChanged: Bool
    var plan: PlanView?
    /// The frozen catalog's tier names by id, for the plan's tier column.
    var tierNames: [String: String] = [:]
  }

  static func render(_ content: Content, catalogs: [CalculatorPage.CatalogChoice]) -> String {
    let e = HTMLText.escape
    let latest = content.revisions.map(\.number).max() ?? content.shown.number
    let id = e(content.id)
    var main = "<div class=\"shared-deal\" data-deal-id=\"\(id)\" data-revision=\"\(content.shown.number)\">"
    main += "<h1 id=\"deal-title\">\(e(content.dealName))</h1>"
    main += "<p class=\"revision-line\" id=\"revision-line\">Revision \(content.shown.number) of \(latest), saved "
    main += "<time datetime=\"\(e(content.shown.createdAt))\">\(e(displayTime(content.shown.createdAt)))</time>. "
    main += "Priced against \(e(content.catalog.name)) (\(e(content.catalog.id)), effective "
    main += "\(e(content.catalog.effectiveDate))) as it was then.</p>"
    if content.shown.number != latest {
      main += "<p class=\"notice\">This is an older revision. "
      main += "<a href=\"/d/\(id)\">See the latest, revision \(latest)</a>.</p>"
    }
    if content.catalogChanged {
      main += "<p class=\"notice catalog-changed\" id=\"catalog-changed\">The catalog has changed since this "
      main += "revision was saved: today&#39;s prices would give a different plan. This page shows the prices "
      main += "that were quoted.</p>"
    }
    main += "<section class=\"shared-plan\" aria-labelledby=\"shared-plan-heading\">"
    main += "<h2 id=\"shared-plan-heading\">Plan as quoted</h2>"
    main += "<div id=\"frozen-plan\" class=\"plan\" data-state=\"ready\">"
    if let plan = content.plan {
      main += PlanHTML.render(plan, tierNames: content.tierNames)
    } else {
      main += "<p class=\"placeholder\">This revision has no plan.</p>"
    }
    main += "</div>"
    if let plan = content.plan {
      // The calculator's comparison chart, drawn here by the server.
      main += "<section class=\"chart-section\" aria-labelledby=\"shared-comparison-heading\">"
      main += "<h3 id=\"shared-comparison-heading\">Monthly cost against single plans</h3>"
      main +=
        "<div id=\"frozen-comparison\" class=\"chart\">\(ComparisonChart.render(plan, tierNames: content.tierNames))</div>"
      main += "</section>"
    }
    main += "</section>"

    main += "<section class=\"history\" aria-labelledby=\"history-heading\"><h2 id=\"history-heading\">Revisions</h2>"
    main += "<ol id=\"revision-list\" class=\"revisions\">"
    for revision in content.revisions {
      let isShown = revision.number == content.shown.number
      main += "<li data-revision=\"\(revision.number)\"><a href=\"/d/\(id)?revision=\(revision.number)\""
      main += isShown ? " aria-current=\"page\"" : ""
      main += ">Revision \(revision.number)</a>, <time datetime=\"\(e(revision.createdAt))\">"
      main += "\(e(displayTime(revision.createdAt)))</time></li>"
    }
    main += "</ol></section>"

    main += """
      <section class="edit-deal" aria-labelledby="edit-heading">
      <h2 id="edit-heading">Edit this deal</h2>
      <form id="unlock-form" class="unlock-form">
      <div class="field"><label for="deal-secret">The deal's secret (given when it was saved)</label>
      <input type="password" id="deal-secret" name="secret" autocomplete="off" spellcheck="false" required></div>
      <button type="submit" id="unlock-deal">Edit</button>
      <p id="unlock-status" class="unlock-status" role="status"></p>
      </form>
      <div id="deal-editor" class="deal-editor" hidden>
      \(CalculatorPage.editor(catalogs: catalogs, mode: .revise(dealID: content.id)))
      <p class="danger-zone"><button type="button" id="delete-deal" class="danger">Delete this deal</button></p>
      </div>
      </section>
      </div>
      """
    return PageLayout.page(title: content.dealName, section: .shared, main: main)
  }

  /// A stored time (ISO 8601, UTC: `2026-12-01T12:47:07.621Z`) as the page shows it
  /// (`2026-12-01 12:47 UTC`); anything else as it is. `displayTime` in app.js does the same.
  static func displayTime(_ iso: String) -> String {
    guard iso.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}.*Z/) != nil else { return iso }
    let characters = Array(iso)
    return String(characters[0..<10]) + " " + String(characters[11..<16]) + " UTC"
  }

  static func notFound() -> String {
    PageLayout.page(
      title: "No such deal", section: .notFound,
      main: """
        <h1>No such deal</h1>
        <p>No saved deal has this link: it may have been deleted, or the link is incomplete.</p>
        <p><a href="/">Open the calculator</a></p>
        """)
  }
}

/// `GET /batch`: upload a spreadsheet export of scenarios, watch it run, download the results.
enum BatchPage {
  static func render() -> String {
    PageLayout.page(
      title: "Batch", section: .batch,
      main: """
        <h1>Batch of scenarios</h1>
        <p class="lead">Upload a CSV of scenarios, one per row, in the format of <code>seatmix batch</code> \
        (<code>seatmix batch --template</code> writes one). Every scenario is solved; the results come as \
        <code>results.csv</code> (one row per scenario) and <code>lines.csv</code> (one row per line item).</p>
        <form id="batch-form" class="batch-form">
        <div class="field"><label for="batch-file">Scenarios (CSV)</label>
        <input type="file" id="batch-file" name="file" accept=".csv,text/csv" required></div>
        <button type="submit" id="batch-submit">Run the batch</button>
        </form>
        <div id="batch-problems" class="problems" role="alert" hidden></div>
        <section id="batch-job" class="batch-job" aria-labelledby="batch-job-heading" hidden>
        <h2 id="batch-job-heading">Progress</h2>
        <progress id="batch-progress" max="1" value="0">0 %</progress>
        <p id="batch-status" role="status" aria-live="polite"></p>
        <ul id="batch-messages" class="batch-messages" aria-label="Notes on rows" hidden></ul>
        <ul id="batch-downloads" class="downloads" hidden>
        <li><a id="batch-results" href="#" download="results.csv">results.csv</a>: one row per scenario</li>
        <li><a id="batch-lines" href="#" download="lines.csv">lines.csv</a>: one row per line item</li>
        </ul>
        </section>
        """)
  }
}
