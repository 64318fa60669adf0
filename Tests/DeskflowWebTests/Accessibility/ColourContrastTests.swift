import Foundation
import Testing

@Suite("Colour contrast of the stylesheet")
struct ColourContrastTests {
    @Test("contrast ratios follow the WCAG 2.2 relative luminance formula")
    func knownRatios() throws {
        let black = try #require(RGBColour(hex: "#000"))
        let white = try #require(RGBColour(hex: "#ffffff"))
        let grey = try #require(RGBColour(hex: "#777777"))
        #expect(abs(contrastRatio(black, white) - 21) < 0.001)
        #expect(abs(contrastRatio(white, black) - 21) < 0.001)
        #expect(abs(contrastRatio(grey, white) - 4.48) < 0.005)
        #expect(RGBColour(hex: "#12345") == nil)
        #expect(RGBColour(hex: "rgba(0, 0, 0, 0.5)") == nil)
    }

    @Test("a pair below 4.5:1 is reported with its tokens, palette and ratio")
    func lowContrastIsRejected() {
        let palette = Palette(scheme: .light, tokens: ["--text": "#777777", "--surface": "#ffffff"])
        let failures = contrastFailures(of: [ColourPair("--text", on: "--surface", where: "test")], in: palette)
        #expect(failures == ["light: --text (#777777) on --surface (#ffffff) is 4.48:1, needs 4.5:1 — test"])
    }

    @Test("text and background colours set by the same rule reach 4.5:1", arguments: ColourScheme.allCases)
    func rulePairs(scheme: ColourScheme) throws {
        let stylesheet = try Stylesheet.app()
        let pairs = stylesheet.rulePairs(for: scheme)
        #expect(pairs.count >= 10, "only \(pairs.count) rules set both colours; the stylesheet was not read right")
        for failure in contrastFailures(of: pairs, in: stylesheet.palette(for: scheme)) {
            Issue.record("\(failure)")
        }
    }

    @Test("text on the backgrounds it sits on through nesting reaches 4.5:1", arguments: ColourScheme.allCases)
    func inheritedPairs(scheme: ColourScheme) throws {
        let palette = try Stylesheet.app().palette(for: scheme)
        for failure in contrastFailures(of: ColourPair.inherited, in: palette) {
            Issue.record("\(failure)")
        }
    }

    @Test("every chart colour reaches 3:1 against the card it is drawn on", arguments: ColourScheme.allCases)
    func chartColours(scheme: ColourScheme) throws {
        let palette = try Stylesheet.app().palette(for: scheme)
        let pairs = ColourPair.chartSeries.flatMap { series in
            ["--surface", "--surface-2"].map { ColourPair(series, on: $0, where: "chart bars and legend keys") }
        }
        for pair in pairs {
            #expect(palette.colour(of: pair.foreground) != nil, "\(pair.foreground) is not a colour in \(scheme)")
        }
        for failure in contrastFailures(of: pairs, in: palette, minimum: minimumGraphicsContrast) {
            Issue.record("\(failure)")
        }
    }

    @Test("every chart series has a class that colours both its bars and its legend key")
    func chartClasses() throws {
        let rules = try Stylesheet.app().rules.filter(\.atRules.isEmpty)
        for (selector, token) in ColourPair.chartClasses {
            let rule = try #require(rules.first { $0.selector == selector }, "no rule for \(selector)")
            #expect(rule.value(of: ["fill"]) == "var(\(token))", "\(selector) fills bars with another colour")
            #expect(rule.value(of: ["background"]) == "var(\(token))", "\(selector) colours its key another way")
        }
    }

    @Test("print sets every chart colour itself, so a dark screen palette never reaches paper")
    func chartColoursInPrint() throws {
        let printRoot = try Stylesheet.app().rules.filter { rule in
            rule.selector == ":root" && rule.atRules.map { $0.filter { !$0.isWhitespace } } == ["@mediaprint"]
        }
        let printed = Set(printRoot.flatMap { $0.declarations.map(\.property) })
        for token in ColourPair.chartSeries {
            #expect(printed.contains(token), "\(token) is not set for print")
        }
    }

