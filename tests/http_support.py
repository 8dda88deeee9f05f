"""A news site on 127.0.0.1 for the fetching tests: articles, an RSS and an Atom feed (with
ETag and Last-Modified), robots.txt, and the hostile cases (a redirect loop, a 50 MB body, a
trickling answer, a stall, a 500). Started by the tests themselves, never the internet.

`site` (a fixture) starts one server per test and sets the fetch allow-list to its address;
`Site.hits` lists the paths asked for, so a test can tell that nothing was fetched.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from analysis.config import FETCH_ALLOW_ENV

HUGE_BYTES = 50 * 1024 * 1024
TRICKLE_SECONDS = 30  # the slow answers would last this long: far past any test deadline
ROBOTS = "User-agent: *\nDisallow: /private/\n"
SENTENCES = {
    "one": "Turkey backs GNA forces in Tripoli with drones and military advisers, officials said.",
    "two": "Russia backs LNA fighters near Sirte, according to a United Nations report.",
    "three": "Egypt backs LNA units in the east of Libya, diplomats said on Monday.",
}
FILLER = (
    "The statement came after weeks of fighting around the capital. Residents described "
    "long queues for fuel and bread, and aid agencies said that thousands had left their "
    "homes since the spring."
)


def article_html(
    key: str, *, canonical: str | None = None, site_name: str | None = "Test Wire"
) -> str:
    """An article page as news sites write them: metadata in the head, the story in
    <article>, a menu and a footer around it."""
    head = [f"<title>Story {key} | Test Wire</title>"]
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    if site_name:
        head.append(f'<meta property="og:site_name" content="{site_name}">')
    head.append('<meta property="article:published_time" content="2020-05-12T08:00:00Z">')
    return (
        f"<!doctype html><html><head>{''.join(head)}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Story {key}</h1><p>{SENTENCES[key]}</p><p>{FILLER}</p>"
        f"<p>{FILLER}</p></article><footer>Copyright Test Wire</footer></body></html>"
    )


def rss(base: str, keys: list[str]) -> str:
    items = "".join(
        f"<item><title>Story {k}</title><link>{base}/articles/{k}.html</link>"
        f"<guid>{base}/articles/{k}.html</guid></item>"
        for k in keys
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire: Libya</title>'
        f"<link>{base}/</link><description>news</description>{items}</channel></rss>"
    )


def atom(base: str, keys: list[str]) -> str:
    entries = "".join(
        f'<entry><title>Story {k}</title><link href="/articles/{k}.html"/>'
        f"<id>{base}/articles/{k}.html</id><updated>2020-05-12T08:00:00Z</updated></entry>"
        for k in keys
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>Test Wire atom</title><id>{base}/atom.xml</id><link href="{base}/"/>'
        f"<updated>2020-05-12T08:00:00Z</updated>{entries}</feed>"
    )


@dataclass
class Site:
    """The running server: its base URL, the paths asked for, what its feeds list."""

    base: str
    hits: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)  # the Host header of each request
    agents: list[str] = field(default_factory=list)  # the User-Agent of each request
    robots: str | None = ROBOTS  # None: robots.txt is missing (404)
    robots_status: int = 200
    rss_items: list[str] = field(default_factory=lambda: ["one", "two"])
    atom_items: list[str] = field(default_factory=lambda: ["three"])
    version: int = 1  # the feeds' ETag; bump it to change them
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # /files/NAME: body, type
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def count(self, path: str) -> int:
        return sum(hit.split("?")[0] == path for hit in self.hits)


class Handler(BaseHTTPRequestHandler):
    site: Site  # set on the subclass each server gets
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802  (the name http.server calls)
        site = self.site
        site.hits.append(self.path)
        site.hosts.append(self.headers.get("Host", ""))
        site.agents.append(self.headers.get("User-Agent", ""))
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        routes = {
            "/robots.txt": self.robots_txt,
            "/rss.xml": lambda: self.feed(rss(site.base, site.rss_items), "application/rss+xml"),
            "/atom.xml": lambda: self.feed(
                atom(site.base, site.atom_items), "application/atom+xml"
            ),
            "/loop": lambda: self.redirect("/loop-again"),
            "/loop-again": lambda: self.redirect("/loop"),
            "/redirect": lambda: self.redirect(query["to"][0]),
            "/huge": self.huge,
            "/huge-unsized": self.huge_unsized,
            "/slow": self.trickle,
            "/stall": self.stall,
            "/error": lambda: self.send(500, "broken", "text/plain"),
            "/data.json": lambda: self.send(200, '{"a": 1}', "application/json"),
            "/private/secret.html": lambda: self.send(200, article_html("one"), "text/html"),
            "/plain.html": lambda: self.send(
                200, article_html("two", site_name=None), "text/html; charset=utf-8"
            ),
            "/alias.html": lambda: self.send(
                200, article_html("one", canonical=f"{site.base}/articles/one.html"), "text/html"
            ),
            "/foreign-canonical.html": lambda: self.send(
                200,
                article_html("three", canonical="https://elsewhere.example/articles/x.html"),
                "text/html",
            ),
        }
        if path.startswith("/files/") and path.removeprefix("/files/") in site.files:
            body, kind = site.files[path.removeprefix("/files/")]
            return self.send(200, body, kind)
        if path.startswith("/articles/") and path.endswith(".html"):
            key = path.removeprefix("/articles/").removesuffix(".html")
            if key in SENTENCES:
                return self.send(200, article_html(key), "text/html; charset=utf-8")
        route = routes.get(path)
        if route is None:
            return self.send(404, "not found", "text/plain")
        route()

    def send(self, status: int, body: str | bytes, kind: str, headers: dict | None = None) -> None:
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def robots_txt(self) -> None:
        if self.site.robots is None:
            return self.send(404, "not found", "text/plain")
        self.send(self.site.robots_status, self.site.robots, "text/plain")

    def feed(self, body: str, kind: str) -> None:
        etag = f'"v{self.site.version}"'
        modified = formatdate(1589270400 + self.site.version * 3600, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send(200, body, kind, {"ETag": etag, "Last-Modified": modified})

    def redirect(self, to: str) -> None:
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _chunks(self, total: int) -> Iterator[bytes]:
        block = b"<p>" + b"x" * 65_530 + b"</p>\n"
        sent = 0
        while sent < total and not self.site.stop.is_set():
            piece = block[: total - sent]
            sent += len(piece)
            yield piece

    def huge(self) -> None:
        """50 MB, declared: made chunk by chunk, never held whole."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        self._write_all(self._chunks(HUGE_BYTES))

    def huge_unsized(self) -> None:
        """50 MB with no Content-Length (the end is the closed connection): only counting
        the bytes read can stop it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self._write_all(self._chunks(HUGE_BYTES))

    def trickle(self) -> None:
        """A byte every tenth of a second: each read is quick, the whole never ends."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(TRICKLE_SECONDS * 10))
        self.end_headers()

        def drip() -> Iterator[bytes]:
            for _ in range(TRICKLE_SECONDS * 10):
                if self.site.stop.wait(0.1):
                    return
                yield b"x"

        self._write_all(drip())

    def stall(self) -> None:
        """Nothing at all until long past any deadline."""
        self.site.stop.wait(TRICKLE_SECONDS)

    def _write_all(self, chunks: Iterator[bytes]) -> None:
        try:
            for chunk in chunks:
                self.wfile.write(chunk)
                self.wfile.flush()
        except OSError:  # the client stopped reading: what the tests want
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Quiet: a client that hangs up on a huge or slow answer is what the tests do."""


@pytest.fixture(name="site")
def site_fixture(monkeypatch) -> Iterator[Site]:
    """The news site on a free port of 127.0.0.1, reachable through the allow-list."""
    server = Server(("127.0.0.1", 0), Handler)
    site = Site(base=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = type("SiteHandler", (Handler,), {"site": site})
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    monkeypatch.setenv(FETCH_ALLOW_ENV, "127.0.0.1")
    try:
        yield site
    finally:
        site.stop.set()
        server.shutdown()
        server.server_close()
