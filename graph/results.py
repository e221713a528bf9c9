"""What a query returned, whatever store answered it, and how ``fankg query`` prints it:
an aligned table, or the SPARQL 1.1 CSV and JSON results formats.

>>> from rdflib import Literal
>>> print(format_result(Result("SELECT", ["who"], [(Literal("Ann Lee"),)])), end="")
who
-------
Ann Lee
(1 row)
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .errors import BadQuery
from .namespace import DEFAULT_BASE, VOCAB_PREFIXES, data_prefixes


@dataclass
class Result:
    """What a query returned, engine-independent: rows of rdflib terms, a boolean, or a graph."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def records(self) -> list[dict[str, str | None]]:
        """Rows as dicts of plain strings (None when unbound), handy in tests and scripts."""
        return [{v: (None if t is None else str(t)) for v, t in zip(self.variables, row, strict=True)}
                for row in self.rows]



def format_result(result: Result, fmt: str = "table", base: str = DEFAULT_BASE) -> str:
    """The answer as an aligned table, SPARQL CSV or SPARQL JSON (graphs as Turtle/N-Triples/JSON-LD)."""
    if fmt not in FORMATS:
        raise BadQuery(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.graph is not None:
        from .rdf import jsonld_text, ntriples_text, turtle_text

        return {"table": turtle_text, "csv": ntriples_text, "json": jsonld_text}[fmt](result.graph, base)
    return FORMATS[fmt](result, base)


def _table(result: Result, base: str) -> str:
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\n"
    prefixes = sorted({**VOCAB_PREFIXES, **data_prefixes(base)}.items(), key=lambda kv: -len(kv[1]))
    cells = [[_short(t, prefixes) for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    n = len(result.rows)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines) + "\n"


def _short(term, prefixes) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return " ".join(str(term).split())
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    for prefix, ns in prefixes:
        local = text[len(ns):]
        if text.startswith(ns) and re.fullmatch(r"[\w][\w.-]*", local):
            return f"{prefix}:{local}"
    return f"<{text}>"


def _csv(result: Result, base: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return out.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return out.getvalue()


def _json(result: Result, base: str) -> str:
    if result.boolean is not None:
        doc: dict = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                    for row in result.rows]
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype not in (XSD.string, RDF.langString):
        out["datatype"] = str(term.datatype)
    return out


#: --format name -> formatter (SPARQL 1.1 CSV and JSON results formats for csv and json).
FORMATS = {"table": _table, "csv": _csv, "json": _json}
