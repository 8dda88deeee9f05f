"""The relation model: features of a pair, scoring, the pipeline component, training."""

from __future__ import annotations

import gzip
from dataclasses import replace

import pytest

from analysis.errors import KnowledgeBaseError
from analysis.models import Article
from analysis.relmodel.model import RelationModel, aggregate, combine, load_model, save_model
from analysis.relmodel.train import fit, model_only, to_model


def tiny(weights: dict, threshold: float = 0.5) -> RelationModel:
    weights = {k: tuple(v) for k, v in weights.items()}
    return RelationModel(weights, (2.0, 0.0, 0.0), threshold, {"theaters": ["Syria"]})


def test_scores_sum_to_one_and_threshold_decides():
    model = tiny({"w=hail": (0.0, 5.0, 0.0)})
    probs = model.probabilities({"w=hail": 1.0})
    assert sum(probs.values()) == pytest.approx(1.0)
    assert model.predict({"w=hail": 1.0})[0] == "supports"
    assert model.predict({"w=other": 1.0})[0] == "none"
    assert tiny({"w=hail": (0.0, 5.0, 0.0)}, threshold=0.99).predict({"w=hail": 1.0})[0] == "none"


def test_an_article_that_says_a_claim_twice_says_it_more_surely():
    """Readings of one claim in two sentences combine: neither alone reaches the threshold,
    together they do, and both become its evidence. A reading under the floor does not
    count, and a sentence counts once however many pairs of mentions it holds."""
    russia = ("Russia", "supports", "Syrian government")
    two = [(russia, 0, 0.7), (russia, 1, 0.7)]
    assert combine([0.7, 0.7]) == pytest.approx(0.91)
    assert aggregate(two, 0.9, 0.5) == {0: pytest.approx(0.91), 1: pytest.approx(0.91)}
    assert aggregate(two[:1], 0.9, 0.5) == {}
    assert aggregate(two, 0.9, 0.75) == {}  # under the floor: no evidence at all
    assert aggregate([(russia, 0, 0.7), (russia, 0, 0.7)], 0.9, 0.5) == {}  # one sentence
    other = ("Iran", "supports", "Syrian government")
    assert aggregate([(russia, 0, 0.7), (other, 1, 0.7)], 0.9, 0.5) == {}  # two claims
    assert aggregate([(russia, 0, 0.95)], 0.9, 0.5) == {0: pytest.approx(0.95)}
    assert combine([0.5, 0.5, 0.5, 0.5]) == combine([0.5, 0.5, 0.5])  # the likeliest three


def test_each_claim_is_held_to_its_own_groups_threshold():
    """An outside actor's claim and a faction's claim, each read at 0.8: a threshold given
    per claim (as the component gives it, by `KnowledgeBase.group_of`) keeps only the one
    whose threshold it reaches."""
    russia = ("Russia", "opposes", "Syrian opposition")
    army = ("Syrian government", "opposes", "Syrian opposition")
    readings = [(russia, 0, 0.8), (army, 0, 0.8)]
    strict = {"Russia": 0.9, "Syrian government": 0.75}
    assert aggregate(readings, lambda key: strict[key[0]], 0.5) == {1: pytest.approx(0.8)}
    assert set(aggregate(readings, 0.75, 0.5)) == {0, 1}
    model = RelationModel({}, (0.0, 0.0, 0.0), 0.75, {}, outside_threshold=0.9)
    assert (model.threshold_for("outside"), model.threshold_for("faction")) == (0.9, 0.75)
    assert tiny({}, threshold=0.6).threshold_for("outside") == 0.6  # none of its own


def test_the_outside_threshold_is_saved_with_the_weights(tmp_path):
    model = RelationModel({"bias": (0.0, 1.0, 0.0)}, (0.0, 0.0, 0.0), 0.75, {}, floor=0.3)
    for outside in (0.95, None):
        path = tmp_path / f"{outside}.json.gz"
        save_model(replace(model, outside_threshold=outside), path)
        assert load_model(str(path)).threshold_for("outside") == (outside or 0.75)


def test_only_sentences_likely_on_their_own_are_shown_as_evidence():
    """A sentence under 0.5 helps its claim over the threshold but is not its evidence;
    the likeliest sentence always is."""
    russia = ("Russia", "supports", "Syrian government")
    helped = [(russia, 0, 0.85), (russia, 1, 0.3)]
    assert aggregate(helped, 0.85, 0.2) == {0: pytest.approx(0.895)}
    weak = [(russia, 0, 0.45), (russia, 1, 0.45), (russia, 2, 0.4)]
    assert set(aggregate(weak, 0.8, 0.3)) == {0, 1}


