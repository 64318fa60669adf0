import Hummingbird

/// A request that cannot be served, with the words the error page shows: what happened and what to do.
struct PageError: Error {
    var status: HTTPResponse.Status
    var title: String
    var message: String
    var advice: String

    static func badRequest(_ message: String, advice: String = "Go back and try again.") -> PageError {
        PageError(status: .badRequest, title: "That request was not understood", message: message, advice: advice)
    }

    static func notFound(_ message: String, advice: String = "Check the address, or find the order from the orders list.") -> PageError {
        PageError(status: .notFound, title: "Page not found", message: message, advice: advice)
    }

    static func forbidden(_ message: String, advice: String) -> PageError {
        PageError(status: .forbidden, title: "You can’t do that", message: message, advice: advice)
    }

    static func conflict(_ message: String, advice: String) -> PageError {
        PageError(status: .conflict, title: "That can’t be done now", message: message, advice: advice)
    }
}
