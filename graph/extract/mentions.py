"""The ``fankg_mentions`` component: every name in an article, and the entity it stands for.

Sources, strongest first: show profiles; show titles (front matter, then titles found by their
frames: 'Title' Season 2, the series Title, Title star Ann Lee); the genre lexicon (networks,
outlets, events); season phrases; proper-noun runs of the text (with spaCy's entity labels as
type hints); then a second pass that finds names already met wherever they stand again,
headlines included. Names never span a bracket, a quote mark or a line break.

Out: ``doc._.fk_book`` (the :class:`~graph.extract.entities.EntityBook`) and
``doc._.fk_mentions`` (:class:`Mention` list in text order); ``fankg_resolve`` folds and merges
them next.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.language import Language

from ..model import Article
from .entities import NAME_SUFFIXES, NAME_TITLES, EntityBook, given_name_gender, name_words, norm_key
from .lexicon import Lexicon, load_lexicon, words
from .seasons import NUMBER_WORDS, relative_season_mentions, season_mentions

NOT_NAMES = words("words", "not_names")
LEADING_NOT_NAMES = words("words", "leading_not_names")
PARTICLES = words("words", "name_particles")
QUESTION_WORDS = words("words", "question_words")
ORG_WORDS = words("words", "org_words")
FAN_CAMP_WORDS = words("words", "fan_camp_words")
DETERMINERS = frozenset("the a an this that these those its our your their his her my every each another".split())

# A Title Case run: capitalised words, with small words allowed inside.
_CAP = r"(?:[A-Z0-9][\w'’&.!+:-]*)"
_SMALL = r"(?:of|the|and|in|on|a|an|&|to|at|for|with|from|or|vs\.?)"
TITLE = rf"{_CAP}(?:[ \t]+(?:{_SMALL}[ \t]+)*{_CAP})*"
TITLE_NOUNS = "kiss|star|stars|cast|finale|premiere|season|creator|showrunner|fans|episode|reboot|revival|spinoff|spin-off"
_QUOTED_TITLE = re.compile(rf"(?<![\w])['‘\"“]({TITLE})[,.]?['’\"”](?![\w])")
_TITLE_BEFORE_SEASON = re.compile(rf"({TITLE})[ \t]+(?:[Ss]eason|S\d)")
#: "Lumen Bay star Ann Lee", "[Lumen Bay creator] Ann Lee": a title before a credit
_TITLE_BEFORE_CREDIT = re.compile(
    rf"(?:^|[\[(,;:] ?|(?<=[a-z] ))({TITLE})[ \t]+"
    rf"(?:star|stars|alum|alumna|alumnus|actor|actress|creator|co-creator|showrunner|co-showrunner|newcomer)\b"
    rf"(?:\]| and)?[ \t]+[A-Z]", re.MULTILINE)
#: "Ann Lee as Kay Moss": a line of a cast list, whose names are names
CAST_LINE_RE = re.compile(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)+ as (?:the |[a-z]+ )?[A-Z\"“]")
CAPS_RE = re.compile(r"(?<![\w])([A-Z][A-Z'’.&-]+(?: [A-Z][A-Z'’.&-]+)*)(?![\w])")
POSSESSIVE_ORG_RE = re.compile(r"\b([A-Z][\w-]*)['’]s ((?:[A-Z][\w-]* ){0,2}[A-Z][\w-]*)")
NICKNAME_RE = re.compile(r"\b([A-Z][a-z]+) [\"“]([A-Z][a-z]+)[\"”] ([A-Z][\w'’-]+)")
STRIKE_RE = re.compile(r"\b(?:the )?(?:\d{4} )(?:Hollywood |writers'? |actors'? |SAG-AFTRA |WGA |double |dual )?strikes?\b"
                       r"|\b(?:the )?(?:Hollywood|writers'?|actors'?|SAG-AFTRA|WGA) strikes?\b", re.IGNORECASE)
#: spaCy entity labels we read, and the coarse kind each suggests
NER_KIND = {
    "PERSON": "name", "NORP": "name", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
    "WORK_OF_ART": "work", "EVENT": "event", "PRODUCT": "name",
}
#: Marks that open a name's sentence-like context ("“Cowboys ...", "(Spoilers ahead)")
OPENERS = frozenset({"“", '"', "‘", "'", "(", "[", ":", "—", "–", "-", "…"})
QUOTES = "\"“”"


@dataclass
class Mention:
    start: int
    end: int
    text: str
    key: str  # the entity this mention stands for
    kind: str  # name | show | season | network | outlet | org | place | event | story


def strip_name(text: str, keep_article: bool = False) -> str:
    """Trim possessives, leading articles and role words and trailing punctuation from a name
    span; a title keeps its article ("The Lodge").

    >>> strip_name("Showrunner Jess Brownell’s")
    'Jess Brownell'
    """
    text = text.strip().strip(",.;:!?\"“”‘'()[]").strip()
    text = re.sub(r"(?:'s|’s|'|’)$", "", text).strip()
    text = re.sub(r"\s+and co\.?$", "", text).strip()
    found = text.split()
    while len(found) > 1 and (found[0].lower() in LEADING_NOT_NAMES or found[0].lower() in DETERMINERS) and \
            not (keep_article and found[0].lower() in ("the", "a", "an")):
        found.pop(0)  # "Meanwhile Kay ...", "Showrunner Jess Brownell"
    while len(found) > 1 and re.fullmatch(_SMALL, found[-1]):
        found.pop()  # "Oliver and" (the model cut a list short)
    return " ".join(found)


def _phrase_regex(names, flags=0):
    ordered = sorted({p for p in names if p}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(p) for p in ordered) + r")(?![\w])", flags)


def find_names(text: str, names) -> list[tuple[int, int, str]]:
    """(start, end, name) of each whole-word occurrence of ``names`` in ``text``, the longest
    first where two overlap (a per-article list: cheaper than compiling a regex for it).

    >>> find_names("Ann Lee met Ann.", ["Ann", "Ann Lee"])
    [(0, 7, 'Ann Lee'), (12, 15, 'Ann')]
    """
    hits = []
    for name in {n for n in names if n}:
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if (start == 0 or not text[start - 1].isalnum() and text[start - 1] != "_") and \
                    (end == len(text) or not text[end].isalnum() and text[end] != "_"):
                hits.append((start, end, name))
            start = text.find(name, start + 1)
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    out, last = [], 0
    for hit in hits:
        if hit[0] >= last:
            out.append(hit)
            last = hit[1]
    return out


class Taken:
    """Collects non-overlapping mentions; earlier sources win over later ones."""

    def __init__(self, text: str):
        self.text = text
        self.taken = bytearray(len(text))
        self.mentions: list[Mention] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, start: int, end: int, key: str, kind: str) -> bool:
        if start >= end or not self.free(start, end):
            return False
        self.taken[start:end] = b"\x01" * (end - start)
        self.mentions.append(Mention(start, end, self.text[start:end], key, kind))
        return True

    def replace(self, start: int, end: int, key: str, kind: str) -> None:
        """Put a mention over [start, end), dropping the mentions it covers."""
        self.mentions = [m for m in self.mentions if m.end <= start or m.start >= end]
        self.taken[start:end] = bytes(end - start)
        self.add(start, end, key, kind)


# -- headlines ------------------------------------------------------------------------------

def headline_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of lines in headline case ("Kay Moss Is Back For Season 2"): their
    capitals are not names. A line of running prose ends with a full stop; a headline does
    not, and capitalises its small words and verbs too.

    >>> headline_lines("Ann Lee Is Back For Season 2\\nAnn Lee (Kay) is back.")
    [(0, 28)]
    """
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0).strip()
        tokens = re.findall(r"[A-Za-z][\w'’-]*", line)
        if len(tokens) < 3 or line.endswith(".") and not line.endswith("..."):
            continue
        caps = sum(t[0].isupper() for t in tokens)
        prose = any(t[0].islower() and len(t) >= 4 for t in tokens)  # "includes", "returns": running prose
        if caps >= 0.7 * len(tokens) and not prose and not CAST_LINE_RE.match(line):
            out.append((m.start(), m.end()))
    return out