    @Test("a chart colour under 3:1 is reported")
    func lowGraphicsContrastIsRejected() {
        let palette = Palette(scheme: .dark, tokens: ["--chart-other": "#3a3f47", "--surface": "#1a1e24"])
        let failures = contrastFailures(
            of: [ColourPair("--chart-other", on: "--surface", where: "test")], in: palette, minimum: minimumGraphicsContrast)
        #expect(failures.count == 1)
        #expect(failures.first?.hasSuffix("needs 3.0:1 — test") == true)
    }

    @Test("every token in the inherited pairs is defined in both palettes", arguments: ColourScheme.allCases)
    func inheritedTokensExist(scheme: ColourScheme) throws {
        let palette = try Stylesheet.app().palette(for: scheme)
        for pair in ColourPair.inherited {
            #expect(palette.colour(of: pair.foreground) != nil, "\(pair.foreground) is not a colour in \(scheme)")
            #expect(palette.colour(of: pair.background) != nil, "\(pair.background) is not a colour in \(scheme)")
        }
    }
}

// MARK: - Pairs

/// A text colour on a background colour, each a token (`--text`, `var(--text)`) or a hex colour.
struct ColourPair: Sendable {
    let foreground: String
    let background: String
    /// Where the pair appears, for the failure message.
    let origin: String

    init(_ foreground: String, on background: String, where origin: String) {
        self.foreground = foreground
        self.background = background
        self.origin = origin
    }

    /// Pairs the stylesheet produces by nesting: an element's colour over an ancestor's background.
    static let inherited: [ColourPair] = [
        ColourPair("--text", on: "--bg", where: "page text"),
        ColourPair("--text", on: "--surface", where: "cards, tables, dialogs, menus, inputs"),
        ColourPair("--text", on: "--surface-2", where: "hovered rows and menu items, code, preview, muted banner"),
        ColourPair("--text", on: "--highlight-soft", where: "current tab, dialog summary line"),
        ColourPair("--text", on: "--success-soft", where: "flash message"),
        ColourPair("--text", on: "--danger-soft", where: "failure banner, short-stock rows"),
        ColourPair("--text-muted", on: "--bg", where: "page intro, footer, error code"),
        ColourPair("--text-muted", on: "--surface", where: "hints, table headers, timeline times, placeholders"),
        ColourPair("--text-muted", on: "--surface-2", where: "muted text in hovered rows"),
        ColourPair("--text-muted", on: "--danger-soft", where: "meta line and attempt times in the failure banner"),
        ColourPair("--link", on: "--bg", where: "breadcrumb, attention summary"),
        ColourPair("--link", on: "--surface", where: "links in cards and tables"),
        ColourPair("--link", on: "--surface-2", where: "links in hovered rows"),
        ColourPair("--link-hover", on: "--bg", where: "hovered breadcrumb link"),
        ColourPair("--link-hover", on: "--surface", where: "hovered links in cards and tables"),
        ColourPair("--link-hover", on: "--surface-2", where: "hovered links in hovered rows"),
        ColourPair("--danger-text", on: "--surface", where: "field errors, error summary, issue messages, menu"),
        ColourPair("--danger-text", on: "--danger-soft", where: "failure banner heading, errors in short-stock rows"),
        ColourPair("--danger-text", on: "--surface-2", where: "issue messages in hovered order rows"),
        ColourPair("--danger-text", on: "--highlight-soft", where: "current Needs attention tab"),
        ColourPair("--header-text", on: "--header-bg", where: "header brand, current nav item, sign-out"),
        ColourPair("--header-muted", on: "--header-bg", where: "header nav, role"),
        ColourPair("--on-primary", on: "--primary", where: "primary button"),
        ColourPair("--on-primary", on: "--primary-hover", where: "hovered primary button"),
        ColourPair("#ffffff", on: "--danger", where: "danger button"),
        ColourPair("#ffffff", on: "--danger-hover", where: "hovered danger button"),
    ]
}

