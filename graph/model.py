"""Plain values passed between the stages: articles, entities, claims and their evidence.

Nothing here does I/O. Every edge fankg outputs is a :class:`Claim`, and every claim carries
the :class:`Evidence` (a sentence of an article) that backs it.

>>> e = Entity.make("Ann Lee", "Person")
>>> e.id
'person/ann-lee'
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field, replace

NODE_TYPES = ("Show", "Season", "Character", "Person", "Storyline", "Organization", "Place", "Event")

#: How sure the source is, strongest first (see VOCABULARY.md).
STATUSES = ("confirmed", "hinted", "speculated", "denied")
STATUS_RANK = {"confirmed": 3, "hinted": 2, "speculated": 1, "denied": 0}


@dataclass(frozen=True)
class EdgeType:
    """One edge type of the vocabulary: who it goes from and to, and how to read it."""

    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    symmetric: bool = False
    universe: bool = False  # True: in-universe (story) edge; False: production / real world
    label: str = ""
    comment: str = ""


_P = "Person"
_C = "Character"
_S = "Show"


def _et(name, domain, rng, label, comment, symmetric=False, universe=False):
    dom = (domain,) if isinstance(domain, str) else tuple(domain)
    ran = (rng,) if isinstance(rng, str) else tuple(rng)
    return EdgeType(name, dom, ran, symmetric, universe, label, comment)


#: The closed edge vocabulary. Names are the public interface of ``fankg extract``.
EDGE_TYPES: dict[str, EdgeType] = {
    e.name: e
    for e in (
        _et("plays", _P, _C, "plays", "An actor plays a character."),
        _et("created", _P, _S, "created", "A person created or runs the show."),
        _et("castIn", _P, _S, "cast in", "A person is in the cast of a show, no character named."),
        _et("producerOf", _P, _S, "producer of", "A person produces the show."),
        _et("hasSeason", _S, "Season", "has season", "A show has this season."),
        _et("airsOn", _S, "Organization", "airs on", "A show airs on a network or streamer."),
        _et("renewed", "Organization", "Season", "renewed", "A network renewed the show for a season."),
        _et("delayedBy", "Season", "Event", "delayed by", "A season's production was delayed by an event."),
        _et("setIn", (_S, "Storyline"), "Place", "set in", "A show or storyline is set in a place."),
        _et("comparedTo", (_S, _C), (_S, _C), "compared to", "Compared with another show or character.",
            symmetric=True),
        _et("spinOffOf", _S, _S, "spin-off of", "A show is a spin-off of another show."),
        _et("toldOutlet", _P, "Organization", "told outlet", "A person gave an interview or statement to an outlet."),
        _et("romanticInterest", _C, _C, "romantic interest", "Attraction, love interest, a ship.",
            symmetric=True, universe=True),
        _et("partnerOf", _C, _C, "partner of", "Girlfriend, boyfriend, spouse, engaged.",
            symmetric=True, universe=True),
        _et("exPartnerOf", _C, _C, "ex-partner of", "Broke up, divorced, an ex.", symmetric=True, universe=True),
        _et("kissed", _C, _C, "kissed", "Two characters kissed.", symmetric=True, universe=True),
        _et("friendOf", _C, _C, "friend of", "Two characters are friends.", symmetric=True, universe=True),
        _et("roommateOf", _C, _C, "roommate of", "Two characters share a home.", symmetric=True, universe=True),
        _et("neighborOf", _C, _C, "neighbor of", "Two characters are neighbours.", symmetric=True, universe=True),
        _et("businessPartnerOf", _C, _C, "business partner of", "Two characters run a business together.",
            symmetric=True, universe=True),
        _et("rivalOf", _C, _C, "rival of", "Two characters are rivals.", symmetric=True, universe=True),
        _et("siblingOf", _C, _C, "sibling of", "Two characters are siblings.", symmetric=True, universe=True),
        _et("parentOf", _C, _C, "parent of", "A character is the parent of another.", universe=True),
        _et("bossOf", _C, _C, "boss of", "A character is the boss of another.", universe=True),
        _et("worksAt", _C, "Organization", "works at", "A character works at an organization.", universe=True),
        _et("from", _C, "Place", "from", "A character comes from a place.", universe=True),
        _et("livesIn", _C, "Place", "lives in", "A character lives in a place.", universe=True),
        _et("travelsTo", _C, "Place", "travels to", "A character travels to a place.", universe=True),
        _et("involvedIn", _C, "Storyline", "involved in", "A character takes part in a storyline.",
            universe=True),
    )
}


def slugify(label: str) -> str:
    """A lowercase ASCII-ish slug of a label; non-Latin letters are kept, not dropped.

    >>> slugify("Kay–Tom–Ivo love triangle")
    'kay-tom-ivo-love-triangle'
    >>> slugify("Café Société")
    'cafe-societe'
    """
    text = unicodedata.normalize("NFKD", label)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).lower().replace("’", "").replace("'", "")
    text = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return text or "x"


@dataclass(frozen=True)
class Article:
    """One input article: its cleaned text and what is known about it.

    ``text`` is the cleaned main text; all evidence offsets point into it. ``spans`` maps it
    back to the raw file: each ``(clean_start, raw_start, length)`` says that
    ``text[clean_start:clean_start+length] == raw[raw_start:raw_start+length]`` up to odd spaces
    (no-break, thin) that cleaning turns into plain ones.
    """

    id: str
    text: str
    title: str = ""
    show: str = ""
    outlet: str = ""
    url: str = ""
    date: str = ""
    path: str = ""
    spans: tuple[tuple[int, int, int], ...] = ()

    def raw_offset(self, clean_offset: int) -> int | None:
        """Where a character of the cleaned text stands in the raw file (None if unknown)."""
        for clean_start, raw_start, length in self.spans:
            if clean_start <= clean_offset < clean_start + length:
                return raw_start + clean_offset - clean_start
        return None


@dataclass(frozen=True)
class Entity:
    """A node: a show, season, character, person, storyline, organization, place or event."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()

    @classmethod
    def make(cls, label: str, type: str, aliases=()) -> Entity:
        if type not in NODE_TYPES:
            raise ValueError(f"unknown node type {type!r}; expected one of {', '.join(NODE_TYPES)}")
        uniq = tuple(sorted({a for a in aliases if a and a != label}))
        return cls(f"{type.lower()}/{slugify(label)}", label, type, uniq)

    def with_aliases(self, more) -> Entity:
        return replace(self, aliases=tuple(sorted(set(self.aliases) | {a for a in more if a and a != self.label})))


