"""The actor knowledge base: the bundled data, alias resolution, and validation on load."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from analysis.kb import (
    DATA_DIR,
    Alias,
    load_kb,
    normalize,
)


@pytest.fixture(scope="module")
def kb():
    return load_kb()


# -- the bundled knowledge base ---------------------------------------------------------------


def test_bundled_kb_loads(kb):
    assert set(kb.theaters) == {"Libya", "Syria", "Yemen"}
    assert len(kb.aliases) > 500
    assert sum(a.type == "state" for a in kb.actors.values()) >= 40


def test_load_kb_is_cached_per_folder():
    assert load_kb() is load_kb(DATA_DIR)


@pytest.mark.parametrize(
    ("name", "type_", "theaters"),
    [
        ("GNA", "faction", ("Libya",)),
        ("LNA", "faction", ("Libya",)),
        ("GNC", "faction", ("Libya",)),
        ("Syrian government", "faction", ("Syria",)),
        ("Syrian opposition", "faction", ("Syria",)),
        ("SDF", "faction", ("Syria",)),
        ("HTS", "faction", ("Syria",)),
        ("ISIS", "faction", ("Syria", "Libya", "Yemen")),
        ("Houthis", "faction", ("Yemen",)),
        ("Yemeni government", "faction", ("Yemen",)),
        ("STC", "faction", ("Yemen",)),
        ("AQAP", "faction", ("Yemen",)),
        ("Turkey", "state", ()),
        ("Russia", "state", ()),
        ("United Arab Emirates", "state", ()),
        ("Egypt", "state", ()),
        ("Qatar", "state", ()),
        ("United States", "state", ()),
        ("United Kingdom", "state", ()),
        ("Saudi Arabia", "state", ()),
        ("Iran", "state", ()),
        ("Wagner Group", "non-state", ()),
        ("Hezbollah", "non-state", ()),
        ("Iran-backed militias", "non-state", ()),
        ("United Nations", "intergovernmental", ()),
        ("NATO", "intergovernmental", ()),
        ("European Union", "intergovernmental", ()),
        ("Arab League", "intergovernmental", ()),
        ("African Union", "intergovernmental", ()),
        ("Global Coalition against ISIS", "intergovernmental", ()),
    ],
)
def test_canonical_actor(kb, name, type_, theaters):
    actor = kb.actors[name]
    assert (actor.type, actor.theaters) == (type_, theaters)


def test_syrian_government_acts_as_a_state_outside_syria(kb):
    assert kb.actors["Syrian government"].outside_type == "state"
    assert "Syrian government" in kb.outside_actors()
    assert kb.supporter_type("Syrian government", "Libya") == "state"
    assert kb.supporter_type("Syrian government", "Syria") == "faction"


def test_factions_and_outside_actors(kb):
    assert set(kb.factions("Libya")) == {"GNA", "LNA", "GNC", "ISIS"}
    assert set(kb.factions("Yemen")) == {"Houthis", "Yemeni government", "STC", "AQAP", "ISIS"}
    assert kb.is_faction("SDF") and not kb.is_faction("Turkey") and not kb.is_faction("Nobody")
    assert "GNA" not in kb.outside_actors()
    assert {"Turkey", "Wagner Group", "United Nations"} <= set(kb.outside_actors())


def test_every_actor_has_an_alias_and_its_own_name(kb):
    named = defaultdict(set)
    for alias in kb.aliases:
        named[alias.actor].add(alias.text)
    for name in kb.actors:
        assert name in named[name], f"{name} has no alias row for its own name"


def _overlap(a: Alias, b: Alias) -> bool:
    lo = max(a.valid_from or date.min, b.valid_from or date.min)
    hi = min(a.valid_to or date.max, b.valid_to or date.max)
    return lo < hi


def test_no_alias_names_two_actors_at_once(kb):
    """Two rows for one text in one theater and period must agree on the actor (and group)."""
    rows = defaultdict(list)
    for alias in kb.aliases:
        rows[(alias.text if alias.exact else normalize(alias.text), alias.theater)].append(alias)
    clashes = [
        (a.text, a.actor, b.actor)
        for same in rows.values()
        for i, a in enumerate(same)
        for b in same[i + 1 :]
        if _overlap(a, b) and (a.actor, a.group) != (b.actor, b.group)
    ]
    assert clashes == []


def test_exact_aliases_are_short_forms(kb):
    for alias in kb.aliases:
        if alias.exact:
            assert len(alias.text) <= 8 or "-" in alias.text or " " in alias.text, alias


# -- resolution -------------------------------------------------------------------------------

D = date.fromisoformat


@pytest.mark.parametrize(
    ("text", "day", "theater", "actor", "group"),
    [
        ("Haftar", None, None, "LNA", ""),
        ("Khalifa Hifter", D("2019-04-04"), "Libya", "LNA", ""),
        ("Sarraj", D("2018-06-01"), "Libya", "GNA", ""),
        ("Dbeibah", D("2022-01-01"), "Libya", "GNA", "GNU"),
        ("Government of National Unity", None, "Libya", "GNA", "GNU"),
        ("Bashagha", D("2019-06-01"), "Libya", "GNA", ""),
        ("Bashagha", D("2022-06-01"), "Libya", "LNA", "GNS"),
        ("Aguila Saleh", D("2020-06-01"), None, "LNA", "HoR"),
        ("House of Representatives", None, "Libya", "LNA", "HoR"),
        ("Tripoli government", D("2015-06-01"), "Libya", "GNC", ""),
        ("Tripoli government", D("2019-06-01"), "Libya", "GNA", ""),
        ("Tripoli", D("2020-01-01"), "Libya", "GNA", ""),
        ("Libya Dawn", None, None, "GNC", ""),
        ("UN-recognised government", D("2020-01-01"), "Libya", "GNA", ""),
        ("Special Deterrence Force", D("2019-06-01"), "Libya", "GNA", ""),
        ("eastern forces", None, "Libya", "LNA", ""),
        ("Damascus", D("2015-06-01"), "Syria", "Syrian government", ""),
        ("Damascus", D("2020-06-01"), "Libya", "Syrian government", ""),
        ("Damascus", D("2024-12-08"), "Syria", "Syrian government", ""),  # the day it fell
        ("Syria", D("2020-03-03"), "Libya", "Syrian government", ""),  # a state in Libya
        ("Assad", D("2016-01-01"), None, "Syrian government", ""),
        ("al Assad", D("2016-01-01"), None, "Syrian government", ""),
        ("al-Assad", D("2016-01-01"), None, "Syrian government", ""),
        ("forces loyal to Assad", None, None, "Syrian government", ""),
        ("regime forces", D("2016-01-01"), "Syria", "Syrian government", ""),
        ("opposition fighters", None, "Syria", "Syrian opposition", ""),
        ("rebel positions", None, "Syria", "Syrian opposition", ""),
        ("Rada", D("2023-01-01"), "Libya", "GNA", "GNU"),
        ("Free Syrian Army", None, None, "Syrian opposition", "Free Syrian Army"),
        ("SNA", None, "Syria", "Syrian opposition", "Syrian National Army"),
        ("Ahrar al-Sham", None, "Syria", "Syrian opposition", ""),
        ("SDF", None, "Syria", "SDF", ""),
        ("YPG", None, None, "SDF", "YPG"),
        ("Nusra Front", None, None, "HTS", "Nusra Front"),
        ("Jabhat Fateh al-Sham", None, None, "HTS", "Jabhat Fateh al-Sham"),
        ("Daesh", None, None, "ISIS", ""),
        ("IS", None, None, "ISIS", ""),
        ("Islamic State in Libya", None, None, "ISIS", "ISIS-Libya"),
        ("Ansar Allah", None, None, "Houthis", ""),
        ("Houthi rebels", None, None, "Houthis", ""),
        (
            "Presidential Leadership Council",
            D("2023-01-01"),
            None,
            "Yemeni government",
            "Presidential Leadership Council",
        ),
        (
            "Presidential Council",
            D("2023-01-01"),
            "Yemen",
            "Yemeni government",
            "Presidential Leadership Council",
        ),
        ("Presidential Council", D("2023-01-01"), "Libya", "GNA", "GNU"),
        ("Southern Transitional Council", D("2020-01-01"), None, "STC", ""),
        ("AQAP", None, None, "AQAP", ""),
        ("Erdogan", D("2020-01-01"), None, "Turkey", ""),
        ("Erdoğan", D("2020-01-01"), None, "Turkey", ""),
        ("ERDOGAN", D("2020-01-01"), None, "Turkey", ""),
        ("Türkiye", None, None, "Turkey", ""),
        ("Ankara", None, None, "Turkey", ""),
        ("Çavuşoğlu", D("2020-01-01"), None, "Turkey", ""),
        ("the Kremlin", None, None, "Russia", ""),
        ("Lavrov", D("2020-01-01"), None, "Russia", ""),
        ("Shoigu", D("2020-01-01"), None, "Russia", ""),
        ("Russian mercenaries", None, None, "Wagner Group", ""),
        ("PMC Wagner", None, None, "Wagner Group", ""),
        ("Emirati", None, None, "United Arab Emirates", ""),
        ("Abu Dhabi", None, None, "United Arab Emirates", ""),
        ("Sisi", D("2020-01-01"), None, "Egypt", ""),
        ("US", None, None, "United States", ""),
        ("U.S.", None, None, "United States", ""),
        ("Washington", None, None, "United States", ""),
        ("Pompeo", D("2019-01-01"), None, "United States", ""),
        ("U.N.", None, None, "United Nations", ""),
        ("UN Security Council", None, None, "United Nations", ""),
        ("Stephanie Williams", D("2021-01-01"), None, "United Nations", "UNSMIL"),
        ("US-led coalition", None, "Syria", "Global Coalition against ISIS", ""),
        ("Fatemiyoun", None, None, "Iran-backed militias", ""),
        ("Kataib Hezbollah", None, None, "Iran-backed militias", ""),
        ("Hezbollah", None, None, "Hezbollah", ""),
    ],
)
def test_resolve(kb, text, day, theater, actor, group):
    alias = kb.resolve(text, day=day, theater=theater)
    assert alias is not None, text
    assert (alias.actor, alias.group) == (actor, group)


@pytest.mark.parametrize(
    ("text", "day", "theater"),
    [
        ("Shoigu", D("2025-01-01"), None),  # out of office from May 2024
        ("Cavusoglu", D("2024-01-01"), None),
        ("Sarraj", D("2022-01-01"), "Libya"),
        ("Damascus", D("2025-03-01"), "Syria"),  # no longer Assad's capital
        ("Tripoli", D("2020-01-01"), "Syria"),  # a Libyan metonym only in Libya
        ("Tripoli", D("2012-01-01"), "Libya"),  # before the 2014 split
        ("SDF", None, None),  # Syrian faction or Libyan militia: needs a theater
        ("SNA", None, "Libya"),
        ("Syria", D("2020-03-03"), "Syria"),  # in its own war, a place
        ("us", None, None),  # exact forms never match the ordinary word
        ("Is", None, None),
        ("King Abdullah", D("2013-01-01"), None),  # Saudi or Jordanian king until 2015
        ("Nobody at all", None, None),
    ],
)
def test_resolve_gives_nothing(kb, text, day, theater):
    assert kb.resolve(text, day=day, theater=theater) is None


BLOCKERS = [
    "Cairo initiative",
    "Cairo Declaration",
    "Cairo process",
    "Astana process",
    "Astana talks",
    "Sochi agreement",
    "Berlin conference",
    "Geneva talks",
    "Skhirat agreement",
    "Palermo conference",
    "Al Jazeera",
    "Al Arabiya",
    "Sky News Arabia",
    "Anadolu Agency",
    "TRT",
    "RT",
    "Sputnik",
    "TASS",
    "Press TV",
    "SANA",
    "Syrian Observatory for Human Rights",
    "SOHR",
    "Reuters",
    "Associated Press",
    "Agence France-Presse",
    "Iraqi Kurdistan",
    "Kurdistan Region",
    "KRG",
    "Peshmerga",
    "Tripoli, Lebanon",
    "Damascus countryside",
    "Damascus airport",
    "Damascus International Airport",
    "Turkish-Russian deal",
    "Russian-Turkish deal",
    "Turkish-Russian agreement",
    "Turkish-Russian ceasefire",
    "Russian-Turkish ceasefire",
    "Turkish lira",
    "Egyptian pound",
    "Syrian mercenaries",
    "Chinese-made",
    "opposition activists",
    "Syrian opposition activists",
]


@pytest.mark.parametrize("text", BLOCKERS)
def test_blockers(kb, text):
    alias = kb.resolve(text)
    assert alias is not None and alias.actor == "-" and alias.kind == "blocker"


def test_a_blocker_text_never_names_an_actor(kb):
    blocked = {normalize(a.text) for a in kb.aliases if a.actor == "-"}
    named = {normalize(a.text) for a in kb.aliases if a.actor != "-"}
    assert blocked & named == set()


def test_aliases_for_folds_case_and_diacritics_but_not_exact_forms(kb):
    assert {a.actor for a in kb.aliases_for("MEVLUT CAVUSOGLU")} == {"Turkey"}
    assert kb.aliases_for("us") == []
    assert [a.actor for a in kb.aliases_for("US")] == ["United States"]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Erdoğan", "erdogan"),
        ("İbrahim Kalın", "ibrahim kalin"),
        ("Hay’at  Tahrir al–Sham", "hay'at tahrir al-sham"),
        ("Élysée", "elysee"),
        ("  U.N.\u00a0envoy ", "u.n. envoy"),
    ],
)
def test_normalize(text, folded):
    assert normalize(text) == folded


@pytest.mark.parametrize(
    ("day", "valid"),
    [
        (None, True),
        (D("2016-03-29"), False),
        (D("2016-03-30"), True),
        (D("2021-03-14"), True),
        (D("2021-03-15"), False),
    ],
)
def test_valid_on_is_half_open(day, valid):
    alias = Alias("Sarraj", "GNA", "leader", "", D("2016-03-30"), D("2021-03-15"), "", False)
    assert alias.valid_on(day) is valid


# -- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Assads", "Syrian government"),
        ("Irans", "Iran"),
        ("Syrians", None),
        ("Arabs", None),
        ("SDFs", "SDF"),  # an all-capital abbreviation's possessive
        ("YPGs", "SDF"),
        ("Sdfs", None),
    ],
)
def test_possessive_without_apostrophe_reads_as_its_name(kb, text, actor):
    rows = kb.aliases_for(text)
    assert ({a.actor for a in rows} or {None}) == {actor}


@pytest.mark.parametrize(
    ("text", "actor"),
    [("Syrias army", "Syrian government"), ("Lebanons Hezbollah", "Hezbollah")],
)
def test_possessive_inside_an_alias_reads_without_its_apostrophe(kb, text, actor):
    assert {a.actor for a in kb.aliases_for(text)} == {actor}


@pytest.mark.model
def test_stripped_possessive_inside_an_alias_is_found_in_text():
    from analysis.extract import Extractor
    from analysis.models import Article

    text = "Syrias army shelled rebel positions near Hama."
    result = Extractor.load().extract(Article(text=text, source="t", date="2016-08-01"))
    assert ("Syrian government", "opposes", "Syrian opposition") in {
        (c.supporter, c.relation, c.target) for c in result.claims
    }


@pytest.mark.parametrize(
    ("supporter", "target", "group"),
    [
        ("Syrian government", "Syrian opposition", "faction"),  # both fight in Syria
        ("ISIS", "LNA", "faction"),  # ISIS also fights in Libya
        ("Syrian government", "LNA", "outside"),  # a state backing a side in another war
        ("Russia", "Syrian government", "outside"),
        ("Nobody known", "LNA", "outside"),
    ],
)
def test_group_of_a_claim_is_faction_only_within_the_supporters_own_war(
    kb, supporter, target, group
):
    assert kb.group_of(supporter, target) == group
