import Foundation
import Hummingbird
import SeatMix

extension SeatMixService {
  /// The posted deal, read within the body cap, in the syntax its Content-Type says; its problems
  /// name it `name` (`deal` unless told).
  func readDeal(_ request: Request, name: String = DealBody.document) async throws -> DealBody.Parsed {
    let contentType = request.headers[.contentType]
    guard let syntax = DealBody.syntax(contentType: contentType) else {
      throw Problem.unsupportedMediaType(contentType, accepted: DealBody.jsonTypes + DealBody.yamlTypes)
    }
    let data = try await APIResponse.body(request, limit: configuration.maximumDealBytes, what: "deal")
    let catalogs = self.catalogs.catalogs
    return try DealBody.parse(data, syntax: syntax, catalogs: catalogs, name: name)
  }

  /// A revision of a posted deal: the deal as JSON, its catalog frozen as loaded now, and its plan.
  func newRevision(_ parsed: DealBody.Parsed) async throws -> NewRevision {
    let id = parsed.loaded.deal.catalog
    guard let entry = catalogs.entries[id] else { throw Problem.unknownCatalog(id, known: catalogs.ids) }
    let plan = try await planJSON(parsed.loaded.deal, catalog: entry.catalog)
    let frozen = FrozenCatalog(
      id: id, name: entry.catalog.name, effectiveDate: entry.catalog.effectiveDate, source: entry.source,
      json: CatalogJSON.encode(CatalogJSON.document(entry.catalog, id: id)))
    return NewRevision(deal: try parsed.json(), catalog: frozen, plan: plan)
  }

  /// A stored revision as the API shows it: the deal, the frozen catalog, the plan against it, and
  /// whether the service's current catalog would price the deal differently.
  func revisionJSON(_ revision: StoredRevision) async throws -> String {
    let changed = try await catalogChanged(revision)
    let fields: [(String, String)] = [
      ("catalog", revision.content.catalog.json),
      ("catalog_changed", changed ? "true" : "false"),
      ("created_at", JSONText.quoted(revision.createdAt)),
      ("deal", revision.content.deal),
      ("plan", revision.content.plan.trimmingCharacters(in: .newlines)),
      ("revision", "\(revision.number)"),
    ]
    return "{\n" + fields.map { "\(JSONText.quoted($0.0)) : \($0.1)" }.joined(separator: ",\n") + "\n}"
  }

  /// Whether pricing the revision's deal against the current catalog gives another plan than the
  /// frozen one: false without a solve when the catalog file is byte for byte the one frozen; true
  /// when the catalog is gone or the deal no longer reads against it.
  func catalogChanged(_ revision: StoredRevision) async throws -> Bool {
    let frozen = revision.content.catalog
    guard let current = catalogs.entries[frozen.id] else { return true }
    if current.source == frozen.source { return false }
    guard
      let parsed = try? DealBody.parse(Data(revision.content.deal.utf8), syntax: .json, catalogs: catalogs.catalogs)
    else { return true }
    let now = try await planJSON(parsed.loaded.deal, catalog: current.catalog)
    return !Self.samePricing(now, revision.content.plan)
  }

  /// Two plans' JSON alike but for the catalog they name (its effective date may have moved).
  static func samePricing(_ a: String, _ b: String) -> Bool {
    func pricing(_ text: String) -> NSDictionary? {
      guard var object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
      object["catalog"] = nil
      return object as NSDictionary
    }
    guard let a = pricing(a), let b = pricing(b) else { return false }
    return a.isEqual(b)
  }

  /// Checks `Authorization: Bearer <secret>` against the deal's stored hash: 404 for no such deal,
  /// 401 for a missing or wrong secret. The secret is never logged.
  func authorize(_ request: Request, deal id: String) async throws {
    guard let stored = try await store.secretHash(of: id) else { throw Problem.notFound("deal with this id") }
    guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
      throw Problem.unauthorized
    }
    let presented = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
    guard DealSecrets.matches(presented, storedHash: stored) else { throw Problem.unauthorized }
  }

  /// The report of `seatmix report` in one format, solved on the pool (one worker: the report's
  /// re-solves run one after another there).
  func report(_ loaded: DealLoader.Loaded, kind: ReportKind) async throws -> Response {
    let settings = {
      var settings = ReportSettings(solver: solver)
      settings.jobs = 1
      settings.solve = solveOptions
      return settings
    }()
    let deal = loaded.deal
    let catalog = loaded.catalog
    let data: Data = try await solve("report") {
      let report: DealReport
      do throws(SeatMixError) {
        report = try ReportBuilder.build(deal, catalog: catalog, settings: settings)
      } catch {
        throw Problem.from(error)
      }
      let files = ReportFiles.render(report)
      if kind == .pdf {
        return try Self.pdf(html: files.first { $0.name == "report.html" }?.contents ?? "")
      }
      return Data((files.first { $0.name == kind.file }?.contents ?? "").utf8)
    }
    var headers: HTTPFields = [
      .contentType: kind.contentType, .contentDisposition: "attachment; filename=\"\(kind.file)\"",
    ]
    if kind == .html {
      // The report is one self-contained file with its own styles and no script.
      headers[.contentSecurityPolicy] = SecurityHeadersPolicy.reportPolicy
    }
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  private static func pdf(html: String) throws -> Data {
    guard let chromium = Chromium.find() else {
      throw Problem(
        status: .notImplemented, kind: "pdf-unavailable", title: "PDF reports need Chromium",
        detail: Chromium.installHint)
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "seatmix-pdf-\(DealSecrets.randomToken(bytes: 9))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let htmlPath = folder.appendingPathComponent("report.html").path
    let pdfPath = folder.appendingPathComponent("report.pdf").path
    try Data(html.utf8).write(to: URL(fileURLWithPath: htmlPath))
    do {
      try Chromium.printToPDF(html: htmlPath, pdf: pdfPath, executable: chromium)
    } catch {
      throw Problem(status: .internalServerError, kind: "pdf-failed", title: "PDF failed", detail: "\(error)")
    }
    return try Data(contentsOf: URL(fileURLWithPath: pdfPath))
  }
}
