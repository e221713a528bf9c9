"""The ``fankg_types`` component: what each name is — an actor or a character, a show, an
organisation, a place.

Casting sentences decide first ("X stars as Y", "X, who plays Y", "Y (X)", "Y, played by X",
"X's Y"); then cues from the parse (what a network renews is a show; where someone works is an
organisation; what one moves to is a place); then defaults (a lone first name reads as a
character, a full name as a person). Votes go to ``doc._.fk_book``; tokens are relabelled.
"""

from __future__ import annotations

from spacy.language import Language

from .docdata import Found, ent_class, ent_key, entity_tokens, sentence_index, tokens_with, word_ids
from .entities import EntityBook, given_name_gender
from .frames import FrameReader
from .lexicon import words
from .patterns import Rule, rules
from .resolve import relabel
from .rules import RuleRunner, actor_second

CAST_FRAME_RULE = Rule("cast-frame", "plays", (), presupposed=True)
PAREN_RULE = Rule("paren", "plays", (), presupposed=True)
SHOW_VERBS = words("words", "show_verbs")
ORG_NOUNS = words("words", "org_nouns")
WORK_VERBS = words("words", "work_verbs")
PLACE_NOUNS = words("words", "place_nouns")
OPEN_PAREN = word_ids({"("})


def casting_asides(doc, sent_of, book: EntityBook):
    """Finds of "Kay (Ann Lee)", "Ann Lee (Kay, a chef who ...)", "Ann Lee (sardonic editor
    Kay)": a name, then in parentheses a name that may have lowercase words before it and a
    comma after it. Which of the two is the actor: see :func:`graph.extract.rules.actor_second`."""
    n = len(doc)
    for tok in tokens_with(doc, OPEN_PAREN):
        if tok.i == 0:
            continue
        outer = doc[tok.i - 1]
        if outer.text in ("'s", "’s", "'", "’") and tok.i > 1:
            outer = doc[tok.i - 2]  # "Kay's (Ann Lee) return"
        if not ent_key(outer) or not _person_like(outer, book):
            continue
        j = tok.i + 1
        described = False
        while j < n and not ent_key(doc[j]) and doc[j].text[:1].islower() and j - tok.i <= 4:
            described = True
            j += 1
        if j >= n or j + 1 >= n or not ent_key(doc[j]):
            continue
        inner, after = doc[j], doc[j + 1]
        if after.text not in (")", ",") or ent_class(inner) == "PRON":
            continue
        if not _person_like(inner, book):
            continue
        a, b = ent_key(outer), ent_key(inner)
        if a == b:
            continue
        if described or (after.text == "," and ent_class(inner) != "PERSON" and inner._.fk_aside != "PERSON"):
            actor, role = a, b  # "Ann Lee (editor Kay)", "Ann Lee (Kay, a chef)"
            if book.records[a].type == "Character" and book.records[a].strong:
                actor, role = b, a
        elif actor_second(doc, outer, book, b, a):
            actor, role = a, b
        else:
            actor, role = b, a
        yield Found(actor, "plays", role, sent_of[tok.i], (tok,), PAREN_RULE)


def _person_like(tok, book: EntityBook) -> bool:
    """A name that may be an actor or a character: a person-like class, or a place or company
    only the model guessed ("Nadia" read as a town)."""
    cls = tok._.fk_aside if ent_class(tok) == "ASIDE" else ent_class(tok)
    if cls in ("NAME", "PERSON", "CHARACTER"):
        return True
    rec = book.records.get(ent_key(tok))
    return cls in ("PLACE", "ORG") and rec is not None and not rec.fixed and not rec.strong


def type_cues(doc, book: EntityBook) -> None:
    """Typing hints from the parse for names no casting sentence typed: what a network renews
    is a show; where someone works, or what an apposition calls an agency, is an organisation;
    "the town of X" is a place."""
    for tok in entity_tokens(doc):
        if ent_class(tok) not in ("NAME", "ORG"):
            continue
        key = ent_key(tok)
        head = tok.head
        if tok.dep_ == "dobj" and head.lemma_.lower() in SHOW_VERBS:
            book.vote(key, "Show", 2)
        elif tok.dep_ == "pobj" and head.lower_ in ("at", "for") and head.head.lemma_.lower() in WORK_VERBS \
                and (head.lower_ == "at" or head.head.lemma_.lower() == "work"):
            book.vote(key, "Organization", 2)
        elif any(c.dep_ == "appos" and c.lower_ in ORG_NOUNS for c in tok.children):
            book.vote(key, "Organization", 2)
        elif tok.dep_ == "appos" and head.lower_ in ORG_NOUNS:
            book.vote(key, "Organization", 2)
        elif tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in PLACE_NOUNS:
            book.vote(key, "Place", 2)
        elif any(c.dep_ == "appos" and c.lower_ in PLACE_NOUNS for c in tok.children):
            book.vote(key, "Place", 2)


def default_types(book: EntityBook) -> None:
    """Names no pattern typed: a lone first name reads as a character, a full name as a person."""
    for rec in book.records.values():
        if rec.fixed or rec.votes["Person"] >= 1 or rec.votes["Character"] >= 1:
            continue
        personal = len(rec.label.split()) > 1 and given_name_gender(rec.label.split()[0]) is not None
        if rec.votes["_the"] and rec.votes["_the"] * 2 >= rec.votes["_personish"] and not personal:
            rec.votes["Organization"] += 0.75  # "the Blue Lantern", "the Grand Hotel": a thing or a place, not a person
        elif rec.votes["_personish"]:
            single = len(rec.label.split()) == 1
            rec.votes["Character" if single else "Person"] += 0.75
    for rec in book.records.values():
        rec.votes.pop("_personish", None)
        rec.votes.pop("_the", None)


class Classifier:
    def __init__(self, vocab, rule_groups=("cast",)):
        self.cast = RuleRunner(vocab, tuple(r for group in rule_groups for r in rules(group)))

    def __call__(self, doc):
        book = doc._.fk_book
        _, sent_of = sentence_index(doc)
        cast = list(self.cast.run(doc, sent_of, book))
        reader = FrameReader(doc, lambda tok: None, book)  # pronouns are no evidence for casting
        cast += [Found(a, p, r, sent_of[t[0].i], t, CAST_FRAME_RULE) for a, p, r, t in reader.cast()]
        self._vote(cast, book)
        relabel(doc, book)
        asides = list(casting_asides(doc, sent_of, book))
        self._vote(asides, book)
        type_cues(doc, book)
        default_types(book)
        relabel(doc, book)
        doc.user_data["fk_cast"] = cast + asides
        return doc

    @staticmethod
    def _vote(finds, book) -> None:
        for found in finds:
            if not found.via_pronoun:
                book.vote(found.subject, "Person", 2)
                book.vote(found.object, "Character", 2)


@Language.factory("fankg_types", default_config={"rule_groups": ["cast"]})
def make_classifier(nlp, name, rule_groups: list[str]):
    """``rule_groups``: the groups of ``data/relations.yaml`` that decide actors and characters."""
    return Classifier(nlp.vocab, tuple(rule_groups))
