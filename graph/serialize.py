"""Write RDF statements to a file as N-Triples, Turtle, TriG or JSON-LD, streaming.

Writers take pyoxigraph quads (:class:`OxTerms` makes them from rdflib terms) in the order
:func:`graph.rdf.to_quads` yields them: the statements of a subject together, those of a
named graph together, no statement twice. N-Triples, Turtle and TriG are Oxigraph's
serializers, which write as they read: rdflib's writers need a whole ``Graph`` of rdflib
objects and take minutes on a graph of millions of triples, these take seconds. JSON-LD is
ours: compact, with the prefixes as its embedded context, node objects sorted by ``@id``
(the exports sort them within each piece: see :class:`Pieces`).

>>> import io
>>> from rdflib import Literal, URIRef
>>> ex = "https://example.org/"
>>> quads = OxTerms().quads([(URIRef(ex + "a"), URIRef(ex + "p"), Literal("x"), None)])
>>> out = io.BytesIO()
>>> write_rdf(quads, out, "ttl", {"ex": ex})
1
>>> print(out.getvalue().decode())
@prefix ex: <https://example.org/> .
ex:a ex:p "x" .
<BLANKLINE>
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def write_rdf(quads: Iterable[ox.Quad], out, fmt: str, prefixes: dict[str, str]) -> int:
    """Write ``quads`` to the binary file ``out`` in ``fmt`` (a key of :data:`FORMATS`).

    Returns how many statements were written.
    """
    counted = _Counted(quads)
    FORMATS[fmt](counted, out, prefixes)
    return counted.n


class _Counted:
    def __init__(self, quads: Iterable[ox.Quad]):
        self.quads, self.n = quads, 0

    def __iter__(self) -> Iterator[ox.Quad]:
        for quad in self.quads:
            self.n += 1
            yield quad


class OxTerms:
    """rdflib terms to pyoxigraph terms, with IRIs memoised (the same few thousand recur).

    Blank nodes keep their label when Oxigraph accepts it, else get a digest of it: never a
    random one, so files stay the same from run to run.
    """

    def __init__(self):
        self.iris: dict = {}
        self.bnodes: dict = {}

    def __call__(self, term):
        if type(term) is URIRef:
            node = self.iris.get(term)
            if node is None:
                node = self.iris[term] = ox.NamedNode(str(term))
            return node
        if isinstance(term, URIRef):
            return self(URIRef(str(term)))
        if isinstance(term, BNode):
            node = self.bnodes.get(term)
            if node is None:
                node = self.bnodes[term] = ox.BlankNode(_bnode_id(str(term)))
            return node
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=self(URIRef(term.datatype)))
        return ox.Literal(str(term))

    def quads(self, statements: Iterable) -> Iterator[ox.Quad]:
        """``(s, p, o, graph)`` tuples of rdflib terms (graph None: the default graph) as quads."""
        default = ox.DefaultGraph()
        for s, p, o, g in statements:
            yield ox.Quad(self(s), self(p), self(o), default if g is None else self(g))


def from_ox(term):
    """A pyoxigraph term as an rdflib term (a plain string has no xsd:string datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def _bnode_id(label: str) -> str:
    if label.isascii() and label.isalnum() and label[0].isalpha():
        return label
    return "b" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:24]


# ---------------------------------------------------------------- pieces of a file


class Pieces:
    """One format written in pieces that are joined later: a file is ``opening``, the non-empty
    pieces joined by ``separator``, then ``closing``.

    A piece is made from some statements alone (the statements of a subject, and of a named
    graph, must not be split between pieces), and is the same bytes whatever comes before or
    after it, so the pieces of an earlier build can be copied into a new file.
    """

    def __init__(self, fmt: str, prefixes: dict[str, str]):
        if fmt not in FORMATS:
            raise ValueError(f"unknown RDF format {fmt!r}; expected one of {', '.join(FORMATS)}")
        self.fmt, self.prefixes = fmt, prefixes
        self.opening = self.closing = self.separator = b""
        if fmt == "jsonld":
            self.compact = _Compactor(prefixes)
            context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, indent=1)
            self.opening = ('{"@context": ' + context + ',\n"@graph": [\n').encode("utf-8")
            self.separator, self.closing = b",\n", b"\n]}\n"
        elif fmt != "nt":  # Oxigraph writes the prefixes before the first statement
            self.opening = _prefix_lines(self._oxigraph([_SOME_QUAD]))

    def piece(self, quads: Iterable[ox.Quad]) -> bytes:
        if self.fmt == "jsonld":
            return ",\n".join(_jsonld_nodes(quads, self.compact)).encode("utf-8")
        text = self._oxigraph(quads)
        if not text.startswith(self.opening):
            raise AssertionError(f"{self.fmt}: Oxigraph's prefix lines changed")  # pragma: no cover
        return text[len(self.opening):]

    def _oxigraph(self, quads) -> bytes:
        out = io.BytesIO()
        FORMATS[self.fmt](quads, out, self.prefixes)
        return out.getvalue()


