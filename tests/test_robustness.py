"""Bad input: clear errors, nothing lost, nothing half-stored.

Each bad file is named with its reason while the rest of the batch goes in; unparseable
dates, foreign languages and texts too long for spaCy are handled; random text and bytes
are thrown at the loaders and the extractor (hypothesis). Concurrent use and a store that
cannot be used are in test_robustness_store.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.__main__ import main
from analysis.errors import InputError
from analysis.ingest import (
    NOT_ENGLISH_FLAG,
    extract_articles,
    ingest_articles,
    ingest_uploads,
    reanalyze,
    split_text,
)
from analysis.language import guess_language
from analysis.loaders import SUFFIXES, LoadResult, load_bytes
from analysis.models import Article, Extraction
from analysis.store import count_articles, open_store, stats

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_loaders import _pdf  # noqa: E402  (one PDF builder for both files)

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
GOOD = "Turkey backs GNA. Russia opposes GNA, officials said in Tripoli on Sunday."
FRENCH = (
    "La Turquie a envoyé des drones au gouvernement de Tripoli, selon un rapport des "
    "Nations unies publié mardi. Les forces du maréchal Haftar sont soutenues par la Russie "
    "et les Émirats, et le ministre a dit que Turkey backs GNA est une formule des journaux."
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# -- helpers --------------------------------------------------------------------------------


def _table(engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.exec_driver_sql(sql).all()]


# -- bad input: each file named with its reason, the rest of the batch still goes in --------

BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b" \n\t\n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
    ("controls.txt", bytes(range(1, 9)) * 40, "binary data"),
    ("broken.json", b'{"title": "x", "text": "Turkey backs GNA"', "not valid JSON (line 1"),
    ("list.json", b'"just a string"', "an article object or a list"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("nocolumn.csv", b"title,body\nA,Turkey backs GNA\n", "needs a header row with a 'text'"),
    ("nothing.jsonl", b"not json\n[1, 2]\n", "no usable articles: line 1"),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article"),
    ("scan.pdf", None, "no text layer"),
    ("locked.pdf", None, "encrypted"),
    ("broken.pdf", b"%PDF-1.4\nnot a pdf at all", "PDF"),
    ("bundle.zip", b"PK\x03\x04" + b"\x00" * 30, "archives are not accepted"),
    ("notes.docx", b"PK\x03\x04", "unsupported file type '.docx'"),
]


def _bad_file(name: str, data: bytes | None) -> bytes:
    if name == "scan.pdf":
        return _pdf([])
    if name == "locked.pdf":
        return _pdf([GOOD], password="secret")
    return data


@pytest.mark.parametrize("name, data, reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_upload_is_named_with_its_reason_and_the_batch_goes_on(
    engine, fake_extractor, name, data, reason
):
    ingest_articles(
        engine, [Article(text="Egypt backs LNA. Stored before.")], extractor=fake_extractor
    )
    before = _table(engine, "SELECT id, content_hash, title FROM articles ORDER BY id")
    files = [(name, _bad_file(name, data)), ("good.txt", GOOD.encode())]
    report = ingest_uploads(engine, files, extractor=fake_extractor)
    [failed] = report.failures
    assert failed.source == name and reason in failed.reason
    assert report.added == 1 and report.claims == 2
    after = _table(engine, "SELECT id, content_hash, title FROM articles ORDER BY id")
    assert after[: len(before)] == before and len(after) == len(before) + 1


@pytest.mark.parametrize("name, data, reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_on_the_command_line_is_named_and_the_batch_goes_on(
    tmp_path, capsys, use_fake, name, data, reason
):
    (tmp_path / name).write_bytes(_bad_file(name, data))
    (tmp_path / "good.txt").write_text(GOOD)
    db = tmp_path / "t.db"
    code = main(["ingest", str(tmp_path / name), str(tmp_path / "good.txt"), "--db", str(db)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{tmp_path / name}: " in out and reason in out
    assert "added: 1 article (2 claims found)" in out


def test_bad_rows_are_reported_by_line_and_good_rows_go_in(engine, fake_extractor):
    jsonl = "\n".join(
        [json.dumps({"text": "Turkey backs GNA, first."}), "{broken", json.dumps({"title": "x"})]
    )
    rows = 'title,text\nA,"Egypt backs LNA, row two."\nB,Qatar backs GNA,extra\nC,\n'
    report = ingest_uploads(
        engine, [("a.jsonl", jsonl.encode()), ("b.csv", rows.encode())], extractor=fake_extractor
    )
    reasons = sorted(f"{i.source} {i.reason}" for i in report.failures)
    assert reasons[0].startswith("a.jsonl line 2: not valid JSON")
    assert reasons[1] == "a.jsonl line 3: no text"
    assert reasons[2:] == [
        "b.csv line 3: more fields than the header has",
        "b.csv line 4: no text",
    ]
    assert report.added == 2


def test_oversize_file_is_refused_and_the_limit_named(engine, fake_extractor, monkeypatch):
    monkeypatch.setenv("CONFLICT_TRACKER_MAX_FILE_MB", "0.01")
    files = [("big.txt", b"Turkey backs GNA. " * 1000), ("good.txt", GOOD.encode())]
    report = ingest_uploads(engine, files, extractor=fake_extractor)
    [failed] = report.failures
    assert failed.source == "big.txt" and "over the 0.01 MB limit" in failed.reason
    assert report.added == 1


def test_non_utf8_text_is_decoded_and_noted(engine, fake_extractor):
    text = "Turkey backs GNA, said the minister in Genève. Égypte was not mentioned. " * 3
    report = ingest_uploads(engine, [("cp.txt", text.encode("cp1252"))], extractor=fake_extractor)
    assert report.added == 1
    [(stored, flags)] = _table(engine, "SELECT text, flags FROM articles")
    assert "Genève" in stored and "encoding:" in flags


def test_folder_with_an_archive_names_it(tmp_path, engine, fake_extractor):
    from analysis.ingest import ingest_paths

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD)
    (tmp_path / "in" / "more.zip").write_bytes(b"PK\x03\x04")
    report = ingest_paths(engine, [tmp_path / "in"], extractor=fake_extractor)
    [failed] = report.failures
    assert failed.source.endswith("more.zip") and "archives are not accepted" in failed.reason
    assert report.added == 1


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["sometime last spring", "yesterday", "today", "2020-13-45", "31/31/31"]
)
def test_unparseable_date_is_stored_as_unknown_never_today(engine, fake_extractor, raw):
    record = {"title": "t", "date": raw, "text": f"Turkey backs GNA ({raw})."}
    report = ingest_uploads(
        engine, [("a.json", json.dumps(record).encode())], extractor=fake_extractor
    )
    assert report.added == 1
    [(published, date_source, flags)] = _table(
        engine, "SELECT published, date_source, flags FROM articles"
    )
    assert published is None and date_source is None
    assert "date-unparsed" in flags
    assert _table(engine, "SELECT date FROM claims") == [(None,)]


# -- language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        (FRENCH, "fr"),
        (
            "أرسلت تركيا طائرات مسيرة إلى حكومة الوفاق الوطني في طرابلس، وفقا لتقرير الأمم المتحدة",
            "ar",
        ),
        ("Турция направила беспилотники правительству национального согласия в Триполи.", "ru"),
    ],
)
def test_foreign_article_is_guessed(text, code):
    guess = guess_language(text)
    assert (guess.code, guess.english) == (code, False)


@pytest.mark.parametrize("text", [GOOD, "Turkey backs GNA.", "x" * 5000])
def test_english_or_too_short_is_english(text):
    assert guess_language(text).english


def test_foreign_article_is_stored_flagged_and_extracts_nothing(engine, fake_extractor):
    report = ingest_uploads(engine, [("fr.txt", FRENCH.encode())], extractor=fake_extractor)
    [item] = report.items
    assert item.status == "added" and item.claims == 0
    assert "not English" in item.reason and "'fr'" in item.reason
    assert fake_extractor.seen == []
    [(language, flags)] = _table(engine, "SELECT language, flags FROM articles")
    assert language == "fr" and NOT_ENGLISH_FLAG in flags.split(",")
    assert stats(engine)["claims"] == 0 and stats(engine)["mentions"] == 0


def test_language_given_in_metadata_is_respected(engine, fake_extractor):
    record = {"text": GOOD + " " + GOOD, "language": "de"}
    report = ingest_uploads(
        engine, [("a.json", json.dumps(record).encode())], extractor=fake_extractor
    )
    assert report.added == 1 and report.claims == 0


def test_reanalyze_keeps_a_foreign_article_without_claims(engine, fake_extractor, make_extractor):
    ingest_uploads(engine, [("fr.txt", FRENCH.encode())], extractor=fake_extractor)
    assert reanalyze(engine, make_extractor("fake-2")) == 1
    assert stats(engine)["claims"] == 0


# -- long texts -----------------------------------------------------------------------------


class _Limited:
    """Stands for spaCy's refusal of texts longer than nlp.max_length."""

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length


