"""The graph as RDF: typed nodes, plain triples for confirmed edges only, and one ``fk:Claim``
per claim (whatever its status) with its status, quote, speaker, outlet and article.

A naive query such as ``?a fk:plays ?b`` therefore sees facts only; hints, speculation and
denials are reached through their claims (``?c rdf:predicate fk:plays ; fk:status ?s``).

The export also carries the ontology (``graph/ontology.ttl``), so it describes itself. In the
dataset form (:func:`to_dataset`, written as TriG) each article is a named graph holding the
article's description and its claims; everything else is in the default graph.

>>> from graph.build import build_graph
>>> from graph.model import Claim, Entity, Evidence
>>> a, b = Entity.make("Ann Lee", "Person"), Entity.make("Kay", "Character")
>>> c = Claim(a, "plays", b, "hinted", Evidence("art", "Ann Lee might play Kay.", 0, 23))
>>> g = to_rdf(build_graph([c]), with_ontology=False)
>>> (node_iri(DEFAULT_BASE, a.id), FK.plays, node_iri(DEFAULT_BASE, b.id)) in g
False
>>> len(list(g.subjects(RDF.type, FK.Claim)))
1
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from importlib import resources
from typing import NamedTuple
from urllib.parse import quote

import networkx as nx
import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import FOAF, PROV, SKOS
from rdflib.term import Node

from .errors import BadInput
from .model import EDGE_TYPES, NODE_TYPES, Article, Entity, slugify
from .namespace import DEFAULT_BASE, FK, SCHEMA, STATUS_TERMS, VOCAB_PREFIXES, bind_prefixes, data_prefixes, is_iri
from .serialize import OxTerms, from_ox, write_rdf
from .summary import summary_statements

Quad = tuple[Node, Node, Node, URIRef | None]  # rdflib terms; graph None = the default graph


# ---------------------------------------------------------------- IRIs


def _segment(text: str) -> str:
    """Percent-encode what may not stand in an IRI path segment; letters of any script stay."""
    return "".join(ch if ch.isalnum() or ch in "-._~" else quote(ch, safe="") for ch in text)


@functools.lru_cache(maxsize=1 << 16)
def node_iri(base: str, node_id: str) -> URIRef:
    """The IRI of a node: the base followed by its id (``<type>/<slug>``)."""
    return URIRef(base + "/".join(_segment(part) for part in node_id.split("/")))


def article_iri(base: str, article_id: str) -> URIRef:
    return URIRef(f"{base}article/{_segment(article_id)}")


def claim_iri(base: str, s: str, p: str, o: str, rec: dict) -> URIRef:
    """A stable IRI for one claim: a digest of the edge and of everything its evidence says."""
    fields = (s, p, o, rec.get("article", ""), rec.get("start", ""), rec.get("end", ""), rec.get("status", ""),
              rec.get("speaker") or "", rec.get("outlet") or "", rec.get("quote", ""))
    digest = hashlib.sha1("\x1f".join(map(str, fields)).encode("utf-8")).hexdigest()[:16]
    return URIRef(f"{base}claim/{digest}")


def agent_iri(base: str, name: str) -> URIRef:
    return node_iri(base, "agent/" + slugify(name))


# ---------------------------------------------------------------- the ontology and the shapes


@functools.cache
def ontology() -> Graph:
    """``graph/ontology.ttl``, with its blank nodes given stable labels (for byte-identical files)."""
    text = resources.files("graph").joinpath("ontology.ttl").read_text(encoding="utf-8")
    return _canonical(Graph().parse(data=text, format="turtle"))


@functools.cache
def shapes() -> Graph:
    """``graph/shapes.ttl``: the SHACL shapes of a valid export."""
    text = resources.files("graph").joinpath("shapes.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def _canonical(g: Graph) -> Graph:
    out = Graph()
    for triple in to_canonical_graph(g):
        out.add(triple)
    return out


# ---------------------------------------------------------------- model -> quads


def to_quads(g: nx.MultiDiGraph, articles: Iterable[Article] = (), base: str = DEFAULT_BASE,
             with_ontology: bool = True) -> Iterator[ox.Quad]:
    """Every statement of the export as a pyoxigraph quad; its graph is the default graph or,
    for an article's description and claims, the article's IRI.

    They come grouped, so writers can stream them: the ontology, then each node with its
    confirmed facts, then speakers and outlets that are not nodes (default graph), then each
    article's graph: its description and its claims. A subject's statements are together, no
    statement comes twice, and the order is the same on every run. Claims, millions on a big
    corpus, are made as Oxigraph terms directly; the rest goes through rdflib terms.
    """
    head, parts = rdf_parts(g, articles, base, with_ontology)
    yield from head
    for part in parts:
        yield from part.quads()


class Part(NamedTuple):
    """The statements of one article's graph, and a digest of everything they are made from:
    two builds that give a part the same key give it the same statements."""

    key: str
    quads: Callable[[], Iterator[ox.Quad]]


def rdf_parts(g: nx.MultiDiGraph, articles: Iterable[Article] = (), base: str = DEFAULT_BASE,
              with_ontology: bool = True) -> tuple[Iterator[ox.Quad], list[Part]]:
    """The statements of :func:`to_quads` as the default graph's (made as they are read) and
    one :class:`Part` per article, in article order."""
    articles = sorted(articles, key=lambda a: a.id)
    claims = _claims_by_article(g)
    names = _Names(g, base)
    names.resolve(articles, claims)  # before any node is written: a node may be a speaker
    terms = OxTerms()

    def default_graph():
        if with_ontology:
            for s, p, o in sorted(ontology()):
                yield s, p, o, None
        for node, data in sorted(g.nodes(data=True)):
            yield from _node_quads(base, g, node, data, names)
        yield from names.quads()
        yield from summary_statements(g, base)

    def article_graph(article: Article | None, article_id: str, records) -> Iterator[ox.Quad]:
        if article is not None:
            yield from terms.quads(_article_quads(base, article, names))
        yield from _article_claims(base, article_id, records, names, terms)

    parts = []
    by_id = {a.id: a for a in articles}
    # the articles, then claims of an article not in the corpus
    for article_id in [a.id for a in articles] + sorted(set(claims) - set(by_id)):
        article, records = by_id.get(article_id), claims.get(article_id, [])
        parts.append(Part(_part_key(base, article, article_id, records, names),
                          functools.partial(article_graph, article, article_id, records)))
    return terms.quads(default_graph()), parts


def _part_key(base: str, article: Article | None, article_id: str, records, names) -> str:
    """A digest of what an article's graph is made from: the article's description, its claims
    and the IRIs its speakers, outlets and show resolve to (those depend on the whole graph)."""
    described = None
    if article is not None:
        described = (article.title, article.url, article.date, article.outlet, article.show,
                     str(names.outlet(article.outlet)) if article.outlet else "",
                     str(names.show(article.show) or "") if article.show else "")
    resolved = [(str(names.speaker(rec["speaker"])) if rec.get("speaker") else "",
                 str(names.outlet(rec["outlet"])) if rec.get("outlet") else "") for _, rec in records]
    text = repr((_PART_FORMAT, base, article_id, described, records, resolved))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


#: change when what a part holds changes without its inputs changing (the exporter's code is
#: also part of the version of the exports' index, see graph/pieces.py)
_PART_FORMAT = 1


def _claims_by_article(g: nx.MultiDiGraph) -> dict[str, list]:
    """Each article's claims as ``(edge, record)`` pairs, in edge order; checks the edge types."""
    claims: dict[str, list] = {}
    for s, o, p, data in sorted(g.edges(keys=True, data=True)):
        if p not in EDGE_TYPES:
            raise BadInput(f"edge type {p!r} ({s} -> {o}) is not in the vocabulary; "
                           "the edge types are listed in graph/model.py EDGE_TYPES")
        for rec in data["claims"]:
            claims.setdefault(rec["article"], []).append(((s, p, o), rec))
    return claims


