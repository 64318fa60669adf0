/// A range of addresses in CIDR notation, `10.0.0.0/8` or `fd00::/8`; a lone address is the network of just it.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    /// Refuses, in one line, anything but an address with an optional prefix length, and an address with bits set
    /// after its prefix (`10.0.0.1/8`): that is usually a typo, and silently widening it would trust more than meant.
    public init(parsing text: String) throws(IPNetworkError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]), !parts[0].contains("%") else {
            throw IPNetworkError("is not an address or a network like 10.0.0.0/8 or fd00::/8")
        }
        let bits = address.bytes.count * 8
        // `::ffff:10.0.0.0/104` names IPv4 addresses, which are held as their 4 bytes: its prefix counts the 96
        // bits in front of them.
        let mappedBits = parts[0].contains(":") && address.isIPv4 ? 96 : 0
        var prefixLength = bits
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...3).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                let given = Int(digits), (mappedBits...(mappedBits + bits)).contains(given)
            else {
                throw IPNetworkError(
                    "has a prefix length outside \(mappedBits) to \(mappedBits + bits), the range for "
                        + (address.isIPv4 && mappedBits == 0 ? "IPv4" : "IPv6"))
            }
            prefixLength = given - mappedBits
        }
        let network = Self.masked(address.bytes, to: prefixLength)
        guard network == address.bytes else {
            let suggestion = IPNetwork(exactly: IPAddress(bytes: network), prefixLength: prefixLength)
            throw IPNetworkError("has address bits set after its prefix; did you mean \(suggestion)?")
        }
        self.init(exactly: address, prefixLength: prefixLength)
    }

    private init(exactly address: IPAddress, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    public func contains(_ other: IPAddress) -> Bool {
        other.bytes.count == address.bytes.count && Self.masked(other.bytes, to: prefixLength) == address.bytes
    }

    public var description: String { "\(address)/\(prefixLength)" }

    /// `bytes` with every bit after the first `prefixLength` cleared.
    private static func masked(_ bytes: [UInt8], to prefixLength: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = min(max(prefixLength - index * 8, 0), 8)
            return kept == 0 ? 0 : byte & ~(UInt8.max >> kept)
        }
    }
}

/// Why a text is not a network, in words that follow the text itself: "10.0.0.1/8 has address bits set …".
public struct IPNetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
