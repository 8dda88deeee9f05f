"""Drawing what users wrote without trusting it: escaped markdown for titles, texts and
evidence sentences (actors in bold, unknown names in italics), and the claim tables'
columns. Nothing a user uploads is ever rendered as HTML.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pandas as pd
import streamlit as st

from analysis import tally

URL_SAFE = ":/?#@!$&'()*+,;=%~"  # kept as is in links; anything else is %-quoted
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&\"'])")
CLAIM_TABLE = ["date", "supporter", "relation", "target", "kind", "alleged", "sentence"]
CLAIM_TABLE += ["outlet", "title", "url"]
CLAIM_TABLE_CONFIG = {
    "url": st.column_config.LinkColumn("link", display_text="open"),
    "sentence": st.column_config.TextColumn("evidence sentence", width="large"),
}
# A period's claims: when each sentence says the act happened, and whether it ended there.
PERIOD_CLAIM_TABLE = ["event_start", "event_end", "phase", "date", "supporter", "relation"]
PERIOD_CLAIM_TABLE += ["target", "alleged", "sentence", "outlet", "title", "url"]
CHANGES_TABLE_CONFIG = {
    "when": st.column_config.DateColumn("when"),
    "evidence": st.column_config.NumberColumn(
        "evidence", help="reports (article and month of the act) behind the new state"
    ),
}
CAMPS_TABLE_CONFIG = {"backers": st.column_config.TextColumn("backers", width="large")}
ARTICLE_TABLE_CONFIG = {"sample": st.column_config.CheckboxColumn("sample")}
DETAIL_CLAIMS = ["supporter", "relation", "target", "kind", "status", "alleged", "sentence"]


def escape_markdown(text: str) -> str:
    """`text` made inert for st.markdown: punctuation backslash-escaped, runs of whitespace
    folded to one space, blank lines kept as paragraph breaks."""
    paragraphs = re.split(r"\n\s*\n", text)
    folded = "\n\n".join(re.sub(r"\s+", " ", para) for para in paragraphs)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", folded)


def highlight(text: str, spans: list[tuple[int, int, bool]]) -> str:
    """Escaped markdown of `text` with each (start, end, known) span in bold (a known
    actor) or italics (an unknown entity). Overlapping or out-of-range spans are skipped."""
    out, pos = [], 0
    for start, end, known in sorted(spans):
        if start < pos or end > len(text) or start >= end or not text[start:end].strip():
            continue
        mark = "**" if known else "*"
        inner = escape_markdown(text[start:end])
        out += [escape_markdown(text[pos:start]), f"{mark}{inner}{mark}"]
        pos = end
    out.append(escape_markdown(text[pos:]))
    return "".join(out)


def claim_markdown(claim: pd.Series | dict) -> str:
    """A claim's evidence sentence with supporter and target in bold, then its source."""
    sentence, base = str(claim["sentence"]), int(claim["start"])
    spans = [
        (int(claim[a]) - base, int(claim[b]) - base, True)
        for a, b in (("sup_start", "sup_end"), ("tgt_start", "tgt_end"))
        if int(claim[a]) >= base
    ]
    when = claim.get("published") or claim.get("date") or "undated"
    source = " · ".join(
        escape_markdown(str(v)) for v in (claim.get("title"), claim.get("outlet"), when) if v
    )
    link = str(claim.get("url") or "")
    if link.startswith(("http://", "https://")):
        source += f" · [link](<{quote(link, safe=URL_SAFE)}>)"
    flag = " _(alleged)_" if claim.get("alleged") else ""
    # Paragraph breaks inside a stored sentence would end the block quote early; each
    # paragraph stays a quoted line.
    quoted = highlight(sentence, spans).strip().replace("\n\n", "\n>\n> ")
    return f"> {quoted}{flag}\n>\n> {source}"


def claim_summary(claim: pd.Series | dict) -> str:
    """What a claim says, as escaped markdown: "**Turkey** → supports → **GNA**", then its
    theater, kind and whether it is alleged."""
    sup, tgt = escape_markdown(str(claim["supporter"])), escape_markdown(str(claim["target"]))
    details = [claim.get("theater"), claim.get("kind")]
    details.append("alleged" if claim.get("alleged") else None)
    shown = " · ".join(escape_markdown(str(d)) for d in details if d)
    line = f"**{sup}** → {escape_markdown(str(claim['relation']))} → **{tgt}**"
    return f"{line} · {shown}" if shown else line


def article_caption(article: dict) -> str:
    """Outlet, date and source (a file by its name alone) of a stored article, as escaped
    markdown."""
    source = tally.source_name(article.get("source"))
    parts = [article.get("outlet"), article.get("published") or "undated", source]
    if article.get("sample"):
        parts.append("sample corpus")
    return " · ".join(escape_markdown(str(p)) for p in parts if p)


def article_markdown(detail: tally.ArticleDetail) -> str:
    """The article's text as escaped markdown: known actors in bold, unknown names in italics."""
    spans = [
        (int(m.start), int(m.end), m.actor is not None and not pd.isna(m.actor))
        for m in detail.mentions.itertuples(index=False)
    ]
    return highlight(detail.article["text"], spans)


def dataset_attribution(dataset: pd.Series | dict) -> str:
    """A stored data set's attribution as escaped markdown: its title in bold, the citation,
    the licence and a link to where it is published (a web address only)."""
    parts = [f"**{escape_markdown(str(dataset['title'] or dataset['name']))}**"]
    parts += [escape_markdown(str(dataset[k])) for k in ("citation",) if dataset[k]]
    if dataset["license"]:
        parts.append(f"Licence: {escape_markdown(str(dataset['license']))}")
    link = str(dataset["url"] or "")
    if link.startswith(("http://", "https://")):
        parts.append(f"[{escape_markdown(link)}](<{quote(link, safe=URL_SAFE)}>)")
    return " · ".join(parts)
