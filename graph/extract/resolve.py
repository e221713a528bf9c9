"""The ``fankg_resolve`` component: one entity per person, then one token per mention.

- "Vale" and "Nora Vale" are one person, "Ivy" and "Ivy Stone" one character, "Holt" and
  "Captain Holt" one character, when exactly one full name fits (never a pair written as a
  casting aside, "Omar (Omar Lee)": the character shares the actor's first name);
- "Ivy/Iris" names one character twice;
- "Kay's boss" with no name after it stands for a character of its own until the article names
  her ("Tom is Kay's boss");
- "the actress", "the showrunner" stand for the person named last (resolved by the rules).

Then each mention is merged into one token whose entity type is its coarse class
(:func:`relabel`) and whose ``kb_id_`` is its entity key; ``doc.spans["fk_mentions"]`` keeps
the mentions as spans.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Span

from .docdata import ent_key, entity_tokens
from .entities import NAME_TITLES, EntityBook, given_name_gender, name_words
from .lexicon import data, phrases, words
from .mentions import Mention, Taken

PERSON_ROLE_NOUNS = words("words", "person_role_nouns")
REL_NOUNS = data("relations")["relation_nouns"]
PLURAL_REL_NOUNS = frozenset(phrases("relations", "plural_relation_nouns"))
FEMALE_PRONOUNS = words("words", "pronouns_female")
MALE_PRONOUNS = words("words", "pronouns_male")
PRONOUNS = FEMALE_PRONOUNS | MALE_PRONOUNS | {"they", "them"}

CLASSES = {"Show": "SHOW", "Season": "SEASON", "Place": "PLACE", "Event": "EVENT", "Storyline": "STORY",
           "Person": "PERSON", "Character": "CHARACTER", "Organization": "ORG"}
#: "the actress told Vulture", "the creator of the series teased": a role standing for a person
ROLE_REF_RE = re.compile(
    r"\b[Tt]he (" + "|".join(sorted(PERSON_ROLE_NOUNS, key=len, reverse=True)) + r")(?: of the (?:series|show))?\b")


def fk_class(book: EntityBook, key: str, kind: str) -> str:
    """The coarse class rules see for an entity: a weakly typed person-like name stays NAME."""
    rec = book.records[key]
    t = rec.type
    if t == "Organization" and kind in ("network", "outlet"):
        return kind.upper()
    if t in ("Person", "Character"):
        return CLASSES[t] if rec.strong else "NAME"
    if t in CLASSES and (rec.strong or "_personish" not in rec.votes):
        return CLASSES[t]
    return "NAME"


def fold_short_names(mentions: list[Mention], book: EntityBook, text: str) -> None:
    """'Ann', 'Lee' and 'Dr. Lee' stand for 'Ann Lee' when exactly one full name of a person
    or character fits."""
    paired = _cast_pairs(mentions, text)
    full = [r for r in book.records.values() if r.type not in ("Show", "Season", "Event", "Place", "Organization")
            and (len(name_words(r.label)) > 1 or len(r.label.split()) > 1)
            and (r.votes["_personish"] or r.votes["Person"] or r.votes["Character"] or r.fixed)]
    for rec in list(book.records.values()):
        core = name_words(rec.label)
        if rec.fixed or len(core) != 1 or rec.key not in book.records:
            continue
        word = core[0]
        fits = [f for f in full if f.key != rec.key and word in (name_words(f.label)[0], name_words(f.label)[-1])
                and (rec.key, f.key) not in paired]
        if len({f.key for f in fits}) == 1 and (len(rec.label.split()) == 1 or len(fits[0].label.split()) > 1):
            book.fold(rec.key, fits[0].key)
    for m in mentions:
        m.key = book.alias_to_key.get(m.key, m.key)


def _cast_pairs(mentions: list[Mention], text: str) -> set[tuple[str, str]]:
    """Entity pairs written as a casting aside, "Kay (Ann Lee)", in either order."""
    out = set()
    for a, b in zip(mentions, mentions[1:], strict=False):
        between = text[a.end:b.start]
        if re.fullmatch(r"(?:['’]s)?\s*\(\s*", between) and text[b.end:b.end + 1] == ")":
            out.update({(a.key, b.key), (b.key, a.key)})
    return out


def slash_names(mentions: list[Mention], book: EntityBook, text: str) -> None:
    """"Ivy/Iris": one character with two names, unless each has an actor of its own in a
    casting aside ("the Kay/Tom scene": two characters)."""
    cast = {a for a, _ in _cast_pairs(mentions, text)}
    for a, b in zip(mentions, mentions[1:], strict=False):
        if text[a.end:b.start] == "/" and a.kind == b.kind == "name" and a.key != b.key \
                and not (a.key in cast and b.key in cast):
            book.fold(b.key, a.key)
    for m in mentions:
        m.key = book.alias_to_key.get(m.key, m.key)


def described_characters(text: str, taken: Taken, book: EntityBook) -> None:
    """"Kay's boss" with no name after it stands for a character of its own: the one the
    article describes that way (merged with a named one when the article names it)."""
    by_end = {m.end: m for m in taken.mentions}
    singular = sorted((n for n in REL_NOUNS if n not in PLURAL_REL_NOUNS), key=len, reverse=True)
    rx = re.compile(r"(['’]s) (" + "|".join(re.escape(n) for n in singular) + r")\b(?![-‐]|\s*,?\s*[A-Z])")
    for m in rx.finditer(text):
        owner = by_end.get(m.start())
        if owner is None or book.records[owner.key].fixed in ("Show", "Organization", "Season") or \
                book.records[owner.key].votes["_personish"] < 1:
            continue
        label = f"{owner.text}'s {m.group(2)}"
        key = book.lookup(label)
        if key is None:
            key = book.add(label, "Character", 1.5)
            book.records[key].descriptor = (owner.key, m.group(2))
        taken.replace(owner.start, m.end(), key, "name")


def titled_references(text: str, taken: Taken, book: EntityBook) -> None:
    """"the prince", "the captain": the one character whose name opens with that title."""
    titled: dict[str, list[str]] = {}
    for rec in book.records.values():
        first = rec.label.split()[0]
        if first in NAME_TITLES and len(rec.label.split()) > 1 and rec.type in ("Character", "Person", ""):
            titled.setdefault(first.lower().rstrip("."), []).append(rec.key)
    for title, keys in titled.items():
        if len(keys) != 1:
            continue
        for m in re.finditer(rf"\b[Tt]he {re.escape(title)}\b(?!\s+[A-Z])", text):
            start = m.start() + 4
            taken.add(start, m.end(), keys[0], "name")


def role_references(text: str, taken: Taken) -> list[tuple[int, int, str]]:
    """(start, end, role noun) of "the actress", "the creator of the series" and the like."""
    out = []
    for m in ROLE_REF_RE.finditer(text):
        if taken.free(m.start(), m.end()) and not re.match(r"\s*[A-Z]", text[m.end():m.end() + 2]):
            out.append((m.start(), m.end(), m.group(1).lower()))
    return out


def merge_mentions(doc, mentions: list[Mention], roles) -> None:
    """Merge each mention (and each role reference) into one token."""
    spans = []
    last_end = -1
    items = [(m.start, m.end, m) for m in mentions] + [(s, e, r) for s, e, r in roles]
    for start, end, item in sorted(items, key=lambda x: x[0]):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.start < last_end:
            continue
        spans.append((span, item))
        last_end = span.end
    marks = []
    with doc.retokenize() as retok:
        for span, _ in spans:
            if len(span) > 1:
                retok.merge(span)
    by_start = {span.start_char: item for span, item in spans}
    toks = list(doc)
    keyed = set()
    for tok in toks:
        item = by_start.get(tok.idx)
        i = tok.i
        if isinstance(item, Mention):
            # "Kay (Ann Lee)": a name in parentheses right after another is an aside
            aside = 1 < i < len(toks) - 1 and toks[i - 1].text == "(" and toks[i + 1].text == ")" and i - 2 in keyed
            marks.append((i, item.key, item.kind, aside))
            keyed.add(i)
        elif isinstance(item, str):
            tok._.fk_role = item
            marks.append((i, "", "role", False))
        elif tok.lower_ in PRONOUNS and tok.pos_ == "PRON":
            marks.append((i, "", "pron", False))
    doc.user_data["fk_marks"] = marks


def relabel(doc, book: EntityBook) -> None:
    """Set each mention token's class from its entity's current type. A name in parentheses
    right after another ("Kay (Ann Lee)") keeps its class in ``tok._.fk_aside`` and reads as an
    aside."""
    labels = []
    for i, key, kind, aside in doc.user_data["fk_marks"]:
        if not key:
            labels.append((i, "PRON", "", ""))
        elif key in book.records:
            cls = fk_class(book, key, kind)
            labels.append((i, "ASIDE", key, cls) if aside else (i, cls, key, ""))
    if labels == doc.user_data.get("fk_labels"):
        return  # no class changed since the last time
    for i, _, _, aside_class in labels:
        if aside_class:
            doc[i]._.fk_aside = aside_class
    doc.ents = [Span(doc, i, i + 1, label=label, kb_id=key) for i, label, key, _ in labels]  # the Matcher reads ENT_TYPE
    doc.user_data["fk_labels"] = labels
    doc.user_data["fk_ent_starts"] = [i for i, _, _, _ in labels]


def merge_descriptors(doc, book: EntityBook) -> None:
    """"Bo Ray, Kay's ex" or "Ivy is Kay's best friend": a described character that the
    article also names is that named character."""
    merges: dict[str, str] = {}
    for tok in entity_tokens(doc):
        key = ent_key(tok)
        rec = book.records.get(key) if key else None
        if rec is None or rec.descriptor is None:
            continue
        candidates = []
        if tok.dep_ == "appos" and ent_key(tok.head):
            candidates.append(tok.head)
        candidates += [c for c in tok.children if c.dep_ == "appos" and ent_key(c)]
        if tok.dep_ == "attr":
            for subj in (c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")):
                # "Tom's twin sister Ivy is Kay's best friend": the subject may be a noun naming someone
                candidates += [subj] if ent_key(subj) else [c for c in subj.children if c.dep_ == "appos" and ent_key(c)]
        i = tok.i
        if i >= 2 and doc[i - 1].text == "," and ent_key(doc[i - 2]):
            candidates.append(doc[i - 2])
        if i >= 2 and doc[i - 1].lemma_ == "be" and ent_key(doc[i - 2]):
            candidates.append(doc[i - 2])  # "Ivy is Tom's boss", however the parser hangs "Ivy"
        if i + 2 < len(doc) and doc[i + 1].text == "," and ent_key(doc[i + 2]) and doc[i + 2].dep_ == "appos":
            candidates.append(doc[i + 2])
        for cand in candidates:
            other = book.records.get(ent_key(cand))
            if other is not None and other.key != rec.key and other.descriptor is None and \
                    other.key != rec.descriptor[0] and other.fixed not in ("Show", "Organization", "Season", "Place"):
                merges[rec.key] = other.key
                break
    for old, new in merges.items():
        book.fold(old, new)
        book.records[new].votes["Character"] += 1
    if merges:
        marks = doc.user_data["fk_marks"]
        doc.user_data["fk_marks"] = [(i, merges.get(k, k), kind, aside) for i, k, kind, aside in marks]
        relabel(doc, book)


def mention_spans(doc) -> list[Span]:
    """The final mentions as spans, for readers of the Doc."""
    out = []
    for i, key, kind, _ in doc.user_data["fk_marks"]:
        if key:
            out.append(Span(doc, i, i + 1, label=kind, kb_id=key))
    return out


def _clause_verb(tok):
    """The verb of the clause a token stands in."""
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            return tok
        tok = tok.head
    return None


def _same_subject(inner, verb) -> bool:
    """Whether the clause of ``inner`` shares the subject of ``verb``: it is ``verb``, or hangs
    below it through verbs with no subject of their own ("Kay was supposed to marry her ...")."""
    for _ in range(5):
        if inner is None:
            return False
        if inner.i == verb.i:
            return True
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in inner.children) or inner.dep_ not in ("xcomp", "aux", "auxpass"):
            return False
        inner = inner.head
    return False


def guess_gender(doc, book: EntityBook) -> None:
    """A person's or character's gender: from the text where a name is the subject of a verb
    and "her" or "his" owns something in the same clause ("Kay returns to her flat"); else
    from their first name, where the name list is sure; else unknown."""
    votes: dict[str, Counter] = {}
    for ent in doc.ents:
        tok = doc[ent.start]
        key = ent_key(tok)
        if not key or tok.dep_ not in ("nsubj", "nsubjpass") or ent.label_ not in ("NAME", "PERSON", "CHARACTER"):
            continue
        verb = tok.head
        if verb.dep_ in ("relcl", "acl"):
            continue  # "Kay, whose car Tom sold to her ex": "her" may be the head noun's
        for pron in verb.subtree:
            low = pron.lower_
            if pron.i <= tok.i or pron.dep_ != "poss" or low not in FEMALE_PRONOUNS | MALE_PRONOUNS:
                continue
            if _same_subject(_clause_verb(pron), verb):
                votes.setdefault(key, Counter())["f" if low in FEMALE_PRONOUNS else "m"] += 1
    for rec in book.records.values():
        said = votes.get(rec.key)
        if said and said.most_common(1)[0][1] > sum(said.values()) / 2:
            rec.gender = said.most_common(1)[0][0]
        elif not rec.gender:
            g = given_name_gender(name_words(rec.label)[0])
            if g in ("f", "m"):
                rec.gender = g


class Resolver:
    def __call__(self, doc):
        book = doc._.fk_book
        text = doc._.fk_article.text
        taken = Taken(text)
        taken.mentions = list(doc._.fk_mentions)
        for m in taken.mentions:
            taken.taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        described_characters(text, taken, book)
        mentions = sorted(taken.mentions, key=lambda m: m.start)
        slash_names(mentions, book, text)
        fold_short_names(mentions, book, text)
        titled_references(text, taken, book)
        mentions = sorted(taken.mentions, key=lambda m: m.start)
        doc._.fk_mentions = mentions
        merge_mentions(doc, mentions, role_references(text, taken))
        relabel(doc, book)
        guess_gender(doc, book)
        merge_descriptors(doc, book)
        doc.spans["fk_mentions"] = mention_spans(doc)
        return doc


@Language.factory("fankg_resolve")
def make_resolver(nlp, name):
    return Resolver()
