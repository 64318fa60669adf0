"""Checks, before anything is measured, that a server answers a page with gzip when asked, and records what it sent."""

import gzip
import http.client
import urllib.parse

# Deskflow leaves bodies under this many bytes uncompressed (its response-compression middleware, issue 16), and
# nginx's `gzip_min_length` is set to the same, so both sides skip the same small answers. Every measured page is
# tens of kilobytes; the threshold matters only for redirects, health checks and the like. Keep it in step with the
# middleware's constant.
GZIP_MIN_LENGTH = 1024


class NotCompressed(RuntimeError):
    """The server answered a page without `Content-Encoding: gzip` although the request accepted it."""


def gzipped_page(url: str, cookie: str = "") -> dict:
    """One GET of `url` with `Accept-Encoding: gzip`: the compressed size, the unzipped body and the `Vary` header.
    Raises `NotCompressed` when the answer is not a gzipped 200."""
    parts = urllib.parse.urlsplit(url)
    headers = {"Accept-Encoding": "gzip", **({"Cookie": cookie} if cookie else {})}
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", urllib.parse.urlunsplit(("", "", parts.path, parts.query, "")), headers=headers)
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    encoding = response.getheader("Content-Encoding", "")
    if response.status != 200 or encoding.lower() != "gzip":
        raise NotCompressed(f"GET {url} with Accept-Encoding: gzip answered {response.status} with "
                            f"Content-Encoding: {encoding or '(none)'}; the benchmark compares gzipped pages")
    return {"gzip_bytes": len(content), "body": gzip.decompress(content), "vary": response.getheader("Vary", "")}
