import Foundation
import Hummingbird

// The HTML pages: GET / (calculator), /d/{id} (a shared deal), /batch, and /assets/* (the script and
// stylesheet in Resources/). They call the JSON API under /api/v1, as any client does.

/// What the pages read from the rest of the service.
struct PageSources: Sendable {
  /// The catalogs the calculator offers, in the order it lists them.
  var catalogs: @Sendable () -> [CalculatorPage.CatalogChoice]
  /// A saved deal as its share page shows it, at one revision or (nil) the latest; nil when there is
  /// no such deal or revision.
  var sharedDeal: @Sendable (_ id: String, _ revision: Int?) async throws -> SharedDealPage.Content?
}

extension Router<AppRequestContext> {
  func addPageRoutes(_ sources: PageSources, assets: PageAssets) {
    get("/") { _, _ in
      PageResponse.html(CalculatorPage.render(catalogs: sources.catalogs()))
    }
    get("/batch") { _, _ in
      PageResponse.html(BatchPage.render())
    }
    get("/d/:id") { request, context in
      let id = context.parameters.get("id") ?? ""
      var revision: Int?
      if let asked = request.uri.queryParameters.get("revision") {
        guard let number = Int(asked), number > 0 else {
          return PageResponse.html(SharedDealPage.notFound(), status: .notFound)
        }
        revision = number
      }
      // Ids are short tokens; anything longer is no deal's and is not looked up.
      guard !id.isEmpty, id.utf8.count <= 128, let content = try await sources.sharedDeal(id, revision) else {
        return PageResponse.html(SharedDealPage.notFound(), status: .notFound)
      }
      return PageResponse.html(SharedDealPage.render(content, catalogs: sources.catalogs()))
    }
    get("/assets/:name") { request, context in
      guard let name = context.parameters.get("name"), let asset = assets.assets[name] else {
        return PageResponse.html(PageLayout.notFoundPage(), status: .notFound)
      }
      return PageResponse.asset(asset, ifNoneMatch: request.headers[.ifNoneMatch])
    }
  }
}

/// Responses of the pages, each with ``securityHeaders()``.
enum PageResponse {
  static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
    var headers = securityHeaders()
    headers[.contentType] = "text/html; charset=utf-8"
    // A share page shows one deal's prices: no shared cache keeps it.
    headers[.cacheControl] = "no-store"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
  }

  static func asset(_ asset: PageAssets.Asset, ifNoneMatch: String?) -> Response {
    var headers = securityHeaders()
    headers[.contentType] = asset.contentType
    headers[.eTag] = asset.etag
    headers[.cacheControl] = "no-cache"
    if let ifNoneMatch,
      ifNoneMatch.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag })
    {
      return Response(status: .notModified, headers: headers)
    }
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
  }

  /// The pages' Content-Security-Policy (``SecurityHeadersPolicy/page``: script and style from this
  /// origin's files only, so no inline script or style attribute runs), no sniffing, no referrer (a
  /// share link's id stays out of other sites' logs), no framing: on the page itself, so the page
  /// routes have them also where they run without the service's ``ResponseGuard``.
  static func securityHeaders() -> HTTPFields {
    var headers = HTTPFields()
    SecurityHeadersPolicy.apply(to: &headers)
    return headers
  }
}

extension Router<AppRequestContext> {
  /// The pages of `service`: its catalogs for the calculator, its store for the share pages. Without
  /// their script and stylesheet (a build whose resource bundle is not beside the executable) the
  /// pages are still served, unstyled, and the start logs why.
  func addPageRoutes(_ service: SeatMixService) {
    let assets: PageAssets
    do {
      assets = try PageAssets.loadBundled()
    } catch {
      service.logger.error("the pages have no script or stylesheet", metadata: ["error": "\(error)"])
      assets = PageAssets(assets: [:])
    }
    addPageRoutes(PageSources(service), assets: assets)
  }
}

extension PageSources {
  init(_ service: SeatMixService) {
    let choices = service.catalogs.ids.compactMap { id in
      service.catalogs.entries[id].map { entry in
        CalculatorPage.CatalogChoice(
          id: id, name: entry.catalog.name, vendor: entry.catalog.vendor, effectiveDate: entry.catalog.effectiveDate,
          currency: entry.catalog.currency)
      }
    }
    self.init(
      catalogs: { choices },
      sharedDeal: { id, number in
        guard DealSecrets.isWellFormedID(id), let revisions = try await service.store.revisions(of: id),
          let revision = try await service.store.revision(of: id, number: number)
        else { return nil }
        return SharedDealPage.Content(
          revision, revisions: revisions, catalogChanged: try await service.catalogChanged(revision))
      })
  }
}

extension SharedDealPage.Content {
  /// A stored revision as its page shows it. The deal's name and the tier names are read from the
  /// revision's own JSON (the deal as posted, the catalog as frozen).
  init(_ revision: StoredRevision, revisions: [RevisionSummary], catalogChanged: Bool) {
    let deal = (try? JSONSerialization.jsonObject(with: Data(revision.content.deal.utf8))) as? [String: Any]
    let catalog = (try? JSONSerialization.jsonObject(with: Data(revision.content.catalog.json.utf8))) as? [String: Any]
    var tierNames: [String: String] = [:]
    for tier in catalog?["tiers"] as? [[String: Any]] ?? [] {
      if let id = tier["id"] as? String, let name = tier["name"] as? String { tierNames[id] = name }
    }
    let plan = try? PlanView.decode(Data(revision.content.plan.utf8))
    self.init(
      id: revision.dealID, dealName: deal?["name"] as? String ?? "Saved deal",
      revisions: revisions.map { SharedDealPage.Revision(number: $0.revision, createdAt: $0.createdAt) },
      shown: SharedDealPage.Revision(number: revision.number, createdAt: revision.createdAt),
      catalog: SharedDealPage.QuotedCatalog(
        id: revision.content.catalog.id, name: revision.content.catalog.name,
        effectiveDate: revision.content.catalog.effectiveDate,
        currency: catalog?["currency"] as? String ?? plan?.catalog?.currency ?? ""),
      catalogChanged: catalogChanged, plan: plan, tierNames: tierNames)
  }
}
