/// The sign-in form, with the email kept and one generic message when sign-in failed.
struct SignInPage {
    var chrome: PageChrome
    var email: String
    var next: String
    var error: String?
    var hasError: Bool
}
