"""The second annotation of the real-news sample and how its agreement is scored
(bench/agreement.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import agreement  # noqa: E402

from analysis import corpus  # noqa: E402


def _claim(supporter, relation, target, evidence, optional=False):
    return {
        "supporter": supporter,
        "relation": relation,
        "target": target,
        "theater": "Syria",
        "alleged": False,
        "optional": optional,
        "evidence": evidence,
    }


def _group(supporter, target):
    return "faction" if supporter in ("Syrian government", "Syrian opposition") else "outside"


def test_annotators_agree_only_on_overlapping_evidence():
    first = [
        _claim("Russia", "supports", "Syrian government", [[0, 50]]),
        _claim("Iran", "supports", "Syrian government", [[60, 90]]),
    ]
    second = [
        _claim("Russia", "supports", "Syrian government", [[10, 40], [100, 140]]),
        _claim("Iran", "supports", "Syrian government", [[100, 140]]),  # another sentence
        _claim("Syrian government", "opposes", "Syrian opposition", [[0, 50]]),
    ]
    cells = agreement.compare_labels(first, second, _group)
    assert cells["outside"] == [1, 1, 1]
    assert cells["faction"] == [0, 1, 0]


def test_a_claim_optional_for_either_annotator_counts_neither_way():
    first = [
        _claim("Turkey", "opposes", "SDF", [[0, 50]], optional=True),
        _claim("Qatar", "supports", "Syrian opposition", [[0, 50]]),
    ]
    second = [
        _claim("Turkey", "opposes", "SDF", [[0, 50]]),
        _claim("Qatar", "supports", "Syrian opposition", [[0, 50]], optional=True),
    ]
    assert agreement.compare_labels(first, second, _group)["outside"] == [0, 0, 0]
    assert agreement.compare_labels(second, first, _group)["outside"] == [0, 0, 0]
    # counting the grey cases too, both are claims the two agree on
    strict = agreement.compare_labels(first, second, _group, strict=True)
    assert strict["outside"] == [2, 0, 0]
    only_first = agreement.compare_labels(first, [], _group, strict=True)
    assert only_first["outside"] == [0, 0, 2]


def test_agreement_is_symmetric():
    first = [_claim("Russia", "supports", "Syrian government", [[0, 50]])]
    second = [
        _claim("Russia", "supports", "Syrian government", [[0, 50]]),
        _claim("Iran", "supports", "Syrian government", [[0, 50]]),
    ]
    one = agreement.compare_labels(first, second, _group)["outside"]
    other = agreement.compare_labels(second, first, _group)["outside"]
    assert one == [1, 1, 0] and other == [1, 0, 1]


def test_the_sample_takes_as_many_articles_of_each_split_and_is_fixed():
    labels = [{"id": f"a{n:03}", "split": agreement.SPLITS[n % 3]} for n in range(90)]
    ids = agreement.sample_ids(labels, size=4)
    splits = [labels[int(i[1:])]["split"] for i in ids]
    assert splits == ["train"] * 4 + ["dev"] * 4 + ["test"] * 4
    assert ids == agreement.sample_ids(list(reversed(labels)), size=4)


def test_the_second_labels_cover_the_sample_and_check_against_the_pool():
    if not corpus.pool_available():
        pytest.skip(f"the FA-KES pool is not at {corpus.pool_dir()} (set ${corpus.POOL_ENV})")
    from label_tool import check

    second = corpus.read_labels(agreement.SECOND)
    assert sorted(row["id"] for row in second) == sorted(agreement.sample_ids(corpus.read_labels()))
    assert check(agreement.SECOND, corpus.load_pool()) == []
    first_line = agreement.SECOND.read_text(encoding="utf-8").splitlines()[0]
    assert "CC BY 4.0" in first_line or "Creative Commons" in first_line
