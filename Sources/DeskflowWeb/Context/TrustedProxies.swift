import Foundation

/// The load balancers and reverse proxies (`--trusted-proxy CIDR`) whose word on who the client is counts. Behind one,
/// every connection comes from the proxy, so sign-in throttling by the peer's address would lock everybody out at
/// once; the proxy appends the address it saw to `X-Forwarded-For`. Anybody else can write that header too, so it is
/// read only on a connection from a trusted proxy, and only as far back as trusted hops go.
public struct TrustedProxies: Sendable, Equatable {
    public var networks: [IPNetwork]

    public init(_ networks: [IPNetwork] = []) {
        self.networks = networks
    }

    /// Each text a network (`10.0.0.0/8`, `::1/128`, a lone address); the first that is not is refused in one line
    /// naming it.
    public init(parsing texts: [String]) throws(IPNetworkError) {
        var networks: [IPNetwork] = []
        for text in texts {
            do {
                networks.append(try IPNetwork(parsing: text))
            } catch {
                throw IPNetworkError("--trusted-proxy \(text) \(error.description)")
            }
        }
        self.init(networks)
    }

    public func trusts(_ address: IPAddress) -> Bool {
        networks.contains { $0.contains(address) }
    }

    /// The address sign-in throttling and the logs know the client by: the connection's peer, unless the peer is a
    /// trusted proxy. Then `X-Forwarded-For` (all its lines, in order) is read from the right, the end the trusted
    /// proxy wrote, past every trusted hop, to the first address that is not trusted; when every hop is trusted, the
    /// leftmost. A malformed hop met on the way, or no hop at all, leaves the peer: a proxy that is supposed to write
    /// the header and did not write it properly says nothing reliable. Hops left of the client are never read; the
    /// client wrote them.
    public func clientAddress(peer: String?, forwardedFor headerLines: [String]) -> String {
        guard let peer else { return "unknown" }
        guard !networks.isEmpty, let peerAddress = IPAddress(peer), trusts(peerAddress) else { return peer }
        let hops = headerLines.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard !hops.isEmpty else { return peer }
        var client = peerAddress
        for hop in hops.reversed() {
            guard let address = Self.hopAddress(hop) else { return peer }
            client = address
            if !trusts(address) { break }
        }
        return client.description
    }

    /// One hop of `X-Forwarded-For`: an address, optionally with the port some balancers add (`192.0.2.1:5501`,
    /// `[2001:db8::1]:5501`).
    static func hopAddress(_ hop: Substring) -> IPAddress? {
        let text = hop.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let afterBracket = text[text.index(after: close)...]
            guard afterBracket.isEmpty || (afterBracket.first == ":" && isPort(afterBracket.dropFirst())) else { return nil }
            return IPAddress(text[text.index(after: text.startIndex)..<close])
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1 {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard isPort(parts[1]), let address = IPAddress(parts[0]), address.isIPv4 else { return nil }
            return address
        }
        guard !text.contains("%") else { return nil }
        return IPAddress(text)
    }

    private static func isPort(_ text: Substring) -> Bool {
        (1...5).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
