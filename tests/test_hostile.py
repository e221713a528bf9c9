"""Hostile input and failure: clear errors, no lost work, nothing executes that should not.

Articles come from the open web. Every bad file gets one line on stderr naming it and the
problem; the rest of the run goes on (``build`` exits 1 with the exports of the good articles)
unless ``--strict``, which writes nothing. Exports are never half-written, never depend on the
run, and never contain anything that a browser or an RDF tool would execute or fetch.

Bad inputs are generated here in ``tmp_path``; no binary fixtures are committed.
"""

from __future__ import annotations

import ctypes
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph

from graph.build import build_graph
from graph.errors import BadArticle, BadInput
from graph.export import DEFAULT_FORMATS, WRITERS, render, write_exports
from graph.html import vis_network_js
from graph.ingest import clean_text, load_corpus, read_article
from graph.model import Article, slugify
from graph.pipeline import Build

from .conftest import DATA, ROOT, SEED

GOOD = (DATA / "cast.txt").read_text(encoding="utf-8")  # Harbour Lights: Mara Quill plays Juno Vale, ...
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


# ---------------------------------------------------------------- running the command


def _drop_read_override():
    """Run as root without the capabilities that let root read any file (CAP_DAC_OVERRIDE,
    CAP_DAC_READ_SEARCH): a chmod 000 file is then unreadable to the child, as to a user."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # PR_CAPBSET_DROP = 24; dropped from the bounding set, gone after exec
        if libc.prctl(24, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), f"prctl(PR_CAPBSET_DROP, {cap}) failed")


def fankg(*args, env=None, cwd=ROOT, timeout=600):
    """The real command line, as a user runs it: root (on CI) cannot read a chmod 000 file either."""
    full_env = {**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})}
    preexec = _drop_read_override if os.geteuid() == 0 else None
    return subprocess.run([sys.executable, "-m", "graph", *map(str, args)], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=preexec)


def error_lines(proc) -> list[str]:
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr.strip().splitlines()


def one_line(proc, *needles) -> str:
    """The single stderr line of a failed run, which must hold every needle."""
    lines = error_lines(proc)
    assert len(lines) == 1, proc.stderr
    assert all(n in lines[0] for n in needles), (needles, lines[0])
    return lines[0]


def claims_of(jsonl: Path) -> set:
    return {(r["subject"], r["predicate"], r["object"], r["source"])
            for r in map(json.loads, jsonl.read_text(encoding="utf-8").splitlines())}


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


# ---------------------------------------------------------------- bad articles


def _fifo(path):
    os.mkfifo(path)  # reading it would block for ever


def _loop(path):
    other = path.with_name("loop-b.txt")
    other.symlink_to(path.name)
    path.symlink_to(other.name)


def _bytes(data):
    return lambda path: path.write_bytes(data)


def _text(text, encoding="utf-8"):
    return lambda path: path.write_text(text, encoding=encoding)


ZH = ("这是一篇关于电视剧的文章。演员李明将在第二季中扮演主角王芳，她是一名来自上海的医生。"
      "导演说新的一季会更加黑暗。粉丝们认为王芳可能会和张伟在一起，但没有人证实这一点。")
FR = ("La deuxième saison de la série arrive enfin sur Netflix. Marie Dupont joue le rôle de Juliette, "
      "une boulangère de Lyon qui tombe amoureuse de son voisin, selon le créateur de la série.")
NO_MAIN_TEXT = ("<html><head><title>Menu</title></head><body><nav><a href=/>Home</a> | <a href=/tv>TV</a></nav>"
                "<div class=gallery><img src=a.jpg><img src=b.jpg></div>"
                "<footer>Copyright 2024 Example Media. All rights reserved.</footer></body></html>")

#: file name -> (how to make it, what the one line says). FANKG_MAX_BYTES is 20000 in these runs.
BAD = {
    "empty.txt": (_bytes(b""), "empty article"),
    "blank.md": (_bytes(b"  \n\n\t \r\n   \n"), "empty article"),
    "furniture-only.txt": (_text("Continue reading below\nAdvertisement\nPHOTO: Netflix\n"), "empty article"),
    "nul.txt": (_bytes(b"Mara Quill stars as Juno Vale.\x00\x00\x01"), "binary file (NUL bytes)"),
    "image.txt": (_bytes(PNG), "binary file (NUL bytes)"),
    "latin1.txt": (_bytes("Mara Quill stars as Juno Vale in the café drama.".encode("latin-1")),
                   "not UTF-8 text (bad byte at offset 40)"),
    "broken-utf16.txt": (_bytes(b"\xff\xfeM\x00a\x00\x00\xd8"), "not valid UTF-16 text"),
    "yaml.md": (_text("---\ntitle: [unclosed\nshow: Harbour Lights\n---\nMara Quill stars as Juno Vale.\n"),
                "broken YAML front matter (line 3)"),
    "yaml-type.md": (_text("---\ntitle:\n  nested: mapping\n---\nMara Quill stars as Juno Vale in the drama.\n"),
                     "front matter 'title' must be text, not a mapping"),
    "yaml-list.md": (_text("---\n- a list\n- not a mapping\n---\nMara Quill stars as Juno Vale.\n"),
                     "front matter must be a mapping"),
    # PyYAML's unsafe loader would run os.system here; ours refuses the tag
    "yaml-exec.md": (_text("---\ntitle: !!python/object/apply:os.system ['touch PWNED']\n---\nMara Quill stars.\n"),
                     "broken YAML front matter"),
    "menu.html": (_text(NO_MAIN_TEXT), "the web page has no main text"),
    "chinese.txt": (_text(ZH), "does not look like English text"),
    "french.txt": (_text(FR), "does not look like English text"),
    "huge.txt": (_text(GOOD + "\nMara Quill stars as Juno Vale.\n" * 1000), "over the 20,000-byte limit"),
    "pipe.txt": (_fifo, "not a regular file (a pipe, socket or device)"),
    "zero.txt": (lambda path: path.symlink_to("/dev/zero"), "not a regular file"),
    "dangling.txt": (lambda path: path.symlink_to("nowhere.txt"), "no such file"),
    "loop-a.txt": (_loop, "cannot be read (Too many levels of symbolic links)"),
    "secret.txt": (lambda path: (path.write_text(GOOD), path.chmod(0)), "permission denied; make the file readable"),
}
LIMIT = {"FANKG_MAX_BYTES": "20000"}


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory):
    """One good article and every kind of bad one, with a symlink loop and an unreadable folder."""
    corpus = tmp_path_factory.mktemp("hostile") / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, (make, _) in BAD.items():
        make(corpus / name)
    (corpus / "again").symlink_to(corpus, target_is_directory=True)  # a loop back to the corpus itself
    locked = corpus / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    yield corpus
    locked.chmod(0o755)
    (corpus / "secret.txt").chmod(0o644)


@pytest.fixture(scope="module")
def hostile_build(hostile_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile-out") / "out"
    return out, fankg("build", hostile_corpus, "--out", out, "--no-cache", env=LIMIT, cwd=hostile_corpus.parent)


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_article_is_one_line_naming_the_file_and_the_problem(hostile_corpus, name):
    proc = fankg("extract", hostile_corpus / name, env=LIMIT)
    assert proc.returncode == 2
    one_line(proc, f"fankg: error: {hostile_corpus / name}: ", BAD[name][1])
    assert proc.stdout == "" and not (ROOT / "PWNED").exists()


def test_build_skips_every_bad_article_with_one_line_each_and_writes_the_good_one(hostile_corpus, hostile_build):
    out, proc = hostile_build
    assert proc.returncode == 1, proc.stderr
    lines = error_lines(proc)
    # one per bad article, one for the locked folder, one for the other end of the looping links
    assert len(lines) == len(BAD) + 2, proc.stderr
    for name, (_, message) in BAD.items():
        (line,) = [x for x in lines if f"corpus/{name}: " in x]
        assert line.startswith("fankg: skipped: ") and message in line
    assert any("corpus/locked: folder cannot be read (Permission denied)" in x for x in lines)
    assert not (hostile_corpus / "PWNED").exists() and not (hostile_corpus.parent / "PWNED").exists()
    assert ("Mara Quill", "plays", "Juno Vale", "good") in claims_of(out / "harbour-lights.jsonl")
    # the symlink loop neither hangs nor reads the good article twice
    assert {source for *_, source in claims_of(out / "harbour-lights.jsonl")} == {"good"}
    assert "1 article(s)" in proc.stdout


def test_strict_makes_any_bad_article_fatal_and_writes_nothing(hostile_corpus, tmp_path):
    out = tmp_path / "out"
    proc = fankg("build", hostile_corpus, "--out", out, "--strict", "--no-cache", env=LIMIT)
    assert proc.returncode == 2
    lines = error_lines(proc)
    assert lines[-1] == (f"fankg: error: {len(BAD) + 2} article(s) could not be read and --strict is on; "
                         "nothing was written")
    assert len(lines) == len(BAD) + 3
    assert not out.exists()


def test_strict_with_one_bad_article(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "image.txt").write_bytes(PNG)
    proc = fankg("build", corpus, "--out", tmp_path / "out", "--strict", "--no-cache")
    assert proc.returncode == 2 and not (tmp_path / "out").exists()
    assert error_lines(proc) == [f"fankg: skipped: {corpus / 'image.txt'}: binary file (NUL bytes), not an article; "
                                 "give a .txt, .md or .html file",
                                 "fankg: error: 1 article(s) could not be read and --strict is on; nothing was written"]


def test_an_unreadable_file_is_refused_even_for_root(tmp_path):
    """chmod 000 means nothing to root: the command runs without root's read-anything capability,
    so this test means the same on a laptop and on CI."""
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD, encoding="utf-8")
    secret.chmod(0)
    proc = fankg("extract", secret)
    secret.chmod(0o644)
    assert proc.returncode == 2
    one_line(proc, f"fankg: error: {secret}: permission denied; make the file readable")


def test_a_folder_given_to_extract_is_one_line(tmp_path):
    proc = fankg("extract", tmp_path)
    assert proc.returncode == 2
    one_line(proc, f"fankg: error: {tmp_path}: is a folder; give one article file")


def test_a_50_megabyte_article_is_refused_without_being_read(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as fh:
        line = "Mara Quill stars as Juno Vale, a ferry pilot from Oslo who inherits a lighthouse.\n"
        fh.write(line * (50 * 2**20 // len(line) + 1))
    small = tmp_path / "small.txt"
    small.write_bytes(b"")

    def peak_kib(path) -> tuple[int, subprocess.CompletedProcess]:
        # the peak memory of one `fankg extract` child, measured by a fresh parent that has no other child
        probe = ("import json, resource, subprocess, sys; "
                 "p = subprocess.run([sys.executable, '-m', 'graph', 'extract', sys.argv[1]], capture_output=True, "
                 "text=True); print(json.dumps([resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
                 "p.returncode, p.stderr]))")
        res = subprocess.run([sys.executable, "-c", probe, str(path)], cwd=ROOT, capture_output=True, text=True,
                             env={k: v for k, v in os.environ.items() if k != "FANKG_MAX_BYTES"})
        peak, code, stderr = json.loads(res.stdout)
        return peak, subprocess.CompletedProcess([], code, "", stderr)

    peak, proc = peak_kib(big)
    assert proc.returncode == 2
    one_line(proc, f"{big}: 52,428,", "bytes is over the 5,000,000-byte limit; split it or raise FANKG_MAX_BYTES")
    baseline, _ = peak_kib(small)
    assert peak - baseline < 20_000, f"refusing a 50 MB file took {peak - baseline} KiB more memory"


def test_the_size_limit_is_configurable_and_a_bad_setting_is_one_line(tmp_path):
    article = tmp_path / "cast.txt"
    article.write_text(GOOD, encoding="utf-8")
    size = article.stat().st_size
    with pytest.raises(BadArticle, match=f"{size:,} bytes is over the 100-byte limit"):
        read_article(article, max_bytes=100)
    assert read_article(article, max_bytes=size).title == "Harbour Lights gets a second season"
    proc = fankg("extract", article, env={"FANKG_MAX_BYTES": "lots"})
    assert proc.returncode == 2
    one_line(proc, "FANKG_MAX_BYTES='lots' is not a size in bytes; set a whole number")


def test_a_file_that_grows_past_the_limit_while_read_is_cut_off(tmp_path, monkeypatch):
    """The size is checked before reading, and the read itself never takes more than the limit."""
    article = tmp_path / "growing.txt"
    article.write_text(GOOD, encoding="utf-8")
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **kw: os.stat_result(
        (*real_stat(self, **kw)[:6], 10, *real_stat(self, **kw)[7:])) if self == article else real_stat(self, **kw))
    with pytest.raises(BadArticle, match="over the 100-byte limit"):
        read_article(article, max_bytes=100)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded_front_matter_and_all(tmp_path, encoding):
    path = tmp_path / "bom.txt"
    data = GOOD.encode(encoding)
    path.write_bytes(b"\xfe\xff" + data if encoding == "utf-16-be" else data)
    proc = fankg("extract", path)
    assert proc.returncode == 0, proc.stderr
    assert ("Mara Quill", "plays", "Juno Vale", "bom") in {
        (r["subject"], r["predicate"], r["object"], r["source"]) for r in map(json.loads, proc.stdout.splitlines())}
    assert read_article(path).show == "Harbour Lights"


PROFILE_ERRORS = {
    "show: 42\n": "needs a 'show: <title>' line",
    "show: Harbour Lights\naliases: Harbour\n": "'aliases' must be a list of names",
    "show: Harbour Lights\nentities: {label: Mara Quill}\n": "'entities' must be a list",
    "show: Harbour Lights\nentities:\n  - {label: 7, type: Person}\n": "entity #1 needs a 'label'",
    "show: Harbour Lights\nentities:\n  - {label: Mara Quill, type: [Person]}\n":
        "entity #1 (Mara Quill) has type ['Person']; use one of Show, Season",
    "show: Harbour Lights\nentities:\n  - {label: Juno Vale, type: Character, aliases: {a: 1}}\n":
        "entity #1 (Juno Vale): 'aliases' must be a list of names",
    "show: [Harbour Lights\n": "line 2 broken YAML",
}
CORRECTIONS_ERRORS = {
    '- reject: "Mara Quill plays Juno Vale"\n': "line 1: reject takes an edge as [Subject, predicate, Object]",
    "- change: [Mara Quill, plays, Juno Vale]\n  status: 3\n": "line 1: status '3' is not one of confirmed",
    "- change: [Mara Quill, plays, Juno Vale]\n  status: {a: 1}\n": "line 1: 'status' must be text, not a mapping",
    "- add: [Mara Quill, plays, Juno Vale]\n  quote: [a]\n": "line 1: 'quote' must be text, not a list",
    "reject: [Mara Quill, plays, Juno Vale]\n": "must be a list of entries",
    "- reject: [1, 2]\n": "reject takes an edge as [Subject, predicate, Object]",
}


@pytest.mark.parametrize("file_name, text, message", [
    *(("harbour.profile.yaml", t, m) for t, m in PROFILE_ERRORS.items()),
    *(("corrections.yaml", t, m) for t, m in CORRECTIONS_ERRORS.items()),
])
def test_a_profile_or_corrections_file_with_wrong_types_stops_the_run_with_one_line(tmp_path, file_name, text,
                                                                                  message):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / file_name).write_text(text, encoding="utf-8")
    proc = fankg("build", corpus, "--out", tmp_path / "out", "--no-cache")
    assert proc.returncode == 2
    one_line(proc, f"fankg: error: {corpus / file_name}", message)
    assert not (tmp_path / "out").exists()


def test_an_export_folder_that_cannot_be_written_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = fankg("build", DATA / "cast.txt", "--out", blocker / "out", "--no-cache")
    assert proc.returncode == 2
    one_line(proc, f"{blocker / 'out'}: cannot write the export (Not a directory); check --out")


# ---------------------------------------------------------------- security


PAYLOAD = "<img src=x onerror=\"window.__pwned='{}'\">"
HOSTILE_FIELDS = {
    "title": f"{PAYLOAD.format('title')} ../../../../tmp/fankg-escape",
    "show": f"../../{PAYLOAD.format('show')}Harbour Lights",
    "outlet": "</script><script>window.__pwned='outlet'</script>Evil Gazette",
    "url": "javascript:window.__pwned='url'//\n<b>",
    "date": "<svg onload=alert(1)>",
}
HOSTILE_ARTICLE = "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in HOSTILE_FIELDS.items()) + """---
Harbour Lights returns with a second season, and the cast is talking.

