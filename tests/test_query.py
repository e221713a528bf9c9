"""The query library and `fankg query`: exact answers on a hand-made graph, facts on the seed,
the same answers on rdflib and Oxigraph, safe parameters, clear errors, and packaging."""

import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile

import pytest
from rdflib import Graph, Literal
from rdflib.plugins.sparql import prepareQuery

from graph.errors import BadQuery
from graph.query import Query, check, library, open_store, resolve, run_query
from graph.rdf import build_rdf

from .conftest import ROOT, SEEDS, run_fankg
from .test_rdf import story_build

FK = "https://w3id.org/fankg/ontology#"


def loaded(graph: Graph) -> dict:
    """The graph in each in-process store (a server store, when registered, is tested by its owner)."""
    stores = {}
    for name in ("rdflib", "oxigraph"):
        stores[name] = open_store(name)
        stores[name].load(graph)
    return stores


@pytest.fixture(scope="module")
def story_stores():
    return loaded(build_rdf(story_build()))


@pytest.fixture(scope="module")
def seed_stores():
    from graph.pipeline import run

    return loaded(build_rdf(run([SEEDS])))


def answer(stores, name, **params):
    """The rows of one query, after checking that every store gives exactly the same ones."""
    results = {store: run_query(db, name, params) for store, db in stores.items()}
    first = results["rdflib"]
    for store, result in results.items():
        assert result.variables == first.variables, store
        assert result.rows == first.rows, f"{name}: {store} answers differently from rdflib"
    return first.records()


def short(value):
    return value.rsplit("#", 1)[-1] if value and value.startswith(FK) else value


def table(rows, *columns):
    return [tuple(short(r[c]) for c in columns) for r in rows]


# ---------------------------------------------------------------- the library itself

LIBRARY = library()


def test_the_library_has_every_query_the_issue_asks_for():
    assert {"cast-list", "character", "storylines", "love-triangles", "hints", "outlets", "outlet", "season",
            "no-actor", "conflicts"} <= set(LIBRARY)
    top = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert sorted(LIBRARY) == top, "graph/queries must show the top-level queries/ folder"


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_library_query_has_a_header_and_runs_in_any_engine(name):
    q = LIBRARY[name]
    assert q.title and len(q.question) > 30, f"{name}: header needs a title and a question"
    prepared = prepareQuery(q.text)  # no predeclared prefixes: the file declares its own
    projected = {str(v) for v in prepared.algebra["PV"]}
    for p in q.params:
        assert p.name in projected, f"{name}: parameter ?{p.name} must be projected so Oxigraph can bind it"
        assert p.description
    import pyoxigraph

    pyoxigraph.Store().query(q.text)  # Oxigraph's parser accepts it too, with no default prefixes


def test_list_shows_every_query_with_its_title_and_parameters():
    proc = run_fankg("query", "--list")
    assert proc.returncode == 0, proc.stderr
    for name, q in LIBRARY.items():
        assert f"{name}: {q.title}" in proc.stdout
    assert "--param character=...  (required)" in proc.stdout
    assert "--param outlet=...  (required)" in proc.stdout
    assert "--param character=...  (optional)" in proc.stdout  # love-triangles


# ---------------------------------------------------------------- exact answers on the hand-made graph
# tests/data/rdf/story.yaml: two articles, 14 claims in every status.


def test_cast_list_is_confirmed_facts_only(story_stores):
    rows = answer(story_stores, "cast-list")
    assert table(rows, "actor", "character", "show") == [
        ("Lena Brook", None, "Harbour Lights"),
        ("Mara Quill", "Juno Vale", None),
        ("Tobias Renn", "Felix", None),
    ]  # Sam Ortiz is only in talks to play Bram (hinted): not in the cast


def test_everything_about_one_character_by_alias_in_any_case(story_stores):
    rows = answer(story_stores, "character", character="JUNO")
    assert table(rows, "subject", "edge", "object", "status", "speaker", "outlet", "article") == [
        ("Juno Vale", "involvedIn", "Juno–Felix–Odile love triangle", "Hinted", None, None,
         "Harbour Lights: what season 2 holds"),
        ("Mara Quill", "plays", "Juno Vale", "Confirmed", None, None, "Harbour Lights renewed"),
        ("Felix", "romanticInterest", "Juno Vale", "Confirmed", None, None, "Harbour Lights renewed"),
        ("Felix", "romanticInterest", "Juno Vale", "Denied", None, None, "Harbour Lights: what season 2 holds"),
        ("Juno Vale", "romanticInterest", "Odile", "Hinted", "Ines Calder", "Variety",
         "Harbour Lights: what season 2 holds"),
    ]
    assert {r["character"] for r in rows} == {"JUNO"}
    assert rows[2]["quote"] == "Juno falls for Felix in the finale."


