import Hummingbird

// The HTML pages: GET / (calculator), /d/{id} (a shared deal), /batch, and /assets/* (the script and
// stylesheet in Resources/). They call the JSON API under /api/v1, as any client does; `service`
// has the catalogs (`service.catalogs`) and the saved deals (`service.store`).

extension Router<AppRequestContext> {
  func addPageRoutes(_ service: SeatMixService) {
    get("/") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
        body: .init(
          byteBuffer: ByteBuffer(
            string: "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SeatMix</title></head>"
              + "<body><h1>SeatMix</h1></body></html>\n")))
    }
  }
}