# -- show titles ----------------------------------------------------------------------------

def find_show_titles(doc, text: str, lexicon: Lexicon, headlines, known=()) -> list[str]:
    """Titles of shows named in ``text`` (the doc's) by their usual frames. A headline in title
    case is cut where its verbs begin. A title with "and" in it stays whole ("Kay and the
    Sea"), unless one side is a title already ``known``, or the frame lists shows ("shows
    like A and B")."""
    found: list[str] = []
    in_headline = bytearray(len(text))
    for start, end in headlines:
        in_headline[start + 1:end] = b"\x01" * (end - start - 1)
    frames = _title_frames(lexicon.show_nouns, lexicon.networks)
    strong = frames[-2:]  # frames that say "title" so plainly that a common word can be one
    network_owner = _network_owner(lexicon.networks)
    for rx in frames:
        for m in rx.finditer(text):
            for start, part in _title_parts(m, known, listing=rx is frames[4]):
                if rx is _TITLE_BEFORE_SEASON and re.search(r"['’]s?$", part):
                    continue  # "Kay's season 2 arc": a character's season
                title = _cut_at_verb(doc, text, start, start + len(part), reject=rx is _QUOTED_TITLE)
                if re.search(r"[.!?:]\s", title):
                    continue  # the frame ran across a sentence end, or a speaker's name ("ANN LEE: This")
                title = strip_name(network_owner.sub("", title), keep_article=True)
                found_words = title.split()
                if rx is _QUOTED_TITLE and len(found_words) < 2 and not re.match(
                        rf"['’\"”]?\s+(?:{TITLE_NOUNS})\b", text[m.end(1):m.end(1) + 24], re.IGNORECASE):
                    continue  # a quoted single word is a nickname, unless a title noun follows: 'Kay' finale
                if any(w.lower() in ("season", "seasons", "episode", "finale") for w in found_words):
                    continue
                if rx in (_TITLE_BEFORE_SEASON, _TITLE_BEFORE_CREDIT) and in_headline[start]:
                    continue  # "That Major Season 2 Finale": inside a headline only a quoted title counts
                if not found_words or all((w.lower() in NOT_NAMES and rx not in strong) or re.fullmatch(_SMALL, w.lower())
                                          for w in found_words):
                    continue
                if title.isupper() and len(found_words) == 1 and rx is not _TITLE_BEFORE_CREDIT:
                    continue
                if title.lower() in NUMBER_WORDS or re.fullmatch(r"S?\d+", title):
                    continue
                if title in lexicon.networks or title in lexicon.outlets:
                    continue
                if rx is _TITLE_BEFORE_CREDIT and (found_words[0] in NAME_TITLES or given_name_gender(found_words[0])
                                                   and len(found_words) == 2 or len(found_words) == 1
                                                   and _is_common_word(doc, start)):
                    continue  # "Ann Lee star" is no title, nor "Somehow showrunner Ann Lee"
                if rx in strong and 2 <= len(found_words) <= 3 and all(w[0].isupper() for w in found_words) \
                        and given_name_gender(found_words[0]) is not None:
                    continue  # "Ann Mei Lee will return as Kay": a person, not a title
                found.append(title)
    return [_without_article(t, text) for t in dict.fromkeys(found)]