extension ColourPair {
    /// The chart series' colour tokens, each drawn straight on a card.
    static let chartSeries = chartClasses.map(\.token)

    /// Each series' class in the stylesheet and the token it colours with.
    static let chartClasses: [(selector: String, token: String)] =
        ["customer", "fraud", "inventory", "declined", "staff", "other"].map { (".chart-reason-\($0)", "--chart-\($0)") }
        + [(".chart-refund", "--chart-refund")]
}

/// WCAG 2.2 success criterion 1.4.3 for body-size text.
let minimumTextContrast = 4.5
/// WCAG 2.2 success criterion 1.4.11 for the parts of a graphic needed to understand it.
let minimumGraphicsContrast = 3.0

/// One message per pair under the minimum; pairs that are not plain colours are left out.
func contrastFailures(of pairs: [ColourPair], in palette: Palette, minimum: Double = minimumTextContrast) -> [String] {
    pairs.compactMap { pair in
        guard let foreground = palette.colour(of: pair.foreground),
            let background = palette.colour(of: pair.background)
        else { return nil }
        let ratio = contrastRatio(foreground, background)
        guard ratio < minimum else { return nil }
        return "\(palette.scheme): \(pair.foreground) (\(foreground.hex)) on \(pair.background) (\(background.hex))"
            + " is \(String(format: "%.2f", ratio)):1, needs \(minimum):1 — \(pair.origin)"
    }
}

// MARK: - Colours

struct RGBColour: Equatable {
    let red: Int
    let green: Int
    let blue: Int

    /// `#rgb` or `#rrggbb`; anything else is not a plain colour.
    init?(hex: String) {
        guard hex.hasPrefix("#"), hex.dropFirst().allSatisfy(\.isHexDigit) else { return nil }
        var digits = String(hex.dropFirst())
        if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
        guard digits.count == 6, let value = Int(digits, radix: 16) else { return nil }
        (red, green, blue) = (value >> 16 & 0xff, value >> 8 & 0xff, value & 0xff)
    }