def test_confidence_is_the_calibrated_combined_probability():
    plain = tiny({})
    assert plain.confidence(0.8) == pytest.approx(0.8)
    assert plain.evidence_floor == plain.threshold  # a model with no floor: one sentence
    cautious = RelationModel({}, (0.0, 0.0, 0.0), 0.5, {}, calibration=(1.0, -1.0))
    assert cautious.confidence(0.8) < 0.8
    assert cautious.confidence(0.9) > cautious.confidence(0.8)


def test_weights_round_trip_and_bad_file_is_refused(tmp_path):
    path = tmp_path / "m.json.gz"
    save_model(tiny({"w=hail": (0.0, 5.0, 0.0)}), path)
    assert load_model(str(path)).weights == {"w=hail": (0.0, 5.0, 0.0)}
    calibrated = RelationModel({}, (0.0, 0.0, 0.0), 0.8, {}, floor=0.4, calibration=(0.9, -0.2))
    save_model(calibrated, tmp_path / "c.json.gz")
    assert load_model(str(tmp_path / "c.json.gz")) == calibrated
    bad = tmp_path / "bad.json.gz"
    with gzip.open(bad, "wt") as fh:
        fh.write('{"classes": ["a"]}')
    with pytest.raises(KnowledgeBaseError, match="not a relation model"):
        load_model(str(bad))
    assert load_model(str(tmp_path / "absent.json.gz")) is None


def test_shipped_weights_say_how_they_were_chosen():
    model = load_model()
    assert model is not None and model.weights
    assert model.info["trained_on"] == "real-news train and dev splits"
    assert model.info["cross_validated"]["precision"] >= 0.8
    assert model.temperature == model.info["temperature"] > 0


def test_the_models_own_claims_are_counted_per_group_at_its_threshold():
    points = [
        (0.95, True, "outside"),
        (0.92, False, "outside"),
        (0.70, True, "outside"),  # under the outside threshold
        (0.90, True, "faction"),
        (0.60, False, "faction"),
    ]
    counts = model_only(points, {"outside": 0.9, "faction": 0.5})
    assert counts["outside"] == {"claims": 2, "right": 1, "precision": 0.5}
    assert counts["faction"] == {"claims": 2, "right": 1, "precision": 0.5}
    assert model_only([], {"outside": 0.9})["outside"]["claims"] == 0


def test_shipped_weights_report_the_models_own_cross_validated_claims():
    own = load_model().info["cross_validated"]["model_only"]
    assert set(own) == {"outside", "faction"}
    for counts in own.values():
        assert 0 < counts["right"] <= counts["claims"]
        assert counts["precision"] == round(counts["right"] / counts["claims"], 3)


def _candidates():
    rows = []
    for n in range(30):
        rows.append(
            {"features": {"bias": 1.0, "w=hail": 1.0, f"n={n % 3}": 1.0}, "label": "supports"}
        )
        rows.append(
            {"features": {"bias": 1.0, "w=shell": 1.0, f"n={n % 3}": 1.0}, "label": "opposes"}
        )
        rows.append({"features": {"bias": 1.0, "w=meet": 1.0, f"n={n % 3}": 1.0}, "label": "none"})
    return rows


def test_training_is_deterministic_and_learns_the_cue():
    first = to_model(fit(_candidates(), 0.3, 0), 0.5, {})
    second = to_model(fit(_candidates(), 0.3, 0), 0.5, {})
    assert first == second
    assert first.trees and first.weights
    assert first.predict({"bias": 1.0, "w=shell": 1.0})[0] == "opposes"
    assert first.predict({"bias": 1.0, "w=meet": 1.0})[0] == "none"


def test_exported_model_scores_as_the_fitted_one():
    """The plain-data weights and trees give the probabilities scikit-learn gives."""
    from analysis.relmodel.train import raw_scores, softmax

    rows = _candidates()
    fitted = fit(rows, 0.3, 0)
    model = to_model(fitted, 0.5, {}, temperature=1.5)
    for row, raw in zip(rows, raw_scores(fitted, rows), strict=True):
        probs = list(model.probabilities(row["features"]).values())
        assert probs == pytest.approx(softmax(raw, 1.5), abs=1e-3)


