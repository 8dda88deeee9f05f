"""The words the extraction rules react to: `data/cues.csv` (by role) and `data/kinds.csv`.

Every word list a rule reads lives in these files, each once; a row with an unknown role,
relation or kind is refused with its file and line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.errors import KnowledgeBaseError
from analysis.kb import data_rows

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
RELATIONS = ("supports", "opposes")
# Kinds of hostility a cue may name besides the kinds of support in data/kinds.csv.
HOSTILE_KINDS = ("fighting", "sanctions")
# Every role a row of data/cues.csv may have (the file's header comment explains each).
CUE_ROLES = frozenset(
    [
        "verb",
        "give_verb",
        "noun",
        "agent_noun",
        "behind_noun",
        "participle",
        "light_verb",
        "defend_verb",
        "mutual_noun",
        "capture_verb",
        "receive_verb",
        "alongside_verb",
        "negator",
        "hypothetical",
        "warn_verb",
        "object_control",
        "object_raise",
        "hedge",
        "hedge_noun",
        "report_verb",
        "third_party",
        "record_source",
        "inquiry_mark",
        "force_noun",
        "quantity_noun",
        "holder_participle",
        "stronghold_noun",
        "beneficiary_noun",
        "ouster_noun",
        "negative_conj",
        "alternative_conj",
        "distributive",
        "negative_adverb",
        "end_verb",
        "ending_adverb",
        "past_marker",
        "personnel_noun",
        "scheme_noun",
        "relative_pronoun",
        "pronoun",
        "person_pronoun",
        "companion_prep",
        "coord_prep",
        "loyal_adj",
        "fight_verb",
        "supply_verb",
        "including_prep",
        "including_verb",
        "naming_verb",
        "continue_verb",
        "troop_word",
        "armed_backing",
        "anti_prefix",
        "particle",
        "led_by",
        "designate_verb",
        "terror_word",
        "place_prep",
        "mutual_agent",
        "kind_noun",
        "military_body",
        "own_force",
        "attacker_word",
        "lose_verb",
    ]
)


@dataclass(frozen=True)
class Cue:
    role: str
    relation: str
    kind: str


@dataclass
class CueBook:
    """The cue words of `data/cues.csv` and the kind words of `data/kinds.csv`, indexed."""

    by_role: dict[str, dict[str, Cue]]
    kinds: dict[str, str]
    _roles: dict[str, list[str]] | None = field(default=None, repr=False)

    def get(self, role: str, word: str) -> Cue | None:
        return self.by_role.get(role, {}).get(word)

    def has(self, role: str, word: str) -> bool:
        return word in self.by_role.get(role, {})

    def words(self, role: str) -> list[str]:
        return sorted(self.by_role.get(role, {}))

    def roles_of(self, word: str) -> list[str]:
        if self._roles is None:
            self._roles = {}
            for role, words in self.by_role.items():
                for w in words:
                    self._roles.setdefault(w, []).append(role)
        return self._roles.get(word, [])


@lru_cache(maxsize=4)
def load_cues(data_dir: str = str(DATA_DIR)) -> CueBook:
    """Read the cue and kind words, refusing a row with an unknown role, relation or kind,
    and a word given twice in one role."""
    kinds: dict[str, str] = {}
    for _, row in data_rows(Path(data_dir) / "kinds.csv", ("word", "kind")):
        kinds[row["word"].strip().lower()] = row["kind"]
    known_kinds = set(kinds.values())
    by_role: dict[str, dict[str, Cue]] = {}
    seen: dict[tuple[str, str], int] = {}
    path = Path(data_dir) / "cues.csv"
    for number, row in data_rows(path, ("word", "role", "relation", "kind")):
        word = row["word"].strip().lower()
        first = seen.setdefault((word, row["role"]), number)
        if first != number:  # a second row would silently replace the first one's reading
            raise KnowledgeBaseError(
                f"{path}, line {number}: {word!r} is already given as {row['role']} (line {first})"
            )
        role, relation, kind = row["role"], row["relation"] or "", row["kind"] or ""
        if role not in CUE_ROLES or relation not in ("", *RELATIONS):
            raise KnowledgeBaseError(
                f"{path}, line {number}: unknown role {role!r} or relation {relation!r}"
            )
        if kind and kind not in known_kinds and kind not in HOSTILE_KINDS:
            raise KnowledgeBaseError(f"{path}, line {number}: unknown kind {kind!r}")
        by_role.setdefault(role, {})[word] = Cue(role, relation, kind)
    return CueBook(by_role, kinds)


_DATA_FILES = ("*.csv", "*.json.gz", "patterns/*.jsonl")


def data_fingerprint(*folders: Path) -> str:
    """A short hash of the data files the extractor read (knowledge base, cues, patterns)."""
    digest = hashlib.sha256()
    for folder in folders:
        paths = [p for pattern in _DATA_FILES for p in folder.glob(pattern)]
        for path in sorted(paths):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]
