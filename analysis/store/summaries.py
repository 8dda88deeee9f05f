"""The summary tables, kept exact as claims are written and deleted.

The dashboard's aggregates are kept as claims are written, so that reading them does not
grow with the store. Only asserted claims count. A "cell" is (theater, supporter,
supporter_type, target, relation); `articles` is the number of distinct articles with at
least one claim in it. Each article adds each of its distinct cells once, and its removal
takes the same back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import groupby
from operator import itemgetter

from sqlalchemy import (
    Date,
    Integer,
    Table,
    and_,
    bindparam,
    case,
    delete,
    distinct,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from analysis.store.schema import (
    CELL_KEY,
    EVENT_KEY,
    REPORT_TABLES,
    SUMMARY_TABLES,
    article_counts,
    article_theaters,
    articles,
    cell_events,
    cell_months,
    cell_outlets,
    cells,
    claims,
)
from analysis.text import to_date

MONTH_KEY = (*CELL_KEY, "month")
# The claim columns `event_key` reads besides the cell's.
EVENT_COLUMNS = (
    claims.c.status,
    claims.c.phase,
    claims.c.event_start,
    claims.c.event_end,
    claims.c.date,
)

# The column of each summary table that flags rows a plain sum would over-count:
# `cells.multi_month` (an article's claims of the cell fall in several months) and
# `cell_months.shared` (an article adds to another row of the same pair and month).
FLAG_COLUMN = {cells.name: "multi_month", cell_months.name: "shared"}


@dataclass
class Share:
    """What one article adds to one summary row: its claims there, their first and last
    date, and the row's flag (see FLAG_COLUMN) for this article."""

    claims: int = 0
    first: date | None = None
    last: date | None = None
    flag: int = 0

    def count(self, day: date | None) -> None:
        self.claims += 1
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)


def event_months(row: Mapping) -> tuple[date, date] | None:
    """The months a claim's act spans, as the Timeline reads it: from the first day of the
    month of its first day to the last day of the month of its last day (its event bounds,
    one standing for the other, else its date); None with no day at all."""
    day = to_date(row["date"])
    start, end = to_date(row.get("event_start")), to_date(row.get("event_end"))
    first, last = start or end or day, end or start or day
    if first is None:
        return None
    following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return first.replace(day=1), following - timedelta(days=1)


def event_key(row: Mapping) -> tuple | None:
    """The `cell_events` row (EVENT_KEY) an asserted claim adds to, or None."""
    months = event_months(row) if row["status"] == "asserted" else None
    if months is None:
        return None
    return (*(row[k] for k in CELL_KEY), row.get("phase") or "active", *months)


@dataclass
class EventShare:
    """What claims add to one `cell_events` row: distinct articles, claims, and the lowest
    and highest article."""

    articles: set
    claims: int = 0

    def row(self) -> dict:
        ids = self.articles
        return {
            "evidence": len(ids),
            "claims": self.claims,
            "first_id": min(ids),
            "last_id": max(ids),
        }


def tally_events(rows: Iterable[Mapping]) -> dict[tuple, EventShare]:
    """Claims (with `article_id`) summed per `cell_events` row: for one article as it is
    written, for a rebuild, and for the Timeline's reads that cannot use the table."""
    out: dict[tuple, EventShare] = {}
    for row in rows:
        key = event_key(row)
        if key is not None:
            share = out.setdefault(key, EventShare(set()))
            share.articles.add(row["article_id"])
            share.claims += 1
    return out


