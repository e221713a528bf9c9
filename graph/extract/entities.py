"""The entities of one article and the one place where names are compared.

An article's entities live in an :class:`EntityBook` on the ``Doc`` (``doc._.fk_book``): each
:class:`EntityRecord` has a label, aliases and type votes; mentions in ``doc.spans`` point to a
record by its key (the span's ``kb_id_``).

Name comparison (:func:`norm_key`, :func:`name_words`, :func:`given_name_gender`) is used by
every stage that asks "is this the same name?".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from ..model import Entity
from .lexicon import words

NAME_TITLES = words("words", "name_titles")
NAME_SUFFIXES = words("words", "name_suffixes")


def norm_key(text: str) -> str:
    """The key two spellings of one name share: case, curly quotes, a possessive 's and spacing
    do not count.

    >>> norm_key("Kay  Moss’s")
    'kay moss'
    """
    text = text.replace("’", "'").strip()
    text = re.sub(r"'s$", "", text)
    return " ".join(text.casefold().split())


def name_words(label: str) -> list[str]:
    """The words of a name that identify it: titles ("Captain", "Dr.") and suffixes ("Jr.")
    left out.

    >>> name_words("Captain Ray Holt Jr.")
    ['Ray', 'Holt']
    """
    found = label.split()
    core = [w for w in found if w not in NAME_TITLES and w not in NAME_SUFFIXES]
    return core or found


@functools.lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    """First names and their usual gender, from the name list of the gender-guesser package
    (a maintained data file of given names by country): 'f', 'm' or '?' (either)."""
    try:
        text = resources.files("gender_guesser").joinpath("data", "nam_dict.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - a dependency of fankg
        return {}
    out: dict[str, str] = {}
    codes = {"M": "m", "1M": "?", "?M": "?", "F": "f", "1F": "?", "?F": "?", "?": "?"}  # "mostly" is not sure
    for line in text.splitlines():
        parts = line.split(None, 2)
        if len(parts) < 2 or parts[0] not in codes or "+" in parts[1]:
            continue  # comments, equivalences ("=") and compound names ("Ann+Sophie")
        key, gender = parts[1].casefold(), codes[parts[0]]
        if out.get(key, gender) != gender:
            gender = "?"
        out[key] = gender
    return out


def given_name_gender(word: str) -> str | None:
    """'f', 'm' or '?' when ``word`` is a known first name, else None.

    >>> given_name_gender("Nora"), given_name_gender("Brightwell")
    ('f', None)
    """
    return _given_names().get(word.casefold())


class Votes(dict):
    """Type votes by type name: a missing one counts 0 (and is not added by being read)."""

    def __missing__(self, key: str) -> float:
        return 0.0


@dataclass
class EntityRecord:
    key: str
    label: str
    votes: Votes = field(default_factory=Votes)
    aliases: set = field(default_factory=set)
    fixed: str = ""  # a type that cannot be voted away (profile, lexicon)
    season: int | None = None
    descriptor: tuple[str, str] | None = None  # "Kay's boss": (owner key, relation noun)
    gender: str = ""  # 'f' / 'm' when the text or the first name tells

    @property
    def type(self) -> str:
        if self.fixed:
            return self.fixed
        real = [t for t in sorted(self.votes) if not t.startswith("_") and self.votes[t] > 0]
        return max(real, key=lambda t: self.votes[t]) if real else ""

    @property
    def strong(self) -> bool:
        """Whether its type is known rather than guessed."""
        return bool(self.fixed) or self.votes[self.type] >= 1

    def to_entity(self) -> Entity:
        return Entity.make(self.label, self.type or "Person", self.aliases)


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
            self.alias(key, a)
        return key

    def alias(self, key: str, name: str) -> None:
        """``name`` is another name of the entity ``key``."""
        rec = self.records[key]
        if norm_key(name) != key and name != rec.label:
            rec.aliases.add(name)
            self.alias_to_key.setdefault(norm_key(name), key)

    def lookup(self, text: str) -> str | None:
        return self.alias_to_key.get(norm_key(text))

    def vote(self, key: str, type_: str, weight: float = 1.0) -> None:
        if key in self.records:
            self.records[key].votes[type_] += weight

    def fold(self, old: str, new: str) -> None:
        """The entity ``old`` is ``new``: its names and type votes move there."""
        if old == new or old not in self.records or new not in self.records:
            return
        gone, kept = self.records.pop(old), self.records[new]
        self.alias(new, gone.label)
        for a in gone.aliases:
            self.alias(new, a)
        for t, n in gone.votes.items():
            if t in ("Person", "Character", "_personish"):
                kept.votes[t] += n
        kept.gender = kept.gender or gone.gender
        for name, key in list(self.alias_to_key.items()):
            if key == old:
                self.alias_to_key[name] = new

    def type_of(self, key: str) -> str:
        return self.records[key].type
