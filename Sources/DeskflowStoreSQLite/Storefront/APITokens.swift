import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension APIToken {
    init(_ record: APITokenRecord) {
        self.init(
            id: record.id!, name: record.name, role: record.role, createdAt: record.createdAt, revokedAt: record.revokedAt)
    }
}

extension SQLiteStore {
    /// Keeps a new token under its hash. Two tokens never share a hash: 128 random bits make that impossible.
    public func createAPIToken(name: String, role: StaffRole, tokenHash: String, now: Date) async throws -> APIToken {
        try await pool.write { db in
            var record = APITokenRecord(id: nil, name: name, role: role, tokenHash: tokenHash, createdAt: now, revokedAt: nil)
            try record.insert(db)
            // Read back as stored, to the millisecond, so the token returned equals the same token read again later
            // (as PostgreSQL's `RETURNING` gives it); the row was written in this transaction, so it is there.
            return APIToken(try APITokenRecord.fetchOne(db, key: record.id) ?? record)
        }
    }

    /// Every token, revoked ones included, oldest first.
    public func apiTokens() async throws -> [APIToken] {
        try await pool.read { db in try APITokenRecord.order(Column("id")).fetchAll(db).map(APIToken.init) }
    }

    /// The live token with this hash, or `nil` when there is none or it was revoked.
    public func activeAPIToken(hash: String) async throws -> APIToken? {
        try await pool.read { db in
            try APITokenRecord.filter(Column("token_hash") == hash && Column("revoked_at") == nil).fetchOne(db).map(APIToken.init)
        }
    }

    /// Revokes a token at once: its next request is refused. `false` when there is no such live token.
    public func revokeAPIToken(id: Int64, now: Date) async throws -> Bool {
        try await pool.write { db in
            guard var record = try APITokenRecord.fetchOne(db, key: id), record.revokedAt == nil else { return false }
            record.revokedAt = now
            try record.update(db)
            return true
        }
    }

    /// The catalog's products among `skus`: those a storefront's lines may name.
    public func catalog(skus: [String]) async throws -> [String: CatalogProduct] {
        try await pool.read { db in
            let products = try ProductRecord.filter(keys: Set(skus)).fetchAll(db)
            return Dictionary(uniqueKeysWithValues: products.map { product in
                (product.sku, CatalogProduct(sku: product.sku, name: product.name, price: Money(minorUnits: product.priceMinor, currency: product.currency)))
            })
        }
    }
}
