"""Fetching pages and feeds on a user's behalf, treating every address as hostile.

The dashboard fetches whatever address someone types, so one function does all fetching:
only http and https; the host is resolved first and an address that is loopback,
private, link-local, multicast, reserved, unspecified or a cloud metadata endpoint is
refused (unless the allow-list setting names the host or its network); the connection then
goes to the very address that was checked, so a second DNS answer cannot swap in another
(rebinding). Redirects are followed here, one hop at a time, each hop checked again and
their number capped; the body is read in chunks up to a byte cap and an overall deadline,
so a huge or trickling answer ends with a named result instead of filling memory or
hanging. robots.txt is asked first, once per host for each `Fetcher`.

Every refusal is a `FetchError` (an InputError) with a `code` naming the case (the CODE_*
constants, or "http 500" and the like) and a message naming the URL and the reason.
Nothing fetched is executed or rendered: callers get bytes.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from analysis import __version__
from analysis.config import FETCH_ALLOW_ENV, FETCH_MAX_MB_ENV, FETCH_TIMEOUT_ENV, settings
from analysis.errors import InputError

CODE_BAD_URL = "bad url"
CODE_SCHEME = "scheme"
CODE_BLOCKED = "blocked address"
CODE_UNREACHABLE = "unreachable"
CODE_ROBOTS = "robots"
CODE_TOO_LARGE = "too large"
CODE_REDIRECTS = "too many redirects"
CODE_TIMEOUT = "timeout"
CODE_NOT_HTML = "not html"

SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0  # seconds to open a connection; reads wait at most READ_TIMEOUT
READ_TIMEOUT = 15.0
ROBOTS_MAX_BYTES = 512 * 1024
USER_AGENT = (
    f"ConflictActorTracker/{__version__} "
    "(+conflict-actor-tracker; reads public news for a research dashboard)"
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Cloud metadata services answer on these; most are link-local or private already, but
# they are named so that an allow-list of a wide network never lets them through.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254")
)
# Query parameters that only track who clicked: dropped from canonical URLs.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref_src", "cmpid"}
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class FetchError(InputError):
    """A URL that was not fetched, or whose answer is not used; `code` names the case."""

    def __init__(self, url: str, code: str, detail: str) -> None:
        super().__init__(url, detail)
        self.code = code


@dataclass
class Fetched:
    """A successful answer: `url` is the address asked for, `final_url` the one that
    answered after redirects; `status` is 200-299, or 304 when the caller sent validators
    and nothing changed (then `content` is empty)."""

    url: str
    final_url: str
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES


@dataclass(frozen=True)
class Limits:
    """How far one fetch may go: bytes read, seconds in all (every hop), the allow-list."""

    max_bytes: int
    deadline: float
    allow: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls) -> Limits:
        s = settings()
        return cls(max_bytes=s.fetch_max_bytes, deadline=s.fetch_timeout, allow=s.fetch_allow)


# -- addresses ------------------------------------------------------------------------------


def is_url(text: str) -> bool:
    """Whether a command-line argument or a line of the URL box is meant as a web address
    (any "scheme://", so that "file:///etc/passwd" is refused as a URL, not read as a path)."""
    scheme, sep, _ = text.strip().partition("://")
    return bool(sep) and scheme.replace("+", "").replace("-", "").replace(".", "").isalnum()


def check_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL; FetchError for any other scheme or no host."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as err:
        raise FetchError(url, CODE_BAD_URL, f"not a valid URL ({err})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        raise FetchError(
            url, CODE_SCHEME, f"refused: {shown} URLs are not fetched (http/https only)"
        )
    if not parts.hostname:
        raise FetchError(url, CODE_BAD_URL, "not a valid URL (no host)")
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


def _address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address must not be fetched from ("a loopback address"), None if public."""
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for test, kind in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "an unspecified address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, test):
            return kind
    return None if ip.is_global else "not a public address"


def _allowed(
    host: str, ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow: Iterable[str]
) -> bool:
    """Whether the allow-list names `host` or a network holding `ip` (a metadata address
    only when named exactly)."""
    for entry in allow:
        entry = entry.strip().lower().strip("[]")
        if entry == host:
            return True
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return ip not in METADATA_ADDRESSES or entry == str(ip)
        except ValueError:
            continue
    return False