def test_trees_read_a_conjunction_of_features(tmp_path):
    """A tree can say "supports" for a cue word only when the supporter comes first: what
    no sum of single-feature weights can say with the same weights for every order."""
    split = (("w=hail", 0.5, 1, 2), (0.0,), ("order=st", 0.5, 3, 4), (0.0,), (5.0,))
    flat = ((0.0,),)
    model = RelationModel({}, (2.0, 0.0, 0.0), 0.5, {}, 1.0, ((flat, split, flat),))
    assert model.predict({"w=hail": 1.0, "order=st": 1.0})[0] == "supports"
    assert model.predict({"w=hail": 1.0, "order=ts": 1.0})[0] == "none"
    assert model.predict({"order=st": 1.0})[0] == "none"
    path = tmp_path / "m.json.gz"
    save_model(model, path)
    assert load_model(str(path)) == model


def _with_model(extractor, model, text):
    pipe = extractor.nlp.get_pipe("relation_model")
    saved = pipe.model
    pipe.model = model
    try:
        return extractor.extract(Article(text=text, source="t", date="2016-06-16"))
    finally:
        pipe.model = saved


@pytest.mark.model
def test_an_outside_actors_claim_needs_the_outside_threshold(extractor):
    """The same reading (0.95) makes a faction's claim and not, under a stricter outside
    threshold, an outside actor's."""
    hail = replace(tiny({"w=hail": (0.0, 5.0, 0.0)}), outside_threshold=0.99)
    outside = _with_model(extractor, hail, "Russia hailed the Syrian government.")
    assert outside.claims == []
    faction = _with_model(extractor, hail, "The Syrian government hailed the SDF.")
    got = {(c.supporter, c.target, c.rule) for c in faction.claims}
    assert ("Syrian government", "SDF", "model") in got


@pytest.mark.model
def test_model_claim_records_its_origin_and_probability(extractor):
    text = "Russia hailed the Syrian government."
    assert _with_model(extractor, None, text).claims == []
    result = _with_model(extractor, tiny({"w=hail": (0.0, 5.0, 0.0)}), text)
    (claim,) = result.claims
    assert (claim.supporter, claim.relation, claim.target) == (
        "Russia",
        "supports",
        "Syrian government",
    )
    assert claim.rule == "model"
    assert claim.confidence == pytest.approx(0.95, abs=0.01)


@pytest.mark.model
def test_model_claims_a_pair_it_reads_in_two_sentences(extractor):
    """Each sentence alone gives "supports" 0.70, under the threshold of 0.9; the article's
    two together give 0.91, and each sentence is a claim's evidence."""
    model = RelationModel(
        {"w=hail": (0.0, 3.0, 0.0)}, (2.0, 0.0, 0.0), 0.9, {"theaters": ["Syria"]}, floor=0.5
    )
    once = "Russia hailed the Syrian government."
    assert _with_model(extractor, model, once).claims == []
    twice = once + " Weeks later Russia hailed the Syrian government again."
    claims = _with_model(extractor, model, twice).claims
    assert [(c.supporter, c.target, c.rule) for c in claims] == [
        ("Russia", "Syrian government", "model")
    ] * 2
    assert {c.confidence for c in claims} == {0.91}
    assert len({c.start for c in claims}) == 2


@pytest.mark.model
def test_model_claims_are_qualified_like_rule_claims(extractor):
    result = _with_model(
        extractor, tiny({"w=hail": (0.0, 5.0, 0.0)}), "Russia never hailed the Syrian government."
    )
    assert result.claims == []
    assert [c.status for c in result.rejected] == ["negated"]


@pytest.mark.model
def test_model_does_not_second_guess_a_rule(extractor):
    """A supporter the rules read in a sentence is left to them, with every target."""
    result = _with_model(
        extractor,
        tiny({"bias": (0.0, 0.0, 9.0)}),
        "Russia backs the Syrian government, and the rebels fled.",
    )
    russia = {(c.relation, c.target, c.rule) for c in result.claims if c.supporter == "Russia"}
    assert russia == {("supports", "Syrian government", "verb")}


@pytest.mark.model
def test_model_reads_only_the_theaters_it_was_trained_on(extractor):
    model = tiny({"w=hail": (0.0, 5.0, 0.0)})
    assert _with_model(extractor, model, "Russia hailed the Syrian government.").claims
    assert _with_model(extractor, model, "Russia hailed Haftar in Benghazi.").claims == []


