"""The RDF model: ontology coverage, facts versus claims, provenance, IRIs, formats, shapes."""

import json
import os
from pathlib import Path

import networkx as nx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, SKOS

from graph.build import build_graph
from graph.errors import BadInput
from graph.model import EDGE_TYPES, NODE_TYPES, Article, Claim, Entity, Evidence
from graph.namespace import DEFAULT_BASE, FK, SCHEMA
from graph.pipeline import Build
from graph.rdf import (
    jsonld_text,
    node_iri,
    ntriples_text,
    ontology,
    shacl_report,
    to_dataset,
    to_rdf,
    trig_text,
    turtle_text,
)

from .conftest import DATA, ROOT, run_fankg

STORY = DATA / "rdf" / "story.yaml"
B = DEFAULT_BASE


def story_build(path: Path = STORY) -> Build:
    """The hand-made corpus of tests/data/rdf/story.yaml as a Build (articles, claims, graph)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entities = {}
    for label, spec in data["entities"].items():
        spec = {"type": spec} if isinstance(spec, str) else spec
        entities[label] = Entity.make(label, spec["type"], spec.get("aliases", ()))
    texts: dict[str, str] = {a["id"]: "" for a in data["articles"]}
    claims = []
    for article_id, s, p, o, status, quote, *rest in data["claims"]:
        text = texts[article_id]
        start = text.find(quote)
        if start < 0:
            start = len(text) + (1 if text else 0)
            texts[article_id] = (text + " " if text else "") + quote
        speaker, outlet = (rest + [None, None])[:2]
        ev = Evidence(article_id, quote, start, start + len(quote), speaker or "", outlet or "")
        claims.append(Claim(entities[s], p, entities[o], status, ev))
    articles = [Article(a["id"], texts[a["id"]], a.get("title", ""), "Harbour Lights", a.get("outlet", ""),
                        a.get("url", ""), a.get("date", "")) for a in data["articles"]]
    return Build(articles, claims, build_graph(claims), title="Harbour Lights")


@pytest.fixture(scope="module")
def story():
    build = story_build()
    return build, to_rdf(build.graph, build.articles)


def iri(node_id: str) -> URIRef:
    return URIRef(B + node_id)


def sparql(g: Graph, text: str):
    prefixes = "PREFIX fk: <https://w3id.org/fankg/ontology#>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    return [tuple(str(v) if v is not None else None for v in row) for row in g.query(prefixes + text)]


# ---------------------------------------------------------------- the ontology


def _members(onto: Graph, cls) -> set[str]:
    """The fk class names of a domain or range: one class or an owl:unionOf list."""
    union = onto.value(cls, OWL.unionOf)
    classes = list(onto.items(union)) if union is not None else [cls]
    return {str(c).rsplit("#", 1)[1] for c in classes}


def test_ontology_covers_exactly_the_edge_types_and_node_types_of_the_model():
    onto = ontology()
    declared = {str(p).rsplit("#", 1)[1] for p in onto.subjects(RDF.type, FK.EdgeType)}
    assert declared == set(EDGE_TYPES), "graph/ontology.ttl and graph/model.py EDGE_TYPES differ"
    for name, edge in EDGE_TYPES.items():
        p = FK[name]
        assert str(onto.value(p, RDFS.label)) == edge.label, name
        assert len(str(onto.value(p, RDFS.comment) or "")) > 10, f"{name} has no comment"
        assert _members(onto, onto.value(p, RDFS.domain)) == set(edge.domain), f"{name} domain"
        assert _members(onto, onto.value(p, RDFS.range)) == set(edge.range), f"{name} range"
        assert ((p, RDF.type, OWL.SymmetricProperty) in onto) == edge.symmetric, f"{name} symmetry"
        assert onto.value(p, FK.inUniverse).toPython() is edge.universe, f"{name} inUniverse"
    node_classes = {str(c).rsplit("#", 1)[1] for c in onto.subjects(RDFS.subClassOf, FK.Entity)}
    assert node_classes == set(NODE_TYPES)


def test_closed_namespace_and_ontology_declare_the_same_terms():
    onto = ontology()
    in_file = {str(s) for s in onto.subjects() if str(s).startswith(str(FK._NS))}
    in_code = {str(FK[name]) for name in FK.__annotations__}
    assert in_file == in_code
    with pytest.raises(AttributeError):
        FK.plaays  # noqa: B018 - a typo fails instead of minting a new term


def test_ontology_aligns_to_schema_org_wikidata_and_prov():
    onto = ontology()
    assert (FK.Show, RDFS.subClassOf, SCHEMA.TVSeries) in onto
    assert (FK.Season, RDFS.subClassOf, SCHEMA.TVSeason) in onto
    assert (FK.Claim, RDFS.subClassOf, PROV.Entity) in onto
    wdt = "http://www.wikidata.org/prop/direct/"
    inverse = {(str(p), str(onto.value(b, OWL.inverseOf))) for p, b in onto.subject_objects(RDFS.subPropertyOf)
               if onto.value(b, OWL.inverseOf) is not None}
    assert (str(FK.castIn), wdt + "P161") in inverse
    assert (str(FK.plays), wdt + "P175") in inverse
    assert (str(FK.created), wdt + "P170") in inverse
    assert (FK.airsOn, SKOS.narrowMatch, URIRef(wdt + "P449")) in onto
    assert (FK.involvedIn, SKOS.relatedMatch, URIRef(wdt + "P1441")) in onto
    assert (FK.plays, SKOS.relatedMatch, URIRef(wdt + "P453")) in onto


# ---------------------------------------------------------------- facts and claims


def test_only_confirmed_edges_are_plain_triples_so_a_naive_query_returns_facts(story):
    _, g = story
    assert (iri("person/mara-quill"), FK.plays, iri("character/juno-vale")) in g
    assert (iri("person/sam-ortiz"), FK.plays, iri("character/bram")) not in g, "a hint looks like a fact"
    assert (iri("character/odile"), FK.partnerOf, iri("character/bram")) not in g
    assert sparql(g, "SELECT ?a ?b WHERE { ?a fk:plays ?b } ORDER BY ?a") == [
        (B + "person/mara-quill", B + "character/juno-vale"), (B + "person/tobias-renn", B + "character/felix")]
    # the hint is still there, as a claim with its status
    rows = sparql(g, "SELECT ?status WHERE { ?c rdf:subject ?s ; rdf:predicate fk:plays ; rdf:object ?o ; "
                     f"fk:status ?status . FILTER (?o = <{B}character/bram>) }}")
    assert rows == [(str(FK.Hinted),)]


def test_every_claim_whatever_its_status_is_an_fk_claim(story):
    build, g = story
    claims = list(g.subjects(RDF.type, FK.Claim))
    assert len(claims) == len(build.claims)
    statuses = sorted(str(g.value(c, FK.status)).rsplit("#", 1)[1] for c in claims)
    assert statuses.count("Denied") == 1 and statuses.count("Speculated") == 3 and statuses.count("Hinted") == 4


def test_a_claim_carries_its_quote_speaker_outlet_and_article(story):
    build, g = story
    [claim] = [c for c in g.subjects(RDF.type, FK.Claim)
               if g.value(c, RDF.subject) == iri("character/juno-vale") and g.value(c, RDF.object) == iri("character/odile")]
    quote = "Ines Calder told Variety that Odile will fall for Juno."
    assert g.value(claim, RDF.predicate) == FK.romanticInterest and g.value(claim, FK.status) == FK.Hinted
    assert str(g.value(claim, PROV.value)) == quote
    start, end = g.value(claim, FK.startOffset).toPython(), g.value(claim, FK.endOffset).toPython()
    article = next(a for a in build.articles if a.id == "a2-teases")
    assert article.text[start:end] == quote
    # the speaker is a person of the graph: the node itself, also a prov:Agent
    assert g.value(claim, PROV.wasAttributedTo) == iri("person/ines-calder")
    assert (iri("person/ines-calder"), RDF.type, PROV.Agent) in g
    assert g.value(claim, FK.outlet) == iri("organization/variety")
    source = g.value(claim, PROV.wasDerivedFrom)
    assert source == URIRef(B + "article/a2-teases")
    assert (source, RDF.type, SCHEMA.NewsArticle) in g
    assert str(g.value(source, SCHEMA.headline)) == "Harbour Lights: what season 2 holds"
    assert g.value(source, SCHEMA.publisher) == iri("organization/quay-weekly")
    assert str(g.value(iri("organization/quay-weekly"), RDFS.label)) == "Quay Weekly"
    assert g.value(source, SCHEMA.datePublished) == Literal("May 2024")  # not ISO: kept as text
    assert g.value(source, SCHEMA.about) == iri("show/harbour-lights")


def test_a_speaker_outside_the_graph_is_a_named_agent_and_article_facts_are_typed(story):
    _, g = story
    [claim] = [c for c in g.subjects(RDF.type, FK.Claim) if g.value(c, RDF.predicate) == FK.partnerOf]
    agent = g.value(claim, PROV.wasAttributedTo)
    assert agent == URIRef(B + "agent/a-source-close-to-the-show")
    assert (agent, RDF.type, PROV.Agent) in g and str(g.value(agent, RDFS.label)) == "a source close to the show"
    a1 = URIRef(B + "article/a1-renewal")
    assert g.value(a1, SCHEMA.datePublished) == Literal("2024-03-01", datatype=XSD.date)
    assert g.value(a1, SCHEMA.url) == URIRef("https://example.org/news/a1?x=1&y=2")


def test_symmetric_edges_are_stated_once_and_typed_symmetric(story):
    _, g = story
    forward = (iri("character/felix"), FK.romanticInterest, iri("character/juno-vale"))
    assert forward in g and (forward[2], forward[1], forward[0]) not in g
    assert (FK.romanticInterest, RDF.type, OWL.SymmetricProperty) in g


def test_an_edge_type_outside_the_vocabulary_is_a_clear_error():
    g = nx.MultiDiGraph()
    g.add_node("character/a", label="A", type="Character", aliases=[])
    g.add_node("character/b", label="B", type="Character", aliases=[])
    g.add_edge("character/a", "character/b", key="marriedTo", predicate="marriedTo", status="confirmed",
               claims=[], corrected=False)
    with pytest.raises(BadInput, match="marriedTo.*EDGE_TYPES"):
        to_rdf(g)


# ---------------------------------------------------------------- IRIs


def test_iris_are_base_plus_node_id_and_the_base_is_configurable(story):
    build, _ = story
    other = "https://example.org/kg/"
    g = to_rdf(build.graph, build.articles, base=other)
    assert (URIRef(other + "person/mara-quill"), FK.plays, URIRef(other + "character/juno-vale")) in g
    leaked = [t for t in g if any(str(x).startswith(B) and not str(x).startswith(str(FK._NS)[:-1]) for x in t)]
    assert not leaked, "the default base leaked"
    assert node_iri(B, Entity.make("Lily Collins", "Person").id) == URIRef(B + "person/lily-collins")


@pytest.mark.parametrize("label", ["Zoë Ångström", "東京タワー", "Ελένη", "Café “Société”", "Ni\u00f1o 😀 #1"])
def test_unicode_labels_survive_every_format(label):
    a, b = Entity.make(label, "Character"), Entity.make("Plain", "Character")
    quote = f"{label} is a friend of Plain."
    claim = Claim(a, "friendOf", b, "hinted", Evidence("ü-1", quote, 0, len(quote), speaker=label))
    build = Build([Article("ü-1", quote, title=label)], [claim], build_graph([claim]))
    g = to_rdf(build.graph, build.articles)
    for text, fmt in ((turtle_text(g), "turtle"), (ntriples_text(g), "nt"), (jsonld_text(g), "json-ld")):
        back = Graph().parse(data=text, format=fmt)
        assert isomorphic(g, back), fmt
        assert Literal(label) in set(back.objects(None, RDFS.label)), fmt
    ds = Dataset().parse(data=trig_text(to_dataset(build.graph, build.articles)), format="trig")
    assert Literal(quote) in {o for _, _, o, _ in ds.quads((None, PROV.value, None, None))}


# ---------------------------------------------------------------- formats


def _union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


@pytest.fixture(scope="module")
def seed_rdf(seed_build):
    out, _ = seed_build
    return out, Graph().parse(out / "emily-in-paris.ttl", format="turtle")


def test_every_rdf_export_parses_back_to_the_same_graph(seed_rdf):
    out, ttl = seed_rdf
    assert len(ttl) > 500
    for suffix, fmt in ((".nt", "nt"), (".jsonld", "json-ld")):
        back = Graph().parse(out / f"emily-in-paris{suffix}", format=fmt)
        assert isomorphic(ttl, back), suffix
    ds = Dataset().parse(out / "emily-in-paris.trig", format="trig")
    assert isomorphic(ttl, _union(ds))


def test_in_memory_graphs_round_trip_through_every_format(story):
    build, g = story
    for text, fmt in ((turtle_text(g), "turtle"), (ntriples_text(g), "nt"), (jsonld_text(g), "json-ld")):
        assert isomorphic(g, Graph().parse(data=text, format=fmt)), fmt
    ds = to_dataset(build.graph, build.articles)
    back = Dataset().parse(data=trig_text(ds), format="trig")
    assert isomorphic(g, _union(back))
    for name in ("a1-renewal", "a2-teases"):
        graph_iri = URIRef(B + "article/" + name)
        assert isomorphic(ds.graph(graph_iri), back.graph(graph_iri)), name


def test_trig_has_one_named_graph_per_article_holding_its_claims(story):
    build, g = story
    ds = to_dataset(build.graph, build.articles)
    names = {str(c.identifier) for c in ds.graphs() if len(c) and str(c.identifier).startswith(B)}
    assert names == {B + "article/a1-renewal", B + "article/a2-teases"}
    for name in names:
        named = ds.graph(URIRef(name))
        claims = list(named.subjects(RDF.type, FK.Claim))
        assert claims and all(named.value(c, PROV.wasDerivedFrom) == URIRef(name) for c in claims)
        assert (URIRef(name), RDF.type, SCHEMA.NewsArticle) in named
    # facts, entities and the ontology stay in the default graph
    default = ds.default_graph
    assert (iri("person/mara-quill"), FK.plays, iri("character/juno-vale")) in default
    assert (FK.plays, RDF.type, FK.EdgeType) in default
    assert not list(default.subjects(RDF.type, FK.Claim))


def test_jsonld_embeds_its_context_and_needs_no_network(seed_rdf):
    out, ttl = seed_rdf
    doc = json.loads((out / "emily-in-paris.jsonld").read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict) and doc["@context"]["fk"] == str(FK._NS)
    assert doc["@context"]["person"] == B + "person/"
    ids = [node.get("@id") for node in doc["@graph"]]
    # a stable order: the graph-wide nodes by @id, then the (one) article's description and claims by @id
    cut = next(i for i, node in enumerate(ids) if node.startswith(("article:", "claim:")))
    assert ids[:cut] == sorted(ids[:cut]) and ids[cut:] == sorted(ids[cut:]), "nodes are written in a stable order"
    assert all(node.startswith(("article:", "claim:")) for node in ids[cut:])
    assert any(node.get("@id") == "person:lily-collins" for node in doc["@graph"])


def test_graphml_opens_in_networkx_with_labels_types_and_statuses(seed_build):
    out, _ = seed_build
    g = nx.read_graphml(out / "emily-in-paris.graphml")
    assert g.nodes["person/lily-collins"]["label"] == "Lily Collins"
    assert g.nodes["person/lily-collins"]["iri"] == B + "person/lily-collins"
    plays = [d for s, o, d in g.edges(data=True) if s == "person/lily-collins" and o == "character/emily-cooper"]
    assert plays and plays[0]["predicate"] == "plays" and plays[0]["status"] == "confirmed"
    assert all(d["status"] in ("confirmed", "hinted", "speculated", "denied") for _, _, d in g.edges(data=True))


def test_every_export_is_byte_identical_on_a_second_build(tmp_path):
    for run, seed in (("first", "1"), ("second", "12345")):
        proc = run_fankg("build", ROOT / "seeds", "--out", tmp_path / run, env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 0, proc.stderr
    for suffix in (".ttl", ".nt", ".jsonld", ".trig", ".graphml"):
        name = f"emily-in-paris{suffix}"
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name


_RENDER_STORY = """
import hashlib, sys
from tests.test_rdf import story_build
from graph.rdf import jsonld_text, ntriples_text, to_dataset, to_rdf, trig_text, turtle_text
build = story_build()
g, ds = to_rdf(build.graph, build.articles), to_dataset(build.graph, build.articles)
for text in (turtle_text(g), ntriples_text(g), jsonld_text(g), trig_text(ds)):
    print(hashlib.sha256(text.encode()).hexdigest())
