/// The hidden fields every order-changing form carries: the version it was rendered from and its idempotency key.
struct OrderChangeFields {
    var version: Int
    var idempotencyKey: String

    init(_ form: FormFields) throws {
        guard let versionText = form["version"], versionText.count <= 9, versionText.allSatisfy(\.isASCIIDigit),
            let version = Int(versionText)
        else {
            throw PageError.badRequest(
                "The form did not say which version of the order it was filled in on, so nothing was changed.",
                advice: "Reload the order and try again.")
        }
        guard let key = form["idempotency_key"], (8...100).contains(key.count),
            key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        else {
            throw PageError.badRequest(
                "The form is missing its one-time key, so nothing was changed.", advice: "Reload the order and try again.")
        }
        self.version = version
        self.idempotencyKey = key
    }
}
