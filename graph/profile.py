"""Show profiles: optional YAML files (``seeds/<show>.profile.yaml``) naming a show's people,
characters and places, with their types and aliases. They help extraction; they are never
required.

A profile looks like::

    show: Some Show
    aliases: [Some Show!]
    entities:
      - {label: Ann Example, type: Character, aliases: [Ann]}
      - {label: Bo Actor, type: Person}

A profile never creates an edge by itself: every edge still needs a sentence of an article.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import BadProfile
from .ingest import YAML_LOADER
from .model import NODE_TYPES, Entity


@dataclass(frozen=True)
class Profile:
    show: Entity
    entities: tuple[Entity, ...]
    path: str = ""

    def matches(self, article) -> bool:
        """Whether this profile is about the article's show (front matter, title or text)."""
        names = [self.show.label, *self.show.aliases]
        wanted = {n.casefold() for n in names}
        if article.show:
            return article.show.casefold() in wanted
        haystack = f"{article.title}\n{article.text}".casefold()
        return any(n.casefold() in haystack for n in names)


def _fail(path, msg):
    raise BadProfile(f"{path}: {msg}; see the profile format in graph/profile.py")


def load_profile(path) -> Profile:
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError) as err:
        raise BadProfile(f"{path}: cannot be read as UTF-8 text ({err})") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        raise BadProfile(f"{path}:{at} broken YAML; fix the syntax") from None
    if not isinstance(data, dict) or not isinstance(data.get("show"), str) or not data["show"].strip():
        _fail(path, "needs a 'show: <title>' line")
    show_aliases = data.get("aliases") or []
    if not isinstance(show_aliases, list) or not all(isinstance(a, str) for a in show_aliases):
        _fail(path, "'aliases' must be a list of names")
    show = Entity.make(data["show"].strip(), "Show", show_aliases)
    entities = []
    raw = data.get("entities") or []
    if not isinstance(raw, list):
        _fail(path, "'entities' must be a list")
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("label"), str) or not item["label"].strip():
            _fail(path, f"entity #{i} needs a 'label'")
        etype = item.get("type")
        if etype not in NODE_TYPES:
            _fail(path, f"entity #{i} ({item['label']}) has type {etype!r}; use one of {', '.join(NODE_TYPES)}")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            _fail(path, f"entity #{i} ({item['label']}): 'aliases' must be a list of names")
        entities.append(Entity.make(item["label"].strip(), etype, aliases))
    return Profile(show=show, entities=tuple(entities), path=str(path))


def profiles_for(article, profiles) -> list[Profile]:
    return [p for p in profiles if p.matches(article)]


def profile_matcher(profiles) -> Callable[[object], list[Profile]]:
    """:func:`profiles_for` for many articles: an article that names its show in its front
    matter finds its profiles in a dict instead of asking every profile."""
    profiles = list(profiles)
    by_name: dict[str, list[int]] = {}
    for i, prof in enumerate(profiles):
        for name in {n.casefold() for n in (prof.show.label, *prof.show.aliases)}:
            by_name.setdefault(name, []).append(i)

    def match(article) -> list[Profile]:
        if article.show:
            return [profiles[i] for i in by_name.get(article.show.casefold(), ())]
        return profiles_for(article, profiles)
    return match
