import Testing

@testable import DeskflowWeb

@Suite("Trusted proxies: which address names the client")
struct TrustedProxiesTests {
    @Test(
        "networks are read in CIDR notation, a lone address being a network of one",
        arguments: [
            ("10.0.0.0/8", "10.0.0.0/8"),
            ("127.0.0.1/32", "127.0.0.1/32"),
            ("192.0.2.10", "192.0.2.10/32"),
            ("0.0.0.0/0", "0.0.0.0/0"),
            ("::1/128", "::1/128"),
            ("::1", "::1/128"),
            ("::/0", "::/0"),
            ("2001:DB8::/32", "2001:db8::/32"),
            ("fd00::/8", "fd00::/8"),
            ("::ffff:10.0.0.0/104", "10.0.0.0/8"),
        ])
    func networks(text: String, parsed: String) throws {
        #expect(try IPNetwork(parsing: text).description == parsed)
    }

    @Test(
        "a network that is not one is refused with the reason",
        arguments: [
            ("10.0.0.1/8", "has address bits set after its prefix; did you mean 10.0.0.0/8?"),
            ("2001:db8::1/32", "did you mean 2001:db8::/32?"),
            ("10.0.0.0/33", "prefix length outside 0 to 32, the range for IPv4"),
            ("::/129", "prefix length outside 0 to 128, the range for IPv6"),
            ("::ffff:10.0.0.0/90", "prefix length outside 96 to 128"),
            ("10.0.0.0/", "prefix length"),
            ("10.0.0.0/+8", "prefix length"),
            ("10.0.0.0/8/9", "prefix length"),
            ("10.0.0/8", "is not an address or a network"),
            ("010.0.0.0/8", "is not an address or a network"),
            ("proxy.internal/8", "is not an address or a network"),
            (" 10.0.0.0/8", "is not an address or a network"),
            ("fe80::%eth0/10", "is not an address or a network"),
            ("", "is not an address or a network"),
        ])
    func badNetworks(text: String, reason: String) {
        #expect {
            try IPNetwork(parsing: text)
        } throws: { error in
            (error as? IPNetworkError)?.description.contains(reason) == true
        }
    }

    @Test("--trusted-proxy is refused in one line naming the value")
    func badFlag() {
        #expect(throws: IPNetworkError("--trusted-proxy 10.0.0.1/8 has address bits set after its prefix; did you mean 10.0.0.0/8?")) {
            try TrustedProxies(parsing: ["::1/128", "10.0.0.1/8"])
        }
    }

    @Test(
        "a network holds exactly the addresses under its prefix, an IPv4-mapped peer counting as IPv4",
        arguments: [
            ("10.0.0.0/8", "10.255.1.2", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("10.0.0.0/8", "::ffff:10.1.1.1", true),
            ("10.0.0.0/8", "::a00:101", false),
            ("10.1.2.2/31", "10.1.2.3", true),
            ("10.1.2.2/31", "10.1.2.4", false),
            ("0.0.0.0/0", "203.0.113.9", true),
            ("0.0.0.0/0", "2001:db8::1", false),
            ("2001:db8::/32", "2001:db8:ffff::1", true),
            ("2001:db8::/32", "2001:db9::1", false),
            ("2001:db8::/32", "10.0.0.1", false),
            ("::1/128", "::1", true),
            ("::1/128", "::2", false),
        ])
    func contains(network: String, address: String, contained: Bool) throws {
        #expect(try IPNetwork(parsing: network).contains(try #require(IPAddress(address))) == contained)
    }

    static let proxies = try! TrustedProxies(parsing: ["10.0.0.0/8", "::1/128", "192.0.2.10"])

    @Test(
        "X-Forwarded-For counts only from a trusted proxy, read from the right past trusted hops",
        arguments: [
            // an untrusted peer's header is ignored
            ("203.0.113.5", ["198.51.100.1"], "203.0.113.5"),
            ("192.0.2.11", ["198.51.100.1"], "192.0.2.11"),
            // a trusted peer without the header is the client
            ("10.0.0.2", [], "10.0.0.2"),
            ("10.0.0.2", ["198.51.100.1"], "198.51.100.1"),
            ("192.0.2.10", ["198.51.100.1"], "198.51.100.1"),
            // what the client wrote itself, left of the address the proxy saw, is never believed
            ("10.0.0.2", ["6.6.6.6, 198.51.100.1"], "198.51.100.1"),
            ("10.0.0.2", ["garbage, 198.51.100.1"], "198.51.100.1"),
            // trusted hops are skipped, over several lines of the header
            ("10.0.0.2", ["198.51.100.1, 10.1.1.1, 10.2.2.2"], "198.51.100.1"),
            ("10.0.0.2", ["198.51.100.1", "10.1.1.1"], "198.51.100.1"),
            ("10.0.0.2", ["  198.51.100.1 ,\t10.1.1.1 "], "198.51.100.1"),
            // every hop trusted: the leftmost
            ("10.0.0.2", ["10.9.9.9, 10.1.1.1"], "10.9.9.9"),
            // malformed where it is read: the peer
            ("10.0.0.2", ["198.51.100.1, not-an-address"], "10.0.0.2"),
            ("10.0.0.2", ["198.51.100.1,"], "10.0.0.2"),
            ("10.0.0.2", [""], "10.0.0.2"),
            ("10.0.0.2", ["198.51.100.1:"], "10.0.0.2"),
            ("10.0.0.2", ["fe80::1%eth0"], "10.0.0.2"),
            ("10.0.0.2", ["[2001:db8::7"], "10.0.0.2"),
            // ports some balancers add, and one spelling for each IPv6 address
            ("10.0.0.2", ["198.51.100.1:5501"], "198.51.100.1"),
            ("10.0.0.2", ["[2001:DB8::7]:443"], "2001:db8::7"),
            ("::1", ["2001:DB8:0::7"], "2001:db8::7"),
            ("::ffff:10.0.0.2", ["198.51.100.1"], "198.51.100.1"),
        ] as [(String, [String], String)])
    func clientAddress(peer: String, forwardedFor: [String], client: String) {
        #expect(Self.proxies.clientAddress(peer: peer, forwardedFor: forwardedFor) == client)
    }

    @Test("with no trusted proxy the header is never read, and an unknown peer is unknown")
    func noProxies() {
        #expect(TrustedProxies().clientAddress(peer: "10.0.0.2", forwardedFor: ["198.51.100.1"]) == "10.0.0.2")
        #expect(Self.proxies.clientAddress(peer: nil, forwardedFor: ["198.51.100.1"]) == "unknown")
    }
}
