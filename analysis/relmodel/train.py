"""Fit the relation model on the labelled real-news train and dev splits; never read the
test split.

A candidate (actor, faction, sentence) is labelled with the relation of a gold claim of
that pair whose evidence covers the sentence, else "none"; candidates of optional claims are
left out. The model is the mean of two: a logistic regression over every feature, and boosted
trees over the features most tied to the labels, which can read conjunctions a sum of weights
cannot. The trees' learning rate and class weights, the calibration temperature and the
decision threshold are chosen by cross-validation over outlets (one fold per outlet of train
and dev: every candidate is scored by a model that never saw an article of its outlet, as
the test split's new outlets will be), with the rules' own claims in the count, so the
threshold is the one that serves the whole extractor on an outlet it has not read. The
final model is then fitted on all of train and dev. Deterministic for a seed: the same
labels give the same weights.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict

from analysis.corpus import judge, load_pool, read_labels, verdict
from analysis.extract.text import clean_text
from analysis.relmodel.model import (
    CLASSES,
    MODEL_PATH,
    RelationModel,
    rule_family,
    save_model,
)
from analysis.relmodel.model import decide as decide_by_class

LINEAR_C = 0.1  # the linear half's regularisation, class weights balanced
GRID_RATE = (0.05, 0.1)  # the trees' learning rate
GRID_WEIGHT = ("balanced", None)  # the trees' class weights: "supports" is rare
ROUNDS = 300  # one tree per class each
LEAVES = 15
MIN_LEAF = 10  # candidates
TOP_FEATURES = 300
GRID_THRESHOLD = tuple(round(0.30 + 0.05 * k, 2) for k in range(14))
GRID_TEMPERATURE = tuple(round(0.5 + 0.1 * k, 1) for k in range(26))
MIN_PRECISION = 0.80  # cross-validated: the model may add recall, not much noise
SPLITS = ("train", "dev")


def collect(extractor, rows: list[dict], pool: dict) -> list[dict]:
    """Every candidate of the labelled articles, with its label, features and whether the
    rules already read it; plus the rules' own claims per article."""
    pipe = extractor.nlp.get_pipe("relation_model")
    pipe.collect = True
    out = []
    try:
        docs = []
        for row in rows:
            doc = extractor.first_pass(clean_text(pool[row["id"]]["text"]))
            doc._.article_date = row["date"]
            docs.append(doc)
        parsed = extractor.nlp.pipe(
            docs, batch_size=16, disable=["actor_ruler_exact", "actor_ruler_lower"]
        )
        for row, doc in zip(rows, parsed, strict=True):
            rules = {
                (c["supporter"], c["relation"], c["target"], c["start"], c["end"], c["rule"])
                for c in doc._.claims
            }
            for cand in doc._.candidates or []:
                label = _label(row["claims"], cand)
                if label is not None:
                    read = any(  # a rule claim of this supporter quotes this sentence
                        k[0] == cand["sup"] and k[3] < cand["end"] and cand["start"] < k[4]
                        for k in rules
                    )
                    out.append(
                        dict(cand, label=label, article=row["id"], outlet=row["outlet"], read=read)
                    )
            out.append({"article": row["id"], "rules": sorted(rules), "gold": row["claims"]})
    finally:
        pipe.collect = False
    return out


def _label(claims: list[dict], cand: dict) -> str | None:
    for claim in claims:
        if (claim["supporter"], claim["target"]) != (cand["sup"], cand["tgt"]):
            continue
        if any(s < cand["end"] and cand["start"] < e for s, e in claim["evidence"]):
            return None if claim.get("optional") else claim["relation"]
    return "none"


def _split(items: list[dict]) -> tuple[list[dict], list[dict]]:
    return [i for i in items if "label" in i], [i for i in items if "rules" in i]


def fit(candidates: list[dict], rate: float, seed: int, class_weight: str | None = None):
    """Both halves of the model on the candidates: the linear one and the trees."""
    return fit_linear(candidates, seed), fit_trees(candidates, rate, seed, class_weight)


def fit_linear(candidates: list[dict], seed: int):
    """A multinomial logistic regression over every feature."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([cand["features"] for cand in candidates])
    y = [CLASSES.index(cand["label"]) for cand in candidates]
    clf = LogisticRegression(C=LINEAR_C, max_iter=5000, random_state=seed, class_weight="balanced")
    clf.fit(x, y)
    return vec, clf


def fit_trees(candidates: list[dict], rate: float, seed: int, class_weight: str | None = None):
    """Boosted trees over the TOP_FEATURES features most tied to the labels (chi-squared,
    on these candidates only): each round one small tree per class. Trees can read what a
    sum of weights cannot, such as a cue word that counts only on the path between the two."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_selection import SelectKBest, chi2

    vec = DictVectorizer()
    x = vec.fit_transform([cand["features"] for cand in candidates])
    y = [CLASSES.index(cand["label"]) for cand in candidates]
    keep = SelectKBest(chi2, k=min(TOP_FEATURES, x.shape[1])).fit(x, y)
    names = [n for n, kept in zip(vec.feature_names_, keep.get_support(), strict=True) if kept]
    clf = HistGradientBoostingClassifier(
        learning_rate=rate,
        max_iter=ROUNDS,
        max_leaf_nodes=LEAVES,
        min_samples_leaf=MIN_LEAF,
        l2_regularization=1.0,
        early_stopping=False,
        class_weight=class_weight,
        random_state=seed,
    )
    with one_thread():
        clf.fit(dense(candidates, names), y)
    return names, clf


