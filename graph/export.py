"""Write the built graph to files. Formats are looked up by name in :data:`WRITERS`.

Every file is written to a temporary file beside its target and renamed into place, so an
interrupted build leaves the previous exports whole.
"""

from __future__ import annotations

import functools
import hashlib
import io
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .errors import BadInput, FankgError
from .files import publish, synced, temporary_beside
from .html import to_html
from .memory import gc_paused
from .model import json_line
from .namespace import DEFAULT_BASE
from .pieces import ExportIndex, PieceWriter
from .rdf import node_iri, prefixes_of, rdf_parts
from .serialize import Pieces


def _jsonl_parts(build) -> Iterator[tuple[str, list[dict]]]:
    """The records of each article's claims, sorted, with a digest of them: by article id,
    then position, subject, edge, object and status."""
    by_id = {a.id: a for a in build.articles}
    groups: dict[str, list[dict]] = {}
    for claim in build.claims:
        record = claim.to_record(by_id.get(claim.evidence.article_id))
        groups.setdefault(record["source"], []).append(record)
    for source in sorted(groups):
        records = sorted(groups[source], key=lambda r: (r["start"], r["subject"], r["predicate"], r["object"],
                                                        r["status"]))
        yield hashlib.blake2b(repr(records).encode("utf-8"), digest_size=16).hexdigest(), records


def _jsonl_piece(records: list[dict]) -> bytes:
    return "".join(json_line(r, sort_keys=True) for r in records).encode("utf-8")


def write_rdf_pieces(build, outputs: dict[str, tuple], base: str = DEFAULT_BASE) -> dict[str, dict]:
    """Write some RDF formats of the build at once, ``outputs``: format -> (binary file, the
    :class:`~graph.pieces.Previous` file to copy unchanged articles from, or None).

    Each article's statements are made once for all the formats, and only when one of the
    formats has no copy of them. Returns each format's pieces (see :mod:`graph.pieces`).
    """
    head, parts = rdf_parts(build.graph, build.articles, base)
    prefixes = prefixes_of(base)
    pieces = {fmt: Pieces(fmt, prefixes) for fmt in outputs}
    writers = {fmt: PieceWriter(out, pieces[fmt].opening, pieces[fmt].separator, pieces[fmt].closing, previous)
               for fmt, (out, previous) in outputs.items()}
    with gc_paused():  # claims are millions of small objects, with no cycles
        head_quads = list(head)
        for fmt, writer in writers.items():
            writer.add(None, pieces[fmt].piece(head_quads))
        del head_quads
        for part in parts:
            quads = functools.cache(lambda part=part: list(part.quads()))  # made once, if a format needs them
            for fmt, writer in writers.items():
                writer.put(part.key, lambda fmt=fmt, quads=quads: pieces[fmt].piece(quads()))
    return {fmt: writer.close() for fmt, writer in writers.items()}


def write_jsonl_pieces(build, out, previous=None) -> dict:
    """Write the JSON lines of the build to ``out``, copying unchanged articles' lines from ``previous``."""
    writer = PieceWriter(out, b"", b"", b"", previous)
    for key, records in _jsonl_parts(build):
        writer.put(key, lambda records=records: _jsonl_piece(records))
    return writer.close()


def _rdf_writer(fmt: str) -> Callable:
    def write(build, out, base: str = DEFAULT_BASE) -> None:
        write_rdf_pieces(build, {fmt: (out, None)}, base)
    write.__doc__ = f"Write the build's RDF as {fmt} to the binary file ``out``."
    return write