def test_temperature_softens_the_probabilities():
    sharp = tiny({"w=hail": (0.0, 4.0, 0.0)})
    soft = RelationModel(sharp.weights, sharp.intercept, sharp.threshold, {}, temperature=2.0)
    feats = {"w=hail": 1.0}
    assert 0.5 < soft.probabilities(feats)["supports"] < sharp.probabilities(feats)["supports"]


def test_temperature_is_chosen_to_fit_the_frequencies():
    from analysis.relmodel.train import temperature_for

    # Scores that say 0.98 for rows that are right half the time want a high temperature;
    # scores that say 0.73 for rows always right want a low one.
    loud = [[0.0, 4.0, 0.0]] * 10
    labels = ["supports", "none"] * 5
    assert temperature_for(loud, labels) > 2.0
    quiet = [[0.0, 1.0, 0.0]] * 10
    assert temperature_for(quiet, ["supports"] * 10) < 1.0


def test_folds_hold_out_one_outlet_each():
    from analysis.relmodel.train import folds_of

    folds = folds_of(["sana", "ahram", "manar", "ahram", "sana"])
    assert folds == {"ahram": 0, "manar": 1, "sana": 2}
    assert folds == folds_of(["manar", "sana", "ahram"])


def _candidate_features(extractor, text: str) -> dict[tuple[str, str], dict]:
    pipe = extractor.nlp.get_pipe("relation_model")
    pipe.collect = True
    try:
        doc = extractor.nlp(text)
    finally:
        pipe.collect = False
    return {(c["sup"], c["tgt"]): c["features"] for c in doc._.candidates}


@pytest.mark.model
def test_features_name_the_word_each_mention_modifies(extractor):
    """'Russian airstrikes ... rebel positions': the model sees 'airstrike' as what the
    supporter's name modifies, and the cue role of that word."""
    feats = _candidate_features(extractor, "Russian airstrikes hit rebel positions in Idlib.")
    pair = feats[("Russia", "Syrian opposition")]
    assert pair["sup_head=airstrike"] == 1.0
    assert pair["sup_own_dep=amod"] == 1.0
    assert any(name.startswith("sup_head_role=") for name in pair)
    assert pair["tgt_own_dep=dobj"] == 1.0


@pytest.mark.model
def test_a_pronoun_subject_carries_the_previous_sentences_actor(extractor):
    text = "Islamic State fighters seized Palmyra. It has been battling rival rebels near Aleppo."
    feats = _candidate_features(extractor, text)
    assert feats[("ISIS", "Syrian opposition")]["sup_kind=pronoun"] == 1.0
    # with an actor before the pronoun in its own sentence, nothing is carried over
    text = "Islamic State fighters seized Palmyra. Turkey said it has been battling rival rebels."
    assert ("ISIS", "Syrian opposition") not in _candidate_features(extractor, text)


@pytest.mark.model
def test_rule_claims_take_the_confidence_measured_for_their_rule(extractor):
    text = "Russia backs the Syrian government in Syria."
    plain = _with_model(extractor, None, text).claims
    measured = tiny({})
    measured.info["rule_confidence"] = {"verb": 0.55}
    (claim,) = _with_model(extractor, measured, text).claims
    assert claim.rule == "verb" and plain[0].rule == "verb"
    assert claim.confidence == 0.55 != plain[0].confidence


def test_rule_confidence_counts_right_and_wrong_claims_and_smooths_them():
    from analysis.relmodel.train import PRIOR_WEIGHT, rule_confidence

    gold = [
        {
            "supporter": "Iran",
            "relation": "supports",
            "target": "Syrian government",
            "optional": False,
            "evidence": [[0, 10]],
        },
        {
            "supporter": "Turkey",
            "relation": "supports",
            "target": "SDF",
            "optional": True,
            "evidence": [[20, 30]],
        },
    ]
    rules = [
        ("Iran", "supports", "Syrian government", 0, 10, "verb"),  # right
        ("Russia", "supports", "Syrian government", 0, 10, "verb"),  # wrong
        ("Iran", "supports", "Syrian government", 40, 50, "pattern:thanks_to"),  # wrong place
        ("Turkey", "supports", "SDF", 20, 30, "verb"),  # optional: not counted
    ]
    table = rule_confidence([{"article": "a", "rules": rules, "gold": gold}])
    overall = 1 / 3
    assert table["verb"] == round((1 + PRIOR_WEIGHT * overall) / (2 + PRIOR_WEIGHT), 2)
    assert table["pattern"] == round((0 + PRIOR_WEIGHT * overall) / (1 + PRIOR_WEIGHT), 2)


