"""Stores for big graphs and shared servers, plugged into the query library's store table
(:data:`graph.query.STORES`): the same queries, the same answers, wherever the graph lives.

- ``oxigraph:PATH``: Oxigraph on disk. :func:`open_build_store` loads a build into it once and
  reuses it while the build is unchanged (a fingerprint of the build is kept in the store),
  so querying a 10,000-article graph does not re-load a million triples every time.
- ``sparql:URL``: a SPARQL 1.1 query endpoint over HTTP (Oxigraph server ``/query``, Fuseki
  ``/DATASET/sparql``, GraphDB, Virtuoso), e.g. one filled by ``fankg push``. The protocol has
  no parameter binding, so parameters travel as a ``VALUES`` block of escaped RDF terms at the
  start of the query's WHERE group: data, never query text.

>>> with_values("SELECT ?a WHERE { ?a ?b ?c }", {"c": Literal('say "hi"')}, "SELECT")
'SELECT ?a WHERE { VALUES (?c) { ("say \\\\"hi\\\\"") } ?a ?b ?c }'
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import fields
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from . import query as query_lib
from .errors import BadInput, BadQuery
from .namespace import DEFAULT_BASE

#: The named graph of the store's own bookkeeping (queries read the default graph, not this).
META_GRAPH = "urn:fankg:store"
_FINGERPRINT = "urn:fankg:store#buildFingerprint"
_HERE = Path(__file__).resolve().parent
#: Code that decides the RDF of a build (extraction is covered by the claims themselves).
_RDF_CODE = ("build.py", "rdf.py", "summary.py", "namespace.py", "ontology.ttl")


# ---------------------------------------------------------------- Oxigraph on disk


def build_fingerprint(build, base: str = DEFAULT_BASE) -> str:
    """A hash of everything the RDF of a build is made from: its claims, articles and our RDF code."""
    h = hashlib.sha256(base.encode() + b"\0")
    for name in _RDF_CODE:
        path = _HERE / name
        if path.exists():
            h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for article in sorted(build.articles, key=lambda a: a.id):
        h.update(json.dumps([getattr(article, f.name) for f in fields(article)], ensure_ascii=False).encode())
    for s, o, p, data in sorted(build.graph.edges(keys=True, data=True)):
        h.update(json.dumps([s, p, o, data, build.graph.nodes[s], build.graph.nodes[o]], sort_keys=True,
                            ensure_ascii=False, default=str).encode())
    return h.hexdigest()


def reads_corpus(spec: str) -> bool:
    """Whether a store must be loaded from the corpus (a SPARQL server already holds the graph).

    Also refuses an unknown store name before any work is done.
    """
    name = spec.partition(":")[0]
    if name not in query_lib.STORES:
        raise BadQuery(f"unknown store {spec!r}; known stores: rdflib, oxigraph, oxigraph:PATH (on disk), "
                       "sparql:URL (a SPARQL server's query URL)")
    return name != SparqlStore.name


def open_build_store(build, spec: str = "rdflib", base: str = DEFAULT_BASE):
    """A store from ``spec`` holding the build's graph, and whether it had to be (re)loaded.

    An on-disk Oxigraph store that already holds this very build is used as it is.
    """
    name, _, location = spec.partition(":")
    if name == SparqlStore.name:  # filled by `fankg push`, never loaded from here
        return SparqlStore(location), False
    if name == "oxigraph" and location:
        store = _open_oxigraph(location)
        fingerprint = build_fingerprint(build, base)
        if _stored_fingerprint(store) == fingerprint:
            return store, False
        load_oxigraph(store, build, base)
        _set_fingerprint(store, fingerprint)
        return store, True
    store = query_lib.open_store(spec)
    if isinstance(store, query_lib.OxigraphStore):
        load_oxigraph(store, build, base)
    else:
        from .rdf import build_rdf

        store.load(build_rdf(build, base))
    return store, True


def _open_oxigraph(location: str):
    try:
        return query_lib.OxigraphStore(location)
    except OSError as err:
        raise BadInput(f"cannot open the oxigraph store at {location} ({err}); another fankg may be using it, "
                       "or the folder is not an oxigraph store") from None


def load_oxigraph(store, build, base: str = DEFAULT_BASE) -> None:
    """Replace the store's default graph by the build's RDF, straight from the quads (no rdflib graph)."""
    from .rdf import to_quads

    ox = store.ox
    db = store.store
    db.clear_graph(ox.DefaultGraph())
    default = ox.DefaultGraph()
    batch = []
    for quad in to_quads(build.graph, build.articles, base):  # every graph's statements, in the default graph
        batch.append(ox.Quad(quad.subject, quad.predicate, quad.object, default))
        if len(batch) >= 100_000:
            db.bulk_extend(batch)
            batch = []
    db.bulk_extend(batch)
    db.flush()


def _stored_fingerprint(store) -> str | None:
    ox = store.ox
    for quad in store.store.quads_for_pattern(None, ox.NamedNode(_FINGERPRINT), None, ox.NamedNode(META_GRAPH)):
        return quad.object.value
    return None


def _set_fingerprint(store, fingerprint: str) -> None:
    ox = store.ox
    meta = ox.NamedNode(META_GRAPH)
    store.store.clear_graph(meta)
    store.store.add(ox.Quad(meta, ox.NamedNode(_FINGERPRINT), ox.Literal(fingerprint), meta))
    store.store.flush()


# ---------------------------------------------------------------- a SPARQL endpoint over HTTP


class SparqlStore:
    """A SPARQL 1.1 query endpoint over HTTP; it is filled with ``fankg push``, not loaded here.

    Protocol parameters may follow the URL: ``?default-graph-uri=IRI`` queries the named graph
    that ``fankg push`` wrote as if it were the default graph.
    """

    name = "sparql"

    def __init__(self, location: str | None = None, timeout: float = 60):
        if not location or not re.match(r"https?://[^\s/]+", location):
            raise BadQuery(f"sparql:{location or ''} needs the server's query URL, e.g. "
                           "sparql:http://localhost:7878/query")
        parts = urllib.parse.urlsplit(location)
        self.url = urllib.parse.urlunsplit(parts._replace(query="", fragment=""))
        # sent in the form body beside the query: servers read protocol parameters from there
        self.protocol = urllib.parse.parse_qsl(parts.query)
        self.timeout = timeout

    def load(self, graph: Graph) -> None:
        raise BadQuery("a SPARQL server is not loaded by queries; send the graph with `fankg push` first")

    def query(self, checked, bindings: dict, prefixes: dict):
        text = with_values(checked.query.text, bindings, checked.form)
        declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w.-]*):", text)}
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items() if p.lower() not in declared)
        graph_form = checked.form in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph_form else "application/sparql-results+json"
        body = self._post(prologue + text, accept, checked.query.where)
        if graph_form:
            out = Graph()
            out.parse(data=body.decode("utf-8"), format="nt")
            return query_lib.Result(checked.form, graph=out)
        doc = json.loads(body)
        if "boolean" in doc:
            return query_lib.Result("ASK", boolean=bool(doc["boolean"]))
        variables = list(doc["head"]["vars"])
        rows = [tuple(_from_json(b.get(v)) for v in variables) for b in doc["results"]["bindings"]]
        return query_lib.Result("SELECT", variables, rows)

    def _post(self, text: str, accept: str, where: str) -> bytes:
        data = urllib.parse.urlencode([("query", text), *self.protocol]).encode()
        request = urllib.request.Request(self.url, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as err:
            detail = " ".join(err.read(300).decode("utf-8", "replace").split())
            raise BadQuery(f"{where}: {self.url} answered HTTP {err.code} {err.reason}"
                           f"{': ' + detail if detail else ''}") from None
        except (urllib.error.URLError, OSError) as err:
            raise BadQuery(f"cannot reach the SPARQL endpoint {self.url} ({getattr(err, 'reason', err)})") from None


def _from_json(value: dict | None):
    """A term of the SPARQL JSON results format as the other stores give it."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != str(XSD.string):
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


