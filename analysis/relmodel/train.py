"""Fit the relation model on the labelled real-news train and dev splits; never read the
test split.

A candidate (actor, faction, sentence) is labelled with the relation of a gold claim of
that pair whose evidence covers the sentence, else "none"; candidates of optional claims are
left out. The model is the mean of two: a logistic regression over every feature, and boosted
trees over the features most tied to the labels, which can read conjunctions a sum of weights
cannot. The trees' learning rate and class weights, the calibration temperature, the
decision thresholds (one for outside actors' claims, one for factions', each group held to
its own cross-validated precision, MIN_PRECISION) and the evidence floor
(`model.aggregate`: the probability from which a sentence counts towards its article's
claim) are chosen by cross-validation over outlets (one fold per outlet of train and dev:
every candidate is scored by a model that never saw an article of its outlet, as the test
split's new outlets will be), with the rules' own
claims in the count, so the threshold is the one that serves the whole extractor on an
outlet it has not read. The final model is then fitted on all of train and dev. Confidence
is calibrated on the cross-validated claims (a logistic map of their combined probability).
Deterministic for a seed: the same labels give the same weights.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import replace
from itertools import product

from analysis.corpus import judge, load_pool, read_labels, verdict
from analysis.extract.text import clean_text
from analysis.relmodel.model import (
    CLASSES,
    MODEL_PATH,
    RelationModel,
    aggregate,
    calibrated,
    logit,
    relation_of,
    rule_family,
    save_model,
)

LINEAR_C = 0.1  # the linear half's regularisation, class weights balanced
GRID_RATE = (0.05, 0.1)  # the trees' learning rate
GRID_WEIGHT = ("balanced", None)  # the trees' class weights: "supports" is rare
ROUNDS = 300  # one tree per class each
LEAVES = 15
MIN_LEAF = 10  # candidates
TOP_FEATURES = 300
GRID_THRESHOLD = tuple(round(0.30 + 0.05 * k, 2) for k in range(14))
GRID_FLOOR = (0.2, 0.3, 0.4, 0.5, 0.6)  # a sentence's probability that counts towards its claim
GRID_TEMPERATURE = tuple(round(0.5 + 0.1 * k, 1) for k in range(26))
# Cross-validated precision each group of claims must keep (`KnowledgeBase.group_of`):
# for outside actors the project's goal; for faction-vs-faction claims the model may add
# recall, not much noise. Each group has its own threshold.
MIN_PRECISION = {"outside": 0.90, "faction": 0.80}
GROUPS = tuple(MIN_PRECISION)
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
            article = pool[row["id"]]
            doc = extractor.first_pass(clean_text(article["text"]), article.get("title", ""))
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


def readings(cands: list[dict], probs: list[list[float]]) -> list[tuple[tuple, int, float]]:
    """Each candidate as the component reads it: (claim key, sentence, probability), the
    claim key's relation the likelier of the two. Candidates the rules read are not
    readings (their probability is set to 0)."""
    out = []
    for cand, row in zip(cands, probs, strict=True):
        relation, p = relation_of(dict(zip(CLASSES, row, strict=True)))
        key = (cand["article"], cand["sup"], relation, cand["tgt"])
        out.append((key, cand["start"], 0.0 if cand["read"] else p))
    return out


def model_claims(items: list[dict], rows: list, threshold: float, floor: float):
    """{candidate index: combined probability} of the claims the model adds, article by
    article, as the component decides them, from the candidates' `readings`."""
    cands, _ = _split(items)
    by_article: dict[str, list[int]] = defaultdict(list)
    for n, cand in enumerate(cands):
        by_article[cand["article"]].append(n)
    out: dict[int, float] = {}
    for members in by_article.values():
        kept = aggregate([rows[n] for n in members], threshold, floor)
        out.update((members[k], combined) for k, combined in kept.items())
    return out


def model_keys(items: list[dict], rows: list, claims: dict[int, float]) -> dict[str, dict]:
    """The model's claims per article: {article: {(supporter, relation, target): (combined
    probability, [(start, end) of each sentence it was read in])}}."""
    cands, _ = _split(items)
    out: dict[str, dict] = defaultdict(dict)
    for n, combined in sorted(claims.items()):
        article, *key = rows[n][0]
        spans = out[article].setdefault(tuple(key), (combined, []))[1]
        spans.append((cands[n]["start"], cands[n]["end"]))
    return out


