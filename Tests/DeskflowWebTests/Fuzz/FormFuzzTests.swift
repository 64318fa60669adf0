import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import DeskflowWeb

@Suite("Form fuzzing")
struct FormFuzzTests {
    /// Fixed per route (FNV-1a of its name), so every run sends the same requests.
    static func seed(_ route: FuzzRoute) -> UInt64 {
        route.name.utf8.reduce(0xCBF2_9CE4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }

    @Test("10,000 hostile forms over every POST route: never a 500 or a stack trace, and a refused one changes nothing")
    func fuzz() async throws {
        let only = ProcessInfo.processInfo.environment["DESKFLOW_FUZZ_ONLY"]
        let routes = FuzzRoute.all.filter { only == nil || $0.name == only }
        let started = Date()
        // Two routes at a time: enough to keep both cores busy, few enough that tests running beside this one (a live
        // server among them) still get their turn on the cooperative pool.
        let reports = try await withThrowingTaskGroup(of: (FuzzRoute, FormFuzzer.Report).self) { group in
            var waiting = routes.sorted { $0.requests > $1.requests }[...]
            var done: [(FuzzRoute, FormFuzzer.Report)] = []
            func start() async {
                guard let route = waiting.popFirst() else { return }
                group.addTask { (route, try await FormFuzzer(route: route, seed: Self.seed(route)).run()) }
            }
            await start()
            await start()
            while let finished = try await group.next() {
                done.append(finished)
                await start()
            }
            return done
        }
        var total = 0
        for (route, report) in reports.sorted(by: { $0.0.name < $1.0.name }) {
            print("fuzz \(route.name) (seed \(Self.seed(route))): \(report.summary)")
            total += report.sent
            #expect(report.sent == route.requests, "\(route.name)")
            for failure in report.failures.prefix(10) { Issue.record(Comment(rawValue: failure)) }
            if report.failures.count > 10 {
                Issue.record("\(report.failures.count - 10) more failures on \(route.name)")
            }
        }
        print("fuzz: \(total) requests to \(routes.count) routes in \(Int(Date().timeIntervalSince(started))) s")
        if only == nil { #expect(total >= 10_000) }
    }

    @Test("the plan sends at least 10,000 requests, to every POST route, with every field its forms have")
    func plan() async throws {
        // at least 10,000 requests in all
        let total = FuzzRoute.all.reduce(0) { $0 + $1.requests }
        print("fuzz plan: \(total) requests over \(FuzzRoute.all.count) routes")
        #expect(total >= 10_000)

        // every POST route the router has, and no other
        let app = try await TestApp.make(mailFolderIsBroken: true)
        let composer = try await EmailComposer(
            templatesDirectory: app.configuration.templatesDirectory, identity: app.configuration.mailIdentity)
        let router = try await buildRouter(
            configuration: app.configuration, database: app.database, composer: composer,
            logger: {
                var logger = Logger(label: "plan")
                logger.logLevel = .critical
                return logger
            }())
        // The storefront API takes JSON under its token, not forms: StorefrontAPITests and the contract check cover it.
        let posted = Set(router.routes.filter { $0.method == .post && !SitePath.isAPI("\($0.path)") }.map { "POST " + Self.pattern("\($0.path)") })
        #expect(posted == Set(FuzzRoute.all.map(\.path)))

        // every field of every POST form on every page that has one
        let forms = try await Self.postForms(app)
        #expect(
            Set(forms.keys) == Set(FuzzRoute.all.map(\.path)),
            "a POST route with no form on any page, or the other way round")
        for (path, names) in forms {
            let route = try #require(
                FuzzRoute.all.first { $0.path == path }, "no fuzz route for the form posting to \(path)")
            let fuzzed = Set(route.fields.map(\.name))
            #expect(names.isSubset(of: fuzzed), "\(path): fields not fuzzed: \(names.subtracting(fuzzed).sorted())")
        }
    }

    /// `/orders/:number/cancel` and `/orders/1042/cancel` both as `/orders/{number}/cancel`.
    static func pattern(_ path: String) -> String {
        let segments = path.split(separator: "/").map(String.init)
        var out: [String] = []
        for (index, segment) in segments.enumerated() {
            let previous = index > 0 ? segments[index - 1] : ""
            if segment.hasPrefix(":") || segment.hasPrefix("{") {
                out.append("{\(segment.trimmingCharacters(in: CharacterSet(charactersIn: ":{}")))}")
            } else if previous == "orders", segment.allSatisfy(\.isNumber) {
                out.append("{number}")
            } else if previous == "refunds" || previous == "notifications" || previous == "staff",
                segment.allSatisfy(\.isNumber)
            {
                out.append("{id}")
            } else if previous == "inventory" {
                out.append("{sku}")
            } else {
                out.append(segment)
            }
        }
        return "/" + out.joined(separator: "/")
    }

    /// The POST forms of every page that has one, by route, with the names of their fields.
    static func postForms(_ app: TestApp) async throws -> [String: Set<String>] {
        try await app.run { client in
            var pages = [try await client.get("/login", cookie: nil).html]
            let cookie = try await client.signIn()
            _ = try await NotificationsTests.cancelAndDeliver(
                app, client, cookie: cookie, policy: RetryPolicy(maximumAttempts: 1))
            var uris = ["/orders", "/orders?status=needs_attention", "/inventory", "/notifications/1"]
            for kind in IssueKind.allCases {
                let order = try await FailedOrdersTests.first(app.database, kind)
                uris.append("/orders/\(order)")
                for suffix in ["/address", "/payment/method", "/payment/mark-paid", "/messages", "/support", "/cancel"] {
                    uris.append("/orders/\(order)\(suffix)")
                }
                if let refund = try await app.database.orderDetail(number: order)?.refunds.first(where: {
                    $0.state == .failed
                }) {
                    uris.append("/orders/\(order)/refunds/\(refund.id)/mark-refunded")
                }
            }
            let ready = try await OrderDetailTests.firstOrder(app.database, .status(.processing)) { $0.issue == nil }
            uris += ["/orders/\(ready)", "/orders/\(ready)/fulfill", "/orders/\(ready)/cancel", "/orders/\(ready)/refund"]
            for uri in uris {
                let response = try await client.get(uri, cookie: cookie)
                if response.status == .ok { pages.append(response.html) }
            }
            // The staff page as it is, then with a member disabled, so that it offers enabling too.
            pages.append(try await client.get("/staff", cookie: cookie).html)
            let viewer = try #require(try await app.database.staffCredentials(email: TestStaff.viewerEmail)).user.id
            _ = try await client.post("/staff/\(viewer)/disable", cookie: cookie, form: ["csrf_token": "fixed-token"])
            pages.append(try await client.get("/staff", cookie: cookie).html)
            var forms: [String: Set<String>] = [:]
            for page in pages {
                for form in page.matches(
                    of: /<form method="post" action="([^"]+)"[^>]*>(.*?)<\/form>/.dotMatchesNewlines())
                {
                    let names = form.2.matches(of: /name="([^"]+)"/).map { String($0.1) }
                    forms["POST " + pattern(String(form.1)), default: []].formUnion(names)
                }
            }
            return forms
        }
    }
}
