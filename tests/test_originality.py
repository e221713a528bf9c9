"""No sentence of the client's real articles is in the project: they are other people's words,
to learn the genre from, never to copy into code, comments, tests or test data."""

import re

from .conftest import ROOT, SHARED, need_shared

REAL = SHARED / "eval" / "real"
#: Words in a row that make a copied phrase rather than a common turn of speech
SHINGLE = 8
#: Where the project's own text lives, and which files there are text
SEARCHED = ("graph", "tests", "docs", "queries", "bench", "README.md")
TEXT_SUFFIXES = {".py", ".yaml", ".yml", ".txt", ".md", ".ttl", ".rq", ".json", ".jsonl", ".html", ".js", ".css",
                 ".csv", ".toml", ".cfg", ".ini", ".nt", ".jsonld", ".trig", ".graphml", ".xml", ".sh"}
_WORD = re.compile(r"[^\W_]+")
_FRONT_MATTER = re.compile(r"---\s*\n.*?\n---\s*\n", re.S)


def _words(text: str) -> list[str]:
    """Lower-case runs of letters and digits: punctuation, spacing and quoting do not hide a copy."""
    return _WORD.findall(text.lower())


def _shingles(words: list[str]) -> set[int]:
    return {hash(tuple(words[i:i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def _body(article: str) -> str:
    """The article without its YAML front matter."""
    front = _FRONT_MATTER.match(article)
    return article[front.end():] if front else article


def _project_files():
    for name in SEARCHED:
        top = ROOT / name
        for path in [top] if top.is_file() else sorted(top.rglob("*")):
            if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES and "__pycache__" not in path.parts:
                yield path


def test_front_matter_is_left_out():
    assert _body("---\nshow: Orchard Row\nurl: x\n---\nKay Moss returns.\n") == "Kay Moss returns.\n"
    assert _body("Kay Moss returns.\n") == "Kay Moss returns.\n"


def test_no_eight_words_of_a_real_article_are_in_the_project():
    need_shared(REAL)
    articles = sorted(REAL.glob("*.txt"))
    assert len(articles) >= 24
    real = set().union(*(_shingles(_words(_body(a.read_text(encoding="utf-8")))) for a in articles))
    copies = []
    for path in _project_files():
        data = path.read_bytes()
        if b"\0" in data:  # binary, whatever its name
            continue
        words = _words(data.decode("utf-8", errors="replace"))
        copies += [f"{path.relative_to(ROOT)}: ...{' '.join(words[i:i + SHINGLE])}..."
                   for i in range(len(words) - SHINGLE + 1) if hash(tuple(words[i:i + SHINGLE])) in real]
    assert not copies, "words copied from the real articles:\n" + "\n".join(copies)
