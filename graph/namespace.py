"""fankg's closed RDF vocabulary: every class and property is declared once; a typo fails."""

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

FK_IRI = "https://w3id.org/fankg/ontology#"
DEFAULT_BASE = "https://w3id.org/fankg/"


class FK(DefinedNamespace):
    _NS = Namespace(FK_IRI)
    _fail = True

    # classes: node types, claims, statuses
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

    # edge types (VOCABULARY.md)
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
    quote: URIRef
    startOffset: URIRef
    endOffset: URIRef
    speaker: URIRef
    outlet: URIRef
    alias: URIRef
    corrected: URIRef
    note: URIRef


# "from" is a Python keyword: reach it as FK["from"] (declared here so _fail accepts it)
FK.__annotations__["from"] = URIRef