#: GraphML attributes: (element, name, type), in the order they are declared
GRAPHML_KEYS = (
    ("node", "label", "string"), ("node", "type", "string"), ("node", "aliases", "string"), ("node", "iri", "string"),
    ("edge", "predicate", "string"), ("edge", "label", "string"), ("edge", "status", "string"),
    ("edge", "corrected", "boolean"), ("edge", "claims", "int"), ("edge", "statuses", "string"),
    ("edge", "speakers", "string"), ("edge", "articles", "string"), ("edge", "quote", "string"),
)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def graphml(build, out, base: str = DEFAULT_BASE) -> None:
    """GraphML for Gephi, yEd and networkx: scalar attributes only (lists joined with " | "),
    with each node's IRI so rows can be matched with the RDF. Written line by line (networkx's
    writer builds an XML tree of the whole graph first, several times slower on big graphs)."""
    keys = {(kind, name): f"d{i}" for i, (kind, name, _) in enumerate(GRAPHML_KEYS)}
    lines = ["<?xml version='1.0' encoding='utf-8'?>",
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org'
             '/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    lines += [f'  <key id="{keys[kind, name]}" for="{kind}" attr.name="{name}" attr.type="{kind_of}" />'
              for kind, name, kind_of in GRAPHML_KEYS]
    lines.append('  <graph edgedefault="directed">')
    out.write(("\n".join(lines) + "\n").encode("utf-8"))

    def element(tag: str, attributes: str, kind: str, values: dict) -> bytes:
        data = "".join(f'\n      <data key="{keys[kind, name]}">{_xml(value)}</data>' for name, value in values.items())
        return f"    <{tag} {attributes}>{data}\n    </{tag}>\n".encode()

    src = build.graph
    for node, data in sorted(src.nodes(data=True)):
        out.write(element("node", f"id={_xml_attr(node)}", "node", {
            "label": data.get("label", node), "type": data.get("type", ""),
            "aliases": " | ".join(sorted(data.get("aliases") or ())), "iri": str(node_iri(base, node))}))
    for n, (s, o, p, data) in enumerate(sorted(src.edges(keys=True, data=True))):
        claims = data.get("claims") or []
        out.write(element("edge", f'id="e{n}" source={_xml_attr(s)} target={_xml_attr(o)}', "edge", {
            "predicate": p, "label": p, "status": data.get("status", ""),
            "corrected": "true" if data.get("corrected") else "false", "claims": str(len(claims)),
            "statuses": " | ".join(sorted({c["status"] for c in claims})),
            "speakers": " | ".join(sorted({c["speaker"] for c in claims if c.get("speaker")})),
            "articles": " | ".join(sorted({c["article"] for c in claims})),
            "quote": claims[0]["quote"] if claims else ""}))
    out.write(b"  </graph>\n</graphml>\n")


