import Hummingbird

extension Router<AppRequestContext> {
  /// `GET /healthz`: the process answers (liveness). `GET /readyz`: the store answers and the
  /// catalogs are loaded (readiness), else 503. `GET /metrics`: Prometheus text format.
  func addOperationsRoutes(_ service: SeatMixService) {
    get("/healthz") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }
    get("/readyz") { _, _ in
      do {
        try await service.store.checkReadable()
      } catch {
        throw Problem(
          status: .serviceUnavailable, kind: "not-ready", title: "Not ready", detail: "the deal store does not answer")
      }
      return Response(
        status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: "ready: \(service.catalogs.ids.count) catalogs\n")))
    }
    get("/metrics") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: service.metrics.exposition())))
    }
  }
}