def _long_text(paragraphs: int) -> str:
    filler = "The talks went on through the night without any agreement at all. " * 5
    return "\n\n".join(
        f"{filler}Turkey backs GNA{i}. {filler}" if i % 7 == 0 else filler
        for i in range(paragraphs)
    )


def test_split_text_cuts_at_paragraphs_and_keeps_every_character():
    text = _long_text(60)
    parts = split_text(text, limit=2000)
    assert len(parts) > 1 and all(len(part) <= 2000 for _, part in parts)
    assert "".join(part for _, part in parts) == text
    assert all(text[offset : offset + len(part)] == part for offset, part in parts)
    assert all(part.endswith("\n\n") for _, part in parts[:-1])


def test_split_text_without_breaks_still_cuts():
    parts = split_text("x" * 25, limit=10)
    assert [len(p) for _, p in parts] == [10, 10, 5]


def test_text_longer_than_max_length_is_split_and_offsets_put_back(engine, make_extractor):
    extractor = make_extractor()
    extractor.nlp = _Limited(3000)
    original = extractor.extract

    def refuse_long(article):
        if len(article.text) > extractor.nlp.max_length:
            raise ValueError("[E088] Text of length exceeds maximum")
        return original(article)

    extractor.extract = refuse_long
    text = _long_text(80)
    assert len(text) > 3000
    report = ingest_articles(engine, [Article(text=text, source="long.txt")], extractor=extractor)
    assert report.added == 1 and report.claims == text.count("Turkey backs")
    for sentence, start, end, sup_start, sup_end in _table(
        engine, 'SELECT sentence, start, "end", sup_start, sup_end FROM claims'
    ):
        assert text[start:end] == sentence and text[sup_start:sup_end] == "Turkey"
    for mention, start, end in _table(engine, 'SELECT text, start, "end" FROM mentions'):
        assert text[start:end] == mention