def _summarise(rows: Iterable[Mapping]) -> tuple[dict, dict, set]:
    """One article's shares: {cell: Share}, {cell + (month,): Share} and its
    (theater, outside) pairs."""
    by_cell: dict[tuple, Share] = {}
    by_month: dict[tuple, Share] = {}
    months: dict[tuple, set] = {}
    sides: set[tuple[str, bool]] = set()
    for row in rows:
        if row["status"] != "asserted":
            continue
        key = tuple(row[k] for k in CELL_KEY)
        day, month = to_date(row["date"]), row["month"] or ""
        by_cell.setdefault(key, Share()).count(day)
        by_month.setdefault((*key, month), Share()).count(day)
        months.setdefault(key, set()).add(month)
        sides.add((row["theater"], row["supporter_type"] != "faction"))
    for key, found in months.items():
        by_cell[key].flag = int(len(found) > 1)
    groups: dict[tuple, int] = {}
    for _, supporter, _, target, relation, month in by_month:
        group = (supporter, target, relation, month)
        groups[group] = groups.get(group, 0) + 1
    for (_, supporter, _, target, relation, month), share in by_month.items():
        share.flag = int(groups[(supporter, target, relation, month)] > 1)
    return by_cell, by_month, sides


def update_summaries(conn: Connection, article_id: int, rows, *, sign: int) -> None:
    """Add (sign=1) or take away (sign=-1) one article's claims `rows` in the summaries.

    Taking away runs after the claims are deleted, so that first/last dates are recomputed
    without them."""
    by_cell, by_month, sides = _summarise(rows)
    for key, share in by_month.items():
        _change(conn, cell_months, dict(zip(MONTH_KEY, key, strict=True)), share, sign=sign)
    for key, share in by_cell.items():
        _change(conn, cells, dict(zip(CELL_KEY, key, strict=True)), share, sign=sign)
    cells_of_article = {tuple(r[k] for k in CELL_KEY) for r in rows if r["status"] == "asserted"}
    if cells_of_article:
        outlet = conn.execute(_OUTLET_OF, {"article_id": article_id}).scalar()
        for key in cells_of_article:
            _change_outlet(
                conn, {**dict(zip(CELL_KEY, key, strict=True)), "outlet": outlet or ""}, sign
            )
    for key, share in tally_events({**r, "article_id": article_id} for r in rows).items():
        _change_event(
            conn, dict(zip(EVENT_KEY, key, strict=True)), article_id, share.claims, sign=sign
        )
    for key in count_keys(sides):
        _change_count(conn, key, sign)
    t = article_theaters
    if sign > 0:
        if sides:
            conn.execute(
                insert(t),
                [{"article_id": article_id, "theater": th, "outside": o} for th, o in sides],
            )
    else:
        conn.execute(delete(t).where(t.c.article_id == article_id))


# `article_counts.scope`: every stored article, those with an asserted claim, those with
# an asserted claim of an outside actor.
STORED, WITH_CLAIMS, WITH_OUTSIDE = "stored", "claims", "outside"


def count_keys(sides: Iterable[tuple[str, bool]]) -> set[tuple[str, str]]:
    """The `article_counts` rows (theater, scope) an article with claims on `sides`
    ((theater, outside) pairs, as in `article_theaters`) counts in; theater "" is all."""
    sides = set(sides)
    keys = {(theater, WITH_CLAIMS) for theater, _ in sides}
    keys |= {(theater, WITH_OUTSIDE) for theater, outside in sides if outside}
    if sides:
        keys.add(("", WITH_CLAIMS))
    if any(outside for _, outside in sides):
        keys.add(("", WITH_OUTSIDE))
    return keys


def count_stored_article(conn: Connection) -> None:
    """One stored article more in `article_counts` (articles are never deleted)."""
    _change_count(conn, ("", STORED), 1)


def _change_count(conn: Connection, key: tuple[str, str], sign: int) -> None:
    """One article more (sign=1) or less (sign=-1) in a row of `article_counts`; a row
    left at 0 is deleted, as a rebuild would not write it."""
    params = {"key_theater": key[0], "key_scope": key[1], "add": sign}
    changed = conn.execute(_ADD_COUNT, params).rowcount
    t = article_counts.c
    if sign > 0 and not changed:
        conn.execute(insert(article_counts), {"theater": key[0], "scope": key[1], "articles": 1})
    elif sign < 0:
        conn.execute(
            delete(article_counts).where(t.theater == key[0], t.scope == key[1], t.articles <= 0)
        )


