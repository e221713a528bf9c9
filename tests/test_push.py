"""`fankg push` against a real Oxigraph server that the tests start, then queried over HTTP
with the query library (the ``sparql:URL`` store)."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import BNode

from graph import query as query_lib
from graph.pipeline import run
from graph.rdf import build_rdf
from graph.store import SparqlStore

from .conftest import DATA, SEEDS, run_fankg

GRAPH = "https://example.org/graph/test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` command is missing: `make install` installs it (pip package oxigraph)")
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`oxigraph serve` on a free loopback port; yields its base URL, stopped at the end."""
    port = _free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(folder / "db"), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):  # up to 30 s for the server to listen
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {proc.stderr.read().decode(errors='replace')}")
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).close()
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        else:
            pytest.fail("oxigraph serve did not answer within 30 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _store(url, graph=GRAPH):
    return SparqlStore(f"{url}/query?default-graph-uri={urllib.parse.quote(graph, safe='')}")


def _count(url, graph=GRAPH, ground=False) -> int:
    """Triples in a graph of the server (``ground``: only those without blank nodes)."""
    only = "FILTER (!isBlank(?s) && !isBlank(?o))" if ground else ""
    result = query_lib.run_query(_store(url, graph), f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o {only} }}")
    return int(result.rows[0][0])


def _ground(g) -> int:
    return sum(1 for s, _, o in g if not isinstance(s, BNode) and not isinstance(o, BNode))


@pytest.fixture(scope="module")
def seed_rdf():
    return build_rdf(run([SEEDS]))


@pytest.fixture(scope="module")
def cast_rdf():
    return build_rdf(run([DATA / "cast.txt"]))


def test_push_replaces_a_named_graph_that_the_query_library_then_reads_over_http(server, seed_rdf, tmp_path):
    proc = run_fankg("push", SEEDS, "--endpoint", f"{server}/store", "--graph", GRAPH, "--cache", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"replaced <{GRAPH}> with {len(seed_rdf):,} triples from 1 article(s)" in proc.stdout
    assert _count(server) == len(seed_rdf)

    local = query_lib.query_graph(seed_rdf, "cast-list")
    remote = query_lib.run_query(_store(server), "cast-list")
    assert remote.rows and remote.variables == local.variables
    assert sorted(remote.rows, key=str) == sorted(local.rows, key=str)


def test_query_command_reads_the_server(server, tmp_path):
    pushed = run_fankg("push", SEEDS, "--endpoint", f"{server}/store", "--graph", GRAPH, "--cache", tmp_path)
    assert pushed.returncode == 0, pushed.stderr
    spec = f"sparql:{server}/query?default-graph-uri={urllib.parse.quote(GRAPH, safe='')}"
    local = run_fankg("query", "character", "--param", "character=Emily", "--cache", tmp_path, "--format", "csv")
    remote = run_fankg("query", "character", "--param", "character=Emily", "--store", spec, "--format", "csv",
                       "no/corpus/needed")
    assert local.returncode == 0 and remote.returncode == 0, remote.stderr
    assert len(local.stdout.splitlines()) > 1
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())


def test_append_adds_and_replace_starts_over(server, seed_rdf, cast_rdf, tmp_path):
    graph = "https://example.org/graph/append-test"
    common = ["--endpoint", f"{server}/store", "--graph", graph, "--cache", tmp_path]
    assert run_fankg("push", SEEDS, *common).returncode == 0
    added = run_fankg("push", DATA / "cast.txt", *common, "--append")
    assert added.returncode == 0, added.stderr
    assert f"added to <{graph}>" in added.stdout
    # a set union: shared triples once (blank nodes of the ontology are new ones on each push)
    assert _count(server, graph, ground=True) == _ground(seed_rdf + cast_rdf)
    assert _ground(seed_rdf + cast_rdf) > max(_ground(seed_rdf), _ground(cast_rdf))

    replaced = run_fankg("push", DATA / "cast.txt", *common, "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert _count(server, graph) == len(cast_rdf)
    assert _count(server, GRAPH) in (0, len(seed_rdf))  # another graph is never touched


def test_parameters_sent_over_http_are_data_not_query_text(server, tmp_path):
    assert run_fankg("push", SEEDS, "--endpoint", f"{server}/store", "--graph", GRAPH, "--cache", tmp_path
                     ).returncode == 0
    before = _count(server)
    hostile = 'Emily")) } } ; DROP ALL ; SELECT * { ?a ?b "'
    result = query_lib.run_query(_store(server), "character", {"character": hostile})
    assert result.rows == []
    assert _count(server) == before > 0


@pytest.mark.parametrize("endpoint, message", [
    ("http://127.0.0.1:{closed}/store", "cannot reach http://127.0.0.1:"),
    ("{server}/no-such-service", "HTTP 404"),
    ("ftp://example.org/store", "is not an http(s) URL"),
])
def test_push_failures_give_one_line(server, tmp_path, endpoint, message):
    url = endpoint.format(server=server, closed=_free_port())
    proc = run_fankg("push", SEEDS, "--endpoint", url, "--cache", tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_bad_graph_iri_is_refused_before_any_work(tmp_path):
    proc = run_fankg("push", SEEDS, "--endpoint", "http://127.0.0.1:9/store", "--graph", "not an iri")
    assert proc.returncode == 2
    assert "is not an absolute IRI" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_credentials_in_the_url_are_sent_but_never_printed(server, tmp_path):
    # Oxigraph ignores authorization; the point is that the password never reaches the output
    url = server.replace("http://", "http://fan:s3cret@") + "/no-such-service"
    proc = run_fankg("push", SEEDS, "--endpoint", url, "--cache", tmp_path)
    assert proc.returncode == 2 and "HTTP 404" in proc.stderr
    assert "s3cret" not in proc.stderr + proc.stdout
