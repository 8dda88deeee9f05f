"""A PostgreSQL server for the store tests, started by the test run itself.

One server per session, from the binaries of Debian's `postgresql` package (initdb, pg_ctl),
in a temporary folder on a free port, with durability switched off (a test store need not
survive a crash) so that it costs a second or two. Each test gets a database of its own,
made from the empty template and dropped after it: far cheaper than a server per test.

initdb refuses to run as root, so as root the server runs as the unprivileged `nobody`.
Without the binaries the PostgreSQL tests skip with the reason, unless
$CONFLICT_TRACKER_REQUIRE_PG is set (as `scripts/test.sh` does for CI): then they fail.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# A folder holding initdb and pg_ctl, when they are neither in Debian's place nor on PATH.
PG_BIN_ENV = "CONFLICT_TRACKER_PG_BIN"
# Set (to anything but "" or "0") where the PostgreSQL tests must run: a missing server fails.
REQUIRE_ENV = "CONFLICT_TRACKER_REQUIRE_PG"
SUPERUSER = "tracker"
# Settings of a throw-away server: no waiting on the disk, room for the concurrency tests.
SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "listen_addresses": "127.0.0.1",
}


class Unavailable(Exception):
    """PostgreSQL cannot be started here; the message says why."""


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def unavailable(reason: str) -> None:
    """Skip a PostgreSQL test that cannot run here, or fail it where it must run."""
    import pytest

    message = f"PostgreSQL is not available: {reason}"
    if required():
        pytest.fail(f"{message} (and ${REQUIRE_ENV} requires it)")
    pytest.skip(message)


def find_binaries() -> Path:
    """The folder with initdb and pg_ctl: $CONFLICT_TRACKER_PG_BIN, Debian's newest
    /usr/lib/postgresql/<version>/bin, or the folder of an initdb on PATH."""
    candidates = []
    if os.environ.get(PG_BIN_ENV):
        candidates.append(Path(os.environ[PG_BIN_ENV]))
    debian = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(debian, key=lambda p: _version(p.parent.name), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise Unavailable(
        "no PostgreSQL binaries (initdb, pg_ctl): install Debian's `postgresql` package "
        f"or set {PG_BIN_ENV} to the folder that holds them"
    )


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running throw-away server; `url(name)` is the SQLAlchemy URL of one database."""

    binaries: Path
    folder: Path
    port: int
    as_user: list[str]
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))
    _version: int = 0

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE and DROP DATABASE need that)."""
        import psycopg

        conninfo = f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(sql)

    def version(self) -> int:
        """The server's version as a number (150018 for 15.18)."""
        if not self._version:
            import psycopg

            conninfo = f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres"
            with psycopg.connect(conninfo) as conn:
                self._version = conn.info.server_version
        return self._version

    def create_database(self) -> str:
        """A new empty database; its name."""
        name = f"store_{next(self._names)}"
        # Copying the template's files beats logging each page (the default from
        # PostgreSQL 15, which brought the choice) for a database this small, fsync off.
        strategy = " STRATEGY FILE_COPY" if self.version() >= 150000 else ""
        self.admin(f"CREATE DATABASE {name} TEMPLATE template0{strategy}")
        return name

    def drop_database(self, name: str) -> None:
        """Drop a test's database, ending the connections its engines left open."""
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "immediate", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [*self.as_user, str(self.binaries / "pg_ctl"), "-D", str(self.data), *args]
        return subprocess.run(command, capture_output=True, text=True, check=check)


def start() -> Server:
    """initdb a cluster in a temporary folder and start it on a free port (3 tries, as a
    port found free may be taken before the server binds it)."""
    binaries = find_binaries()
    folder = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        as_user = ["runuser", "-u", "nobody", "--"]
    init = [*as_user, str(binaries / "initdb"), "-D", str(folder / "data")]
    init += ["-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]
    done = subprocess.run(init, capture_output=True, text=True)
    if done.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise Unavailable(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
    last = ""
    for _ in range(3):
        server = Server(binaries, folder, _free_port(), as_user)
        options = " ".join(f"-c {key}={value}" for key, value in SETTINGS.items())
        options += f" -p {server.port} -k {folder}"
        log = str(folder / "server.log")
        run = server._pg_ctl("start", "-w", "-t", "60", "-l", log, "-o", options, check=False)
        if run.returncode == 0:
            return server
        last = Path(log).read_text(errors="replace")[-2000:] if Path(log).exists() else run.stderr
    shutil.rmtree(folder, ignore_errors=True)
    raise Unavailable(f"the PostgreSQL server did not start: {last.strip()}")