# -- fuzz: nothing but the project's own input errors escapes ---------------------------------


@FUZZ
@given(
    suffix=st.sampled_from([*SUFFIXES, ".zip", ""]),
    data=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.builds(
            lambda t, enc: t.encode(enc, "replace"),
            st.text(max_size=500),
            st.sampled_from(["utf-16", "cp1252", "latin-1", "utf-8-sig"]),
        ),
    ),
)
def test_loaders_raise_only_input_errors(suffix, data):
    try:
        result = load_bytes(f"fuzz{suffix}", data)
    except InputError as err:
        assert err.source == f"fuzz{suffix}" and err.reason
        return
    assert isinstance(result, LoadResult) and len(result) >= 1
    assert all(isinstance(a.text, str) and a.text.strip() for a in result)


@FUZZ
@given(
    records=st.lists(
        st.dictionaries(
            st.sampled_from(["title", "date", "text", "url", "language", "other"]),
            st.one_of(st.text(max_size=80), st.integers(), st.none(), st.booleans()),
        ),
        max_size=5,
    )
)
def test_json_records_raise_only_input_errors(records):
    for name, data in (
        ("f.json", json.dumps(records).encode()),
        ("f.jsonl", "\n".join(json.dumps(r) for r in records).encode()),
    ):
        try:
            result = load_bytes(name, data)
        except InputError:
            continue
        assert all(a.date is None or len(a.date) == 10 for a in result)


@FUZZ
@given(files=st.lists(st.tuples(st.sampled_from(SUFFIXES), st.binary(max_size=300)), max_size=4))
def test_upload_batches_of_random_files_never_raise(tmp_path, files, make_extractor):
    engine = open_store(tmp_path / "fuzz.db")
    try:
        named = [(f"f{i}{suffix}", data) for i, (suffix, data) in enumerate(files)]
        report = ingest_uploads(engine, named, extractor=make_extractor())
        assert {i.source.split(" ")[0] for i in report.items} <= {n for n, _ in named}
        assert report.added <= count_articles(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def real_extractor():
    from analysis.extract import Extractor

    return Extractor.load()


@pytest.mark.model
@FUZZ
@given(text=st.text(max_size=600))
def test_extractor_survives_random_text(real_extractor, text):
    article = Article(text=text, source="fuzz.txt")
    [(_, extraction)] = list(extract_articles(real_extractor, [article]))
    assert isinstance(extraction, Extraction), extraction
    for claim in extraction.claims:
        assert 0 <= claim.start <= claim.end <= len(text)


@pytest.mark.model
def test_real_extractor_past_max_length(real_extractor, monkeypatch):
    monkeypatch.setattr(real_extractor.nlp, "max_length", 4000)
    text = _long_text(40).replace("GNA", "Government of National Accord in Libya")
    assert len(text) > 4000
    [(_, extraction)] = list(extract_articles(real_extractor, [Article(text=text)]))
    assert isinstance(extraction, Extraction), extraction
    assert extraction.claims
    for claim in extraction.claims:
        assert text[claim.start : claim.end] == claim.sentence


@pytest.mark.model
def test_real_extractor_finds_nothing_in_a_foreign_article(real_extractor):
    article = Article(text=FRENCH + " Russia backs Haftar.")
    [(_, extraction)] = list(extract_articles(real_extractor, [article]))
    assert extraction.claims == [] and article.language == "fr"
