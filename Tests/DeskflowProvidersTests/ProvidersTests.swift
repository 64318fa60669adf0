import DeskflowProviders
import Testing

@Test func providersModuleLinks() {
    #expect(String(describing: Providers.self) == "Providers")
}