def test_storylines_with_members_and_how_sure_each_is(story_stores):
    rows = answer(story_stores, "storylines")
    assert table(rows, "storyline", "member", "status") == [
        ("Juno–Felix–Odile love triangle", "Felix", "Hinted"),
        ("Juno–Felix–Odile love triangle", "Juno Vale", "Hinted"),
        ("Juno–Felix–Odile love triangle", "Odile", "Speculated"),
    ]


def test_love_triangles_found_in_the_relationships(story_stores):
    rows = answer(story_stores, "love-triangles")
    assert table(rows, "character", "first", "second") == [
        ("Juno Vale", "Felix", "Odile"),  # Felix and Juno: confirmed in one article, denied in the other
        ("Odile", "Bram", "Juno Vale"),
    ]


def test_love_triangles_around_one_character(story_stores):
    odile = answer(story_stores, "love-triangles", character="Odile")
    assert table(odile, "character", "first", "second") == [("Odile", "Bram", "Juno Vale")]
    assert answer(story_stores, "love-triangles", character="Felix") == []  # linked to Juno only
    assert answer(story_stores, "love-triangles", character="odile") == []  # the label exactly, as documented


def test_hints_and_speculation_with_who_said_them_and_where(story_stores):
    rows = answer(story_stores, "hints")
    assert table(rows, "status", "subject", "edge", "object", "speaker", "outlet") == [
        ("Hinted", "Felix", "involvedIn", "Juno–Felix–Odile love triangle", None, None),
        ("Hinted", "Juno Vale", "involvedIn", "Juno–Felix–Odile love triangle", None, None),
        ("Hinted", "Juno Vale", "romanticInterest", "Odile", "Ines Calder", "Variety"),
        ("Hinted", "Sam Ortiz", "plays", "Bram", None, None),
        ("Speculated", "Bram", "partnerOf", "Odile", "a source close to the show", None),
        ("Speculated", "Bram", "travelsTo", "Oslo", None, None),
        ("Speculated", "Odile", "involvedIn", "Juno–Felix–Odile love triangle", None, None),
    ]
    assert all(r["status"] != FK + "Confirmed" for r in rows)


def test_what_each_outlet_contributed(story_stores):
    rows = answer(story_stores, "outlets")
    assert [(*row[:3], int(row[3]), int(row[4])) for row in table(rows, "outlet", "via", "status", "claims", "articles")] == [
        ("Quay Weekly", "article", "Confirmed", 1, 1),  # the article it published: 9 claims in all
        ("Quay Weekly", "article", "Denied", 1, 1),
        ("Quay Weekly", "article", "Hinted", 4, 1),
        ("Quay Weekly", "article", "Speculated", 3, 1),
        ("Test Gazette", "article", "Confirmed", 5, 1),
        ("Variety", "interview", "Confirmed", 1, 1),  # told to Variety, in articles of the other two
        ("Variety", "interview", "Hinted", 1, 1),
    ]


def test_what_was_said_to_one_outlet(story_stores):
    variety = answer(story_stores, "outlet", outlet="Variety")
    assert table(variety, "outlet", "speaker", "subject", "edge", "object", "status", "article") == [
        ("Variety", "Ines Calder", "Juno Vale", "romanticInterest", "Odile", "Hinted",
         "Harbour Lights: what season 2 holds"),
        ("Variety", "Tobias Renn", "Tobias Renn", "plays", "Felix", "Confirmed", "Harbour Lights renewed"),
    ]
    assert variety[1]["quote"] == "Tobias Renn, who plays Felix, told Variety he loves the role."
    assert answer(story_stores, "outlet", outlet="Quay Weekly") == []  # it published an article, no interview


def test_unconfirmed_claims_about_a_season(story_stores):
    rows = answer(story_stores, "season", season="season 2")
    assert table(rows, "status", "subject", "edge", "object", "quote") == [
        ("Speculated", "Bram", "travelsTo", "Oslo", "Bram could move to Oslo in season 2."),
    ]
    assert answer(story_stores, "season", season="Season 9") == []


