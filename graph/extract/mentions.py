"""Find the names in an article and decide which entity each one stands for.

Sources, strongest first: show profiles, the genre lexicon (networks, outlets, events), show
titles found by their typical frames ('Title' Season 2, the series, Title,), season phrases,
then spaCy's named entities and proper-noun runs. Short names ("Ann", "Lee") are folded
into the one full name of the article they belong to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Entity
from .lexicon import Lexicon

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}
_SEASON_NUM = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
SEASON_RES = (
    re.compile(r"\b[Ss]eason " + _SEASON_NUM + r"\b"),
    re.compile(r"\b(" + "|".join(ORDINALS) + r")[ -]season\b", re.IGNORECASE),
    re.compile(r"\bS(\d{1,2})\b"),
)

# A Title Case run: capitalised words, with small words allowed inside.
_CAP = r"(?:[A-Z0-9][\w'’&.!+:-]*)"
_SMALL = r"(?:of|the|and|in|on|a|an|&|to|at|for|with|from|or|vs\.?)"
TITLE = rf"{_CAP}(?:[ \t]+(?:{_SMALL}[ \t]+)*{_CAP})*"
TITLE_NOUNS = "kiss|star|stars|cast|finale|premiere|season|creator|showrunner|fans|episode|reboot|revival|spinoff|spin-off"
_QUOTED_TITLE = re.compile(rf"(?<![\w])['‘\"“]({TITLE})['’\"”](?![\w])")
_TITLE_BEFORE_SEASON = re.compile(rf"({TITLE})[ \t]+(?:[Ss]eason|S\d)")

#: spaCy entity labels we read, and the coarse kind each suggests
NER_KIND = {
    "PERSON": "name", "NORP": "name", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
    "WORK_OF_ART": "work", "EVENT": "event", "PRODUCT": "name",
}
#: Capitalised words that are never names on their own
NOT_NAMES = frozenset(
    """season seasons episode episodes series show shows netflix's i i'm i'd i've it it's we we're
    they he she you the a an and but so if when then there here this that these those what who
    why how where like okay ok yes no oh also mr mrs ms dr monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september october
    november december spoiler spoilers photo photos read watch plus grab pop clearly anything
    each every another next last final new latest previous whole entire its our your their""".split()
)


#: Words that open a sentence before a name without being part of it
LEADING_NOT_NAMES = frozenset(
    """meanwhile even dear sorry fans viewers showrunner co-showrunner creator co-creator star co-star
    actor actress director producer writer newcomer""".split()
)
NICKNAME_RE = re.compile(r"\b([A-Z][a-z]+) [\"“]([A-Z][a-z]+)[\"”] ([A-Z][\w'’-]+)")
STRIKE_RE = re.compile(r"\b(?:the )?(?:\d{4} )(?:Hollywood |writers'? |actors'? |SAG-AFTRA |WGA |double |dual )?strikes?\b"
                       r"|\b(?:the )?(?:Hollywood|writers'?|actors'?|SAG-AFTRA|WGA) strikes?\b", re.IGNORECASE)

#: Titles that are part of how a character is named
NAME_TITLES = frozenset("""Princess Prince Queen King Lady Lord Sir Dame Duke Duchess Uncle Aunt Auntie Grandma
    Grandpa Granny Coach Chief Doc Saint""".split())
#: Opening a question ("Will Ginny and Marcus ...?"), not a name, though "Will" can be one
QUESTION_WORDS = frozenset("will would can could does did do is are was were should shall has have had might".split())


@dataclass
class Mention:
    start: int
    end: int
    text: str
    key: str  # the entity this mention stands for
    kind: str  # name | show | season | network | outlet | org | place | event


@dataclass
class EntityRecord:
    key: str
    label: str
    votes: Counter = field(default_factory=Counter)
    aliases: set = field(default_factory=set)
    fixed: str = ""  # a type that cannot be voted away (profile, lexicon)
    season: int | None = None
    descriptor: tuple[str, str] | None = None  # "Kay's boss": (owner key, relation noun)

    @property
    def type(self) -> str:
        if self.fixed:
            return self.fixed
        real = [t for t in sorted(self.votes) if not t.startswith("_") and self.votes[t] > 0]
        return max(real, key=lambda t: self.votes[t]) if real else ""

    def to_entity(self) -> Entity:
        return Entity.make(self.label, self.type or "Person", self.aliases)


def norm_key(text: str) -> str:
    text = text.replace("’", "'").strip()
    text = re.sub(r"'s$", "", text)
    return " ".join(text.casefold().split())


def strip_name(text: str, keep_article: bool = False) -> str:
    """Trim possessives, leading articles and trailing punctuation from a name span; a title
    keeps its article ("The Crown")."""
    text = text.strip().strip(",.;:!?\"“”‘'()[]").strip()
    text = re.sub(r"(?:'s|’s|'|’)$", "", text).strip()
    text = re.sub(r"\s+and co\.?$", "", text).strip()
    words = text.split()
    while len(words) > 1 and (words[0].lower() in LEADING_NOT_NAMES or words[0].lower() in NOT_NAMES) and \
            not (keep_article and words[0].lower() in ("the", "a", "an")):
        words.pop(0)  # "Meanwhile Kay ...", "Showrunner Jess Brownell"
    while len(words) > 1 and re.fullmatch(_SMALL, words[-1]):
        words.pop()  # "Oliver and" (the model cut a list short)
    return " ".join(words)


class EntityBook:
    """The entities of one article, keyed by a normalised label, with type votes and aliases."""

    def __init__(self):
        self.records: dict[str, EntityRecord] = {}
        self.alias_to_key: dict[str, str] = {}

    def add(self, label: str, type_vote: str = "", weight: float = 1.0, fixed: str = "", aliases=()) -> str:
        key = self.alias_to_key.get(norm_key(label)) or norm_key(label)
        rec = self.records.get(key)
        if rec is None:
            rec = self.records[key] = EntityRecord(key, label)
            self.alias_to_key[key] = key
        if fixed and not rec.fixed:
            rec.fixed = fixed
        if type_vote:
            rec.votes[type_vote] += weight
        for a in aliases:
            if norm_key(a) != key:
                rec.aliases.add(a)
                self.alias_to_key.setdefault(norm_key(a), key)
        return key

    def lookup(self, text: str) -> str | None:
        return self.alias_to_key.get(norm_key(text))

    def vote(self, key: str, type_: str, weight: float = 1.0) -> None:
        if key in self.records:
            self.records[key].votes[type_] += weight

    def type_of(self, key: str) -> str:
        return self.records[key].type


_ORD = "|".join(ORDINALS)
_LIST_SEP = r"(?:,? and |, | & |,? or )"
SEASON_LIST_RES = (
    re.compile(rf"\b[Ss]easons ({_SEASON_NUM}(?:{_LIST_SEP}{_SEASON_NUM})+)\b"),
    re.compile(rf"\b((?:{_ORD})(?:{_LIST_SEP}(?:a |an |the )?(?:{_ORD}))+)[ -]seasons?\b", re.IGNORECASE),
)


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else ORDINALS.get(word) or NUMBER_WORDS.get(word)


def season_mentions(text: str):
    """(start, end, number) of every season named: one per number in a list.

    >>> [n for _, _, n in season_mentions("seasons three and four, then a fifth and a sixth season")]
    [3, 4, 5, 6]
    """
    found = []
    taken = set()
    for rx in SEASON_LIST_RES:
        for m in rx.finditer(text):
            for w in re.finditer(rf"\b(\d{{1,2}}|{_ORD}|{'|'.join(NUMBER_WORDS)})\b", m.group(1), re.IGNORECASE):
                n = _number(w.group(1))
                if n:
                    found.append((m.start(1) + w.start(), m.start(1) + w.end(), n))
            taken.update(range(m.start(), m.end()))
    for rx in SEASON_RES:
        for m in rx.finditer(text):
            n = _number(m.group(1))
            if n and m.start() not in taken:
                found.append((m.start(), m.end(), n))
                taken.update(range(m.start(), m.end()))
    return sorted(found)


def season_number(text: str) -> int | None:
    for rx in SEASON_RES:
        m = rx.search(text)
        if m:
            word = m.group(1).lower()
            return int(word) if word.isdigit() else ORDINALS.get(word) or NUMBER_WORDS.get(word)
    return None


def find_show_titles(doc, lexicon: Lexicon) -> list[str]:
    """Titles of shows named in the text by their usual frames. A headline in title case
    ("Kay Moss Is Officially Back For Season 2") is cut where its verbs begin."""
    text = doc.text
    found: list[str] = []
    nouns = "|".join(sorted((re.escape(n) for n in lexicon.show_nouns), key=len, reverse=True))
    # character offsets inside headline-case lines, but not at their start
    headline_starts_inside = set()
    for sent in doc.sents:
        if sent.start in _headline_sentences_of([sent]):
            headline_starts_inside.update(range(sent.start_char + 1, sent.end_char))
    frames = (
        _QUOTED_TITLE,
        _TITLE_BEFORE_SEASON,
        re.compile(rf"(?:'s|’s|latest|new|hit|original|upcoming|beloved|acclaimed|popular|former|other) "
                   rf"(?:\w+ )?(?:{nouns}),? ({TITLE})(?=[,.;:)]| which| that| follows| tells)"),
        re.compile(rf"\b(?:shows|dramas|comedies|sitcoms|series like)\s*(?:\(|like|such as|including)\s*"
                   rf"({TITLE}(?:,? (?:and|or) {TITLE})*)"),
        re.compile(rf"(?:^|\n|[.!?] )({TITLE})(?= (?:(?:fans|cast|creators?|showrunners?|finale|spin-?off|"
                   rf"renewed|has been renewed|is renewed|season|episodes?)\b|is set in [A-Z]|"
                   rf"(?:will return|returns|is returning|is coming back|comes back|will be back) for\b))"),
    )
    for rx in frames:
        for m in rx.finditer(text):
            for part in re.finditer(r"[^,]+?(?=,? (?:and|or) |, |$)", m.group(1)):
                start = m.start(1) + part.start()
                title = _cut_at_verb(doc, start, start + len(part.group(0)), reject=rx is _QUOTED_TITLE)
                if re.search(r"[.!?]\s", title):
                    continue  # the frame ran across a sentence end
                title = strip_name(title, keep_article=True)
                words = title.split()
                if rx is _QUOTED_TITLE and len(words) < 2 and not re.match(
                        rf"['’\"”]?\s+(?:{TITLE_NOUNS})\b", text[m.end(1):m.end(1) + 24], re.IGNORECASE):
                    continue  # a quoted single word is a nickname, unless a title noun follows: 'Kay' finale
                if any(w.lower() in ("season", "seasons", "episode", "finale") for w in words):
                    continue
                if rx is _TITLE_BEFORE_SEASON and start in headline_starts_inside:
                    continue  # "That Major Season 2 Finale": inside a headline only a quoted title counts
                if not words or all(w.lower() in NOT_NAMES or re.fullmatch(_SMALL, w.lower()) for w in words):
                    continue
                if title.isupper() and len(words) == 1:
                    continue
                if title.lower() in NUMBER_WORDS or re.fullmatch(r"S?\d+", title):
                    continue
                if title in lexicon.networks or title in lexicon.outlets:
                    continue
                found.append(title)
    return list(dict.fromkeys(found))


def _cut_at_verb(doc, start: int, end: int, reject: bool = False) -> str:
    """The text of [start, end) up to its first verb; with ``reject``, nothing if it has one
    (a quoted sentence, not a title)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return doc.text[start:end]
    for tok in span:
        if tok.pos_ in ("VERB", "AUX"):
            return "" if reject else doc.text[start:tok.idx].strip()
    return doc.text[start:end]


