"""Read articles from disk: front matter, page-furniture cleaning, saved web pages.

Offsets stay traceable: the cleaned text keeps whole lines of the raw file, and
:attr:`graph.model.Article.spans` maps every kept line back to its place in the raw file.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .errors import BadArticle, BadInput
from .model import Article

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
#: Articles larger than this are refused (override with FANKG_MAX_BYTES or ``max_bytes=``).
DEFAULT_MAX_BYTES = 5_000_000
FRONT_MATTER_KEYS = {"title": str, "show": str, "outlet": str, "url": str, "date": str, "author": str}

#: Lines that are page furniture, not article text (matched against the stripped line).
FURNITURE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^continue reading( below)?\W*$",
        r"^recommended( videos?| reading| stories)?\W*$",
        r"^sorry, no results were found for\b.*$",
        r"^(photo|image|video|source|credit)s?( credit)?\s*:.*$",
        r"^this (article|story|post) (originally )?(first )?appeared (on|in)\b.*$",
        r"^minor edits have been made\b.*$",
        r"^advertisement\W*$",
        r"^(read|see|watch) (more|next|also)\s*:.*$",
        r"^related( stories| articles)?\s*:.*$",
        r"^(sign up|subscribe) (for|to)\b.*newsletter.*$",
        r"^share (this|on)\b.*$",
        r"^\W*(getty images|shutterstock)\W*$",
        r"^story continues below\b.*$",
        r"^skip to (main )?content\W*$",
        r"^(written |words |story |reporting )?by [A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3}\s*([|,·•—–-].{0,60})?$",
        r"^updated:? .{0,40}\d{4}.*$",
        r"^(published|posted)( on)?:? .{0,40}\d{4}.*$",
    )
]
_ANY_FURNITURE = re.compile("|".join(f"(?:{p.pattern})" for p in FURNITURE), re.IGNORECASE)  # one pass a line


def _decode(data: bytes, where: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadArticle(f"{where}: not valid UTF-16 text; save it as UTF-8") from None
    if b"\x00" in data:
        raise BadArticle(f"{where}: binary file (NUL bytes), not an article; give a .txt, .md or .html file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BadArticle(
            f"{where}: not UTF-8 text (bad byte at offset {err.start}); re-save the file as UTF-8"
        ) from None


#: libyaml's safe loader when PyYAML was built with it (ten times faster on a big corpus)
#: PyYAML's safe loader, libyaml's when PyYAML was built with it
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str, where: str) -> tuple[dict, int]:
    """The YAML front matter of a text (``---`` fenced at the top) and where the body starts."""
    m = re.match(r"---[ \t]*\r?\n(.*?)^---[ \t]*(\r?\n|$)", text, re.DOTALL | re.MULTILINE)
    if not m:
        return {}, 0
    try:
        meta = yaml.load(m.group(1), Loader=YAML_LOADER) or {}
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        at = f" (line {line + 2})" if line is not None else ""
        raise BadArticle(f"{where}: broken YAML front matter{at}; fix or remove the --- block") from None
    if not isinstance(meta, dict):
        raise BadArticle(f"{where}: front matter must be a mapping of key: value lines")
    clean = {}
    for key, value in meta.items():
        if key in FRONT_MATTER_KEYS and value is not None:
            if isinstance(value, (dict, list)):
                raise BadArticle(f"{where}: front matter '{key}' must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
            clean[key] = str(value).strip()
    return clean, m.end()


_SPACES = str.maketrans({"\xa0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\t": " "})


def clean_text(raw: str, start: int = 0) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """Drop page furniture and indentation; keep each remaining line as a paragraph.

    Returns the cleaned text and the spans mapping it back to ``raw``.

    >>> text, spans = clean_text("Title\\n\\n    Continue reading below\\n    Body text.\\n")
    >>> text
    'Title\\n\\nBody text.'
    """
    parts: list[str] = []
    spans: list[tuple[int, int, int]] = []
    pos = 0
    for m in re.finditer(r"[^\n]*", raw[start:]):
        line = m.group(0)
        stripped = line.strip()
        if not stripped or _ANY_FURNITURE.match(stripped):
            continue
        raw_start = start + m.start() + (len(line) - len(line.lstrip()))
        if parts:
            pos += 2
        spans.append((pos, raw_start, len(stripped)))
        # odd spaces become plain ones (same length, so offsets hold)
        parts.append(stripped.translate(_SPACES))
        pos += len(stripped)
    return "\n\n".join(parts), tuple(spans)


_ENGLISH = frozenset(
    "the a an and or of to in on for with is are was were be been it that this as at by from he she they "
    "his her their has have had not but who which will would could can said says".split()
)


def looks_english(text: str) -> bool:
    """A cheap guard against turning other languages into nonsense edges.

    >>> looks_english("Ann Lee stars as Kay Moss in the new drama from the network.")
    True
    >>> looks_english("这是一篇关于电视剧的文章。演员李明将在第二季中扮演主角王芳，她是一名医生。")
    False
    """
    if not text.isascii():  # (ASCII letters are all Latin: most articles skip this count)
        letters = [ch for ch in text if ch.isalpha()]
        latin = sum(ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" for ch in letters)
        if len(letters) >= 20 and latin < len(letters) / 2:  # mostly another script (CJK has no spaces)
            return False
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 8:
        return True
    return sum(map(_ENGLISH.__contains__, words)) / len(words) >= 0.12


def _html_article(data: str, where: str) -> tuple[str, dict]:
    import trafilatura

    text = trafilatura.extract(data, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise BadArticle(f"{where}: the web page has no main text that could be extracted")
    meta = {}
    info = trafilatura.extract_metadata(data)
    if info is not None:
        for key, attr in (("title", "title"), ("url", "url"), ("date", "date"), ("outlet", "sitename")):
            value = getattr(info, attr, None)
            if value:
                meta[key] = str(value)
    return text, meta


def article_id_for(path: Path) -> str:
    return path.stem


def _max_bytes_setting() -> int:
    value = os.environ.get("FANKG_MAX_BYTES", "").strip()
    if not value:
        return DEFAULT_MAX_BYTES
    if not value.isdigit() or int(value) < 1:
        raise BadInput(f"FANKG_MAX_BYTES={value!r} is not a size in bytes; set a whole number such as 5000000")
    return int(value)


def read_article(path, max_bytes: int | None = None) -> Article:
    """Read one article file (.txt/.md with optional front matter, or a saved .html page)."""
    path = Path(path)
    where = str(path)
    limit = max_bytes or _max_bytes_setting()
    if path.is_dir():
        raise BadArticle(f"{where}: is a folder, not an article file")
    try:
        info = path.stat()
        # a pipe or a device (/dev/zero) named .txt would block or never end
        if not stat.S_ISREG(info.st_mode):
            raise BadArticle(f"{where}: not a regular file (a pipe, socket or device); give an article file")
        if info.st_size > limit:
            raise BadArticle(f"{where}: {info.st_size:,} bytes is over the {limit:,}-byte limit; "
                             "split it or raise FANKG_MAX_BYTES")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)  # never more than the limit, even if the file grows meanwhile
        if len(data) > limit:
            raise BadArticle(f"{where}: over the {limit:,}-byte limit; split it or raise FANKG_MAX_BYTES")
    except PermissionError:
        raise BadArticle(f"{where}: permission denied; make the file readable") from None
    except FileNotFoundError:
        raise BadArticle(f"{where}: no such file") from None
    except OSError as err:
        raise BadArticle(f"{where}: cannot be read ({err.strerror or err})") from None
    text = _decode(data, where)
    if path.suffix.lower() in (".html", ".htm"):
        body, meta = _html_article(text, where)
        cleaned, spans = clean_text(body)
        spans = ()  # offsets of extracted HTML text cannot point into the markup
    else:
        meta, body_start = split_front_matter(text, where)
        cleaned, spans = clean_text(text, body_start)
    if not cleaned.strip():
        raise BadArticle(f"{where}: empty article (no text after cleaning); give it some article text")
    if not looks_english(cleaned):
        raise BadArticle(f"{where}: does not look like English text; fankg reads English articles only")
    return Article(
        id=article_id_for(path),
        text=cleaned,
        title=meta.get("title", ""),
        show=meta.get("show", ""),
        outlet=meta.get("outlet", ""),
        url=meta.get("url", ""),
        date=meta.get("date", ""),
        path=str(path),
        spans=spans,
    )


@dataclass
class Corpus:
    """The articles of one run, the show profiles and corrections found beside them, and problems."""

    articles: list[Article] = field(default_factory=list)
    profile_paths: list[Path] = field(default_factory=list)
    corrections_paths: list[Path] = field(default_factory=list)
    problems: list[BadArticle] = field(default_factory=list)

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for a in self.articles:
            h.update(a.id.encode() + b"\0" + a.text.encode() + b"\0")
        return h.hexdigest()


def is_profile(path: Path) -> bool:
    return path.name.endswith((".profile.yaml", ".profile.yml"))


def is_corrections(path: Path) -> bool:
    return path.name in ("corrections.yaml", "corrections.yml") or path.name.endswith(".corrections.yaml")


def _walk(folder: Path, seen: set, problems: list) -> list[Path]:
    found: list[Path] = []

    def unreadable(err: OSError) -> None:  # os.walk would skip the folder without a word
        problems.append(BadArticle(f"{err.filename}: folder cannot be read ({err.strerror}); "
                                   "its articles were not read; make it readable"))

    for root, dirs, files in os.walk(folder, followlinks=True, onerror=unreadable):
        real = os.path.realpath(root)
        if real in seen:  # a symlink loop, or the same folder twice
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in sorted(files) if not f.startswith("."))
    return found


def discover(paths) -> Corpus:
    """Find article files, profiles and corrections under the given files and folders."""
    corpus = Corpus()
    files: list[Path] = []
    seen: set = set()
    for p in paths:
        p = Path(p)
        if not p.exists() and not p.is_symlink():  # a broken or looping link is read, and says so, below
            raise BadInput(f"{p}: no such file or folder; give article files or folders (default: seeds/)")
        if p.is_dir():
            files.extend(_walk(p, seen, corpus.problems))
            continue
        files.append(p)
        # a single article still picks up the profiles and corrections that sit beside it
        for sibling in sorted(p.parent.iterdir()):
            if is_profile(sibling) or is_corrections(sibling):
                files.append(sibling)
    ids: dict[str, Path] = {}
    for f in dict.fromkeys(files):
        if is_profile(f):
            corpus.profile_paths.append(f)
        elif is_corrections(f):
            corpus.corrections_paths.append(f)
        elif f.suffix.lower() in ARTICLE_SUFFIXES and not f.name.upper().startswith("README"):
            corpus.articles.append(f)  # type: ignore[arg-type]  # replaced by Articles in load_corpus
            ids.setdefault(article_id_for(f), f)
    return corpus


def load_corpus(paths, max_bytes: int | None = None) -> Corpus:
    """Discover and read every article; unreadable ones become ``problems``, not crashes."""
    corpus = discover(paths)
    articles: list[Article] = []
    used: set[str] = set()
    for path in corpus.articles:
        try:
            article = read_article(path, max_bytes=max_bytes)
        except BadArticle as problem:
            corpus.problems.append(problem)
            continue
        if article.id in used:  # same file name in two folders: keep both, apart
            digest = hashlib.sha1(str(path).encode()).hexdigest()[:8]
            article = replace(article, id=f"{article.id}-{digest}")
        used.add(article.id)
        articles.append(article)
    corpus.articles = articles
    return corpus
