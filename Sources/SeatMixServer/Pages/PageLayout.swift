/// The frame every page shares: one stylesheet and one deferred script from `/assets/`, nothing
/// inline and nothing from the network, so the Content-Security-Policy below holds.
enum PageLayout {
  enum Section: String {
    case calculator
    case shared
    case batch
    case notFound = "not-found"
  }

  static func notFoundPage() -> String {
    page(
      title: "Not found", section: .notFound,
      main: "<h1>Not found</h1>\n<p>Nothing is here. <a href=\"/\">Open the calculator</a>.</p>")
  }

  static func page(title: String, section: Section, main: String) -> String {
    let e = HTMLText.escape
    func current(_ link: Section) -> String { link == section ? " aria-current=\"page\"" : "" }
    return """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(e(title)) · SeatMix</title>
      <link rel="icon" href="data:,">
      <link rel="stylesheet" href="/assets/app.css">
      <script src="/assets/app.js" defer></script>
      </head>
      <body data-page="\(section.rawValue)">
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="site-header">
      <a class="brand" href="/">SeatMix</a>
      <nav aria-label="Site"><ul>
      <li><a href="/"\(current(.calculator))>Calculator</a></li>
      <li><a href="/batch"\(current(.batch))>Batch</a></li>
      </ul></nav>
      </header>
      <main id="main" tabindex="-1">
      \(main)
      </main>
      <footer class="site-footer"><p>SeatMix finds the cheapest license mix and proves it with GLPK. \
      Prices marked * are estimates, not published prices.</p></footer>
      </body>
      </html>

      """
  }
}
