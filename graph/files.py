"""Files written whole or not at all: a temporary file beside the target, synced to disk,
then renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path


def temporary_beside(path: Path) -> Path:
    """A new hidden temporary file in ``path``'s folder, to be renamed to ``path`` when written."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(tmp)


def publish(tmp: Path, path: Path) -> None:
    """Give the written file the permissions of a new file and rename it into place."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


def atomic_write(path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_beside(path)
    try:
        with synced([tmp]) as (fh,):
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        publish(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def synced(paths) -> Iterator[list]:
    """The files ``paths`` opened for writing; their bytes are on disk when the block ends."""
    with ExitStack() as stack:
        files = [stack.enter_context(open(path, "wb")) for path in paths]
        yield files
        for fh in files:
            fh.flush()
            os.fsync(fh.fileno())
