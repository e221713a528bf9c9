"""Export files written piece by piece, and pieces copied from the previous build's files.

Adding one article to a big corpus changes that article's statements, not the others'. So the
files whose format allows it (the RDF formats and the JSON lines) are written as an opening,
a graph-wide head, one piece per article and a closing, and each article's piece has a key: a
digest of everything it is made from (see :func:`graph.rdf.rdf_parts`).

An :class:`ExportIndex`, kept in the cache folder, says where each key's bytes are in the files
the previous build wrote. The next build copies those bytes (in the kernel, with
``copy_file_range``, when it can) instead of making them again. The index is not used for a
file that changed since (its size, time or inode differ), nor when the code that writes the
exports changed: then everything is made again, as on a first build. Either way, the bytes
are the ones a first build would write.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cache import code_digest
from .files import atomic_write


@dataclass
class Previous:
    """A file an earlier build wrote, and where each piece of it is: key -> (offset, length)."""

    path: Path
    pieces: dict[str, list[int]]


class PieceWriter:
    """Writes one file: ``opening``, the pieces joined by ``separator``, ``closing``.

    ``put(key, make)`` appends a piece: copied from the previous file when it has that key
    (adjacent pieces are copied in one go), else ``make()``'s bytes. ``close()`` returns where
    each piece went, for the next build's index.
    """

    def __init__(self, out, opening: bytes, separator: bytes, closing: bytes, previous: Previous | None = None):
        self.out, self.separator, self.closing = out, separator, closing
        self.previous = previous
        self.source = None
        if previous is not None:
            try:
                self.source = open(previous.path, "rb")  # noqa: SIM115 - closed in close()
            except OSError:
                self.previous = None
        self.at = 0  # bytes written so far
        self.written = 0  # non-empty pieces so far
        self.pending: list[int] | None = None  # a range of the previous file still to copy: [start, end]
        self.index: dict[str, list[int]] = {}
        self._write(opening)

    def put(self, key: str, make: Callable[[], bytes]) -> None:
        if self.previous is not None and key in self.previous.pieces:
            self.copy(key)
        else:
            self.add(key, make())

    def add(self, key: str | None, data: bytes) -> None:
        if not data:
            return
        self._flush_pending()
        if self.written:
            self._write(self.separator)
        if key is not None:
            self.index[key] = [self.at, len(data)]
        self._write(data)
        self.written += 1

    def copy(self, key: str) -> None:
        offset, length = self.previous.pieces[key]
        if not length:
            return
        gap = len(self.separator) if self.written else 0
        if self.pending is not None and offset == self.pending[1] + gap:
            self.pending[1] = offset + length  # the separator between them is in the old file too
        else:
            self._flush_pending()
            if self.written:
                self._write(self.separator)
            self.pending = [offset, offset + length]
        self.index[key] = [self.at + (self.pending[1] - self.pending[0]) - length, length]
        self.written += 1

    def close(self) -> dict[str, list[int]]:
        self._flush_pending()
        self._write(self.closing)
        if self.source is not None:
            self.source.close()
        return self.index

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.at += len(data)

    def _flush_pending(self) -> None:
        if self.pending is None:
            return
        start, end = self.pending
        self.pending = None
        self.out.flush()
        copy_range(self.source, self.out, start, end - start)
        self.at += end - start


def copy_range(source, out, offset: int, length: int) -> None:
    """Append ``length`` bytes of the binary file ``source`` from ``offset`` to ``out``, in the
    kernel where it can (Linux's ``copy_file_range``), else through a buffer."""
    out.flush()
    kernel = hasattr(os, "copy_file_range")
    while length:
        n = 0
        if kernel:
            try:
                n = os.copy_file_range(source.fileno(), out.fileno(), length, offset)
            except OSError:  # not between these file systems: read and write instead
                kernel = False
        if not n:
            kernel = False
            source.seek(offset)
            chunk = source.read(min(length, 1 << 24))
            if not chunk:
                raise OSError(f"{source.name}: shorter than its index says")
            out.write(chunk)
            n = len(chunk)
        offset += n
        length -= n
    out.flush()


class ExportIndex:
    """Where the pieces of one export (a folder and a name) are, kept in ``folder``.

    ``folder`` None: nothing is read or kept (every piece is made).
    """

    def __init__(self, folder: Path | None, out_dir: Path, name: str):
        self.path = None
        self.files: dict[str, dict] = {}
        self.target = str(Path(out_dir).resolve() / name)
        if folder is None:
            return
        self.path = Path(folder) / f"{hashlib.sha256(self.target.encode()).hexdigest()[:24]}.json"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == exporter_version() and data.get("target") == self.target:
                self.files = data["files"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.files = {}

    def previous(self, fmt: str, path: Path) -> Previous | None:
        """The pieces of ``path``, if this index describes the file that is there now."""
        entry = self.files.get(fmt)
        if not entry or entry.get("file") != str(path):
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        if [st.st_size, st.st_mtime_ns, st.st_ino] != entry.get("stat"):
            return None
        return Previous(Path(path), entry["pieces"])

    def record(self, fmt: str, path: Path, pieces: dict[str, list[int]]) -> None:
        """Note the pieces of the file just written to ``path`` (call once it is in place)."""
        st = os.stat(path)
        self.files[fmt] = {"file": str(path), "stat": [st.st_size, st.st_mtime_ns, st.st_ino], "pieces": pieces}

    def save(self) -> None:
        """Keep the index for the next build. One that cannot be written costs speed only."""
        if self.path is None:
            return
        try:
            atomic_write(self.path, json.dumps({"version": exporter_version(), "target": self.target,
                                                "files": self.files}, sort_keys=True))
        except OSError:
            pass


_EXPORTER_FILES = ("*.py", "*.ttl", "web/*")


@lru_cache(maxsize=1)
def exporter_version() -> str:
    """A digest of the code that writes the exports (this package and pyoxigraph)."""
    return code_digest(_EXPORTER_FILES, ("pyoxigraph",)).hexdigest()[:20]