def _node_quads(base, g, node, data, names) -> Iterator[Quad]:
    if data.get("type") not in NODE_TYPES:
        raise BadInput(f"node {node!r} has type {data.get('type')!r}; expected one of {', '.join(NODE_TYPES)}")
    iri = node_iri(base, node)
    yield iri, RDF.type, FK[data["type"]], None
    if iri in names.agents:
        yield iri, RDF.type, PROV.Agent, None
    yield iri, RDFS.label, Literal(data.get("label") or node), None
    for alias in sorted(data.get("aliases") or ()):
        yield iri, SKOS.altLabel, Literal(alias), None
    facts = sorted((p, o) for _, o, p, status in g.out_edges(node, keys=True, data="status") if status == "confirmed")
    for p, o in facts:
        yield iri, FK[p], node_iri(base, o), None


def _article_quads(base, article: Article, names) -> Iterator[Quad]:
    iri = article_iri(base, article.id)
    for p, o in (
        (RDF.type, SCHEMA.NewsArticle),
        (RDF.type, PROV.Entity),
        (RDFS.label, Literal(article.title or article.id)),
        (SCHEMA.identifier, Literal(article.id)),
    ):
        yield iri, p, o, iri
    if article.title:
        yield iri, SCHEMA.headline, Literal(article.title), iri
    if article.url and (url := _url_iri(article.url)) is not None:
        yield iri, SCHEMA.url, url, iri
    if article.date:
        yield iri, SCHEMA.datePublished, _date_literal(article.date), iri
    if article.outlet:
        yield iri, SCHEMA.publisher, names.outlet(article.outlet), iri
    if article.show and (show := names.show(article.show)) is not None:
        yield iri, SCHEMA.about, show, iri


