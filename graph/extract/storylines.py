"""The ``fankg_storylines`` component: plot threads named or planned in an article.

- A love triangle named in the text ("the A, B, C love triangle", "a love triangle between A,
  B and C", "A is in a love triangle with B and C") becomes a Storyline with each member
  involvedIn it. A triangle named with no members ("the show's old love triangle") takes the
  three characters of its sentence. A threesome's members are also romantically linked.
- A ship name ("Ivabe" for Ivy and Abe) is a Storyline of the two characters it blends.
- A season plan about a character ("In Season 2, she's going to ...", "Kay could travel more in
  Season 3") becomes a Storyline of that character, when the season is named as the plan's
  time; neighbouring sentences about the same character and season make one storyline.
- "explore more of X" (a creator's plan) becomes a Storyline of the characters of X; an actor
  named there stands for the character the article says they play.

Out: more :class:`~graph.extract.docdata.Found` in ``doc._.fk_finds``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language

from .docdata import Found, ent_class, ent_key, entity_tokens, sentence_index, tokens_with, word_ids
from .frames import ROLES, FrameReader
from .lexicon import words
from .relations import FRAME_RULE, PRESUPPOSED_RULE
from .rules import recent_character

TRIANGLE_WORDS = words("storylines", "triangle_words")
PAIRWISE_ROMANCE = words("storylines", "pairwise_romance_words")
MEMBER_PREPS = words("storylines", "member_preps")
PLAN_WORDS = words("storylines", "plan_words")
PRESENCE_VERBS = words("storylines", "presence_verbs")
RELATION_VERBS = words("storylines", "relation_verbs")
EXPLORE_LEMMAS = words("storylines", "explore_lemmas")
WISH_LEMMAS = words("storylines", "wish_lemmas")
SEASON_WORDS = words("storylines", "season_words")
SEASON_MODIFIERS = words("storylines", "season_modifiers")
LABEL_TAIL = words("storylines", "label_tail")
TRIANGLE_IDS = word_ids(TRIANGLE_WORDS)
TORN_IDS = word_ids({"torn", "tear", "choose", "choice", "decision", "split"})
PLAN_IDS = word_ids(PLAN_WORDS)
EXPLORE_IDS = word_ids(EXPLORE_LEMMAS)
SHIP_CUES = frozenset({"ship", "ships", "shipper", "shippers", "'shippers", "’shippers", "couple", "fans", "team",
                       "relationship", "romance", "pairing", "otp"})


@dataclass
class StoryFind:
    label: str
    members: list[str]
    sent_index: int
    triggers: tuple
    kind: str
    season: int | None = None
    extra_sents: list[int] = field(default_factory=list)


def _entity_run_before(tok):
    """Entity tokens right before ``tok`` joined by commas/and: "the A, B, C love triangle"."""
    out = []
    i = tok.i - 1
    doc = tok.doc
    while i >= 0:
        t = doc[i]
        if ent_key(t) and ent_class(t) in ROLES:
            out.append(t)
        elif t.text in (",", "and", "&", "-", "–", "—", "/", "'s", "’s") or t.lower_ in ("love", "and"):
            pass
        else:
            break
        i -= 1
    return out[::-1]


def _entities_after(tok, sent):
    """Entity tokens after "between/involving/with" following ``tok``, up to the clause's end
    or the last name of the list ("between A, B and C, and ... for D": A, B, C)."""
    out = []
    started = last = False
    for t in sent:
        if t.i <= tok.i:
            continue
        if not started:
            if t.lower_ in MEMBER_PREPS:
                started = True
                continue
            if t.i > tok.i + 2:
                break
            continue
        if t.text in (";", ".", "!", "?") or t.lower_ in ("who", "which", "that", "but", "while"):
            break
        if t.lower_ in ("and", "&") and out:
            last = True
        if ent_key(t) and ent_class(t) in ROLES:
            out.append(t)
            if last:
                break
    return out


def love_triangles(doc, sents, sent_of, reader, book):
    for tok in tokens_with(doc, TRIANGLE_IDS):
        i = sent_of[tok.i]
        sent = sents[i]
        if ent_key(tok):
            continue
        if tok.lower_ == "square" and not any(c.lower_ == "love" for c in tok.children):
            continue
        members = [ent_key(t) for t in _entity_run_before(tok) + _entities_after(tok, sent)]
        if len(set(members)) < 3:
            # "the love triangle she has been in with Tom and Bo": the subject of its relative clause
            for clause in (c for c in tok.children if c.dep_ in ("relcl", "acl")):
                members += [k for k, cl in reader.subjects(clause) if cl in ROLES]
                members += [k for prep in ("with", "between") for k, cl in reader.objects(clause, prep) if cl in ROLES]
        if len(set(members)) < 3:
            # "Kay is in a love triangle with ...": the clause's subjects count
            head = tok
            while head.dep_ != "ROOT" and head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
                head = head.head
            members += [k for k, c in reader.subjects(head) if c in ROLES]
        if len(set(members)) < 2:
            # "reigniting the show's old love triangle": the three characters of the sentence (and
            # of the next one, after a colon)
            span = list(sent) + (list(sents[i + 1]) if sent.text.rstrip().endswith(":") and i + 1 < len(sents) else [])
            named = list(dict.fromkeys(ent_key(t) for t in span if ent_key(t) and ent_class(t) in ROLES
                                       and book.records[ent_key(t)].type == "Character"))
            members = named if len(named) == 3 else members
        members = list(dict.fromkeys(members))
        if len(members) >= 2:
            yield StoryFind("", members, i, (tok,), "threesome" if tok.lower_ in PAIRWISE_ROMANCE else "triangle")


def torn_between(doc, sent_of, reader):
    """"Kay is torn between Tom and Bo": a love triangle of the three."""
    for tok in tokens_with(doc, TORN_IDS):
        chosen = [ent_key(t) for t in _entities_after(tok, tok.sent)]
        head = tok if tok.pos_ in ("VERB", "AUX", "ADJ") else tok.head
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        chooser = [k for k, cls in reader.subjects(head if tok.pos_ != "VERB" else tok) if cls in ROLES]
        members = list(dict.fromkeys(chooser + chosen))
        if len(chosen) >= 2 and len(members) == 3:
            yield StoryFind("", members, sent_of[tok.i], (tok,), "triangle")


def ship_names(doc, sents, sent_of, book):
    """"Ivabe": a word blending the names of two characters of the article, where the sentence
    speaks of ships, fans or a couple (or quotes the word)."""
    characters = [r for r in book.records.values() if r.type == "Character" and len(r.label.split()) <= 2
                  and r.key in book.records]
    firsts = {r.key: r.label.split()[0] for r in characters}
    candidates: dict[int, list] = {}
    quoted_words = set(re.findall(r"[\"“‘'#]([A-Z][a-z]{3,})\b", doc._.fk_article.text))
    for tok in [*entity_tokens(doc), *tokens_with(doc, word_ids({w.lower() for w in quoted_words}))]:
        candidates.setdefault(sent_of[tok.i], []).append(tok)
    for i, toks in candidates.items():
        sent = sents[i]
        lowers = {t.lower_ for t in sent}
        for tok in toks:
            word = tok.text
            if not word[:1].isupper() or len(word) < 5 or not word.isalpha() or word.lower() in ("their", "these"):
                continue
            quoted = word in quoted_words
            if not quoted and not lowers & SHIP_CUES:
                continue
            own = ent_key(tok)
            if own and book.records[own].type in ("Person", "Show", "Organization", "Place"):
                continue
            pair = _blend(word.lower(), {k: v for k, v in firsts.items() if k != own}) or _blend(
                word.lower(), {k: v for k, v in firsts.items() if k != own and book.records[k].strong})
            if pair:
                yield StoryFind(word, list(pair), i, (tok,), "ship")


def _blend(word: str, firsts: dict[str, str]):
    """The two characters whose names ``word`` blends: a start of one and an end of the other.

    >>> sorted(_blend("ivabe", {"a": "Ivy", "b": "Abe", "c": "Tom"}))
    ['a', 'b']
    """
    found = set()
    for ka, a in firsts.items():
        a = a.lower()
        for kb, b in firsts.items():
            b = b.lower()
            if ka == kb or word in (a, b):
                continue
            for i in range(1, len(a)):
                tail = word[i:]
                if word[:i] == a[:i] and len(tail) >= 2 and b.endswith(tail) and len(tail) <= len(b) \
                        and (i >= 2 or len(tail) >= 4):
                    found.add(frozenset((ka, kb)))
    return next(iter(found)) if len(found) == 1 else None


def _season_of(verb, book) -> tuple[bool, int | None]:
    """Whether a verb's own clause names a (coming) season as its time, and its number."""
    number = None
    found = False
    for t in _own_clause(verb):
        if ent_class(t) == "SEASON":
            found = True
            number = number or book.records[ent_key(t)].season
        elif t.lower_ in SEASON_WORDS and any(c.lower_ in SEASON_MODIFIERS for c in t.children):
            found = True
    return found, number


