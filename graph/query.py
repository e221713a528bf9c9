"""SPARQL over the built graph: the query library in ``queries/``, safe parameters, and
pluggable stores.

A query is a library name (``cast-list``), a ``.rq`` file or SPARQL text. Parameters are bound
as RDF terms through the engine's own binding (rdflib ``initBindings``, Oxigraph
``substitutions``), never pasted into the query text, so a value can never change the query.
A parameter must be a projected variable of the query (Oxigraph substitutes those only);
library queries declare theirs in their header comment::

    # title: Everything about one character
    # question: Every edge touching the character, in any status, with its evidence.
    # param: character  required. Label or alias of the character, any case.

Stores are looked up by name in :data:`STORES` (``rdflib`` in memory; ``oxigraph``, in
memory or on disk with ``oxigraph:PATH``); every store answers the same library the same way.

>>> sorted(library())[:2]
['cast-list', 'character']
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import BadQuery
from .namespace import DEFAULT_BASE, VOCAB_PREFIXES, data_prefixes
from .results import FORMATS, Result, format_result  # noqa: F401 - part of this module's interface
from .serialize import OxTerms, from_ox

# ---------------------------------------------------------------- the library


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    required: bool


@dataclass(frozen=True)
class Query:
    """A SPARQL query and what its header comment says about it."""

    name: str
    text: str
    title: str = ""
    question: str = ""
    params: tuple[Param, ...] = ()
    declared: bool = False  # True when the header lists the parameters (library files)

    @property
    def where(self) -> str:
        return self.name


_HEADER = re.compile(r"#\s*(title|question|param)\s*:\s*(.*)", re.IGNORECASE)


def parse_header(text: str) -> dict:
    """The ``# key: value`` lines at the top of a query (continuation lines are indented).

    >>> h = parse_header("# title: Cast\\n# param: who  required. A name.\\nSELECT ...")
    >>> h["title"], h["params"][0]
    ('Cast', Param(name='who', description='A name.', required=True))
    """
    fields: dict = {"title": "", "question": "", "params": []}
    last = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER.match(stripped)
        if m:
            key, value = m.group(1).lower(), m.group(2).strip()
            if key == "param":
                name, _, desc = value.partition(" ")
                fields["params"].append([name, desc.strip()])
            else:
                fields[key] = value
            last = key
        elif last and re.match(r"#\s{2,}\S", stripped):
            more = stripped.lstrip("#").strip()
            if last == "param":
                fields["params"][-1][1] += " " + more
            else:
                fields[last] += " " + more
        else:
            last = None
    params = []
    for name, desc in fields["params"]:
        marker = re.match(r"(required|optional)\.?\s*", desc, re.IGNORECASE)
        if marker:
            params.append(Param(name, desc[marker.end():], marker.group(1).lower() == "required"))
        else:
            params.append(Param(name, desc, False))
    fields["params"] = params
    return fields


def _query_from_text(name: str, text: str) -> Query:
    h = parse_header(text)
    return Query(name, text, h["title"], h["question"], tuple(h["params"]), declared=bool(h["title"]))


def library_dir():
    """The folder of the query library: ``graph/queries`` (a link to the top-level ``queries/``)."""
    return resources.files("graph").joinpath("queries")


def library() -> dict[str, Query]:
    """Every query of the library by name (the file name without ``.rq``)."""
    found = {}
    for entry in library_dir().iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = _query_from_text(name, entry.read_text(encoding="utf-8"))
    return dict(sorted(found.items()))


def resolve(spec: str) -> Query:
    """A library name, a ``.rq`` file or SPARQL text, as a :class:`Query`."""
    text, spec = spec or "", (spec or "").strip()
    if not spec:
        raise BadQuery("no query given; give a library name (see `fankg query --list`), a .rq file or SPARQL text")
    if re.fullmatch(r"[\w./\\:~-]+", spec):
        path = Path(spec)
        if path.is_file():
            try:
                return _query_from_text(str(path), path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as err:
                raise BadQuery(f"{path}: cannot read the query file ({err}); save it as UTF-8 text") from None
        if spec.endswith(".rq") or "/" in spec:
            raise BadQuery(f"{spec}: no such query file")
        lib = library()
        if spec in lib:
            return lib[spec]
        close = difflib.get_close_matches(spec, lib, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise BadQuery(f"unknown query {spec!r}{hint}; `fankg query --list` shows the library")
    return _query_from_text("query text", text)  # unstripped, so error positions match what was typed


# ---------------------------------------------------------------- checking and binding


@dataclass
class Checked:
    """A query that parsed: its form and the variables a parameter may bind."""

    query: Query
    prepared: Any  # rdflib's prepared Query
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    bindable: tuple[str, ...]


def default_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Prefixes every query may use without declaring them (the library declares its own)."""
    return {**VOCAB_PREFIXES, **data_prefixes(base)}