def _article_claims(base, article_id: str, claims, names, terms) -> Iterator[ox.Quad]:
    source = terms(article_iri(base, article_id))
    seen = set()
    for (s, p, o), rec in claims:
        claim = claim_iri(base, s, p, o, rec)
        if claim not in seen:  # the same claim recorded twice on an edge is one claim
            seen.add(claim)
            edge = (terms(node_iri(base, s)), _OX_EDGES[p], terms(node_iri(base, o)))
            yield from _claim_quads(ox.NamedNode(claim), source, edge, rec, names, terms)


def _ox(term: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(term))


# The terms of every claim, made once: a big corpus has millions of claim statements.
_A, _CLAIM, _SUBJECT, _PREDICATE, _OBJECT = map(_ox, (RDF.type, FK.Claim, RDF.subject, RDF.predicate, RDF.object))
_STATUS, _QUOTE, _START, _END, _SOURCE = map(_ox, (FK.status, PROV.value, FK.startOffset, FK.endOffset,
                                                   PROV.wasDerivedFrom))
_SPEAKER, _OUTLET, _CORRECTED, _NOTE = map(_ox, (PROV.wasAttributedTo, FK.outlet, FK.corrected, FK.note))
_OX_EDGES = {p: _ox(FK[p]) for p in EDGE_TYPES}
_OX_STATUS = {name: _ox(term) for name, term in STATUS_TERMS.items()}
_TRUE = ox.Literal("true", datatype=_ox(XSD.boolean))
_NON_NEGATIVE = _ox(XSD.nonNegativeInteger)


@functools.lru_cache(maxsize=1 << 16)
def _offset(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_NON_NEGATIVE)


def _claim_quads(claim, source, edge, rec, names, terms) -> Iterator[ox.Quad]:
    subj, pred, obj = edge
    Quad = ox.Quad
    yield Quad(claim, _A, _CLAIM, source)
    yield Quad(claim, _SUBJECT, subj, source)
    yield Quad(claim, _PREDICATE, pred, source)
    yield Quad(claim, _OBJECT, obj, source)
    yield Quad(claim, _STATUS, _OX_STATUS[rec["status"]], source)
    yield Quad(claim, _QUOTE, ox.Literal(rec["quote"]), source)
    yield Quad(claim, _START, _offset(int(rec["start"])), source)
    yield Quad(claim, _END, _offset(int(rec["end"])), source)
    yield Quad(claim, _SOURCE, source, source)
    if rec.get("speaker"):
        yield Quad(claim, _SPEAKER, terms(names.speaker(rec["speaker"])), source)
    if rec.get("outlet"):
        yield Quad(claim, _OUTLET, terms(names.outlet(rec["outlet"])), source)
    if rec.get("corrected"):
        yield Quad(claim, _CORRECTED, _TRUE, source)
    if rec.get("note"):
        yield Quad(claim, _NOTE, ox.Literal(rec["note"]), source)


