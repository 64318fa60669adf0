import Foundation
import Testing

@Suite("Accessibility of the rendered pages")
struct SnapshotAccessibilityTests {
    @Test("every committed page snapshot follows the accessibility rules")
    func committedSnapshots() throws {
        let pages = try snapshotPages()
        #expect(pages.count >= 40, "only \(pages.count) page snapshots were found; the test would prove little")
        for page in pages {
            for violation in accessibilityViolations(in: page.html) {
                Issue.record("\(page.name): \(violation)")
            }
        }
    }

    @Test("a page that follows every rule has no violations")
    func validPage() {
        #expect(accessibilityViolations(in: page(main: Self.wellFormedContent)) == [])
    }

    @Test("a page breaking a rule is reported", arguments: BrokenPage.all)
    func brokenPage(_ broken: BrokenPage) {
        let violations = accessibilityViolations(in: broken.html)
        #expect(violations.contains { $0.contains(broken.expectedViolation) }, "got \(violations)")
    }

    /// A bit of every construct the rules look at, done right.
    static let wellFormedContent = """
        <form>
          <label for="q">Search</label><input type="search" id="q" name="q">
          <label>Remember <input type="checkbox" name="remember"></label>
          <input type="text" name="amount" aria-label="Amount">
          <input type="hidden" name="csrf_token" value="x"><input type="submit" value="Go">
          <label for="reason">Reason</label><select id="reason"><option>A</option></select>
          <label for="email">Email</label>
          <p class="error" id="email-error">Enter an email.</p>
          <input id="email" aria-invalid="true" aria-describedby="email-error">
        </form>
        <table><tr><th scope="col">Order</th></tr><tr><td>#1</td></tr></table>
        <span class="badge badge-done">Paid</span>
        <section role="dialog" aria-modal="true" aria-labelledby="dialog-title">
          <h2 id="dialog-title">Cancel</h2>
        </section>
        """
}

// MARK: - Negative cases

