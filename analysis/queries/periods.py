"""Periods of support and opposition, and the real changes between them.

A claim says that a relation held over its event time (`event_start`..`event_end`, see
`analysis.models.Claim`), or that it ended then (`phase` "ended"). For each actor → faction
pair and relation, evidence is laid on a time line:

- a **period** opens at the first evidence and stays open while evidence keeps coming: the
  next evidence starts no later than the theater's `gap_months` (data/theaters.csv) after
  the period's end;
- it **closes** at an ended claim ("stopped arming the rebels in 2017") that falls within a
  gap of it, or after a gap with no evidence ("lapsed"); the last period of a pair is "open"
  when its end is within a gap of the newest evidence of the selection;
- an ended claim with no period before it is a period of its own, a single day long.

The **changes** of a pair are what an analyst asks about: support that ended, support that
resumed after ending, and support that turned into opposition (or back), where the second
period begins after the first has closed. Overlapping periods of both relations are mixed
evidence, not a change.

Periods are drawn by month: a claim's event time is widened to whole months (from the first
of its first month to the end of its last), which keeps the summary small and is as fine
as news dating allows. A period's `evidence` counts reports: the distinct (article, months
of event time) of its claims, so one article that dates two acts of the pair in different
months counts twice, and two claims of one sentence once.
The evidence is read grouped by pair, relation, phase and event time from the summary table
`cell_events` (kept as claims are written, like the matrix's `cells`), so the rows read grow
with the distinct dates of evidence, not with the claims; filters the summary cannot answer
(a date range of reports, a confidence, outlets) read the claims instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from analysis.kb import DEFAULT_GAP_MONTHS, load_theaters
from analysis.queries.claims import CLAIM_COLUMNS, claims_select, read_frame
from analysis.queries.filters import OPPOSES, SUPPORTS, Filters, cell_conditions, conditions
from analysis.store import CELL_KEY, articles, cell_events, claims
from analysis.store.summaries import EVENT_COLUMNS, tally_events

PERIOD_COLUMNS = (
    "supporter",
    "target",
    "theater",
    "relation",
    "start",
    "end",
    "evidence",  # reports: distinct (article, months of event time) of its claims
    "claims",
    "closed_by",  # "ended", "lapsed" or "open"
    "first_article",
    "last_article",
    "first_title",
    "last_title",
)
CHANGE_COLUMNS = ("when", "supporter", "target", "theater", "change", "before", "after", "evidence")
ENDED = "ended"
LAPSED = "lapsed"
OPEN = "open"


@dataclass
class _Evidence:
    start: date
    end: date
    phase: str
    evidence: int
    claims: int
    first_id: int
    last_id: int


@dataclass
class _Period:
    start: date
    end: date
    evidence: int = 0
    claims: int = 0
    first_id: int = 0
    last_id: int = 0
    closed_by: str = OPEN

    def add(self, e: _Evidence, *, extend: bool = True) -> None:
        if extend:
            self.end = max(self.end, e.end)
        self.evidence += e.evidence
        self.claims += e.claims
        self.first_id = self.first_id or e.first_id
        self.last_id = e.last_id


def gap_days(theater: str, gaps: dict[str, int] | None = None) -> int:
    """The theater's gap, in days, from `gaps` (months by theater) or theaters.csv."""
    if gaps is None:
        gaps = {name: t.gap_months for name, t in load_theaters().items()}
    return round(gaps.get(theater, DEFAULT_GAP_MONTHS) * 30.44)


EVIDENCE_COLUMNS = ["supporter", "target", "theater", "relation", "phase", "start", "end"]
EVIDENCE_COLUMNS += ["evidence", "claims", "first_id", "last_id"]


def _evidence(engine: Engine, f: Filters) -> pd.DataFrame:
    """The claims of `f` grouped by pair, relation, phase and event time: from the summary
    table `cell_events` unless a filter needs the claims themselves (a date range of
    reports, a confidence, outlets). A group whose summary rows come from two supporter
    types (one actor counted as a faction and as a state) is recounted from the claims, so
    that an article is counted once."""
    if f.min_confidence > 0 or f.outlets or f.date_from or f.date_to:
        rows = _evidence_from_claims(engine, f)
    else:
        rows = _evidence_from_summary(engine, f)
    df = pd.DataFrame([tuple(r) for r in rows], columns=EVIDENCE_COLUMNS)
    for name in ("start", "end"):
        df[name] = df[name].map(_as_date)
    return df.sort_values(["supporter", "target", "theater", "relation", "start", "end"])


