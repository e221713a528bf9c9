"""Merge claims into one typed networkx MultiDiGraph.

Nodes are entity ids with ``label``, ``type`` and ``aliases``. There is one edge per
(subject, predicate, object) -- the edge key is the predicate -- carrying every claim that
states it (``claims``, plain dicts) and its strongest ``status``.
"""

from __future__ import annotations

import networkx as nx

from .model import STATUS_RANK, Claim, strongest


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
    for (s, p, o), claim in sorted(((c.key(), c) for c in claims), key=_claim_order):
        for ent in (claim.subject, claim.object):
            if ent.id in aliases:
                aliases[ent.id].update(ent.aliases)
            else:
                aliases[ent.id] = set(ent.aliases)
                g.add_node(ent.id, label=ent.label, type=ent.type)
        record = claim_record(claim)
        if g.has_edge(s, o, key=p):
            data = g.edges[s, o, p]
            data["claims"].append(record)
            data["status"] = strongest([data["status"], claim.status])
            data["corrected"] = data["corrected"] or claim.corrected
        else:
            g.add_edge(s, o, key=p, predicate=p, status=claim.status, claims=[record], corrected=claim.corrected)
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


def _claim_order(keyed: tuple[tuple[str, str, str], Claim]):
    key, claim = keyed
    ev = claim.evidence
    return (key, ev.article_id, ev.start, -STATUS_RANK[claim.status], claim.status)


def status_counts(g: nx.MultiDiGraph) -> dict[str, int]:
    counts = {s: 0 for s in STATUS_RANK}
    for _, _, data in g.edges(data=True):
        counts[data["status"]] += 1
    return counts
