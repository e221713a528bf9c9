"""Write the built graph to files. Formats are looked up by name in :data:`WRITERS`.

Every file is written to a temporary file beside its target and renamed into place, so an
interrupted build leaves the previous exports whole.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .html import to_html
from .rdf import to_rdf


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
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)


def turtle(build) -> str:
    return to_rdf(build.graph, build.articles).serialize(format="turtle")


def html_page(build) -> str:
    return to_html(build.graph, title=build.title)


#: format name -> (file suffix, writer returning the file's text)
WRITERS = {
    "ttl": (".ttl", turtle),
    "jsonl": (".jsonl", claims_jsonl),
    "html": (".html", html_page),
}
DEFAULT_FORMATS = ("ttl", "html", "jsonl")


def write_exports(build, out_dir, name: str, formats=DEFAULT_FORMATS) -> list[Path]:
    """Render every format first, then write them all; returns the paths written."""
    rendered = []
    for fmt in formats:
        suffix, writer = WRITERS[fmt]
        rendered.append((Path(out_dir) / f"{name}{suffix}", writer(build)))
    for path, text in rendered:
        atomic_write(path, text)
    return [p for p, _ in rendered]