def _phrase_regex(phrases, flags=0):
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(p) for p in ordered) + r")(?![\w])", flags)


class MentionFinder:
    """Collects non-overlapping mentions; earlier sources win over later ones."""

    def __init__(self, text: str):
        self.text = text
        self.taken = [False] * len(text)
        self.mentions: list[Mention] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def replace(self, start: int, end: int, key: str, kind: str) -> None:
        """Put a mention over [start, end), dropping the mentions it covers."""
        self.mentions = [m for m in self.mentions if m.end <= start or m.start >= end]
        for i in range(start, end):
            self.taken[i] = False
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.taken[i] = True
        self.add(start, end, key, kind)

    def add(self, start: int, end: int, key: str, kind: str) -> bool:
        if start >= end or not self.free(start, end):
            return False
        for i in range(start, end):
            self.taken[i] = True
        self.mentions.append(Mention(start, end, self.text[start:end], key, kind))
        return True


def _context_before(text: str, start: int, n: int = 40) -> str:
    return text[max(0, start - n):start].lower()


def find_mentions(doc, article, profiles, lexicon: Lexicon) -> tuple[list[Mention], EntityBook]:
    """Every entity mention of the article, in text order, and the book of entities."""
    text = doc.text
    book = EntityBook()
    finder = MentionFinder(text)

    # 1. profiles: names a human wrote down for this show
    known: dict[str, tuple[str, str]] = {}
    for prof in profiles:
        for ent in (prof.show, *prof.entities):
            key = book.add(ent.label, fixed=ent.type, aliases=ent.aliases)
            for name in (ent.label, *ent.aliases):
                known[name] = (key, "show" if ent.type == "Show" else "name")

    # 2. show titles: front matter, then titles found by their frames
    titles = ([article.show] if article.show else []) + find_show_titles(doc, lexicon)
    for title in titles:
        if book.lookup(title) is None:
            book.add(title, fixed="Show")
        known.setdefault(title, (book.lookup(title), "show"))
    # 3. lexicon: networks, outlets, events
    for name in lexicon.networks:
        known.setdefault(name, (None, "network"))
    for name in lexicon.outlets:
        known.setdefault(name, (None, "outlet"))

    rx = _phrase_regex(known)
    if rx:
        for m in rx.finditer(text):
            key, kind = known[m.group(1)]
            if key is None:
                key = book.add(m.group(1), fixed="Organization")
            if kind in ("name", "show") and norm_key(m.group(1)) != key:
                book.records[key].aliases.add(m.group(1))
            finder.add(m.start(), m.end(), key, kind)
    # names that are also common words count only in an interview or network frame
    amb = _phrase_regex(lexicon.ambiguous_outlets | lexicon.ambiguous_networks)
    if amb:
        for m in amb.finditer(text):
            before = _context_before(text, m.start(), 25)
            after = text[m.end():m.end() + 10].lower()
            if re.search(r"(told|tells|to|with|on|in|via|for)\s*$", before) or after.startswith(" magazine"):
                kind = "network" if m.group(1) in lexicon.ambiguous_networks else "outlet"
                finder.add(m.start(), m.end(), book.add(m.group(1), fixed="Organization"), kind)
    for m in STRIKE_RE.finditer(text):  # "the 2023 Hollywood strikes", "the writers' strike"
        label = m.group(0)[4:] if m.group(0).lower().startswith("the ") else m.group(0)
        start = m.end() - len(label)
        finder.add(start, m.end(), book.add(label, fixed="Event"), "event")
    ev = _phrase_regex(lexicon.events, re.IGNORECASE)
    if ev:
        for m in ev.finditer(text):
            label = m.group(1)
            finder.add(m.start(), m.end(), book.add(label, fixed="Event"), "event")

    # 3b. a nickname in quotes inside a name: Carmen "Carmy" Berzatto
    for m in NICKNAME_RE.finditer(text):
        first, nick, last = m.group(1), m.group(2), m.group(3)
        key = book.add(f"{first} {last}", "_personish", 1, aliases=(nick, f"{nick} {last}"))
        finder.add(m.start(), m.end(), key, "name")

    # 4. seasons ("Season 2", "the second season", "seasons three and four")
    for start, end, n in season_mentions(text):
        key = book.add(f"Season {n}", fixed="Season")
        book.records[key].season = n
        finder.add(start, end, key, "season")

    # 5. spaCy's entities, then proper-noun runs it missed
    spans = []
    headline = _headline_sentences(doc)
    in_headline = [False] * len(doc)
    for sent in doc.sents:
        if sent.start in headline:
            in_headline[sent.start:sent.end] = [True] * (sent.end - sent.start)
    for ent in doc.ents:
        kind = NER_KIND.get(ent.label_)
        if kind and not in_headline[ent.start]:
            start = ent.start_char
            if ent.label_ == "PERSON" and ent.start > 0 and doc[ent.start - 1].text in NAME_TITLES:
                start = doc[ent.start - 1].idx  # "Princess Diana", "Uncle Jimmy", "Coach Beard"
            spans.append((start, ent.end_char, kind, ent.label_))
    run: list = []
    for tok in list(doc) + [None]:
        if (tok is not None and tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.ent_type_
                and not in_headline[tok.i]):
            run.append(tok)
            continue
        if run:
            spans.append((run[0].idx, run[-1].idx + len(run[-1].text), "name", ""))
            run = []
    for start, end, kind, label in sorted(spans, key=lambda sp: (sp[0], -sp[1])):
        raw = text[start:end]
        name = strip_name(raw)
        first = name.split(" ", 1)[0].lower()
        if first in QUESTION_WORDS and " " in name and _opens_question(text, start):
            name = name.split(" ", 1)[1]
        if not name:
            continue
        offset = start + raw.find(name)
        words = name.split()
        # a span with ordinary lowercase words in it is a phrase, not a name
        if any(w[:1].islower() and not re.fullmatch(_SMALL, w) for w in words):
            continue
        if "," in name or " and " in name or " & " in name:
            # "Porter, Ablack" or "Oliver and Loretta": two names the model ran together
            for part in re.finditer(r"[^,&]+?(?=\s*(?:,|\band\b|&|$))", name):
                piece = strip_name(part.group(0).replace(" and ", " ").strip())
                if piece and piece.lower() not in NOT_NAMES and part.group(0).strip() != "and":
                    if kind == "work" and book.lookup(piece) is None:
                        continue  # a title with "and" in it: only names already met are split out
                    pstart = offset + part.start() + part.group(0).find(piece)
                    if piece and finder.free(pstart, pstart + len(piece)):
                        pkey = book.lookup(piece) or book.add(piece)
                        book.records[pkey].votes["_personish"] += 1
                        finder.add(pstart, pstart + len(piece), pkey, "name")
            continue
        if words[0].lower() in NOT_NAMES and len(words) == 1:
            continue
        if label == "NORP" and len(words) < 2:
            continue  # "French", "American": a nationality, not a name
        if not finder.free(offset, offset + len(name)):
            continue
        key = book.lookup(name)
        vote = {"name": "", "org": "Organization", "place": "Place", "event": "Event", "work": ""}[kind]
        if key is None:
            key = book.add(name)
        if vote and book.records[key].votes[vote] < 0.5:  # the model's label is a weak hint, counted once
            book.records[key].votes[vote] += 0.5
        if re.search(r"\bthe\s+$", text[max(0, offset - 5):offset]):
            book.records[key].votes["_the"] += 1
        if words[-1].lower() in ORG_WORDS and len(words) > 1:
            book.records[key].votes["Organization"] += 2  # "Jack's Bar", "Brightwell Agency"
        elif kind == "name" or label == "PERSON":
            book.records[key].votes["_personish"] += 1
        elif kind == "org" and not _looks_like_company(name):
            # the small model tags many unfamiliar names ORG; patterns or defaults decide later
            book.records[key].votes["_personish"] += 0.5
        finder.add(offset, offset + len(name), key, kind)

    _mention_name_parts(text, finder, book)
    _fold_short_names(finder.mentions, book)
    _descriptors(text, finder, book)
    return sorted(finder.mentions, key=lambda m: m.start), book


