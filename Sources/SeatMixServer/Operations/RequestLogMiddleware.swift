import Foundation
import Hummingbird
import Logging

/// One structured log line per request (method, route, path, status, duration, request id) and the
/// request metrics. Headers are never logged (the `Authorization` header carries a deal's secret),
/// nor are query strings or bodies.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
  let metrics: ServiceMetrics

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let started = ContinuousClock.now
    let status: Int
    do {
      let response = try await next(request, context)
      status = response.status.code
      finish(request, context: context, status: status, started: started)
      return response
    } catch let error as any HTTPResponseError {
      finish(request, context: context, status: error.status.code, started: started)
      throw error
    } catch {
      finish(request, context: context, status: 500, started: started)
      throw error
    }
  }

  private func finish(_ request: Request, context: Context, status: Int, started: ContinuousClock.Instant) {
    let duration = ContinuousClock.now - started
    let route = context.endpointPath ?? "unmatched"
    metrics.request(method: request.method.rawValue, route: route, status: status, duration: duration)
    let milliseconds = Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000
    context.logger.log(
      level: status >= 500 ? .error : .info, "request",
      metadata: [
        "method": "\(request.method.rawValue)", "route": "\(route)", "path": "\(request.uri.path)",
        "status": "\(status)", "duration_ms": "\(String(format: "%.2f", milliseconds))",
      ])
  }
}