"""


def test_the_same_multi_article_input_gives_the_same_bytes_in_every_process():
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        proc = subprocess.run([sys.executable, "-c", _RENDER_STORY], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1, "an RDF format changes from one run to the next"
    build = story_build()
    trig = trig_text(to_dataset(build.graph, build.articles))
    first = trig.index("article:a1-renewal {")
    assert trig.index("person:mara-quill") < first < trig.index("article:a2-teases {"), "default graph, then articles"
    assert "a fk:Claim" not in trig[:first], "claims live in their article's graph"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
       st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_any_text_in_labels_and_quotes_round_trips(label, quote):
    a, b = Entity.make(label, "Person"), Entity.make("Kay", "Character")
    claim = Claim(a, "plays", b, "speculated", Evidence("art", quote, 0, len(quote), speaker=label, outlet=label))
    g = to_rdf(build_graph([claim]), [Article("art", quote, title=label)], with_ontology=False)
    for text, fmt in ((ntriples_text(g), "nt"), (turtle_text(g), "turtle"), (jsonld_text(g), "json-ld")):
        assert isomorphic(g, Graph().parse(data=text, format=fmt)), fmt


def test_build_takes_a_base_iri_and_refuses_a_bad_one(tmp_path):
    proc = run_fankg("build", DATA / "cast.txt", "--out", tmp_path, "--base", "https://example.org/kg/")
    assert proc.returncode == 0, proc.stderr
    g = Graph().parse(tmp_path / "harbour-lights.ttl", format="turtle")
    assert (URIRef("https://example.org/kg/person/mara-quill"), FK.plays,
            URIRef("https://example.org/kg/character/juno-vale")) in g
    proc = run_fankg("build", DATA / "cast.txt", "--out", tmp_path / "bad", "--base", "not an iri")
    assert proc.returncode != 0 and "--base" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "bad").exists()


# ---------------------------------------------------------------- SHACL


def test_the_seed_export_conforms_to_the_shapes(seed_rdf):
    _, ttl = seed_rdf
    conforms, problems = shacl_report(ttl)
    assert conforms, problems


def test_the_hand_made_export_conforms_to_the_shapes(story):
    _, g = story
    conforms, problems = shacl_report(g)
    assert conforms, problems


def _break_hint_as_fact(g):
    g.add((iri("person/sam-ortiz"), FK.plays, iri("character/bram")))


def _break_claim_without_quote(g):
    claim = next(g.subjects(RDF.type, FK.Claim))
    g.remove((claim, PROV.value, None))


def _break_claim_without_status(g):
    claim = next(g.subjects(RDF.type, FK.Claim))
    g.remove((claim, FK.status, None))


def _break_plays_backwards(g):
    claim = next(c for c in g.subjects(RDF.type, FK.Claim) if g.value(c, RDF.predicate) == FK.plays)
    s, o = g.value(claim, RDF.subject), g.value(claim, RDF.object)
    g.set((claim, RDF.subject, o))
    g.set((claim, RDF.object, s))


def _break_fact_without_triple(g):
    g.remove((iri("person/mara-quill"), FK.plays, iri("character/juno-vale")))


def _break_claim_without_source(g):
    claim = next(g.subjects(RDF.type, FK.Claim))
    g.remove((claim, PROV.wasDerivedFrom, None))


@pytest.mark.parametrize("breakage, message", [
    (_break_hint_as_fact, "not backed by a confirmed claim"),
    (_break_claim_without_quote, "quote"),
    (_break_claim_without_status, "status"),
    (_break_plays_backwards, "does not fit the domain or range"),
    (_break_fact_without_triple, "has no plain triple"),
    (_break_claim_without_source, "source article"),
])
def test_a_broken_graph_fails_validation_with_a_clear_message(story, breakage, message):
    build, _ = story
    g = to_rdf(build.graph, build.articles)
    breakage(g)
    conforms, problems = shacl_report(g)
    assert not conforms
    assert any(message in p["message"] for p in problems), problems