def one_thread():
    """The trees on one thread: on two shared cores their threads mostly wait on each
    other (ten times slower under load)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def dense(candidates: list[dict], names: list[str]):
    """The candidates' values of the named features, one row each (0 when absent)."""
    import numpy as np

    return np.array([[cand["features"].get(n, 0.0) for n in names] for cand in candidates])


def raw_scores(fitted, candidates: list[dict]) -> list[list[float]]:
    """Each candidate's class scores: the mean of the two halves' scores."""
    (vec, linear), (names, trees) = fitted
    lin = linear.decision_function(vec.transform([cand["features"] for cand in candidates]))
    with one_thread():
        boost = trees.decision_function(dense(candidates, names))
    return [[float(v) for v in row] for row in (lin + boost) / 2]


def to_model(fitted, threshold: float, info: dict, temperature: float = 1.0) -> RelationModel:
    """The fitted model as plain data: the linear half's weights and the trees, each halved
    so that their sum is the mean of the two."""
    (vec, linear), (names, trees) = fitted
    weights = {}
    for name, index in vec.vocabulary_.items():
        row = tuple(round(float(linear.coef_[k, index]) / 2, 5) for k in range(len(CLASSES)))
        if max(abs(w) for w in row) >= 5e-4:
            weights[name] = row

    def node(n) -> tuple:
        if n["is_leaf"]:
            return (round(float(n["value"]) / 2, 6),)
        return names[n["feature_idx"]], float(n["num_threshold"]), int(n["left"]), int(n["right"])

    def tree(nodes) -> tuple:
        return tuple(node(n) for n in nodes)

    forest = tuple(tuple(tree(p.nodes) for p in per_class) for per_class in trees._predictors)
    intercept = tuple(
        round((float(a) + float(b)) / 2, 6)
        for a, b in zip(linear.intercept_, trees._baseline_prediction.ravel(), strict=True)
    )
    return RelationModel(weights, intercept, threshold, info, temperature, forest)


def folds_of(outlets: list[str]) -> dict[str, int]:
    """Each outlet's fold: one fold per outlet, in sorted order."""
    return {outlet: k for k, outlet in enumerate(sorted(set(outlets)))}


def out_of_fold(cands: list[dict], folds: dict[str, int], rate: float, weight, seed: int):
    """Every candidate's class scores from a model fitted on the other outlets."""
    scores: list[list[float]] = [[] for _ in cands]
    for k in sorted(set(folds.values())):
        train = [cand for cand in cands if folds[cand["outlet"]] != k]
        held = [n for n, cand in enumerate(cands) if folds[cand["outlet"]] == k]
        if not held:
            continue
        out = raw_scores(fit(train, rate, seed, weight), [cands[n] for n in held])
        for n, row in zip(held, out, strict=True):
            scores[n] = row
    return scores


def softmax(row: list[float], temperature: float) -> list[float]:
    top = max(row)
    exps = [math.exp((v - top) / temperature) for v in row]
    total = sum(exps)
    return [e / total for e in exps]


def temperature_for(scores: list[list[float]], labels: list[str]) -> float:
    """The temperature that minimises the log loss of the out-of-fold scores."""

    def loss(t: float) -> float:
        return -sum(
            math.log(max(softmax(row, t)[CLASSES.index(label)], 1e-12))
            for row, label in zip(scores, labels, strict=True)
        )

    return min(GRID_TEMPERATURE, key=loss)


def decide(probs: list[float], threshold: float) -> tuple[str, float]:
    """The model's decision rule on one row of probabilities in class order."""
    return decide_by_class(dict(zip(CLASSES, probs, strict=True)), threshold)


def score_claims(items: list[dict], predicted: list[str]) -> tuple[float, float, float]:
    """Claim-level P, R, F1 of the rules' claims plus the model's predictions (one per
    candidate, in order), judged against the gold per article."""
    cands, articles = _split(items)
    found: dict[str, dict] = {art["article"]: defaultdict(list) for art in articles}
    for art in articles:
        for sup, rel, tgt, start, end, _ in art["rules"]:
            found[art["article"]][(sup, rel, tgt)].append((start, end))
    for cand, relation in zip(cands, predicted, strict=True):
        if not cand["read"] and relation != "none":
            key = (cand["sup"], relation, cand["tgt"])
            found[cand["article"]][key].append((cand["start"], cand["end"]))
    tp = fp = fn = 0
    for art in articles:
        for t, f, n in judge(art["gold"], found[art["article"]], evidence=True).values():
            tp, fp, fn = tp + t, fp + f, fn + n
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def reliability(probs: list[list[float]], cands: list[dict], threshold: float) -> list[list]:
    """[low, high, predicted, right] per probability band of the out-of-fold claims the
    model would add: how often a claim given probability p was right."""
    bands = [[round(lo, 1), round(lo + 0.1, 1), 0, 0] for lo in (0.5, 0.6, 0.7, 0.8, 0.9)]
    for row, cand in zip(probs, cands, strict=True):
        relation, p = decide(row, threshold)
        if relation == "none" or cand["read"] or p < 0.5:
            continue
        band = bands[min(int((p - 0.5) * 10), 4)]
        band[2] += 1
        band[3] += relation == cand["label"]
    return bands