def check(query: Query, base: str = DEFAULT_BASE) -> Checked:
    """Parse the query; a syntax error becomes one line with its line and column."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(query.text, initNs=default_prefixes(base))
    except ParseException as err:
        msg = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)", "", str(err)).strip()
        raise BadQuery(f"{query.where}: SPARQL syntax error at line {err.lineno}, column {err.col}: {msg}") from None
    except Exception as err:  # rdflib raises bare Exceptions for unknown prefixes and the like
        m = re.match(r"Unknown namespace prefix\s*:\s*(\S*)", str(err))
        msg = f"unknown prefix '{m.group(1)}:'; declare it with PREFIX {m.group(1)}: <IRI>" if m else str(err)
        raise BadQuery(f"{query.where}: {_position_of(query.text, str(err))}{msg}") from None
    algebra = prepared.algebra
    service = _service_in(algebra)
    if service is not None:  # both engines would send part of the query, and bound values, to that server
        raise BadQuery(f"{query.where}: SERVICE <{service}> is not allowed; fankg queries only the local graph "
                       "and never contacts other servers")
    form = algebra.name.replace("Query", "").upper()
    if form == "SELECT":
        names = [str(v) for v in algebra["PV"]]
    else:
        names = sorted(str(v) for v in getattr(algebra.p, "_vars", ()))
    return Checked(query, prepared, form, tuple(names))


def _service_in(node):
    """The IRI of the first SERVICE clause in an rdflib algebra tree, or None."""
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return str(node.get("term", ""))
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list | tuple) else ()
    return next((iri for child in children if (iri := _service_in(child)) is not None), None)


def _position_of(text: str, message: str) -> str:
    """'line L, column C: ' for the prefix an rdflib error names, when it can be found."""
    m = re.search(r"prefix\s*:?\s*(\w*)", message, re.IGNORECASE)
    if not m:
        return ""
    hit = re.search(rf"(?<![\w:<]){re.escape(m.group(1))}:", _strip_comments(text))
    if not hit:
        return ""
    line = text.count("\n", 0, hit.start()) + 1
    col = hit.start() - (text.rfind("\n", 0, hit.start()) + 1) + 1
    return f"line {line}, column {col}: "


def _strip_comments(text: str) -> str:
    """The text with # comments blanked out (same length, so positions still hold)."""
    return re.sub(r"(?m)^(\s*)#.*$", lambda m: " " * len(m.group(0)), text)


def parse_params(pairs) -> dict[str, str]:
    """``["name=value", ...]`` from the command line into a dict."""
    params: dict[str, str] = {}
    for n, pair in enumerate(pairs, 1):
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", name):
            raise BadQuery(f"--param #{n} {pair!r}: expected NAME=VALUE, e.g. --param character='Kay Moss'")
        params[name] = value
    return params


def param_term(value) -> URIRef | Literal:
    """A parameter value as an RDF term: ``<iri>`` is an IRI, anything else a plain string.

    >>> param_term("Kay"), param_term("<https://example.org/x>")
    (rdflib.term.Literal('Kay'), rdflib.term.URIRef('https://example.org/x'))
    """
    if isinstance(value, URIRef | Literal):
        return value
    text = str(value)
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", iri):
            raise BadQuery(f"parameter value {text!r} is not an absolute IRI")
        return URIRef(iri)
    return Literal(text)


def bind(checked: Checked, params: dict) -> dict[str, URIRef | Literal]:
    """Check the parameters against the query and turn them into RDF terms."""
    query = checked.query
    allowed = [p.name for p in query.params] if query.declared else list(checked.bindable)
    mentioned = set(re.findall(r"[?$](\w+)", _strip_comments(query.text)))
    for name in params:
        if name not in allowed and (query.declared or name not in mentioned):
            takes = ", ".join(allowed) if allowed else "no parameters"
            raise BadQuery(f"--param {name}: unknown parameter for {query.where}; it takes: {takes}")
        if name not in checked.bindable:
            raise BadQuery(f"--param {name}: ?{name} is not a projected variable of {query.where}; "
                           f"add it to the SELECT clause so every store can bind it")
    for p in query.params:
        if p.required and p.name not in params:
            raise BadQuery(f"{query.where} needs --param {p.name}=VALUE ({p.description})")
    return {name: param_term(value) for name, value in params.items()}


# ---------------------------------------------------------------- stores