ORG_WORDS = frozenset(
    "inc ltd llc co corp agency company studios studio group media productions pictures films records "
    "magazine network channel news times university school bank hotel restaurant club bar cafe café diner "
    "pub grill bakery shop store salon gym clinic hospital academy college high firm industries inc. corp. "
    "corporation enterprises holdings labs laboratories".split()
)


def _opens_question(text: str, start: int) -> bool:
    """Whether a question starts at ``start``: "Will Ginny and Marcus get back together?"."""
    line_start = max(text.rfind("\n", 0, start), max(text.rfind(p, 0, start) for p in (". ", "? ", "! ")))
    if text[line_start + 1:start].strip(" \n.?!"):
        return False
    end = min([i for i in (text.find(p, start) for p in ".?!\n") if i != -1] or [len(text)])
    return text[end:end + 1] == "?"


def _looks_like_company(name: str) -> bool:
    words = name.split()
    return name.isupper() or any(w.lower().strip(".,") in ORG_WORDS for w in words)


def _headline_sentences(doc) -> set[int]:
    return _headline_sentences_of(doc.sents)


def _headline_sentences_of(sents) -> set[int]:
    """Sentences in headline case ('Season 2 Has Started Filming'): their capitals are not names.
    Names are capitalised in any sentence; headlines capitalise verbs and small words too."""
    out = set()
    for sent in sents:
        words = [t for t in sent if t.is_alpha]
        if len(words) < 4 or sum(t.text[:1].isupper() for t in words) < 0.7 * len(words):
            continue
        capital_words = [t for t in words[1:] if t.text[:1].isupper() and t.pos_ not in ("PROPN", "NUM")]
        text = sent.text.strip()
        # a line of its own with no full stop: a headline or a heading, whatever the tagger says
        own_line = not text.endswith(".") and (sent.start == 0 or "\n" in sent.doc[sent.start - 1].text_with_ws)
        if len(capital_words) >= 2 or own_line:
            out.add(sent.start)
    return out