def _xml(text: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", str(text)))


def _xml_attr(text: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", str(text)))


def html_page(build, out) -> None:
    out.write(to_html(build.graph, title=build.title, articles=build.articles).encode("utf-8"))


def jsonl(build, out) -> None:
    write_jsonl_pieces(build, out)


#: format name -> (file suffix, writer(build, binary file[, base]))
WRITERS: dict[str, tuple[str, Callable[..., None]]] = {
    "ttl": (".ttl", _rdf_writer("ttl")),
    "nt": (".nt", _rdf_writer("nt")),
    "jsonld": (".jsonld", _rdf_writer("jsonld")),
    "trig": (".trig", _rdf_writer("trig")),
    "graphml": (".graphml", graphml),
    "jsonl": (".jsonl", jsonl),
    "html": (".html", html_page),
}
#: writers whose output holds IRIs, so they take the ``base`` of ``fankg build --base``
TAKES_BASE = {"ttl", "nt", "jsonld", "trig", "graphml"}
DEFAULT_FORMATS = ("ttl", "nt", "jsonld", "trig", "graphml", "html", "jsonl")


def render(build, fmt: str, base: str = DEFAULT_BASE) -> bytes:
    """One format of the build in memory (tests, small graphs)."""
    out = io.BytesIO()
    write_format(build, fmt, out, base)
    return out.getvalue()


def write_format(build, fmt: str, out, base: str = DEFAULT_BASE) -> None:
    _, writer = WRITERS[fmt]
    if fmt in TAKES_BASE:
        writer(build, out, base=base)
    else:
        writer(build, out)


def write_exports(build, out_dir, name: str, formats=DEFAULT_FORMATS, base: str = DEFAULT_BASE,
                  jobs: int | None = None, reuse=None) -> list[Path]:
    """Write every format to a temporary file beside its target, then rename them all into
    place, so a build that fails or is stopped while writing leaves the previous exports whole.

    A big graph's formats are written by up to ``jobs`` processes at once (default: one per
    core); the files are the same whatever the number. ``reuse``: a folder (in the cache) for
    the index of the files' pieces, so the next build copies the unchanged articles' bytes
    instead of making them again (:mod:`graph.pieces`); the files are the same either way.
    Returns the paths written.
    """
    out_dir = Path(out_dir)
    index = ExportIndex(reuse, out_dir, name)
    plan: list[tuple[str, Path, Path]] = []  # format, temporary file, target
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for fmt in formats:
            path = out_dir / f"{name}{WRITERS[fmt][0]}"
            plan.append((fmt, temporary_beside(path), path))
        previous = {fmt: index.previous(fmt, path) for fmt, _, path in plan if fmt in PIECE_FORMATS}
        made = _write_all(build, plan, base, _export_jobs(build, jobs), previous)
        published = []
        while plan:
            fmt, tmp, path = plan[0]
            publish(tmp, path)
            published.append((fmt, path))
            plan.pop(0)
    except OSError as err:
        targets = {str(tmp): path for _, tmp, path in plan}
        where = targets.get(str(err.filename), err.filename or out_dir)
        raise BadInput(f"{where}: cannot write the export ({err.strerror or err}); check --out") from None
    finally:
        for _, tmp, _ in plan:
            tmp.unlink(missing_ok=True)
    for fmt, path in published:
        if fmt in made:
            index.record(fmt, path, made[fmt])
    index.save()
    return [out_dir / f"{name}{WRITERS[fmt][0]}" for fmt in formats]


#: formats that share their work (the RDF statements): written by the same process
RDF_FORMATS = ("ttl", "nt", "jsonld", "trig")
#: formats written in pieces, one per article, that the next build can copy
PIECE_FORMATS = (*RDF_FORMATS, "jsonl")
#: below this many claims a graph is written in one process: forking would cost more than it saves
PARALLEL_FROM_CLAIMS = 20_000


def _export_jobs(build, jobs: int | None) -> int:
    if jobs is None:
        jobs = 1 if len(build.claims) < PARALLEL_FROM_CLAIMS else (os.cpu_count() or 1)
    # fork copies only the calling thread: with other threads about (a Dask client, a test's
    # server) a lock one of them holds could never be released in the copy, so write here
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, jobs)


def _write_all(build, plan, base: str, jobs: int, previous: dict) -> dict[str, dict]:
    """Write each planned format to its temporary file: in this process, or spread over forked
    processes that share the build with it (copy-on-write, nothing is pickled). Returns the
    pieces of the formats written in pieces."""
    groups = [[p for p in plan if p[0] in RDF_FORMATS]] + [[p] for p in plan if p[0] not in RDF_FORMATS]
    groups = sorted((g for g in groups if g), key=lambda g: -_weight(g, previous))
    bins: list[list] = [[] for _ in range(min(jobs, len(groups)))] or [[]]
    for group in groups:  # the heaviest group first, each to the least loaded process
        min(bins, key=lambda b: sum(_weight(g, previous) for g in b)).append(group)
    children = []
    try:
        for share in bins[1:]:
            children.append(_fork_writer(build, [p for g in share for p in g], base, previous))
        made = _write_planned(build, [p for g in bins[0] for p in g], base, previous)
        for process, reader in children:
            try:
                kind, message = reader.recv()
            except EOFError:  # killed before it could say anything (out of memory?)
                kind, message = "os", (0, f"an export process stopped (exit code {process.exitcode})", None)
            process.join()
            if kind == "input":
                raise BadInput(message)
            if kind:
                raise OSError(*message)
            made.update(message)
    finally:
        for process, _ in children:
            if process.is_alive():
                process.terminate()
            process.join()
    return made


def _weight(group, previous: dict) -> float:
    """Rough seconds of writing a group of formats, relative to each other (measured on the
    10,000-article bench corpus): the RDF formats share one pass over the statements, and a
    format whose previous file has pieces to copy costs much less."""
    def one(fmt):
        if fmt in RDF_FORMATS:
            return 0.3 if previous.get(fmt) is not None else 4
        return {"html": 3, "jsonl": 1.5 if previous.get(fmt) is not None else 3}.get(fmt, 1)
    fixed = 3 if any(fmt in RDF_FORMATS for fmt, *_ in group) else 0  # the statements of the graph-wide head
    return fixed + sum(one(fmt) for fmt, *_ in group)


def _write_planned(build, plan, base: str, previous: dict) -> dict[str, dict]:
    made = {}
    rdf = [(fmt, tmp) for fmt, tmp, _ in plan if fmt in RDF_FORMATS]
    if rdf:
        with synced([tmp for _, tmp in rdf]) as files:
            outputs = {fmt: (fh, previous.get(fmt)) for (fmt, _), fh in zip(rdf, files, strict=True)}
            made.update(write_rdf_pieces(build, outputs, base))
    for fmt, tmp, _ in plan:
        if fmt == "jsonl":
            with synced([tmp]) as (fh,):
                made[fmt] = write_jsonl_pieces(build, fh, previous.get(fmt))
        elif fmt not in RDF_FORMATS:
            with synced([tmp]) as (fh,):
                write_format(build, fmt, fh, base)
    return made


def _fork_writer(build, plan, base: str, previous: dict):
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_writer_process, args=(build, plan, base, previous, writer), daemon=True)
    process.start()
    writer.close()
    return process, reader


def _writer_process(build, plan, base: str, previous: dict, report) -> None:
    """A forked export process: writes its formats and reports ("", pieces) or what failed."""
    try:
        made = _write_planned(build, plan, base, previous)
        report.send(("", made))
    except OSError as err:
        report.send(("os", (err.errno or 0, err.strerror or str(err), err.filename)))
    except FankgError as err:
        report.send(("input", str(err)))
    except BaseException:  # Ctrl-C reaches every process of the group: the parent speaks for all
        os._exit(130)
    os._exit(0)  # no atexit handlers or finalizers of the parent's objects in the copy
