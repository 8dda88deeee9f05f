"""Big texts and long batches do not block (issue 14).

A text over the big-text size (a setting; a few thousand characters here, so the tests stay
fast) is taken after the small articles of its batch and streamed through the extractor in
parts, each part reported; the small ones are committed before it, and it is committed
once with all its claims. The upload page's background job is in test_upload_job.py.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from analysis import config
from analysis.__main__ import main
from analysis.ingest import ingest_articles, ingest_uploads
from analysis.models import Article
from analysis.pipeline import extract_articles, split_text
from analysis.store import count_articles

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_robustness import BAD_FILES, GOOD  # noqa: E402

BIG = 1000  # characters: over this a text is big in these tests
SUPPORTERS = ["Turkey", "Russia", "Egypt", "Qatar", "France", "Italy", "Sudan"]
TARGETS = ["GNA", "LNA", "HoR"]


def claim_text(paragraphs: int) -> str:
    """A text made of claim-bearing sentences, several to a paragraph."""
    out = []
    for p in range(paragraphs):
        sentences = [
            f"{SUPPORTERS[(p + k) % len(SUPPORTERS)]} backs {TARGETS[(p * 3 + k) % 3]} "
            f"in report {p}-{k}, officials said."
            for k in range(4)
        ]
        out.append(" ".join(sentences))
    return "\n\n".join(out)


@pytest.fixture(name="big_setting")
def big_setting_fixture(monkeypatch):
    monkeypatch.setenv(config.BIG_TEXT_ENV, str(BIG))


def _claims(extraction) -> list[tuple]:
    return [
        (c.supporter, c.relation, c.target, c.start, c.end, c.sentence, c.sup_start, c.tgt_end)
        for c in extraction.claims
    ]


# -- the pipeline: parts streamed, claims equal to the unsplit text -----------------------------


def test_split_claims_equal_the_unsplit_extraction(fake_extractor):
    text = claim_text(60)
    whole = fake_extractor.extract(Article(text=text))
    parts = []
    [(_, split)] = extract_articles(
        fake_extractor,
        [Article(text=text)],
        part_chars=1000,
        on_part=lambda article, part, total: parts.append((part, total)),
    )
    assert len(parts) == len(split_text(text, limit=1000)) > 5
    assert parts == [(k, len(parts)) for k in range(1, len(parts) + 1)]
    assert len(whole.claims) == 240
    assert _claims(split) == _claims(whole)
    assert [(m.start, m.end) for m in split.mentions] == [(m.start, m.end) for m in whole.mentions]


def test_each_article_is_yielded_before_the_next_is_extracted(fake_extractor):
    articles = [Article(text=f"Turkey backs GNA, report {i}.") for i in range(4)]
    for i, (article, _) in enumerate(extract_articles(fake_extractor, articles)):
        assert article is articles[i]
        assert fake_extractor.seen == [a.text for a in articles[: i + 1]]


def test_a_failure_mid_batch_fails_that_article_alone(make_extractor):
    extractor = make_extractor(fail_on="Yemen")
    texts = ["Turkey backs GNA.", "Iran backs Yemen rebels.", "Egypt backs LNA."]
    out = list(extract_articles(extractor, [Article(text=t) for t in texts]))
    assert [type(r).__name__ for _, r in out] == ["Extraction", "RuntimeError", "Extraction"]
    assert extractor.seen.count("Turkey backs GNA.") == 1  # given before the failure: kept


# -- the ingest: small files first, the big one in parts, stored whole ---------------------------


def test_small_files_are_committed_before_the_big_one_finishes(engine, fake_extractor, big_setting):
    big = claim_text(40)
    assert len(big) > 6 * BIG
    small = [f"Egypt backs LNA, small file {i}. Turkey backs GNA." for i in range(3)]
    files = [("big.txt", big.encode())]  # first in the batch, yet it waits for no one
    files += [(f"small{i}.txt", t.encode()) for i, t in enumerate(small)]
    files.insert(2, ("broken.json", b'{"text": '))
    events = []

    def on_item(item):
        stored = count_articles(engine)
        events.append((item.file, item.status, item.part, item.parts, stored))

    report = ingest_uploads(engine, files, extractor=fake_extractor, on_item=on_item)

    assert [(i.source, i.status) for i in report.items] == [
        ("broken.json", "failed"),
        ("big.txt", "added"),
        ("small0.txt", "added"),
        ("small1.txt", "added"),
        ("small2.txt", "added"),
    ]
    assert events[0][:2] == ("broken.json", "failed")  # told at once, before any extraction
    done = [e[0] for e in events if e[1] == "added"]
    assert done == ["small0.txt", "small1.txt", "small2.txt", "big.txt"]
    parts = [
        (part, total, stored) for _, status, part, total, stored in events if status == "working"
    ]
    assert len(parts) > 4
    assert [p for p, _, _ in parts] == list(range(1, len(parts) + 1))
    assert {total for _, total, _ in parts} == {len(parts)}
    assert all(stored == 3 for _, _, stored in parts)  # the small three were committed
    [big_item] = [i for i in report.items if i.source == "big.txt"]
    assert big_item.claims == big.count(" backs ") == 160
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            'SELECT c.sentence, c.start, c."end" FROM claims c JOIN articles a '
            "ON a.id = c.article_id WHERE a.source = 'big.txt'"
        ).all()
        ids = dict(conn.exec_driver_sql("SELECT source, id FROM articles").all())
    assert len(rows) == 160 and all(big[start:end] == s for s, start, end in rows)
    assert ids["big.txt"] > max(ids[f"small{i}.txt"] for i in range(3))


def test_big_texts_go_smallest_first(engine, fake_extractor, big_setting):
    texts = [claim_text(30), claim_text(10), "Turkey backs GNA."]
    articles = [Article(text=t, source=f"{i}.txt") for i, t in enumerate(texts)]
    order = []
    ingest_articles(
        engine,
        articles,
        extractor=fake_extractor,
        on_item=lambda item: order.append(item.file) if item.status == "added" else None,
    )
    assert order == ["2.txt", "1.txt", "0.txt"]


def test_a_big_text_the_extractor_fails_on_fails_alone(engine, make_extractor, big_setting):
    extractor = make_extractor(fail_on="Yemen")
    big = claim_text(20) + "\n\nIran backs Yemen rebels.\n\n" + claim_text(5)
    report = ingest_articles(
        engine,
        [Article(text=big, source="big.txt"), Article(text=GOOD, source="good.txt")],
        extractor=extractor,
    )
    assert [(i.source, i.status) for i in report.items] == [
        ("big.txt", "failed"),
        ("good.txt", "added"),
    ]
    assert "cannot parse Yemen" in report.items[0].reason
    assert count_articles(engine) == 1


def test_a_text_at_the_size_is_not_big(engine, fake_extractor, big_setting):
    text = claim_text(40)[:BIG]
    told = []
    ingest_articles(engine, [Article(text=text)], extractor=fake_extractor, on_item=told.append)
    assert [i.status for i in told] == ["queued", "added"]


def test_bad_files_still_name_their_reason_beside_a_big_text(engine, fake_extractor, big_setting):
    name, data, reason = BAD_FILES[4]  # broken JSON
    files = [("big.txt", claim_text(20).encode()), (name, data), ("good.txt", GOOD.encode())]
    report = ingest_uploads(engine, files, extractor=fake_extractor)
    [failed] = report.failures
    assert failed.source == name and reason in failed.reason
    assert report.added == 2


# -- the command line: a bar for the big text's parts ------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_bar_counts_the_parts_of_a_big_file(tmp_path, monkeypatch, use_fake, big_setting):
    (tmp_path / "big.txt").write_text(claim_text(40))
    (tmp_path / "small.txt").write_text(GOOD)
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    code = main(["ingest", str(tmp_path), "--db", str(tmp_path / "t.db")])
    assert code == 0
    shown = err.getvalue()
    parts = len(split_text(claim_text(40), limit=BIG))
    lines = shown.replace("\r", "\n").splitlines()
    small_done = next(i for i, line in enumerate(lines) if "| 1/2 [" in line)
    big = [(i, line) for i, line in enumerate(lines) if line.startswith("big.txt: ")]
    assert parts > 4 and small_done < big[0][0]  # the small file was counted first
    for k in range(1, parts + 1):
        assert any(f"| {k}/{parts} [" in line and "part/s" in line for _, line in big), k


# -- the real extractor: parts give the claims of the whole ------------------------------------

PLACES = ["Sirte", "Misrata", "Gharyan", "Tarhuna", "Benghazi", "Zawiya", "Sabha", "Derna"]


def libya_text(paragraphs: int) -> str:
    return "\n\n".join(
        f"The United Arab Emirates supplied drones to the Libyan National Army near "
        f"{PLACES[p % 8]}, according to a United Nations report. Turkey sent "
        f"military advisers to the Government of National Accord in {PLACES[(p + 3) % 8]}. "
        f"Russia backed Khalifa Haftar's forces with Wagner fighters, officials said."
        for p in range(paragraphs)
    )


@pytest.mark.model
def test_real_extractor_parts_give_the_claims_of_the_whole(extractor):
    text = libya_text(24)
    article = Article(text=text, date="2020-05-12")
    whole = extractor.extract(article)
    parts = []
    [(_, split)] = extract_articles(
        extractor,
        [Article(text=text, date="2020-05-12")],
        part_chars=800,
        on_part=lambda a, part, total: parts.append(total),
    )
    assert len(parts) == len(split_text(text, limit=800)) >= 12
    assert len(whole.claims) >= 48

    def shown(extraction):
        return [
            (c.supporter, c.relation, c.target, c.theater, c.kind, c.start, c.end, c.alleged)
            + (c.date, c.sup_start, c.tgt_start, c.status)
            for c in extraction.claims
        ]

    assert shown(split) == shown(whole)
