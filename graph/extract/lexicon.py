"""The data files of extraction (``graph/extract/data/*.yaml``): word lists, cue lexicons,
relation rules and the genre lexicon of networks and outlets. Code reads them by name; adding a
word or a rule touches a data file only.

>>> "could" in words("cues", "hedges")
True
>>> phrases("relations", "plural_relation_nouns")[:2]
('friends', 'best friends')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

import yaml


@functools.cache
def data(name: str) -> dict:
    """The parsed data file ``data/<name>.yaml``."""
    text = resources.files(__package__).joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def phrases(name: str, key: str) -> tuple[str, ...]:
    """A list of a data file, in its order: a YAML list, or a string of items separated by
    commas (when it has one) or by white space."""
    value = data(name)[key]
    if isinstance(value, str):
        value = value.split(",") if "," in value else value.split()
    return tuple(str(v).strip() for v in value if str(v).strip())


@functools.cache
def words(name: str, key: str) -> frozenset[str]:
    """A word list of a data file as a set."""
    return frozenset(phrases(name, key))


@dataclass(frozen=True)
class Lexicon:
    """Names that recur across entertainment news: networks, outlets, events."""

    networks: frozenset[str]
    outlets: frozenset[str]
    ambiguous_networks: frozenset[str]
    ambiguous_outlets: frozenset[str]
    events: tuple[str, ...]
    show_nouns: frozenset[str]
    outlet_domains: dict
    same_names: dict  # a network's or outlet's name -> its other names


    def outlet_of_url(self, url: str) -> str:
        """The outlet a web address belongs to, or "".

        >>> load_lexicon().outlet_of_url("https://www.variety.com/2024/tv/news/x/")
        'Variety'
        """
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            return ""
        parts = host.split(".")
        for i in range(len(parts) - 1):
            outlet = self.outlet_domains.get(".".join(parts[i:]))
            if outlet:
                return outlet
        return ""


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return Lexicon(
        networks=words("lexicon", "networks"),
        outlets=words("lexicon", "outlets"),
        ambiguous_networks=words("lexicon", "ambiguous_networks"),
        ambiguous_outlets=words("lexicon", "ambiguous_outlets"),
        events=phrases("lexicon", "events"),
        show_nouns=words("lexicon", "show_nouns"),
        outlet_domains=dict(data("lexicon")["outlet_domains"]),
        same_names={name: tuple(n for n in group if n != name) for group in data("lexicon")["same_names"]
                    for name in group},
    )