def _change(conn: Connection, table: Table, key: dict, share: Share, *, sign: int) -> None:
    """Add (sign=1) or take away (sign=-1) one article's `share` in the row `key` of
    `table`; a row left without claims is deleted, and one whose first or last date was
    this article's gets its dates recomputed."""
    t = table.c
    flag = FLAG_COLUMN[table.name]
    first, last = share.first, share.last
    if sign > 0:
        params = {**_keyed(key), "add_claims": share.claims, "add_flag": share.flag}
        if first is not None:
            params.update(add_first=first, add_last=last)
        if not conn.execute(_add_to_row(table.name, first is not None), params).rowcount:
            row = {**key, "articles": 1, "claims": share.claims, "first": first, "last": last}
            conn.execute(insert(table), {**row, flag: share.flag})
        return
    where = [t[k] == v for k, v in key.items()]
    values = {
        "articles": t.articles + sign,
        "claims": t.claims + sign * share.claims,
        flag: t[flag] + sign * share.flag,
    }
    conn.execute(update(table).where(*where).values(values))
    left = conn.execute(select(t.claims, t.first, t["last"]).where(*where)).first()
    if left is None:
        return
    if left.claims <= 0:
        conn.execute(delete(table).where(*where))
    elif first is not None and (left.first == first or left.last == last):
        conn.execute(
            update(table)
            .where(*where)
            .values(dict(zip(("first", "last"), _bounds(conn, key), strict=True)))
        )


def _change_outlet(conn: Connection, key: dict, sign: int) -> None:
    """One article more or less in a row of `cell_outlets`; a row left at 0 is deleted."""
    t = cell_outlets.c
    if sign > 0:
        if not conn.execute(_add_to_row(cell_outlets.name, False), _keyed(key)).rowcount:
            conn.execute(insert(cell_outlets), {**key, "articles": 1})
        return
    where = [t[k] == v for k, v in key.items()]
    conn.execute(update(cell_outlets).where(*where).values(articles=t.articles + sign))
    conn.execute(delete(cell_outlets).where(*where, t.articles <= 0))


def _change_event(conn: Connection, key: dict, article_id: int, n: int, *, sign: int) -> None:
    """Add or take away one article's `n` claims in a row of `cell_events`; a row left
    without claims is deleted, and one whose first or last article was this one gets them
    recomputed from the claims."""
    t = cell_events.c
    if sign > 0:
        params = {**_keyed(key), "add_claims": n, "add_article": article_id}
        if not conn.execute(_add_to_row(cell_events.name, False), params).rowcount:
            row = {**key, "evidence": 1, "claims": n, "first_id": article_id}
            conn.execute(insert(cell_events), {**row, "last_id": article_id})
        return
    where = [t[k] == v for k, v in key.items()]
    values = {"evidence": t.evidence + sign, "claims": t.claims + sign * n}
    conn.execute(update(cell_events).where(*where).values(values))
    left = conn.execute(select(t.claims, t.first_id, t.last_id).where(*where)).first()
    if left is None:
        return
    if left.claims <= 0:
        conn.execute(delete(cell_events).where(*where))
    elif article_id in (left.first_id, left.last_id):
        c = claims.c
        found = conn.execute(
            select(*(c[k] for k in CELL_KEY), *EVENT_COLUMNS, c.article_id).where(
                *[c[k] == key[k] for k in CELL_KEY], c.status == "asserted"
            )
        ).mappings()
        share = tally_events(found)[tuple(key[k] for k in EVENT_KEY)]
        conn.execute(update(cell_events).where(*where).values(share.row()))


# An article's additions run the same few statements thousands of times in an ingest: they
# are built once, with bound parameters, rather than as new expressions per row (building
# them was most of the store's time). The parameters are the key's columns as `key_<name>`
# and the amounts as `add_<what>`, names no column has.
_OUTLET_OF = select(articles.c.outlet).where(articles.c.id == bindparam("article_id"))


