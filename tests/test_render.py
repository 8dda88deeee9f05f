"""The escaped markdown the views draw: evidence quotes stay one block quote whatever
whitespace the stored sentence holds."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the `dashboard` package

from dashboard import render  # noqa: E402


def _claim(sentence: str, **extra) -> dict:
    sup, tgt = sentence.index("Turkey"), sentence.index("GNA")
    return {
        "sentence": sentence,
        "start": 100,
        "sup_start": 100 + sup,
        "sup_end": 106 + sup,
        "tgt_start": 100 + tgt,
        "tgt_end": 103 + tgt,
        "title": "Drones",
        "outlet": "Desk",
        "date": "2020-06-16",
        **extra,
    }


def test_a_quote_with_blank_lines_stays_one_block_quote():
    text = render.claim_markdown(_claim("Ankara talks\n\nTurkey backs the GNA.\n\n", alleged=True))
    lines = text.split("\n")
    assert all(line.startswith(">") for line in lines), text
    assert "**GNA**\\. _(alleged)_" in text
    assert lines[-1] == "> Drones · Desk · 2020\\-06\\-16"


def test_article_caption_names_the_file_not_the_server_path():
    caption = render.article_caption(
        {"outlet": "Desk", "published": "2020-06-16", "source": "/srv/uploads/tmp9/report.txt"}
    )
    assert caption == "Desk · 2020\\-06\\-16 · report\\.txt"


def test_claim_summary_says_who_backs_whom():
    claim = _claim("Turkey backs the GNA.", supporter="Turkey", relation="supports")
    claim.update(target="GNA", theater="Libya", kind="weapons", alleged=True)
    assert render.claim_summary(claim) == (
        "**Turkey** → supports → **GNA** · Libya · weapons · alleged"
    )
    odd = dict(claim, supporter="*Bold* [x](javascript:y)", kind=None, alleged=False)
    assert render.claim_summary(odd).startswith("**\\*Bold\\* \\[x\\]\\(javascript\\:y\\)** →")
