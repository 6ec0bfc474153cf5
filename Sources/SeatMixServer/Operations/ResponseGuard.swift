import Foundation
import Hummingbird
import SeatMix

/// The last word on every answer of the router, inside the request log (which so sees the status
/// sent): an error thrown by a route or a middleware becomes problem details — a ``Problem`` as it
/// is, a request no route takes 405 with `Allow` when its path has routes for other methods and 404
/// otherwise, any other Hummingbird error with its own status, anything else 500 (logged) — and
/// every response gets the security headers (``SecurityHeadersPolicy``).
struct ResponseGuard<Context: RequestContext>: RouterMiddleware {
  let routes: RouteTable

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var response: Response
    do {
      response = try await next(request, context)
    } catch {
      let problem = problem(for: error, request, context: context)
      do {
        response = try problem.response(from: request, context: context)
      } catch {
        response = Response(status: problem.status, headers: problem.headers)
      }
    }
    SecurityHeadersPolicy.apply(to: &response.headers)
    return response
  }

  private func problem(for error: any Error, _ request: Request, context: Context) -> Problem {
    switch error {
    case let problem as Problem:
      return problem
    case let error as HTTPError where error.status == .notFound && context.endpointPath == nil:
      return unrouted(request)
    case let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound":
      return unrouted(request)
    case let error as HTTPError:
      var problem = Problem(
        status: error.status, kind: Problem.kind(of: error.status), title: error.status.reasonPhrase,
        detail: error.body ?? error.status.reasonPhrase)
      problem.headers = error.headers
      problem.headers[.contentType] = nil
      return problem
    case let error as any HTTPResponseError:
      return Problem(
        status: error.status, kind: Problem.kind(of: error.status), title: error.status.reasonPhrase,
        detail: error.status.reasonPhrase)
    default:
      context.logger.error(
        "request failed", metadata: ["error": "\(String(reflecting: type(of: error))): \(error)"])
      return Problem(
        status: .internalServerError, kind: "internal-error", title: "Internal server error",
        detail: "the service could not answer this request; the failure is in its log")
    }
  }

  /// No route has this method for this path: 405 when some other method has it, else 404.
  private func unrouted(_ request: Request) -> Problem {
    let path = request.uri.path
    let allowed = routes.allowedMethods(path)
    guard !allowed.isEmpty else {
      return Problem(
        status: .notFound, kind: "not-found", title: "Not found", detail: "nothing is at \(quoted(path))")
    }
    var problem = Problem(
      status: .methodNotAllowed, kind: "method-not-allowed", title: "Method not allowed",
      detail:
        "\(quoted(request.method.rawValue)) is not a method of \(quoted(path)); it has \(allowed.joined(separator: ", "))"
    )
    problem.headers[.allow] = allowed.joined(separator: ", ")
    return problem
  }
}

extension Problem {
  /// The `type` of a problem with only a status: its reason phrase in lower case, words joined by
  /// hyphens (`method-not-allowed`).
  static func kind(of status: HTTPResponse.Status) -> String {
    let words = status.reasonPhrase.lowercased().split { !$0.isLetter && !$0.isNumber }
    return words.isEmpty ? "http-\(status.code)" : words.joined(separator: "-")
  }
}

/// The router's routes, by path pattern and method, recorded once the routes are added: tells a path
/// that has routes for other methods (405) from one that has none (404).
final class RouteTable: @unchecked Sendable {
  private let lock = NSLock()
  private var routes: [(path: RouterPath, method: HTTPRequest.Method)] = []

  func record(_ routes: [Router<AppRequestContext>.RouteDescription]) {
    lock.withLock { self.routes = routes.map { ($0.path, $0.method) } }
  }

  /// The methods of the route pattern the router matches `path` with (a literal segment before a
  /// parameter, as the router's trie prefers), sorted; empty when no pattern matches.
  func allowedMethods(_ path: String) -> [String] {
    let segments = path.split(separator: "/", omittingEmptySubsequences: true)
    let routes = lock.withLock { self.routes }
    let matching = routes.filter { route in
      route.path.components.count == segments.count
        && zip(route.path.components, segments).allSatisfy { element, segment in element ~= segment }
    }
    // Per segment, a literal (rank 0) wins over a parameter or wildcard (rank 1).
    func ranks(_ path: RouterPath) -> [Int] {
      path.components.map { $0.description.contains("{") || $0.description.contains("*") ? 1 : 0 }
    }
    guard let best = matching.min(by: { ranks($0.path).lexicographicallyPrecedes(ranks($1.path)) }) else { return [] }
    return Set(matching.filter { $0.path == best.path }.map(\.method.rawValue)).sorted()
  }
}
