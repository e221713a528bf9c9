"""The incremental-build cache: the claims of each article, kept on disk between runs.

An entry is keyed by everything extraction reads: the article (its text and front matter),
the show profiles that apply to it, and the extractor version. The extractor version is a
hash of the extraction code itself (every file of ``graph/extract/`` plus ``graph/model.py``),
the spaCy version and the installed English model, so editing a rule or upgrading spaCy
invalidates the cache without anyone remembering to bump a number. Entries of other
versions live in sibling folders and are removed when a new version writes its first entry.

Layout: ``DIR/v-<version>/<key[:2]>/<key>.json``. Every entry is written to a temporary file
and renamed into place, so a crash leaves whole entries or none; an entry that cannot be
read is treated as missing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, fields
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .files import atomic_write
from .model import Article, Claim, Entity, Evidence

DEFAULT_CACHE_DIR = Path(".fankg-cache")
_HERE = Path(__file__).resolve().parent
#: Files whose code decides what extraction returns (profiles and articles are keyed by content).
_VERSIONED_FILES = ("extract/*.py", "extract/data/*.yaml", "model.py")
_ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name != "path")  # moving a folder keeps its cache
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# a fankg cache folder: safe to delete\n"


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of what decides extraction output: our code, spaCy and its English model.

    Computed from files, so it needs neither spaCy loaded nor a number bumped by hand. A
    ``graph.extract.EXTRACTOR_VERSION`` string, if the package defines one, is mixed in too.
    """
    from .extract import nlp as nlp_module

    h = code_digest(_VERSIONED_FILES, ("spacy", *nlp_module.MODEL_NAMES))
    import graph.extract

    h.update(str(getattr(graph.extract, "EXTRACTOR_VERSION", "")).encode())
    return h.hexdigest()[:20]


def code_digest(patterns, dists):
    """A sha256 (still open to more) of this package's files matching ``patterns``, their paths
    and bytes, then the installed versions of the distributions ``dists``."""
    h = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(_HERE.glob(pattern)):
            if path.is_file():
                h.update(path.relative_to(_HERE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in dists:
        try:
            h.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=-\0".encode())
    return h


def entry_key(article: Article, profiles, version: str) -> str:
    """The cache key of one article's claims: its content, its profiles and the extractor.

    The digest of ``{"article": ..., "profiles": ..., "version": ...}`` as sorted JSON; the
    profiles' part is the same for every article of a show, so it is made once.
    """
    doc = json.dumps({name: getattr(article, name) for name in _ARTICLE_FIELDS}, sort_keys=True, ensure_ascii=False)
    text = f'{{"article": {doc}, "profiles": {_profiles_json(tuple(profiles))}, "version": {json.dumps(version)}}}'
    return hashlib.sha256(text.encode()).hexdigest()


@lru_cache(maxsize=1024)
def _profiles_json(profiles: tuple) -> str:
    return json.dumps([{"show": asdict(p.show), "entities": [asdict(e) for e in p.entities]} for p in profiles],
                      sort_keys=True, ensure_ascii=False)


def claims_to_json(claims) -> list[dict]:
    return [asdict(c) for c in claims]


def claims_from_json(records, entities: dict | None = None) -> list[Claim]:
    """Claims back from :func:`claims_to_json` (lists turned back into the tuples they were).

    ``entities`` (a dict kept by the caller) shares one object per entity between calls: a big
    corpus names the same few thousand entities in hundreds of thousands of claims. The frozen
    dataclasses are filled the way :mod:`pickle` fills them, which is several times faster than
    their checked ``__init__`` (the records were made by :func:`claims_to_json`).
    """
    entities = {} if entities is None else entities

    def entity(d):
        aliases = tuple(d["aliases"])
        key = (d["id"], d["label"], d["type"], aliases)
        known = entities.get(key)
        if known is None:
            known = entities[key] = _restored(Entity, {"id": key[0], "label": key[1], "type": key[2],
                                                       "aliases": aliases})
        return known

    return [
        _restored(Claim, {"subject": entity(r["subject"]), "predicate": r["predicate"], "object": entity(r["object"]),
                          "status": r["status"], "evidence": _restored(Evidence, r["evidence"]),
                          "corrected": r["corrected"], "extras": tuple(map(tuple, r["extras"]))})
        for r in records
    ]


def _restored(cls, fields: dict):
    obj = object.__new__(cls)
    obj.__dict__.update(fields)
    return obj


class ClaimCache:
    """Claims of articles by :func:`entry_key`, in a folder (default ``.fankg-cache/``).

    >>> import tempfile
    >>> cache = ClaimCache(tempfile.mkdtemp(), version="test")
    >>> cache.get("0" * 64) is None
    True
    """

    def __init__(self, folder=DEFAULT_CACHE_DIR, version: str | None = None):
        self.root = Path(folder)
        self.version = version or extractor_version()
        self.folder = self.root / f"v-{self.version}"
        self.hits = self.misses = 0
        self._pruned = False
        self.write_error: OSError | None = None
        self._entities: dict = {}  # one object per entity across the entries read

    def key(self, article: Article, profiles) -> str:
        return entry_key(article, profiles, self.version)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> list[Claim] | None:
        """The cached claims, or None when the entry is missing or unreadable."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            claims = claims_from_json(data["claims"], self._entities)
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return claims

    def put(self, key: str, claims, article_id: str = "") -> None:
        """Store claims. A cache that cannot be written is noted in ``write_error``, never fatal."""
        try:
            if not self._pruned:
                self._prune_other_versions()
            atomic_write(self._path(key), json.dumps({"article": article_id, "claims": claims_to_json(claims)},
                                                     ensure_ascii=False, sort_keys=True))
        except OSError as err:
            self.write_error = self.write_error or err

    def _prune_other_versions(self) -> None:
        self._pruned = True
        if self.folder.exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        tag = self.root / "CACHEDIR.TAG"  # tells backup tools to skip the folder
        if not tag.exists():
            atomic_write(tag, _TAG)
        for old in self.root.glob("v-*"):
            shutil.rmtree(old, ignore_errors=True)