def term_text(term) -> str:
    """An RDF term in SPARQL syntax, escaped so that it can only ever be one term.

    >>> term_text(Literal('a"} DROP ALL #'))
    '"a\\\\"} DROP ALL #"'
    """
    if isinstance(term, URIRef):
        if re.search(r"[\s<>\"{}|\\^`]", str(term)):
            raise BadQuery(f"parameter value <{term}> is not an IRI")
        return f"<{term}>"
    text = str(term)
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(raw, escaped)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype and term.datatype != XSD.string:
        return f'"{text}"^^{term_text(URIRef(term.datatype))}'
    return f'"{text}"'


_SKIP = re.compile(r"""
    \#[^\n]*                                  # a comment
  | <[^<>"{}|^`\\\x00-\x20]*>                 # an IRI
  | '''(?:[^'\\]|\\.|'(?!''))*'''             # long strings
  | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
  | '(?:[^'\\\n]|\\.)*'                       # short strings
  | "(?:[^"\\\n]|\\.)*"
""", re.VERBOSE)


def _where_brace(text: str, form: str) -> int:
    """Where the WHERE group of a query opens: the first top-level ``{`` (the second for a
    CONSTRUCT with a template), skipping comments, IRIs and strings."""
    depth = parens = 0
    seen = 0
    i = 0
    while i < len(text):
        m = _SKIP.match(text, i)
        if m:
            i = m.end()
            continue
        c = text[i]
        if c == "(":
            parens += 1
        elif c == ")":
            parens -= 1
        elif c == "{" and depth == 0 and parens == 0:
            seen += 1
            before = text[:i].rstrip()
            if form != "CONSTRUCT" or seen == 2 or re.search(r"(?i)\bWHERE$", before):
                return i
            depth += 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    raise BadQuery("cannot find the WHERE clause of the query to bind its parameters")


def with_values(text: str, bindings: dict, form: str) -> str:
    """The query with its parameters as a VALUES block opening the WHERE group."""
    if not bindings:
        return text
    names = sorted(bindings)
    block = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(term_text(bindings[n]) for n in names) + ") }")
    at = _where_brace(text, form) + 1
    return text[:at] + block + text[at:]


query_lib.STORES.setdefault("sparql", SparqlStore)