In the drama, Mara Quill stars as Juno Vale, a ferry pilot from Oslo.
Tobias Renn, who plays Felix, told Variety that the new episodes are darker.
"""


@pytest.fixture(scope="module")
def hostile_exports(tmp_path_factory):
    root = tmp_path_factory.mktemp("security")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    secret = root / "secret.txt"
    secret.write_text("TOKEN-1b9e7f local secret", encoding="utf-8")
    (corpus / "file-url.txt").write_text(GOOD.replace("outlet: Test Gazette", f"url: file://{secret}\n"
                                                      f"title: ../{secret.name}").replace(
        "show: Harbour Lights", f"show: {json.dumps(HOSTILE_FIELDS['show'])}"), encoding="utf-8")
    before = sorted(p for p in root.rglob("*"))
    out = root / "out"
    proc = fankg("build", corpus, "--out", out, "--no-cache", cwd=root)
    assert proc.returncode == 0, proc.stderr
    return root, out, before, proc


def test_front_matter_paths_never_become_file_paths(hostile_exports):
    root, out, before, _ = hostile_exports
    made = sorted(set(root.rglob("*")) - set(before))
    assert all(p == out or p.parent == out for p in made), made  # nothing written outside --out
    assert not Path("/tmp/fankg-escape").exists()
    # the export names come from the show's slug, never from a path in it
    name = slugify(HOSTILE_FIELDS["show"])
    assert re.fullmatch(r"[a-z0-9_-]+", name)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}{WRITERS[f][0]}" for f in DEFAULT_FORMATS)
    for path in out.iterdir():  # a file:// url is a string, never read
        assert "TOKEN-1b9e7f" not in path.read_text(encoding="utf-8")


def test_hostile_front_matter_is_only_escaped_data_in_the_page(hostile_exports, seed_build):
    _, out, _, _ = hostile_exports
    (html,) = out.glob("*.html")
    page = html.read_text(encoding="utf-8")
    markup = page.replace(vis_network_js(), "")
    clean = (seed_build[0] / "emily-in-paris.html").read_text(encoding="utf-8").replace(vis_network_js(), "")
    # no payload became markup: every "<" of the article data is escaped, in the page and in its JSON
    assert not re.search(r"<(img|svg|b)\b|<[^>]*\son\w+=|(href|src)=[\"']?javascript:", markup, re.IGNORECASE)
    # the same elements as the page of a harmless article: no script, link or frame was added
    tags = r"<(script|a|iframe|object|embed|link|meta|base)\b[^>]*>"
    assert re.findall(tags, markup) == re.findall(tags, clean)
    assert "&lt;img src=x onerror=" in markup.split("</title>")[0]  # the show's name, escaped in <title>
    # links are made in the browser, and only for http(s) URLs (tested in Chromium by tests/test_html.py)
    data = json.dumps(json.loads(re.search(r'id="fankg-data">(.*?)</script>', page, re.DOTALL).group(1)),
                      ensure_ascii=False)
    for key in ("title", "outlet", "url"):  # word for word, as data
        payload = HOSTILE_FIELDS[key]
        assert json.dumps(payload, ensure_ascii=False)[1:-1] in data


def test_hostile_front_matter_keeps_every_export_well_formed(hostile_exports):
    _, out, _, _ = hostile_exports
    (html,) = out.glob("*.html")
    name = out / html.stem
    graphs = {fmt: Graph().parse(f"{name}.{suffix}", format=fmt)
              for fmt, suffix in (("ttl", "ttl"), ("nt", "nt"), ("json-ld", "jsonld"))}
    assert len({len(g) for g in graphs.values()}) == 1
    Dataset().parse(f"{name}.trig", format="trig")
    import networkx as nx

    assert nx.read_graphml(f"{name}.graphml").number_of_edges() > 0  # XML-escaped, so it parses back
    titles = {json.loads(line).get("title") for line in Path(f"{name}.jsonl").read_text(encoding="utf-8").splitlines()}
    assert HOSTILE_FIELDS["title"] in titles


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802 - the http.server name
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(b'{"@context": {"name": "http://schema.org/name"}}')

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    """A local HTTP server that records every request it gets: nothing should ever arrive."""
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()
    server.server_close()


def test_building_and_querying_a_corpus_full_of_remote_references_fetches_nothing(recorder, tmp_path):
    url, hits = recorder
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD.replace("outlet: Test Gazette", f"url: {url}/article\n"
                                                  f"outlet: Test Gazette"), encoding="utf-8")
    body = " ".join(["In the drama, Mara Quill stars as Juno Vale, a ferry pilot from Oslo who inherits a lighthouse."] * 3)
    (corpus / "page.html").write_text(
        f'<html><head><title>Juno Vale</title><link rel="stylesheet" href="{url}/style.css">'
        f'<script src="{url}/app.js"></script><base href="{url}/"></head><body><article><h1>Juno Vale</h1>'
        f'<img src="{url}/photo.jpg"><iframe src="{url}/frame"></iframe><p>{body}</p><p>{body}</p>'
        f'</article></body></html>', encoding="utf-8")
    # user RDF beside the articles is not an article: never parsed, so its remote @context is never loaded
    (corpus / "extra.jsonld").write_text(json.dumps({"@context": f"{url}/context.jsonld", "@id": "x", "name": "y"}))
    (corpus / "extra.ttl").write_text(f"@prefix x: <{url}/ns#> .\n<{url}/a> x:b <{url}/c> .\n")
    out = tmp_path / "out"
    proc = fankg("build", corpus, "--out", out, "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert "2 article(s)" in proc.stdout
    doc = json.loads((out / "harbour-lights.jsonld").read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict), "the JSON-LD context is embedded, never a URL to fetch"
    Graph().parse(out / "harbour-lights.jsonld", format="json-ld")  # and reading it back fetches nothing either
    proc = fankg("query", f"SELECT ?s FROM <{url}/from.ttl> FROM NAMED <{url}/named.ttl> WHERE {{ ?s ?p ?o }}",
                 corpus, "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert hits == []


SERVICE_PATTERNS = [
    "SERVICE <{url}/sparql> {{ ?s ?p ?o }}",
    "?s ?p ?o . OPTIONAL {{ SERVICE SILENT <{url}/sparql> {{ ?s ?q ?x }} }}",
    "?s ?p ?o . FILTER EXISTS {{ SERVICE <{url}/sparql> {{ ?s ?q ?x }} }}",
    "{{ SELECT ?s WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }}",
]


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("pattern", SERVICE_PATTERNS)
def test_a_query_cannot_make_either_engine_contact_another_server(recorder, store, pattern):
    """SERVICE would send part of the query, with values from the graph, to any server."""
    from graph.errors import BadQuery
    from graph.query import open_store, run_query

    url, hits = recorder
    db = open_store(store)
    db.load(Graph().parse(data='<https://example.org/a> <https://example.org/b> "c" .', format="nt"))
    with pytest.raises(BadQuery, match=re.escape(f"SERVICE <{url}/sparql> is not allowed")):
        run_query(db, "SELECT ?s WHERE { " + pattern.format(url=url) + " }")
    assert hits == []


def test_a_query_with_service_is_one_line_on_the_command_line(recorder):
    url, hits = recorder
    proc = fankg("query", f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", DATA / "cast.txt",
                 "--no-cache")
    assert proc.returncode == 2
    one_line(proc, f"SERVICE <{url}/sparql> is not allowed; fankg queries only the local graph")
    assert hits == []


# ---------------------------------------------------------------- no lost work

#: Runs the real command with one change: the n-th rename of a finished export into place first
#: writes a marker file and waits, so a test can interrupt the build exactly while it writes.
PAUSING_BUILD = """
import os, sys, time
import graph.files