def test_characters_with_no_known_actor_and_their_candidates(story_stores):
    rows = answer(story_stores, "no-actor")
    assert table(rows, "character", "candidate", "status") == [("Bram", "Sam Ortiz", "Hinted"), ("Odile", None, None)]


def test_edges_with_conflicting_statuses_across_articles(story_stores):
    rows = answer(story_stores, "conflicts")
    assert table(rows, "subject", "edge", "object", "status", "articles") == [
        ("Felix", "romanticInterest", "Juno Vale", "Confirmed", "1"),
        ("Felix", "romanticInterest", "Juno Vale", "Denied", "1"),
    ]


# Claims made by hand for the summaries worked out at export time (graph/summary.py): which
# edges conflict, with how many articles per status, and which characters are romantically linked.
def _claim(subject, edge, obj, status, article):
    from graph.model import Claim, Entity, Evidence

    quote = f"{subject} {edge} {obj}."
    return Claim(Entity.make(subject, "Character"), edge, Entity.make(obj, "Character"), status,
                 Evidence(article, quote, 0, len(quote)))


SUMMARY_CLAIMS = [
    _claim("Ana", "partnerOf", "Ben", "confirmed", "a1"),
    _claim("Ana", "partnerOf", "Ben", "denied", "a1"),  # one article saying both is no conflict...
    _claim("Ana", "partnerOf", "Ben", "confirmed", "a2"),  # ...but a2 confirms what a1 denies
    _claim("Ben", "kissed", "Cy", "hinted", "a1"),
    _claim("Ben", "kissed", "Cy", "hinted", "a3"),
    _claim("Ben", "kissed", "Cy", "confirmed", "a1"),  # a3's hint against a1's fact
    _claim("Cy", "partnerOf", "Dee", "confirmed", "a1"),
    _claim("Cy", "partnerOf", "Dee", "denied", "a1"),  # the same article only: no conflict
    _claim("Dee", "friendOf", "Ana", "hinted", "a1"),
    _claim("Dee", "friendOf", "Ana", "hinted", "a2"),  # the same status: no conflict, and not romantic
    _claim("Cy", "kissed", "Eve", "denied", "a2"),  # denied only: no romantic link
]


@pytest.fixture(scope="module")
def summary_stores():
    from graph.build import build_graph
    from graph.rdf import to_rdf

    return loaded(to_rdf(build_graph(SUMMARY_CLAIMS), with_ontology=False))


def test_a_conflict_is_another_status_from_another_article_counted_per_status(summary_stores):
    rows = answer(summary_stores, "conflicts")
    assert table(rows, "subject", "edge", "object", "status", "articles") == [
        ("Ana", "partnerOf", "Ben", "Confirmed", "2"),
        ("Ana", "partnerOf", "Ben", "Denied", "1"),
        ("Ben", "kissed", "Cy", "Confirmed", "1"),
        ("Ben", "kissed", "Cy", "Hinted", "2"),
    ]


def test_love_triangles_follow_every_romantic_claim_but_denials(summary_stores):
    rows = answer(summary_stores, "love-triangles")
    # Cy-Dee holds (confirmed in a1, whatever a1 also denies); Cy-Eve is only denied; Dee-Ana are friends
    assert table(rows, "character", "first", "second") == [("Ben", "Ana", "Cy"), ("Cy", "Ben", "Dee")]
    assert table(answer(summary_stores, "love-triangles", character="Cy"), "first", "second") == [("Ben", "Dee")]


