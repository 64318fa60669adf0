import Testing

@Suite("HTML scanner used by the accessibility checks")
struct HTMLScannerTests {
    @Test("attributes in double, single and no quotes, and boolean attributes")
    func attributeForms() throws {
        let document = HTMLDocument(parsing: #"<input id="a b" NAME='q' size=6 required data-x = "y" value=/a/>"#)
        let input = try #require(document.elements.first)
        #expect(
            input.attributes == ["id": "a b", "name": "q", "size": "6", "required": "", "data-x": "y", "value": "/a/"])
    }

    @Test("a self-closing tag and a void element do not swallow what follows")
    func selfClosingAndVoid() {
        let document = HTMLDocument(parsing: "<div><br/><input><span /><p>text</p></div>")
        let paragraph = document.elements(named: "p")[0]
        #expect(document.ancestors(of: paragraph).map(\.name) == ["div"])
    }

    @Test("markup inside comments is ignored")
    func comments() {
        let document = HTMLDocument(parsing: "<!-- HTTP 200\n<h1>old</h1> --><!DOCTYPE html><h1>Orders</h1>")
        #expect(document.elements.map(\.name) == ["h1"])
        #expect(document.elements[0].text == "Orders")
        #expect(document.elements[0].line == 2)
    }

    @Test("text content includes descendants' text, with character references decoded")
    func textContent() {
        let document = HTMLDocument(parsing: "<p>Fish &amp; <b>chips</b>&#39;s &#x2014;&nbsp;done</p>")
        #expect(document.elements[0].text == "Fish & chips's \u{2014}\u{A0}done")
    }

    @Test("the content of textarea, script and title is text, not markup")
    func rawText() {
        let document = HTMLDocument(
            parsing: "<title>A &lt;b&gt; · Deskflow</title><textarea><h1>no</h1></textarea><p>after</p>")
        #expect(document.elements.map(\.name) == ["title", "textarea", "p"])
        #expect(document.elements[0].text == "A <b> · Deskflow")
        #expect(document.elements[1].text == "<h1>no</h1>")
    }

    @Test("an end tag closes the open elements it skips, and a stray end tag is ignored")
    func mismatchedEndTags() {
        let document = HTMLDocument(parsing: "<ul><li>one</ul></span><p>two</p>")
        let paragraph = document.elements(named: "p")[0]
        #expect(document.ancestors(of: paragraph).isEmpty)
        #expect(document.descendants(of: document.elements[0]).map(\.name) == ["li"])
    }

    @Test("a lone < in text stays text")
    func lessThanInText() {
        let document = HTMLDocument(parsing: "<p>1 < 2 and 3 <= 4</p>")
        #expect(document.elements.count == 1)
        #expect(document.elements[0].text == "1 < 2 and 3 <= 4")
    }
}
