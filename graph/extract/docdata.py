"""What fankg's components read and leave on a spaCy ``Doc``, in pipeline order:

============================  ===================================================================
``doc._.fk_article``          the :class:`~graph.model.Article` (set before the pipeline runs)
``doc._.fk_profiles``         the show profiles that apply to it
``doc._.fk_book``             the article's entities (``fankg_mentions``, then ``fankg_resolve``)
``doc._.fk_mentions``         :class:`~graph.extract.mentions.Mention` list in text order
``doc._.fk_headlines``        character ranges of headline-case lines
``doc.spans["fk_mentions"]``  the final mentions as spans: label = kind, ``kb_id_`` = entity key
``doc.ents``                  after ``fankg_resolve`` each mention is one token; its entity type
                              is the coarse class the rules read, its ``kb_id_`` the entity key
``doc._.fk_context``          the article's show, its season in focus and its own outlet (keys)
``doc._.fk_finds``            :class:`Found` relations (``fankg_relations``, ``fankg_storylines``)
``doc._.fk_attributions``     one :class:`Attribution` per sentence (``fankg_attribution``)
``doc._.fk_claims``           the article's claims (``fankg_claims``)
============================  ===================================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

for _name in ("fk_article", "fk_profiles", "fk_book", "fk_mentions", "fk_headlines", "fk_context", "fk_finds",
              "fk_attributions", "fk_claims"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Token.has_extension("fk_aside"):
    Token.set_extension("fk_aside", default="")  # the class of a name standing in parentheses as an aside
if not Token.has_extension("fk_role"):
    Token.set_extension("fk_role", default="")  # "actress" in "the actress": who a role reference may be

#: Entity key prefix of "the article's show", "its season in focus" and "its own outlet"
IMPLICIT = "@implicit:"


@dataclass
class Found:
    """A relation before its claim is made: entity keys, the rule, where it stands, its status."""

    subject: str
    predicate: str
    object: str
    sent_index: int
    triggers: tuple  # the tokens that state it; the status is read around them
    rule: Any  # a graph.extract.patterns.Rule
    via_pronoun: bool = False
    status: str = ""


@dataclass
class Attribution:
    """Who said a sentence and to which outlet (entity keys)."""

    speaker: str | None = None
    outlet: str | None = None
    quoted: bool = False


def ent_key(tok: Token) -> str:
    """The entity key a merged mention token stands for ("" for other words)."""
    return tok.ent_kb_id_


def ent_class(tok: Token) -> str:
    """The coarse class of a merged mention token ("" for other words)."""
    return tok.ent_type_


def sentence_index(doc) -> tuple[list, dict]:
    """The doc's sentences, and the sentence of each token index (made once, after the
    mentions are merged)."""
    cached = doc.user_data.get("fk_sents")
    if cached is None:
        sents = list(doc.sents)
        cached = doc.user_data["fk_sents"] = (sents, {t.i: i for i, sent in enumerate(sents) for t in sent})
    return cached


def word_ids(words) -> frozenset[int]:
    """The string ids of some words, as token attribute arrays hold them."""
    return frozenset(get_string_id(w) for w in words)


def tokens_with(doc, ids: frozenset[int]) -> list:
    """The tokens whose lowercase form or lemma has one of the string ``ids`` (see
    :func:`word_ids`), in text order: the rules look only at the words they are about instead
    of at every token. The index is made once per Doc, after the mentions are merged."""
    index = doc.user_data.get("fk_index")
    if index is None:
        index = {}
        for i, (lower, lemma) in enumerate(doc.to_array([LOWER, LEMMA]).tolist()):
            index.setdefault(lower, []).append(i)
            if lemma != lower:
                index.setdefault(lemma, []).append(i)
        doc.user_data["fk_index"] = index
    found = sorted({i for h in ids for i in index.get(h, ())})
    return [doc[i] for i in found]


def entity_tokens(doc) -> list:
    """The merged mention tokens (and pronoun and role references), in text order."""
    starts = doc.user_data.get("fk_ent_starts")
    if starts is None:
        starts = [ent.start for ent in doc.ents]
    return [doc[i] for i in starts]