def _own_clause(verb):
    """The verb's subtree, without clauses of their own below it, and the sentence-opening
    phrase of time ("In Season 2, she will ...") that the parser may hang higher up."""
    out = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in ("ccomp", "advcl", "relcl", "conj", "parataxis")
                     or c.pos_ not in ("VERB", "AUX"))
    sent = verb.sent
    if sent[0].lower_ == "in":
        out.extend(t for t in sent[0].subtree)
    head = verb
    while head.dep_ in ("xcomp", "ccomp") and head.head.i != head.i:
        head = head.head
        out.extend(c for c in head.children if c.dep_ == "prep")
        out.extend(t for c in head.children if c.dep_ == "prep" for t in c.subtree)
    return out


def season_plans(doc, sents, sent_of, reader, resolve_lead, book):
    """Plans and hopes for a character in a coming season."""
    for i in sorted({sent_of[t.i] for t in tokens_with(doc, PLAN_IDS)}):
        sent = sents[i]
        verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp", "xcomp", "conj")]
        for verb in verbs:
            content = _content_verb(verb)
            if not _carries_plan(verb) or content.lemma_.lower() in PRESENCE_VERBS | RELATION_VERBS or (
                    content.lemma_ == "be" and any(c.lower_ == "back" for c in content.children)):
                continue
            has_season, number = _season_of(verb, book)
            if not has_season:
                continue
            members = [k for k, _ in reader.subjects(verb)
                       if book.records.get(k) is not None and book.records[k].type == "Character"]
            if not members and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("she", "he")
                                   for c in verb.children):
                lead = resolve_lead()  # "In Season 2, she's going to ...": the show's lead
                members = [lead] if lead else []
            if len(members) != 1:
                continue  # "Kay and Tom could be more than friends": a relationship, not a plan
            label = _plan_label(verb, book, members)
            if label:  # a plan that says nothing ("she will be back") is no storyline
                yield StoryFind(label, members, i, (verb,), "plan", number)
                break


