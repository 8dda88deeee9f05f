"""Build a store of synthetic articles and claims for scale tests of the dashboard.

    python bench/make_synthetic_store.py --articles 200000 --db /tmp/synthetic.db

Everything it writes is marked synthetic (outlet and flags "synthetic", titles "Synthetic
article N"); it is test data, not news. Claims are drawn from distributions shaped like real
coverage: per theater a weighted list of supporter → target pairs (Turkey → GNA, Russia →
LNA, Iran → Syrian government, US → SDF, Saudi Arabia → Yemeni government, ...), some
opposing relations and faction-vs-faction fighting, each pair active in its own years, and
dates from 2011 to 2024 with bursts where the wars were fiercest. Each article's text is the
sentences of its claims, so claim offsets point into it. The summary tables the dashboard
reads (`cells`, `cell_months`, `article_theaters`) are filled from the claims at the end.

Into SQLite, rows go in with `executemany` in large batches, with `PRAGMA synchronous=OFF`;
into PostgreSQL (`--db postgresql+psycopg://…`, an empty database), with COPY. Either way the
claim indexes are dropped during the load and rebuilt after: a million claims take about a
minute.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, insert  # noqa: E402

from analysis import store  # noqa: E402
from analysis.kb import load_kb  # noqa: E402

BATCH = 50_000
LABEL = "synthetic"

# theater, share of articles, and (start year, end year, weight) periods that shape its dates
THEATERS = {
    "Libya": (0.35, [(2011, 2011, 3.0), (2014, 2016, 1.5), (2019, 2020, 4.0), (2021, 2024, 0.8)]),
    "Syria": (0.45, [(2012, 2014, 2.0), (2015, 2016, 4.0), (2017, 2019, 2.5), (2020, 2024, 0.8)]),
    "Yemen": (0.20, [(2015, 2018, 3.0), (2019, 2022, 1.5), (2023, 2024, 2.0)]),
}
# theater: (supporter, relation, target, weight, first year, last year)
PAIRS = {
    "Libya": [
        ("NATO", "opposes", "LNA", 2, 2011, 2011),
        ("France", "supports", "LNA", 3, 2015, 2020),
        ("Turkey", "supports", "GNA", 12, 2019, 2024),
        ("Russia", "supports", "LNA", 10, 2015, 2024),
        ("Wagner Group", "supports", "LNA", 6, 2018, 2024),
        ("United Arab Emirates", "supports", "LNA", 9, 2014, 2024),
        ("Egypt", "supports", "LNA", 7, 2014, 2024),
        ("Qatar", "supports", "GNA", 3, 2014, 2024),
        ("Italy", "supports", "GNA", 3, 2016, 2024),
        ("United Nations", "supports", "GNA", 4, 2016, 2024),
        ("Turkey", "opposes", "LNA", 5, 2019, 2021),
        ("United Arab Emirates", "opposes", "GNA", 3, 2019, 2020),
        ("Egypt", "opposes", "GNA", 2, 2019, 2020),
        ("LNA", "opposes", "GNA", 6, 2014, 2022),
        ("United States", "opposes", "ISIS", 2, 2015, 2017),
    ],
    "Syria": [
        ("Russia", "supports", "Syrian government", 14, 2012, 2024),
        ("Iran", "supports", "Syrian government", 12, 2012, 2024),
        ("Hezbollah", "supports", "Syrian government", 7, 2013, 2024),
        ("Iran-backed militias", "supports", "Syrian government", 4, 2013, 2024),
        ("Russia", "opposes", "Syrian opposition", 8, 2015, 2024),
        ("United States", "supports", "SDF", 9, 2015, 2024),
        ("Global Coalition against ISIS", "opposes", "ISIS", 6, 2014, 2019),
        ("United States", "opposes", "ISIS", 5, 2014, 2019),
        ("Turkey", "opposes", "SDF", 8, 2016, 2024),
        ("Turkey", "supports", "Syrian opposition", 8, 2012, 2024),
        ("Qatar", "supports", "Syrian opposition", 4, 2012, 2017),
        ("Saudi Arabia", "supports", "Syrian opposition", 4, 2012, 2017),
        ("United States", "supports", "Syrian opposition", 3, 2013, 2017),
        ("Israel", "opposes", "Syrian government", 3, 2013, 2024),
        ("United States", "opposes", "Syrian government", 3, 2017, 2018),
        ("European Union", "opposes", "Syrian government", 4, 2011, 2024),
        ("Syrian government", "opposes", "Syrian opposition", 8, 2011, 2024),
        ("SDF", "opposes", "ISIS", 4, 2015, 2019),
    ],
    "Yemen": [
        ("Saudi Arabia", "supports", "Yemeni government", 12, 2015, 2024),
        ("United Arab Emirates", "supports", "STC", 6, 2017, 2024),
        ("United Arab Emirates", "supports", "Yemeni government", 4, 2015, 2019),
        ("Iran", "supports", "Houthis", 10, 2014, 2024),
        ("Saudi Arabia", "opposes", "Houthis", 10, 2015, 2024),
        ("United States", "supports", "Yemeni government", 3, 2015, 2020),
        ("United States", "opposes", "Houthis", 4, 2023, 2024),
        ("United Kingdom", "opposes", "Houthis", 2, 2024, 2024),
        ("United States", "opposes", "AQAP", 4, 2011, 2024),
        ("Houthis", "opposes", "Yemeni government", 6, 2014, 2024),
    ],
}
KINDS = {
    "supports": ["", "", "weapons", "troops", "funding", "training", "air strikes", "diplomatic"],
    "opposes": ["", "fighting", "air strikes", "sanctions", "diplomatic"],
}
TEMPLATES = {
    "supports": [
        "{s} backs the {t}, officials said.",
        "{s} sent weapons and advisers to the {t} last month.",
        "Diplomats say {s} has long funded the {t}.",
        "The {t}, backed by {s}, pushed forward on several fronts.",
    ],
    "opposes": [
        "{s} struck positions held by the {t} overnight.",
        "{s} imposed sanctions on leaders of the {t}.",
        "Forces of the {t} were attacked by {s} near the front line.",
    ],
}
STATUSES = (["asserted"] * 17) + ["negated", "hypothetical", "asserted"]


def _sentence(rng: random.Random, supporter: str, relation: str, target: str):
    """A claim sentence and the offsets of the two names inside it."""
    template = rng.choice(TEMPLATES[relation])
    text = template.format(s=supporter, t=target)
    first, second = ("s", "t") if template.index("{s}") < template.index("{t}") else ("t", "s")
    names = {"s": supporter, "t": target}
    a = template.index("{" + first + "}")
    b = text.index(names[second], a + len(names[first]))
    spans = {first: (a, a + len(names[first])), second: (b, b + len(names[second]))}
    return text, spans["s"], spans["t"]


def _theater_dates(periods, rng: random.Random):
    """A function drawing a date from weighted year ranges (bursts of coverage)."""
    weights = [w * (end - start + 1) for start, end, w in periods]

    def draw() -> date:
        start, end, _ = rng.choices(periods, weights=weights)[0]
        first = date(start, 1, 1)
        return first + timedelta(days=rng.randrange((date(end, 12, 31) - first).days + 1))

    return draw


def check_pairs() -> None:
    """Every synthetic pair names knowledge-base actors, the target a faction of the theater."""
    kb = load_kb()
    for theater, pairs in PAIRS.items():
        for supporter, _, target, *_ in pairs:
            if supporter not in kb.actors or target not in kb.factions(theater):
                raise SystemExit(f"synthetic pair {supporter} → {target} ({theater}) not in KB")


def generate(n_articles: int, *, claims_per_article: float, seed: int):
    """Yield (article row, [claim rows]) for `n_articles` synthetic articles."""
    kb = load_kb()
    rng = random.Random(seed)
    names = list(THEATERS)
    shares = [THEATERS[t][0] for t in names]
    draw_date = {t: _theater_dates(THEATERS[t][1], rng) for t in names}
    now = datetime.now(UTC).replace(tzinfo=None)
    types = {(t, s): kb.supporter_type(s, t) for t, pairs in PAIRS.items() for s, *_ in pairs}
    for i in range(1, n_articles + 1):
        theater = rng.choices(names, weights=shares)[0]
        day = draw_date[theater]()
        active = [p for p in PAIRS[theater] if p[4] <= day.year <= p[5]] or PAIRS[theater]
        weights = [p[3] for p in active]
        k = max(1, round(rng.expovariate(1 / claims_per_article)))
        undated = rng.random() < 0.02
        header = f"Synthetic article {i}. "
        sentences, claim_rows, offset = [], [], len(header)
        for pair in rng.choices(active, weights=weights, k=k):
            supporter, relation, target = pair[:3]
            text, (s0, s1), (t0, t1) = _sentence(rng, supporter, relation, target)
            status = rng.choice(STATUSES)
            claim_rows.append(
                (
                    f"synthetic://{i}",
                    supporter,
                    types[(theater, supporter)],
                    relation,
                    target,
                    theater,
                    rng.choice(KINDS[relation]),
                    text,
                    offset,
                    offset + len(text),
                    None if undated else day,
                    None if undated else day.strftime("%Y-%m"),
                    rng.random() < 0.15,
                    round(rng.uniform(0.6, 0.95), 2),
                    "active",  # phase, then the event time: the article's day
                    None if undated else day,
                    None if undated else day,
                    "" if undated else "day",
                    "" if undated else "article",
                    status,
                    LABEL,
                    "",
                    supporter,
                    target,
                    offset + s0,
                    offset + s1,
                    offset + t0,
                    offset + t1,
                    LABEL,
                )
            )
            sentences.append(text)
            offset += len(text) + 1
        text = header + " ".join(sentences)
        article = (
            store.content_hash(text),
            f"Synthetic article {i}",
            f"https://example.org/synthetic/{i}",
            LABEL,
            None if undated else day,
            None if undated else "metadata",
            f"synthetic://{i}",
            "en",
            LABEL,
            text,
            now,
            LABEL,
            False,
            "",  # dataset: none, the articles are made up
        )
        yield i, article, claim_rows


# The columns the rows above fill, in the tables' own order (all but the row ids).
ARTICLE_COLUMNS = tuple(c.name for c in store.articles.columns if c.name != "id")
CLAIM_COLUMNS = tuple(c.name for c in store.claims.columns if c.name not in {"id", "article_id"})


def _sql(table: str, columns: tuple[str, ...]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(columns))})"


def _plain(value):
    """sqlite3 stores dates and datetimes as SQLAlchemy does: ISO text."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def build(
    db: str, *, articles: int, claims_per_article: float = 5.0, seed: int = 0, replace=False
) -> dict:
    """Create the store at `db` (a SQLite file path, or the SQLAlchemy URL of an empty
    PostgreSQL database) and fill it; returns counts and seconds."""
    postgres = db.startswith("postgresql")
    if not postgres:
        path = Path(db)
        if path.exists():
            if not replace:
                raise SystemExit(f"{path} exists; pass --replace to overwrite it")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    check_pairs()
    started = time.perf_counter()
    engine = store.open_store(db)
    claim_indexes = list(store.claims.indexes)
    rows = generate(articles, claims_per_article=claims_per_article, seed=seed)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for index in claim_indexes:
            cur.execute(f'DROP INDEX IF EXISTS "{index.name}"')
        n_claims = (_copy_postgres if postgres else _insert_sqlite)(raw, cur, rows)
        raw.commit()
        loaded = time.perf_counter()
        for index in claim_indexes:
            cols = ", ".join(f'"{c.name}"' for c in index.columns)
            cur.execute(f'CREATE INDEX "{index.name}" ON claims ({cols})')
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    with store.write_transaction(engine) as conn:
        # The claims went in directly, so the dashboard's summary tables are filled here,
        # as the schema migration does, with one GROUP BY over the claims.
        store.rebuild_summaries(conn)
        store.bump(conn)
        conn.execute(delete(store.meta_table).where(store.meta_table.c.key == "synthetic"))
        conn.execute(insert(store.meta_table), {"key": "synthetic", "value": "1"})
    if postgres:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")  # the summary tables too, as autovacuum would
    engine.dispose()
    done = time.perf_counter()
    return {
        "articles": articles,
        "claims": n_claims,
        "load_seconds": loaded - started,
        "index_seconds": done - loaded,
        "seconds": done - started,
    }