private func page(title: String = "Orders · Deskflow", main: String, afterMain: String = "") -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head><title>\(title)</title></head>
    <body><main id="main"><h1>Orders</h1>\(main)</main>\(afterMain)</body>
    </html>
    """
}

struct BrokenPage: Sendable, CustomTestStringConvertible {
    let rule: String
    let html: String
    /// A fragment of the message the checker must produce.
    let expectedViolation: String

    var testDescription: String { rule }

    init(_ rule: String, main: String, expecting expectedViolation: String) {
        self.init(rule, html: page(main: main), expecting: expectedViolation)
    }

    init(_ rule: String, html: String, expecting expectedViolation: String) {
        self.rule = rule
        self.html = html
        self.expectedViolation = expectedViolation
    }

    static let all: [BrokenPage] = [
        BrokenPage("input without a label", main: #"<input type="text" id="q">"#, expecting: "has no label"),
        BrokenPage(
            "label for another id", main: #"<label for="x">X</label><select id="y"></select>"#,
            expecting: "has no label"),
        BrokenPage("textarea without a label", main: "<textarea></textarea>", expecting: "has no label"),
        BrokenPage("no h1", html: "<title>Orders · Deskflow</title><main></main>", expecting: "0 <h1>"),
        BrokenPage("two h1", main: "<h1>Again</h1>", expecting: "2 <h1>"),
        BrokenPage("two main", html: page(main: "", afterMain: "<main></main>"), expecting: "2 <main>"),
        BrokenPage("no title", html: "<main><h1>Orders</h1></main>", expecting: "no <title>"),
        BrokenPage("title only the product", html: page(title: "Deskflow", main: ""), expecting: "only the product"),
        BrokenPage("title empty page part", html: page(title: " · Deskflow", main: ""), expecting: "only the product"),
        BrokenPage("table without th", main: "<table><tr><td>1</td></tr></table>", expecting: "no <th>"),
        BrokenPage("th without scope", main: "<table><tr><th>Order</th></tr></table>", expecting: "no scope"),
        BrokenPage("empty badge", main: #"<span class="badge badge-danger"> </span>"#, expecting: "no text"),
        BrokenPage(
            "describedby to a missing id", main: #"<input aria-label="A" aria-describedby="a-hint">"#,
            expecting: "missing id \"a-hint\""),
        BrokenPage(
            "error message no control points at", main: #"<p class="error" id="a-error">Wrong.</p>"#,
            expecting: "not referenced"),
        BrokenPage(
            "invalid control without its error",
            main: #"<p id="a-hint">Hint</p><input aria-label="A" aria-invalid="true" aria-describedby="a-hint">"#,
            expecting: "aria-invalid"),
        BrokenPage(
            "dialog not modal", main: #"<div role="dialog" aria-label="Cancel"></div>"#, expecting: "aria-modal"),
        BrokenPage(
            "dialog labelled by a missing id",
            main: #"<div role="dialog" aria-modal="true" aria-labelledby="t"></div>"#,
            expecting: "no accessible name"),
        BrokenPage(
            "dialog without a name", main: #"<div role="dialog" aria-modal="true"></div>"#,
            expecting: "no accessible name"),
        BrokenPage(
            "heading before the h1", html: "<title>Orders · Deskflow</title><h2>Menu</h2><main><h1>Orders</h1></main>",
            expecting: "comes before"),
        BrokenPage("heading skips a level", main: "<h3>Attempts</h3>", expecting: "skips from <h1> to <h3>"),
        BrokenPage("duplicate id", main: #"<p id="x">a</p><p id="x">b</p>"#, expecting: "id \"x\" is used 2 times"),
        BrokenPage("svg that is not an image", main: #"<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>"#,
                   expecting: "neither role=\"img\""),
        BrokenPage(
            "chart without a title", main: #"<svg role="img"><rect width="1" height="1"><title>1 Nov</title></rect></svg>"#,
            expecting: "no <title> of its own"),
        BrokenPage("chart with an empty title", main: #"<svg role="img"><title> </title></svg>"#, expecting: "no <title>"),
        BrokenPage(
            "chart labelled by a missing id", main: #"<svg role="img" aria-labelledby="t"><title>Chart</title></svg>"#,
            expecting: "aria-labelledby"),
        BrokenPage(
            "chart figure without a caption",
            main: #"<figure data-chart="c"><svg role="img"><title>Chart</title></svg></figure>"#,
            expecting: "no <figcaption>"),
        BrokenPage(
            "chart figure without its image", main: #"<figure data-chart="c"><figcaption>C</figcaption></figure>"#,
            expecting: "no <svg role=\"img\">"),
    ]
}

// MARK: - Snapshots

private struct SnapshotPage {
    let name: String
    let html: String
}

/// Every committed `.html` snapshot that holds a page; redirect snapshots have no body and are left out.
private func snapshotPages() throws -> [SnapshotPage] {
    let folder = packageRoot.appendingPathComponent("Tests/DeskflowWebTests/__Snapshots__")
    let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
        .compactMap { $0 as? URL }
        .filter { $0.pathExtension == "html" }
        .sorted { $0.path < $1.path } ?? []
    return try files.compactMap { file in
        let html = try String(contentsOf: file, encoding: .utf8)
        guard html.range(of: "<html", options: .caseInsensitive) != nil else { return nil }
        let name = file.deletingLastPathComponent().lastPathComponent + "/" + file.lastPathComponent
        return SnapshotPage(name: name, html: html)
    }
}

// MARK: - Rules

/// Every way the page breaks the rules, each as "line N: what is wrong".
func accessibilityViolations(in html: String) -> [String] {
    let document = HTMLDocument(parsing: html)
    let rules: [(HTMLDocument) -> [String]] = [
        unlabelledControls, headingAndLandmarkCounts, titleProblems, tableHeaderProblems, emptyBadges,
        describedByProblems, errorMessageProblems, dialogProblems, duplicateIDs, headingOrderProblems, chartProblems,
    ]
    return rules.flatMap { $0(document) }
}

private func violation(_ element: HTMLElement, _ problem: String) -> String {
    "line \(element.line): \(element.summary) \(problem)"
}

private func unlabelledControls(in document: HTMLDocument) -> [String] {
    let buttonLikeInputTypes: Set<String> = ["hidden", "submit", "button"]
    let labelTargets = Set(document.elements(named: "label").compactMap { $0["for"] })
    let controls = document.elements.filter { element in
        switch element.name {
        case "select", "textarea": true
        case "input": !buttonLikeInputTypes.contains(element["type"]?.lowercased() ?? "text")
        default: false
        }
    }
    return controls.compactMap { control in
        let hasLabelFor = control.id.map(labelTargets.contains) ?? false
        let isWrappedInLabel = document.ancestors(of: control).contains { $0.name == "label" }
        let hasAriaLabel = !(control["aria-label"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        let labelledBy = control.tokens(of: "aria-labelledby")
        let hasLabelledBy = !labelledBy.isEmpty && labelledBy.allSatisfy(document.ids.contains)
        let isLabelled = hasLabelFor || isWrappedInLabel || hasAriaLabel || hasLabelledBy
        return isLabelled ? nil : violation(control, "has no label (no <label for>, wrapping <label> or aria-label)")
    }
}

private func headingAndLandmarkCounts(in document: HTMLDocument) -> [String] {
    ["h1", "main"].compactMap { name in
        let count = document.elements(named: name).count
        return count == 1 ? nil : "the page has \(count) <\(name)> elements; it needs exactly one"
    }
}

private func titleProblems(in document: HTMLDocument) -> [String] {
    let productName = "Deskflow"
    guard let title = document.elements(named: "title").first else { return ["the page has no <title>"] }
    let fullTitle = title.text.trimmingCharacters(in: .whitespacesAndNewlines)
    var pagePart = fullTitle
    if pagePart.hasSuffix("· \(productName)") { pagePart.removeLast("· \(productName)".count) }
    pagePart = pagePart.trimmingCharacters(in: .whitespacesAndNewlines)
    guard pagePart.isEmpty || pagePart == productName else { return [] }
    return [violation(title, "\"\(fullTitle)\" names only the product, not the page")]
}

private func tableHeaderProblems(in document: HTMLDocument) -> [String] {
    let validScopes: Set<String> = ["col", "row", "colgroup", "rowgroup"]
    let tablesWithoutHeaders = document.elements(named: "table").filter { table in
        !document.descendants(of: table).contains { $0.name == "th" }
    }
    let headersWithoutScope = document.elements(named: "th").filter { !validScopes.contains($0["scope"] ?? "") }
    return tablesWithoutHeaders.map { violation($0, "has no <th> header cells") }
        + headersWithoutScope.map { violation($0, "has no scope=\"col\" or scope=\"row\"") }
}

/// A badge's colour says the status; its text must say it too.
private func emptyBadges(in document: HTMLDocument) -> [String] {
    document.elements
        .filter { $0.classes.contains("badge") && $0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        .map { violation($0, "has no text, so its status is shown by colour alone") }
}

private func describedByProblems(in document: HTMLDocument) -> [String] {
    let ids = document.ids
    return document.elements.filter { $0["aria-describedby"] != nil }.flatMap { element in
        let references = element.tokens(of: "aria-describedby")
        if references.isEmpty { return [violation(element, "has an empty aria-describedby")] }
        return references.filter { !ids.contains($0) }.map {
            violation(element, "has aria-describedby pointing at missing id \"\($0)\"")
        }
    }
}

/// Error text beside a field is only read out with the field when the field points at it.
private func errorMessageProblems(in document: HTMLDocument) -> [String] {
    let describedIDs = Set(document.elements.flatMap { $0.tokens(of: "aria-describedby") })
    let unreferencedErrors = document.elements(named: "p").filter { paragraph in
        paragraph.classes.contains("error") && !(paragraph.id.map(describedIDs.contains) ?? false)
    }
    let invalidWithoutError = document.elements.filter { element in
        element["aria-invalid"] == "true"
            && !element.tokens(of: "aria-describedby").contains { $0.hasSuffix("-error") }
    }
    return unreferencedErrors.map { violation($0, "is not referenced by any control's aria-describedby") }
        + invalidWithoutError.map { violation($0, "is aria-invalid but its aria-describedby names no …-error id") }
}

private func dialogProblems(in document: HTMLDocument) -> [String] {
    let ids = document.ids
    let dialogs = document.elements.filter { $0.tokens(of: "role").contains("dialog") }
    return dialogs.flatMap { dialog in
        var problems: [String] = []
        if dialog["aria-modal"] != "true" { problems.append(violation(dialog, "lacks aria-modal=\"true\"")) }
        let labelledBy = dialog.tokens(of: "aria-labelledby")
        let hasLabelledBy = !labelledBy.isEmpty && labelledBy.allSatisfy(ids.contains)
        let hasAriaLabel = !(dialog["aria-label"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        if !hasLabelledBy && !hasAriaLabel {
            problems.append(violation(dialog, "has no accessible name (aria-labelledby to existing ids or aria-label)"))
        }
        return problems
    }
}

/// With CSS off a page reads in source order, so its outline must make sense there: the `<h1>` comes first and
/// no heading skips a level on the way down.
private func headingOrderProblems(in document: HTMLDocument) -> [String] {
    let levels: [String: Int] = ["h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6]
    let headings = document.elements.filter { levels[$0.name] != nil }
    guard let first = headings.first else { return [] }
    var problems = first.name == "h1" ? [] : [violation(first, "comes before the page's <h1>")]
    for (previous, heading) in zip(headings, headings.dropFirst()) {
        let (from, to) = (levels[previous.name] ?? 1, levels[heading.name] ?? 1)
        if to > from + 1 { problems.append(violation(heading, "skips from <\(previous.name)> to <\(heading.name)>")) }
    }
    return problems
}

/// A chart is one image to assistive technology, so its own `<title>` (its first child) is all that is read out;
/// the figure around it carries a caption that says where the numbers are.
private func chartProblems(in document: HTMLDocument) -> [String] {
    let ids = document.ids
    let isImage = { (element: HTMLElement) in element.name == "svg" && element.tokens(of: "role").contains("img") }
    let svgs = document.elements(named: "svg")
    let unexplained = svgs.filter { !isImage($0) && $0["aria-hidden"] != "true" }.map {
        violation($0, "is neither role=\"img\" with a title nor aria-hidden=\"true\"")
    }
    let untitled = svgs.filter(isImage).compactMap { svg -> String? in
        let title = document.descendants(of: svg).first { $0.name == "title" && $0.ancestorIndexes.last == svg.index }
        guard let title, !title.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return violation(svg, "has no <title> of its own saying what it shows")
        }
        let labelledBy = svg.tokens(of: "aria-labelledby")
        return labelledBy.allSatisfy(ids.contains) ? nil : violation(svg, "has aria-labelledby pointing at a missing id")
    }
    let figures = document.elements(named: "figure").filter { $0["data-chart"] != nil }.flatMap { figure in
        let inside = document.descendants(of: figure)
        return (inside.contains(where: isImage) ? [] : [violation(figure, "has no <svg role=\"img\">")])
            + (inside.contains { $0.name == "figcaption" } ? [] : [violation(figure, "has no <figcaption>")])
    }
    return unexplained + untitled + figures
}

private func duplicateIDs(in document: HTMLDocument) -> [String] {
    let elementsByID = Dictionary(grouping: document.elements.filter { $0.id != nil }) { $0.id ?? "" }
    return elementsByID.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { id, elements in
        let lines = elements.map { String($0.line) }.joined(separator: ", ")
        return "id \"\(id)\" is used \(elements.count) times (lines \(lines))"
    }
}