def _resolve(host: str, port: int) -> list[str]:
    """The addresses of `host` (a seam for tests that name hosts nobody can resolve)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def safe_address(url: str, host: str, port: int, allow: Iterable[str]) -> str:
    """The address to connect to for `host`: every address it resolves to must be public
    or allowed, else FetchError (so that no answer of a round-robin slips through)."""
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
        addresses = [str(literal)]
    except ValueError:
        try:
            addresses = _resolve(host, port)
        except (OSError, UnicodeError) as err:
            reason = f"host {host} cannot be resolved ({err})"
            raise FetchError(url, CODE_UNREACHABLE, reason) from None
    if not addresses:
        raise FetchError(url, CODE_UNREACHABLE, f"host {host} has no address")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        mapped = getattr(ip, "ipv4_mapped", None)
        ip = mapped or ip
        kind = _address_kind(ip)
        if kind and not _allowed(host, ip, allow):
            raise FetchError(
                url,
                CODE_BLOCKED,
                f"refused: {host} is {kind} ({ip}); private and local addresses are not "
                f"fetched unless ${FETCH_ALLOW_ENV} names them",
            )
    return addresses[0]


def canonical_url(url: str) -> str:
    """The form of a URL under which an article is stored and looked up: lower-case scheme
    and host, no default port, no fragment, no tracking parameters (utm_*, fbclid...)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port != {"http": 80, "https": 443}.get(scheme):
        host = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING_PREFIXES) and k.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def same_site(a: str, b: str) -> bool:
    """Whether two URLs are on one host ("www." aside): a page may name its canonical
    address only on its own site, so no page can make another site's article a duplicate."""

    def host(url: str) -> str:
        name = (urlsplit(url).hostname or "").lower()
        return name.removeprefix("www.")

    return bool(host(a)) and host(a) == host(b)


# -- fetching -------------------------------------------------------------------------------


