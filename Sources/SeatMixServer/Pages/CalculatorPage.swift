/// `GET /`: the calculator. The server renders the form's frame and the catalog choice; the script
/// (app.js, `DealEditor`) fills in the chosen catalog's terms, features, tiers and account add-ons,
/// and re-plans as the deal is typed.
enum CalculatorPage {
  /// A catalog as the calculator offers it (`GET /api/v1/catalogs`).
  struct CatalogChoice: Sendable, Equatable {
    var id: String
    var name: String
    var vendor: String?
    var effectiveDate: String
    var currency: String
  }

  static func render(catalogs: [CatalogChoice]) -> String {
    let main = """
      <h1>License mix calculator</h1>
      <p class="lead">Describe the agent groups and what they need; the cheapest mix appears as you type.</p>
      <a class="to-plan" href="#plan-heading">Jump to the plan</a>
      \(editor(catalogs: catalogs, mode: .create))
      """
    return PageLayout.page(title: "Calculator", section: .calculator, main: main)
  }

  enum Mode {
    /// The calculator page: Save creates a deal.
    case create
    /// A shared deal's page, once the secret is given: Save adds a revision.
    case revise(dealID: String)
  }

  /// The deal form and the live plan beside it; the share page reuses it for editing.
  static func editor(catalogs: [CatalogChoice], mode: Mode) -> String {
    let e = HTMLText.escape
    var options = ""
    for catalog in catalogs {
      var label = catalog.name
      if let vendor = catalog.vendor, !vendor.isEmpty, !catalog.name.contains(vendor) { label += " (\(vendor))" }
      label += ", effective \(catalog.effectiveDate), \(catalog.currency)"
      options += "<option value=\"\(e(catalog.id))\">\(e(label))</option>"
    }
    let dealAttribute: String
    switch mode {
    case .create: dealAttribute = ""
    case .revise(let id): dealAttribute = " data-deal-id=\"\(e(id))\""
    }
    let saveLabel: String
    switch mode {
    case .create: saveLabel = "Save and share"
    case .revise: saveLabel = "Save as a new revision"
    }
    return """
      <div class="calculator" data-deal-editor\(dealAttribute)>
      <form class="deal-form" id="deal-form" novalidate>
      <fieldset class="deal-basics">
      <legend>Deal</legend>
      <div class="field"><label for="deal-name">Deal name</label>
      <input id="deal-name" name="name" data-field="name" required value="New deal" autocomplete="off"></div>
      <div class="field"><label for="deal-catalog">Catalog</label>
      <select id="deal-catalog" name="catalog" data-field="catalog">\(options)</select></div>
      <div class="field"><label for="deal-term">Billing term</label>
      <select id="deal-term" name="term" data-field="term"></select></div>
      <div class="field"><label for="deal-licensing">Licensing</label>
      <select id="deal-licensing" name="licensing" data-field="licensing">
      <option value="any">Any: named or concurrent, whichever is cheaper</option>
      <option value="named">Named only</option>
      <option value="concurrent">Concurrent only</option>
      </select></div>
      <div class="field"><label for="deal-mixing">Named and concurrent in one account</label>
      <select id="deal-mixing" name="allow_mixing" data-field="allow_mixing">
      <option value="">As the catalog says</option>
      <option value="true">Allowed</option>
      <option value="false">Not allowed</option>
      </select></div>
      </fieldset>
      <fieldset class="deal-groups" data-field="groups">
      <legend>Agent groups</legend>
      <div id="groups" class="groups"></div>
      <button type="button" id="add-group" class="secondary">Add a group</button>
      </fieldset>
      <fieldset class="deal-account" data-field="account">
      <legend>Account add-ons</legend>
      <div id="account" class="account"></div>
      </fieldset>
      <div class="problems" id="problems" role="alert" hidden></div>
      <fieldset class="deal-files">
      <legend>Deal file and report</legend>
      <div class="field"><label for="import-file">Import a deal file (YAML or JSON)</label>
      <input type="file" id="import-file" accept=".yaml,.yml,.json,application/json,application/yaml"></div>
      <div class="buttons">
      <button type="button" id="export-json" class="secondary">Export deal (JSON)</button>
      </div>
      <div class="buttons report-buttons" role="group" aria-label="Download the report">
      <span class="label">Report:</span>
      <button type="button" class="secondary" data-report="html">HTML</button>
      <button type="button" class="secondary" data-report="markdown">Markdown</button>
      <button type="button" class="secondary" data-report="csv">CSV</button>
      <button type="button" class="secondary" data-report="json">JSON</button>
      <button type="button" class="secondary" data-report="pdf">PDF</button>
      </div>
      <p class="file-status" id="file-status" role="status"></p>
      </fieldset>
      <div class="save">
      <button type="submit" id="save-deal">\(saveLabel)</button>
      <div id="save-result" class="save-result" role="status"></div>
      </div>
      </form>
      <section class="plan-panel" aria-labelledby="plan-heading">
      <h2 id="plan-heading" tabindex="-1">Cheapest plan</h2>
      <p class="plan-progress" id="plan-progress" role="status"></p>
      <div id="plan" class="plan" aria-live="polite" aria-atomic="false" data-state="empty">
      <p class="placeholder">The plan appears here once the deal has a group.</p>
      </div>
      <section class="chart-section" aria-labelledby="comparison-heading">
      <h3 id="comparison-heading">Against single plans</h3>
      <div id="comparison-chart" class="chart"></div>
      </section>
      <section class="chart-section" aria-labelledby="break-even-heading">
      <h3 id="break-even-heading">Named or concurrent: the break-even</h3>
      <div id="break-even-chart" class="chart" data-state="empty"></div>
      </section>
      </section>
      </div>
      """
  }
}
