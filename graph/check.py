"""The consistency report (``fankg check``): what in the merged graph of all articles
contradicts itself, breaks the vocabulary, or looks like one entity under two names.

Each check is a plain function ``graph -> list[Finding]``; :data:`CHECKS` lists them in report
order. Severities: ``error`` (the graph says two incompatible things, or breaks the edge
table), ``warning`` (worth a look), ``suggestion`` (a human decides, e.g. a possible merge).
``fankg check`` exits 1 when an error is found, so a writers' room can run it in CI.

Domain and range come from the edge table :data:`graph.model.EDGE_TYPES` rather than from
``graph/shapes.ttl``: the check runs on the networkx graph, fast, without pySHACL (a test-only
dependency); the SHACL shapes check the same rule on the RDF export.
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
from dataclasses import asdict, dataclass, field

import networkx as nx

from .desk import article_index, claim_rows, source_text
from .model import EDGE_TYPES, STATUS_RANK, slugify

SEVERITIES = ("error", "warning", "suggestion")
#: In-universe edges that make two characters a couple, or want to be one (love triangles).
ROMANTIC = ("partnerOf", "romanticInterest", "kissed")
#: Pairs of edges that cannot both hold for the same two entities at once.
EXCLUSIVE = (("partnerOf", "exPartnerOf"),)
STOPWORDS = frozenset({"the", "a", "an", "of", "and", "in", "on", "at", "de", "la", "le"})


@dataclass(frozen=True)
class Finding:
    """One problem in the graph, with the claims that show it."""

    kind: str
    severity: str
    message: str
    entities: tuple[str, ...] = ()
    evidence: tuple[dict, ...] = ()
    fix: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def to_dict(self) -> dict:
        by_severity = {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}
        return {"summary": {**self.counts, **by_severity}, "findings": [f.to_dict() for f in self.findings]}


# ---------------------------------------------------------------- helpers


def _label(g, node) -> str:
    return g.nodes[node]["label"]


def _live(g, s, o, p) -> list[dict]:
    """The claims of an edge that are not denials."""
    if not g.has_edge(s, o, key=p):
        return []
    return [c for c in g.edges[s, o, p]["claims"] if c["status"] != "denied"]


def _pair_edges(g, a, b, p) -> list[tuple[str, str, str]]:
    return [(s, o, p) for s, o in ((a, b), (b, a)) if g.has_edge(s, o, key=p)]


def _rows(g, edges, index, keep=None) -> tuple[dict, ...]:
    rows = []
    for s, o, p in edges:
        rows += [r for r in claim_rows(g, s, o, p, index) if keep is None or keep(r)]
    return tuple(rows)


def _strongest(claims) -> str:
    return max((c["status"] for c in claims), key=STATUS_RANK.__getitem__) if claims else ""


# ---------------------------------------------------------------- the checks


def exclusive_edges(g, index) -> list[Finding]:
    """The same pair both partners and ex-partners (error when both are confirmed)."""
    found = []
    for first, second in EXCLUSIVE:
        pairs = {tuple(sorted((s, o))) for s, o, p in g.edges(keys=True) if p == first}
        for a, b in sorted(pairs):
            one = [c for e in _pair_edges(g, a, b, first) for c in _live(g, *e)]
            two = [c for e in _pair_edges(g, a, b, second) for c in _live(g, *e)]
            if not one or not two:
                continue
            both_canon = _strongest(one) == _strongest(two) == "confirmed"
            found.append(Finding(
                "contradiction", "error" if both_canon else "warning",
                f"{_label(g, a)} and {_label(g, b)} are both {first} ({_strongest(one)}) and {second} "
                f"({_strongest(two)})",
                (a, b), _rows(g, _pair_edges(g, a, b, first) + _pair_edges(g, a, b, second), index,
                              lambda r: r["status"] != "denied"),
                "if the story moved on, say which season each holds for, or reject the stale edge "
                "in corrections.yaml"))
    return found


def confirmed_and_denied(g, index) -> list[Finding]:
    """An edge one source confirms and another denies."""
    found = []
    for s, o, p, data in sorted(g.edges(keys=True, data=True)):
        statuses = {c["status"] for c in data["claims"]}
        if {"confirmed", "denied"} <= statuses:
            found.append(Finding(
                "contradiction", "error",
                f"{_label(g, s)} {p} {_label(g, o)} is both confirmed and denied",
                (s, o), _rows(g, [(s, o, p)], index, lambda r: r["status"] in ("confirmed", "denied")),
                "reject or change the wrong claim in corrections.yaml"))
    return found


SEASON_RE = re.compile(r"\bseason\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b|"
                       r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+season\b", re.I)
_NUMBERS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten".split(), 1)}
_NUMBERS |= {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)}


def seasons_named(quote: str) -> set[int]:
    """The season numbers a sentence names.

    >>> sorted(seasons_named("In season 2, and in the third season, Nia plays Lou."))
    [2, 3]
    """
    found = set()
    for m in SEASON_RE.finditer(quote):
        word = (m.group(1) or m.group(2)).lower()
        found.add(int(word) if word.isdigit() else _NUMBERS[word])
    return found


def recast_characters(g, index) -> list[Finding]:
    """A character played by two actors, unless their sentences name different seasons."""
    found = []
    for node in sorted(n for n, t in g.nodes(data="type") if t == "Character"):
        actors = {s: _live(g, s, node, "plays") for s, _, p in g.in_edges(node, keys=True) if p == "plays"}
        actors = {s: claims for s, claims in actors.items() if claims}
        clashing = set()
        for x, y in itertools.combinations(sorted(actors), 2):
            sx = [seasons_named(c["quote"]) for c in actors[x]]
            sy = [seasons_named(c["quote"]) for c in actors[y]]
            apart = all(sx) and all(sy) and not set().union(*sx) & set().union(*sy)
            if not apart:
                clashing |= {x, y}
        if clashing:
            names = " and ".join(_label(g, a) for a in sorted(clashing))
            found.append(Finding(
                "two-actors", "error", f"{_label(g, node)} is played by {names}",
                (node, *sorted(clashing)), _rows(g, [(a, node, "plays") for a in sorted(clashing)], index,
                                                 lambda r: r["status"] != "denied"),
                "if the role was recast, name the season in the sentence; otherwise reject the wrong plays edge"))
    return found


def asymmetric_misuse(g, index) -> list[Finding]:
    """A one-way edge (bossOf, parentOf, ...) stated both ways, or from an entity to itself."""
    one_way = {n for n, e in EDGE_TYPES.items() if not e.symmetric and set(e.domain) & set(e.range)}
    found = []
    for s, o, p in sorted(g.edges(keys=True)):
        if p not in one_way or not _live(g, s, o, p):
            continue
        if s == o:
            found.append(Finding("one-way-edge", "error", f"{_label(g, s)} {p} itself", (s,),
                                 _rows(g, [(s, o, p)], index), "reject the edge in corrections.yaml"))
        elif s < o and g.has_edge(o, s, key=p) and _live(g, o, s, p):
            found.append(Finding(
                "one-way-edge", "error",
                f"{_label(g, s)} {p} {_label(g, o)} and {_label(g, o)} {p} {_label(g, s)}: {p} goes one way only",
                (s, o), _rows(g, [(s, o, p), (o, s, p)], index, lambda r: r["status"] != "denied"),
                "reject the wrong direction in corrections.yaml"))
    return found


def romance_graph(g) -> nx.Graph:
    """Characters joined when a non-denied romantic edge (:data:`ROMANTIC`) links them."""
    rg = nx.Graph()
    for s, o, p in g.edges(keys=True):
        if p in ROMANTIC and s != o and _live(g, s, o, p):
            rg.add_edge(s, o)
            rg.edges[s, o].setdefault("edges", []).append((s, o, p))
    return rg


def love_triangles(g) -> list[tuple[str, str, str]]:
    """Three characters where one is romantically linked to both others: (centre, one, other).

    Each set of three is given once, from its first centre in id order.
    """
    rg = romance_graph(g)
    seen, triangles = set(), []
    for centre in sorted(rg):
        for x, y in itertools.combinations(sorted(rg[centre]), 2):
            trio = frozenset((centre, x, y))
            if trio not in seen:
                seen.add(trio)
                triangles.append((centre, x, y))
    return triangles


def storylines(g) -> dict[str, set[str]]:
    """Storyline -> the characters involved in it (non-denied involvedIn edges)."""
    members: dict[str, set[str]] = {n: set() for n, t in g.nodes(data="type") if t == "Storyline"}
    for s, o, p in g.edges(keys=True):
        if p == "involvedIn" and o in members and _live(g, s, o, p):
            members[o].add(s)
    return members


def untold_triangles(g, index) -> list[Finding]:
    """Love triangles in the relationship graph that no Storyline names."""
    named = [m for m in storylines(g).values()]
    rg = romance_graph(g)
    found = []
    for centre, x, y in love_triangles(g):
        if any({centre, x, y} <= m for m in named):
            continue
        edges = rg.edges[centre, x]["edges"] + rg.edges[centre, y]["edges"]
        found.append(Finding(
            "untold-triangle", "warning",
            f"love triangle {_label(g, x)} – {_label(g, centre)} – {_label(g, y)} is not named by any Storyline",
            (centre, x, y), _rows(g, sorted(edges), index, lambda r: r["status"] != "denied"),
            "if it is one storyline, add an involvedIn edge from each of the three to it (corrections.yaml "
            "'add', with the sentence that names it)"))
    return found


def loose_storylines(g, index) -> list[Finding]:
    """Storylines whose members share no in-universe relationship edge."""
    related = {tuple(sorted((s, o))) for s, o, p in g.edges(keys=True)
               if p != "involvedIn" and getattr(EDGE_TYPES.get(p), "universe", False) and _live(g, s, o, p)}
    found = []
    for story, members in sorted(storylines(g).items()):
        if len(members) < 2:
            continue
        if any(tuple(sorted(pair)) in related for pair in itertools.combinations(members, 2)):
            continue
        names = ", ".join(_label(g, m) for m in sorted(members))
        found.append(Finding(
            "loose-storyline", "warning", f"storyline {_label(g, story)}: its members ({names}) have no "
            "relationship edge among them", (story, *sorted(members)),
            _rows(g, [(m, story, "involvedIn") for m in sorted(members)], index),
            "check who is really involved, or add the relationship the storyline is about"))
    return found


def _tokens(label: str) -> set[str]:
    return {t for t in slugify(label).split("-") if t and t not in STOPWORDS}


def _numbers(label: str) -> set[str]:
    return set(re.findall(r"\d+", label))


def same_entity_reason(a: dict, b: dict) -> str:
    """Why two nodes (their attribute dicts) may be one entity, or '' when they do not look alike.

    >>> same_entity_reason({"label": "Anne Lee", "aliases": []}, {"label": "Ann Lee", "aliases": []})
    'labels differ by a few letters'
    >>> same_entity_reason({"label": "Kay", "aliases": []}, {"label": "Kay Moss", "aliases": []})
    'one name is part of the other'
    """
    names_a = {slugify(a["label"]), *map(slugify, a.get("aliases", ()))}
    names_b = {slugify(b["label"]), *map(slugify, b.get("aliases", ()))}
    if _numbers(a["label"]) != _numbers(b["label"]):
        return ""  # Season 2 and Season 3 are not one season
    if names_a & names_b:
        return "they share a name or alias"
    ta, tb = _tokens(a["label"]), _tokens(b["label"])
    if ta and tb and (ta <= tb or tb <= ta):
        return "one name is part of the other"
    la, lb = slugify(a["label"]), slugify(b["label"])
    if min(len(la), len(lb)) >= 5:
        matcher = difflib.SequenceMatcher(None, la, lb)
        if matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
            return "labels differ by a few letters"
    return ""


def _candidate_pairs(g, nodes) -> list[tuple[str, str]]:
    """Pairs worth comparing: sharing a word, a name, or the first three letters (not all pairs,
    which would be slow on a big corpus)."""
    buckets: dict[str, set[str]] = {}
    for n in nodes:
        data = g.nodes[n]
        keys = _tokens(data["label"]) | {"=" + slugify(a) for a in (data["label"], *data.get("aliases", ()))}
        keys.add("^" + slugify(data["label"])[:3])
        for key in keys:
            buckets.setdefault(key, set()).add(n)
    pairs = {pair for members in buckets.values() for pair in itertools.combinations(sorted(members), 2)}
    return sorted(pairs)


def merge_suggestions(g, index) -> list[Finding]:
    """Entities that look like the same one under two labels. Suggestions only: never merged here."""
    found = []
    by_type: dict[str, list[str]] = {}
    by_label: dict[str, list[str]] = {}
    for node, kind in sorted(g.nodes(data="type")):
        by_type.setdefault(kind, []).append(node)
        by_label.setdefault(slugify(_label(g, node)), []).append(node)
    for nodes in by_type.values():
        for x, y in _candidate_pairs(g, nodes):
            reason = same_entity_reason(g.nodes[x], g.nodes[y])
            if not reason:
                continue
            # keep the better-attested one: more edges, then the longer label
            keep, drop = sorted((x, y), key=lambda n: (-g.degree(n), -len(_label(g, n)), n))
            found.append(Finding(
                "possible-duplicate", "suggestion",
                f"{_label(g, drop)} and {_label(g, keep)} may be one {g.nodes[x]['type']} ({reason})",
                (drop, keep), (),
                f"if so, add to corrections.yaml: - {{merge: {json.dumps(_label(g, drop))}, "
                f"into: {json.dumps(_label(g, keep))}}}"))
    for nodes in by_label.values():
        # one name typed two ways is often a typing slip (or a show named after its hero)
        for x, y in itertools.combinations(nodes, 2):
            found.append(Finding(
                "possible-duplicate", "suggestion",
                f"{_label(g, x)} is both a {g.nodes[x]['type']} ({x}) and a {g.nodes[y]['type']} ({y})",
                (x, y), (),
                f"if one is wrong, add to corrections.yaml: - {{merge: {y}, into: {x}}} (or the other way)"))
    return found


def domain_range(g, index) -> list[Finding]:
    """Edges whose subject or object type is outside the edge type's domain or range."""
    found = []
    for s, o, p in sorted(g.edges(keys=True)):
        edge = EDGE_TYPES.get(p)
        st, ot = g.nodes[s]["type"], g.nodes[o]["type"]
        if edge is None:
            found.append(Finding("domain-range", "error", f"{_label(g, s)} {p} {_label(g, o)}: {p!r} is not an "
                                 "edge type of the vocabulary", (s, o), _rows(g, [(s, o, p)], index),
                                 "use an edge type from VOCABULARY.md"))
            continue
        fits = st in edge.domain and ot in edge.range
        if not fits and edge.symmetric:
            fits = ot in edge.domain and st in edge.range
        if not fits:
            want = f"{'/'.join(edge.domain)} -> {'/'.join(edge.range)}"
            found.append(Finding(
                "domain-range", "error",
                f"{_label(g, s)} ({st}) {p} {_label(g, o)} ({ot}): {p} goes {want}",
                (s, o), _rows(g, [(s, o, p)], index),
                "fix the entity's type (merge it into the right one) or the edge type in corrections.yaml"))
    return found


