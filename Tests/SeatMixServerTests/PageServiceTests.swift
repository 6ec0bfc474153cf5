import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SeatMixServer

/// The pages through the whole service (``buildApplication(_:)``, in-process): the calculator lists
/// the service's catalogs, and a deal saved through the API is shown on its share page with its
/// user-written text escaped, under the pages' Content-Security-Policy.
@Suite struct PageServiceTests {
  static func configuration() -> ServerConfiguration { testConfiguration() }

  static func expectPagePolicy(_ response: TestResponse) {
    let policy = response.headers[.contentSecurityPolicy] ?? ""
    #expect(policy.contains("script-src 'self'"))
    #expect(!policy.contains("unsafe-inline"))
  }

  @Test func calculatorListsTheServicesCatalogs() async throws {
    let app = try await buildApplication(Self.configuration())
    try await app.test(.router) { client in
      try await client.execute(uri: "/", method: .get) { response in
        #expect(response.status == .ok)
        Self.expectPagePolicy(response)
        let html = String(buffer: response.body)
        #expect(html.contains("<option value=\"zoom-contact-center\">Zoom Contact Center, effective "))
      }
      try await client.execute(uri: "/assets/app.js", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
      }
    }
  }

  @Test func aSavedDealsSharePageEscapesItsGroupName() async throws {
    let hostile = "</th><script>alert(1)</script>"
    let deal: [String: Any] = [
      "name": "Seed <b>deal</b>", "catalog": "zoom-contact-center", "licensing": "concurrent",
      "groups": [
        ["name": hostile, "agents": 100, "peak_concurrent": 25, "features": ["voice", "wfm", "qm"], "tier": "elite"]
      ],
    ]
    let body = try JSONSerialization.data(withJSONObject: deal)
    let app = try await buildApplication(Self.configuration())
    try await app.test(.router) { client in
      let id = try await client.execute(
        uri: "/api/v1/deals", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(bytes: body)
      ) { response in
        #expect(response.status == .created)
        let created = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        return try #require(created?["id"] as? String)
      }
      try await client.execute(uri: "/d/\(id)", method: .get) { response in
        #expect(response.status == .ok)
        Self.expectPagePolicy(response)
        let html = String(buffer: response.body)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<b>deal"))
        #expect(html.contains("<h1 id=\"deal-title\">Seed &lt;b&gt;deal&lt;/b&gt;</h1>"))
        #expect(html.contains("<tr><th scope=\"row\">&lt;/th&gt;&lt;script&gt;alert(1)&lt;/script&gt;</th>"))
        // The seed example's plan, frozen: 25 Elite concurrent seats, 75 WFM, 75 QM, Elite's name.
        #expect(html.contains("<tr data-sku=\"elite-concurrent\">"))
        #expect(html.contains("<td>Elite</td><td>concurrent</td>"))
        #expect(html.contains("Revision 1 of 1"))
        #expect(!html.contains("catalog-changed"))
      }
      try await client.execute(uri: "/d/\(id)?revision=2", method: .get) { response in
        #expect(response.status == .notFound)
      }
    }
  }
}