def _descriptors(text: str, finder: MentionFinder, book: EntityBook) -> None:
    """"Kay's boss" with no name after it stands for a character of its own: the one the
    article describes that way (merged with a named one when the article names it)."""
    from .frames import PLURAL_REL_NOUNS, REL_NOUNS  # relation nouns live with the frames that read them

    by_end = {m.end: m for m in finder.mentions}
    singular = sorted((n for n in REL_NOUNS if n not in PLURAL_REL_NOUNS), key=len, reverse=True)
    rx = re.compile(r"(['’]s) (" + "|".join(re.escape(n) for n in singular) + r")\b(?!\s*,?\s*[A-Z])")
    for m in rx.finditer(text):
        owner = by_end.get(m.start())
        if owner is None or book.records[owner.key].fixed in ("Show", "Organization", "Season") or \
                book.records[owner.key].votes["_personish"] < 1:
            continue
        label = f"{owner.text}'s {m.group(2)}"
        if book.lookup(label):
            key = book.lookup(label)
        else:
            key = book.add(label, "Character", 1.5)
            book.records[key].descriptor = (owner.key, m.group(2))
        finder.replace(owner.start, m.end(), key, "name")


def _mention_name_parts(text: str, finder: MentionFinder, book: EntityBook) -> None:
    """After "Antonia Gentry" has been named, a bare "Gentry" the model missed is her too."""
    parts: dict[str, set] = {}
    for rec in book.records.values():
        words = rec.label.split()
        if len(words) > 1 and rec.votes["_personish"] and not rec.fixed:
            for w in (words[0], words[-1]):
                if len(w) > 2 and w.lower() not in NOT_NAMES:
                    parts.setdefault(w, set()).add(rec.key)
    unique = {w: keys.pop() for w, keys in parts.items() if len(keys) == 1}
    rx = _phrase_regex(unique)
    if rx is None:
        return
    for m in rx.finditer(text):
        if finder.free(m.start(), m.end()):
            finder.add(m.start(), m.end(), unique[m.group(1)], "name")
            book.records[unique[m.group(1)]].aliases.add(m.group(1))


def _fold_short_names(mentions: list[Mention], book: EntityBook) -> None:
    """'Ann' and 'Lee' stand for 'Ann Lee' when exactly one full name fits."""
    full = [r for r in book.records.values() if len(r.label.split()) > 1 and r.type not in ("Show", "Season")]
    for m in mentions:
        rec = book.records[m.key]
        if len(rec.label.split()) != 1 or rec.fixed:
            continue
        word = rec.label
        fits = [r for r in full if word in (r.label.split()[0], r.label.split()[-1]) and r.key != rec.key]
        if len(fits) == 1:
            target = fits[0]
            target.aliases.add(word)
            target.votes.update({t: n for t, n in rec.votes.items() if t in ("Person", "Character", "_personish")})
            book.alias_to_key[rec.key] = target.key
            m.key = target.key
    for key in [k for k in book.records if book.alias_to_key.get(k) != k]:
        del book.records[key]