class _Names:
    """Finds the node a speaker, outlet or show name refers to, or mints one for it.

    A speaker who is a person (or organization) of the graph is that node; anyone else gets an
    ``agent/<slug>`` IRI. An outlet is an organization node, minted when the graph has none.
    """

    def __init__(self, g: nx.MultiDiGraph, base: str):
        self.g, self.base = g, base
        self.minted: dict[URIRef, tuple[URIRef, str]] = {}
        self.agents: set[URIRef] = set()
        self.speakers: dict[str, URIRef] = {}
        self.outlets: dict[str, URIRef] = {}
        self.index: dict[tuple[str, str], set[str]] = {}
        for node, data in g.nodes(data=True):
            for name in [data.get("label", "")] + list(data.get("aliases") or ()):
                self.index.setdefault((data.get("type"), name.casefold()), set()).add(node)

    def _find(self, name: str, types) -> str | None:
        for t in types:
            hits = self.index.get((t, name.casefold()), set())
            if len(hits) == 1:
                return next(iter(hits))
            node = Entity.make(name, t).id
            if node in self.g:
                return node
        return None

    def speaker(self, name: str) -> URIRef:
        known = self.speakers.get(name)
        if known is not None:
            return known
        node = self._find(name, ("Person", "Organization"))
        iri = node_iri(self.base, node) if node else agent_iri(self.base, name)
        if node is None:
            self.minted.setdefault(iri, (PROV.Agent, name))
        self.agents.add(iri)
        self.speakers[name] = iri
        return iri

    def outlet(self, name: str) -> URIRef:
        known = self.outlets.get(name)
        if known is None:
            node = self._find(name, ("Organization",))
            if node:
                known = node_iri(self.base, node)
            else:
                known = node_iri(self.base, Entity.make(name, "Organization").id)
                self.minted.setdefault(known, (FK.Organization, name))
            self.outlets[name] = known
        return known

    def show(self, name: str) -> URIRef | None:
        node = self._find(name, ("Show",))
        return node_iri(self.base, node) if node else None

    def resolve(self, articles, claims: dict[str, list]) -> None:
        """Meet every speaker and outlet once, so nodes know whether they are speakers and the
        names that are not nodes are minted before anything is written."""
        for article in articles:
            if article.outlet:
                self.outlet(article.outlet)
        for records in claims.values():
            for _, rec in records:
                if rec.get("speaker"):
                    self.speaker(rec["speaker"])
                if rec.get("outlet"):
                    self.outlet(rec["outlet"])

    def quads(self) -> Iterator[Quad]:
        """The speakers and outlets that are not nodes of the graph."""
        for iri, (cls, name) in sorted(self.minted.items()):
            yield iri, RDF.type, cls, None
            yield iri, RDFS.label, Literal(name), None
            if cls == PROV.Agent:
                yield iri, FOAF.name, Literal(name), None


def _url_iri(url: str) -> URIRef | None:
    """An article's URL as an IRI, or None when it is not an absolute IRI (a bare "page 3" or
    "www.example.org" stays out of the RDF rather than becoming a broken IRI)."""
    text = quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")
    return URIRef(text) if is_iri(text) else None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_literal(text) -> Literal:
    """xsd:date or xsd:dateTime when the date is ISO 8601, else the text as given."""
    if isinstance(text, datetime | date):
        text = text.isoformat()
    text = str(text).strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return Literal(date.fromisoformat(text).isoformat(), datatype=XSD.date)
        except ValueError:
            pass
    elif _ISO_DATE.match(text) and "T" in text:
        try:
            datetime.fromisoformat(text)
            return Literal(text, datatype=XSD.dateTime)
        except ValueError:
            pass
    return Literal(text)


# ---------------------------------------------------------------- graphs


def to_rdf(g: nx.MultiDiGraph, articles: Iterable[Article] = (), base: str = DEFAULT_BASE,
           with_ontology: bool = True) -> Graph:
    """One rdflib Graph with everything (the union of the graphs of :func:`to_quads`): for the
    rdflib store and for Python users; the export files are written from the quads."""
    rdf = bind_prefixes(Graph(), base)
    for quad in to_quads(g, articles, base, with_ontology):
        rdf.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return rdf


