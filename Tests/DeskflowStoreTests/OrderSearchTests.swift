import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Searching orders")
    struct OrderSearching {
        /// What a search should find, worked out without SQL: that order number; that customer's whole email
        /// address; or else the customer's name or email containing the text, ignoring case (the demo data is ASCII).
        static func expectedNumbers(_ search: OrderSearch, filter: OrderFilter = .all) async throws -> [Int] {
            let needle = search.text.lowercased()
            return try await StoreFixtures.demoOrders().filter { order in
                let matches: Bool
                if let number = search.orderNumber {
                    matches = order.number == number
                } else if let address = search.emailAddress {
                    matches = order.customerEmail.lowercased() == address
                } else {
                    matches = order.customerName.lowercased().contains(needle) || order.customerEmail.lowercased().contains(needle)
                }
                return matches && filter.includes(status: order.status, issue: order.issue?.kind)
            }.inListOrder(for: filter).map(\.number)
        }

        @Test("an order number finds that order, with or without #", arguments: ["1001", "#1001", " #1001 "])
        func byNumber(text: String) async throws {
            let search = try #require(OrderSearch(text))
            let found = try await StoreFixtures.sharedDemoStore().allOrders(search: search)
            #expect(found.map(\.number) == [1001])
        }

        @Test("a number that is no order finds nothing", arguments: ["999", "#1301", "0"])
        func byUnknownNumber(text: String) async throws {
            let search = try #require(OrderSearch(text))
            #expect(try await StoreFixtures.sharedDemoStore().allOrders(search: search).isEmpty)
        }

        @Test("part of a customer's name or email finds their orders, whatever the case")
        func byNameAndEmail() async throws {
            // given a real customer of the demo store
            let order = try #require(try await StoreFixtures.demoOrders().first)
            let lastName = try #require(order.customerName.split(separator: " ").last.map(String.init))
            let mailbox = try #require(order.customerEmail.split(separator: "@").first.map(String.init))
            let texts = [
                lastName, lastName.uppercased(), lastName.lowercased(), String(lastName.dropFirst().dropLast()),
                order.customerName.uppercased(), mailbox, mailbox.uppercased(), order.customerEmail,
                order.customerEmail.uppercased(),
            ]

            for text in texts {
                // when
                let search = try #require(OrderSearch(text))
                let found = try await StoreFixtures.sharedDemoStore().allOrders(search: search)

                // then
                #expect(found.contains { $0.number == order.number }, "searching \"\(text)\"")
                #expect(found.map(\.number) == (try await Self.expectedNumbers(search)), "searching \"\(text)\"")
            }
        }

        @Test(
            "odd text is matched literally and only finds real matches",
            arguments: [
                "%", "_", "%%", "%a%", "a_b", "100%", "'", "\"", "\\", "\\%", "O'Brien", "'; DROP TABLE orders; --",
                "[a-z]", "*", "e.c", "@example.org", ".com", "é", "😀", String(repeating: "x", count: 500),
                String(repeating: "%", count: 500),
            ]
        )
        func oddText(text: String) async throws {
            let search = try #require(OrderSearch(text))
            let found = try await StoreFixtures.sharedDemoStore().allOrders(search: search)

            #expect(found.map(\.number) == (try await Self.expectedNumbers(search)))
            #expect(try await StoreFixtures.sharedDemoStore().countOrders()[.all] == 300, "the search changed the store")
        }

        @Test("a percent sign is not a wildcard: it matches nothing in the demo store")
        func percentMatchesNothing() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let percent = try #require(OrderSearch("%"))
            let underscore = try #require(OrderSearch("_"))
            let dot = try #require(OrderSearch("."))

            #expect(try await database.allOrders(search: percent).isEmpty)
            #expect(try await database.allOrders(search: underscore).isEmpty)
            #expect(try await database.countOrders(matching: percent)[.all] == 0)
            // while a dot, which every email has, matches every order
            #expect(try await database.allOrders(search: dot).count == 300)
        }

        @Test(
            "a search within a filter tab finds the matches in that tab",
            arguments: [
                ("example.com", OrderFilter.status(.cancelled)),
                ("example.org", .needsAttention),
                ("a", .issue(.paymentFailed)),
                ("e", .status(.fulfilled)),
                ("1001", .status(.cancelled)),
                ("1001", .all),
            ]
        )
        func searchWithinFilter(text: String, filter: OrderFilter) async throws {
            let search = try #require(OrderSearch(text))
            let found = try await StoreFixtures.sharedDemoStore().allOrders(filter: filter, search: search, limit: 7)

            #expect(found.map(\.number) == (try await Self.expectedNumbers(search, filter: filter)))
            #expect(found.allSatisfy { filter.includes(status: $0.status, issue: $0.issue?.kind) })
        }

        @Test(
            "counts of a search agree with paging through it, tab by tab",
            arguments: ["example.net", "an", "1150", "%", "ZZZ"]
        )
        func countsOfSearch(text: String) async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let search = try #require(OrderSearch(text))
            let counts = try await database.countOrders(matching: search)

            for filter in OrderFilter.allCases {
                let paged = try await database.allOrders(filter: filter, search: search, limit: 25).count
                #expect(counts[filter] == paged, "\(filter.value) when searching \"\(text)\"")
                #expect(paged == (try await Self.expectedNumbers(search, filter: filter).count))
            }
        }

        @Test("a search keeps its matches on consecutive pages")
        func searchPaging() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let search = try #require(OrderSearch("example.com"))
            let all = try await database.allOrders(search: search, limit: 1_000)
            let paged = try await database.allOrders(search: search, limit: 5)

            #expect(all.count > 10)
            #expect(paged == all)
        }
    }
}