def tallies(
    items: list[dict], rows: list, claims: dict[int, float], group_of=None
) -> dict[str, list[int]]:
    """[tp, fp, fn] of the rules' claims plus the model's (`model_claims`), judged against
    the gold per article, per group of claims (`group_of(supporter, target)`; one group
    "all" without it)."""
    _, articles = _split(items)
    model = model_keys(items, rows, claims)
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for art in articles:
        found: dict = defaultdict(list)
        for sup, rel, tgt, start, end, _ in art["rules"]:
            found[(sup, rel, tgt)].append((start, end))
        for key, (_, spans) in model[art["article"]].items():
            found[key].extend(spans)
        for key, counts in judge(art["gold"], found, evidence=True).items():
            tally = out[group_of(key[0], key[2]) if group_of else "all"]
            for k in range(3):
                tally[k] += counts[k]
    return dict(out)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def judged(
    items: list[dict], rows: list, floor: float, group_of=None
) -> list[tuple[float, bool, str]]:
    """(combined probability, right, group) of every claim the model could make at this
    floor, whatever the threshold; claims only optional labels cover are left out."""
    _, articles = _split(items)
    gold = {art["article"]: art["gold"] for art in articles}
    claims = model_claims(items, rows, 0.0, floor)
    out = []
    for article, keys in model_keys(items, rows, claims).items():
        for key, (combined, spans) in keys.items():
            group = group_of(key[0], key[2]) if group_of else "all"
            right = [verdict(gold[article], key, s, e) for s, e in spans]
            if any(right):
                out.append((combined, True, group))
            elif not all(r is None for r in right):
                out.append((combined, False, group))
    return out


def calibrate(points: list[tuple], seed: int) -> tuple[float, float]:
    """A logistic map from a claim's combined log-odds to how often such claims were right
    (Platt scaling on the cross-validated claims)."""
    from sklearn.linear_model import LogisticRegression

    if len({point[1] for point in points}) < 2:
        return (1.0, 0.0)
    clf = LogisticRegression(C=1e4, random_state=seed)
    clf.fit([[logit(point[0])] for point in points], [int(point[1]) for point in points])
    return (round(float(clf.coef_[0][0]), 4), round(float(clf.intercept_[0]), 4))


def reliability(
    points: list[tuple[float, bool, str]],
    thresholds: dict[str, float],
    calibration: tuple[float, float],
) -> list[list]:
    """[low, high, claims, right] per confidence band of the cross-validated claims the
    model would add (each at its group's threshold): how often a claim given confidence c
    was right."""
    bands = [[round(lo / 10, 1), round(lo / 10 + 0.1, 1), 0, 0] for lo in range(10)]
    for combined, right, group in points:
        if combined >= thresholds[group]:
            band = bands[min(int(calibrated(combined, calibration) * 10), 9)]
            band[2] += 1
            band[3] += right
    return [band for band in bands if band[2]]


def model_only(
    points: list[tuple[float, bool, str]], thresholds: dict[str, float]
) -> dict[str, dict[str, float]]:
    """Per group, the cross-validated claims the model alone adds at its group's threshold
    and how many were right. The combined figure counts the rules' claims too, whose
    precision on train and dev is that of rules written while reading those articles; the
    model's own claims are the part of it that was out of sample."""
    out: dict[str, dict[str, float]] = {}
    for group, threshold in sorted(thresholds.items()):
        kept = [right for combined, right, g in points if g == group and combined >= threshold]
        precision = round(sum(kept) / len(kept), 3) if kept else 1.0
        out[group] = {"claims": len(kept), "right": sum(kept), "precision": precision}
    return out


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