#: Every check, in report order.
CHECKS = (exclusive_edges, confirmed_and_denied, recast_characters, asymmetric_misuse, domain_range,
          untold_triangles, loose_storylines, merge_suggestions)


def stale_corrections(warnings) -> list[Finding]:
    """Corrections-file entries that no longer match anything (they are kept, and reported)."""
    return [Finding("stale-correction", "warning", str(w), (), (),
                    "update or remove the entry in the corrections file") for w in warnings]


def check_graph(g: nx.MultiDiGraph, articles=(), correction_warnings=()) -> Report:
    """Run every check on the merged graph; findings sorted by severity, then kind order."""
    index = article_index(articles)
    findings = [f for check in CHECKS for f in check(g, index)] + stale_corrections(correction_warnings)
    findings.sort(key=lambda f: SEVERITIES.index(f.severity))
    counts = {"articles": len(index), "entities": g.number_of_nodes(), "edges": g.number_of_edges()}
    return Report(findings, counts)


def format_report(report: Report) -> str:
    """The report as text: a summary line, then each finding with the quotes that show it."""
    summary = report.to_dict()["summary"]
    head = (f"fankg check: {summary['error']} error(s), {summary['warning']} warning(s), "
            f"{summary['suggestion']} suggestion(s) in {summary.get('articles', 0)} article(s), "
            f"{summary['entities']} entities, {summary['edges']} edges")
    lines = [head]
    for f in report.findings:
        lines += ["", f"{f.severity.upper()} {f.kind}: {f.message}"]
        for r in f.evidence:
            source = source_text(r)
            lines.append(f"  {r['status']:<10} {r['subject']} {r['predicate']} {r['object']}: \"{r['quote']}\" "
                         f"({source})")
        if f.fix:
            lines.append(f"  -> {f.fix}")
    if not report.findings:
        lines += ["", "no findings: the graph is consistent"]
    return "\n".join(lines) + "\n"
