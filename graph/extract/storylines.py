"""Storylines: plot threads named or planned in an article.

- A love triangle named in the text ("the A, B, C love triangle", "a love triangle between A, B
  and C", "a love triangle involving B") becomes a Storyline with each member involvedIn it.
- A season plan about a character ("In Season 2, she's going to ...", "Kay could travel more
  in Season 3") becomes a Storyline of that character; adjacent sentences about the same
  character and season make one storyline.
- "explore more of X" (a creator's plan) becomes a Storyline of the characters of X; an actor
  named there stands for the character the article says they play.

Each yields ``(label, member keys, sentence index, trigger tokens)``; the extractor turns them
into Storyline entities and involvedIn claims with the sentence's status.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .patterns import ROLES

TRIANGLE_WORDS = frozenset({"triangle", "quadrangle"})
MEMBER_PREPS = frozenset({"between", "involving", "with", "among", "including"})
PLAN_WORDS = frozenset({"will", "'ll", "going", "gonna", "could", "might", "may", "would", "plan", "plans",
                        "want", "wants", "hope", "hopes", "set", "expect", "expected", "tease", "teased"})
#: "Kay will appear in the new season" says the character is back, not what happens to them
PRESENCE_VERBS = frozenset({"appear", "return", "feature", "star", "come"})
EXPLORE_LEMMAS = frozenset({"explore", "focus", "delve", "dig", "spotlight", "centre", "center"})
WISH_LEMMAS = frozenset({"like", "love", "want", "plan", "hope", "intend", "going", "get"})
SEASON_WORDS = frozenset({"season", "series", "episodes", "chapter", "installment", "instalment"})
SEASON_MODIFIERS = frozenset({"next", "new", "upcoming", "coming", "second", "third", "fourth", "fifth", "sixth",
                              "final", "this", "latest"})
# words that carry no meaning in a storyline label
_LABEL_DROP = frozenset({"going", "gonna", "to", "will", "'ll", "could", "might", "may", "would", "be", "is",
                         "'s", "even", "just", "really", "also", "so", "very", "a", "an", "the", "'re",
                         "n't", "not", "little", "lot", "more", "much"})


_LABEL_TAIL = frozenset({"of", "the", "a", "an", "to", "in", "on", "at", "and", "or", "with", "for", "her", "his",
                        "their", "its", "more", "so"})


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
        if t._.ent and t._.fk in ROLES:
            out.append(t)
        elif t.text in (",", "and", "&", "-", "–", "—", "/") or t.lower_ == "love":
            pass
        else:
            break
        i -= 1
    return out[::-1]


def _entities_after(tok, sent):
    """Entity tokens after "between/involving/with" following ``tok``, up to the clause's end."""
    out = []
    started = False
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
        if t.text in (";", ".", "!", "?", ")") or t.lower_ in ("who", "which", "that", "but", "while"):
            break
        if t._.ent and t._.fk in ROLES:
            out.append(t)
    return out


def love_triangles(sents, subjects_of):
    for i, sent in enumerate(sents):
        for tok in sent:
            if tok.lemma_.lower() not in TRIANGLE_WORDS or tok._.ent:
                continue
            members = [t._.ent for t in _entity_run_before(tok) + _entities_after(tok, sent)]
            if len(set(members)) < 3:
                # "A and B married after a love triangle involving C": the clause's subjects count
                head = tok
                while head.dep_ not in ("ROOT",) and head.head is not head and head.pos_ not in ("VERB", "AUX"):
                    head = head.head
                members += [k for k, c in subjects_of(head) if c in ROLES]
            members = list(dict.fromkeys(members))
            if len(members) >= 2:
                yield StoryFind("", members, i, (tok,), "triangle")


def _season_of(sent, book) -> tuple[bool, int | None]:
    """Whether a sentence speaks of a (coming) season, and its number when it names one."""
    number = None
    found = False
    for t in sent:
        if t.ent_type_ == "SEASON":
            found = True
            number = number or book.records[t._.ent].season
        elif t.lower_ in SEASON_WORDS and any(c.lower_ in SEASON_MODIFIERS for c in t.children):
            found = True
    return found, number


def season_plans(sents, subjects_of, resolve_lead, book):
    """Plans and hopes for a character in a coming season."""
    for i, sent in enumerate(sents):
        has_season, number = _season_of(sent, book)
        lowers = {t.lower_ for t in sent}
        if not has_season or not lowers & PLAN_WORDS:
            continue
        verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp", "xcomp", "conj")]
        for verb in verbs:
            content = _content_verb(verb)
            if not _carries_plan(verb) or content.lemma_.lower() in PRESENCE_VERBS or (
                    content.lemma_ == "be" and any(c.lower_ == "back" for c in content.children)):
                continue
            members = [k for k, _ in subjects_of(verb)
                       if book.records.get(k) is not None and book.records[k].type == "Character"]
            if not members and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("she", "he")
                                   for c in verb.children):
                lead = resolve_lead()  # "In Season 2, she's going to ...": the show's lead
                members = [lead] if lead else []
            if not members:
                continue
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
    words = [] if content.lemma_ == "be" else [content.text]
    for t in content.doc[content.i + 1:content.sent.end]:
        if t.is_punct or t.is_space or t.dep_ in ("relcl", "mark", "cc") or t.lower_ in ("she", "he", "they", "who"):
            break
        if t.dep_ == "prep" and t.lower_ == "in" and any(c.lower_ in SEASON_WORDS or c._.fk == "SEASON"
                                                          for c in t.children):
            break
        words.append(t.text)
        if len(words) >= 9:
            break
    while words and words[-1].lower() in _LABEL_TAIL:
        words.pop()
    phrase = " ".join(words).strip()
    return f"{name}: {phrase}" if phrase else ""


def explorations(sents, plays_of, book):
    """'I'd like to explore more of X': the characters of X get a storyline."""
    for i, sent in enumerate(sents):
        for verb in sent:
            if verb.lemma_.lower() not in EXPLORE_LEMMAS or verb.pos_ != "VERB":
                continue
            # a plan, not a description: "I'd like to explore", "we will explore"
            if not (_carries_plan(verb) or (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in WISH_LEMMAS)):
                continue
            members = []
            for t in verb.subtree:
                if t.i <= verb.i or not t._.ent:
                    continue
                rec = book.records.get(t._.ent)
                if rec is None:
                    continue
                if rec.type == "Character":
                    members.append(t._.ent)
                elif rec.type == "Person" and plays_of.get(t._.ent):
                    members.append(plays_of[t._.ent])
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
