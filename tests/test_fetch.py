"""The safe fetch: every hostile answer of the local test site gives a named result and
nothing hangs; addresses that are local, private or not http(s) are refused before any
request is made."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from analysis import fetch
from analysis.config import FETCH_ALLOW_ENV, FETCH_MAX_MB_ENV, FETCH_TIMEOUT_ENV
from analysis.errors import InputError
from analysis.fetch import Fetcher, FetchError, Limits, canonical_url, is_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_support import SENTENCES, site_fixture  # noqa: E402, F401  (a fixture)


def refused(url: str, **kwargs) -> FetchError:
    with Fetcher() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url, **kwargs)
    return caught.value


# -- answers of the test site ---------------------------------------------------------------


def test_an_article_is_fetched_with_the_projects_user_agent(site):
    with Fetcher() as fetcher:
        page = fetcher.get(site.url("/articles/one.html"))
    assert page.status == 200 and page.is_html
    assert SENTENCES["one"].encode() in page.content
    assert site.hits == ["/robots.txt", "/articles/one.html"]
    assert all(agent.startswith("ConflictActorTracker/") for agent in site.agents)


def test_robots_txt_is_read_once_per_host_for_a_fetcher(site):
    with Fetcher() as fetcher:
        fetcher.get(site.url("/articles/one.html"))
        fetcher.get(site.url("/articles/two.html"))
    assert site.count("/robots.txt") == 1


def test_a_redirect_is_followed_to_its_page(site):
    with Fetcher() as fetcher:
        page = fetcher.get(site.url("/redirect?to=/articles/two.html"))
    assert page.final_url == site.url("/articles/two.html")
    assert page.url == site.url("/redirect?to=/articles/two.html")


def test_a_redirect_loop_is_too_many_redirects(site):
    err = refused(site.url("/loop"))
    assert err.code == fetch.CODE_REDIRECTS
    assert str(err).startswith(site.url("/loop") + ": too many redirects")
    assert site.count("/loop") + site.count("/loop-again") == fetch.MAX_REDIRECTS + 1


@pytest.mark.parametrize("path", ["/huge", "/huge-unsized"])
def test_a_50_mb_body_is_too_large(site, monkeypatch, path):
    monkeypatch.setenv(FETCH_MAX_MB_ENV, "1")
    err = refused(site.url(path))
    assert err.code == fetch.CODE_TOO_LARGE
    assert "over the 1 MB limit" in str(err) and site.url(path) in str(err)


@pytest.mark.parametrize("path", ["/slow", "/stall"])
def test_a_slow_answer_ends_at_the_deadline(site, monkeypatch, path):
    monkeypatch.setenv(FETCH_TIMEOUT_ENV, "1")
    err = refused(site.url(path))
    assert err.code == fetch.CODE_TIMEOUT
    assert "timed out (no complete answer within 1 s" in str(err)


def test_a_server_error_is_named_by_its_status(site):
    err = refused(site.url("/error"))
    assert err.code == "http 500"
    assert str(err) == f"{site.url('/error')}: the server answered http 500 (Internal Server Error)"


def test_a_missing_page_is_named_by_its_status(site):
    assert refused(site.url("/nowhere.html")).code == "http 404"


def test_a_path_robots_txt_disallows_is_not_fetched(site):
    err = refused(site.url("/private/secret.html"))
    assert err.code == fetch.CODE_ROBOTS and "refused by robots.txt" in str(err)
    assert site.count("/private/secret.html") == 0


def test_robots_txt_can_be_skipped_by_the_caller(site):
    with Fetcher() as fetcher:
        assert fetcher.get(site.url("/private/secret.html"), robots=False).status == 200


def test_a_missing_robots_txt_allows_everything(site):
    site.robots = None
    with Fetcher() as fetcher:
        assert fetcher.get(site.url("/private/secret.html")).status == 200


def test_an_unreadable_robots_txt_refuses_the_site(site):
    site.robots_status = 500
    err = refused(site.url("/articles/one.html"))
    assert err.code == fetch.CODE_ROBOTS and "robots.txt cannot be read" in str(err)
    assert site.count("/articles/one.html") == 0


def test_a_fetch_error_is_an_input_error_naming_the_url(site):
    err = refused(site.url("/error"))
    assert isinstance(err, InputError) and err.source == site.url("/error")


def test_validators_sent_back_give_304(site):
    with Fetcher() as fetcher:
        first = fetcher.get(site.url("/rss.xml"))
        again = fetcher.get(site.url("/rss.xml"), headers={"If-None-Match": first.headers["etag"]})
    assert (first.status, again.status, again.content) == (200, 304, b"")


def test_a_gzip_bomb_is_stopped_after_unpacking():
    import gzip

    packed = gzip.compress(b"x" * (3 * 1024 * 1024))  # a few KB that unpack to 3 MB

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        headers = {"Content-Encoding": "gzip", "Content-Type": "text/html"}
        return httpx.Response(200, stream=httpx.ByteStream(packed), headers=headers)

    limits = Limits(max_bytes=1024 * 1024, deadline=10, allow=("127.0.0.1",))
    fetcher = Fetcher(limits, transport=httpx.MockTransport(answer))
    with fetcher, pytest.raises(FetchError) as caught:
        fetcher.get("http://127.0.0.1/bomb.html")
    assert caught.value.code == fetch.CODE_TOO_LARGE


# -- refused before any request: schemes and addresses (SSRF) -------------------------------


@pytest.fixture
def recorder():
    """A fetcher whose transport records every request instead of sending it."""
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, text="<html>secret</html>")

    limits = Limits(max_bytes=1024, deadline=5, allow=())
    with Fetcher(limits, transport=httpx.MockTransport(record)) as fetcher:
        yield fetcher, seen


@pytest.mark.parametrize(
    ("url", "code", "said"),
    [
        ("file:///etc/passwd", fetch.CODE_SCHEME, "'file:' URLs are not fetched"),
        ("ftp://ftp.example.com/pub/x.html", fetch.CODE_SCHEME, "'ftp:' URLs are not fetched"),
        ("gopher://example.com/", fetch.CODE_SCHEME, "'gopher:' URLs are not fetched"),
        ("javascript:alert(1)", fetch.CODE_SCHEME, "'javascript:' URLs are not fetched"),
        ("http:///nohost", fetch.CODE_BAD_URL, "no host"),
        ("http://127.0.0.1/", fetch.CODE_BLOCKED, "127.0.0.1 is a loopback address"),
        ("http://localhost:8501/", fetch.CODE_BLOCKED, "localhost is a loopback address"),
        ("http://[::1]/", fetch.CODE_BLOCKED, "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", fetch.CODE_BLOCKED, "a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", fetch.CODE_BLOCKED, "cloud metadata"),
        ("http://10.1.2.3/admin", fetch.CODE_BLOCKED, "10.1.2.3 is a private address"),
        ("http://192.168.1.1/", fetch.CODE_BLOCKED, "a private address"),
        ("http://172.16.0.5/", fetch.CODE_BLOCKED, "a private address"),
        ("http://0.0.0.0:8501/", fetch.CODE_BLOCKED, "an unspecified address"),
        ("http://224.0.0.1/", fetch.CODE_BLOCKED, "a multicast address"),
        ("http://[fe80::1]/", fetch.CODE_BLOCKED, "a link-local address"),
        ("http://100.100.100.200/", fetch.CODE_BLOCKED, "not a public address"),
    ],
)
def test_refused_before_any_request(recorder, url, code, said):
    fetcher, seen = recorder
    with pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert caught.value.code == code
    assert said in str(caught.value) and str(caught.value).startswith(url)
    assert seen == []


def test_the_local_site_is_refused_without_the_allow_list(site, monkeypatch):
    monkeypatch.delenv(FETCH_ALLOW_ENV)
    err = refused(site.url("/articles/one.html"))
    assert err.code == fetch.CODE_BLOCKED
    assert f"unless ${FETCH_ALLOW_ENV} names them" in str(err)
    assert site.hits == []


def test_a_host_name_resolving_to_a_private_address_is_refused(recorder, monkeypatch):
    monkeypatch.setattr(fetch, "_resolve", lambda host, port: ["93.184.215.14", "10.0.0.7"])
    fetcher, seen = recorder
    with pytest.raises(FetchError) as caught:
        fetcher.get("http://news.example/story.html")
    assert "news.example is a private address (10.0.0.7)" in str(caught.value)
    assert seen == []


@pytest.mark.parametrize(
    "target",
    ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "file:///etc/passwd"],
)
def test_a_redirect_to_a_blocked_address_is_refused(site, target):
    url = site.url(f"/redirect?to={target}")
    err = refused(url)
    assert err.code in (fetch.CODE_BLOCKED, fetch.CODE_SCHEME)
    assert str(err).startswith(f"{url}: redirected to {target}: refused")


def test_an_allowed_host_name_is_fetched_from_the_checked_address(site, monkeypatch):
    """The connection goes to the address that was checked (no second lookup), with the
    host's name in the Host header."""
    port = site.base.rsplit(":", 1)[1]
    looked_up = []

    def resolve(host, port):
        looked_up.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(fetch, "_resolve", resolve)
    monkeypatch.setenv(FETCH_ALLOW_ENV, "news.test")
    with Fetcher() as fetcher:
        page = fetcher.get(f"http://news.test:{port}/articles/one.html")
    assert page.status == 200
    assert site.hosts == [f"news.test:{port}"] * 2  # robots.txt, then the page
    assert looked_up == ["news.test"] * 2  # once per request, by the check alone


