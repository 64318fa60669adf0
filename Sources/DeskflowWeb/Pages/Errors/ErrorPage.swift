/// The 400/403/404/409/500 page: what happened and what to do next.
struct ErrorPage {
    var chrome: PageChrome
    var statusCode: Int
    var title: String
    var message: String
    var advice: String
    var signedIn: Bool
}
