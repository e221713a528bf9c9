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
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from importlib import resources
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import FOAF, PROV, SKOS
from rdflib.term import Node

from .errors import BadInput
from .model import EDGE_TYPES, NODE_TYPES, Article, Entity, slugify
from .namespace import DEFAULT_BASE, FK, SCHEMA, STATUS_TERMS, bind_prefixes

Quad = tuple[Node, Node, Node, URIRef | None]  # graph None = the default graph


# ---------------------------------------------------------------- IRIs


def _segment(text: str) -> str:
    """Percent-encode what may not stand in an IRI path segment; letters of any script stay."""
    return "".join(ch if ch.isalnum() or ch in "-._~" else quote(ch, safe="") for ch in text)


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
             with_ontology: bool = True) -> Iterator[Quad]:
    """Every statement of the export, each with its graph: None (default) or an article IRI."""
    articles = sorted(articles, key=lambda a: a.id)
    names = _Names(g, base)
    if with_ontology:
        for s, p, o in sorted(ontology()):
            yield s, p, o, None
    for node, data in sorted(g.nodes(data=True)):
        yield from _node_quads(base, node, data)
    for article in articles:
        yield from _article_quads(base, article, names)
    for s, o, p, data in sorted(g.edges(keys=True, data=True)):
        if p not in EDGE_TYPES:
            raise BadInput(f"edge type {p!r} ({s} -> {o}) is not in the vocabulary; "
                           "the edge types are listed in graph/model.py EDGE_TYPES")
        subj, pred, obj = node_iri(base, s), FK[p], node_iri(base, o)
        if data["status"] == "confirmed":
            yield subj, pred, obj, None
        for rec in data["claims"]:
            yield from _claim_quads(base, (s, p, o), (subj, pred, obj), rec, names)
    yield from names.quads()


def _node_quads(base, node, data) -> Iterator[Quad]:
    if data.get("type") not in NODE_TYPES:
        raise BadInput(f"node {node!r} has type {data.get('type')!r}; expected one of {', '.join(NODE_TYPES)}")
    iri = node_iri(base, node)
    yield iri, RDF.type, FK[data["type"]], None
    yield iri, RDFS.label, Literal(data.get("label") or node), None
    for alias in sorted(data.get("aliases") or ()):
        yield iri, SKOS.altLabel, Literal(alias), None


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
    if article.url:
        yield iri, SCHEMA.url, URIRef(quote(article.url.strip(), safe=":/?#[]@!$&'()*+,;=%~")), iri
    if article.date:
        yield iri, SCHEMA.datePublished, _date_literal(article.date), iri
    if article.outlet:
        yield iri, SCHEMA.publisher, names.outlet(article.outlet), iri
    if article.show and (show := names.show(article.show)) is not None:
        yield iri, SCHEMA.about, show, iri


def _claim_quads(base, key, terms, rec, names) -> Iterator[Quad]:
    claim = claim_iri(base, key[0], key[1], key[2], rec)
    source = article_iri(base, rec["article"])
    subj, pred, obj = terms
    yield claim, RDF.type, FK.Claim, source
    yield claim, RDF.subject, subj, source
    yield claim, RDF.predicate, pred, source
    yield claim, RDF.object, obj, source
    yield claim, FK.status, STATUS_TERMS[rec["status"]], source
    yield claim, PROV.value, Literal(rec["quote"]), source
    yield claim, FK.startOffset, Literal(rec["start"], datatype=XSD.nonNegativeInteger), source
    yield claim, FK.endOffset, Literal(rec["end"], datatype=XSD.nonNegativeInteger), source
    yield claim, PROV.wasDerivedFrom, source, source
    if rec.get("speaker"):
        yield claim, PROV.wasAttributedTo, names.speaker(rec["speaker"]), source
    if rec.get("outlet"):
        yield claim, FK.outlet, names.outlet(rec["outlet"]), source
    if rec.get("corrected"):
        yield claim, FK.corrected, Literal(True), source
    if rec.get("note"):
        yield claim, FK.note, Literal(rec["note"]), source


