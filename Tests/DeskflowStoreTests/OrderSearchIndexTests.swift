import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// Part of a name or email is found through the trigram index (`order_search`), which triggers keep in step with
    /// `orders`; counts of a search stop at `OrderSearch.countLimit`.
    @Suite("The order search index")
    struct OrderSearchIndex {
        // MARK: - Keeping in step

        @Test("the migration indexes the orders already in the store")
        func migrationIndexesExistingOrders() async throws {
            // given a store whose orders went in before the index existed
            let database = try await StoreFixtures.demoStore()
            try await database.pool.write { db in
                try db.execute(sql: """
                    DROP TABLE order_search;
                    DROP TRIGGER order_search_on_insert;
                    DROP TRIGGER order_search_on_delete;
                    DROP TRIGGER order_search_on_update;
                    DELETE FROM grdb_migrations WHERE identifier = 'v17-order-search-index';
                    """)
            }

            // when the store opens and migrates
            let reopened = try SQLiteStore(path: database.path)

            // then every order is found by part of its customer's name
            let order = try #require(try await StoreFixtures.demoOrders().first)
            let lastName = try #require(order.customerName.split(separator: " ").last.map(String.init))
            let found = try await reopened.allOrders(search: OrderSearch(lastName))
            #expect(found.contains { $0.number == order.number })
            #expect(found.map(\.number) == (try await OrderSearching.expectedNumbers(try #require(OrderSearch(lastName)))))
            #expect(try await Self.indexProblems(reopened) == nil)
        }

        @Test("a new order is found as soon as it is stored")
        func insertedOrderIsIndexed() async throws {
            let database = try await StoreFixtures.demoStore()
            try await Self.copyOrder(1001, as: 5001, name: "Quentin Zabriskie", email: "q.zabriskie@example.io", database)

            #expect(try await database.allOrders(search: OrderSearch("zabris")).map(\.number) == [5001])
            #expect(try await database.allOrders(search: OrderSearch("ple.io")).map(\.number) == [5001])
            #expect(try await database.countOrders(matching: OrderSearch("zabris"))[.all] == 1)
            #expect(try await Self.indexProblems(database) == nil)
        }

        @Test("an order whose customer name or email changes is found by the new text, not the old")
        func changedNameIsReindexed() async throws {
            let database = try await StoreFixtures.demoStore()
            try await Self.copyOrder(1001, as: 5001, name: "Quentin Zabriskie", email: "q.zabriskie@example.io", database)

            try await database.pool.write { db in
                try db.execute(sql: """
                    UPDATE orders SET customer_name = 'Quentin Yarborough', customer_email = 'qy@example.io'
                    WHERE number = 5001
                    """)
            }

            #expect(try await database.allOrders(search: OrderSearch("zabris")).isEmpty)
            #expect(try await database.allOrders(search: OrderSearch("yarbor")).map(\.number) == [5001])
            #expect(try await database.allOrders(search: OrderSearch("qy@ex")).map(\.number) == [5001])
            #expect(try await Self.indexProblems(database) == nil)
        }

        @Test("an order's other changes leave its index entry alone, and it is still found")
        func otherChangesKeepTheEntry() async throws {
            let database = try await StoreFixtures.demoStore()
            try await Self.copyOrder(1001, as: 5001, name: "Quentin Zabriskie", email: "q.zabriskie@example.io", database)

            try await database.pool.write { db in
                try db.execute(sql: "UPDATE orders SET status = 'cancelled', version = version + 1 WHERE number = 5001")
            }

            #expect(try await database.allOrders(search: OrderSearch("zabris")).map(\.number) == [5001])
            #expect(try await Self.indexProblems(database) == nil)
        }

        @Test("a deleted order is no longer found")
        func deletedOrderIsForgotten() async throws {
            let database = try await StoreFixtures.demoStore()
            try await Self.copyOrder(1001, as: 5001, name: "Quentin Zabriskie", email: "q.zabriskie@example.io", database)

            try await database.pool.write { db in
                try db.execute(sql: "DELETE FROM orders WHERE number = 5001")
            }

            #expect(try await database.allOrders(search: OrderSearch("zabris")).isEmpty)
            #expect(try await Self.indexProblems(database) == nil)
        }

        @Test("bulk seeding fills the index, into an empty store and into one in use")
        func bulkSeedingFillsTheIndex() async throws {
            for database in [
                try await StoreFixtures.bulkIntoEmptyDatabase.value.database,
                try await StoreFixtures.bulkIntoDemoStore.value.database,
            ] {
                #expect(try await Self.indexProblems(database) == nil)
                let indexed = try await database.count("SELECT COUNT(*) FROM order_search WHERE order_search MATCH 'example'")
                #expect(indexed == (try await database.count("SELECT COUNT(*) FROM orders")))
            }
        }

        // MARK: - Hostile text

        @Test(
            "FTS5 syntax and control characters are only text: a normal result or none, never an error",
            arguments: [
                "\"", "\"\"", "\"walk", "walk\"", "\"Patel\"", "a\"b\"c", "Pat*", "*", "Patel*", "NEAR(Patel Chen)",
                "Patel NEAR Chen", "-Patel", "Patel - Chen", "^Patel", "customer_name:Patel", "customer_email : x",
                "(Patel)", "((", ")", "Patel AND Chen", "Patel OR Chen", "NOT Patel", "AND", "OR", "NOT", "NEAR",
                "{customer_name}: Patel", "Pat\u{0}el", "\u{0}\u{0}\u{0}", "Pa\ttel", "\u{1B}[31mPatel", "\u{7F}\u{7F}x",
                "pa\u{200B}tel", "'; DROP TABLE order_search; --", "order_search", "rank:", "bm25(order_search)",
                "\u{FEFF}Patel", "é\u{301}é", "😀😀😀", "%_%", "\\\"\\",
            ]
        )
        func hostileText(text: String) async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let search = try #require(OrderSearch(text))

            let found = try await database.allOrders(search: search)
            let counts = try await database.countOrders(matching: search)

            #expect(found.map(\.number) == (try await OrderSearching.expectedNumbers(search)))
            #expect(counts[.all] == found.count)
            #expect(try await database.countOrders()[.all] == 300, "the search changed the store")
        }

        @Test(
            "a search's text becomes one FTS5 string, each double quote doubled",
            arguments: [
                ("walk", "\"walk\""),
                ("\"", "\"\"\"\""),
                ("a\"b", "\"a\"\"b\""),
                ("\"\"", "\"\"\"\"\"\""),
                ("Pat*", "\"Pat*\""),
                ("NEAR(a b)", "\"NEAR(a b)\""),
                ("a OR b", "\"a OR b\""),
                ("-x ^y z:w", "\"-x ^y z:w\""),
                ("(x)", "\"(x)\""),
                ("tab\there", "\"tab\there\""),
                ("nul\u{0}x", "\"nul\u{0}x\""),
                ("é😀", "\"é😀\""),
            ]
        )
        func phrase(text: String, expected: String) {
            #expect(OrderSearchMatch.phrase(text) == expected)
        }

        @Test(
            "what a search's text is matched by",
            arguments: [
                ("1001", OrderSearchMatch.number(1001)),
                ("#42", .number(42)),
                ("Jane.Doe@Example.com", .emailAddress("jane.doe@example.com")),
                ("walk", .indexedText(matchExpression: "\"walk\"", likePattern: "%walk%")),
                ("e.c", .indexedText(matchExpression: "\"e.c\"", likePattern: "%e.c%")),
                ("10%_x", .indexedText(matchExpression: "\"10%_x\"", likePattern: "%10\\%\\_x%")),
                ("ab", .shortText(likePattern: "%ab%")),
                ("%", .shortText(likePattern: "%\\%%")),
                ("é", .shortText(likePattern: "%é%")),
                // SQLite is handed text up to its first NUL, which no stored name or email holds
                ("Pat\u{0}el", .nothing),
                ("\u{0}\u{0}\u{0}", .nothing),
                // three characters as the index counts them (code points), though Swift sees two
                ("e\u{301}x", .indexedText(matchExpression: "\"e\u{301}x\"", likePattern: "%e\u{301}x%")),
            ]
        )
        func classification(text: String, expected: OrderSearchMatch) throws {
            #expect(OrderSearchMatch(try #require(OrderSearch(text))) == expected)
        }

        // MARK: - Capped counts and short text, in a store of 2,300 orders

        @Test("a search matching more orders than a count shows counts each tab among the first matches only")
        func countsStopAtTheLimit() async throws {
            let database = try await StoreFixtures.bulkIntoDemoStore.value.database
            // every order's email holds "example"
            let search = try #require(OrderSearch("example"))

            let counts = try await database.countOrders(matching: search)

            #expect(counts[.all] == OrderSearch.countLimit)
            let storeWide = try await database.countOrders()
            for filter in OrderFilter.allCases {
                #expect(counts.isCapped(filter), "\(filter.value)")
                #expect(counts[filter] <= min(storeWide[filter], OrderSearch.countLimit), "\(filter.value)")
            }
            // one past the limit were counted, each in the tab of its status
            let byStatus = OrderStatus.allCases.map { counts[.status($0)] }.reduce(0, +)
            #expect(byStatus == OrderSearch.countLimit + 1)
        }

        @Test("a search matching many orders pages through all of them, in list order, tab by tab, and counts them")
        func manyMatchesPageInListOrder() async throws {
            // given 2,300 orders, half of them for customers named Quokka
            let path = StoreFixtures.temporaryPath()
            try await StoreFixtures.bulkIntoDemoStore.value.database.backup(to: path)
            let database = try SQLiteStore(path: path)
            try await database.pool.write { db in
                try db.execute(sql: "UPDATE orders SET customer_name = customer_name || ' Quokka' WHERE id % 2 = 0")
            }
            #expect(try await Self.indexProblems(database) == nil)
            // every order (too many to read from the index), half (read from it once), a third (fewer than a count)
            let spreads = try await database.pool.read { db in
                try ["example", "quokka", "example.com"].map { try OrderSearchMatch(#require(OrderSearch($0))).spread(db) }
            }
            #expect(spreads == [.many, .some, .few])
            for text in ["example", "quokka", "example.com"] {
                let search = try #require(OrderSearch(text))
                let counts = try await database.countOrders(matching: search)
                #expect(counts.isCapped(.all) == (text != "example.com"), "\(text)")
                for filter in OrderFilter.allCases {
                    let expected = try await database.allOrders(filter: filter).filter {
                        $0.customerEmail.lowercased().contains(text) || $0.customerName.lowercased().contains(text)
                    }
                    if counts.isCapped(.all) {
                        #expect(counts.isCapped(filter), "\(filter.value) \(text)")
                        #expect(counts[filter] <= min(expected.count, OrderSearch.countLimit), "\(filter.value) \(text)")
                    } else {
                        #expect(counts[filter] == expected.count, "\(filter.value) \(text)")
                    }
                }
            }
            for text in ["example", "quokka", "example.com"] {
                let search = try #require(OrderSearch(text))
                for filter in [OrderFilter.all, .needsAttention, .status(.fulfilled), .issue(.paymentFailed)] {
                    let everything = try await database.allOrders(filter: filter)
                    let expected = everything.filter {
                        $0.customerEmail.lowercased().contains(text) || $0.customerName.lowercased().contains(text)
                    }
                    let paged = try await database.allOrders(filter: filter, search: search, limit: 50)
                    #expect(paged.map(\.number) == expected.map(\.number), "\(filter.value) searching \(text)")
                }
            }
            #expect(try await database.allOrders(search: OrderSearch("example")).count > OrderSearch.countLimit)
        }

        @Test("a search matching few orders in a large store counts them exactly")
        func fewMatchesCountExactly() async throws {
            let database = try await StoreFixtures.bulkIntoDemoStore.value.database
            let order = try #require(try await database.listOrders(OrderListRequest(limit: 1)).orders.first)
            let search = try #require(OrderSearch(order.customerName))
            let expected = try await database.allOrders().filter {
                $0.customerName.lowercased().contains(order.customerName.lowercased())
            }

            let counts = try await database.countOrders(matching: search)

            #expect(expected.count <= OrderSearch.countLimit)
            #expect(counts[.all] == expected.count)
            #expect(!counts.isCapped(.all))
            for filter in OrderFilter.allCases {
                let inTab = expected.filter { filter.includes(status: $0.status, issue: $0.issue?.kind) }
                #expect(counts[filter] == inTab.count, "\(filter.value)")
            }
        }

        @Test("one or two characters are looked for among the newest orders only")
        func shortTextLooksAtTheNewestOrders() async throws {
            let database = try await StoreFixtures.bulkIntoDemoStore.value.database
            let search = try #require(OrderSearch("e"))
            let newest = try await database.allOrders().prefix(OrderSearch.shortTextWindow)
            let expected = newest.filter { $0.customerName.lowercased().contains("e") || $0.customerEmail.contains("e") }

            let found = try await database.allOrders(search: search, limit: 50)
            let counts = try await database.countOrders(matching: search)

            #expect(found.map(\.number) == expected.map(\.number))
            #expect(counts[.all] == expected.count)
            let inQueue = try await database.allOrders(filter: .needsAttention, search: search, limit: 7)
            #expect(Set(inQueue.map(\.number)) == Set(expected.filter { $0.issue != nil }.map(\.number)))
        }

        // MARK: - Helpers

        /// Stores a copy of an order under a new number, for another customer.
        static func copyOrder(_ number: Int, as newNumber: Int, name: String, email: String, _ database: SQLiteStore)
            async throws
        {
            try await database.pool.write { db in
                var order = try #require(try OrderRecord.filter(Column("number") == number).fetchOne(db))
                order.id = nil
                order.number = newNumber
                order.customerName = name
                order.customerEmail = email
                try order.insert(db)
            }
        }

        /// What FTS5's own check finds wrong between the index and the orders it indexes; `nil` when nothing.
        static func indexProblems(_ database: SQLiteStore) async throws -> String? {
            do {
                try await database.pool.write { db in
                    try db.execute(sql: "INSERT INTO order_search(order_search, rank) VALUES ('integrity-check', 1)")
                }
                return nil
            } catch {
                return "\(error)"
            }
        }
    }
}
