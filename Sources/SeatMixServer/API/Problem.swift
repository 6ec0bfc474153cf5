import Foundation
import Hummingbird
import SeatMix

/// An error answered as RFC 9457 problem details (`application/problem+json`): a type, a title, the
/// status, a detail sentence and, for a posted document, every problem of it with its line and field
/// (the CLI's located messages).
struct Problem: Error, HTTPResponseError, Sendable {
  /// One located problem of a posted document.
  struct Located: Codable, Equatable, Sendable {
    var line: Int?
    var field: String
    var message: String
  }

  var status: HTTPResponse.Status
  /// A short name for the kind of problem; the `type` URI is `/problems/<kind>` (see openapi.yaml).
  var kind: String
  var title: String
  var detail: String
  var errors: [Located] = []
  var headers: HTTPFields = [:]

  struct Body: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var errors: [Located]
  }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    let body = Body(type: "/problems/\(kind)", title: title, status: status.code, detail: detail, errors: errors)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var data = try encoder.encode(body)
    data.append(0x0A)
    var headers = self.headers
    headers[.contentType] = "application/problem+json"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }
}

extension Problem {
  /// A posted document with problems: every one with its line and field.
  static func invalidDocument(_ diagnostics: [Diagnostic], what: String = "deal") -> Problem {
    let errors = diagnostics.filter { $0.severity == .error }
    return Problem(
      status: .unprocessableContent, kind: "invalid-\(what)", title: "The posted \(what) has problems",
      detail: errors.map(\.description).joined(separator: "\n"),
      errors: errors.map { Located(line: $0.line, field: $0.field, message: $0.message) })
  }

  static func from(_ error: SeatMixError, what: String = "deal") -> Problem {
    switch error {
    case .invalidInput, .unreadable:
      return invalidDocument(error.diagnostics, what: what)
    case .catalogNotFound, .catalogReference:
      return Problem(
        status: .unprocessableContent, kind: "unknown-catalog", title: "Unknown catalog", detail: "\(error)")
    case .solver(let failure):
      return Problem(
        status: .internalServerError, kind: "solver-failure", title: "Solver failure", detail: "\(failure)")
    }
  }

  static func notFound(_ what: String) -> Problem {
    Problem(status: .notFound, kind: "not-found", title: "Not found", detail: "no \(what)")
  }

  static func tooLarge(_ what: String, limit: Int) -> Problem {
    Problem(
      status: .contentTooLarge, kind: "too-large", title: "Request body too large",
      detail: "the \(what) is larger than the limit of \(limit) bytes")
  }

  static func unsupportedMediaType(_ type: String?, accepted: [String]) -> Problem {
    Problem(
      status: .unsupportedMediaType, kind: "unsupported-media-type", title: "Unsupported media type",
      detail:
        "Content-Type \(type.map { quoted($0) } ?? "(none)") is not accepted here; send \(accepted.joined(separator: ", "))"
    )
  }

  static func badRequest(_ detail: String) -> Problem {
    Problem(status: .badRequest, kind: "bad-request", title: "Bad request", detail: detail)
  }

  static let unauthorized = Problem(
    status: .unauthorized, kind: "unauthorized", title: "Wrong or missing secret",
    detail: "editing or deleting a deal needs the header 'Authorization: Bearer <secret>' with the deal's secret",
    headers: [.wwwAuthenticate: "Bearer"])

  /// Every solve worker is busy and the queue is full.
  static func busy(retryAfterSeconds: Int) -> Problem {
    Problem(
      status: .serviceUnavailable, kind: "busy", title: "Too many solves at once",
      detail: "every solve worker is busy and the queue is full; try again in \(retryAfterSeconds) s",
      headers: [.retryAfter: "\(retryAfterSeconds)"])
  }
}