def _evidence_from_summary(engine: Engine, f: Filters) -> list[tuple]:
    t = cell_events.c
    keys = [t.supporter, t.target, t.theater, t.relation, t.phase, t.ev_start, t.ev_end]
    stmt = (
        select(
            *keys,
            func.sum(t.evidence),
            func.sum(t.claims),
            func.min(t.first_id),
            func.max(t.last_id),
            func.count(),
        )
        .where(*cell_conditions(t, f))
        .group_by(*keys)
    )
    with engine.connect() as conn:
        found = conn.execute(stmt).all()
    rows = [tuple(r[:-1]) for r in found if r[-1] == 1]
    recount = [tuple(r[:7]) for r in found if r[-1] > 1]
    if recount:
        rows += _evidence_from_claims(engine, f, only=recount)
    return rows


def _evidence_from_claims(engine: Engine, f: Filters, *, only: list[tuple] | None = None):
    """The same groups summed from the claims themselves (all, or the groups `only`), by
    the rule the summary table is kept with (`summaries.tally_events`), every supporter
    type together."""
    c = claims.c
    stmt = select(*(c[k] for k in CELL_KEY), *EVENT_COLUMNS, c.article_id).where(*conditions(f))
    wanted = set(only) if only is not None else None
    with engine.connect() as conn:
        found = conn.execution_options(yield_per=5000).execute(stmt).mappings()
        totals = tally_events({**r, "supporter_type": ""} for r in found)
    rows = []
    for key, share in totals.items():
        theater, supporter, _, target, relation, phase, start, end = key
        group = (supporter, target, theater, relation, phase, start, end)
        if wanted is None or group in wanted:
            found = share.row()
            rows.append(
                (*group, *(found[k] for k in ("evidence", "claims", "first_id", "last_id")))
            )
    return rows


def _event_bounds():
    """A claim's first and last day as SQL expressions: its event time, one bound standing
    for the other when only one is known, else the claim's date."""
    c = claims.c
    return (
        func.coalesce(c.event_start, c.event_end, c.date),
        func.coalesce(c.event_end, c.event_start, c.date),
    )


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def periods(engine: Engine, f: Filters, *, gaps: dict[str, int] | None = None) -> pd.DataFrame:
    """One row per period of support or opposition of each pair (PERIOD_COLUMNS), by
    theater, pair and start. `gaps` (months by theater) overrides theaters.csv."""
    evidence = _evidence(engine, f)
    if evidence.empty:
        return pd.DataFrame(columns=list(PERIOD_COLUMNS))
    horizon = evidence["end"].max()
    rows = []
    keys = ["supporter", "target", "theater", "relation"]
    for key, group in evidence.groupby(keys, sort=True):
        gap = timedelta(days=gap_days(key[2], gaps))
        items = [
            _Evidence(r.start, r.end, r.phase, r.evidence, r.claims, r.first_id, r.last_id)
            for r in group.itertuples(index=False)
        ]
        for p in _periods_of(items, gap, horizon):
            rows.append(
                (*key, p.start, p.end, p.evidence, p.claims, p.closed_by, p.first_id, p.last_id)
            )
    df = pd.DataFrame(
        rows,
        columns=[
            *keys,
            "start",
            "end",
            "evidence",
            "claims",
            "closed_by",
            "first_article",
            "last_article",
        ],
    )
    titles = _titles(engine, set(df["first_article"]) | set(df["last_article"]))
    df["first_title"] = df["first_article"].map(titles)
    df["last_title"] = df["last_article"].map(titles)
    df = df.sort_values(["theater", "supporter", "target", "start", "relation"], ignore_index=True)
    return df[list(PERIOD_COLUMNS)]