def test_an_allowed_network_never_admits_the_metadata_address():
    limits = Limits(max_bytes=1024, deadline=5, allow=("169.254.0.0/16",))
    fetcher = Fetcher(limits, transport=httpx.MockTransport(lambda r: httpx.Response(404)))
    with fetcher, pytest.raises(FetchError) as caught:
        fetcher.get("http://169.254.169.254/")
    assert caught.value.code == fetch.CODE_BLOCKED
    ok = httpx.MockTransport(lambda r: httpx.Response(200, stream=httpx.ByteStream(b"ok")))
    with Fetcher(limits, transport=ok) as other:  # the rest of the network is admitted
        assert other.get("http://169.254.1.1/", robots=False).status == 200


# -- addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://News.Example.COM/a/b?id=3#comments", "https://news.example.com/a/b?id=3"),
        ("http://news.example.com:80/a?utm_source=x&utm_medium=y", "http://news.example.com/a"),
        ("https://news.example.com:443/a?fbclid=1&page=2", "https://news.example.com/a?page=2"),
        ("http://news.example.com:8080", "http://news.example.com:8080/"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://news.example.com/a", True),
        ("file:///etc/passwd", True),
        ("ftp://x/y", True),
        ("articles/a.html", False),
        ("C:\\news\\a.txt", False),
        ("notes: a://", False),
    ],
)
def test_is_url(text, expected):
    assert is_url(text) is expected
