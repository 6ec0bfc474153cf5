import Hummingbird

/// Security headers on every response: a Content-Security-Policy that allows scripts and styles
/// from this server's own files only (no inline script anywhere), no framing, no sniffing, no
/// referrer (share links carry a deal's id).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var response: Response
    do {
      response = try await next(request, context)
    } catch let error as any HTTPResponseError {
      // A problem thrown by a route gets the same headers as any answer.
      response = try error.response(from: request, context: context)
    }
    if response.headers[.contentSecurityPolicy] == nil {
      response.headers[.contentSecurityPolicy] = SecurityHeadersPolicy.page
    }
    response.headers[.xContentTypeOptions] = "nosniff"
    response.headers[.init("Referrer-Policy")!] = "no-referrer"
    response.headers[.init("X-Frame-Options")!] = "DENY"
    return response
  }
}

enum SecurityHeadersPolicy {
  /// The pages': script and style from this origin's files, images from here or data: URLs.
  static let page =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
  /// A downloaded report's: its own inline styles and SVG, nothing else, no script at all.
  static let reportPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
}