def _carries_plan(verb) -> bool:
    """'she's going to', 'Kay could', 'he will': the verb itself is what is planned or hoped."""
    if verb.lower_ in PLAN_WORDS:
        return True
    return any(c.dep_ in ("aux", "xcomp") and c.lower_ in PLAN_WORDS for c in verb.children)


def _content_verb(verb):
    """Follow 'going to be' / 'want to explore' down to the verb that says what happens."""
    seen = 0
    while seen < 4:
        nxt = [c for c in verb.children if c.dep_ == "xcomp"]
        if not nxt:
            break
        verb = nxt[0]
        seen += 1
    return verb


def _plan_label(verb, book, members) -> str:
    """'<Name>: <what happens>' from the words after the planned verb, up to the clause's end."""
    name = book.records[members[0]].label.split()[0]
    content = _content_verb(verb)
    found = [] if content.lemma_ == "be" else [content.text]
    for t in content.doc[content.i + 1:content.sent.end]:
        if t.is_punct or t.is_space or t.dep_ in ("relcl", "mark", "cc") or t.lower_ in ("she", "he", "they", "who"):
            break
        if t.dep_ == "prep" and t.lower_ == "in" and any(c.lower_ in SEASON_WORDS or ent_class(c) == "SEASON"
                                                          for c in t.children):
            break
        found.append(t.text)
        if len(found) >= 9:
            break
    while found and found[-1].lower() in LABEL_TAIL:
        found.pop()
    phrase = " ".join(found).strip()
    return f"{name}: {phrase}" if phrase else ""


def explorations(doc, sent_of, plays_of, book):
    """'I'd like to explore more of X': the characters of X get a storyline."""
    for verb in tokens_with(doc, EXPLORE_IDS):
        i = sent_of[verb.i]
        if verb.pos_ != "VERB":
            continue
        # a plan, not a description: "I'd like to explore", "we will explore"
        if not (_carries_plan(verb) or (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in WISH_LEMMAS)):
            continue
        members = []
        for t in verb.subtree:
            key = ent_key(t)
            if t.i <= verb.i or not key:
                continue
            rec = book.records.get(key)
            if rec is None:
                continue
            if rec.type == "Character":
                members.append(key)
            elif rec.type == "Person" and plays_of.get(key):
                members.append(plays_of[key])
        members = list(dict.fromkeys(members))
        if members:
            names = ", ".join(book.records[m].label for m in members)
            yield StoryFind(f"More of {names}", members, i, (verb,), "explore")


def merge_plans(finds: list[StoryFind]) -> list[StoryFind]:
    """Plans for the same characters and season in neighbouring sentences are one storyline."""
    out: list[StoryFind] = []
    for f in finds:
        prev = out[-1] if out else None
        if (prev is not None and f.kind == "plan" and prev.kind == "plan" and prev.members == f.members
                and prev.season == f.season and f.sent_index - max([prev.sent_index, *prev.extra_sents]) <= 1):
            prev.extra_sents.append(f.sent_index)
            continue
        out.append(f)
    return out


def triangle_label(members, book) -> str:
    names = [book.records[m].label.split()[0] for m in members]
    return "–".join(names) + " love triangle"


def _lead(doc, book) -> str | None:
    counts: dict[str, int] = {}
    for tok in entity_tokens(doc):
        key = ent_key(tok)
        if key and book.records.get(key) is not None and book.records[key].type == "Character":
            counts[key] = counts.get(key, 0) + 1
    return max(sorted(counts), key=lambda k: counts[k]) if counts else None


class Storylines:
    def __init__(self, season_plans: bool = True):
        self.season_plans = season_plans

    def __call__(self, doc):
        book = doc._.fk_book
        sents, sent_of = sentence_index(doc)
        finds = doc._.fk_finds
        reader = FrameReader(doc, lambda tok: recent_character(doc, tok, book), book)
        plays_of = {f.subject: f.object for f in finds if f.predicate == "plays"}
        stories = [*love_triangles(doc, sents, sent_of, reader, book), *torn_between(doc, sent_of, reader),
                   *ship_names(doc, sents, sent_of, book),
                   *(merge_plans(list(season_plans(doc, sents, sent_of, reader, lambda: _lead(doc, book), book)))
                     if self.season_plans else ()),
                   *explorations(doc, sent_of, plays_of, book)]
        triangles = [s for s in stories if s.kind in ("triangle", "threesome")]
        for story in triangles:
            # "the Kay–Tom–Ivo triangle" and later "the triangle" with two of them: one storyline
            wider = [s for s in triangles if set(story.members) < set(s.members)]
            if wider:
                story.members = list(wider[0].members)
        for story in stories:
            label = story.label or triangle_label(story.members, book)
            if story.kind == "ship" and not re.search(r"\s", label):
                key = book.lookup(label) or book.add(label)
                book.records[key].fixed = "Storyline"
            else:
                key = book.add(label, fixed="Storyline")
            for member in story.members:
                for i in [story.sent_index, *story.extra_sents]:
                    triggers = story.triggers if i == story.sent_index else (sents[i].root,)
                    # a ship's name says who is in it, however unsure the sentence is of the rest
                    rule = PRESUPPOSED_RULE if story.kind == "ship" else FRAME_RULE
                    finds.append(Found(member, "involvedIn", key, i, triggers, rule))
            if story.kind == "threesome":
                for a_i, a in enumerate(story.members):
                    for b in story.members[a_i + 1:]:
                        finds.append(Found(a, "romanticInterest", b, story.sent_index, story.triggers, FRAME_RULE))
        return doc


@Language.factory("fankg_storylines", default_config={"season_plans": True})
def make_storylines(nlp, name, season_plans: bool):
    """``season_plans``: whether a character's plan for a coming season makes a storyline."""
    return Storylines(season_plans)
