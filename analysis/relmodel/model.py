"""Scoring with the trained model: a linear model and boosted trees stored as plain data.

`data/relmodel.json.gz` holds the classes, the decision thresholds (one for factions'
claims, one for outside actors'), the evidence floor and the calibration chosen by
cross-validation, and the scores: an intercept per class, a weight per class for each
feature (a linear model), and boosted trees, rounds of one small decision tree per class
over the same features. Either part may be empty. Scoring needs no machine-learning
library.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from analysis.errors import KnowledgeBaseError
from analysis.extract.vocab import DATA_DIR

MODEL_PATH = DATA_DIR / "relmodel.json.gz"
CLASSES = ("none", "supports", "opposes")


def relation_of(probs: dict[str, float]) -> tuple[str, float]:
    """The likelier of the two relations and its probability."""
    relation = max(("supports", "opposes"), key=probs.__getitem__)
    return relation, probs[relation]


TOP = 3  # sentences of one claim whose probabilities combine


def combine(probabilities: list[float]) -> float:
    """How sure an article is of a claim the model reads in several sentences: the chance
    that at least one of its TOP likeliest sentences states it, were they independent
    readings. An article that says a thing three times in words the model half-knows says
    it more surely than one that says it once."""
    missed = 1.0
    for p in sorted(probabilities, reverse=True)[:TOP]:
        missed *= 1.0 - p
    return 1.0 - missed


EVIDENCE = 0.5  # a sentence is shown as a claim's evidence when it alone is likelier than not


def aggregate(
    readings: list[tuple[tuple, int, float]],
    threshold: float | Callable[[tuple], float],
    floor: float,
) -> dict[int, float]:
    """Which of an article's readings become claims, with the claim's combined
    probability. A reading is (claim key, sentence, probability) for one pair of mentions;
    those at or above `floor` count towards their key, a sentence once (its likeliest
    reading). When the key's combined probability reaches `threshold` (a number, or the
    key's own from a function of the key), its readings that alone reach EVIDENCE become
    claims, each with its sentence as evidence (the likeliest one always does): a sentence
    that only helped is not shown as saying it. Returns
    {reading index: the key's combined probability}."""
    groups: dict[tuple, list[int]] = {}
    for n, (key, _, p) in enumerate(readings):
        if p >= floor:
            groups.setdefault(key, []).append(n)
    out: dict[int, float] = {}
    for members in groups.values():
        best: dict[int, float] = {}
        for n in members:
            sentence, p = readings[n][1], readings[n][2]
            best[sentence] = max(best.get(sentence, 0.0), p)
        combined = combine(list(best.values()))
        key = readings[members[0]][0]
        if combined >= (threshold(key) if callable(threshold) else threshold):
            top = max(best.values())
            out.update((n, combined) for n in members if readings[n][2] >= min(EVIDENCE, top))
    return out


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def calibrated(combined: float, calibration: tuple[float, float]) -> float:
    """A claim's confidence from its combined probability: the logistic map (a, b) of its
    log-odds fitted on the cross-validated claims (Platt scaling)."""
    a, b = calibration
    return 1.0 / (1.0 + math.exp(-(a * logit(combined) + b)))


def rule_family(rule: str) -> str:
    """The name a rule's measured confidence is kept under: every construction pattern
    ("pattern:kept_in_power") counts as one family, "pattern"."""
    return rule.split(":", 1)[0]


Node = tuple  # a split (feature, threshold, left, right) or a leaf (value,): left when
# the feature's value (0 when absent) is at most the threshold


class Forest:
    """The trees as flat arrays, walked all at once: one step down every tree per level."""

    def __init__(self, trees: tuple[tuple[tuple[Node, ...], ...], ...]) -> None:
        nodes = [node for rnd in trees for tree in rnd for node in tree]
        names = sorted({node[0] for node in nodes if len(node) == 4})
        self.index = {name: n for n, name in enumerate(names)}
        feature, threshold, left, right, value, roots = [], [], [], [], [], []
        self.classes = len(trees[0])
        for rnd in trees:
            for tree in rnd:
                base = len(feature)
                roots.append(base)
                for node in tree:
                    if len(node) == 4:
                        feature.append(self.index[node[0]])
                        threshold.append(node[1])
                        left.append(base + node[2])
                        right.append(base + node[3])
                        value.append(0.0)
                    else:  # a leaf: both ways lead back to it
                        feature.append(0)
                        threshold.append(0.0)
                        left.append(len(left))
                        right.append(len(right))
                        value.append(node[0])
        self.feature = np.array(feature, dtype=np.int64)
        self.threshold = np.array(threshold)
        self.left = np.array(left, dtype=np.int64)
        self.right = np.array(right, dtype=np.int64)
        self.value = np.array(value)
        self.roots = np.array(roots, dtype=np.int64)
        self.depth = max(_depth(tree) for rnd in trees for tree in rnd)

    def scores(self, feats: dict[str, float]) -> list[float]:
        """Each class's sum over its trees."""
        x = np.zeros(max(len(self.index), 1))
        for name, v in feats.items():
            n = self.index.get(name)
            if n is not None:
                x[n] = v
        node = self.roots
        for _ in range(self.depth):  # a leaf points to itself, so extra steps stay put
            go_left = x[self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        return self.value[node].reshape(-1, self.classes).sum(axis=0).tolist()


def _depth(tree: tuple[Node, ...], at: int = 0) -> int:
    node = tree[at]
    if len(node) != 4:
        return 0
    return 1 + max(_depth(tree, node[2]), _depth(tree, node[3]))


@dataclass(frozen=True)
class RelationModel:
    weights: dict[str, tuple[float, ...]]
    intercept: tuple[float, ...]
    threshold: float
    info: dict
    temperature: float = 1.0  # scores are divided by it, so probabilities match frequencies
    trees: tuple[tuple[tuple[Node, ...], ...], ...] = ()  # per round, one tree per class
    floor: float | None = None  # a sentence counts towards its claim from here (None: threshold)
    calibration: tuple[float, float] = (1.0, 0.0)  # combined probability -> confidence
    outside_threshold: float | None = None  # for an outside actor's claims (None: threshold)

    def threshold_for(self, group: str) -> float:
        """The decision threshold of a claim of `group` ("outside" or "faction", as
        `KnowledgeBase.group_of` tells): each chosen by cross-validation for its own
        precision goal."""
        if group == "outside" and self.outside_threshold is not None:
            return self.outside_threshold
        return self.threshold

    @property
    def evidence_floor(self) -> float:
        return self.threshold if self.floor is None else self.floor

    def confidence(self, combined: float) -> float:
        """The calibrated confidence of a claim of combined probability `combined`: a
        logistic map of its log-odds, fitted on the cross-validated claims, so that claims
        given 0.8 were right about 8 times in 10."""
        return calibrated(combined, self.calibration)

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        scores = list(self.intercept)
        for name, value in feats.items():
            row = self.weights.get(name)
            if row is not None:
                for k, w in enumerate(row):
                    scores[k] += w * value
        if self.trees:
            for k, value in enumerate(self._forest.scores(feats)):
                scores[k] += value
        scores = [s / self.temperature for s in scores]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(CLASSES, exps, strict=True)}

    @cached_property
    def _forest(self) -> Forest:
        return Forest(self.trees)

    def rule_confidence(self, rule: str) -> float | None:
        """How often the rule's claims were right on the labelled articles, if measured."""
        return self.info.get("rule_confidence", {}).get(rule_family(rule))

    def predict(self, feats: dict[str, float]) -> tuple[str, float]:
        """What the model claims from one sentence alone: the relation and its probability,
        or ("none", p) when that sentence would not make a claim (`aggregate`)."""
        probs = self.probabilities(feats)
        relation, p = relation_of(probs)
        if aggregate([(relation, 0, p)], self.threshold, self.evidence_floor):
            return relation, p
        return "none", probs["none"]

    def to_json(self) -> dict:
        return {
            "classes": list(CLASSES),
            "threshold": self.threshold,
            "outside_threshold": self.outside_threshold,
            "temperature": self.temperature,
            "floor": self.floor,
            "calibration": list(self.calibration),
            "intercept": list(self.intercept),
            "weights": {k: list(v) for k, v in sorted(self.weights.items())},
            "trees": [[[list(node) for node in tree] for tree in rnd] for rnd in self.trees],
            "info": self.info,
        }


def save_model(model: RelationModel, path: Path = MODEL_PATH) -> None:
    data = json.dumps(model.to_json(), sort_keys=True, separators=(",", ":")).encode()
    with gzip.GzipFile(path, "wb", mtime=0) as fh:  # mtime 0: the same bytes for a seed
        fh.write(data)


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_PATH)) -> RelationModel | None:
    """The weights at `path`, or None when no model has been trained."""
    if not Path(path).is_file():
        return None
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        if tuple(data["classes"]) != CLASSES:
            raise ValueError(f"classes {data['classes']}")
        weights = {k: tuple(v) for k, v in data["weights"].items()}
        trees = tuple(
            tuple(tuple(tuple(node) for node in tree) for tree in rnd)
            for rnd in data.get("trees", ())
        )
        return RelationModel(
            weights,
            tuple(data["intercept"]),
            float(data["threshold"]),
            data["info"],
            float(data.get("temperature", 1.0)),
            trees,
            _number_or_none(data.get("floor")),
            tuple(float(v) for v in data.get("calibration", (1.0, 0.0))),
            _number_or_none(data.get("outside_threshold")),
        )
    except (OSError, ValueError, KeyError) as err:
        raise KnowledgeBaseError(f"{path}: not a relation model ({err})") from err


def _number_or_none(value) -> float | None:
    return None if value is None else float(value)