@dataclass(frozen=True)
class Evidence:
    """The sentence backing a claim: where it stands, who said it and to whom."""

    article_id: str
    quote: str
    start: int
    end: int
    speaker: str = ""
    outlet: str = ""
    note: str = ""  # free text, e.g. why a human correction was made


@dataclass(frozen=True)
class Claim:
    """One typed edge as one article states it."""

    subject: Entity
    predicate: str
    object: Entity
    status: str
    evidence: Evidence
    corrected: bool = False
    extras: tuple[tuple[str, str], ...] = field(default=())

    def key(self) -> tuple[str, str, str]:
        """The edge this claim is about, with symmetric edges in one canonical direction."""
        s, o = self.subject.id, self.object.id
        edge = EDGE_TYPES.get(self.predicate)
        if edge is not None and edge.symmetric and o < s:
            s, o = o, s
        return (s, self.predicate, o)

    def to_record(self, article: Article | None = None) -> dict:
        """The public JSON-lines record of ``fankg extract`` (keys are a stable interface)."""
        ev = self.evidence
        rec = {
            "subject": self.subject.label,
            "subject_type": self.subject.type,
            "predicate": self.predicate,
            "object": self.object.label,
            "object_type": self.object.type,
            "status": self.status,
            "quote": ev.quote,
            "speaker": ev.speaker or None,
            "outlet": ev.outlet or None,
            "source": ev.article_id,
            "start": ev.start,
            "end": ev.end,
        }
        if article is not None:
            rec["title"] = article.title or None
            rec["url"] = article.url or None
        if self.corrected:
            rec["corrected"] = True
            if ev.note:
                rec["note"] = ev.note
        return rec


_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def json_line(record: dict, sort_keys: bool = False) -> str:
    """One JSON-lines record. Unicode stays readable, but the characters some readers take as
    line breaks (U+2028, U+2029, NEL) are escaped so a record is always exactly one line.

    >>> json_line({"quote": "a\u2028b"})
    '{"quote": "a\\\\u2028b"}\\n'
    """
    return json.dumps(record, ensure_ascii=False, sort_keys=sort_keys).translate(_LINE_BREAKS) + "\n"


def strongest(statuses) -> str:
    """The strongest of some statuses (confirmed > hinted > speculated > denied).

    >>> strongest(["speculated", "hinted"])
    'hinted'
    """
    return max(statuses, key=STATUS_RANK.__getitem__)
