import Foundation

/// One field of a route's form, and how a browser would fill it in.
struct FuzzField: Sendable {
    enum Kind: Sendable {
        /// The session's CSRF token; only rarely broken, so most requests get past the check and reach parsing.
        case csrf
        /// The order version the form was rendered from.
        case version
        /// A fresh idempotency key.
        case key
        /// Ticked or not; sent as `1`.
        case checkbox
        /// One of these valid values.
        case value([String])
    }

    var name: String
    var kind: Kind

    static func value(_ name: String, _ samples: String...) -> FuzzField {
        FuzzField(name: name, kind: .value(samples))
    }
}

/// Builds one request body: the route's form filled in validly, then broken in one to five ways.
struct FormMutator: Sendable {
    struct Pair: Sendable {
        var field: String?
        var name: [UInt8]
        /// `nil`: the name alone, with no `=`.
        var value: [UInt8]?
    }

    struct Request: Sendable {
        var body: [UInt8]
        var mutations: [String]
    }

    var random: SeededRandom
    let keyPrefix: String
    private var serial = 0
    private var usedKeys: [String] = []

    init(seed: UInt64, keyPrefix: String) {
        random = SeededRandom(seed: seed)
        self.keyPrefix = keyPrefix
    }

    mutating func next(fields: [FuzzField], version: Int?) -> Request {
        serial += 1
        var pairs: [Pair] = []
        for field in fields {
            if case .checkbox = field.kind, random.chance(0.2) { continue }
            pairs.append(
                Pair(
                    field: field.name, name: FormEncoding.encode(field.name),
                    value: FormEncoding.encode(valid(field, version: version))))
        }
        var mutations: [String] = []
        var hugeUsed = false
        if !random.chance(0.07) {
            for _ in 0..<random.weighted([(5, 1), (3, 2), (2, 3), (1, 5)]) {
                mutations.append(mutate(&pairs, fields: fields, version: version, hugeUsed: &hugeUsed))
            }
        }
        var body: [UInt8] = []
        for (index, pair) in pairs.enumerated() {
            if index > 0 { body.append(UInt8(ascii: "&")) }
            body += pair.name
            if let value = pair.value { body.append(UInt8(ascii: "=")); body += value }
        }
        return Request(body: body, mutations: mutations)
    }

    private mutating func valid(_ field: FuzzField, version: Int?) -> String {
        switch field.kind {
        case .csrf: return "fixed-token"
        case .version: return String(version ?? 1)
        case .key: return freshKey()
        case .checkbox: return "1"
        case .value(let samples): return random.pick(samples)
        }
    }

    private mutating func freshKey() -> String {
        let key = "\(keyPrefix)-\(serial)-\(String(random.next(), radix: 36))"
        usedKeys.append(key)
        if usedKeys.count > 30 { usedKeys.removeFirst() }
        return key
    }

    private mutating func mutate(_ pairs: inout [Pair], fields: [FuzzField], version: Int?, hugeUsed: inout Bool)
        -> String
    {
        // the CSRF token is broken in one mutation in thirty: the rest must get past the check to reach parsing
        let others = fields.filter { if case .csrf = $0.kind { false } else { true } }
        let field = others.isEmpty || random.chance(1.0 / 30) ? fields[0] : random.pick(others)
        let positions = pairs.indices.filter { pairs[$0].field == field.name }
        let kind = random.weighted([
            (40, "replace"), (8, "omit"), (10, "duplicate"), (6, "array"), (4, "rename"), (3, "bare"), (6, "junk"),
            (1, "many"), (3, "bytes"), (2, "shuffle"),
        ])
        switch kind {
        case "replace":
            let value = hostile(for: field, version: version, hugeUsed: &hugeUsed)
            if let position = positions.first {
                pairs[position].value = value.bytes
            } else {
                pairs.append(Pair(field: field.name, name: FormEncoding.encode(field.name), value: value.bytes))
            }
            return "\(field.name)=hostile"
        case "omit":
            pairs.removeAll { $0.field == field.name }
            return "\(field.name) omitted"
        case "duplicate":
            let value =
                random.chance(0.5)
                ? hostile(for: field, version: version, hugeUsed: &hugeUsed) : .text(valid(field, version: version))
            let pair = Pair(field: field.name, name: FormEncoding.encode(field.name), value: value.bytes)
            let before = random.chance(0.3)
            if before, let first = positions.first {
                pairs.insert(pair, at: first)
            } else {
                pairs.append(pair)
            }
            return "\(field.name) duplicated\(before ? " before" : "")"
        case "array":
            let suffix = random.pick(["[]", "[0]", "[1]", "[][x]", "[a][b]", "%5B%5D", "["])
            let value =
                random.chance(0.5)
                ? hostile(for: field, version: version, hugeUsed: &hugeUsed).bytes
                : FormEncoding.encode(valid(field, version: version))
            let pair = Pair(field: nil, name: FormEncoding.encode(field.name) + Array(suffix.utf8), value: value)
            if random.chance(0.5), let position = positions.first {
                pairs[position] = pair
            } else {
                pairs.append(pair)
            }
            return "\(field.name)\(suffix)"
        case "rename":
            guard let position = positions.first else { return "rename skipped" }
            let choice = random.int(in: 0...4)
            switch choice {
            case 0: pairs[position].name = FormEncoding.encodeEverything(field.name)  // the same name to a decoder
            case 1: pairs[position].name = Array("%FF".utf8) + FormEncoding.encode(field.name)
            case 2: pairs[position].name = FormEncoding.encode(field.name.uppercased())
            case 3: pairs[position].name = FormEncoding.encode(field.name) + Array("+".utf8)
            default: pairs[position].name = FormEncoding.encode(field.name) + [0x00]
            }
            pairs[position].field = choice == 0 ? field.name : nil
            return "\(field.name) renamed (\(choice))"
        case "bare":
            guard let position = positions.first else { return "bare skipped" }
            pairs[position].value = nil
            return "\(field.name) without ="
        case "junk":
            let junk = Array(random.pick(HostileValues.junkPairs).utf8)
            pairs.insert(Pair(field: nil, name: junk, value: nil), at: random.int(in: 0...pairs.count))
            return "junk pair"
        case "many":
            guard !hugeUsed else { return "many skipped" }
            hugeUsed = true
            let count = random.int(in: 1_000...5_000)
            for index in 0..<count {
                pairs.append(Pair(field: nil, name: Array("x\(index)".utf8), value: Array("1".utf8)))
            }
            return "\(count) extra fields"
        case "bytes":
            let bytes = random.pick(HostileValues.rawBytes)
            let position = random.int(in: 0...(pairs.count - 1 < 0 ? 0 : pairs.count - 1))
            guard pairs.indices.contains(position), pairs[position].field != "csrf_token" || field.name == "csrf_token"
            else {
                return "bytes skipped"
            }
            if random.chance(0.5) {
                pairs[position].name += bytes
            } else {
                pairs[position].value = (pairs[position].value ?? []) + bytes
            }
            return "raw bytes in \(pairs[position].field ?? "a field")"
        default:
            for index in pairs.indices.reversed() {
                pairs.swapAt(index, random.int(in: 0...index))
            }
            return "shuffled"
        }
    }

