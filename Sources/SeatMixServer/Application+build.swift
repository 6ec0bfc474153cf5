import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle

/// The request context of every route.
public typealias AppRequestContext = BasicRequestContext

/// Assembles the service: loads the catalogs (once: a request names a catalog by id, never a
/// file), opens the deal store, and builds the router with the JSON API, the pages and the
/// operations endpoints. `seatmix serve` runs what it returns; tests start it on port 0 in-process.
///
/// On SIGTERM (or SIGINT) the server stops accepting connections and finishes the requests in
/// flight; then the store is closed and the batch files are deleted.
public func buildApplication(_ configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
  let logger = {
    var logger = configuration.logger ?? Logger(label: "seatmix.serve")
    logger.logLevel = configuration.logLevel
    return logger
  }()
  let catalogs = try CatalogSet.load(folder: configuration.catalogsFolder)
  let store: SQLiteDealStore
  do {
    store = try SQLiteDealStore(path: configuration.databasePath)
  } catch {
    throw ServerError.database(path: configuration.databasePath ?? ":memory:", reason: "\(error)")
  }
  let service = try SeatMixService(configuration: configuration, catalogs: catalogs, store: store, logger: logger)
  let router = buildRouter(service)
  let onListening = configuration.onListening
  return Application(
    router: router,
    // Every response head gets the security headers as it leaves, also those no route made.
    server: .http1(configuration: .init(additionalChannelHandlers: [SecurityHeadersChannelHandler()])),
    configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "SeatMix"),
    services: [ClosingService(service: service)],
    onServerRunning: { channel in
      let port = channel.localAddress?.port ?? configuration.port
      logger.info(
        "listening",
        metadata: [
          "host": "\(configuration.host)", "port": "\(port)", "catalogs": "\(catalogs.ids.joined(separator: ","))",
        ])
      await onListening?(configuration.host, port)
    },
    logger: logger
  )
}

/// The routes: operations (`/healthz`, `/readyz`, `/metrics`), the JSON API under `/api/v1`, and
/// the pages. Every answer, a route's or not, passes the request log and then ``ResponseGuard``
/// (problem details for every error, 405 for a path's other methods, the security headers).
func buildRouter(_ service: SeatMixService) -> Router<AppRequestContext> {
  let router = Router(context: AppRequestContext.self)
  let routes = RouteTable()
  router.addMiddleware {
    RequestLogMiddleware(metrics: service.metrics)
    ResponseGuard(routes: routes)
  }
  router.addOperationsRoutes(service)
  router.addAPIRoutes(service)
  router.addPageRoutes(service)
  routes.record(router.routes)
  return router
}

/// Waits for the graceful shutdown, which reaches it after the HTTP server has finished its
/// requests (services stop in reverse order), then closes the store and deletes batch files.
struct ClosingService: Service {
  let service: SeatMixService

  func run() async throws {
    try? await gracefulShutdown()
    do {
      try await service.store.close()
    } catch {
      service.logger.error("closing the database failed", metadata: ["error": "\(error)"])
    }
    service.batches.removeAll()
    service.logger.info("stopped")
  }
}
