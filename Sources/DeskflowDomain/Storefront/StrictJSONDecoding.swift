import Foundation

/// Numbers and times read so that what is wrong is said about the field it is in. Foundation's decoder on Linux
/// reports `1.5` where an integer belongs as its parser's own error, and a time that is not ISO 8601 as data
/// corrupted at the top of the document; these say which field, as a type mismatch there.
extension KeyedDecodingContainer {
    func wholeNumber<Number: FixedWidthInteger & Decodable>(_ type: Number.Type, forKey key: Key) throws -> Number {
        do {
            return try decode(Number.self, forKey: key)
        } catch let error as DecodingError {
            if case .keyNotFound = error { throw error }
            if case .valueNotFound = error { throw error }
            throw DecodingError.typeMismatch(
                Number.self, .init(codingPath: codingPath + [key], debugDescription: "Expected a whole number."))
        } catch {
            // A fraction or an exponent where a whole number belongs comes up as the parser's own error.
            throw DecodingError.typeMismatch(
                Number.self, .init(codingPath: codingPath + [key], debugDescription: "Expected a whole number."))
        }
    }

    func wholeNumberIfPresent<Number: FixedWidthInteger & Decodable>(_ type: Number.Type, forKey key: Key) throws -> Number? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try wholeNumber(type, forKey: key)
    }

    func iso8601DateIfPresent(forKey key: Key) throws -> Date? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        let text = try decode(String.self, forKey: key)
        guard let date = ISO8601Time.parse(text) else {
            throw DecodingError.typeMismatch(
                Date.self, .init(codingPath: codingPath + [key], debugDescription: "Expected an ISO 8601 time."))
        }
        return date
    }
}

/// A time as the API writes and reads it: ISO 8601, with or without fractions of a second.
public enum ISO8601Time {
    public static func parse(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
