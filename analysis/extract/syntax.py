"""Small readings of the dependency parse that every rule shares: prepositional objects,
governing verbs, relative-pronoun antecedents, phrasal verbs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Walking up from a cue, these links carry the governing verb's negation or modality down.
FRAME_DEPS = frozenset(
    [
        "xcomp",
        "ccomp",
        "advcl",
        "conj",
        "pcomp",
        "pobj",
        "prep",
        "dobj",
        "dative",
        "acomp",
        "oprd",
        "attr",
        "agent",
    ]
)


def is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def prep_children(tok: Token, preps: Iterable[str]) -> Iterator[Token]:
    """The objects of `tok`'s prepositions named in `preps`. Of coordinated prepositions
    ("in and around the town") the parser hangs the object on the last one only; it is
    the object of each."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if not objects:
                conjs = [c for c in child.children if c.dep_ == "conj" and c.pos_ == "ADP"]
                objects = [g for c in conjs for g in c.children if g.dep_ == "pobj"]
            yield from objects


def comma_before(tok: Token) -> bool:
    return tok.i > 0 and tok.doc[tok.i - 1].text == ","


def list_item_before(tok: Token) -> Token | None:
    """The word before `tok` in a list, past the comma between them if there is one
    ("Syrian, Russian and Iranian jets"; copy without commas: "Syrian Russian and ...")."""
    i = tok.i - 1
    if i > 0 and tok.doc[i].text == ",":
        i -= 1
    return tok.doc[i] if i >= 0 else None


def phrasal(verb: Token, particles: Iterable[str]) -> str:
    """The verb with its particle ("push back"); `particles` may stand as prepositions or
    adverbs (the parser reads "pushed back opposition fighters" with an adverb "back")."""
    found = [c.lower_ for c in verb.children if c.dep_ == "prt"] or [
        c.lower_
        for c in verb.children
        if c.dep_ in ("prep", "advmod") and c.lower_ in particles and c.i > verb.i
    ]
    return f"{verb.lemma_.lower()} {found[0]}" if found else verb.lemma_.lower()


def antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun refers to. The parser hangs a relative clause on the head
    of a coordination; a singular verb then refers to the nearest conjunct instead. A place
    ("fighters in Syria who ...", "a franchise operating in Syria and Lebanon that aims
    to ...") is not what the pronoun stands for: the noun the place is said of is, if any."""
    node = tok
    for _ in range(4):
        if node.dep_ == "relcl":
            head = node.head
            if node.tag_ == "VBP":  # a plural verb: a coordination, not one of its nouns
                if head.dep_ == "conj":  # "Iran and Hezbollah, which back Assad": both
                    return _not_a_place(coordination_head(head))
                nearer = _coordination_before(tok, head)
                if nearer is not None:
                    return _not_a_place(nearer)
            conjuncts = [c for c in head.subtree if c.dep_ == "conj" and c.i < node.i]
            if conjuncts and node.tag_ == "VBZ":
                return _not_a_place(max(conjuncts, key=lambda c: c.i))
            return _not_a_place(head)
        if node.head.i == node.i:
            break
        node = node.head
    before = _noun_before(tok)
    return None if before is None else _not_a_place(before)


def _coordination_before(pronoun: Token, head: Token) -> Token | None:
    """ "on the Security Council against Russia and China which back Assad": the parser
    hangs the clause on the singular noun whose phrase holds the coordination; a plural
    verb refers to the coordination right before the pronoun (its first noun)."""
    if head.tag_ not in ("NN", "NNP") or any(c.dep_ == "conj" for c in head.children):
        return None
    noun = list_item_before(pronoun)  # "China which", "China, which"
    if noun is None or noun.i <= head.i or noun.dep_ != "conj" or head not in noun.ancestors:
        return None
    return coordination_head(noun)


_PLACE_PREPS = frozenset({"in", "inside", "across", "throughout"})


def coordination_head(noun: Token) -> Token:
    """The first noun of the coordination `noun` is in ("Syria and Lebanon": Syria)."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    return noun


def is_place(noun: Token) -> bool:
    """Is `noun` (or the coordination it is in) a country or city named after "in"?"""
    top = coordination_head(noun)
    return top.dep_ == "pobj" and top.head.lower_ in _PLACE_PREPS and noun.ent_type_ == "GPE"


def _not_a_place(noun: Token) -> Token | None:
    """`noun`, unless it is a place after "in": then the noun the phrase modifies
    ("fighters in Syria"), or None."""
    if not is_place(noun):
        return noun
    owner = coordination_head(noun).head.head
    return owner if owner.pos_ in ("NOUN", "PROPN") else None


def _noun_before(tok: Token) -> Token | None:
    """ "against Russia and China which back Assad", the clause not parsed as relative: the
    noun right before the pronoun, or the head of the coordination it closes."""
    if tok.i == 0:
        return None
    prev = tok.doc[tok.i - 1]
    if prev.pos_ not in ("NOUN", "PROPN"):
        return None
    return coordination_head(prev)


def governing_verb(noun: Token) -> Token | None:
    """The verb whose object a noun is, directly or through prepositions; a predicative
    adjective ("dependent on support") stops the walk too."""
    if noun.dep_ not in ("dobj", "pobj", "nsubjpass", "attr"):
        return None
    node = noun
    for _ in range(4):
        head = node.head
        if head is node:
            return None
        if is_verb(head) or (head.pos_ == "ADJ" and head.dep_ == "acomp"):
            return head
        if node.dep_ not in ("pobj", "prep", "conj"):
            return None
        node = head
    return None


def is_passive(verb: Token) -> bool:
    """A passive subject, or a passive auxiliary that no other auxiliary follows ("has been
    attacked" is passive; in "IS has attacked" the parser took the name "IS" for one)."""
    return any(
        c.dep_ == "nsubjpass" or (c.dep_ == "auxpass" and not later_auxiliary(c))
        for c in verb.children
    )


def later_auxiliary(tok: Token) -> bool:
    """Another auxiliary of the same verb comes after `tok`."""
    return any(c.dep_ in ("aux", "auxpass") and c.i > tok.i for c in tok.head.children)


def perfect_as_modifier(verb: Token) -> bool:
    """ "Turkey has long backed rebels seeking Assad's overthrow": the parser made the
    participle a modifier of its object ("backed rebels"), and "has" the verb whose object
    that is, with nothing but adverbs between them, or the participle's own auxiliary,
    with the subject on the participle too. Either way it is the perfect tense."""
    noun, have = verb.head, verb.head.head
    if verb.tag_ != "VBN" or verb.dep_ != "amod" or noun.i < verb.i:
        return False
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return any(c.dep_ == "nsubj" for c in verb.children)
    return (
        noun.dep_ == "dobj"
        and have.lemma_ == "have"
        and have.i < verb.i
        and any(c.dep_ == "nsubj" for c in have.children)
        and all(t.pos_ == "ADV" for t in verb.doc[have.i + 1 : verb.i])
    )


def main_verb_as_participle(verb: Token) -> bool:
    """ "US-led air strikes killed 20 IS fighters": the parser made the sentence's verb a
    participle of its subject. A participle with a direct object and no "by" phrase, on a
    sentence's root noun or on the "by" phrase of that noun ("air strikes by the coalition
    killed 21 civilians"), is the main verb in the active voice. So is one in the past
    tense on the subject of a verb after it, where the parser took a reported sentence's
    source for its verb's object ("strikes killed 20 fighters a monitor said": "strikes"
    made the subject of "said"), or its clause when a comma came before the source
    ("raids by the coalition killed 17 civilians in an IS stronghold, a monitor said")."""
    noun = verb.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "by":
        noun = noun.head.head
    reported = (
        noun.dep_ in ("nsubj", "ccomp", "advcl")
        and verb.tag_ in ("VBD", "VBN")
        and noun.head.i > verb.right_edge.i
    )
    # "Iran-backed militias fought alongside government forces": no object, but a side
    # taken or fought, and no other verb in the sentence
    sided = noun.dep_ == "ROOT" and any(
        c.dep_ == "prep" and c.lower_ in ("alongside", "against") for c in verb.children
    )
    return (
        verb.dep_ == "acl"
        and (noun.dep_ == "ROOT" or reported)
        and noun.pos_ in ("NOUN", "PROPN")
        and (any(c.dep_ == "dobj" for c in verb.children) or sided)
        and not any(c.dep_ == "agent" for c in verb.children)
    )
