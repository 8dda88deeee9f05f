"""Candidate pairs and their features: what the relation model sees.

A candidate is an ordered pair of resolved mentions in one sentence, an actor and a
faction of another name. Its features are the words between the two, the dependency path
joining them and the words on it, the cue roles of those words, the side of each, the
faction's name and the supporter's type, and negation and hedge words in the sentence.
It never sees the article's outlet or date, nor the supporter's name.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from analysis.extract.context import ActorMention, Context
from analysis.extract.vocab import CueBook
from analysis.kb import KnowledgeBase

MAX_MENTIONS = 10  # per sentence; a longer list is a headline block, not a statement
MAX_BETWEEN = 20
_SKIP_POS = {"DET", "PUNCT", "SPACE"}


def sentence_mentions(ctx: Context, sent: Span) -> list[ActorMention]:
    """The distinct mentions of a sentence, in order."""
    out: list[ActorMention] = []
    for i in range(sent.start, sent.end):
        actor = ctx.actors.get(i)
        if actor is not None and (not out or out[-1] is not actor):
            out.append(actor)
    return out


def carried_over(ctx: Context, sent: Span, cues: CueBook) -> list[ActorMention]:
    """A pronoun subject with no actor before it in its sentence ("It has been battling
    rival opposition fighters") stands for the actor the previous sentence was about: its
    first subject, else its first actor. The pronoun's own span keeps the claim in this
    sentence."""
    if sent.start == 0:
        return []
    out: list[ActorMention] = []
    for tok in sent:
        if tok.dep_ not in ("nsubj", "nsubjpass") or not cues.has("pronoun", tok.lower_):
            continue
        if any(i in ctx.actors for i in range(sent.start, tok.i)):
            break
        before = sentence_mentions(ctx, ctx.doc[sent.start - 1].sent)
        subjects = [a for a in before if a.span.root.dep_ in ("nsubj", "nsubjpass")]
        for actor in subjects[:1] or before[:1]:
            out.append(ActorMention(sent.doc[tok.i : tok.i + 1], actor.name, actor.type, "pronoun"))
        break
    return out


def candidates(
    ctx: Context, sent: Span, kb: KnowledgeBase, cues: CueBook | None = None
) -> Iterator[tuple[ActorMention, ActorMention]]:
    mentions = sentence_mentions(ctx, sent)
    if cues is not None and mentions:
        mentions = carried_over(ctx, sent, cues) + mentions
    if len(mentions) < 2 or len(mentions) > MAX_MENTIONS:
        return
    for a in mentions:
        for b in mentions:
            if a is b or a.name == b.name or not kb.is_faction(b.name):
                continue
            if cues is None or not backed_by(a.span.root, b.span.root, cues):
                yield a, b


def backed_by(backed: Token, backer: Token, cues: CueBook) -> bool:
    """Whether `backer` is (a conjunct of) the "by" phrase of a supporting participle on
    `backed` ("the Iraqi army backed by Kurdish fighters"): the text says who backs whom,
    so the pair the other way round is no candidate (whose wrong reading would be the one
    a model has least seen)."""
    tok = backer
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.dep_ != "agent":
        return False
    verb = tok.head.head
    cue = cues.get("verb", verb.lemma_.lower())
    return (
        verb.dep_ == "acl"
        and verb.head.i == backed.i
        and cue is not None
        and cue.relation == "supports"
    )


def _path(a: Token, b: Token) -> tuple[list[Token], list[Token], Token | None]:
    """Tokens from a up to the lowest common ancestor, and from b up to it."""
    up_a = [a, *a.ancestors]
    seen = {t.i: n for n, t in enumerate(up_a)}
    up_b = []
    for t in [b, *b.ancestors]:
        if t.i in seen:
            return up_a[: seen[t.i] + 1], up_b, t
        up_b.append(t)
    return up_a, up_b, None


def features(ctx: Context, sup: ActorMention, tgt: ActorMention, cues: CueBook) -> dict[str, float]:
    """The features of one candidate."""
    doc = ctx.doc
    feats: dict[str, float] = {"bias": 1.0, f"tgt={tgt.name}": 1.0, f"sup_type={sup.type}": 1.0}
    feats[f"sup_kind={sup.alias_kind}"] = 1.0
    first, second = sorted([sup.span, tgt.span], key=lambda s: s.start)
    feats["order=" + ("st" if first is sup.span else "ts")] = 1.0
    between = [t for t in doc[first.end : second.start] if t.pos_ not in _SKIP_POS]
    feats[f"gap={min(len(between), MAX_BETWEEN) // 4}"] = 1.0
    for tok in between[:MAX_BETWEEN]:
        lemma = tok.lemma_.lower()
        feats[f"w={lemma}"] = 1.0
        for role in cues.roles_of(lemma):
            feats[f"role={role}"] = 1.0
            cue = cues.get(role, lemma)
            if cue is not None and cue.relation:
                feats[f"cue={role}:{cue.relation}"] = 1.0
    for tok in doc[max(0, first.start - 3) : first.start]:
        feats[f"left={tok.lemma_.lower()}"] = 1.0
    up_a, up_b, lca = _path(sup.span.root, tgt.span.root)
    path = [f"{t.dep_}^" for t in up_a[:-1]] + [f"v{t.dep_}" for t in reversed(up_b)]
    feats["path=" + " ".join(path[:8])] = 1.0
    feats[f"path_len={min(len(path), 8)}"] = 1.0
    if lca is not None:
        feats[f"lca={lca.lemma_.lower()}"] = 1.0
        feats[f"lca_pos={lca.pos_}"] = 1.0
        feats[f"sup_dep={up_a[-2].dep_ if len(up_a) > 1 else 'self'}"] = 1.0
        feats[f"tgt_dep={up_b[-1].dep_ if up_b else 'self'}"] = 1.0
    for tok in (*up_a[1:], *up_b[1:]):
        feats[f"on_path={tok.lemma_.lower()}"] = 1.0
    for mention, side in ((sup, "sup"), (tgt, "tgt")):
        after = doc[mention.span.end : mention.span.end + 2]
        if len(after) == 2 and after[0].text == "-":
            feats[f"{side}_hyphen={after[1].lower_}"] = 1.0  # "rebel-held", "US-backed"
    for mention, side in ((sup, "sup"), (tgt, "tgt")):
        root = mention.span.root
        head = root.head
        feats[f"{side}_own_dep={root.dep_}"] = 1.0  # "Russian" amod, "rebels" nsubj
        if head is not root:
            lemma = head.lemma_.lower()
            feats[f"{side}_head={lemma}"] = 1.0  # "Russian airstrikes", "rebel positions"
            for role in cues.roles_of(lemma):
                feats[f"{side}_head_role={role}"] = 1.0
    if tgt.span.root in sup.span.root.conjuncts:
        feats["coordinated"] = 1.0
    for left, right in zip(between, between[1:], strict=False):
        feats[f"w2={left.lemma_.lower()}_{right.lemma_.lower()}"] = 1.0
    sent = sup.span.sent
    for tok in sent:
        for role in cues.roles_of(tok.lemma_.lower()):
            if role in ("verb", "noun", "mutual_noun", "give_verb", "capture_verb"):
                feats[f"sent_role={role}"] = 1.0
        low = tok.lower_
        lemma = tok.lemma_.lower()
        if tok.dep_ == "neg" or cues.has("negator", lemma) or cues.has("end_verb", lemma):
            feats["negation"] = 1.0
        if cues.has("hedge", low) or cues.has("hedge_noun", tok.lemma_.lower()):
            feats["hedge"] = 1.0
    return feats


def anchor(sup: ActorMention, tgt: ActorMention) -> Token:
    """The token a model claim hangs on for qualification: the pair's common ancestor."""
    _, _, lca = _path(sup.span.root, tgt.span.root)
    return lca if lca is not None else sup.span.root
