"""The actor knowledge base: theaters, actors and their aliases, read from `analysis/data`.

The three CSV files are data a researcher can edit: a new theater, faction or minister is a
row, never code. Everything is checked on load, and a bad row is reported with its file and
line, because a wrong alias silently produces wrong claims. Aliases carry dates of validity
(a minister speaks for his state only while in office) and an optional theater (`SDF` is a
Syrian faction in Syria, a Tripoli militia in Libya).
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from analysis.errors import KnowledgeBaseError
from analysis.text import SAME_LENGTH, to_date

DATA_DIR = Path(__file__).parent / "data"
THEATERS_FILE = "theaters.csv"
DEFAULT_GAP_MONTHS = 18
ACTORS_FILE = "actors.csv"
ALIASES_FILE = "aliases.csv"
ELSEWHERE_FILE = "elsewhere.csv"  # optional

THEATER_COLUMNS = ("theater", "start", "gap_months", "keywords", "blockers")
ACTOR_COLUMNS = ("actor", "type", "theaters", "outside_type", "description")
ELSEWHERE_COLUMNS = ("place", "keywords", "blockers")
ALIAS_COLUMNS = ("alias", "actor", "kind", "group", "valid_from", "valid_to", "theater", "match")

ACTOR_TYPES = frozenset({"state", "intergovernmental", "non-state", "faction"})
OUTSIDE_TYPES = frozenset({"", "state", "intergovernmental", "non-state"})
ALIAS_KINDS = frozenset(
    {
        "name",
        "abbreviation",
        "demonym",
        "metonym",
        "leader",
        "minister",
        "official",
        "unit",
        "descriptor",
        "blocker",
    }
)
BLOCKER = "-"  # the actor column of a blocker row

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def normalize(text: str) -> str:
    """Fold text for alias lookup: case, diacritics, quote and dash styles, spacing.

    "Erdoğan", "ERDOGAN" and "Erdogan" become one key, as do "Hay’at" and "Hay'at".
    The dotless ı of Turkish names has no decomposition, so it is mapped to i by hand.
    """
    text = text.translate(SAME_LENGTH).replace("ı", "i")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def alias_forms(text: str) -> list[str]:
    """An alias as written, and, when it holds a possessive inside ("Syria's army"), as
    copy that strips apostrophes writes it ("Syrias army")."""
    bare = re.sub(r"(?<=\w)['’]s\b(?=\s)", "s", text)
    return [text] if bare == text else [text, bare]


@dataclass(frozen=True)
class Actor:
    """A canonical actor: a faction fighting in `theaters`, or an outside actor."""

    name: str
    type: str
    theaters: tuple[str, ...]
    outside_type: str
    description: str


# Alias kinds whose possessive may be written without its apostrophe ("Assads forces",
# "the armys air force").
POSSESSIVE_KINDS = frozenset({"name", "leader", "minister", "metonym", "unit", "descriptor"})
# An all-capital abbreviation with a lower-case "s" after it is its possessive ("SDFs
# main backer", "ISs supply route"): no word of English is written so.
ABBREVIATION_POSSESSIVE = frozenset({"abbreviation", "name"})


@dataclass(frozen=True)
class Alias:
    """One surface form of an actor (or a blocker phrase, actor "-") and when it holds."""

    text: str
    actor: str
    kind: str
    group: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    theater: str = ""
    exact: bool = False

    @property
    def is_blocker(self) -> bool:
        return self.actor == BLOCKER

    def valid_on(self, day: date | None) -> bool:
        """True when `day` is unknown or falls in [valid_from, valid_to)."""
        if day is None:
            return True
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day < self.valid_to


@dataclass(frozen=True)
class Place:
    """Where a war the tracker does not follow is fought, with the words that place a
    sentence there (Iraq, beside the war in Syria)."""

    name: str
    keywords: tuple[str, ...]
    blockers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Theater:
    """A war the tracker follows, with the words that place a sentence in it."""

    name: str
    keywords: tuple[str, ...]
    blockers: tuple[str, ...]
    start: date | None = None  # when the war began: "the early years of the war" count from it
    # Months without evidence after which a period of support or opposition is closed.
    gap_months: int = DEFAULT_GAP_MONTHS


@dataclass
class KnowledgeBase:
    """Actors, aliases and theaters, with lookups by surface text."""

    actors: dict[str, Actor]
    aliases: list[Alias]
    theaters: dict[str, Theater]
    data_dir: Path | None = None  # the folder it was read from
    elsewhere: dict[str, Place] = field(default_factory=dict)  # wars it does not follow
    _folded: dict[str, list[Alias]] = field(default_factory=dict, init=False, repr=False)
    _exact: dict[str, list[Alias]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for alias in self.aliases:
            if alias.exact:
                self._exact.setdefault(alias.text, []).append(alias)
            else:
                for form in alias_forms(alias.text):
                    self._folded.setdefault(normalize(form), []).append(alias)

    def is_faction(self, name: str) -> bool:
        actor = self.actors.get(name)
        return actor is not None and actor.type == "faction"

    def factions(self, theater: str) -> list[str]:
        """The warring factions of a theater, in file order."""
        return [
            a.name for a in self.actors.values() if a.type == "faction" and theater in a.theaters
        ]

    def group_of(self, supporter: str, target: str) -> str:
        """ "faction" when the supporter is itself a warring faction where the target
        fights (the Syrian government against Syrian rebels), else "outside" (Russia
        anywhere, the Syrian government backing the LNA in Libya)."""
        other = self.actors.get(target)
        theaters = other.theaters if other is not None and supporter in self.actors else ()
        own = any(self.supporter_type(supporter, t) == "faction" for t in theaters)
        return "faction" if own else "outside"

    def outside_actors(self) -> list[str]:
        """Actors that can back a side from outside: states, bodies, foreign non-state
        groups, and factions with an outside type (the Syrian government in Libya)."""
        return [a.name for a in self.actors.values() if a.type != "faction" or a.outside_type]

    def aliases_for(self, text: str) -> list[Alias]:
        """Every row whose alias is `text`: exact rows compared as written, the others
        after `normalize`."""
        stripped = " ".join(text.split())
        rows = self._exact.get(stripped, []) + self._folded.get(normalize(text), [])
        if not rows:
            rows = self.possessive_rows(text)
        return rows

    def possessive_rows(self, text: str) -> list[Alias]:
        """ "Assads", "Irans": a possessive whose apostrophe was stripped (feeds and scraped
        copy often drop it) stands for the name, leader or seat it is made from."""
        stem = " ".join(text.split())[:-1]
        if text.endswith("s") and stem.isupper() and stem.isalpha():  # "SDFs main backer"
            return [a for a in self._exact.get(stem, []) if a.kind in ABBREVIATION_POSSESSIVE]
        key = normalize(text)
        if len(key) < 4 or not key.endswith("s") or key.endswith("ss"):
            return []
        return [a for a in self._folded.get(key[:-1], []) if a.kind in POSSESSIVE_KINDS]

    def resolve(
        self, text: str, *, day: date | None = None, theater: str | None = None
    ) -> Alias | None:
        """The one row that says what `text` denotes on `day` in `theater`, or None.

        Rows restricted to another theater, or to any theater when `theater` is unknown,
        never apply; nor do rows outside their dates. Rows restricted to `theater` win over
        open rows. If the rows left name different actors the text is ambiguous: None.
        """
        rows = [
            a
            for a in self.aliases_for(text)
            if a.valid_on(day) and (a.theater == "" or a.theater == theater)
        ]
        if not rows:
            return None
        specific = [a for a in rows if a.theater]
        rows = specific or rows
        if len({a.actor for a in rows}) > 1:
            return None
        # The same actor on several rows: the one with a dated period is the more specific.
        return max(rows, key=lambda a: a.valid_from is not None or a.valid_to is not None)

    def supporter_type(self, name: str, theater: str | None = None) -> str:
        """The type an actor has when it acts in `theater`: its own type, or for a faction
        outside its theaters its outside type (non-state when none is given)."""
        actor = self.actors[name]
        if actor.type != "faction" or (theater is not None and theater in actor.theaters):
            return actor.type
        return actor.outside_type or "non-state"


def load_kb(data_dir: Path | None = None) -> KnowledgeBase:
    """Read and check the knowledge base in `data_dir` (default: the bundled one).

    Cached per resolved folder: every caller in a process shares one copy.
    """
    return _load((data_dir or DATA_DIR).resolve())


@functools.lru_cache(maxsize=8)
def _load(data_dir: Path) -> KnowledgeBase:
    theaters = _read_theaters(data_dir / THEATERS_FILE)
    actors = _read_actors(data_dir / ACTORS_FILE, theaters)
    aliases = _read_aliases(data_dir / ALIASES_FILE, actors, theaters)
    kb = KnowledgeBase(actors=actors, aliases=aliases, theaters=theaters, data_dir=data_dir)
    if (data_dir / ELSEWHERE_FILE).exists():
        kb.elsewhere = _read_elsewhere(data_dir / ELSEWHERE_FILE, kb)
    return kb


def data_rows(
    path: Path, columns: tuple[str, ...], *, hint: str = ""
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row of one of the package's CSV data files; '#'
    comment lines and blank lines skipped; a wrong header or column count is refused with
    the file and line (and `hint`, said after a wrong column count)."""
    if not path.is_file():
        raise KnowledgeBaseError(f"{path}: file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise KnowledgeBaseError(f"{path}: not UTF-8 text ({err.reason})") from err
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            fields = next(csv.reader([line], strict=True))
        except csv.Error as err:
            raise KnowledgeBaseError(f"{path}:{lineno}: malformed CSV ({err})") from err
        fields = [f.strip() for f in fields]
        if not header_seen:
            if tuple(fields) != columns:
                raise KnowledgeBaseError(
                    f"{path}:{lineno}: header must be {','.join(columns)}, got {','.join(fields)}"
                )
            header_seen = True
            continue
        if len(fields) != len(columns):
            raise KnowledgeBaseError(
                f"{path}:{lineno}: expected {len(columns)} columns, got {len(fields)}"
                + (f" ({hint})" if hint else "")
            )
        yield lineno, dict(zip(columns, fields, strict=True))
    if not header_seen:
        raise KnowledgeBaseError(f"{path}: no header line ({','.join(columns)})")


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


@functools.lru_cache(maxsize=4)
def load_theaters(data_dir: Path = DATA_DIR) -> dict[str, Theater]:
    """The theaters alone (a small file), for readers that need no actors or aliases."""
    return _read_theaters(Path(data_dir) / THEATERS_FILE)


def _read_theaters(path: Path) -> dict[str, Theater]:
    theaters: dict[str, Theater] = {}
    for lineno, row in data_rows(path, THEATER_COLUMNS):
        name = row["theater"]
        where = f"{path}:{lineno}"
        if not name:
            raise KnowledgeBaseError(f"{where}: empty theater name")
        if name in theaters:
            raise KnowledgeBaseError(f"{where}: theater {name!r} is listed twice")
        keywords = _split(row["keywords"])
        if not keywords:
            raise KnowledgeBaseError(f"{where}: theater {name!r} has no keywords")
        start = to_date(row["start"]) if row["start"] else None
        if row["start"] and start is None:
            raise KnowledgeBaseError(
                f"{where}: theater {name!r} has start {row['start']!r}, not a YYYY-MM-DD day"
            )
        gap = row["gap_months"] or str(DEFAULT_GAP_MONTHS)
        if not gap.isdigit() or int(gap) < 1:
            raise KnowledgeBaseError(
                f"{where}: theater {name!r} has gap_months {gap!r}, not a whole number of months"
            )
        theaters[name] = Theater(name, keywords, _split(row["blockers"]), start, int(gap))
    return theaters


def _read_elsewhere(path: Path, kb: KnowledgeBase) -> dict[str, Place]:
    """The places of wars not followed. A keyword may not be a theater's keyword (the
    sentence would count for both) nor an actor's name (it would place every sentence in
    which that actor acts); a blocker's phrase ("Iraqi Kurdistan") names no actor."""
    theater_words = {kw.lower(): t.name for t in kb.theaters.values() for kw in t.keywords}
    places: dict[str, Place] = {}
    for lineno, row in data_rows(path, ELSEWHERE_COLUMNS):
        where = f"{path}:{lineno}"
        name = row["place"]
        if not name or name in kb.theaters or name in places:
            raise KnowledgeBaseError(
                f"{where}: place {name!r} is empty, a theater's name or listed twice"
            )
        keywords = _split(row["keywords"])
        if not keywords:
            raise KnowledgeBaseError(f"{where}: place {name!r} has no keywords")
        for word in keywords:
            if word.lower() in theater_words:
                raise KnowledgeBaseError(
                    f"{where}: {word!r} is already a keyword of {theater_words[word.lower()]}"
                )
            if any(not alias.is_blocker for alias in kb.aliases_for(word)):
                raise KnowledgeBaseError(
                    f"{where}: {word!r} is an actor's name; give a place phrase instead"
                )
        places[name] = Place(name, keywords, _split(row["blockers"]))
    return places


def _read_actors(path: Path, theaters: dict[str, Theater]) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for lineno, row in data_rows(path, ACTOR_COLUMNS):
        where = f"{path}:{lineno}"
        name, type_ = row["actor"], row["type"]
        if not name or name == BLOCKER:
            raise KnowledgeBaseError(f"{where}: invalid actor name {name!r}")
        if name in actors:
            raise KnowledgeBaseError(f"{where}: actor {name!r} is listed twice")
        if type_ not in ACTOR_TYPES:
            raise KnowledgeBaseError(
                f"{where}: unknown type {type_!r} (one of {', '.join(sorted(ACTOR_TYPES))})"
            )
        fought = _split(row["theaters"])
        for theater in fought:
            if theater not in theaters:
                raise KnowledgeBaseError(f"{where}: unknown theater {theater!r}")
        if type_ == "faction" and not fought:
            raise KnowledgeBaseError(f"{where}: faction {name!r} needs at least one theater")
        if type_ != "faction" and fought:
            raise KnowledgeBaseError(f"{where}: only factions have theaters ({name!r})")
        outside = row["outside_type"]
        if outside not in OUTSIDE_TYPES or (outside and type_ != "faction"):
            raise KnowledgeBaseError(
                f"{where}: outside_type {outside!r} is only for factions, "
                f"one of {', '.join(sorted(OUTSIDE_TYPES - {''}))}"
            )
        actors[name] = Actor(name, type_, fought, outside, row["description"])
    return actors


def _read_aliases(
    path: Path, actors: dict[str, Actor], theaters: dict[str, Theater]
) -> list[Alias]:
    aliases: list[Alias] = []
    seen: dict[tuple, int] = {}
    for lineno, row in data_rows(path, ALIAS_COLUMNS):
        where = f"{path}:{lineno}"
        text, actor, kind = row["alias"], row["actor"], row["kind"]
        if not text:
            raise KnowledgeBaseError(f"{where}: empty alias")
        if actor != BLOCKER and actor not in actors:
            raise KnowledgeBaseError(f"{where}: unknown actor {actor!r} for alias {text!r}")
        if kind not in ALIAS_KINDS:
            raise KnowledgeBaseError(
                f"{where}: unknown kind {kind!r} (one of {', '.join(sorted(ALIAS_KINDS))})"
            )
        if (actor == BLOCKER) != (kind == "blocker"):
            raise KnowledgeBaseError(f"{where}: a blocker has actor '-' and kind 'blocker'")
        if row["theater"] and row["theater"] not in theaters:
            raise KnowledgeBaseError(f"{where}: unknown theater {row['theater']!r}")
        if row["match"] not in ("", "exact"):
            raise KnowledgeBaseError(f"{where}: match must be 'exact' or empty")
        start = _date(row["valid_from"], where, "valid_from")
        end = _date(row["valid_to"], where, "valid_to")
        if start and end and start >= end:
            raise KnowledgeBaseError(f"{where}: valid_from {start} is not before valid_to {end}")
        exact = row["match"] == "exact"
        # Case variants of a folded alias are one alias; diacritic variants are kept apart
        # because the span rulers match them as written.
        key = (text if exact else text.casefold(), actor, start, end)
        if key in seen:
            raise KnowledgeBaseError(
                f"{where}: duplicate of line {seen[key]} ({text!r} -> {actor!r}, same period)"
            )
        seen[key] = lineno
        aliases.append(Alias(text, actor, kind, row["group"], start, end, row["theater"], exact))
    return aliases


def _date(value: str, where: str, column: str) -> date | None:
    if not value:
        return None
    if not _ISO_DATE.fullmatch(value):
        raise KnowledgeBaseError(f"{where}: {column} {value!r} is not a YYYY-MM-DD date")
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise KnowledgeBaseError(f"{where}: {column} {value!r} is not a valid date") from err
