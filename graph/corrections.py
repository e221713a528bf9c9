"""Hand corrections that survive rebuilds: a YAML file next to the articles (``corrections.yaml``
or ``<name>.corrections.yaml``) that every build applies after extraction.

A corrections file is a list of entries, each with one action::

    - reject: [Rae Quinn, created, Old Harbour]  # drop an edge (all its claims)
      article: 2024-03-premiere                   # optional: only this article's claims
      note: Old Harbour is a different show's credit
    - change: [Bo Ray, plays, Tom Reed]           # give an edge's claims another status
      status: hinted
      note: only teased so far
    - add: [Kay Moss, partnerOf, Tom Reed]         # add an edge backed by a sentence
      quote: Kay Moss and Tom Reed are dating.     # must be a sentence of the article
      article: desk-march                          # optional when only one article has the quote
      status: confirmed                            # default: confirmed
      note: the extractor missed this sentence
    - merge: Kay                                   # one entity is another: keep the second
      into: Kay Moss

Names are matched by label, alias or id, ignoring case and accents. The file is never
rewritten; an entry that no longer matches anything (the articles changed) is reported as a
warning on every build, so a correction is never silently lost. Corrected claims carry
``corrected=True`` and the entry's ``note``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .errors import BadCorrections
from .model import EDGE_TYPES, NODE_TYPES, STATUSES, Claim, Entity, Evidence, slugify

ACTIONS = ("reject", "change", "add", "merge")
#: Keys each action allows besides its own.
ALLOWED_KEYS = {
    "reject": {"article", "note"},
    "change": {"status", "article", "note"},
    "add": {"status", "quote", "article", "speaker", "outlet", "subject_type", "object_type", "note"},
    "merge": {"into", "type", "note"},
}
FORMAT_HINT = "see 'Corrections' in README.md"


@dataclass(frozen=True)
class Correction:
    """One entry of a corrections file, validated."""

    action: str
    path: str
    line: int
    edge: tuple[str, str, str] = ("", "", "")  # reject / change / add
    status: str = ""
    article: str = ""
    quote: str = ""
    speaker: str = ""
    outlet: str = ""
    subject_type: str = ""
    object_type: str = ""
    merge: str = ""  # merge: this entity ...
    into: str = ""  # ... into this one
    type: str = ""
    note: str = ""

    @property
    def where(self) -> str:
        return f"{self.path} line {self.line}"

    def describe(self) -> str:
        if self.action == "merge":
            return f"merge {self.merge!r} into {self.into!r}"
        return f"{self.action} [{', '.join(self.edge)}]"


@dataclass(frozen=True)
class CorrectionWarning:
    """A correction that could not be applied (it matches nothing, or is ambiguous)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path} line {self.line}: {self.message}"


@dataclass
class Applied:
    """The claims after corrections, and the corrections that did not apply."""

    claims: list[Claim]
    warnings: list[CorrectionWarning] = field(default_factory=list)


# ---------------------------------------------------------------- reading and validating


