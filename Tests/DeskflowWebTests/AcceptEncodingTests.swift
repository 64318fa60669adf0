import Testing

@testable import DeskflowWeb

@Suite("Content negotiation")
struct AcceptEncodingTests {
    @Test(
        "whether a request's Accept-Encoding allows gzip",
        arguments: [
            (nil, false),
            ("", false),
            ("gzip", true),
            ("GZip", true),
            ("x-gzip", true),
            ("deflate, gzip, br", true),
            ("br;q=1.0, gzip;q=0.8, *;q=0.1", true),
            ("  gzip  ;  q=0.5  ", true),
            ("gzip;Q=0.5", true),
            ("gzip;q=0.001", true),
            ("gzip;q=1", true),
            ("gzip;q=1.000", true),
            ("gzip;q=0", false),
            ("gzip;q=0.000", false),
            ("gzip; q=0", false),
            ("gzip;q=0, *", false),
            ("*;q=1, gzip;q=0", false),
            ("*", true),
            ("*;q=0", false),
            ("identity", false),
            ("identity;q=1, *;q=0", false),
            ("br, deflate", false),
            ("gzip;level=3", true),
            ("gzip;q=2", false),
            ("gzip;q=1.5", false),
            ("gzip;q=0.5000", false),
            ("gzip;q=-1", false),
            ("gzip;q=", false),
            ("gzip;q", false),
            ("gzip;q=abc", false),
            ("gzip;q=0, gzip", false),
            ("gz ip", false),
            (",, ,gzip,", true),
            ("gzip\t;\tq=0.3", true),
        ] as [(String?, Bool)])
    func allowsGzip(header: String?, allowed: Bool) {
        #expect(AcceptEncoding(header).allowsGzip == allowed)
    }

    @Test("q-values in thousandths", arguments: [
        ("0", 0), ("0.", 0), ("0.5", 500), ("0.25", 250), ("0.125", 125), ("1", 1000), ("1.0", 1000), ("1.000", 1000),
        ("1.001", nil), ("0.1234", nil), ("2", nil), (".5", nil), ("0,5", nil), ("", nil), ("٠.٥", nil),
    ] as [(Substring, Int?)])
    func qValue(text: Substring, thousandths: Int?) {
        #expect(AcceptEncoding.qValue(text) == thousandths)
    }

    @Test(
        "If-None-Match against the representation being sent",
        arguments: [
            ("\"abc\"", "\"abc\"", true),
            ("W/\"abc\"", "\"abc\"", true),
            ("\"abc\"", "W/\"abc\"", true),
            ("\"x\", \"abc\"", "\"abc\"", true),
            ("*", "\"abc\"", true),
            ("\"abc\"", "\"abc-gzip\"", false),
            ("\"abc-gzip\"", "\"abc\"", false),
            ("abc", "\"abc\"", false),
            ("", "\"abc\"", false),
        ])
    func entityTags(ifNoneMatch: String, current: String, matches: Bool) {
        #expect(EntityTag.anyMatches(ifNoneMatch, current) == matches)
    }

    @Test(
        "which content types are worth compressing",
        arguments: [
            ("text/html; charset=utf-8", true), ("text/css", true), ("TEXT/CSV; charset=utf-8", true),
            ("application/json; charset=utf-8", true), ("application/problem+json", true), ("image/svg+xml", true),
            ("application/javascript", true), ("image/png", false), ("font/woff2", false),
            ("application/octet-stream", false), ("application/zip", false), ("", false),
        ])
    func compressibleTypes(contentType: String, compressible: Bool) {
        #expect(GzipEncoder.isWorthCompressing(contentType: contentType) == compressible)
    }
}
