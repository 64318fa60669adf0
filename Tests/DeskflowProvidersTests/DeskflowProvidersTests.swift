import Testing

/// The providers' specification: the Stripe gateway against a fake Stripe on a local port. Every feature is a nested
/// suite in its own file.
@Suite("Deskflow providers")
struct DeskflowProvidersTests {}