    /// A value no form should accept, or one that only just fits.
    private mutating func hostile(for field: FuzzField, version: Int?, hugeUsed: inout Bool) -> FuzzValue {
        switch field.kind {
        case .version where random.chance(0.6):
            let current = version ?? 1
            return .text(
                random.pick([
                    "", "-1", "-0", "0", String(current - 1), String(current + 1), "99999999", "999999999",
                    "1000000000",
                    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "+\(current)", " \(current)",
                    "\(current) ", "0\(current)", "\(current).0", "0x\(current)", "١", "\(current)\u{0}", "1e1", "NaN",
                ]))
        case .key where random.chance(0.6):
            if !usedKeys.isEmpty, random.chance(0.4) { return .text(random.pick(usedKeys)) }
            return .text(
                random.pick([
                    "", "a", "1234567", "12345678", String(repeating: "k", count: 100),
                    String(repeating: "k", count: 101),
                    "key with spaces", "key/../x", "ключ-кириллица-1", "١٢٣٤٥٦٧٨٩", "😀😀😀😀😀😀😀😀", "fixed-token",
                    "key_underscore_1", "key.dot.12345", "KEY-\(serial)-UPPER", "key\u{0}nul-000",
                ]))
        case .value(let samples) where random.chance(0.12):
            // a near miss of a valid value
            let sample = random.pick(samples)
            return .text(
                random.pick([
                    sample.uppercased(), " \(sample)", "\(sample) ", "\(sample)\u{0}", "\(sample)\n",
                    String(sample.dropLast()),
                    sample + sample, "\u{202E}\(sample)", sample.applyingDecomposition(),
                ]))
        default:
            break
        }
        let family = random.weighted([
            (30, 0), (15, 1), (10, 2), (4, 3), (hugeUsed ? 0 : 6, 4), (8, 5), (8, 6), (10, 7),
        ])
        switch family {
        case 0: return .text(random.pick(HostileValues.texts))
        case 1: return .text(random.pick(HostileValues.numbers))
        case 2: return .raw(Array(random.pick(HostileValues.rawEncodings).utf8))
        case 3: return .raw(random.pick(HostileValues.rawBytes))
        case 4:
            hugeUsed = true
            return random.pick(HostileValues.huge)
        case 5:
            // long ones count as this request's one huge value
            let choices =
                hugeUsed ? HostileValues.boundaryValues.filter { $0.length <= 1_025 } : HostileValues.boundaryValues
            let choice = random.pick(choices)
            if choice.length > 1_025 { hugeUsed = true }
            return choice.value
        case 6:
            // another field's valid value
            return .text(
                random.pick([
                    "customer", "visa-4242", "fixed-token", "US", "+5", "12.50", "ana@example.com", "/orders", "1",
                ]))
        default:
            // a valid-looking value with something hostile before or after it
            let base = valid(field, version: version)
            let extra = random.pick(HostileValues.texts)
            return .text(random.chance(0.5) ? base + extra : extra + base)
        }
    }
}

extension String {
    /// The same text with accented letters decomposed (`é` → `e` + combining acute).
    fileprivate func applyingDecomposition() -> String { decomposedStringWithCanonicalMapping }
}
