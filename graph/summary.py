"""Summaries of the claims, worked out once at export time so that big graphs answer fast.

An ``fk:Conflict`` is an edge that one article tells with one status and another article with
a different one (a hint later confirmed, a fact denied elsewhere). Finding them in SPARQL means
reading every claim twice, seconds on a 10,000-article graph; here it is one pass over the
edges. A conflict states its edge (``rdf:subject``, ``rdf:predicate``, ``rdf:object``) and one
``fk:ConflictSide`` per status the edge is told with, and how many articles tell it so.

``fk:romanticallyLinked`` links two characters that some claim, in any status but denied,
calls romantic (ROMANTIC_EDGES), stated both ways: a love triangle is then two links from the
same character, where SPARQL over the claims needs four passes over them. Nothing here is
stated that the claims do not say.

>>> from graph.build import build_graph
>>> from graph.model import Claim, Entity, Evidence
>>> a, b = Entity.make("Ann", "Character"), Entity.make("Kay", "Character")
>>> g = build_graph([Claim(a, "partnerOf", b, "confirmed", Evidence("one", "Ann and Kay wed.", 0, 16)),
...                  Claim(a, "partnerOf", b, "denied", Evidence("two", "Ann never wed Kay.", 0, 18))])
>>> [edge for edge, sides in conflicts(g)]
[('character/ann', 'partnerOf', 'character/kay')]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import networkx as nx
from rdflib import RDF, Literal, URIRef

from .model import STATUSES
from .namespace import FK, STATUS_TERMS

#: The edge types that make two characters romantically linked (see love-triangles.rq).
ROMANTIC_EDGES = ("romanticInterest", "partnerOf", "exPartnerOf", "kissed")


def conflicts(g: nx.MultiDiGraph) -> Iterator[tuple[tuple[str, str, str], dict[str, set[str]]]]:
    """Each conflicting edge ``(s, p, o)`` with the articles that tell it, by status (every
    status it is told with, in STATUSES order), in edge order.

    An edge conflicts when two of its claims have different statuses and come from different
    articles; one article that says two things is not a disagreement between articles.
    """
    for s, o, p, records in sorted(g.edges(keys=True, data="claims")):
        articles: dict[str, set[str]] = {}
        for rec in records:
            articles.setdefault(rec["status"], set()).add(rec["article"])
        told = list(articles)
        if any(len(articles[x] | articles[y]) > 1 for i, x in enumerate(told) for y in told[i + 1:]):
            yield (s, p, o), {status: articles[status] for status in STATUSES if status in articles}


def romantic_links(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Every ``(a, b)`` that a romantic claim other than a denial links, both ways, sorted.

    >>> from graph.build import build_graph
    >>> from graph.model import Claim, Entity, Evidence
    >>> a, b = Entity.make("Ann", "Character"), Entity.make("Kay", "Character")
    >>> romantic_links(build_graph([Claim(a, "kissed", b, "hinted", Evidence("one", "Ann may kiss Kay.", 0, 17))]))
    [('character/ann', 'character/kay'), ('character/kay', 'character/ann')]
    """
    links = set()
    for s, o, p, records in g.edges(keys=True, data="claims"):
        if p in ROMANTIC_EDGES and s != o and any(rec["status"] != "denied" for rec in records):
            links.update(((s, o), (o, s)))
    return sorted(links)


def conflict_iri(base: str, s: str, p: str, o: str) -> URIRef:
    digest = hashlib.sha1("\x1f".join((s, p, o)).encode("utf-8")).hexdigest()[:16]
    return URIRef(f"{base}conflict/{digest}")


def summary_statements(g: nx.MultiDiGraph, base: str) -> Iterator[tuple]:
    """The summaries as ``(s, p, o, None)`` statements of the default graph, in a stable order."""
    from .rdf import node_iri  # graph.rdf imports this module

    for a, b in romantic_links(g):
        yield node_iri(base, a), FK.romanticallyLinked, node_iri(base, b), None
    for (s, p, o), sides in conflicts(g):
        conflict = conflict_iri(base, s, p, o)
        yield conflict, RDF.type, FK.Conflict, None
        yield conflict, RDF.subject, node_iri(base, s), None
        yield conflict, RDF.predicate, FK[p], None
        yield conflict, RDF.object, node_iri(base, o), None
        for status in sides:
            yield conflict, FK.side, URIRef(f"{conflict}/{status}"), None
        for status, articles in sides.items():
            side = URIRef(f"{conflict}/{status}")
            yield side, RDF.type, FK.ConflictSide, None
            yield side, FK.sideStatus, STATUS_TERMS[status], None
            yield side, FK.articleCount, Literal(len(articles)), None