def test_training_scores_the_claims_the_component_would_make():
    """Cross-validation judges the model's claims as the component makes them: combined
    per article, every counted sentence as evidence, and calibrated on what was right."""
    from analysis.relmodel.train import (
        _split,
        calibrate,
        judged,
        model_claims,
        prf,
        readings,
        tallies,
    )

    def cand(article, start):
        return {
            "article": article,
            "sup": "Russia",
            "tgt": "Syrian government",
            "read": False,
            "start": start,
            "end": start + 10,
            "label": "supports",
            "features": {},
        }

    label = {"supporter": "Russia", "relation": "supports", "target": "Syrian government"}
    items = [
        cand("a", 0),
        cand("a", 10),
        cand("b", 0),
        {"article": "a", "rules": [], "gold": [dict(label, evidence=[[10, 20]])]},
        {"article": "b", "rules": [], "gold": []},
    ]
    probs = [[0.3, 0.7, 0.0], [0.3, 0.7, 0.0], [0.2, 0.8, 0.0]]
    rows = readings(_split(items)[0], probs)
    claims = model_claims(items, rows, 0.9, 0.5)
    assert claims == {0: pytest.approx(0.91), 1: pytest.approx(0.91)}  # b's 0.8 is short
    assert prf(*tallies(items, rows, claims)["all"])[:2] == (1.0, 1.0)  # a's second sentence
    assert prf(*tallies(items, rows, model_claims(items, rows, 0.9, 0.75))["all"])[1] == 0.0
    points = judged(items, rows, 0.5)
    assert sorted(points) == [
        (pytest.approx(0.8), False, "all"),
        (pytest.approx(0.91), True, "all"),
    ]
    slope, _ = calibrate(points * 3 + [(0.2, False), (0.95, True)], 0)
    assert slope > 0


@pytest.mark.model
def test_a_capital_named_as_a_place_is_no_side(extractor):
    """A model that would claim every pair still claims nothing of "near Damascus": a
    capital after a preposition of place is the city (cues.csv, place_prep); as the object
    of a verb it is the government, and the same model claims it."""
    every = tiny({"bias": (0.0, 9.0, 0.0)})
    near = _with_model(extractor, every, "Hezbollah fighters gathered near Damascus.")
    assert [c.target for c in near.claims] == []
    acting = _with_model(extractor, every, "Hezbollah fighters hailed Damascus.")
    assert ("Hezbollah", "Syrian government") in {(c.supporter, c.target) for c in acting.claims}


@pytest.mark.model
def test_the_backed_side_is_no_candidate_to_back_its_backer(extractor):
    """ "the Iraqi army backed by Kurdish fighters": the Kurds back the army, so the pair
    Iraq -> Kurds is not put to the model (a model that claims every pair claims it
    otherwise); the pair the text states stays a candidate."""
    text = "Iraqi troops backed by Kurdish fighters regained the town from Islamic State."
    feats = _candidate_features(extractor, text)
    assert ("Iraq", "SDF") not in feats
    assert ("Iraq", "ISIS") in feats
    every = tiny({"bias": (0.0, 9.0, 0.0)})
    claims = _with_model(extractor, every, text).claims
    # the rules read the two as fighting one battle together ("joint_action", as for "Iraqi
    # troops and Kurdish fighters regained the town"); the model adds nothing of its own
    assert ("Iraq", "SDF") not in {(c.supporter, c.target) for c in claims if c.rule == "model"}


def test_each_group_keeps_its_own_precision_floor():
    """Threshold pairs for selection: an outside threshold only where outside claims keep
    0.90 cross-validated precision, a faction threshold where faction claims keep 0.80."""
    from analysis.relmodel.train import MIN_PRECISION, _threshold_pairs

    assert MIN_PRECISION == {"outside": 0.90, "faction": 0.80}
    at = {
        0.5: {"outside": [8, 2, 0], "faction": [8, 2, 0]},  # P 0.8 each
        0.9: {"outside": [9, 1, 1], "faction": [5, 0, 5]},  # P 0.9 and 1.0
    }
    assert list(_threshold_pairs(at)) == [
        {"outside": 0.9, "faction": 0.5},
        {"outside": 0.9, "faction": 0.9},
    ]
