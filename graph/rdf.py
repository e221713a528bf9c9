"""The graph as RDF: typed nodes, plain triples for confirmed edges, and one ``fk:Claim``
resource per claim (whatever its status) carrying status, quote, speaker, outlet and source.

A naive query such as ``?a fk:plays ?b`` therefore sees facts only; hints and speculation are
reached through their claims.
"""

from __future__ import annotations

import hashlib

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from .model import Article
from .namespace import DEFAULT_BASE, FK

STATUS_TERMS = {"confirmed": FK.Confirmed, "hinted": FK.Hinted, "speculated": FK.Speculated, "denied": FK.Denied}


def node_iri(base: str, node_id: str) -> URIRef:
    return URIRef(base + node_id)


def to_rdf(g: nx.MultiDiGraph, articles=(), base: str = DEFAULT_BASE) -> Graph:
    """An rdflib Graph of the networkx graph ``g`` and the articles its claims cite."""
    rdf = Graph()
    rdf.bind("fk", FK._NS)
    rdf.bind("prov", PROV)
    rdf.bind("fkr", Namespace(base))
    for node, data in sorted(g.nodes(data=True)):
        iri = node_iri(base, node)
        rdf.add((iri, RDF.type, FK[data["type"]]))
        rdf.add((iri, RDFS.label, Literal(data["label"])))
        for alias in data.get("aliases", ()):
            rdf.add((iri, FK.alias, Literal(alias)))
    for article in articles:
        rdf.add((article_iri(base, article), RDFS.label, Literal(article.title or article.id)))
    by_id = {a.id: a for a in articles}
    for s, o, p, data in sorted(g.edges(keys=True, data=True)):
        subj, obj, pred = node_iri(base, s), node_iri(base, o), FK[p]
        if data["status"] == "confirmed":
            rdf.add((subj, pred, obj))
        for rec in data["claims"]:
            claim = claim_iri(base, s, p, o, rec)
            rdf.add((claim, RDF.type, FK.Claim))
            rdf.add((claim, RDF.subject, subj))
            rdf.add((claim, RDF.predicate, pred))
            rdf.add((claim, RDF.object, obj))
            rdf.add((claim, FK.status, STATUS_TERMS[rec["status"]]))
            rdf.add((claim, FK.quote, Literal(rec["quote"])))
            rdf.add((claim, FK.startOffset, Literal(rec["start"], datatype=XSD.integer)))
            rdf.add((claim, FK.endOffset, Literal(rec["end"], datatype=XSD.integer)))
            if rec["speaker"]:
                rdf.add((claim, FK.speaker, Literal(rec["speaker"])))
            if rec["outlet"]:
                rdf.add((claim, FK.outlet, Literal(rec["outlet"])))
            art = by_id.get(rec["article"])
            rdf.add((claim, PROV.wasDerivedFrom, article_iri(base, art) if art else URIRef(base + "article/" + rec["article"])))
    return rdf


def article_iri(base: str, article: Article) -> URIRef:
    return URIRef(base + "article/" + article.id)


def claim_iri(base: str, s: str, p: str, o: str, rec: dict) -> URIRef:
    digest = hashlib.sha1(f"{s}|{p}|{o}|{rec['article']}|{rec['start']}|{rec['status']}".encode()).hexdigest()[:16]
    return URIRef(base + "claim/" + digest)
