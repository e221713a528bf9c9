"""Relation rules as data: ``data/relations.yaml`` compiled to spaCy ``Matcher`` patterns.

The rules run over sentences whose mentions are merged into single tokens whose entity type is
a coarse class (NAME, PERSON, CHARACTER, SHOW, SEASON, NETWORK, OUTLET, ORG, PLACE, EVENT, STORY,
PRON; a name in parentheses after another is ASIDE). The notation is described at the top of
the data file; :func:`compile_element` turns one element into token patterns.

>>> compile_element("~2")
[{'ENT_TYPE': {'IN': ['', 'PRON', 'ASIDE']}, 'IS_SENT_START': False, 'ORTH': {'NOT_IN': ['.', '!', '?', ';', '\\n\\n']}, 'OP': '{0,2}'}]
>>> compile_element("who|whom?")
[{'LOWER': {'IN': ['who', 'whom']}, 'OP': '?'}]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .lexicon import data

PUNCT = frozenset({",", "(", ")", "[", "]", "-", "–", ":", ";", "/", "&"})
POSSESSIVE = ["'s", "’s", "'", "’"]
#: Parts of speech inside a noun phrase: "the Netflix sci-fi series", "four-part revival"
NP_POS = ["ADJ", "NOUN", "PROPN", "NUM", "VERB", "PUNCT"]


@dataclass(frozen=True)
class Rule:
    name: str
    predicate: str
    pattern: tuple
    reverse: bool = False
    subject_type: str = ""  # type vote for the subject when the rule fires
    object_type: str = ""
    either_way: bool = False  # 'A (B)': orientation decided by the entities' types
    list_object: bool = False  # the object may be a list: "A and B", "A, B and C"
    list_subject: bool = False  # the subject may be a list too
    presupposed: bool = False  # stated inside a noun phrase: hedges elsewhere do not touch it
    implicit: str = ""  # "show" / "season" / "outlet": one end is the article's show, season or outlet
    full_name_subject: bool = False  # the subject must be a full name not known as a character
    pair_lists: bool = False  # "A and B play C and D": subjects and objects pair up in order
    aside: bool = False  # the rule reads the name in parentheses ("Kay (Ann Lee)")


def _word_list(text: str) -> list[str]:
    sets = data("relations")["sets"]
    if text.startswith("$"):
        return [str(w) for w in sets[text[1:]]]
    return text.split("|")


def _gap(n: int) -> dict:
    """Up to n ordinary words (no entity, no sentence-ending punctuation). An aside in
    parentheses ("Kay (Ann Lee) kissed Tom") counts as words."""
    return {"ENT_TYPE": {"IN": ["", "PRON", "ASIDE"]}, "IS_SENT_START": False,
            "ORTH": {"NOT_IN": [".", "!", "?", ";", "\n\n"]}, "OP": f"{{0,{n}}}"}


def compile_element(element) -> list[dict]:
    """Token patterns for one element of the notation."""
    if isinstance(element, dict):
        return [dict(element)]
    text = str(element)
    optional = text.endswith("?") and len(text) > 1
    if optional:
        text = text[:-1]
    if text.startswith("~"):
        count, _, kind = text[1:].partition(":")
        count, _, banned = count.partition("!")
        pat = _gap(int(count))
        if kind == "np":
            pat["POS"] = {"IN": NP_POS}
            pat["ORTH"] = {"NOT_IN": [".", "!", "?", ";", ",", "(", ")", ":", '"', "“", "”", "—", "–", "\n\n"]}
        elif kind == "role":
            pat["POS"] = {"IN": ["ADJ", "NOUN", "VERB"]}
            pat["LOWER"] = {"NOT_IN": sorted(data("relations")["relation_nouns"])}
        elif kind == "words":
            pat["ENT_TYPE"] = {"IN": ["", "ASIDE"]}
        elif kind == "season":
            pat["ENT_TYPE"] = {"IN": ["", "PRON", "ASIDE", "SEASON"]}
        if banned:
            pat["LOWER"] = {"NOT_IN": _word_list(banned)}
        return [pat]
    if text.startswith("@"):
        groups = data("relations")["groups"]
        classes = [c for part in text[1:].split("|") for c in groups.get(part, [part])]
        pat = {"ENT_TYPE": {"IN": classes}}
    elif text.startswith("lemma:"):
        pat = {"LEMMA": {"IN": _word_list(text[6:])}}
    elif text == "'s":
        pat = {"ORTH": {"IN": POSSESSIVE}}
    elif all(part in PUNCT for part in text.split("|")):
        pat = {"ORTH": {"IN": text.split("|")}} if "|" in text else {"ORTH": text}
    else:
        pat = {"LOWER": {"IN": _word_list(text)}}
    if optional:
        pat["OP"] = "?"
    return [pat]


def _rule(spec: dict) -> Rule:
    types = spec.get("types") or ["", ""]
    pattern = tuple(p for element in spec["pattern"] for p in compile_element(element))
    return Rule(
        name=spec["name"], predicate=spec["edge"], pattern=pattern, reverse=spec.get("reverse", False),
        subject_type=types[0], object_type=types[1], either_way=spec.get("either_way", False),
        list_object=spec.get("list_object", False), list_subject=spec.get("list_subject", False),
        presupposed=spec.get("presupposed", False), implicit=spec.get("implicit", ""),
        full_name_subject=spec.get("full_name_subject", False), pair_lists=spec.get("pair_lists", False),
        aside=spec.get("aside", False))


@functools.cache
def rules(group: str) -> tuple[Rule, ...]:
    """The rules of one group of ``data/relations.yaml`` ("cast", "production", ...)."""
    return tuple(_rule(spec) for spec in data("relations")[group])