_SOME_QUAD = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o"), ox.DefaultGraph())


def _prefix_lines(text: bytes) -> bytes:
    lines = text.splitlines(keepends=True)
    return b"".join(itertools.takewhile(lambda line: line.startswith(b"@prefix "), lines))


# ---------------------------------------------------------------- Oxigraph's serializers


def _oxigraph_writer(kind: str) -> Callable:
    fmt = getattr(ox.RdfFormat, kind)

    def write(quads, out, prefixes):
        items = quads if fmt.supports_datasets else (q.triple for q in quads)
        ox.serialize(items, out, fmt, prefixes=None if fmt == ox.RdfFormat.N_TRIPLES else prefixes)
    return write


# ---------------------------------------------------------------- compact JSON-LD


def _write_jsonld(quads, out, prefixes: dict[str, str]) -> None:
    """Compact JSON-LD: one node object a line, sorted by ``@id``; the context is ``prefixes``.

    Named graphs are not kept (as in Turtle): JSON-LD readers get the union of the graphs.
    """
    pieces = Pieces("jsonld", prefixes)
    out.write(pieces.opening)
    out.write(pieces.piece(quads))
    out.write(pieces.closing)


def _jsonld_nodes(quads, compact: _Compactor) -> list[str]:
    """One JSON object per subject, sorted by ``@id``."""
    nodes = []
    for subject, group in itertools.groupby(quads, key=lambda q: q.subject):
        node: dict = {"@id": compact.id(subject)}
        for quad in group:
            p, o = quad.predicate.value, quad.object
            if p == _RDF_TYPE and not isinstance(o, ox.Literal):
                key, value = "@type", compact.id(o)
            else:
                key, value = compact.iri(p), compact.value(o)
            if key in node:
                if not isinstance(node[key], list):
                    node[key] = [node[key]]
                node[key].append(value)
            else:
                node[key] = value
        nodes.append((node["@id"], json.dumps(node, ensure_ascii=False, sort_keys=True)))
    nodes.sort()
    return [text for _, text in nodes]


class _Compactor:
    """IRIs as ``prefix:local`` where a prefix of the context covers them."""

    def __init__(self, prefixes: dict[str, str]):
        self.by_namespace = {ns: prefix for prefix, ns in prefixes.items()}
        self.memo: dict[str, str] = {}

    def iri(self, text: str) -> str:
        short = self.memo.get(text)
        if short is None:
            short = text
            cut = max(text.rfind("/"), text.rfind("#")) + 1
            prefix = self.by_namespace.get(text[:cut]) if cut else None
            local = text[cut:]
            if prefix is not None and not local.startswith("//"):
                short = f"{prefix}:{local}"
            if len(self.memo) < 100_000:
                self.memo[text] = short
        return short

    def id(self, term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def value(self, term):
        if not isinstance(term, ox.Literal):
            return {"@id": self.id(term)}
        if term.language:
            return {"@language": term.language, "@value": term.value}
        datatype = term.datatype.value
        if datatype != _XSD_STRING:
            return {"@type": self.iri(datatype), "@value": term.value}
        return term.value


#: format name -> writer(quads, binary file, prefixes)
FORMATS: dict[str, Callable] = {
    "nt": _oxigraph_writer("N_TRIPLES"),
    "ttl": _oxigraph_writer("TURTLE"),
    "trig": _oxigraph_writer("TRIG"),
    "jsonld": _write_jsonld,
}
