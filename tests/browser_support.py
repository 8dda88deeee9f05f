"""What the real-browser tests share: a dashboard server on a free port and Debian's
headless Chromium with a throw-away profile."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
START_WAIT = 90  # seconds allowed for the server to come up (a deadline, not an assertion)
PAGE_WAIT = 60_000  # milliseconds allowed for a page's heading to appear
DEFAULT_PAGE = "overview"  # served at the root: Streamlit answers /overview "Page not found"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def dashboard(db: str | Path, workdir: Path, *options: str) -> Iterator[str]:
    """`streamlit run dashboard.py` on `db` (sample loading off), with Streamlit's command
    line `options` ("--theme.base", "dark"); yields its base URL."""
    env = {**os.environ, "CONFLICT_TRACKER_DB": str(db), "CONFLICT_TRACKER_NO_SAMPLE": "1"}
    port = free_port()
    log = workdir / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py"]
    command += ["--server.port", str(port), "--server.headless", "true", *options]
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_WAIT
        while not _healthy(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log.read_text()}")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def chromium(profile: Path):
    """A persistent Chromium context on a fresh profile folder (Playwright takes the profile
    as `user_data_dir` rather than as a --user-data-dir argument)."""
    from playwright import sync_api

    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


def page_url(base: str, page: str) -> str:
    """The address of a dashboard page named by its view file, a query string allowed
    ("timeline?theater=Syria"); the default page is the app's root."""
    name, mark, query = page.partition("?")
    return f"{base}/{'' if name == DEFAULT_PAGE else name}{mark}{query}"


def open_page(tab, base: str, page: str, title: str, wait: int = PAGE_WAIT) -> None:
    """Go to `page` and wait for its heading `title`; fail on a traceback, or when Streamlit
    did not know the address and ran the default page instead."""
    tab.goto(page_url(base, page))
    tab.get_by_role("heading", name=title).first.wait_for(timeout=wait)
    tab.wait_for_load_state("networkidle")
    assert tab.get_by_test_id("stException").count() == 0, tab.inner_text("body")
    assert tab.get_by_text("Page not found").count() == 0, f"no page at {page_url(base, page)}"


def choose_option(tab, box, name: str, tries: int = 4, wait: int = 15_000) -> None:
    """Open the select box `box` and pick the option called `name`. A click that lands
    while Streamlit is still re-running the page can leave the list closed, so the box is
    clicked again (up to `tries` times) until the option shows."""
    option = tab.get_by_role("option", name=name)
    for attempt in range(tries):
        box.click()
        try:
            option.wait_for(timeout=wait)
            break
        except Exception:  # playwright's TimeoutError; the last try re-raises below
            if attempt == tries - 1:
                raise
            tab.keyboard.press("Escape")
    option.click()


@pytest.fixture(scope="module", name="browser")
def browser_fixture(tmp_path_factory):
    """One headless Chromium context per test module (import this fixture to use it)."""
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context
