"""Just enough of a browser for Deskflow's pages: a cookie jar, the session's CSRF token, form posts with a
same-origin `Origin`, and redirects followed when asked. Every request uses a new connection, so nothing carries
over a server that was killed but the cookies."""

from __future__ import annotations

import html
import http.client
import re
import urllib.parse
from dataclasses import dataclass

from .instances import ROUTE_HEADER

REDIRECTS = (301, 302, 303, 307, 308)
# What nginx answers itself when the instance it passed the request to went away (502) or never answered (504): the
# client learns as little as from a cut connection, so a browser behind the proxy takes either for no answer.
PROXY_HAD_NO_ANSWER = (502, 504)


class BrokenConnection(Exception):
    """The server went away before it answered (or before the request reached it)."""


class Unavailable(RuntimeError):
    """A page answered 503 with Retry-After: the database cannot be reached for now (PostgreSQL restarting)."""


class SentToSignIn(RuntimeError):
    """A signed-in page answered with a redirect to the sign-in form although the session was not ended."""


@dataclass
class Reply:
    status: int
    location: str
    content: bytes
    retry_after: str = ""
    path: str = ""            # the path that answered: the last one when redirects were followed

    @property
    def body(self) -> str:
        return self.content.decode("utf-8", "replace")


class Browser:
    """One signed-in staff member. `origin` is the server's base URL, such as `http://127.0.0.1:8080`. Behind the
    proxy of `deskflow_client.instances` (`proxied`), a 502 or 504 is the proxy's, not Deskflow's: it is raised as a
    BrokenConnection, and `route` names the instance the proxy sends this browser to first."""

    def __init__(self, origin: str, timeout: float = 30, proxied: bool = False, route: str | None = None):
        self.origin = origin.rstrip("/")
        parts = urllib.parse.urlsplit(self.origin)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self.proxied = proxied
        self.route = route
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    @property
    def cookie_header(self) -> str:
        """The session cookie as a `Cookie:` header value, for tools (wrk) that send requests of their own."""
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def get(self, path: str, follow: bool = False) -> Reply:
        """GET, remembering the CSRF token of any form on the page. `follow` follows redirects with GETs."""
        reply = self._request("GET", path, None)
        if follow:
            reply = self.follow(reply)
        self._remember_token(reply.body)
        return reply

    def post(self, path: str, fields: dict[str, str], follow: bool = False) -> Reply:
        """A form post with the session's CSRF token added, answered as it is (a 303 is not followed unless asked)."""
        reply = self._request("POST", path, {**fields, "csrf_token": self.csrf_token})
        if follow:
            reply = self.follow(reply)
            self._remember_token(reply.body)
        return reply

    def follow(self, reply: Reply, hops: int = 10) -> Reply:
        """Follows `reply`'s redirects (same origin only) with GETs, as a browser does after a form post."""
        while reply.status in REDIRECTS and reply.location and hops > 0:
            target = urllib.parse.urlsplit(reply.location)
            if target.netloc and f"{target.scheme}://{target.netloc}" != self.origin:
                raise RuntimeError(f"redirected away from {self.origin} to {reply.location}")
            reply = self._request("GET", urllib.parse.urlunsplit(("", "", target.path, target.query, "")), None)
            hops -= 1
        return reply

    def page(self, path: str) -> str:
        """The page at `path` after its redirects; anything but a 200 there is an error."""
        reply = self.get(path, follow=True)
        if reply.status == 503 and reply.retry_after:
            raise Unavailable(f"GET {path} answered 503, Retry-After {reply.retry_after}")
        if reply.path.startswith("/login") and not path.startswith("/login"):
            raise SentToSignIn(f"GET {path} was sent to the sign-in form")
        if reply.status != 200:
            raise RuntimeError(f"GET {path} answered {reply.status} (at {reply.path})")
        return reply.body

    def sign_in(self, email: str, password: str) -> None:
        """Signs in through the sign-in form; the session (and with it the CSRF token) is new afterwards."""
        self.get("/login?next=/orders")
        reply = self.post("/login", {"email": email, "password": password, "next": "/orders"})
        if reply.status != 303 or reply.location.startswith("/login"):
            raise RuntimeError(f"sign-in as {email} failed with {reply.status}")
        self.page("/orders")

    def _request(self, method: str, path: str, form: dict | None) -> Reply:
        headers = {"Cookie": self.cookie_header} if self.cookies else {}
        if self.route is not None:
            headers[ROUTE_HEADER] = self.route
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            raise BrokenConnection(f"{type(error).__name__}: {error}") from error
        finally:
            connection.close()
        if self.proxied and response.status in PROXY_HAD_NO_ANSWER:
            raise BrokenConnection(f"the proxy answered {response.status}: the instance behind it gave no answer")
        for cookie in response.headers.get_all("Set-Cookie") or []:
            self._remember_cookie(cookie)
        return Reply(response.status, response.getheader("Location", ""), content,
                     response.getheader("Retry-After", ""), path)

    def _remember_cookie(self, header: str) -> None:
        name, _, rest = header.partition("=")
        value, _, attributes = rest.partition(";")
        if not value or "max-age=0" in attributes.lower().replace(" ", ""):
            self.cookies.pop(name.strip(), None)
        else:
            self.cookies[name.strip()] = value.strip()

    def _remember_token(self, page: str) -> None:
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        if found:
            self.csrf_token = html.unescape(found.group(1))