def to_dataset(g: nx.MultiDiGraph, articles: Iterable[Article] = (), base: str = DEFAULT_BASE,
               with_ontology: bool = True) -> Dataset:
    """The same statements as :func:`to_rdf`, with one named graph per article (its claims)."""
    ds = Dataset()
    bind_prefixes(ds, base)
    graphs: dict = {}
    for quad in to_quads(g, articles, base, with_ontology):
        name = quad.graph_name
        if name not in graphs:
            graphs[name] = ds.default_graph if isinstance(name, ox.DefaultGraph) else ds.graph(from_ox(name))
        graphs[name].add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return ds


def build_rdf(build, base: str = DEFAULT_BASE) -> Graph:
    """The RDF graph of a :class:`graph.pipeline.Build`."""
    return to_rdf(build.graph, build.articles, base)


def shacl_report(data: Graph) -> tuple[bool, list[dict]]:
    """Validate an export against ``graph/shapes.ttl`` (needs pySHACL).

    Returns whether it conforms and one dict per problem: ``focus``, ``path``, ``value``,
    ``message``, ``severity``.
    """
    from pyshacl import validate

    conforms, report, _ = validate(data, shacl_graph=shapes(), inference="none", advanced=False)
    sh = "http://www.w3.org/ns/shacl#"
    results = []
    for r in report.subjects(RDF.type, URIRef(sh + "ValidationResult")):
        def one(p, r=r):
            return report.value(r, URIRef(sh + p))
        results.append({
            "focus": one("focusNode"),
            "path": one("resultPath"),
            "value": one("value"),
            "message": str(one("resultMessage") or ""),
            "severity": str(one("resultSeverity") or "").rsplit("#", 1)[-1],
        })
    results.sort(key=lambda r: tuple(str(v) for v in r.values()))
    return bool(conforms), results


# ---------------------------------------------------------------- text


def prefixes_of(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefixes every file is written with: the vocabularies', then one per kind of data IRI."""
    return dict(sorted({**VOCAB_PREFIXES, **data_prefixes(base)}.items()))


def write_quads(quads: Iterable[Quad], out, fmt: str, base: str = DEFAULT_BASE) -> int:
    """Write statements grouped as :func:`to_quads` yields them to the binary file ``out`` as
    ``fmt`` (nt, ttl, trig or jsonld); returns how many were written."""
    return write_rdf(OxTerms().quads(quads), out, fmt, prefixes_of(base))


def graph_quads(g: Graph | Dataset) -> Iterator[Quad]:
    """The statements of an rdflib graph in a stable order, grouped for :func:`write_quads`
    (a dataset's default graph first, then its named graphs in IRI order)."""
    if isinstance(g, Dataset):
        named = sorted((c for c in g.graphs() if c.identifier != DATASET_DEFAULT_GRAPH_ID), key=lambda c: str(c.identifier))
        for s, p, o in sorted(g.default_graph):
            yield s, p, o, None
        for c in named:
            for s, p, o in sorted(c):
                yield s, p, o, c.identifier
    else:
        for s, p, o in sorted(g):
            yield s, p, o, None


def _text(g, fmt: str, base: str) -> str:
    import io

    out = io.BytesIO()
    write_quads(graph_quads(g), out, fmt, base)
    return out.getvalue().decode("utf-8")


def turtle_text(g: Graph, base: str = DEFAULT_BASE) -> str:
    return _text(g, "ttl", base)


def ntriples_text(g: Graph, base: str = DEFAULT_BASE) -> str:
    return _text(g, "nt", base)


def jsonld_text(g: Graph, base: str = DEFAULT_BASE) -> str:
    """Compact JSON-LD with the prefixes as its embedded context (never fetched)."""
    return _text(g, "jsonld", base)


def trig_text(ds: Dataset, base: str = DEFAULT_BASE) -> str:
    """TriG: the default graph, then one named graph per article, in IRI order."""
    return _text(ds, "trig", base)