class _Names:
    """Finds the node a speaker, outlet or show name refers to, or mints one for it.

    A speaker who is a person (or organization) of the graph is that node; anyone else gets an
    ``agent/<slug>`` IRI. An outlet is an organization node, minted when the graph has none.
    """

    def __init__(self, g: nx.MultiDiGraph, base: str):
        self.g, self.base = g, base
        self.minted: dict[URIRef, tuple[URIRef, str]] = {}
        self.agents: set[URIRef] = set()
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
        node = self._find(name, ("Person", "Organization"))
        iri = node_iri(self.base, node) if node else agent_iri(self.base, name)
        if node is None:
            self.minted.setdefault(iri, (PROV.Agent, name))
        self.agents.add(iri)
        return iri

    def outlet(self, name: str) -> URIRef:
        node = self._find(name, ("Organization",))
        if node:
            return node_iri(self.base, node)
        iri = node_iri(self.base, Entity.make(name, "Organization").id)
        self.minted.setdefault(iri, (FK.Organization, name))
        return iri

    def show(self, name: str) -> URIRef | None:
        node = self._find(name, ("Show",))
        return node_iri(self.base, node) if node else None

    def quads(self) -> Iterator[Quad]:
        for iri, (cls, name) in sorted(self.minted.items()):
            yield iri, RDF.type, cls, None
            yield iri, RDFS.label, Literal(name), None
            if cls == PROV.Agent:
                yield iri, FOAF.name, Literal(name), None
        for iri in sorted(self.agents):
            yield iri, RDF.type, PROV.Agent, None


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
    """One rdflib Graph with everything: what Turtle, N-Triples, JSON-LD and queries use."""
    rdf = bind_prefixes(Graph(), base)
    for s, p, o, _ in to_quads(g, articles, base, with_ontology):
        rdf.add((s, p, o))
    return rdf


def to_dataset(g: nx.MultiDiGraph, articles: Iterable[Article] = (), base: str = DEFAULT_BASE,
               with_ontology: bool = True) -> Dataset:
    """The same statements as :func:`to_rdf`, with one named graph per article (its claims)."""
    ds = Dataset()
    bind_prefixes(ds, base)
    graphs: dict[URIRef | None, Graph] = {None: ds.default_graph}
    for s, p, o, name in to_quads(g, articles, base, with_ontology):
        if name not in graphs:
            graphs[name] = ds.graph(name)
        graphs[name].add((s, p, o))
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


# ---------------------------------------------------------------- deterministic text


def turtle_text(g: Graph) -> str:
    """Turtle; rdflib orders subjects, predicates and objects by sorting, so it is stable."""
    return g.serialize(format="turtle")


def ntriples_text(g: Graph) -> str:
    """N-Triples with the lines sorted (rdflib writes them in store order)."""
    lines = {line for line in g.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n") if line}
    return "".join(line + "\n" for line in sorted(lines))


def jsonld_context(base: str = DEFAULT_BASE) -> dict:
    """The JSON-LD context: the vocabulary and data prefixes, embedded in the file (never fetched)."""
    from .namespace import VOCAB_PREFIXES, data_prefixes

    return dict(sorted({**VOCAB_PREFIXES, **data_prefixes(base)}.items()))


def jsonld_text(g: Graph, base: str = DEFAULT_BASE) -> str:
    """Compact JSON-LD with an embedded context; nodes sorted by @id, values sorted, keys sorted."""
    import json

    ctx = jsonld_context(base)
    doc = json.loads(g.serialize(format="json-ld", context=ctx, auto_compact=True))
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    nodes = sorted((_sorted_values(n) for n in nodes), key=lambda n: (n.get("@id", ""), json.dumps(n, sort_keys=True)))
    return json.dumps({"@context": ctx, "@graph": nodes}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _sorted_values(node):
    import json

    if isinstance(node, dict):
        return {k: (v if k == "@list" else _sorted_values(v)) for k, v in node.items()}
    if isinstance(node, list):
        return sorted((_sorted_values(v) for v in node), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def trig_text(ds: Dataset) -> str:
    """TriG: the default graph, then one named graph per article, in IRI order.

    rdflib's own TriG writer takes the graphs in the store's set order, which changes from run
    to run; this one sorts them first.
    """
    import io

    from rdflib.plugins.serializers.trig import TrigSerializer

    class SortedTrig(TrigSerializer):
        def __init__(self, store):
            super().__init__(store)
            by_name = {str(c.identifier): c for c in self.contexts}
            default = str(self.default_context)
            self.contexts = [by_name[n] for n in sorted(by_name, key=lambda n: (n != default, n))]

    out = io.BytesIO()
    SortedTrig(ds).serialize(out, encoding="utf-8")
    return out.getvalue().decode("utf-8")
