"""File loaders: every format, dates never invented, and a clear reason for each bad file."""

from __future__ import annotations

import io
import json

import pytest

from analysis.errors import InputError
from analysis.loaders import (
    find_dateline,
    load_bytes,
    load_path,
    load_paths,
    normalise_date,
)

BODY = "Turkey backs GNA. Russia opposes GNA, officials said on Sunday in Tripoli."

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Turkey sends drones to Libya | Example News</title>
<meta property="article:published_time" content="2020-06-14T08:30:00+00:00">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://news.example.com/2020/06/turkey-drones">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Turkey sends drones to Libya</h1>
<p>Turkey has sent armed drones to the Government of National Accord in Tripoli, officials
said on Sunday, in a move that deepens its role in the Libyan war.</p>
<p>The United Arab Emirates and Russia continue to back Khalifa Haftar's Libyan National
Army, according to a report by a United Nations panel of experts published last month.</p>
</article>
<footer>Copyright Example News. All rights reserved.</footer>
</body></html>
"""


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# -- plain text and dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, title, day, outlet",
    [
        (
            f"Drones for Tripoli\n\nTRIPOLI, June 14, 2020 (Reuters) - {BODY}",
            "Drones for Tripoli",
            "2020-06-14",
            "Reuters",
        ),
        (f"Drones for Tripoli\nJune 14, 2020 - {BODY}", "Drones for Tripoli", "2020-06-14", ""),
        (f"Drones for Tripoli\n2020-06-14\n\n{BODY}", "Drones for Tripoli", "2020-06-14", ""),
        (
            f"# Drones for Tripoli\n\nCAIRO, 3 March 2021 - {BODY}",
            "Drones for Tripoli",
            "2021-03-03",
            "",
        ),
        (f"Drones for Tripoli\n\n{BODY}", "Drones for Tripoli", None, ""),
        (BODY, "", None, ""),
    ],
    ids=["city-outlet", "date-dash", "iso", "markdown", "undated", "one-line"],
)
def test_text_title_and_dateline(tmp_path, content, title, day, outlet):
    [article] = load_path(write(tmp_path, "a.md" if "#" in content else "a.txt", content))
    assert (article.title, article.date, article.outlet) == (title, day, outlet)
    assert article.date_source == ("dateline" if day else None)
    assert BODY in article.text and article.source.endswith(".md" if "#" in content else ".txt")


def test_long_first_line_is_not_a_title(tmp_path):
    long_line = "Turkey backs GNA " * 20
    [article] = load_path(write(tmp_path, "a.txt", f"{long_line}\n\n{BODY}"))
    assert article.title == "" and article.text.startswith("Turkey backs GNA")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2020-06-14", "2020-06-14"),
        ("2020-06-14T08:30:00+00:00", "2020-06-14"),
        ("June 14, 2020", "2020-06-14"),
        ("Sun, 14 Jun 2020 08:30:00 GMT", "2020-06-14"),
        ("June 2020", None),
        ("2020", None),
        ("yesterday", None),
        ("3 days ago", None),
        ("2020-02-30", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_date_never_invents_a_day(value, expected):
    assert normalise_date(value) == expected


def test_dateline_only_near_the_top():
    text = "\n".join(["Title", "a", "b", "c", "d", "e", f"June 14, 2020 - {BODY}"])
    assert find_dateline(text) == (None, "")


# -- HTML -----------------------------------------------------------------------------------


def test_html_page_main_text_and_metadata(tmp_path):
    [article] = load_path(write(tmp_path, "page.html", HTML_PAGE))
    assert article.title.startswith("Turkey sends drones to Libya")
    assert "armed drones to the Government of National Accord" in article.text
    assert "Home" not in article.text and "All rights reserved" not in article.text
    assert (article.date, article.date_source) == ("2020-06-14", "html")
    assert article.url == "https://news.example.com/2020/06/turkey-drones"
    assert article.outlet == "Example News"


def test_html_without_a_date_has_none(tmp_path):
    page = HTML_PAGE.replace(
        '<meta property="article:published_time" content="2020-06-14T08:30:00+00:00">', ""
    ).replace("/2020/06/", "/world/")
    [article] = load_path(write(tmp_path, "page.htm", page))
    assert article.date is None and article.date_source is None


def test_html_without_main_text_is_refused(tmp_path):
    page = "<html><head><title>Empty</title></head><body><nav>Home</nav></body></html>"
    with pytest.raises(InputError, match="no article text found in the HTML"):
        load_path(write(tmp_path, "empty.html", page))


# -- JSON, JSON Lines, CSV ------------------------------------------------------------------

RECORD = {
    "title": "Drones",
    "date": "June 14, 2020",
    "text": BODY,
    "url": "https://x.example/1",
    "outlet": "X",
}


def test_json_object_and_list(tmp_path):
    [one] = load_path(write(tmp_path, "one.json", json.dumps(RECORD)))
    assert (one.title, one.date, one.date_source, one.url, one.outlet) == (
        "Drones",
        "2020-06-14",
        "metadata",
        "https://x.example/1",
        "X",
    )
    many = load_path(write(tmp_path, "many.json", json.dumps([RECORD, {**RECORD, "title": "B"}])))
    assert [a.title for a in many] == ["Drones", "B"]


def test_unparseable_metadata_date_is_none_and_noted(tmp_path):
    [article] = load_path(write(tmp_path, "a.json", json.dumps({**RECORD, "date": "soon"})))
    assert article.date is None and "date-unparsed" in article.meta["flags"]


def test_malformed_json_is_refused_with_position(tmp_path):
    with pytest.raises(InputError, match=r"bad\.json: not valid JSON \(line 1, column"):
        load_path(write(tmp_path, "bad.json", '{"text": "unfinished'))


def test_jsonl_bad_line_is_reported_and_good_lines_load(tmp_path):
    lines = [
        json.dumps(RECORD),
        "{not json",
        "",
        json.dumps({"title": "no text"}),
        json.dumps(RECORD),
    ]
    result = load_path(write(tmp_path, "a.jsonl", "\n".join(lines)))
    assert len(result) == 2
    assert result.errors[0].startswith("line 2: not valid JSON")
    assert result.errors[1] == "line 4: no text"


def test_jsonl_with_nothing_usable_is_refused(tmp_path):
    with pytest.raises(InputError, match="no usable articles: line 1: not valid JSON"):
        load_path(write(tmp_path, "a.jsonl", "{oops\n"))


def test_csv_rows_and_bad_rows(tmp_path):
    content = (
        "Title,Date,Text,URL\n"
        f'Drones,2020-06-14,"{BODY}",https://x.example/1\n'
        "Empty,2020-06-15,,\n"
        f'"Two, lines",,"{BODY}\nSecond line.",\n'
    )
    result = load_path(write(tmp_path, "a.csv", content))
    assert [a.title for a in result] == ["Drones", "Two, lines"]
    assert result[0].date == "2020-06-14" and result[1].date is None
    assert result.errors == ["line 3: no text"]


def test_csv_without_text_column_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"nocol\.csv: CSV needs a header row with a 'text'"):
        load_path(write(tmp_path, "nocol.csv", "title,body\nA,B\n"))


# -- PDF ------------------------------------------------------------------------------------


def _pdf(lines: list[str], *, password: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    if password is None:
        return data
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_text_layer(tmp_path):
    data = _pdf(["Drones for Tripoli", f"TRIPOLI, June 14, 2020 - {BODY}"])
    [article] = load_path(write(tmp_path, "a.pdf", data))
    assert article.title == "Drones for Tripoli"
    assert "Turkey backs GNA" in article.text
    assert (article.date, article.date_source) == ("2020-06-14", "dateline")


def test_encrypted_pdf_is_refused(tmp_path):
    data = _pdf([BODY], password="secret")
    with pytest.raises(InputError, match="encrypted"):
        load_path(write(tmp_path, "locked.pdf", data))


def test_pdf_without_text_layer_is_refused(tmp_path):
    with pytest.raises(InputError, match="no text layer"):
        load_path(write(tmp_path, "scan.pdf", _pdf([])))


def test_broken_pdf_is_refused(tmp_path):
    with pytest.raises(InputError, match="PDF"):
        load_path(write(tmp_path, "broken.pdf", b"%PDF-1.4\nnot really a pdf"))


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \t", "empty file"),
        ("binary.txt", b"GIF89a\x00\x01\x02\x00\x00text", "binary data"),
        ("binary.json", b"\x00\x00\x00", "binary data"),
        ("report.docx", b"PK\x03\x04", "unsupported file type '.docx'"),
        ("README", b"hello", "unsupported file type without an extension"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path, name, content, reason):
    path = write(tmp_path, name, content)
    with pytest.raises(InputError, match=reason) as info:
        load_path(path)
    assert info.value.source == str(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_path(tmp_path / "absent.txt")


def test_latin1_text_is_decoded(tmp_path):
    text = (
        "Réunion à Genève\n\nLe ministre a déclaré que la Turquie soutient le GNA à Tripoli, "
        "tandis que l'Égypte et les Émirats soutiennent Haftar à Benghazi. Où en est la trêve?"
    )
    [article] = load_path(write(tmp_path, "fr.txt", text.encode("latin-1")))
    assert article.title == "Réunion à Genève"
    assert "l'Égypte et les Émirats" in article.text
    assert any(flag.startswith("encoding:") for flag in article.meta["flags"])


def test_oversize_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICT_TRACKER_MAX_FILE_MB", "0.001")
    path = write(tmp_path, "big.txt", "x" * 2000)
    with pytest.raises(InputError, match="over the 0.001 MB limit"):
        load_path(path)
    with pytest.raises(InputError, match="over the"):
        load_bytes("big.txt", b"x" * 2000)


# -- many files and uploads -----------------------------------------------------------------


def test_load_paths_walks_folders_in_order(tmp_path):
    write(tmp_path, "b.txt", BODY)
    (tmp_path / "sub").mkdir()
    write(tmp_path, "sub/a.json", json.dumps(RECORD))
    write(tmp_path, "sub/empty.txt", "")
    write(tmp_path, "notes.docx", b"PK")  # unsupported types in folders are skipped
    write(tmp_path, ".hidden.txt", BODY)
    results = list(load_paths([tmp_path, tmp_path / "absent.txt"]))
    names = [source.removeprefix(str(tmp_path)) for source, _ in results]
    assert names == ["/b.txt", "/sub/a.json", "/sub/empty.txt", "/absent.txt"]
    assert [type(r).__name__ for _, r in results] == [
        "LoadResult",
        "LoadResult",
        "InputError",
        "InputError",
    ]


def test_empty_folder_is_an_error(tmp_path):
    [(source, result)] = list(load_paths([tmp_path]))
    assert isinstance(result, InputError) and "no supported files" in result.reason


def test_load_bytes_dispatches_on_extension():
    [article] = load_bytes("upload.JSON", json.dumps(RECORD).encode())
    assert article.source == "upload.JSON" and article.date == "2020-06-14"
    [page] = load_bytes("page.html", HTML_PAGE.encode())
    assert page.outlet == "Example News"