class Fetcher:
    """One run's fetching: an HTTP client and the robots.txt rules of the hosts met so far.

    Use as a context manager (`with Fetcher() as fetcher: fetcher.get(url)`); `transport`
    is httpx's, for tests."""

    def __init__(self, limits: Limits | None = None, *, transport=None) -> None:
        import httpx

        self.limits = limits or Limits.from_settings()
        self._robots: dict[str, urllib.robotparser.RobotFileParser | FetchError] = {}
        # No proxies from the environment (they would bypass the address check) and no
        # kept-alive connections (each request is pinned to the address it was checked for).
        self._client = httpx.Client(
            follow_redirects=False,
            trust_env=False,
            transport=transport,
            limits=httpx.Limits(max_keepalive_connections=0),
            # Only encodings `_decoded` unpacks under the byte cap.
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        robots: bool = True,
        max_bytes: int | None = None,
    ) -> Fetched:
        """GET `url` within the limits, following redirects (each hop checked); a 304 is
        returned as such, any other answer but 2xx is a FetchError ("http 404")."""
        deadline = time.monotonic() + self.limits.deadline
        current = url.strip()
        for _ in range(MAX_REDIRECTS + 1):
            try:
                # The address first: robots.txt is not asked of a host that is refused.
                _, host, port = check_url(current)
                address = safe_address(current, host, port, self.limits.allow)
                if robots:
                    self._check_robots(current)
                answer = self._one_hop(current, host, address, headers, deadline, max_bytes)
            except FetchError as err:
                if current == url.strip():
                    raise
                raise FetchError(url, err.code, f"redirected to {current}: {err.reason}") from None
            if isinstance(answer, Fetched):
                answer.url = url
                return answer
            current = urljoin(current, answer)
        raise FetchError(url, CODE_REDIRECTS, f"too many redirects (more than {MAX_REDIRECTS})")

    def _one_hop(
        self,
        url: str,
        host: str,
        address: str,
        headers: Mapping[str, str] | None,
        deadline: float,
        max_bytes: int | None,
    ) -> Fetched | str:
        """Fetch `url` once from `address`: the answer, or where a redirect points."""
        import httpx

        cap = self.limits.max_bytes if max_bytes is None else max_bytes
        pinned, extensions = _pinned(url, address, host)
        sent = {"Host": urlsplit(url).netloc.rpartition("@")[2], **(headers or {})}
        try:
            with self._client.stream(
                "GET",
                pinned,
                headers=sent,
                timeout=self._timeout(url, deadline),
                extensions=extensions,
            ) as response:
                if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                    return response.headers["location"]
                if response.status_code == 304:
                    return Fetched(url, url, 304, b"", dict(response.headers))
                if not 200 <= response.status_code < 300:
                    code = f"http {response.status_code}"
                    reason = response.reason_phrase or "error"
                    raise FetchError(url, code, f"the server answered {code} ({reason})")
                content = self._read(url, response, cap, deadline)
                return Fetched(url, url, response.status_code, content, dict(response.headers))
        except httpx.TimeoutException:
            raise FetchError(url, CODE_TIMEOUT, self._late()) from None
        except httpx.TransportError as err:
            raise FetchError(url, CODE_UNREACHABLE, f"cannot be reached ({err})") from None

    def _timeout(self, url: str, deadline: float):
        import httpx

        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(url, CODE_TIMEOUT, self._late())
        return httpx.Timeout(
            connect=min(CONNECT_TIMEOUT, left),
            read=min(READ_TIMEOUT, left),
            write=min(READ_TIMEOUT, left),
            pool=min(CONNECT_TIMEOUT, left),
        )

    def _late(self) -> str:
        limit = f"{self.limits.deadline:g} s"
        return f"timed out (no complete answer within {limit}; ${FETCH_TIMEOUT_ENV})"

    def _read(self, url: str, response, cap: int, deadline: float) -> bytes:
        """The body, read in chunks: stops past `cap` bytes or past the deadline."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(url, CODE_TOO_LARGE, _too_large(int(declared), cap))
        body = bytearray()
        for chunk in response.iter_raw():  # as the bytes arrive, so the deadline is seen
            body += chunk
            if len(body) > cap:
                raise FetchError(url, CODE_TOO_LARGE, _too_large(None, cap))
            if time.monotonic() > deadline:
                raise FetchError(url, CODE_TIMEOUT, self._late())
        return _decoded(url, response, bytes(body), cap)

    # -- robots.txt -------------------------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        scheme = urlsplit(url).scheme.lower()
        site = f"{scheme}://{urlsplit(url).netloc.rpartition('@')[2].lower()}"
        if site not in self._robots:
            self._robots[site] = self._read_robots(site)
        rules = self._robots[site]
        if isinstance(rules, FetchError):
            raise FetchError(url, CODE_ROBOTS, rules.reason)
        if not rules.can_fetch(USER_AGENT, url):
            raise FetchError(url, CODE_ROBOTS, f"refused by robots.txt ({site}/robots.txt)")

    def _read_robots(self, site: str) -> urllib.robotparser.RobotFileParser | FetchError:
        """A site's robots.txt rules. Missing (4xx) means no rules; unreachable (5xx, a
        timeout, a refused redirect) means no fetching from the site for this run, as RFC
        9309 asks. Its own fetch is checked like any other (address, size, deadline)."""
        rules = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        try:
            answer = self.get(f"{site}/robots.txt", robots=False, max_bytes=ROBOTS_MAX_BYTES)
        except FetchError as err:
            if err.code.startswith("http 4"):
                rules.parse([])
                return rules
            return FetchError(site, CODE_ROBOTS, f"robots.txt cannot be read ({err.reason})")
        rules.parse(answer.content.decode("utf-8", errors="replace").splitlines())
        return rules


def _pinned(url: str, address: str, host: str) -> tuple[str, dict]:
    """`url` with its host replaced by the checked address, and the TLS server name to
    send and verify (httpcore's `sni_hostname`), so the connection goes where the check
    said while the certificate is still checked against the host name."""
    parts = urlsplit(url)
    shown = f"[{address}]" if ":" in address else address
    netloc = f"{shown}:{parts.port}" if parts.port else shown
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return pinned, {"sni_hostname": host} if parts.scheme == "https" else {}


def _decoded(url: str, response, body: bytes, cap: int) -> bytes:
    """The body with its Content-Encoding undone, the cap applied to the result too (a
    small gzip can unpack to gigabytes)."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "deflate", "x-gzip"):
        raise FetchError(url, CODE_BAD_URL, f"answer in an unsupported encoding '{encoding}'")
    import zlib

    wbits = 47 if encoding != "deflate" else 15  # 47: gzip or zlib header, detected
    unpacker = zlib.decompressobj(wbits)
    try:
        out = unpacker.decompress(body, cap + 1)
    except zlib.error as err:
        raise FetchError(url, CODE_BAD_URL, f"answer cannot be unpacked ({err})") from None
    if len(out) > cap:
        raise FetchError(url, CODE_TOO_LARGE, _too_large(None, cap))
    return out


def _too_large(size: int | None, cap: int) -> str:
    limit = f"{cap / 1048576:.3g} MB"
    said = f" ({size / 1048576:.3g} MB)" if size is not None else ""
    return f"too large{said}: over the {limit} limit (${FETCH_MAX_MB_ENV}); stopped reading"
