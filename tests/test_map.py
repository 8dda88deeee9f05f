"""The Map: towns read from evidence sentences, counted per town and relation, drawn on a
map whose outlines the dashboard serves itself; the set-up step that installs them."""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from analysis import charts, store, tally
from analysis.models import Claim
from analysis.places import fold, places_in
from analysis.queries.filters import Filters
from tests.claims_support import store_article, stored_claim

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import map_outlines  # noqa: E402
from pages_support import (  # noqa: E402, F401  (fixtures)
    chart_data,
    filled_fixture,
    no_model_fixture,
    page,
)


@pytest.mark.parametrize(
    ("sentence", "theater", "towns"),
    [
        ("Turkish jets struck SDF positions near Tal Abyad and Ras al-Ain.", "Syria",
         ["Tall Abyaḑ", "Ra’s al ‘Ayn"]),
        ("Kurdish fighters held Qamishli and Hasakeh.", "Syria", ["Al Qāmishlī", "Al Ḩasakah"]),
        ("The LNA pushed from Benghazi towards Sirte and Tripoli.", "Libya",
         ["Benghazi", "Sirte", "Tripoli"]),
        ("Houthi drones hit Hodeidah.", "Yemen", ["Al Ḩudaydah"]),
        ("The army retook Palmyra.", "Syria", ["Tadmur"]),
        # a town of another theater is not read: this is Libya's Tripoli only in Libya
        ("Clashes in Tripoli.", "Syria", []),
        # names of sides, countries and people are not towns
        ("Hayat Tahrir al-Sham and Russia met President Bashar al-Assad.", "Syria", []),
    ],
)  # fmt: skip
def test_towns_are_read_from_sentences(sentence, theater, towns):
    assert [p.name for p in places_in(sentence, theater)] == towns


def test_spellings_fold_together():
    assert fold("Ras el-Ain") == fold("Ras al Ain") == "ras al ain"
    assert fold("Dar‘ā") == "dara"


def _claim(source: str, sentence: str, supporter: str, relation: str, target: str) -> Claim:
    return stored_claim(source, supporter, relation, target, sentence=sentence, date="2019-10-10")


EVIDENCE = {
    "a": [
        ("Turkish jets pounded the SDF near Tal Abyad.", "Turkey", "opposes", "SDF"),
        ("US troops left bases near Tal Abyad, where they had backed the SDF.",
         "United States", "supports", "SDF"),
    ],
    "b": [("Turkish artillery hit SDF positions in Tal Abyad and Qamishli.", "Turkey",
           "opposes", "SDF")],
    "c": [("Russia backs the Syrian government.", "Russia", "supports", "Syrian government")],
}  # fmt: skip


def fill_evidence(engine) -> None:
    """The articles of EVIDENCE, one per name."""
    for name, rows in EVIDENCE.items():
        store_article(engine, name, [_claim(name, *row) for row in rows], date="2019-10-10")


@pytest.fixture
def evidence_store(db):
    engine = store.open_store(db)
    fill_evidence(engine)
    yield engine
    engine.dispose()


def test_evidence_places_count_claims_and_articles_per_town_and_relation(evidence_store):
    df = tally.evidence_places(evidence_store, Filters())
    rows = {(r.place, r.relation): (r.claims, r.articles) for r in df.itertuples()}
    assert rows == {
        ("Tall Abyaḑ", "opposes"): (2, 2),
        ("Tall Abyaḑ", "supports"): (1, 1),
        ("Al Qāmishlī", "opposes"): (1, 1),
    }
    assert df.attrs["read"] == 4  # the claim naming no town was read too
    top = df.iloc[0]
    assert (top.place, top.pairs) == ("Tall Abyaḑ", "Turkey → SDF")
    assert round(top.lat, 1) == 36.7


def test_evidence_places_follow_the_filters(evidence_store):
    df = tally.evidence_places(evidence_store, Filters(actors=("United States",)))
    assert set(df["relation"]) == {"supports"}


def test_a_town_lists_its_claims(evidence_store):
    found = tally.place_claims(evidence_store, Filters(), place="Tall Abyaḑ", relation="opposes")
    assert sorted(found["sentence"]) == [
        "Turkish artillery hit SDF positions in Tal Abyad and Qamishli.",
        "Turkish jets pounded the SDF near Tal Abyad.",
    ]


def test_evidence_map_draws_towns_by_relation(evidence_store):
    fig = charts.evidence_map(tally.evidence_places(evidence_store, Filters()))
    traces = {t.name: t for t in fig.data}
    assert set(traces) == {"supports", "opposes"}
    assert traces["opposes"].marker.color == charts.OPPOSE_COLOR
    # the town with more claims has the larger marker
    sizes = dict(zip(traces["opposes"].text, traces["opposes"].marker.size, strict=True))
    assert sizes["Tall Abyaḑ"] > sizes["Al Qāmishlī"]
    assert tuple(traces["opposes"].customdata[0][:2]) == ("Tall Abyaḑ", "opposes")
    assert fig.layout.geo.showcountries is True
    # the map shows northern Syria around the towns, not the whole region from Libya to Yemen
    (west, east), (south, north) = fig.layout.geo.lonaxis.range, fig.layout.geo.lataxis.range
    for trace in fig.data:
        assert all(west < lon < east for lon in trace.lon)
        assert all(south < lat < north for lat in trace.lat)
    assert east - west < 15 and north - south < 15


def test_the_map_view_surrounds_one_town_and_stays_in_the_region():
    import pandas as pd

    lon, lat = charts.map_view(pd.Series([38.0]), pd.Series([36.5]))  # one town
    assert lon == [35.0, 41.0] and lat == [33.5, 39.5]
    # Tripoli to Aden: the whole region, not beyond it
    lon, lat = charts.map_view(pd.Series([13.2, 45.0]), pd.Series([32.9, 12.8]))
    assert (lon, lat) == ([11.7, 46.5], [11.3, 34.4])
    lon, lat = charts.map_view(pd.Series([8.5, 55.5]), pd.Series([10.5, 39.5]))
    assert (lon, lat) == (list(charts.MAP_LON), list(charts.MAP_LAT))


def test_evidence_map_without_towns_says_so():
    fig = charts.evidence_map(pd_empty())
    assert len(fig.data) == 0 and "No town" in fig.layout.annotations[0].text


def pd_empty():
    import pandas as pd

    return pd.DataFrame(columns=list(tally.PLACE_COLUMNS))


def test_map_page_renders_under_the_filters(filled, no_model):
    at = page("map", theater="Libya")
    assert not at.exception, at.exception
    assert at.title[0].value == "Map"


def test_picked_place_reads_a_marker():
    from dashboard import state

    data = ["Tall Abyaḑ", "opposes", 2, 2, "Turkey → SDF"]
    event = SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": data}]))
    assert state.picked_place(event) == ("Tall Abyaḑ", "opposes")
    assert state.picked_place(SimpleNamespace(selection=SimpleNamespace(points=[]))) is None


# -- the outlines are installed at set-up, checked against the registry's digest -------------


def _archive(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/dist/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_outlines_archive_is_verified_and_extracted(tmp_path):
    data = _archive({name: b"{}" for name in map_outlines.FILES})
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    map_outlines.verify(data, digest)
    with pytest.raises(ValueError, match="does not match"):
        map_outlines.verify(data + b"x", digest)
    map_outlines.extract(data, tmp_path)
    assert map_outlines.installed(tmp_path)


def test_an_archive_without_the_files_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no dist/world_110m.json"):
        map_outlines.extract(_archive({"other.json": b"{}"}), tmp_path)
