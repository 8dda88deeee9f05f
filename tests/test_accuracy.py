"""Accuracy floors on the real-news test split (FA-KES pool, labelled in bench/data/real).

The floors sit just below the figures measured with `python bench/accuracy.py --set
real-test` (see README, "Measured accuracy"): a change that loses claims on news the rules
were never tuned on fails here. The pool's texts are not in the repository; without them
the test is skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import accuracy  # noqa: E402

from analysis import corpus  # noqa: E402

pytestmark = [pytest.mark.model, pytest.mark.slow]

# (group, minimum confidence of the claims scored, minimum precision, minimum recall) on the
# test split: every claim, and the claims the dashboard keeps at a 0.8 confidence filter.
# Groups as `KnowledgeBase.group_of` tells them: the Syrian government's claims in Syria are
# faction claims.
FLOORS = [
    # Outside recall was 0.595 at stop 26; cross-validation then raised the model's outside
    # threshold from 0.85 to 0.90 and the split gave 0.578 (three claims fewer). At stop 28
    # it raised the faction threshold from 0.80 to 0.85 and faction recall fell from 0.665
    # to 0.612. At stop 29 the rules gained recall (outside 0.584 -> 0.589, faction 0.612 ->
    # 0.654) and cross-validation raised the outside threshold to 0.95; outside precision
    # went 0.794 -> 0.779 (three false claims more) and, at the 0.8 filter, faction recall
    # 0.527 -> 0.505. At stop 30 the rules' changes left the split as it was and the
    # retrained model's outside threshold came back to 0.90: outside recall 0.589 -> 0.622.
    # At stop 31 the rules' changes again left the split as it was; the retrained model
    # (no class weights, chosen by cross-validation) adds fewer outside claims: outside
    # precision 0.782 -> 0.794, recall 0.622 -> 0.605; at the 0.8 filter 0.794 -> 0.808.
    # At stop 32 the rules gained one right outside claim; cross-validation went back to
    # balanced class weights and a faction threshold of 0.85: outside 0.794 / 0.605 ->
    # 0.784 / 0.627, factions 0.867 / 0.660 -> 0.858 / 0.644; at the 0.8 filter outside
    # precision 0.808 -> 0.797.
    # At stop 37 the rules gained five right outside claims and the model, retrained and
    # chosen by cross-validation (no class weights, thresholds 0.80), keeps fewer faction
    # claims: outside 0.784 / 0.627 -> 0.791 / 0.654, factions 0.858 / 0.644 -> 0.881 / 0.628.
    # The floors follow the measured figures; they were not tuned towards.
    ("outside", 0.0, 0.78, 0.60),
    ("faction", 0.0, 0.85, 0.62),
    ("outside", 0.8, 0.79, 0.56),
    ("faction", 0.8, 0.91, 0.50),
]


@pytest.fixture(scope="module")
def test_split_tallies():
    if not corpus.pool_available():
        pytest.skip(f"the FA-KES pool is not at {corpus.pool_dir()} (set ${corpus.POOL_ENV})")
    from analysis.extract import Extractor

    extractor = Extractor.load()
    items = accuracy.load_real("test")
    found = accuracy.extract_all(extractor, items)  # once, scored at every level
    return {
        level: accuracy.evaluate(
            extractor, items, errors=[], min_confidence=level, extractions=found
        )[0]
        for level in sorted({floor[1] for floor in FLOORS})
    }


@pytest.mark.parametrize(("group", "level", "min_precision", "min_recall"), FLOORS)
def test_real_test_split_stays_above_its_floor(
    test_split_tallies, group, level, min_precision, min_recall
):
    precision, recall, _ = accuracy.score(*test_split_tallies[level][(group, "all")].totals())
    assert precision >= min_precision
    assert recall >= min_recall


def test_gold_labels_match_the_pool_and_the_split_rule():
    if not corpus.pool_available():
        pytest.skip(f"the FA-KES pool is not at {corpus.pool_dir()}")
    from label_tool import check

    assert check(corpus.GOLD, corpus.load_pool()) == []


@pytest.mark.parametrize(
    ("outlet", "day", "split"),
    [
        ("sputnik", "2014-05-01", "test"),
        ("ahram", "2017-01-01", "test"),
        ("ahram", "2016-07-01", "dev"),
        ("ahram", "2016-06-30", "train"),
    ],
)
def test_split_rule(outlet, day, split):
    assert corpus.split_of(outlet, day) == split


def test_scoring_needs_the_evidence_sentence():
    from analysis.models import Article, Claim

    gold = [
        {
            "supporter": "Russia",
            "relation": "supports",
            "target": "Syrian government",
            "theater": "Syria",
            "optional": False,
            "evidence": [[0, 10]],
        }
    ]
    item = accuracy.Item(Article(text="x" * 40), gold, evidence=True)

    def claim(start, end):
        return Claim(
            "s",
            "Russia",
            "state",
            "supports",
            "Syrian government",
            "Syria",
            "",
            "",
            start,
            end,
            None,
            False,
            0.9,
        )

    def group(_supporter, _target):
        return "outside"

    assert accuracy.compare(item, [claim(0, 10)], group, [])[("outside", "Syria")] == [1, 0, 0]
    assert accuracy.compare(item, [claim(20, 30)], group, [])[("outside", "Syria")] == [0, 1, 1]


def _claim(sup: str, start: int, *, rule: str = "verb", alleged: bool = False):
    """A claim that `sup` supports the Syrian government, read in characters start..start+10."""
    from analysis.models import Claim

    return Claim(
        source="a",
        supporter=sup,
        supporter_type="state",
        relation="supports",
        target="Syrian government",
        theater="Syria",
        kind="unspecified",
        sentence="",
        start=start,
        end=start + 10,
        date=None,
        alleged=alleged,
        confidence=0.9,
        rule=rule,
    )


def test_by_rule_counts_each_claim_against_the_labels_and_skips_optional_ones():
    from collections import defaultdict

    from analysis.models import Article

    gold = [
        {
            "supporter": "Iran",
            "relation": "supports",
            "target": "Syrian government",
            "evidence": [[0, 10]],
        },
        {
            "supporter": "Iraq",
            "relation": "supports",
            "target": "Syrian government",
            "optional": True,
            "evidence": [[0, 10]],
        },
    ]
    item = accuracy.Item(Article(text="x" * 40, source="a"), gold, evidence=True)
    claims = [
        _claim("Iran", 0, rule="verb"),  # right
        _claim("Iran", 20, rule="pattern:thanks_to"),  # right triple, wrong sentence
        _claim("Russia", 0, rule="model"),  # not labelled
        _claim("Iraq", 0, rule="model"),  # optional: not counted
    ]
    tally = defaultdict(lambda: [0, 0])
    accuracy.by_rule(item, claims, tally)
    assert dict(tally) == {"verb": [1, 1], "pattern": [1, 0], "model": [1, 0]}


def test_alleged_agreement_counts_found_labels_by_their_flags():
    from collections import Counter

    from analysis.models import Article

    def claim(sup, start, alleged):
        return _claim(sup, start, alleged=alleged)

    def label(sup, alleged, optional=False):
        return {
            "supporter": sup,
            "relation": "supports",
            "target": "Syrian government",
            "alleged": alleged,
            "optional": optional,
            "evidence": [[0, 10], [20, 30]],
        }

    gold = [
        label("Iran", False),
        label("Russia", True),
        label("Iraq", True, True),
        label("China", False),
    ]
    item = accuracy.Item(Article(text="x" * 60, source="a"), gold, evidence=True)
    claims = [
        claim("Iran", 0, True),
        claim("Iran", 20, False),  # one plain sentence: the article's claim is plain
        claim("Russia", 0, False),
        claim("Russia", 40, True),  # outside the evidence: not this label's
        claim("Iraq", 0, False),  # optional: not counted
    ]  # China: never found, not counted
    tally = Counter()
    accuracy.alleged_agreement(item, claims, lambda _s, _t: "outside", tally)
    assert tally == Counter({("outside", False, False): 1, ("outside", True, False): 1})


def test_wilson_interval_brackets_the_rate():
    low, high = accuracy.wilson(90, 100)
    assert 0.82 < low < 0.83 and 0.94 < high < 0.95  # the textbook 0.826-0.945
    assert accuracy.wilson(0, 0) == (0.0, 1.0)


def test_tallies_by_year_follow_each_articles_date():
    from collections import defaultdict
    from types import SimpleNamespace

    from analysis.models import Article

    gold = [
        {
            "supporter": "Iran",
            "relation": "supports",
            "target": "Syrian government",
            "theater": "Syria",
            "evidence": [[0, 10]],
        }
    ]
    items = [
        accuracy.Item(Article(text="x" * 40, source="a", date="2016-05-01"), gold, evidence=True),
        accuracy.Item(Article(text="x" * 40, source="b", date="2017-02-01"), gold, evidence=True),
    ]
    found = [SimpleNamespace(claims=[_claim("Iran", 0)]), SimpleNamespace(claims=[])]
    extractor = SimpleNamespace(kb=SimpleNamespace(group_of=lambda _s, _t: "outside"))
    by_year = defaultdict(accuracy.Tally)
    accuracy.evaluate(extractor, items, errors=[], extractions=found, by_year=by_year)
    assert by_year[("outside", "2016")].totals() == (1, 0, 0)
    assert by_year[("outside", "2017")].totals() == (0, 0, 1)
