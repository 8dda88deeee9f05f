"""The store commands: `ingest`, `reanalyze` and `stats`, their output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import cli
from analysis.__main__ import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def use_fake(monkeypatch, make_extractor):
    """Swap the real model for the fake extractor; records the --model asked for."""
    asked = []

    def load(model):
        asked.append(model)
        return make_extractor("fake-cli")

    monkeypatch.setattr(cli, "_load_extractor", load)
    return asked


def test_ingest_then_stats(tmp_path, capsys, use_fake):
    db = tmp_path / "t.db"
    (tmp_path / "a.txt").write_text("Drones\n\nJune 14, 2020 - Turkey backs GNA. Egypt backs LNA.")
    assert main(["--model", "my_model", "ingest", str(tmp_path / "a.txt"), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "added: 1 article (2 claims found)" in out
    assert "duplicates skipped: 0" in out and "failed: 0" in out
    assert use_fake == ["my_model"]

    assert main(["ingest", str(tmp_path / "a.txt"), "--db", str(db)]) == 0
    assert "duplicates skipped: 1" in capsys.readouterr().out

    assert main(["stats", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "articles: 1 (0 sample, 0 undated; dates 2020-06-14 to 2020-06-14)" in out
    assert "claims: 2 (2 asserted)" in out and "Libya: 2 asserted" in out


def test_ingest_with_a_bad_file_exits_1_and_names_it(tmp_path, capsys, use_fake):
    (tmp_path / "good.txt").write_text("Turkey backs GNA.")
    (tmp_path / "bad.json").write_text("{oops")
    db = tmp_path / "t.db"
    code = main(["ingest", str(tmp_path / "good.txt"), str(tmp_path / "bad.json"), "--db", str(db)])
    out = capsys.readouterr().out
    assert code == 1
    assert "added: 1 article " in out and "failed: 1" in out
    assert f"{tmp_path / 'bad.json'}: not valid JSON (line 1, column 2" in out


def test_store_error_is_one_line_without_traceback(tmp_path, capsys, use_fake):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"not a database at all " * 100)
    assert main(["ingest", str(tmp_path), "--db", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: store ") and "not a readable SQLite database" in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_stats_of_a_missing_store(tmp_path, capsys):
    assert main(["stats", "--db", str(tmp_path / "absent.db")]) == 1
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "absent.db").exists()


def test_reanalyze_replaces_with_the_current_extractor(tmp_path, capsys, use_fake, make_extractor):
    db = tmp_path / "t.db"
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps({"text": t}) for t in ("Turkey backs GNA.", "Egypt backs LNA."))
    )
    assert main(["ingest", str(tmp_path / "a.jsonl"), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["reanalyze", "--db", str(db)]) == 0
    assert (
        "re-analysed 2 articles with extractor fake-cli: 2 -> 2 claims" in capsys.readouterr().out
    )


def test_cli_smoke_in_a_subprocess(tmp_path):
    """A real process: an unreadable file fails cleanly, without loading the model."""
    (tmp_path / "x.docx").write_bytes(b"PK")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "ingest",
            str(tmp_path / "x.docx"),
            "--db",
            str(tmp_path / "t.db"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "unsupported file type '.docx'" in run.stdout
    assert "Traceback" not in run.stderr
    stats = subprocess.run(
        [sys.executable, "-m", "analysis", "stats", "--db", str(tmp_path / "t.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert stats.returncode == 0 and "articles: 0" in stats.stdout