PRIOR_WEIGHT = 5  # a rule seen a few times keeps close to the rules' overall precision


def rule_confidence(items: list[dict]) -> dict[str, float]:
    """How often each rule's claims were right on the labelled articles: a claim is right
    when a non-optional gold claim of its triple has evidence in its sentence, wrong when
    no gold claim of its triple (optional or not) does. Smoothed towards the rules'
    overall rate, so a rare rule is not given 1.0 or 0.0 from three claims."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for art in _split(items)[1]:
        for sup, rel, tgt, start, end, rule in art["rules"]:
            right = verdict(art["gold"], (sup, rel, tgt), start, end)
            if right is None:
                continue
            tally = counts[rule_family(rule)]
            tally[0] += right
            tally[1] += 1
    right = sum(c[0] for c in counts.values())
    total = sum(c[1] for c in counts.values())
    overall = right / total if total else 0.85
    return {
        rule: round((r + PRIOR_WEIGHT * overall) / (n + PRIOR_WEIGHT), 2)
        for rule, (r, n) in sorted(counts.items())
    }


def select(items: list[dict], seed: int, log=print) -> dict:
    """Cross-validate the grid; the setting with the best F1 at the precision floor."""
    cands, _ = _split(items)
    folds = folds_of([cand["outlet"] for cand in cands])
    labels = [cand["label"] for cand in cands]
    best = None
    for weight in GRID_WEIGHT:
        for rate in GRID_RATE:
            scores = out_of_fold(cands, folds, rate, weight, seed)
            temperature = temperature_for(scores, labels)
            probs = [softmax(row, temperature) for row in scores]
            for threshold in GRID_THRESHOLD:
                predicted = [decide(row, threshold)[0] for row in probs]
                p, r, f = score_claims(items, predicted)
                if p >= MIN_PRECISION and (best is None or f > best["f1"]):
                    best = {"f1": f, "precision": p, "recall": r, "rate": rate}
                    best["class_weight"] = weight
                    best.update(threshold=threshold, temperature=temperature)
                    best["reliability"] = reliability(probs, cands, threshold)
            log(f"  class_weight={weight} rate={rate}: temperature {temperature}")
    if best is None:
        raise SystemExit("no setting keeps the precision floor; no model written")
    return best


def train(extractor, *, seed: int = 0, out=MODEL_PATH, log=print) -> RelationModel:
    started = time.perf_counter()
    pool = load_pool()
    rows = [r for r in read_labels() if r["split"] in SPLITS]
    items = collect(extractor, rows, pool)
    cands, _ = _split(items)
    log(f"{len(cands)} candidates from {len(rows)} articles ({' and '.join(SPLITS)} splits)")
    best = select(items, seed, log)
    fitted = fit(cands, best["rate"], seed, best["class_weight"])
    import sklearn

    info = {
        "theaters": sorted({cl["theater"] for row in rows for cl in row["claims"]}),
        "seed": seed,
        "class_weight": best["class_weight"],
        "learner": (
            f"mean of a logistic regression (C={LINEAR_C}) and boosted trees "
            f"({ROUNDS} rounds of {LEAVES} leaves over {TOP_FEATURES} features)"
        ),
        "rate": best["rate"],
        "threshold": best["threshold"],
        "temperature": best["temperature"],
        "trained_on": "real-news train and dev splits",
        "candidates": len(cands),
        "cross_validated": {
            "folds": "one per outlet",
            "precision": round(best["precision"], 3),
            "recall": round(best["recall"], 3),
            "f1": round(best["f1"], 3),
            "reliability": best["reliability"],
        },
        "scikit_learn": sklearn.__version__,
        "rule_confidence": rule_confidence(items),
    }
    model = to_model(fitted, best["threshold"], info, best["temperature"])
    save_model(model, out)
    log(
        f"rate={best['rate']} class_weight={best['class_weight']} threshold={best['threshold']} "
        f"temperature={best['temperature']}: cross-validated P {best['precision']:.3f} "
        f"R {best['recall']:.3f} F1 {best['f1']:.3f}; reliability {best['reliability']}; "
        f"{len(model.trees)} rounds -> {out} ({time.perf_counter() - started:.0f} s)"
    )
    return model