def _periods_of(items: list[_Evidence], gap: timedelta, horizon: date) -> list[_Period]:
    """The periods of one pair and relation from its evidence (sorted by start)."""
    done: list[_Period] = []
    current: _Period | None = None

    # An ending is known to have happened by the end of its time ("in 2017": by December);
    # evidence dated before that is part of the period it closes.
    def order(e: _Evidence) -> tuple:
        return (e.end, 1) if e.phase == ENDED else (e.start, 0)

    for e in sorted(items, key=order):
        if e.phase == ENDED:
            if current is not None and e.start - current.end <= gap:
                current.end = min(max(current.end, e.start), e.end)
                current.add(e, extend=False)
                current.closed_by = ENDED
                done.append(current)
            else:
                if current is not None:
                    current.closed_by = LAPSED
                    done.append(current)
                alone = _Period(e.start, e.start, closed_by=ENDED)
                alone.add(e, extend=False)
                done.append(alone)
            current = None
            continue
        if current is not None and e.start - current.end <= gap:
            current.add(e)
            continue
        if current is not None:
            current.closed_by = LAPSED
            done.append(current)
        current = _Period(e.start, e.end)
        current.add(e)
    if current is not None:
        current.closed_by = OPEN if horizon - current.end <= gap else LAPSED
        done.append(current)
    return done


def _titles(engine: Engine, ids: set) -> dict:
    ids = {int(i) for i in ids if i}
    if not ids:
        return {}
    a = articles.c
    with engine.connect() as conn:
        rows = conn.execute(select(a.id, a.title, a.source).where(a.id.in_(sorted(ids)))).all()
    return {i: title or source for i, title, source in rows}


def period_claims(
    engine: Engine,
    f: Filters,
    *,
    supporter: str,
    target: str,
    theater: str,
    relation: str,
    start: date,
    end: date,
    limit: int = 200,
) -> pd.DataFrame:
    """The claims behind a period or a change (CLAIM_COLUMNS), newest first: the pair's claims
    of `relation` whose event time meets `start`..`end` (an ended claim included)."""
    c = claims.c
    first, last = _event_bounds()
    conds = [
        *conditions(f),
        c.supporter == supporter,
        c.target == target,
        c.theater == theater,
        c.relation == relation,
        last >= start,
        first <= end,
    ]
    return read_frame(engine, claims_select(conds).limit(limit), CLAIM_COLUMNS)


def stance_changes(periods_df: pd.DataFrame) -> pd.DataFrame:
    """The real changes of each pair (CHANGE_COLUMNS), oldest first: "supports ended",
    "supports resumed", "supports → opposes" and the same for opposition."""
    if periods_df.empty:
        return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    rows = []
    for (sup, tgt, theater), group in periods_df.groupby(
        ["supporter", "target", "theater"], sort=True
    ):
        ordered = list(group.sort_values(["start", "end"]).itertuples(index=False))
        for i, p in enumerate(ordered):
            if p.closed_by == ENDED:
                rows.append(
                    (p.end, sup, tgt, theater, f"{p.relation} ended", p.relation, ENDED, p.evidence)
                )
            before = _latest_closed_before(ordered[:i], p.start)
            if before is None:
                continue
            if before.relation != p.relation:
                change = f"{before.relation} → {p.relation}"
                rows.append(
                    (p.start, sup, tgt, theater, change, before.relation, p.relation, p.evidence)
                )
            elif before.closed_by == ENDED:
                change = f"{p.relation} resumed"
                rows.append((p.start, sup, tgt, theater, change, ENDED, p.relation, p.evidence))
    df = pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))
    return df.sort_values(["when", "supporter", "target"], ignore_index=True)


def _latest_closed_before(earlier: list, start: date):
    """The period that was the pair's latest stance when a period opens at `start`: the last
    one to close before it. None when a period of the pair still overlaps `start` (mixed
    evidence rather than a change) or none came before."""
    if any(p.end >= start for p in earlier):
        return None
    return max(earlier, key=lambda p: p.end, default=None)


__all__ = [
    "CHANGE_COLUMNS",
    "OPPOSES",
    "PERIOD_COLUMNS",
    "SUPPORTS",
    "period_claims",
    "periods",
    "stance_changes",
]