class RdflibStore:
    """rdflib's in-memory graph: the default store."""

    name = "rdflib"

    def __init__(self, location: str | None = None):
        if location:
            raise BadQuery("the rdflib store is in memory only; use oxigraph:PATH for a store on disk")
        self.graph = Graph()

    def load(self, graph: Graph) -> None:
        for triple in graph:
            self.graph.add(triple)

    def query(self, checked: Checked, bindings: dict, prefixes: dict) -> Result:
        try:
            res: Any = self.graph.query(checked.prepared, initBindings=bindings)
            if res.type == "ASK":
                return Result("ASK", boolean=bool(res.askAnswer))
            if res.type in ("CONSTRUCT", "DESCRIBE"):
                out = Graph()
                for triple in res:
                    out.add(triple)
                return Result(res.type, graph=out)
            variables = [str(v) for v in res.vars or ()]
            rows = [tuple(_plain(row[i]) for i in range(len(variables))) for row in res]
            return Result("SELECT", variables, rows)
        except BadQuery:
            raise
        except Exception as err:  # rdflib reports evaluation problems as bare Exceptions
            raise BadQuery(f"{checked.query.where}: the query failed: {err}") from None


class OxigraphStore:
    """pyoxigraph's store, in memory or on disk (``location``): fast on big graphs."""

    name = "oxigraph"

    def __init__(self, location: str | None = None):
        try:
            import pyoxigraph
        except ImportError:
            raise BadQuery("the oxigraph store needs pyoxigraph: pip install pyoxigraph") from None
        self.ox = pyoxigraph
        self.store = pyoxigraph.Store(location) if location else pyoxigraph.Store()

    def load(self, graph: Graph) -> None:
        data = graph.serialize(format="nt", encoding="utf-8")
        self.store.bulk_load(data, format=self.ox.RdfFormat.N_TRIPLES)

    def query(self, checked: Checked, bindings: dict, prefixes: dict) -> Result:
        ox = self.ox
        to_ox = OxTerms()
        subs = {ox.Variable(name): to_ox(term) for name, term in bindings.items()}
        try:
            res: Any = self.store.query(checked.query.text, prefixes=prefixes, substitutions=subs)
        except (SyntaxError, ValueError, RuntimeError, OSError) as err:
            raise BadQuery(f"{checked.query.where}: {err}") from None
        if isinstance(res, ox.QueryBoolean):
            return Result("ASK", boolean=bool(res))
        if isinstance(res, ox.QueryTriples):
            out = Graph()
            for t in res:
                out.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
            return Result(checked.form, graph=out)
        variables = [v.value for v in res.variables]
        convert = _memo_from_ox()
        rows = [tuple(map(convert, sol)) for sol in res]  # a solution unpacks in the order of its variables
        return Result("SELECT", variables, rows)


#: store name -> class; each takes an optional location and has load() and query().
STORES = {"rdflib": RdflibStore, "oxigraph": OxigraphStore}


def open_store(spec: str = "rdflib"):
    """A store from ``name`` or ``name:LOCATION`` (e.g. ``oxigraph:/data/fankg``)."""
    name, _, location = spec.partition(":")
    if name not in STORES:
        raise BadQuery(f"unknown store {spec!r}; known stores: {', '.join(STORES)} (oxigraph:PATH for one on disk)")
    return STORES[name](location or None)


def _plain(term):
    """rdflib terms as both stores give them: a plain string has no xsd:string datatype."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _from_ox(term):
    if term is None:
        return None
    try:
        return from_ox(term)
    except TypeError:
        raise BadQuery(f"unsupported term in a query answer: {term!r}") from None


def _memo_from_ox():
    """:func:`_from_ox` remembering the terms it made, for one answer: big answers repeat the same
    labels, edges and statuses, and a dict look-up costs far less than building an rdflib term."""
    made: dict = {}

    def convert(term):
        if term is None:
            return None
        out = made.get(term)
        if out is None:
            out = made[term] = _from_ox(term)
        return out

    return convert


# ---------------------------------------------------------------- running


def run_query(store, query: Query | str, params: dict | None = None, base: str = DEFAULT_BASE) -> Result:
    """Run one query on a loaded store with parameters bound as RDF terms."""
    if isinstance(query, str):
        query = resolve(query)
    checked = check(query, base)
    bindings = bind(checked, params or {})
    return store.query(checked, bindings, default_prefixes(base))


def query_graph(graph: Graph, query: Query | str, params: dict | None = None, store: str = "rdflib",
                base: str = DEFAULT_BASE) -> Result:
    """Load ``graph`` into a fresh store and run one query on it."""
    db = open_store(store)
    db.load(graph)
    return run_query(db, query, params, base)


def describe_library() -> str:
    """The text of ``fankg query --list``: each query's name, title, question and parameters."""
    blocks = []
    for name, q in library().items():
        lines = [f"{name}: {q.title}"]
        if q.question:
            lines.append(f"    {q.question}")
        for p in q.params:
            lines.append(f"    --param {p.name}=...  ({'required' if p.required else 'optional'}) {p.description}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
