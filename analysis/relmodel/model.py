"""Scoring with the trained weights: a multinomial logistic model stored as plain data.

`data/relmodel.json.gz` holds the classes, the decision threshold and the calibration
temperature chosen by cross-validation, and for each feature its weight per class; scoring
needs no machine-learning library.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.errors import KnowledgeBaseError
from analysis.extract.vocab import DATA_DIR

MODEL_PATH = DATA_DIR / "relmodel.json.gz"
CLASSES = ("none", "supports", "opposes")


def decide(probs: dict[str, float], threshold: float) -> tuple[str, float]:
    """The likelier of the two relations when its probability reaches the threshold, else
    ("none", p)."""
    relation = max(("supports", "opposes"), key=probs.__getitem__)
    if probs[relation] >= threshold:
        return relation, probs[relation]
    return "none", probs["none"]


def rule_family(rule: str) -> str:
    """The name a rule's measured confidence is kept under: every construction pattern
    ("pattern:kept_in_power") counts as one family, "pattern"."""
    return rule.split(":", 1)[0]


@dataclass(frozen=True)
class RelationModel:
    weights: dict[str, tuple[float, ...]]
    intercept: tuple[float, ...]
    threshold: float
    info: dict
    temperature: float = 1.0  # scores are divided by it, so probabilities match frequencies

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        scores = list(self.intercept)
        for name, value in feats.items():
            row = self.weights.get(name)
            if row is not None:
                for k, w in enumerate(row):
                    scores[k] += w * value
        scores = [s / self.temperature for s in scores]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(CLASSES, exps, strict=True)}

    def rule_confidence(self, rule: str) -> float | None:
        """How often the rule's claims were right on the labelled articles, if measured."""
        return self.info.get("rule_confidence", {}).get(rule_family(rule))

    def predict(self, feats: dict[str, float]) -> tuple[str, float]:
        """The relation and its probability, or ("none", p) below the threshold."""
        return decide(self.probabilities(feats), self.threshold)

    def to_json(self) -> dict:
        return {
            "classes": list(CLASSES),
            "threshold": self.threshold,
            "temperature": self.temperature,
            "intercept": list(self.intercept),
            "weights": {k: list(v) for k, v in sorted(self.weights.items())},
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
        return RelationModel(
            weights,
            tuple(data["intercept"]),
            float(data["threshold"]),
            data["info"],
            float(data.get("temperature", 1.0)),
        )
    except (OSError, ValueError, KeyError) as err:
        raise KnowledgeBaseError(f"{path}: not a relation model ({err})") from err