    var hex: String {
        "#" + [red, green, blue].map { channel in
            let digits = String(channel, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    var relativeLuminance: Double {
        func linear(_ channel: Int) -> Double {
            let value = Double(channel) / 255
            return value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }
}

func contrastRatio(_ first: RGBColour, _ second: RGBColour) -> Double {
    let lighter = max(first.relativeLuminance, second.relativeLuminance)
    let darker = min(first.relativeLuminance, second.relativeLuminance)
    return (lighter + 0.05) / (darker + 0.05)
}

/// The palettes a page can be seen in: on screen light or dark, and on paper.
enum ColourScheme: String, CaseIterable, Sendable {
    case light, dark, print
}

/// The custom properties in force for one colour scheme.
struct Palette {
    let scheme: ColourScheme
    let tokens: [String: String]

    /// Resolves a token name, `var(--token)` or hex colour; nil for keywords, rgba() and the like.
    func colour(of value: String) -> RGBColour? {
        var value = value.replacingOccurrences(of: "!important", with: "").trimmingCharacters(in: .whitespaces)
        // A token may name another token; the bound stops a cycle.
        for _ in 0..<10 {
            if let match = value.wholeMatch(of: /var\(\s*(--[\w-]+)\s*\)/) { value = String(match.1) }
            guard value.hasPrefix("--") else { break }
            guard let next = tokens[value] else { return nil }
            value = next.trimmingCharacters(in: .whitespaces)
        }
        return RGBColour(hex: value)
    }
}

// MARK: - Stylesheet

struct CSSRule {
    let selector: String
    /// The at-rule preludes it sits in, outermost first, such as `@media (prefers-color-scheme: dark)`.
    let atRules: [String]
    let declarations: [(property: String, value: String)]

    /// The value the rule gives a property; the last of several wins, as in CSS.
    func value(of properties: Set<String>) -> String? {
        declarations.last { properties.contains($0.property) }?.value
    }

    /// Whether it takes effect in this colour scheme. Print lays its rules over the light palette; a print with a
    /// dark screen preference gets the print rules too, which is why print sets every colour it relies on.
    func applies(to scheme: ColourScheme) -> Bool {
        let conditions = atRules.map { $0.lowercased().filter { !$0.isWhitespace } }
        return !conditions.contains { condition in
            switch scheme {
            case .light: condition.hasPrefix("@mediaprint") || condition.contains("prefers-color-scheme:dark")
            case .dark: condition.hasPrefix("@mediaprint") || condition.contains("prefers-color-scheme:light")
            case .print: condition.contains("prefers-color-scheme:dark")
            }
        }
    }
}

/// A CSS reader for one hand-written stylesheet: rules, nested at-rules, declarations. It knows no
/// selector matching or cascade; that is why the nested pairs are listed by hand.
struct Stylesheet {
    let rules: [CSSRule]

    static func app() throws -> Stylesheet {
        let css = try String(contentsOf: packageRoot.appendingPathComponent("Public/css/app.css"), encoding: .utf8)
        return Stylesheet(parsing: css)
    }

    init(parsing css: String) {
        rules = Self.rules(in: Substring(css.replacing(/\/\*[\s\S]*?\*\//, with: "")), atRules: [])
    }

    /// The light `:root` tokens, with the dark `:root` tokens laid over them for the dark scheme.
    func palette(for scheme: ColourScheme) -> Palette {
        let rootRules = rules.filter { $0.selector == ":root" && $0.applies(to: scheme) }
        var tokens: [String: String] = [:]
        for rule in rootRules.filter(\.atRules.isEmpty) + rootRules.filter({ !$0.atRules.isEmpty }) {
            for declaration in rule.declarations where declaration.property.hasPrefix("--") {
                tokens[declaration.property] = declaration.value
            }
        }
        return Palette(scheme: scheme, tokens: tokens)
    }

    /// Rules that set both a text colour and a background that are plain colours in this scheme.
    func rulePairs(for scheme: ColourScheme) -> [ColourPair] {
        let palette = palette(for: scheme)
        return rules.filter { $0.applies(to: scheme) }.compactMap { rule in
            guard let foreground = rule.value(of: ["color"]),
                let background = rule.value(of: ["background", "background-color"]),
                palette.colour(of: foreground) != nil, palette.colour(of: background) != nil
            else { return nil }
            return ColourPair(foreground, on: background, where: rule.selector)
        }
    }

    private static func rules(in css: Substring, atRules: [String]) -> [CSSRule] {
        var rules: [CSSRule] = []
        var rest = css
        while let open = rest.firstIndex(of: "{"), let close = matchingBrace(in: rest, openingAt: open) {
            // Text after the last `;` skips statement at-rules such as `@import …;`.
            let prelude = (rest[..<open].split(separator: ";").last ?? "")
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let body = rest[rest.index(after: open)..<close]
            if prelude.hasPrefix("@") {
                rules += Self.rules(in: body, atRules: atRules + [prelude])
            } else {
                rules.append(CSSRule(selector: prelude, atRules: atRules, declarations: declarations(in: body)))
            }
            rest = rest[rest.index(after: close)...]
        }
        return rules
    }

    private static func matchingBrace(in css: Substring, openingAt open: Substring.Index) -> Substring.Index? {
        var depth = 0
        var quote: Character?
        for index in css[open...].indices {
            let character = css[index]
            if let openingQuote = quote {
                if character == openingQuote { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "{" {
                depth += 1
            } else if character == "}" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    private static func declarations(in body: Substring) -> [(property: String, value: String)] {
        body.split(separator: ";").compactMap { declaration in
            guard let colon = declaration.firstIndex(of: ":") else { return nil }
            let property = declaration[..<colon].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            let value = declaration[declaration.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            return (property, value)
        }
    }
}
