"""The `relation_model` component: scores the candidate pairs the rules left unread.

It runs after the rules and constructions and before the qualifier, so its claims are
qualified like theirs (negation, hedges, theater) and carry `rule="model"` and a calibrated
confidence. The model reads the whole article before it claims anything: a claim it reads in
several sentences, none sure enough alone, is claimed when their probabilities combined
reach the threshold (`model.aggregate`; an outside actor's claim has its own threshold);
its evidence is each sentence that alone reads as likelier than not (at least the
likeliest).
It also gives each rule's claims the confidence measured for that rule on the labelled
articles (kept with the weights). It reads only sentences about a theater it was trained on.
With `collect` set it records every candidate's features in `doc._.candidates` instead (for
training).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from analysis.extract.context import Found, get_context
from analysis.extract.tools import resources
from analysis.relmodel.features import anchor, candidates, features
from analysis.relmodel.model import MODEL_PATH, aggregate, load_model, relation_of


class RelationModelComponent:
    def __init__(self, kb_dir: str, vocab_dir: str, weights: str) -> None:
        self.tools = resources(kb_dir, vocab_dir)
        self.model = load_model(weights or str(MODEL_PATH))
        self.collect = False
        if not Doc.has_extension("candidates"):
            Doc.set_extension("candidates", default=None)

    def _theater(self, local: str | None, faction: str) -> str | None:
        """The sentence's theater, else the faction's when it fights in one only."""
        own = self.tools.kb.actors[faction].theaters
        return local or (own[0] if len(own) == 1 else None)

    def __call__(self, doc: Doc) -> Doc:
        ctx = get_context(doc)
        if ctx is None or not ctx.actors or (self.model is None and not self.collect):
            return doc
        # The rules' reading of a supporter in a sentence stands: the model adds pairs
        # for actors the rules left unread, not second opinions on those they read.
        read = {(f.supporter.name, f.cue.sent.start) for f in ctx.found}
        if not self.collect:
            for found in ctx.found:  # a rule's claims are as sure as the rule was measured
                measured = self.model.rule_confidence(found.rule)
                if measured is not None:
                    found.confidence = measured
        rows = []
        readings: list[tuple[tuple, int, float]] = []
        pairs = []
        theaters = set(self.model.info.get("theaters", ())) if self.model else set()
        for sent in doc.sents:
            local = self.tools.resolver.theaters.of_sentence(ctx, sent)
            for sup, tgt in candidates(ctx, sent, self.tools.kb, self.tools.cues):
                if not self.collect and self._theater(local, tgt.name) not in theaters:
                    continue  # a war the model has not been trained on
                feats = features(ctx, sup, tgt, self.tools.cues)
                if self.collect:
                    rows.append(
                        {
                            "sup": sup.name,
                            "tgt": tgt.name,
                            "start": sent.start_char,
                            "end": sent.end_char,
                            "features": feats,
                        }
                    )
                    continue
                if (sup.name, sent.start) in read:
                    continue
                relation, probability = relation_of(self.model.probabilities(feats))
                readings.append(((sup.name, relation, tgt.name), sent.start, probability))
                pairs.append((sup, tgt))
        if self.collect:
            doc._.candidates = rows
            return doc
        kb, model = self.tools.kb, self.model
        kept = aggregate(
            readings,
            lambda key: model.threshold_for(kb.group_of(key[0], key[2])),
            model.evidence_floor,
        )
        for n, combined in sorted(kept.items()):
            (_, relation, _), (sup, tgt) = readings[n][0], pairs[n]
            confidence = round(self.model.confidence(combined), 2)
            ctx.found.append(Found(sup, tgt, relation, anchor(sup, tgt), "model", "", confidence))
        return doc


@Language.factory(
    "ct_relation_model", default_config={"kb_dir": "", "vocab_dir": "", "weights": ""}
)
def make_relation_model(nlp: Language, name: str, kb_dir: str, vocab_dir: str, weights: str):
    return RelationModelComponent(kb_dir, vocab_dir, weights)