# Claims written out by hand for the corners of the season query, which looks for fewer names.
CORNERS = """
@prefix fk: <https://w3id.org/fankg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix : <https://example.org/> .

:ana rdfs:label "Ana" . :ben rdfs:label "Ben" . :cy rdfs:label "Cy" .
:a1 rdfs:label "one" . :a2 rdfs:label "two" . :a3 rdfs:label "three" .
:quay3 a fk:Season ; rdfs:label "Quay Season 3" ; skos:altLabel "Season 3" .
:other3 a fk:Season ; rdfs:label "Other Season 3" ; skos:altLabel "Season 3" .

:c1 a fk:Claim ; rdf:subject :ana ; rdf:predicate fk:partnerOf ; rdf:object :ben ; fk:status fk:Confirmed ;
    prov:value "c1" ; prov:wasDerivedFrom :a1 .
:c2 a fk:Claim ; rdf:subject :ana ; rdf:predicate fk:partnerOf ; rdf:object :ben ; fk:status fk:Denied ;
    prov:value "c2" ; prov:wasDerivedFrom :a1 .
:c3 a fk:Claim ; rdf:subject :ana ; rdf:predicate fk:partnerOf ; rdf:object :ben ; fk:status fk:Confirmed ;
    prov:value "c3" ; prov:wasDerivedFrom :a2 .
:c4 a fk:Claim ; rdf:subject :ben ; rdf:predicate fk:kissed ; rdf:object :cy ; fk:status fk:Hinted ;
    prov:value "c4 in season 3" ; prov:wasDerivedFrom :a1 .
:c5 a fk:Claim ; rdf:subject :ben ; rdf:predicate fk:kissed ; rdf:object :cy ; fk:status fk:Hinted ;
    prov:value "c5 in OTHER SEASON 3" ; prov:wasDerivedFrom :a3 .
:c6 a fk:Claim ; rdf:subject :ben ; rdf:predicate fk:kissed ; rdf:object :cy ; fk:status fk:Confirmed ;
    prov:value "c6" ; prov:wasDerivedFrom :a1 .
:c7 a fk:Claim ; rdf:subject :cy ; rdf:predicate fk:livesIn ; rdf:object :quay3 ; fk:status fk:Speculated ;
    prov:value "c7" ; prov:wasDerivedFrom :a2 .
"""


@pytest.fixture(scope="module")
def corner_stores():
    return loaded(Graph().parse(data=CORNERS, format="turtle"))


def test_a_season_is_found_by_any_of_its_names_in_a_sentence(corner_stores):
    quay = answer(corner_stores, "season", season="quay season 3")
    # its alias "Season 3" is in both sentences; c7 is about it; c6 is a fact
    assert [r["quote"] for r in quay] == ["c4 in season 3", "c5 in OTHER SEASON 3", "c7"]
    assert [r["quote"] for r in answer(corner_stores, "season", season="Season 3")] == [r["quote"] for r in quay]
    assert answer(corner_stores, "season", season="season") == []


# ---------------------------------------------------------------- the seed corpus


def test_every_library_query_runs_on_the_seed_with_the_same_answers_everywhere(seed_stores):
    params = {"character": {"character": "Gabriel"}, "season": {"season": "Season 2"}, "outlet": {"outlet": "Vanity Fair"}}
    for name in LIBRARY:
        answer(seed_stores, name, **params.get(name, {}))


def test_seed_facts_the_client_knows(seed_stores):
    cast = {(r["actor"], r["character"]) for r in answer(seed_stores, "cast-list")}
    assert {("Lily Collins", "Emily Cooper"), ("Lucas Bravo", "Gabriel")} <= cast
    gabriel = answer(seed_stores, "character", character="gabriel")
    assert ("Lucas Bravo", "plays", "Gabriel", "Confirmed") in table(gabriel, "subject", "edge", "object", "status")
    hints = answer(seed_stores, "hints")
    assert hints and {short(r["status"]) for r in hints} <= {"Hinted", "Speculated"}
    assert "Lucas Bravo" in {r["speaker"] for r in hints}, "Lucas Bravo's hint to Cosmopolitan is lost"
    unplayed = {r["character"] for r in answer(seed_stores, "no-actor")}
    assert not unplayed & {"Emily Cooper", "Gabriel"}
    interviews = {(r["outlet"], r["via"]) for r in answer(seed_stores, "outlets")}
    assert ("Vanity Fair", "interview") in interviews
    told = {r["speaker"] for r in answer(seed_stores, "outlet", outlet="Vanity Fair")}
    assert "Darren Star" in told
    season = answer(seed_stores, "season", season="Season 2")
    assert season and all(short(r["status"]) != "Confirmed" for r in season)
    assert answer(seed_stores, "conflicts") == []  # one article cannot disagree with another


