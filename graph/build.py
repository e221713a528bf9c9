"""Merge claims into one typed networkx MultiDiGraph.

Nodes are entity ids with ``label``, ``type`` and ``aliases``. There is one edge per
(subject, predicate, object) -- the edge key is the predicate -- carrying every claim that
states it (``claims``, plain dicts) and its strongest ``status``.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from .memory import gc_paused
from .model import STATUS_RANK, Claim


def build_graph(claims) -> nx.MultiDiGraph:
    """The graph of some claims.

    >>> from graph.model import Entity, Evidence, Claim
    >>> a, b = Entity.make("Ann Lee", "Person"), Entity.make("Kay", "Character")
    >>> ev = Evidence("art", "Ann Lee plays Kay.", 0, 18)
    >>> g = build_graph([Claim(a, "plays", b, "confirmed", ev)])
    >>> g.edges["person/ann-lee", "character/kay", "plays"]["status"]
    'confirmed'
    """
    g = nx.MultiDiGraph()
    aliases: dict[str, set] = {}
    edges: dict[tuple[str, str, str], dict] = {}
    by_edge: dict[tuple[str, str, str], list[Claim]] = {}
    for claim in claims:
        by_edge.setdefault(claim.key(), []).append(claim)
    with gc_paused():  # a record per claim: hundreds of thousands of small dicts, no cycles
        for key, claim in _in_order(by_edge):
            for ent in (claim.subject, claim.object):
                if ent.id in aliases:
                    aliases[ent.id].update(ent.aliases)
                else:
                    aliases[ent.id] = set(ent.aliases)
                    g.add_node(ent.id, label=ent.label, type=ent.type)
            record = claim_record(claim)
            data = edges.get(key)
            if data is None:
                s, p, o = key
                g.add_edge(s, o, key=p, predicate=p, status=claim.status, claims=[record], corrected=claim.corrected)
                edges[key] = g[s][o][p]
            else:
                data["claims"].append(record)
                if STATUS_RANK[claim.status] > STATUS_RANK[data["status"]]:  # the strongest; the first of equals
                    data["status"] = claim.status
                data["corrected"] = data["corrected"] or claim.corrected
    for node, names in aliases.items():
        g.nodes[node]["aliases"] = sorted(names)
    return g


def claim_record(claim: Claim) -> dict:
    ev = claim.evidence
    return {
        "status": claim.status,
        "article": ev.article_id,
        "quote": ev.quote,
        "start": ev.start,
        "end": ev.end,
        "speaker": ev.speaker,
        "outlet": ev.outlet,
        "corrected": claim.corrected,
        "note": ev.note,
    }


def _in_order(by_edge: dict[tuple[str, str, str], list[Claim]]) -> Iterator[tuple[tuple[str, str, str], Claim]]:
    """Every claim with its edge: edges sorted, then an edge's claims by article, position and
    strongest status first (sorting the edges first is much cheaper than sorting all claims)."""
    for key in sorted(by_edge):
        for claim in sorted(by_edge[key], key=_claim_order):
            yield key, claim


def _claim_order(claim: Claim):
    ev = claim.evidence
    return (ev.article_id, ev.start, -STATUS_RANK[claim.status], claim.status)


def status_counts(g: nx.MultiDiGraph) -> dict[str, int]:
    counts = {s: 0 for s in STATUS_RANK}
    for _, _, data in g.edges(data=True):
        counts[data["status"]] += 1
    return counts
