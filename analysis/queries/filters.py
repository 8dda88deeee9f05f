"""What the sidebar selects (`Filters`), read from and written to URL parameters, and the
WHERE conditions it puts on the claims table (the outlet through the claim's article)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from analysis.store import articles, claims
from analysis.text import parse_iso_date

ASSERTED = "asserted"
SUPPORTS = "supports"
OPPOSES = "opposes"


@dataclass(frozen=True)
class Filters:
    """What the dashboard's sidebar selects. `theater=None` means every theater.

    `min_articles` is the least number of distinct articles a supporter→target cell needs
    to be shown; `include_factions` keeps claims whose supporter is itself a local faction
    (faction-vs-faction hostility), which are left out by default. `min_confidence` drops
    claims the extractor is less sure of (the relation model's below its probability).
    `outlets` keeps the claims of articles from those outlets (all outlets when empty).
    """

    theater: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    actors: tuple[str, ...] = field(default_factory=tuple)
    min_articles: int = 1
    include_factions: bool = False
    min_confidence: float = 0.0
    outlets: tuple[str, ...] = field(default_factory=tuple)

    def to_params(self) -> dict[str, str | list[str]]:
        """The filters as URL query parameters; defaults are left out to keep links short."""
        params: dict[str, str | list[str]] = {}
        if self.theater:
            params["theater"] = self.theater
        if self.date_from:
            params["date_from"] = self.date_from.isoformat()
        if self.date_to:
            params["date_to"] = self.date_to.isoformat()
        if self.actors:
            params["actors"] = list(self.actors)
        if self.min_articles > 1:
            params["min_articles"] = str(self.min_articles)
        if self.include_factions:
            params["factions"] = "true"
        if self.min_confidence > 0:
            params["min_confidence"] = f"{self.min_confidence:g}"
        if self.outlets:
            params["outlets"] = list(self.outlets)
        return params

    @classmethod
    def from_params(cls, params: Mapping[str, str | Sequence[str]]) -> Filters:
        """Read filters back from query parameters; malformed values fall back to defaults."""

        def last(name: str) -> str:
            value = params.get(name) or ""
            return value if isinstance(value, str) else (list(value) or [""])[-1]

        def every(name: str) -> tuple[str, ...]:
            value = params.get(name) or ()
            return tuple(v for v in ((value,) if isinstance(value, str) else value) if v)

        min_articles = last("min_articles")
        return cls(
            theater=last("theater") or None,
            date_from=parse_iso_date(last("date_from")),
            date_to=parse_iso_date(last("date_to")),
            actors=every("actors"),
            min_articles=max(1, int(min_articles)) if min_articles.isdigit() else 1,
            include_factions=last("factions").lower() == "true",
            min_confidence=_parse_confidence(last("min_confidence")),
            outlets=every("outlets"),
        )


def _parse_confidence(value: str) -> float:
    """A confidence between 0 and 1 from a URL value; anything else is 0 (no filter)."""
    try:
        number = float(value)
    except ValueError:
        return 0.0
    return number if 0.0 <= number <= 1.0 else 0.0


def cell_conditions(t, f: Filters) -> list:
    """The conditions of `f` on a cell's columns (theater, supporter, supporter type), for
    the claims table and the summary tables alike (`t` is a table's `.c`)."""
    conds = []
    if f.theater:
        conds.append(t.theater == f.theater)
    if f.actors:
        conds.append(t.supporter.in_(f.actors))
    if not f.include_factions:
        conds.append(t.supporter_type != "faction")
    return conds


def conditions(f: Filters) -> list:
    """WHERE conditions shared by every claim query: asserted claims matching the filters."""
    c = claims.c
    conds = [c.status == ASSERTED]
    if f.date_from:
        conds.append(c.date >= f.date_from)
    if f.date_to:
        conds.append(c.date <= f.date_to)
    if f.min_confidence > 0:
        conds.append(c.confidence >= f.min_confidence)
    if f.outlets:
        conds.append(
            c.article_id.in_(select(articles.c.id).where(articles.c.outlet.in_(f.outlets)))
        )
    return conds + cell_conditions(c, f)