def test_query_command_on_the_seed_prints_a_table_csv_and_json():
    proc = run_fankg("query", "cast-list")
    assert proc.returncode == 0, proc.stderr
    assert any(line.split()[:4] == ["Lily", "Collins", "Emily", "Cooper"] for line in proc.stdout.splitlines())
    proc = run_fankg("query", "character", SEEDS, "--param", "character=Emily Cooper", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {"character", "subject", "edge", "object", "status", "quote"} <= set(rows[0])
    assert any(r["subject"] == "Lily Collins" and r["edge"] == FK + "plays" for r in rows)
    proc = run_fankg("query", f"PREFIX fk: <{FK}> SELECT ?a ?b WHERE {{ ?a fk:plays ?b }}", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["head"]["vars"] == ["a", "b"]
    assert {"type": "uri", "value": "https://w3id.org/fankg/person/lily-collins"} in [
        b["a"] for b in doc["results"]["bindings"]]


# ---------------------------------------------------------------- parameters are terms, never text

HOSTILE = 'nobody") || true || ("'


def test_a_hostile_parameter_cannot_change_the_query(story_stores):
    assert answer(story_stores, "character", character=HOSTILE) == []
    # the same value pasted into the text would have turned the filter off and returned every claim
    pasted = LIBRARY["character"].text.replace("LCASE(STR(?character))", f'LCASE("{HOSTILE}")')
    spliced = run_query(story_stores["rdflib"], Query("pasted", pasted))
    assert len(spliced.rows) == len(story_build().claims)


def test_a_hostile_parameter_on_the_command_line_returns_nothing_rather_than_everything(tmp_path):
    proc = run_fankg("query", "character", SEEDS, "--param", f"character={HOSTILE}", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"]["bindings"] == []


def test_an_iri_parameter_is_bound_as_an_iri(story_stores):
    query = Query("ad hoc", f"PREFIX fk: <{FK}> SELECT ?who ?role WHERE {{ ?who fk:plays ?role }}")
    for db in story_stores.values():
        result = run_query(db, query, {"role": "<https://w3id.org/fankg/character/juno-vale>"})
        assert result.records() == [{"who": "https://w3id.org/fankg/person/mara-quill",
                                     "role": "https://w3id.org/fankg/character/juno-vale"}]
        assert run_query(db, query, {"role": "https://w3id.org/fankg/character/juno-vale"}).rows == []


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("args, message", [
    (["SELECT ?a WHERE { ?a fk:plays ?b "], "SPARQL syntax error at line 1, column 34"),
    (["SELECT ?a\nWHERE {\n  ?a nope:plays ?b }"], "line 3, column 6: unknown prefix 'nope:'"),
    (["cast-lst"], "unknown query 'cast-lst' (did you mean cast-list?)"),
    (["character"], "character needs --param character=VALUE"),
    (["character", "--param", "who=Gabriel"], "--param who: unknown parameter for character; it takes: character"),
    (["hints", "--param", "Gabriel"], "--param #1 'Gabriel': expected NAME=VALUE"),
    (["SELECT ?a WHERE { ?a fk:plays ?b }", "--param", "b=x"], "?b is not a projected variable"),
    (["missing.rq"], "missing.rq: no such query file"),
    (["cast-list", "--base", "nope"], "--base 'nope': not an absolute IRI"),
    ([], "no query given"),
])
def test_bad_queries_and_parameters_give_one_clear_line(args, message):
    proc = run_fankg("query", *args)
    assert proc.returncode != 0
    assert message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_query_file_with_a_syntax_error_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: Broken\n# question: Nothing, it does not parse at all, on purpose.\n"
                   "SELECT ?a WHERE {\n  ?a ?b \n}\n", encoding="utf-8")
    with pytest.raises(BadQuery, match=r"bad\.rq: SPARQL syntax error at line 4, column 3"):
        check(resolve(str(bad)))


# ---------------------------------------------------------------- packaging


def test_the_library_ships_in_the_wheel(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "graph", src / "graph", symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "queries", src / "queries")
    wheels = tmp_path / "wheels"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(src)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    [wheel] = wheels.glob("*.whl")
    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import graph, graph.query as q; "
            "assert graph.__file__.startswith(sys.argv[1]), graph.__file__; print(' '.join(q.library()))")
    proc = subprocess.run([sys.executable, "-c", code, str(installed)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == sorted(LIBRARY)


def test_an_unknown_store_is_a_clear_error():
    with pytest.raises(BadQuery, match="unknown store 'sqlite'.*rdflib, oxigraph"):
        open_store("sqlite")


def test_an_oxigraph_store_on_disk_answers_like_the_memory_one(tmp_path, story_stores):
    disk = open_store(f"oxigraph:{tmp_path / 'db'}")
    disk.load(build_rdf(story_build()))
    expected = run_query(story_stores["rdflib"], "cast-list").rows
    assert run_query(disk, "cast-list").rows == expected
    assert Literal("Mara Quill") in {row[0] for row in expected}
