import DeskflowStore
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

    /// A form's one-time key came back with other values: the first submission stands, and nothing more changed.
    static func formAlreadySent(advice: String) -> PageError {
        PageError(
            status: .unprocessableContent, title: "That form was already sent",
            message: "This form was already submitted with different values, so nothing more was changed.", advice: advice)
    }

    /// The database cannot be used right now. A change that did commit before the fault is not made twice when
    /// the form is sent again: its idempotency key replays it.
    static func unavailable(_ fault: DatabaseFault) -> PageError {
        let cause = switch fault {
        case .readOnly: "The database can’t be written to: its file or disk has become read-only."
        case .full: "The disk that holds the database is full."
        case .busy: "Another program is holding the database (a backup or maintenance, perhaps)."
        case .diskError: "The disk that holds the database reported an error."
        case .cannotOpen: "The database file could not be opened."
        }
        return PageError(
            status: .serviceUnavailable, title: "Deskflow can’t reach its data right now",
            message: cause,
            advice: (fault == .busy ? "Wait a few seconds and try again." : "Try again in a minute.")
                + " If you were sending a form, send it again: a change that already went through is not made twice."
                + (fault == .busy ? "" : " If this lasts, tell whoever runs Deskflow."))
    }

    static func retryAfterSeconds(_ fault: DatabaseFault) -> Int { fault == .busy ? 5 : 60 }

    /// A row the request needed holds a value this version cannot read as what it was written as (an unknown status).
    /// A 503 rather than a 500: the request and the server are fine, Deskflow did not fail, but this data cannot be
    /// served until someone repairs it. No Retry-After: trying again will not help before then.
    static func damaged(_ row: CorruptRow) -> PageError {
        let whose = row.orderNumber == nil ? "Deskflow’s" : "This order’s"
        return PageError(
            status: .serviceUnavailable, title: "Stored data is damaged",
            message: "\(whose) stored data is damaged: \(row). Deskflow does not guess what it should be, "
                + "so nothing was shown or changed.",
            advice: "Run “deskflow check” on the database to list every damaged row, then repair it or restore a "
                + "backup. Tell whoever runs Deskflow if that is not you.")
    }
}
