"""fankg's closed RDF vocabulary and the IRIs of its data.

Every class and property of ``graph/ontology.ttl`` is declared once in :class:`FK`; a typo
fails at import time (``_fail = True``). Data IRIs hang off a configurable base:
``<base><type>/<slug>`` for nodes (the node ids of :mod:`graph.model`), ``<base>article/<id>``,
``<base>claim/<hash>`` and ``<base>agent/<slug>`` for speakers that are not nodes.

>>> FK.plays
rdflib.term.URIRef('https://w3id.org/fankg/ontology#plays')
>>> data_prefixes("https://example.org/kg/")["person"]
'https://example.org/kg/person/'
"""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace

from .errors import BadInput
from .model import NODE_TYPES

FK_IRI = "https://w3id.org/fankg/ontology#"
ONTOLOGY_IRI = URIRef("https://w3id.org/fankg/ontology")
DEFAULT_BASE = "https://w3id.org/fankg/"

#: Wikidata direct properties and entities, used by the ontology's alignment.
WDT = Namespace("http://www.wikidata.org/prop/direct/")
WD = Namespace("http://www.wikidata.org/entity/")
#: schema.org, as rdflib binds it (https://schema.org/).
SCHEMA = SDO


class FK(DefinedNamespace):
    """The terms of ``graph/ontology.ttl``; tests check the two list the same terms."""

    _NS = Namespace(FK_IRI)
    _fail = True

    # classes: node types, claims, statuses, edge types
    Entity: URIRef
    Show: URIRef
    Season: URIRef
    Character: URIRef
    Person: URIRef
    Storyline: URIRef
    Organization: URIRef
    Place: URIRef
    Event: URIRef
    Claim: URIRef
    Status: URIRef
    Confirmed: URIRef
    Hinted: URIRef
    Speculated: URIRef
    Denied: URIRef
    EdgeType: URIRef

    # edge types (VOCABULARY.md; graph/model.py EDGE_TYPES)
    plays: URIRef
    created: URIRef
    castIn: URIRef
    producerOf: URIRef
    hasSeason: URIRef
    airsOn: URIRef
    renewed: URIRef
    delayedBy: URIRef
    setIn: URIRef
    comparedTo: URIRef
    spinOffOf: URIRef
    toldOutlet: URIRef
    romanticInterest: URIRef
    partnerOf: URIRef
    exPartnerOf: URIRef
    kissed: URIRef
    friendOf: URIRef
    roommateOf: URIRef
    neighborOf: URIRef
    businessPartnerOf: URIRef
    rivalOf: URIRef
    siblingOf: URIRef
    parentOf: URIRef
    bossOf: URIRef
    worksAt: URIRef
    livesIn: URIRef
    travelsTo: URIRef
    involvedIn: URIRef

    # claim and evidence properties
    status: URIRef
    outlet: URIRef
    startOffset: URIRef
    endOffset: URIRef
    corrected: URIRef
    note: URIRef
    inUniverse: URIRef

    # summaries of the claims, made at export time (graph/summary.py)
    Conflict: URIRef
    ConflictSide: URIRef
    side: URIRef
    sideStatus: URIRef
    articleCount: URIRef
    romanticallyLinked: URIRef


# "from" is a Python keyword: reach it as FK["from"] (declared here so _fail accepts it)
FK.__annotations__["from"] = URIRef

#: Status names of graph/model.py -> their ontology individuals.
STATUS_TERMS = {"confirmed": FK.Confirmed, "hinted": FK.Hinted, "speculated": FK.Speculated, "denied": FK.Denied}

#: Prefixes of the vocabularies an export uses (data prefixes come from the base).
VOCAB_PREFIXES = {
    "fk": FK_IRI,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "wdt": str(WDT),
    "wd": str(WD),
    "foaf": str(FOAF),
    "dcterms": str(DCTERMS),
    "oa": "http://www.w3.org/ns/oa#",
}

#: Kinds of data IRI besides the node types: article/, claim/, agent/.
DATA_KINDS = ("article", "claim", "agent")

_BASE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#]")


def check_base(base: str) -> str:
    """The base IRI if usable (absolute, ending in / or #); otherwise a clear error.

    >>> check_base("https://example.org/kg/")
    'https://example.org/kg/'
    """
    if not _BASE.fullmatch(base or "") or not is_iri(base):
        raise BadInput(f"--base {base!r}: not an absolute IRI ending in '/' or '#'; "
                       f"give one such as {DEFAULT_BASE}")
    return base


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI, by Oxigraph's parser (the one that writes our files)."""
    from pyoxigraph import NamedNode

    try:
        NamedNode(text)
    except ValueError:
        return False
    return True


def data_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """One prefix per kind of data IRI, so Turtle reads ``person:lily-collins``."""
    kinds = [t.lower() for t in NODE_TYPES] + list(DATA_KINDS)
    return {kind: f"{base}{kind}/" for kind in kinds}


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """Bind the vocabulary and data prefixes on ``graph`` (replacing rdflib's defaults)."""
    for prefix, iri in {**VOCAB_PREFIXES, **data_prefixes(base)}.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph
