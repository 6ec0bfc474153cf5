import Foundation
import Hummingbird
import SeatMix

/// The JSON API, versioned under `/api/v1` and described by `openapi.yaml` (served at
/// `/api/v1/openapi.yaml`). Every error is problem details (``Problem``).
extension Router<AppRequestContext> {
  func addAPIRoutes(_ service: SeatMixService) {
    let api = group("/api/v1")
    api.get("/openapi.yaml") { _, _ in
      guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
        let data = try? Data(contentsOf: url)
      else { throw Problem.notFound("OpenAPI document in this build") }
      return Response(
        status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
    api.get("/catalogs") { _, _ in
      let summaries = service.catalogs.ids.compactMap { id in
        service.catalogs.entries[id].map { entry -> CatalogJSON.Summary in
          var summary = CatalogJSON.summary(entry.catalog)
          summary.id = id
          return summary
        }
      }
      return APIResponse.json(CatalogJSON.encode(summaries))
    }
    api.get("/catalogs/{id}") { _, context in
      let id = try context.parameters.require("id")
      guard let entry = service.catalogs.entries[id] else {
        throw Problem.unknownCatalog(id, known: service.catalogs.ids)
      }
      return APIResponse.json(CatalogJSON.encode(CatalogJSON.document(entry.catalog, id: id)))
    }
    api.post("/plans") { request, _ in
      let parsed = try await service.readDeal(request)
      return APIResponse.json(try await service.planJSON(parsed.loaded.deal, catalog: parsed.loaded.catalog))
    }
    api.post("/reports") { request, _ in
      let format = request.uri.queryParameters.get("format") ?? "html"
      guard let kind = ReportKind(rawValue: format) else {
        throw Problem.badRequest(
          "format \(quoted(format)) is not one of \(ReportKind.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      if kind == .pdf, Chromium.find() == nil {
        throw Problem(
          status: .notImplemented, kind: "pdf-unavailable", title: "PDF reports need Chromium",
          detail: "report.pdf is made by headless Chromium, which this server does not have; \(Chromium.installHint)")
      }
      let parsed = try await service.readDeal(request)
      return try await service.report(parsed.loaded, kind: kind)
    }
    addDealRoutes(api, service)
    addBatchRoutes(api, service)
  }

  private func addDealRoutes(_ api: RouterGroup<AppRequestContext>, _ service: SeatMixService) {
    // A deal file read as `seatmix optimize` reads it (the calculator's import): the document as
    // JSON, or its problems located in a file called `?name=` (`deal` when not given).
    api.post("/deals/parse") { request, _ in
      let name = request.uri.queryParameters.get("name").map { BatchJobs.uploadName($0, default: "deal") } ?? "deal"
      let parsed = try await service.readDeal(request, name: name)
      return APIResponse.json(try parsed.json() + "\n")
    }
    api.post("/deals") { request, _ in
      let parsed = try await service.readDeal(request)
      let revision = try await service.newRevision(parsed)
      let id = DealSecrets.newID()
      let secret = DealSecrets.newSecret()
      _ = try await service.store.create(id: id, secretHash: DealSecrets.hash(secret), first: revision)
      service.logger.info("deal saved", metadata: ["deal": "\(id)", "revision": "1"])
      let body = DealCreated(id: id, secret: secret, revision: 1, shareURL: "/d/\(id)")
      return APIResponse.json(CatalogJSON.encode(body), status: .created, headers: [.location: "/api/v1/deals/\(id)"])
    }
    api.get("/deals/{id}") { _, context in
      let id = try context.dealID()
      guard let revisions = try await service.store.revisions(of: id),
        let latest = try await service.store.revision(of: id, number: nil)
      else { throw Problem.notFound("deal with this id") }
      let revisionsJSON = CatalogJSON.encode(revisions)
      let latestJSON = try await service.revisionJSON(latest)
      return APIResponse.json(
        "{\n\"id\" : \(JSONText.quoted(id)),\n\"latest\" : \(latestJSON),\n\"revisions\" : \(revisionsJSON)\n}\n")
    }
    api.get("/deals/{id}/revisions/{number}") { _, context in
      let id = try context.dealID()
      guard let number = Int(try context.parameters.require("number")), number >= 1,
        let revision = try await service.store.revision(of: id, number: number)
      else { throw Problem.notFound("such revision of a deal with this id") }
      return APIResponse.json(try await service.revisionJSON(revision) + "\n")
    }
    api.put("/deals/{id}") { request, context in
      let id = try context.dealID()
      try await service.authorize(request, deal: id)
      let parsed = try await service.readDeal(request)
      let revision = try await service.newRevision(parsed)
      guard let stored = try await service.store.append(to: id, revision) else {
        throw Problem.notFound("deal with this id")
      }
      service.logger.info("deal saved", metadata: ["deal": "\(id)", "revision": "\(stored.number)"])
      let body = DealSaved(id: id, revision: stored.number, shareURL: "/d/\(id)")
      return APIResponse.json(CatalogJSON.encode(body))
    }
    api.delete("/deals/{id}") { request, context in
      let id = try context.dealID()
      try await service.authorize(request, deal: id)
      guard try await service.store.delete(id) else { throw Problem.notFound("deal with this id") }
      service.logger.info("deal deleted", metadata: ["deal": "\(id)"])
      return Response(status: .noContent)
    }
  }

  private func addBatchRoutes(_ api: RouterGroup<AppRequestContext>, _ service: SeatMixService) {
    api.post("/batches") { request, _ in
      let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
      guard let type, type.lowercased() == "text/csv" else {
        throw Problem.unsupportedMediaType(request.headers[.contentType], accepted: ["text/csv"])
      }
      let limit = service.configuration.maximumBatchBytes
      let data = try await APIResponse.body(request, limit: limit, what: "batch CSV")
      let rows = data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
      if rows > service.configuration.maximumBatchRows + 1 {
        throw Problem(
          status: .contentTooLarge, kind: "too-many-rows", title: "Batch too large",
          detail: "a batch holds at most \(service.configuration.maximumBatchRows) rows; this one has \(rows - 1)")
      }
      let name = request.uri.queryParameters.get("name")
      guard let id = try service.batches.submit(data, name: name) else {
        throw Problem(
          status: .serviceUnavailable, kind: "busy", title: "Too many batches at once",
          detail:
            "the service holds \(service.configuration.maximumBatches) unfinished batches; try again in 5 s",
          headers: [.retryAfter: "5"])
      }
      return APIResponse.json(
        CatalogJSON.encode(["id": id]), status: .accepted, headers: [.location: "/api/v1/batches/\(id)"])
    }
    api.get("/batches/{id}") { _, context in
      let id = try context.parameters.require("id")
      guard let status = service.batches.status(id) else { throw Problem.notFound("batch with this id") }
      return APIResponse.json(CatalogJSON.encode(status))
    }
    for name in ["results.csv", "lines.csv"] {
      api.get("/batches/{id}/\(name)") { _, context in
        let id = try context.parameters.require("id")
        guard let status = service.batches.status(id) else { throw Problem.notFound("batch with this id") }
        guard let data = service.batches.output(id, name) else {
          throw Problem(
            status: .conflict, kind: "batch-not-done", title: "Batch not done",
            detail: "the batch is \(status.state.rawValue); \(name) is there once it is done")
        }
        return Response(
          status: .ok,
          headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
          body: .init(byteBuffer: ByteBuffer(bytes: data)))
      }
    }
  }
}

struct DealCreated: Encodable {
  var id: String
  var secret: String
  var revision: Int
  var shareURL: String
}

struct DealSaved: Encodable {
  var id: String
  var revision: Int
  var shareURL: String
}

/// The report formats of `POST /api/v1/reports?format=`.
enum ReportKind: String, CaseIterable, Sendable {
  case html, markdown, csv, json, pdf

  /// The file of `seatmix report` this format is.
  var file: String {
    switch self {
    case .html: return "report.html"
    case .markdown: return "report.md"
    case .csv: return "plan.csv"
    case .json: return "plan.json"
    case .pdf: return "report.pdf"
    }
  }

  var contentType: String {
    switch self {
    case .html: return "text/html; charset=utf-8"
    case .markdown: return "text/markdown; charset=utf-8"
    case .csv: return "text/csv; charset=utf-8"
    case .json: return "application/json"
    case .pdf: return "application/pdf"
    }
  }
}

enum APIResponse {
  static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
    var headers = headers
    headers[.contentType] = "application/json"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  /// The request body, at most `limit` bytes (413 problem past it).
  static func body(_ request: Request, limit: Int, what: String) async throws -> Data {
    if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
      throw Problem.tooLarge(what, limit: limit)
    }
    do {
      let buffer = try await request.body.collect(upTo: limit)
      return Data(buffer.readableBytesView)
    } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
      throw Problem.tooLarge(what, limit: limit)
    }
  }
}

extension AppRequestContext {
  /// The `{id}` of a deal route: a deal id's shape, or 404 (nothing else reaches the store).
  func dealID() throws -> String {
    let id = try parameters.require("id")
    guard DealSecrets.isWellFormedID(id) else { throw Problem.notFound("deal with this id") }
    return id
  }
}

extension Problem {
  static func unknownCatalog(_ id: String, known: [String]) -> Problem {
    Problem(
      status: .notFound, kind: "unknown-catalog", title: "Unknown catalog",
      detail: "no catalog \(quoted(id)); the catalogs are \(known.joined(separator: ", "))")
  }
}

extension JSONText {
  static func quoted(_ text: String) -> String {
    var out = ""
    string(text, into: &out)
    return out
  }
}
