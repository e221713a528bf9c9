"""Write the built graph to files. Formats are looked up by name in :data:`WRITERS`.

Every file is written to a temporary file beside its target and renamed into place, so an
interrupted build leaves the previous exports whole.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import BadInput
from .html import to_html
from .model import json_line
from .namespace import DEFAULT_BASE
from .rdf import jsonld_text, node_iri, ntriples_text, to_dataset, to_rdf, trig_text, turtle_text


def atomic_write(path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": "\n"})) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def claims_jsonl(build) -> str:
    """One JSON object a line: the public record of every claim, in a stable order."""
    by_id = {a.id: a for a in build.articles}
    records = [c.to_record(by_id.get(c.evidence.article_id)) for c in build.claims]
    records.sort(key=lambda r: (r["source"], r["start"], r["subject"], r["predicate"], r["object"], r["status"]))
    return "".join(json_line(r, sort_keys=True) for r in records)


def rdf_of(build, base: str = DEFAULT_BASE):
    """The build's RDF graph, made once per base and shared by the Turtle, N-Triples and
    JSON-LD writers (on a big corpus each rebuild of it costs a minute or more)."""
    made = build.__dict__.setdefault("_rdf_by_base", {})
    if base not in made:
        made[base] = to_rdf(build.graph, build.articles, base)
    return made[base]


def turtle(build, base: str = DEFAULT_BASE) -> str:
    return turtle_text(rdf_of(build, base))


def ntriples(build, base: str = DEFAULT_BASE) -> str:
    return ntriples_text(rdf_of(build, base))


def jsonld(build, base: str = DEFAULT_BASE) -> str:
    return jsonld_text(rdf_of(build, base), base)


def trig(build, base: str = DEFAULT_BASE) -> str:
    """TriG: entities, facts and the ontology in the default graph; one named graph per article."""
    return trig_text(to_dataset(build.graph, build.articles, base))


def graphml(build, base: str = DEFAULT_BASE) -> str:
    """GraphML for Gephi and yEd: scalar attributes only (lists joined with " | "), with each
    node's IRI so rows can be matched with the RDF."""
    import networkx as nx

    src = build.graph
    out = nx.MultiDiGraph()
    for node, data in sorted(src.nodes(data=True)):
        out.add_node(node, label=data.get("label", node), type=data.get("type", ""),
                     aliases=" | ".join(sorted(data.get("aliases") or ())), iri=str(node_iri(base, node)))
    for n, (s, o, p, data) in enumerate(sorted(src.edges(keys=True, data=True))):
        claims = data.get("claims") or []
        out.add_edge(s, o, key=f"e{n}", predicate=p, label=p, status=data.get("status", ""),
                     corrected=bool(data.get("corrected")), claims=len(claims),
                     statuses=" | ".join(sorted({c["status"] for c in claims})),
                     speakers=" | ".join(sorted({c["speaker"] for c in claims if c.get("speaker")})),
                     articles=" | ".join(sorted({c["article"] for c in claims})),
                     quote=claims[0]["quote"] if claims else "")
    return "\n".join(nx.generate_graphml(out)) + "\n"


def html_page(build) -> str:
    return to_html(build.graph, title=build.title, articles=build.articles)


#: format name -> (file suffix, writer returning the file's text)
WRITERS: dict[str, tuple[str, Callable[..., str]]] = {
    "ttl": (".ttl", turtle),
    "nt": (".nt", ntriples),
    "jsonld": (".jsonld", jsonld),
    "trig": (".trig", trig),
    "graphml": (".graphml", graphml),
    "jsonl": (".jsonl", claims_jsonl),
    "html": (".html", html_page),
}
#: writers whose output holds IRIs, so they take the ``base`` of ``fankg build --base``
TAKES_BASE = {"ttl", "nt", "jsonld", "trig", "graphml"}
DEFAULT_FORMATS = ("ttl", "nt", "jsonld", "trig", "graphml", "html", "jsonl")


def write_exports(build, out_dir, name: str, formats=DEFAULT_FORMATS, base: str = DEFAULT_BASE) -> list[Path]:
    """Render every format first, then write them all; returns the paths written."""
    rendered = []
    for fmt in formats:
        suffix, writer = WRITERS[fmt]
        text = writer(build, base=base) if fmt in TAKES_BASE else writer(build)
        rendered.append((Path(out_dir) / f"{name}{suffix}", text))
    for path, text in rendered:
        try:
            atomic_write(path, text)
        except OSError as err:
            raise BadInput(f"{path}: cannot write the export ({err.strerror or err}); check --out") from None
    return [p for p, _ in rendered]