def _insert_sqlite(raw, cur, rows) -> int:
    """SQLite: `executemany` in batches of BATCH claims, without waiting on the disk."""
    cur.execute("PRAGMA synchronous=OFF")
    article_sql = "INSERT INTO articles (id, {}) VALUES (?, {})".format(
        ", ".join(f'"{c}"' for c in ARTICLE_COLUMNS), ", ".join("?" * len(ARTICLE_COLUMNS))
    )
    claim_sql = _sql("claims", ("article_id", *CLAIM_COLUMNS))
    art_rows, claim_rows, n_claims = [], [], 0

    def flush() -> None:
        cur.executemany(article_sql, art_rows)
        cur.executemany(claim_sql, claim_rows)
        art_rows.clear()
        claim_rows.clear()

    for i, article, claims in rows:
        art_rows.append((i, *map(_plain, article)))
        claim_rows.extend((i, *map(_plain, row)) for row in claims)
        n_claims += len(claims)
        if len(claim_rows) >= BATCH:
            flush()
    flush()
    return n_claims


def _copy_postgres(raw, cur, rows) -> int:
    """PostgreSQL: the articles and the claims each stream in with one COPY (the claims
    through a temporary file, as one connection runs one COPY at a time), and the article
    ids' sequence is moved past the ids written here."""
    cols = ", ".join(f'"{c}"' for c in ARTICLE_COLUMNS)
    claim_cols = ", ".join(f'"{c}"' for c in ("article_id", *CLAIM_COLUMNS))
    n_claims = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        with cur.copy(f"COPY articles (id, {cols}) FROM STDIN") as copy:
            for i, article, claims in rows:
                copy.write_row((i, *article))
                for row in claims:
                    spool.write(_copy_line((i, *row)))
                n_claims += len(claims)
        spool.seek(0)
        with cur.copy(f"COPY claims ({claim_cols}) FROM STDIN") as copy:
            while block := spool.read(1 << 20):
                copy.write(block)
    cur.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), max(id)) FROM articles")
    return n_claims


def _copy_line(values) -> str:
    """One row in COPY's text format: tab-separated, \\N for NULL, t/f for booleans."""
    return "\t".join(_copy_value(v) for v in values) + "\n"


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = _plain(value) if isinstance(value, date | datetime) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="how many articles")
    parser.add_argument(
        "--db", required=True, help="SQLite file to create, or an empty PostgreSQL database's URL"
    )
    parser.add_argument(
        "--claims-per-article", type=float, default=5.0, help="mean claims per article (5)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--replace", action="store_true", help="overwrite an existing file")
    args = parser.parse_args(argv)
    result = build(
        args.db,
        articles=args.articles,
        claims_per_article=args.claims_per_article,
        seed=args.seed,
        replace=args.replace,
    )
    print(
        f"synthetic store {args.db}: {result['articles']} articles, {result['claims']} claims "
        f"in {result['seconds']:.1f} s (rows {result['load_seconds']:.1f} s, "
        f"indexes and summaries {result['index_seconds']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
