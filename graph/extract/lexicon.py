"""Load the genre lexicon (``lexicon.yaml``): networks, outlets, events and cue words."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True)
class Lexicon:
    networks: frozenset[str]
    outlets: frozenset[str]
    ambiguous_networks: frozenset[str]
    ambiguous_outlets: frozenset[str]
    events: tuple[str, ...]
    show_nouns: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = yaml.safe_load(resources.files(__package__).joinpath("lexicon.yaml").read_text(encoding="utf-8"))
    return Lexicon(
        networks=frozenset(data["networks"]),
        outlets=frozenset(data["outlets"]),
        ambiguous_networks=frozenset(data["ambiguous_networks"]),
        ambiguous_outlets=frozenset(data["ambiguous_outlets"]),
        events=tuple(data["events"]),
        show_nouns=frozenset(data["show_nouns"]),
    )
