"""Where the evidence points: the towns named in the evidence sentences of the selected
claims (`analysis.places`), counted per town and relation, and the claims behind a town.

The towns are read from the sentences when asked, from the newest `limit` claims of the
selection (the page says how many it read), so the Map costs the same on any store size.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Engine

from analysis.places import places_in
from analysis.queries.claims import CLAIM_COLUMNS, claims_select, read_frame
from analysis.queries.filters import Filters, conditions

PLACE_COLUMNS = (
    "place",
    "theater",
    "lat",
    "lon",
    "relation",
    "claims",
    "articles",
    "pairs",  # the actor → faction pairs of its claims, most claims first
)
READ_LIMIT = 5000  # claims read for the map, newest first


def _claims_with_places(engine: Engine, f: Filters, limit: int) -> pd.DataFrame:
    found = read_frame(engine, claims_select(conditions(f)).limit(limit), CLAIM_COLUMNS)
    found["places"] = [
        places_in(sentence, theater)
        for sentence, theater in zip(found["sentence"], found["theater"], strict=True)
    ]
    return found


def evidence_places(engine: Engine, f: Filters, *, limit: int = READ_LIMIT) -> pd.DataFrame:
    """One row per (town, relation) named in the evidence of the newest `limit` claims
    matching `f` (PLACE_COLUMNS), most claims first; `attrs["read"]` is how many claims
    were read."""
    found = _claims_with_places(engine, f, limit)
    rows = []
    for claim in found.itertuples(index=False):
        for place in claim.places:
            pair = f"{claim.supporter} → {claim.target}"
            rows.append(
                (place.name, place.theater, place.lat, place.lon, claim.relation,
                 claim.article_id, pair)
            )  # fmt: skip
    columns = ["place", "theater", "lat", "lon", "relation", "article_id", "pair"]
    flat = pd.DataFrame(rows, columns=columns)
    if flat.empty:
        out = pd.DataFrame(columns=list(PLACE_COLUMNS))
    else:
        keys = ["place", "theater", "lat", "lon", "relation"]
        out = flat.groupby(keys, as_index=False).agg(
            claims=("pair", "size"),
            articles=("article_id", "nunique"),
            pairs=("pair", lambda s: ", ".join(s.value_counts().index[:5])),
        )
        out = out.sort_values(["claims", "place"], ascending=[False, True], ignore_index=True)
    out.attrs["read"] = len(found)
    return out[list(PLACE_COLUMNS)]


def place_claims(
    engine: Engine, f: Filters, *, place: str, relation: str | None = None, limit: int = READ_LIMIT
) -> pd.DataFrame:
    """The claims (CLAIM_COLUMNS) among the newest `limit` of `f` whose evidence names the
    town `place` (and of `relation`, when given), newest first."""
    found = _claims_with_places(engine, f, limit)
    keep = [
        any(p.name == place for p in places) and (relation is None or rel == relation)
        for places, rel in zip(found["places"], found["relation"], strict=True)
    ]
    return found[keep].drop(columns="places").reset_index(drop=True)