def select(items: list[dict], seed: int, group_of, log=print) -> dict:
    """Cross-validate the grid: the setting with the best F1 over all claims while each
    group of claims keeps its precision floor (MIN_PRECISION), each group at its own
    threshold. The groups' claims are apart, so each threshold is scored once per floor
    and the pairs are summed."""
    cands, _ = _split(items)
    folds = folds_of([cand["outlet"] for cand in cands])
    labels = [cand["label"] for cand in cands]
    best = None
    for weight in GRID_WEIGHT:
        for rate in GRID_RATE:
            scores = out_of_fold(cands, folds, rate, weight, seed)
            temperature = temperature_for(scores, labels)
            rows = readings(cands, [softmax(row, temperature) for row in scores])
            for floor in sorted(set(GRID_FLOOR) | set(GRID_THRESHOLD)):
                at = {
                    t: tallies(items, rows, model_claims(items, rows, t, floor), group_of)
                    for t in GRID_THRESHOLD
                    if t >= floor
                }
                for pair in _threshold_pairs(at):
                    counts = [at[pair[g]].get(g, [0, 0, 0]) for g in GROUPS]
                    p, r, f = prf(*map(sum, zip(*counts, strict=True)))
                    if best is None or f > best["f1"]:
                        best = {"f1": f, "precision": p, "recall": r, "rate": rate}
                        best.update(class_weight=weight, thresholds=pair, floor=floor)
                        best.update(temperature=temperature, rows=rows)
                        best["groups"] = {g: prf(*c) for g, c in zip(GROUPS, counts, strict=True)}
            log(f"  class_weight={weight} rate={rate}: temperature {temperature}")
    if best is None:
        raise SystemExit("no setting keeps the precision floors; no model written")
    points = judged(items, best.pop("rows"), best["floor"], group_of)
    best["calibration"] = calibrate(points, seed)
    best["reliability"] = reliability(points, best["thresholds"], best["calibration"])
    best["model_only"] = model_only(points, best["thresholds"])
    return best


def _threshold_pairs(at: dict[float, dict[str, list[int]]]):
    """Every {group: threshold} whose group keeps its precision floor."""
    keeps = {
        g: [t for t, groups in at.items() if prf(*groups.get(g, [0, 0, 0]))[0] >= MIN_PRECISION[g]]
        for g in GROUPS
    }
    for chosen in product(*(keeps[g] for g in GROUPS)):
        yield dict(zip(GROUPS, chosen, strict=True))


def train(extractor, *, seed: int = 0, out=MODEL_PATH, log=print) -> RelationModel:
    started = time.perf_counter()
    pool = load_pool()
    rows = [r for r in read_labels() if r["split"] in SPLITS]
    items = collect(extractor, rows, pool)
    cands, _ = _split(items)
    log(f"{len(cands)} candidates from {len(rows)} articles ({' and '.join(SPLITS)} splits)")
    best = select(items, seed, extractor.kb.group_of, log)
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
        "threshold": best["thresholds"]["faction"],
        "outside_threshold": best["thresholds"]["outside"],
        "floor": best["floor"],
        "temperature": best["temperature"],
        "calibration": list(best["calibration"]),
        "trained_on": "real-news train and dev splits",
        "candidates": len(cands),
        "cross_validated": {
            "folds": "one per outlet",
            "precision": round(best["precision"], 3),
            "recall": round(best["recall"], 3),
            "f1": round(best["f1"], 3),
            "by_group": {
                g: {"precision": round(p, 3), "recall": round(r, 3)}
                for g, (p, r, _) in best["groups"].items()
            },
            "reliability": best["reliability"],
            "model_only": best["model_only"],
        },
        "scikit_learn": sklearn.__version__,
        "rule_confidence": rule_confidence(items),
    }
    thresholds = best["thresholds"]
    model = to_model(fitted, thresholds["faction"], info, best["temperature"])
    model = replace(
        model,
        floor=best["floor"],
        calibration=best["calibration"],
        outside_threshold=thresholds["outside"],
    )
    save_model(model, out)
    by_group = ", ".join(f"{g} P {p:.3f} R {r:.3f}" for g, (p, r, _) in best["groups"].items())
    log(
        f"rate={best['rate']} class_weight={best['class_weight']} thresholds={thresholds} "
        f"floor={best['floor']} calibration={best['calibration']} "
        f"temperature={best['temperature']}: cross-validated P {best['precision']:.3f} "
        f"R {best['recall']:.3f} F1 {best['f1']:.3f} ({by_group}); "
        f"reliability {best['reliability']}; the model's own claims {best['model_only']}; "
        f"{len(model.trees)} rounds -> {out} ({time.perf_counter() - started:.0f} s)"
    )
    return model
