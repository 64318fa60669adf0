#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address held as its bytes, so two spellings of one address (`2001:DB8::1`, `2001:db8:0::1`) are
/// equal and count as one client. An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, what a dual-stack listener reports
/// for an IPv4 peer) is its IPv4 address, so `--trusted-proxy 10.0.0.0/8` matches it.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, most significant first.
    public let bytes: [UInt8]

    /// `nil` unless `text` is exactly one address: no port, no brackets, no surrounding spaces. A zone (`%eth0`) is
    /// dropped; it names an interface of the machine that saw the address, not another client.
    public init?(_ text: some StringProtocol) {
        let address = String(text.prefix { $0 != "%" })
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return nil }
        let raw = withUnsafeBytes(of: &v6) { Array($0) }
        bytes = Self.isIPv4Mapped(raw) ? Array(raw.suffix(4)) : raw
    }

    /// From 4 or 16 bytes already known to be an address.
    init(bytes: [UInt8]) {
        precondition(bytes.count == 4 || bytes.count == 16, "an address has 4 or 16 bytes")
        self.bytes = bytes
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The usual spelling: dotted for IPv4, RFC 5952's lower-case compressed form for IPv6.
    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        var v6 = in6_addr()
        withUnsafeMutableBytes(of: &v6) { $0.copyBytes(from: bytes) }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &text, socklen_t(text.count)) != nil else { return "unknown" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `::ffff:a.b.c.d`.
    static func isIPv4Mapped(_ raw: [UInt8]) -> Bool {
        raw.count == 16 && raw.prefix(10).allSatisfy { $0 == 0 } && raw[10] == 0xFF && raw[11] == 0xFF
    }
}