_ADD_COUNT = (
    update(article_counts)
    .where(
        article_counts.c.theater == bindparam("key_theater"),
        article_counts.c.scope == bindparam("key_scope"),
    )
    .values(articles=article_counts.c.articles + bindparam("add", type_=Integer))
)


def _keyed(key: dict) -> dict:
    return {f"key_{name}": value for name, value in key.items()}


@cache
def _add_to_row(table_name: str, dated: bool):
    """UPDATE adding one article to a row of a summary table (and widening its dates when
    `dated`); its rowcount is 0 when the row is new."""
    table = {t.name: t for t in (cells, cell_months, cell_outlets, cell_events)}[table_name]
    t = table.c
    keys = {
        cells.name: CELL_KEY,
        cell_months.name: MONTH_KEY,
        cell_outlets.name: (*CELL_KEY, "outlet"),
        cell_events.name: EVENT_KEY,
    }[table_name]
    where = [t[k] == bindparam(f"key_{k}", type_=t[k].type) for k in keys]
    if table is cell_outlets:
        return update(table).where(*where).values(articles=t.articles + 1)
    claims_added = bindparam("add_claims", type_=Integer)
    if table is cell_events:
        article = bindparam("add_article", type_=Integer)
        return (
            update(table)
            .where(*where)
            .values(
                evidence=t.evidence + 1,
                claims=t.claims + claims_added,
                first_id=case((t.first_id > article, article), else_=t.first_id),
                last_id=case((t.last_id < article, article), else_=t.last_id),
            )
        )
    flag = FLAG_COLUMN[table.name]
    values = {
        "articles": t.articles + 1,
        "claims": t.claims + claims_added,
        flag: t[flag] + bindparam("add_flag", type_=Integer),
    }
    if dated:
        first, last = bindparam("add_first", type_=Date), bindparam("add_last", type_=Date)
        values["first"] = case((t.first.is_(None), first), (t.first > first, first), else_=t.first)
        values["last"] = case(
            (t["last"].is_(None), last), (t["last"] < last, last), else_=t["last"]
        )
    return update(table).where(*where).values(values)


def _bounds(conn: Connection, key: dict) -> tuple:
    """First and last date of a summary row, from the rows under it: a cell's months, or
    the claims of a cell-month."""
    if "month" not in key:
        m = cell_months.c
        return conn.execute(
            select(func.min(m.first), func.max(m["last"])).where(
                *[m[k] == v for k, v in key.items()]
            )
        ).one()
    c = claims.c
    conds = [c.status == "asserted", *[c[k] == key[k] for k in CELL_KEY]]
    conds.append(c.month == key["month"] if key["month"] else c.month.is_(None))
    return conn.execute(select(func.min(c.date), func.max(c.date)).where(*conds)).one()


def rebuild_summaries(conn: Connection, tables=SUMMARY_TABLES) -> None:
    """Refill the summary tables (all, or those of `tables`: REPORT_TABLES or EVENT_TABLES)
    from the claims, one GROUP BY each: for the schema migrations and for stores whose
    claims were written directly (tests, benchmarks)."""
    for table in tables:
        conn.execute(delete(table))
    if cell_events in tables:
        _rebuild_events(conn)
    if cell_outlets in tables:
        _rebuild_outlets(conn)
    if set(REPORT_TABLES) & set(tables):
        _rebuild_report_tables(conn)
    if article_counts in tables:  # after `article_theaters`, which it counts
        _rebuild_counts(conn)


def _rebuild_counts(conn: Connection) -> None:
    """`article_counts` from the articles and `article_theaters`, each article counted in
    the rows `count_keys` gives it, as when it was written."""
    totals: Counter[tuple[str, str]] = Counter()
    stored = conn.execute(select(func.count()).select_from(articles)).scalar_one()
    if stored:
        totals[("", STORED)] = stored
    a = article_theaters.c
    stmt = select(a.article_id, a.theater, a.outside).order_by(a.article_id)
    rows = conn.execute(stmt.execution_options(yield_per=REBUILD_BATCH))
    for _, sides in groupby(rows, key=itemgetter(0)):
        totals.update(count_keys((theater, outside) for _, theater, outside in sides))
    if totals:
        conn.execute(
            insert(article_counts),
            [{"theater": t, "scope": scope, "articles": n} for (t, scope), n in totals.items()],
        )