class PausingOs:
    calls = 0
    def __getattr__(self, name):
        return getattr(os, name)
    def replace(self, src, dst):
        PausingOs.calls += 1
        if PausingOs.calls == int(os.environ["PAUSE_AT"]):
            open(os.environ["PAUSED"], "w").write(str(src))
            time.sleep(600)
        os.replace(src, dst)

graph.files.os = PausingOs()
from graph.cli import main
sys.argv[0] = "fankg"
main()
"""


def _start_pausing_build(out, marker, pause_at=3):
    env = {**os.environ, "PAUSE_AT": str(pause_at), "PAUSED": str(marker), "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([sys.executable, "-c", PAUSING_BUILD, "build", SEED, DATA / "cast.txt", "--name", "g",
                             "--out", out, "--no-cache"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the build never reached its exports"
        time.sleep(0.05)
    return proc


@pytest.fixture(scope="module")
def old_and_new(seed_build, tmp_path_factory):
    """Previous exports (the seed alone) and what a full build of seed + one more article writes."""
    seed_out, _ = seed_build
    old = {f"g{suffix}": (seed_out / f"emily-in-paris{suffix}").read_bytes() for suffix, _ in WRITERS.values()}
    new_out = tmp_path_factory.mktemp("new")
    proc = fankg("build", SEED, DATA / "cast.txt", "--name", "g", "--out", new_out, "--no-cache")
    assert proc.returncode == 0, proc.stderr
    new = files_in(new_out)
    assert sorted(new) == sorted(old) and all(new[n] != old[n] for n in new)
    return old, new


def _previous_exports(folder, old):
    folder.mkdir()
    for name, data in old.items():
        (folder / name).write_bytes(data)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_build_killed_while_writing_leaves_every_export_whole(tmp_path, old_and_new, sig):
    old, new = old_and_new
    out = tmp_path / "out"
    _previous_exports(out, old)
    proc = _start_pausing_build(out, tmp_path / "paused")
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    assert proc.returncode == -sig
    visible = {n: d for n, d in files_in(out).items() if not n.startswith(".")}
    assert sorted(visible) == sorted(old)
    assert all(data in (old[name], new[name]) for name, data in visible.items()), "a half-written export"
    assert sum(visible[n] == new[n] for n in visible) == 2, "the first two renames happened, no more"
    leftovers = [n for n in files_in(out) if n.startswith(".")]
    assert all(n.endswith(".tmp") for n in leftovers)  # a killed process cannot tidy up; hidden, and ...
    proc = fankg("build", SEED, DATA / "cast.txt", "--name", "g", "--out", out, "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert {n: d for n, d in files_in(out).items() if not n.startswith(".")} == new  # ... ignored by the next build


def test_ctrl_c_while_writing_prints_one_line_exits_130_and_leaves_no_temporary_file(tmp_path, old_and_new):
    old, new = old_and_new
    out = tmp_path / "out"
    _previous_exports(out, old)
    proc = _start_pausing_build(out, tmp_path / "paused", pause_at=5)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr.strip().splitlines() == ["fankg: interrupted; previous exports were left as they were"]
    after = files_in(out)
    assert sorted(after) == sorted(old), "no temporary file is left behind"
    assert all(data in (old[name], new[name]) for name, data in after.items())


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


@pytest.mark.parametrize("children, wait", [(1, 0.0), (3, 1.0)], ids=["as-workers-start", "while-they-extract"])
def test_ctrl_c_during_parallel_extraction_prints_one_line_and_keeps_the_previous_exports(tmp_path, seed_build,
                                                                                          children, wait):
    seed_out, _ = seed_build
    previous = files_in(seed_out)
    out = tmp_path / "out"
    out.mkdir()
    for name, data in previous.items():
        (out / name).write_bytes(data)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(40):
        (corpus / f"copy{n:02}.txt").write_text(text, encoding="utf-8")
    # a terminal's Ctrl-C goes to the whole process group: the command and its worker processes
    proc = subprocess.Popen([sys.executable, "-m", "graph", "build", corpus, "--out", out, "--jobs", "2",
                             "--no-cache"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    deadline = time.monotonic() + 120
    while len(_children(proc.pid)) < children:  # multiprocessing's resource tracker, then two workers
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no worker processes were started"
        time.sleep(0.01)
    time.sleep(wait)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines() == ["fankg: interrupted; previous exports were left as they were"]
    assert files_in(out) == previous


def test_two_builds_of_the_same_input_are_byte_identical_in_every_format(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for source in (SEED, DATA / "cast.txt", DATA / "xss.txt", *sorted((DATA / "desk" / "story").iterdir())):
        (corpus / source.name).write_bytes(source.read_bytes())
    (corpus / "empty.txt").write_text("")
    runs = []
    for n, seed in enumerate(("1", "987")):
        out = tmp_path / f"out{n}"
        proc = fankg("build", corpus, "--out", out, "--no-cache", env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 1, proc.stderr
        runs.append(files_in(out))
    assert sorted(runs[0]) == sorted(f"fankg{WRITERS[f][0]}" for f in DEFAULT_FORMATS)
    for name in runs[0]:
        assert runs[0][name] == runs[1][name], name


# ---------------------------------------------------------------- never crashes, offsets always hold


@pytest.fixture(scope="module")
def extractor():
    from graph.pipeline import _default_extractor

    return _default_extractor()


NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)
SENTENCES = st.one_of(
    st.text(max_size=200),
    st.builds("{} stars as {} in {}.".format, NAMES, NAMES, NAMES),
    st.builds('"{}," {} told {}. {} plays {}.'.format, st.text(max_size=60), NAMES, NAMES, NAMES, NAMES),
    st.builds("Fans think {} might be dating {}, but {} denied it.".format, NAMES, NAMES, NAMES),
    st.sampled_from(["Continue reading below", "PHOTO: Netflix", "\n\n", "Season 2", " — ", "\u2028", "\xa0",
                     "Mara Quill stars as Juno Vale, a pilot from Oslo.", "She will not return, he said."]),
)
ARTICLE_TEXT = st.lists(SENTENCES, max_size=12).map("\n".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLE_TEXT)
def test_extraction_never_crashes_and_every_quote_sits_at_its_offsets(extractor, raw):
    text, _ = clean_text(raw)
    article = Article("fuzz", text)
    for claim in extractor.claims(article, []):
        ev = claim.evidence
        assert 0 <= ev.start < ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.quote


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLE_TEXT, NAMES, NAMES, st.text(max_size=40))
def test_every_export_renders_any_text_and_its_claims_point_into_the_article(extractor, raw, title, outlet, url):
    text, _ = clean_text("Mara Quill stars as Juno Vale in Harbour Lights.\n" + raw)
    article = Article("fuzz", text, title=title, show=title, outlet=outlet, url=url)
    claims = extractor.claims(article, [])
    build = Build([article], claims, build_graph(claims), title=title)
    for fmt in DEFAULT_FORMATS:
        assert render(build, fmt).decode("utf-8"), fmt
    for record in map(json.loads, render(build, "jsonl").decode("utf-8").splitlines()):
        assert text[record["start"]:record["end"]] == record["quote"]
    assert 0 < len(build.name.encode()) <= 100


def test_a_show_name_of_any_length_gives_export_names_that_fit_the_file_system(tmp_path):
    claims_free = Build([Article("a", "x")], [], build_graph([]), title="剧" * 300)
    written = write_exports(claims_free, tmp_path, claims_free.name)
    assert len(written) == len(DEFAULT_FORMATS) and all(p.exists() for p in written)


def test_a_missing_corpus_is_an_input_error_not_a_crash(tmp_path):
    with pytest.raises(BadInput, match="no such file or folder"):
        load_corpus([tmp_path / "nope"])
