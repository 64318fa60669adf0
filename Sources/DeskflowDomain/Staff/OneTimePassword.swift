/// The password a new staff member first signs in with: shown once, never stored but as its hash.
public enum OneTimePassword {
    /// Letters and digits without look-alikes (0/O, 1/l/I), so it can be read out or copied by hand.
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    /// 16 characters of a 55-letter alphabet: about 92 bits, and within `PasswordPolicy`.
    public static let length = 16

    public static func make<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// From the system's secure random source.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }
}