def _rebuild_outlets(conn: Connection) -> None:
    c, a = claims.c, articles.c
    keys = [c[k] for k in CELL_KEY]
    conn.execute(
        insert(cell_outlets).from_select(
            [*CELL_KEY, "outlet", "articles"],
            select(*keys, a.outlet, func.count(distinct(c.article_id)))
            .join_from(claims, articles, c.article_id == a.id)
            .where(c.status == "asserted")
            .group_by(*keys, a.outlet),
        )
    )


def _rebuild_events(conn: Connection) -> None:
    """`cell_events` from the claims, read in batches and summed in Python (the months of
    an event are not one SQL expression on every back-end)."""
    c = claims.c
    stmt = select(*(c[k] for k in CELL_KEY), *EVENT_COLUMNS, c.article_id).where(
        c.status == "asserted"
    )
    # The option goes on the statement: set on `conn` it would stay for the rest of the
    # transaction, and PostgreSQL cannot run the inserts below on a streaming cursor.
    rows = conn.execute(stmt.execution_options(yield_per=REBUILD_BATCH)).mappings()
    totals = tally_events(rows)
    batch = []
    for key, share in totals.items():
        batch.append({**dict(zip(EVENT_KEY, key, strict=True)), **share.row()})
        if len(batch) >= REBUILD_BATCH:
            conn.execute(insert(cell_events), batch)
            batch = []
    if batch:
        conn.execute(insert(cell_events), batch)


REBUILD_BATCH = 20_000


def _rebuild_report_tables(conn: Connection) -> None:
    c = claims.c
    keys = [c[k] for k in CELL_KEY]
    month = func.coalesce(c.month, "").label("month")
    asserted = c.status == "asserted"

    per = (
        select(
            *keys,
            func.count().label("n"),
            func.min(c.date).label("f"),
            func.max(c.date).label("l"),
            func.count(distinct(month)).label("m"),
        )
        .where(asserted)
        .group_by(*keys, c.article_id)
        .subquery()
    )
    pk = [per.c[k] for k in CELL_KEY]
    conn.execute(
        insert(cells).from_select(
            [*CELL_KEY, "articles", "claims", "first", "last", "multi_month"],
            select(
                *pk,
                func.count(),
                func.sum(per.c.n),
                func.min(per.c.f),
                func.max(per.c.l),
                func.sum(case((per.c.m > 1, 1), else_=0)),
            ).group_by(*pk),
        )
    )

    am = (
        select(
            *keys,
            month,
            c.article_id,
            func.count().label("n"),
            func.min(c.date).label("f"),
            func.max(c.date).label("l"),
        )
        .where(asserted)
        .group_by(*keys, month, c.article_id)
        .cte("am")
    )
    group = ("article_id", "supporter", "target", "relation", "month")
    multi = (
        select(*[am.c[k] for k in group])
        .group_by(*[am.c[k] for k in group])
        .having(func.count() > 1)
        .subquery()
    )
    mk = [am.c[k] for k in (*CELL_KEY, "month")]
    joined = am.outerjoin(multi, and_(*[am.c[k] == multi.c[k] for k in group]))
    conn.execute(
        insert(cell_months).from_select(
            [*CELL_KEY, "month", "articles", "claims", "first", "last", "shared"],
            select(
                *mk,
                func.count(),
                func.sum(am.c.n),
                func.min(am.c.f),
                func.max(am.c.l),
                func.sum(case((multi.c.article_id.is_not(None), 1), else_=0)),
            )
            .select_from(joined)
            .group_by(*mk),
        )
    )
    conn.execute(
        insert(article_theaters).from_select(
            ["article_id", "theater", "outside"],
            select(c.article_id, c.theater, c.supporter_type != "faction")
            .where(asserted)
            .distinct(),
        )
    )