class _Entry(dict):
    line = 0


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping (for error messages)."""


def _construct_entry(loader, node):
    entry = _Entry(loader.construct_mapping(node, deep=True))
    entry.line = node.start_mark.line + 1
    return entry


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_entry)


def load_corrections(path) -> list[Correction]:
    """Read and validate one corrections file; a malformed one raises :class:`BadCorrections`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise BadCorrections(f"{path}: cannot be read as UTF-8 text ({err}); re-save it as UTF-8") from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        problem = f" ({err.problem})" if getattr(err, "problem", None) else ""
        raise BadCorrections(f"{path}{at}: broken YAML{problem}; fix the syntax, {FORMAT_HINT}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise BadCorrections(f"{path}: must be a list of entries ('- reject: ...', '- add: ...'); {FORMAT_HINT}")
    return [_validate(entry, path, i) for i, entry in enumerate(data, 1)]


def _validate(entry, path: Path, number: int) -> Correction:
    line = getattr(entry, "line", 0)
    where = f"{path} line {line}" if line else f"{path} entry #{number}"

    def fail(msg):
        raise BadCorrections(f"{where}: {msg}; {FORMAT_HINT}")

    if not isinstance(entry, dict):
        fail("each entry must be a mapping such as '- reject: [Subject, predicate, Object]'")
    actions = [a for a in ACTIONS if a in entry]
    if len(actions) != 1:
        found = f"found {', '.join(actions)}" if actions else "found none"
        fail(f"each entry needs exactly one of {', '.join(ACTIONS)} ({found})")
    action = actions[0]
    unknown = sorted(set(map(str, entry)) - {action} - ALLOWED_KEYS[action])
    if unknown:
        fail(f"unknown key {unknown[0]!r} for {action}; allowed: {', '.join(sorted(ALLOWED_KEYS[action]))}")

    def text(key, required=False):
        value = entry.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                fail(f"{action} needs '{key}'")
            return ""
        if isinstance(value, (dict, list)):
            fail(f"'{key}' must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
        return str(value).strip()

    def node_type(key):
        value = text(key)
        if value and value not in NODE_TYPES:
            fail(f"{key} {value!r} is not a node type; use one of {', '.join(NODE_TYPES)}")
        return value

    fields = {"action": action, "path": str(path), "line": line, "note": text("note")}
    if action == "merge":
        return Correction(**fields, merge=text("merge", True), into=text("into", True), type=node_type("type"))
    edge = entry[action]
    if not (isinstance(edge, list) and len(edge) == 3 and all(isinstance(x, str) and x.strip() for x in edge)):
        fail(f"{action} takes an edge as [Subject, predicate, Object], e.g. [Kay Moss, partnerOf, Tom Reed]")
    subject, predicate, obj = (x.strip() for x in edge)
    if predicate not in EDGE_TYPES:
        close = difflib.get_close_matches(predicate, EDGE_TYPES, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "see the edge table in VOCABULARY.md"
        fail(f"unknown edge type {predicate!r}; {hint}")
    status = text("status", required=action == "change") or "confirmed"
    if status not in STATUSES:
        fail(f"status {status!r} is not one of {', '.join(STATUSES)}")
    fields.update(edge=(subject, predicate, obj), article=text("article"))
    if action == "reject":
        return Correction(**fields)
    if action == "change":
        return Correction(**fields, status=status)
    return Correction(**fields, status=status, quote=text("quote", True), speaker=text("speaker"),
                      outlet=text("outlet"), subject_type=node_type("subject_type"),
                      object_type=node_type("object_type"))


# ---------------------------------------------------------------- applying


def names_of(entity: Entity) -> set[str]:
    """The normalised names an entity answers to: label, aliases and id."""
    return {slugify(entity.label), entity.id.casefold(), *(slugify(a) for a in entity.aliases)}


def _answers(entity: Entity, name: str) -> bool:
    return slugify(name) in names_of(entity) or name.casefold() == entity.id.casefold()


def _article_ids(articles) -> dict[str, str]:
    """Every name an article can be given by in a corrections file -> its id."""
    ids: dict[str, str] = {}
    for a in articles:
        for name in (a.id, Path(a.path).name if a.path else "", Path(a.path).stem if a.path else ""):
            if name:
                ids.setdefault(name.casefold(), a.id)
    return ids


def _edge_matches(claim: Claim, corr: Correction) -> bool:
    subject, predicate, obj = corr.edge
    if claim.predicate != predicate:
        return False
    if _answers(claim.subject, subject) and _answers(claim.object, obj):
        return True
    return EDGE_TYPES[predicate].symmetric and _answers(claim.subject, obj) and _answers(claim.object, subject)


def apply_corrections(claims, articles, corrections) -> Applied:
    """Apply corrections to extracted claims: merges first, then rejects, changes and adds.

    >>> from graph.model import Article, Entity, Evidence, Claim
    >>> art = Article("a", "Ann Lee stars as Kay. Kay and Tom are dating.")
    >>> ann, kay = Entity.make("Ann Lee", "Person"), Entity.make("Kay", "Character")
    >>> plays = Claim(ann, "plays", kay, "confirmed", Evidence("a", "Ann Lee stars as Kay.", 0, 21))
    >>> add = Correction("add", "c.yaml", 1, edge=("Kay", "partnerOf", "Tom"), status="confirmed",
    ...                  quote="Kay and Tom are dating.")
    >>> out = apply_corrections([plays], [art], [add])
    >>> [(c.predicate, c.object.label, c.corrected, c.evidence.start) for c in out.claims]
    [('plays', 'Kay', False, 0), ('partnerOf', 'Tom', True, 22)]
    """
    claims = list(claims)
    warnings: list[CorrectionWarning] = []
    article_ids = _article_ids(articles)
    by_id = {a.id: a for a in articles}
    order = {"merge": 0, "reject": 1, "change": 2, "add": 3}
    for corr in sorted(corrections, key=lambda c: order[c.action]):

        def warn(msg, corr=corr):
            warnings.append(CorrectionWarning(corr.path, corr.line, f"{corr.describe()} {msg}"))

        article_id = ""
        if corr.article:
            article_id = article_ids.get(corr.article.casefold(), "")
            if not article_id:
                warn(f"names article {corr.article!r}, which is not in this corpus; fix the article id "
                     f"or remove the entry")
                continue
        if corr.action == "merge":
            claims = _merge(claims, corr, warn)
        elif corr.action in ("reject", "change"):
            hits = [i for i, c in enumerate(claims)
                    if _edge_matches(c, corr) and (not article_id or c.evidence.article_id == article_id)]
            if not hits:
                warn("matches no edge any more; the articles may have changed: update or remove the entry")
                continue
            if corr.action == "reject":
                drop = set(hits)
                claims = [c for i, c in enumerate(claims) if i not in drop]
            else:
                for i in hits:
                    claims[i] = _corrected(claims[i], corr, status=corr.status)
        else:
            claims = _add(claims, corr, article_id, articles, by_id, warn)
    return Applied(claims, warnings)


def _corrected(claim: Claim, corr: Correction, **changes) -> Claim:
    verb = {"reject": "rejected", "change": "changed", "add": "added", "merge": "merged"}[corr.action]
    note = corr.note or f"{verb} by hand ({Path(corr.path).name} line {corr.line})"
    return replace(claim, corrected=True, evidence=replace(claim.evidence, note=note), **changes)


def _entities(claims) -> dict[str, Entity]:
    found: dict[str, Entity] = {}
    for c in claims:
        for ent in (c.subject, c.object):
            prev = found.get(ent.id)
            found[ent.id] = prev.with_aliases(ent.aliases) if prev else ent
    return found


def _lookup(entities: dict[str, Entity], name: str, types=()) -> list[Entity]:
    """Entities answering to ``name`` (of one of ``types`` if given); exact labels win over aliases."""
    pool = [e for e in entities.values() if not types or e.type in types]
    exact = [e for e in pool if slugify(e.label) == slugify(name) or e.id.casefold() == name.casefold()]
    return sorted(exact or [e for e in pool if _answers(e, name)], key=lambda e: e.id)


def _merge(claims, corr: Correction, warn) -> list[Claim]:
    entities = _entities(claims)
    types = (corr.type,) if corr.type else ()
    found = []
    for name in (corr.merge, corr.into):
        hits = _lookup(entities, name, types)
        if not hits:
            warn(f"not applied: no entity is named {name!r} any more; update or remove the entry")
            return claims
        if len(hits) > 1:
            kinds = ", ".join(f"{e.label} ({e.type})" for e in hits)
            warn(f"not applied: {name!r} could be {kinds}; add 'type:' to the entry")
            return claims
        found.append(hits[0])
    gone, kept = found
    if gone.id == kept.id:
        warn("does nothing: both names are the same entity already; remove the entry")
        return claims
    kept = kept.with_aliases([gone.label, *gone.aliases])

    def swap(ent):
        return kept if ent.id in (gone.id, kept.id) else ent

    return [replace(c, subject=swap(c.subject), object=swap(c.object)) for c in claims]


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text``, allowing different runs of white space.

    >>> find_quote("Kay and  Tom\\nare dating.", "Kay and Tom are dating.")
    (0, 24)
    """
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    words = quote.split()
    if not words:
        return None
    m = re.search(r"\s+".join(map(re.escape, words)), text)
    return (m.start(), m.end()) if m else None


def _endpoint(entities, name: str, given_type: str, allowed: tuple[str, ...]) -> Entity | None:
    types = (given_type,) if given_type else allowed
    hits = _lookup(entities, name, types)
    if hits:
        return hits[0]
    if given_type or len(allowed) == 1:
        return Entity.make(name, given_type or allowed[0])
    return None


def _add(claims, corr: Correction, article_id: str, articles, by_id, warn) -> list[Claim]:
    candidates = [by_id[article_id]] if article_id else list(articles)
    spots = [(a, span) for a in candidates if (span := find_quote(a.text, corr.quote))]
    if not spots:
        where = f"article {article_id!r}" if article_id else "any article"
        warn(f"not applied: its quote is not in {where}; copy the sentence exactly from the article")
        return claims
    if len(spots) > 1:
        ids = ", ".join(a.id for a, _ in spots)
        warn(f"not applied: its quote is in several articles ({ids}); add 'article:' to the entry")
        return claims
    article, (start, end) = spots[0]
    subject_name, predicate, object_name = corr.edge
    edge = EDGE_TYPES[predicate]
    entities = _entities(claims)
    subject = _endpoint(entities, subject_name, corr.subject_type, edge.domain)
    obj = _endpoint(entities, object_name, corr.object_type, edge.range)
    if subject is None or obj is None:
        side, name = ("subject", subject_name) if subject is None else ("object", object_name)
        warn(f"not applied: {name!r} is not in the graph; add '{side}_type:' so it can be created")
        return claims
    evidence = Evidence(article.id, article.text[start:end], start, end, corr.speaker, corr.outlet)
    new = _corrected(Claim(subject, predicate, obj, corr.status, evidence), corr)
    # the extractor may already have found this edge in this sentence: correct it, do not repeat it
    for i, c in enumerate(claims):
        ev = c.evidence
        if c.key() == new.key() and ev.article_id == article.id and ev.start < end and start < ev.end:
            claims[i] = _corrected(c, corr, status=corr.status)
            return claims
    return [*claims, new]


def apply_corrections_files(claims, articles, paths) -> Applied:
    """Read every corrections file (in the order given) and apply them all to ``claims``."""
    corrections = [corr for path in paths for corr in load_corrections(path)]
    return apply_corrections(claims, articles, corrections)