def _title_parts(m, known, listing: bool):
    """(start, text) of each title a frame's match holds."""
    whole = m.group(1)
    for title in known:
        for sep in (" and ", " & ", ", "):
            if whole.endswith(sep + title) or whole.startswith(title + sep):
                rest = whole[:-len(sep + title)] if whole.endswith(sep + title) else whole[len(title + sep):]
                offset = 0 if whole.endswith(sep + title) else len(title + sep)
                return [(m.start(1) + offset, rest)]
    if not listing:
        return [(m.start(1), whole)]
    return [(m.start(1) + p.start(), p.group(0)) for p in re.finditer(r"[^,]+?(?=,? (?:and|or) |, |$)", whole)]


def _without_article(title: str, text: str) -> str:
    """"The Lumen Bay Cast": the title is "Lumen Bay" when the text also writes it without
    "The" in front."""
    if not title.startswith("The ") or len(title.split()) < 3:
        return title
    rest = title[4:]
    bare = len(re.findall(rf"(?<!\bthe )(?<!\bThe ){re.escape(rest)}\b", text))
    return rest if bare else title


def _is_common_word(doc, start: int) -> bool:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[0].pos_ not in ("PROPN", "NOUN", "NUM")


def _cut_at_verb(doc, text: str, start: int, end: int, reject: bool = False) -> str:
    """The text of [start, end) up to its first verb; with ``reject``, nothing if it has one
    (a quoted sentence, not a title)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return text[start:end]
    for tok in span:
        if tok.pos_ in ("VERB", "AUX") and tok.idx > start:
            return "" if reject else text[start:tok.idx].strip()
    return text[start:end]


@functools.lru_cache(maxsize=4)
@functools.lru_cache(maxsize=4)
def _network_owner(networks: frozenset):
    """"Hulu's " opening a title: whose show it is, not part of its title."""
    return re.compile(rf"^(?:{'|'.join(map(re.escape, sorted(networks, key=len, reverse=True)))})['’]s ")


def _title_frames(show_nouns: frozenset, networks: frozenset) -> tuple:
    nouns = "|".join(sorted((re.escape(n) for n in show_nouns), key=len, reverse=True))
    nets = "|".join(sorted((re.escape(n) for n in networks), key=len, reverse=True))
    return (
        _QUOTED_TITLE,
        _TITLE_BEFORE_SEASON,
        _TITLE_BEFORE_CREDIT,
        re.compile(rf"(?:'s|’s|latest|new|hit|original|upcoming|beloved|acclaimed|popular|former|other|the) "
                   rf"(?:[\w-]+ ){{0,2}}(?:{nouns}),? ({TITLE})(?=[,.;:)—]| which| that| follows| tells| is| was| has)"),
        re.compile(rf"\b(?:shows|dramas|comedies|sitcoms|series)\s*(?:\(|like|such as|including)\s*"
                   rf"({TITLE}(?:,? (?:and|or) {TITLE})*)"),
        re.compile(rf"(?:^|\n|[.!?:] )({TITLE})(?= (?:(?i:fans|cast|creators?|showrunners?|finale|spin-?off|"
                   rf"renewed|has been renewed|is renewed|season|episodes?)\b|is set in [A-Z]|"
                   rf"(?:will return|returns|is returning|is coming back|comes back|will be back) for\b))"),
        # "Hulu's Lumen Bay will return": a network's title (strong frames last)
        re.compile(rf"\b(?:{nets})['’]s ({TITLE})(?= (?:will|is|has|returns|renewed|season|was|comes|gets)\b|[,.])"),
        re.compile(rf"(?:^|\n)({TITLE})(?= (?:renewed|cancell?ed|returns|is returning|will return|is back|gets|"
                   rf"gets renewed|season \d)\b)"),
    )


def show_short_names(title: str) -> list[str]:
    """Shorter names a long show title goes by in the genre: its initials ("HOTD" for a
    four-word title) and its first words ("Only Murders").

    >>> show_short_names("House of the Dragon")
    ['HOTD', 'HotD']
    >>> show_short_names("Kay Moss in the Old City")
    ['KMITOC', 'KMitOC', 'Kay Moss']
    """
    found = title.split()
    out = []
    if len(found) >= 3:
        initials = "".join(w[0] for w in found if w[0].isalnum())
        out += [initials.upper(), "".join(w[0] if w[0].isupper() else w[0].lower() for w in found if w[0].isalnum())]
    if len(found) >= 4 and found[1][0].isupper() and found[0].lower() not in ("the", "a", "an"):
        out.append(" ".join(found[:2]))
    return list(dict.fromkeys(o for o in out if len(o) >= 3))


# -- names from the text --------------------------------------------------------------------

def _sentence_initial(toks, i: int) -> bool:
    tok = toks[i]
    if tok.is_sent_start or i == 0:
        return True
    prev = toks[i - 1]
    return prev.text in OPENERS and (i < 2 or toks[i - 2].is_sent_start or toks[i - 2].is_punct
                                     or "\n" in toks[i - 2].whitespace_)


def _can_start(toks, i: int, midcaps) -> bool:
    tok = toks[i]
    text = tok.text
    if not text[:1].isupper() or tok.is_punct or tok.like_num:
        return False
    low = tok.lower_
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    continued = nxt is not None and nxt.text[:1].isupper() and not nxt.is_punct and "\n" not in tok.whitespace_
    if low in NOT_NAMES and text not in NAME_TITLES and not (continued and low not in DETERMINERS):
        return False
    if _sentence_initial(toks, i):
        if low in LEADING_NOT_NAMES or tok.is_stop and tok.pos_ != "PROPN":
            return False
        return (tok.pos_ == "PROPN" or tok.ent_type_ in NER_KIND or text in midcaps
                or given_name_gender(text) is not None)
    return True


def _can_continue(toks, k: int, first) -> bool:
    tok, prev = toks[k], toks[k - 1]
    if "\n" in prev.whitespace_ or prev.is_space or tok.is_space or tok.is_sent_start:
        return False
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    text = tok.text
    next_cap = nxt is not None and nxt.text[:1].isupper() and "\n" not in tok.whitespace_
    if text[:1].isupper() and not tok.is_punct and tok.lower_ not in ("i",):
        return True
    if text in NAME_SUFFIXES:
        return True
    if tok.lower_ in PARTICLES and next_cap and prev.whitespace_:
        return True  # "Thibault de Vere"
    if text in ("-", "–", "’", "'") and not prev.whitespace_ and not tok.whitespace_ and next_cap:
        return True  # "Amy Lane-Diaz", "O-T"
    if text == "&" and next_cap:
        return True  # "Life & Death Brigade"
    if tok.lower_ == "of" and next_cap and given_name_gender(first.text) is None:
        return True  # "Department of Public Relations"
    return False


def name_runs(doc, text: str, skip: bytearray) -> list[tuple[int, int, str]]:
    """(start, end, spaCy label) of every run of capitalised words that may be a name."""
    midcaps = set(re.findall(r"(?<=[a-z,;] )[A-Z][\w'’-]*", text))
    toks = list(doc)
    ner = {}
    for ent in doc.ents:
        for t in ent:
            ner[t.i] = ent.label_
    out = []
    i, n = 0, len(toks)
    while i < n:
        if not toks[i].text[:1].isupper() or skip[toks[i].idx] or not _can_start(toks, i, midcaps):
            i += 1
            continue
        j = i
        while j + 1 < n and _can_continue(toks, j + 1, toks[i]):
            j += 1
        while j > i and (toks[j].lower_ in PARTICLES or toks[j].text in ("-", "–", "&", "’", "'") or toks[j].lower_ == "of"):
            j -= 1
        first = _descriptor_end(toks, i, j, ner)
        label = next((ner[k] for k in range(first, j + 1) if k in ner), "")
        out.append((toks[first].idx, toks[j].idx + len(toks[j].text), label))
        i = j + 1
    return out


def _descriptor_end(toks, i: int, j: int, ner) -> int:
    """Where the name of a run begins after capitalised words that only describe it: an
    acronym ("NYPD Kay", "former SEAL Tom"), a nationality ("British Tom Lee") or anything
    before a title ("Franco-Irish Prince Tom")."""
    first = i
    for k in range(i, j):
        text = toks[k].text
        if len(text) >= 3 and text.isupper() and text.isalpha() and not toks[k + 1].text.isupper():
            first = k + 1
    while first < j and (ner.get(first) == "NORP" and ner.get(j) != "NORP" or toks[first].pos_ == "ADJ"
                         and given_name_gender(toks[first].text) is None and toks[first].text not in NAME_TITLES):
        first += 1  # "British Tom Lee", "Classic Tom."
    for k in range(first + 1, j):
        if toks[k].text in NAME_TITLES and toks[k + 1].text[:1].isupper():
            first = k  # "Franco-Irish Prince Tom": the name starts at its title
            break
    while first < j and toks[first].text in ("-", "–"):
        first += 1
    return first


def _opens_question(text: str, start: int) -> bool:
    """Whether a question starts at ``start``: "Will Kay and Tom get back together?"."""
    line_start = max(text.rfind("\n", 0, start), max(text.rfind(p, 0, start) for p in (". ", "? ", "! ", ": ")))
    if text[line_start + 1:start].strip(" \n.?!\"“"):
        return False
    end = min([i for i in (text.find(p, start) for p in ".?!\n") if i != -1] or [len(text)])
    return text[end:end + 1] == "?"


def _looks_like_company(name: str) -> bool:
    return name.isupper() or any(w.lower().strip(".,") in ORG_WORDS for w in name.split())


def _quoted_titles(text: str) -> list[tuple[int, int]]:
    """Ranges of quoted title-case phrases of three words or more ("“The Watcher in the
    Woods”"): an episode or a film, not names."""
    out = []
    for m in re.finditer(r"[\"“]([^\"“”\n]{3,80})[\"”]", text):
        inner = re.findall(r"[A-Za-z][\w'’-]*", m.group(1))
        if len(inner) == 1 and inner[0][0].isupper() and m.group(1).strip() == inner[0]:
            out.append((m.start(), m.end()))  # a quoted word: a nickname, a song, a ship; known names come back later
        elif len(inner) >= 3 and sum(w[0].isupper() for w in inner) >= 0.6 * len(inner) \
                and not m.group(1).rstrip().endswith((".", ",", "?", "!")):
            out.append((m.start(), m.end()))
    return out


def _organization(book: EntityBook, name: str, lexicon: Lexicon) -> str:
    """The entity of a network or outlet: one per organisation, whichever of its names ("EW",
    "Entertainment Weekly") the article uses first."""
    for other in lexicon.same_names.get(name, ()):
        key = book.lookup(other)
        if key is not None:
            book.alias(key, name)
            return key
    return book.add(name, fixed="Organization")


class MentionFinder:
    """Finds the mentions of one doc (see the module docstring)."""

    def __init__(self):
        self.lexicon = load_lexicon()
        self.known_rx = _phrase_regex([*self.lexicon.networks, *self.lexicon.outlets])
        self.ambiguous_rx = _phrase_regex(self.lexicon.ambiguous_outlets | self.lexicon.ambiguous_networks)
        self.events_rx = _phrase_regex(self.lexicon.events, re.IGNORECASE)
        self.caps_lexicon = {n.upper(): n for n in (*self.lexicon.networks, *self.lexicon.outlets)}

    def __call__(self, doc):
        text = doc._.fk_article.text if doc._.fk_article is not None else doc.text
        if doc._.fk_article is None:
            doc._.fk_article = Article(id="", text=text)
        article = doc._.fk_article
        profiles = doc._.fk_profiles or ()
        book = EntityBook()
        taken = Taken(text)
        headlines = headline_lines(text)

        # 1. profiles: names a human wrote down for this show
        known: dict[str, tuple[str, str]] = {}
        for prof in profiles:
            for ent in (prof.show, *prof.entities):
                key = book.add(ent.label, fixed=ent.type, aliases=ent.aliases)
                for name in (ent.label, *ent.aliases):
                    known[name] = (key, "show" if ent.type == "Show" else "name")
        # 2. show titles: front matter, then titles found by their frames
        titles = ([article.show] if article.show else []) + find_show_titles(
            doc, text, self.lexicon, headlines, known=[article.show] if article.show else [])
        for title in titles:
            key = book.lookup(title) or book.add(title, fixed="Show")
            known.setdefault(title, (key, "show"))
        if article.show:
            main = book.lookup(article.show)
            for short in show_short_names(book.records[main].label):
                known.setdefault(short, (main, "show"))
        for start, end, name in find_names(text, known):
            key, kind = known[name]
            if norm_key(name) != key:
                book.alias(key, name)
            taken.add(start, end, key, kind)
        # 3. lexicon: networks, outlets, events
        self._lexicon_names(text, book, taken)
        # 3b. a nickname in quotes inside a name: Katherine "Kit" Vale
        for m in NICKNAME_RE.finditer(text):
            first, nick, last = m.group(1), m.group(2), m.group(3)
            key = book.add(f"{first} {last}", "_personish", 1, aliases=(nick, f"{nick} {last}"))
            taken.add(m.start(), m.end(), key, "name")
        # 4. seasons ("Season 2", "the second season", "seasons five and six", "next season")
        numbered = season_mentions(text)
        for start, end, n in numbered + relative_season_mentions(text, [n for _, _, n in numbered]):
            key = book.add(f"Season {n}", fixed="Season")
            book.records[key].season = n
            taken.add(start, end, key, "season")
        # 4b. "Tom's Diner": a place of business named after its owner
        for m in POSSESSIVE_ORG_RE.finditer(text):
            if m.group(2).split()[-1].lower() in ORG_WORDS:
                taken.add(m.start(), m.end(), book.add(m.group(0), "Organization", 2), "org")
        # 5. names: runs of capitals outside headlines and quoted titles
        skip = bytearray(len(text) + 1)
        for start, end in headlines + _quoted_titles(text):
            skip[start:end] = b"\x01" * (end - start)
        for start, end, label in name_runs(doc, text, skip):
            self._name(text, start, end, label, book, taken)
        # 6. names met elsewhere, wherever they stand (headlines and all-capital lines too)
        self._known_again(text, book, taken)
        doc._.fk_book = book
        doc._.fk_mentions = sorted(taken.mentions, key=lambda m: m.start)
        doc._.fk_headlines = headlines
        return doc

    def _lexicon_names(self, text: str, book: EntityBook, taken: Taken) -> None:
        lex = self.lexicon
        if self.known_rx:
            for m in self.known_rx.finditer(text):
                name = m.group(1)
                kind = "network" if name in lex.networks else "outlet"
                taken.add(m.start(), m.end(), _organization(book, name, lex), kind)
        # names that are also common words count only in an interview or network frame
        if self.ambiguous_rx:
            for m in self.ambiguous_rx.finditer(text):
                name = m.group(1)
                before = text[max(0, m.start() - 25):m.start()].lower()
                after = text[m.end():m.end() + 40]
                line_start = m.start() == 0 or text[m.start() - 1] == "\n"
                network = name in lex.ambiguous_networks
                framed = bool(re.search(r"(told|tells|to|with|on|in|via|for|at|from)\s*$", before)
                              and not re.match(r"\s+[A-Z]", after))
                framed = framed or after.lower().startswith(" magazine")
                framed = framed or network and bool(re.match(r"(?:'s|’s) (?:[\w-]+ ){0,3}(?:series|show|drama|"
                                                             r"comedy|sitcom|thriller|hit|revival|reboot)", after))
                framed = framed or name.isupper() and len(name) > 2 and (line_start or bool(re.match(r"\s*:", after)))
                if framed and not re.search(r"[A-Z][\w'’-]*\s$", text[max(0, m.start() - 20):m.start()]):
                    taken.add(m.start(), m.end(), _organization(book, name, lex),
                              "network" if network else "outlet")
        for m in CAPS_RE.finditer(text):  # "VARIETY: ..." opening a question of an interview
            original = self.caps_lexicon.get(m.group(1))
            if original is not None and original != m.group(1):
                taken.add(m.start(), m.end(), _organization(book, original, lex),
                          "network" if original in lex.networks else "outlet")
        for m in STRIKE_RE.finditer(text):  # "the 2023 Hollywood strikes", "the writers' strike"
            label = m.group(0)[4:] if m.group(0).lower().startswith("the ") else m.group(0)
            start = m.end() - len(label)
            taken.add(start, m.end(), book.add(label, fixed="Event"), "event")
        if self.events_rx:
            for m in self.events_rx.finditer(text):
                taken.add(m.start(), m.end(), book.add(m.group(1), fixed="Event"), "event")

    def _name(self, text: str, start: int, end: int, label: str, book: EntityBook, taken: Taken) -> None:
        """One run of capitals: strip what is not the name, split what the model ran together."""
        raw = text[start:end]
        name = strip_name(raw)
        found = name.split()
        if found and found[0].lower() in QUESTION_WORDS and len(found) > 1 and _opens_question(text, start):
            name = name.split(" ", 1)[1]
            found = found[1:]
        if found and found[0] in FAN_CAMP_WORDS and len(found) > 1:
            name = name.split(" ", 1)[1]  # "Team Kay": a fan camp holds the character's name
            found = found[1:]
        if not name:
            return
        offset = start + raw.find(name)
        for k in range(1, len(found) - 1):
            tail = " ".join(found[k:])
            known = book.lookup(tail)
            if known and (given_name_gender(found[0]) is None or len(found) - k >= 2 and
                          book.records[known].label == tail) and tail in text[offset:offset + len(name)]:
                offset += name.index(tail)  # "Sun Queen Kay Moss" after "Kay Moss": a described name
                name, found = tail, found[k:]
                break
        kind = NER_KIND.get(label, "name")
        if len(found) == 1 and (found[0].lower() in NOT_NAMES or label == "NORP"):
            return  # "French", "American": a nationality, not a name
        if all(w.lower() in NOT_NAMES or w.lower() in LEADING_NOT_NAMES for w in found):
            return
        if not taken.free(offset, offset + len(name)):
            return self._partly_taken(text, offset, offset + len(name), book, taken)
        key = book.lookup(name) or book.add(name)
        rec = book.records[key]
        vote = {"org": "Organization", "place": "Place", "event": "Event"}.get(kind, "")
        if vote and rec.votes[vote] < 0.5:  # the model's label is a weak hint, counted once
            rec.votes[vote] += 0.5
        if re.search(r"\bthe\s+$", text[max(0, offset - 5):offset]):
            rec.votes["_the"] += 1
        if found[-1].lower() in ORG_WORDS and len(found) > 1:
            rec.votes["Organization"] += 2  # "Tom's Diner", "Brightwell Agency"
        elif kind == "name" or label == "PERSON" or (
                kind == "org" and len(found) > 1 and given_name_gender(name_words(name)[0]) is not None):
            rec.votes["_personish"] += 1
        elif kind == "org" and not _looks_like_company(name):
            # the small model tags many unfamiliar names ORG; patterns or defaults decide later
            rec.votes["_personish"] += 0.5
        taken.add(offset, offset + len(name), key, kind if kind in ("place", "org", "event") else "name")

    def _partly_taken(self, text, start, end, book, taken) -> None:
        """A run that holds a name already found ("Castle Season 9", "Netflix's Kay"): the free
        capitalised words around it stand on their own."""
        for m in re.finditer(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*", text[start:end]):
            s, e = start + m.start(), start + m.end()
            piece = strip_name(text[s:e])
            if piece and taken.free(s, s + len(piece)) and piece.lower() not in NOT_NAMES \
                    and piece.lower() not in LEADING_NOT_NAMES:
                key = book.lookup(piece) or book.add(piece)
                book.records[key].votes["_personish"] += 0.5
                taken.add(s, s + len(piece), key, "name")

    def _known_again(self, text: str, book: EntityBook, taken: Taken) -> None:
        """Names already found stand for their entity wherever else they appear, in capitals
        ("ANN LEE:" opening an interview answer) or inside a headline."""
        names: dict[str, str] = {}
        parts: dict[str, set] = {}
        for rec in book.records.values():
            if rec.type == "Season":
                continue
            for name in (rec.label, *rec.aliases):
                if len(name) > 1 and name.lower() not in NOT_NAMES:
                    names.setdefault(name, rec.key)
            core = name_words(rec.label)
            if len(core) > 1 and not rec.fixed and rec.votes["_personish"]:
                for word in (core[0], core[-1]):  # "Lee, who plays Kay": a surname opening a sentence
                    if len(word) > 2 and word.lower() not in NOT_NAMES and word[0].isupper():
                        parts.setdefault(word, set()).add(rec.key)
        for word, keys in parts.items():
            if len(keys) == 1 and word not in names:
                names[word] = next(iter(keys))
        for start, end, name in find_names(text, names):
            taken.add(start, end, names[name], _kind_of(book.records[names[name]]))
        upper = {n.upper(): k for n, k in names.items() if not n.isupper()}
        for m in CAPS_RE.finditer(text):
            key = upper.get(m.group(1))
            if key is not None:
                taken.add(m.start(), m.end(), key, _kind_of(book.records[key]))


def _kind_of(rec) -> str:
    return {"Show": "show", "Season": "season", "Place": "place", "Event": "event"}.get(rec.type, "name")


@Language.factory("fankg_mentions")
def make_mention_finder(nlp, name):
    return MentionFinder()
