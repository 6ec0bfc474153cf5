import Hummingbird
import NIOCore
import NIOHTTPTypes

/// The headers every response carries: a Content-Security-Policy that allows scripts and styles
/// from this server's own files only (no inline script anywhere), no framing, no sniffing, no
/// referrer (share links carry a deal's id).
enum SecurityHeadersPolicy {
  /// The pages': script and style from this origin's files, images from here or data: URLs.
  static let page =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
  /// A downloaded report's: its own inline styles and SVG, nothing else, no script at all.
  static let reportPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

  /// Adds the security headers; a response's own policy (a report's) is kept.
  static func apply(to headers: inout HTTPFields) {
    if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = page }
    headers[.xContentTypeOptions] = "nosniff"
    headers[.init("Referrer-Policy")!] = "no-referrer"  // valid names: the initializer cannot fail
    headers[.init("X-Frame-Options")!] = "DENY"
  }
}

/// Puts the security headers on every response head the server writes, as it leaves: also on the
/// answers no route or middleware makes (Hummingbird's own 400 for a request it cannot parse, its
/// 500 for an error that escaped the router). One per connection, after HTTP part decoding.
final class SecurityHeadersChannelHandler: ChannelOutboundHandler, RemovableChannelHandler {
  typealias OutboundIn = HTTPResponsePart
  typealias OutboundOut = HTTPResponsePart

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    let part = Self.unwrapOutboundIn(data)
    guard case .head(var head) = part else {
      context.write(data, promise: promise)
      return
    }
    SecurityHeadersPolicy.apply(to: &head.headerFields)
    context.write(Self.wrapOutboundOut(.head(head)), promise: promise)
  }
}
