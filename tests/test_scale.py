"""Corpus scale: the incremental cache, parallel extraction, progress, and the Dask path.

Corpora come from our benchmark generator (bench/synth.py), kept small here; speed is
measured by bench/run.py, never asserted in tests.
"""

import importlib.util
import json
import shutil
import sys

import pytest

from graph import cache as cache_module
from graph.cache import ClaimCache, extractor_version
from graph.errors import FankgError
from graph.ingest import load_corpus
from graph.parallel import ExtractionStats, extract_corpus
from graph.pipeline import load_profiles, run

from .conftest import ROOT, run_fankg

_spec = importlib.util.spec_from_file_location("fankg_bench_synth", ROOT / "bench" / "synth.py")
synth = sys.modules.setdefault("fankg_bench_synth", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(synth)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    """Eight synthetic articles about three shows, two of them with profiles."""
    folder = tmp_path_factory.mktemp("corpus")
    synth.write_corpus(folder, articles=8, seed=3, shows=3)
    return folder


@pytest.fixture(scope="module")
def reference(corpus_dir):
    """The claims of the corpus extracted the plain way: one process, no cache."""
    return run([corpus_dir]).claims


def _copy(corpus_dir, tmp_path):
    return shutil.copytree(corpus_dir, tmp_path / "corpus")


def test_generator_is_deterministic_and_skewed(tmp_path):
    a = synth.write_corpus(tmp_path / "a", articles=30, seed=5)
    b = synth.write_corpus(tmp_path / "b", articles=30, seed=5)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    shows = [p.read_text(encoding="utf-8").split("show: ", 1)[1].split("\n", 1)[0] for p in a]
    top = max(set(shows), key=shows.count)
    assert shows.count(top) > len(shows) / len(set(shows))  # the most covered show is above the mean


def test_adding_one_article_extracts_only_that_article(corpus_dir, reference, tmp_path):
    folder = _copy(corpus_dir, tmp_path)
    cache = tmp_path / "cache"
    first = run([folder], cache=cache)
    assert (first.extraction.extracted, first.extraction.cached) == (8, 0)
    assert first.claims == reference

    (folder / "new.md").write_text("---\nshow: Some Show\n---\nIn the series, Ann Lee stars as Kay Moss.\n",
                                   encoding="utf-8")
    second = run([folder], cache=cache)
    assert (second.extraction.extracted, second.extraction.cached) == (1, 8)
    assert ("Ann Lee", "plays", "Kay Moss") in {(c.subject.label, c.predicate, c.object.label)
                                                for c in second.claims}

    # an edited article is extracted again; the others still come from the cache
    edited = folder / "00002.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nLater, Ann Lee stars as Kay Moss.\n",
                      encoding="utf-8")
    third = run([folder], cache=cache)
    assert (third.extraction.extracted, third.extraction.cached) == (1, 8)


def test_cached_build_writes_the_same_files_and_says_what_it_reused(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    fresh = run_fankg("build", corpus_dir, "--out", tmp_path / "fresh", "--no-cache", "--jobs", "1")
    cold = run_fankg("build", corpus_dir, "--out", tmp_path / "cold", "--cache", cache, "--jobs", "1")
    warm = run_fankg("build", corpus_dir, "--out", tmp_path / "warm", "--cache", cache, "--jobs", "1")
    for proc in (fresh, cold, warm):
        assert proc.returncode == 0, proc.stderr
    assert "extracted 8 articles" in cold.stdout and "0 from the cache" in cold.stdout
    assert "extracted 0 articles, 8 from the cache" in warm.stdout
    assert not (tmp_path / "fresh" / ".fankg-cache").exists()
    for name in sorted(p.name for p in (tmp_path / "fresh").iterdir()):
        assert (tmp_path / "warm" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_another_extractor_version_does_not_reuse_entries_and_old_ones_are_removed(corpus_dir, tmp_path):
    root = tmp_path / "cache"
    old = ClaimCache(root, version="old-rules")
    run([corpus_dir], cache=old)
    assert (root / "v-old-rules").is_dir()
    new = ClaimCache(root, version="new-rules")
    build = run([corpus_dir], cache=new)
    assert (build.extraction.extracted, build.extraction.cached) == (8, 0)
    assert not (root / "v-old-rules").exists()


def test_extractor_version_follows_the_extraction_code(tmp_path, monkeypatch):
    copy = shutil.copytree(ROOT / "graph", tmp_path / "graph", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "_HERE", copy)
    extractor_version.cache_clear()
    try:
        before = extractor_version()
        assert before == extractor_version.__wrapped__()
        rules = copy / "extract" / "patterns.py"
        original = rules.read_bytes()
        rules.write_bytes(original + b"\n# a changed rule\n")
        assert extractor_version.__wrapped__() != before
        rules.write_bytes(original)
        (copy / "rdf.py").write_text("# not extraction code\n", encoding="utf-8")
        assert extractor_version.__wrapped__() == before
    finally:
        extractor_version.cache_clear()


def test_damaged_entries_and_leftover_temporary_files_are_ignored(corpus_dir, reference, tmp_path):
    root = tmp_path / "cache"
    cache = ClaimCache(root)
    run([corpus_dir], cache=cache)
    entries = sorted(cache.folder.glob("*/*.json"))
    assert len(entries) == 8
    entries[0].write_text('{"claims": [{"subject": ', encoding="utf-8")  # a torn write
    (entries[1].parent / f".{entries[1].name}.x1y2.tmp").write_text("partial", encoding="utf-8")
    build = run([corpus_dir], cache=ClaimCache(root))
    assert (build.extraction.extracted, build.extraction.cached) == (1, 7)
    assert build.claims == reference
    assert json.loads(entries[0].read_text(encoding="utf-8"))["claims"]  # repaired


def test_an_interrupted_run_keeps_what_it_extracted(corpus_dir, monkeypatch, tmp_path):
    import graph.parallel as parallel

    real = parallel.extract_chunk
    calls = []

    def crash_on_third_chunk(items):
        calls.append(len(items))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(items)

    monkeypatch.setattr(parallel, "extract_chunk", crash_on_third_chunk)
    root = tmp_path / "cache"
    with pytest.raises(KeyboardInterrupt):
        run([corpus_dir], cache=root)
    done = sum(calls[:2])
    monkeypatch.setattr(parallel, "extract_chunk", real)
    build = run([corpus_dir], cache=root)
    assert build.extraction.cached == done > 0
    assert build.extraction.extracted == 8 - done


def test_worker_processes_give_the_same_claims_in_the_same_order(corpus_dir, reference):
    stats = ExtractionStats()
    corpus = load_corpus([corpus_dir])
    claims = extract_corpus(corpus.articles, load_profiles(corpus), jobs=2, stats=stats)
    assert stats.workers == 2 and "local worker processes" in stats.where
    assert claims == reference


def test_results_of_another_extractor_are_refused(corpus_dir, monkeypatch, tmp_path):
    import graph.parallel as parallel

    real = parallel.extract_chunk
    monkeypatch.setattr(parallel, "extract_chunk", lambda items: ("other-fankg", real(items)[1]))
    corpus = load_corpus([corpus_dir])
    cache = ClaimCache(tmp_path / "cache")
    with pytest.raises(FankgError, match="different fankg extractor"):
        extract_corpus(corpus.articles, load_profiles(corpus), cache=cache, jobs=1)
    assert not list(cache.folder.glob("*/*.json"))  # nothing of theirs was cached as ours


def test_progress_bar_shows_rate_and_time_left(corpus_dir, tmp_path):
    proc = run_fankg("build", corpus_dir, "--out", tmp_path, "--no-cache", "--jobs", "1", "--progress")
    assert proc.returncode == 0, proc.stderr
    assert "articles/s" in proc.stderr and "ETA" in proc.stderr and "8/8" in proc.stderr
    quiet = run_fankg("build", corpus_dir, "--out", tmp_path, "--no-cache", "--jobs", "1")
    assert "articles/s" not in quiet.stderr  # not a terminal: no bar unless asked


@pytest.mark.parametrize("args, message", [
    (["--scheduler", "nonsense:://x"], "is not a Dask scheduler address"),
    (["--jobs", "0"], "Invalid value for '--jobs'"),
])
def test_bad_extraction_options_give_one_line(corpus_dir, tmp_path, args, message):
    proc = run_fankg("build", corpus_dir, "--out", tmp_path, *args)
    assert proc.returncode != 0
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_unwritable_cache_warns_but_builds(corpus_dir, tmp_path):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("", encoding="utf-8")
    proc = run_fankg("build", corpus_dir, "--out", tmp_path / "out", "--cache", blocker, "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert "warning: the cache" in proc.stderr and "could not be written" in proc.stderr
    assert (tmp_path / "out" / "fankg.jsonl").exists()


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        yield cluster


def test_dask_cluster_builds_the_same_graph(corpus_dir, dask_cluster, tmp_path):
    local = run_fankg("build", corpus_dir, "--out", tmp_path / "local", "--no-cache", "--jobs", "1")
    remote = run_fankg("build", corpus_dir, "--out", tmp_path / "dask", "--cache", tmp_path / "cache",
                       "--scheduler", dask_cluster.scheduler_address)
    assert local.returncode == 0 and remote.returncode == 0, remote.stderr
    assert "Dask cluster" in remote.stdout and "2 workers" in remote.stdout
    for name in ("fankg.jsonl", "fankg.ttl"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    # the workers' results went into this machine's cache
    again = run_fankg("build", corpus_dir, "--out", tmp_path / "again", "--cache", tmp_path / "cache", "--jobs", "1")
    assert "extracted 0 articles, 8 from the cache" in again.stdout


# ---------------------------------------------------------------- Oxigraph on disk


def test_an_oxigraph_store_on_disk_is_loaded_once_and_reloaded_when_the_corpus_changes(tmp_path):
    import gc

    from graph.query import run_query
    from graph.store import open_build_store

    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "cast.txt", folder / "cast.txt")
    spec = f"oxigraph:{tmp_path / 'db'}"
    build = run([folder])
    memory, _ = open_build_store(build, "rdflib")
    disk, loaded = open_build_store(build, spec)
    assert loaded
    expected = run_query(memory, "cast-list").rows
    assert expected and run_query(disk, "cast-list").rows == expected
    del disk
    gc.collect()  # closes the store, as the end of a command would

    again, loaded = open_build_store(run([folder]), spec)
    assert not loaded  # the same build: the graph already on disk is used as it is
    assert run_query(again, "cast-list").rows == expected
    del again
    gc.collect()

    (folder / "more.md").write_text("In the series, Ann Lee stars as Kay Moss.\n", encoding="utf-8")
    changed, loaded = open_build_store(run([folder]), spec)
    assert loaded
    actors = {str(row[0]) for row in run_query(changed, "cast-list").rows}
    assert "Ann Lee" in actors and {str(row[0]) for row in expected} <= actors


def test_query_command_on_an_oxigraph_store_prints_what_rdflib_prints(tmp_path):
    args = ["query", "cast-list", ROOT / "tests" / "data" / "cast.txt", "--cache", tmp_path / "cache"]
    memory = run_fankg(*args)
    first = run_fankg(*args, "--store", f"oxigraph:{tmp_path / 'db'}")
    second = run_fankg(*args, "--store", f"oxigraph:{tmp_path / 'db'}")
    assert memory.returncode == first.returncode == second.returncode == 0, first.stderr
    assert "Mara Quill" in memory.stdout
    assert first.stdout == second.stdout == memory.stdout


def test_an_oxigraph_store_in_use_gives_one_line(tmp_path):
    import pyoxigraph

    holder = pyoxigraph.Store(str(tmp_path / "db"))  # another process would hold the same lock
    proc = run_fankg("query", "cast-list", ROOT / "tests" / "data" / "cast.txt", "--cache", tmp_path / "cache",
                     "--store", f"oxigraph:{tmp_path / 'db'}")
    assert proc.returncode == 2
    assert "cannot open the oxigraph store" in proc.stderr and "Traceback" not in proc.stderr
    del holder


# ---------------------------------------------------------------- exports written in parallel

_PARALLEL_EXPORTS = """
import errno, hashlib, json, sys
from graph import export
from graph.errors import BadInput
from graph.pipeline import run

build = run([sys.argv[1]])
out = sys.argv[2]
assert export._export_jobs(build, 2) == 2, "the forked path is not taken"
digests = {}
for jobs in (1, 2):
    paths = export.write_exports(build, f"{out}/jobs{jobs}", "g", jobs=jobs)
    digests[jobs] = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}

def disk_full(build, fh):
    raise OSError(errno.ENOSPC, "No space left on device", fh.name)

export.WRITERS["html"] = (".html", disk_full)  # the forked process writing the page fails
try:
    export.write_exports(build, f"{out}/jobs2", "g", jobs=2)
    failure = None
except BadInput as err:
    failure = str(err)
print(json.dumps({"same": digests[1] == digests[2], "files": sorted(digests[2]), "failure": failure}))
"""


def test_exports_written_by_several_processes_are_the_same_files(corpus_dir, tmp_path):
    import subprocess

    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-c", _PARALLEL_EXPORTS, str(corpus_dir), str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["same"], "two processes wrote other bytes than one"
    assert len(report["files"]) == 7
    # a failing writer process: one line naming the file and the cause, the previous files whole
    assert report["failure"].endswith("cannot write the export (No space left on device); check --out")
    assert report["failure"].startswith(str(out / "jobs2" / "g.html"))
    assert sorted(p.name for p in (out / "jobs2").iterdir()) == report["files"], "a temporary file was left"


# ---------------------------------------------------------------- incremental exports


def _grown(corpus_dir, tmp_path):
    """The corpus with one more article, one article changed and one removed."""
    folder = _copy(corpus_dir, tmp_path)
    extra = synth.write_corpus(tmp_path / "extra", articles=1, seed=99)[0]
    shutil.copy(extra, folder / "zz-new.md")
    changed = folder / "00003.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nLena Hart confirmed she is back for a new season.\n",
                       encoding="utf-8")
    (folder / "00005.md").unlink()
    return folder


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_rebuild_after_changes_writes_the_files_a_fresh_build_writes(corpus_dir, tmp_path):
    folder = _copy(corpus_dir, tmp_path / "a")
    cache = tmp_path / "cache"
    assert run_fankg("build", folder, "--out", tmp_path / "out", "--cache", cache, "--jobs", "1").returncode == 0
    assert list((cache / "exports").glob("*.json")), "the build kept no index of its files' pieces"
    grown = _grown(corpus_dir, tmp_path / "b")
    shutil.rmtree(folder)
    shutil.copytree(grown, folder)
    again = run_fankg("build", folder, "--out", tmp_path / "out", "--cache", cache, "--jobs", "1")
    fresh = run_fankg("build", folder, "--out", tmp_path / "fresh", "--no-cache", "--jobs", "1")
    assert again.returncode == 0 and fresh.returncode == 0, again.stderr + fresh.stderr
    assert "extracted 2 articles" in again.stdout and "6 from the cache" in again.stdout
    assert _files(tmp_path / "out") == _files(tmp_path / "fresh")


def _counting_pieces(monkeypatch):
    """How many RDF pieces and JSON-lines pieces get made (not copied), by format."""
    from graph import export
    from graph.serialize import Pieces

    made: dict[str, int] = {}
    piece, jsonl_piece = Pieces.piece, export._jsonl_piece

    def counted(self, quads):
        made[self.fmt] = made.get(self.fmt, 0) + 1
        return piece(self, quads)

    def counted_jsonl(records):
        made["jsonl"] = made.get("jsonl", 0) + 1
        return jsonl_piece(records)

    monkeypatch.setattr(Pieces, "piece", counted)
    monkeypatch.setattr(export, "_jsonl_piece", counted_jsonl)
    return made


def test_unchanged_articles_are_copied_from_the_previous_files(corpus_dir, tmp_path, monkeypatch):
    from graph.export import write_exports

    made = _counting_pieces(monkeypatch)
    index = tmp_path / "index"
    write_exports(run([corpus_dir]), tmp_path / "out", "g", reuse=index, jobs=1)
    assert made == {"ttl": 9, "nt": 9, "jsonld": 9, "trig": 9, "jsonl": 8}  # the graph-wide head + 8 articles
    made.clear()
    folder = _copy(corpus_dir, tmp_path)
    shutil.copy(synth.write_corpus(tmp_path / "extra", articles=1, seed=99)[0], folder / "zz-new.md")
    build = run([folder])
    write_exports(build, tmp_path / "out", "g", reuse=index, jobs=1)
    assert made == {"ttl": 2, "nt": 2, "jsonld": 2, "trig": 2, "jsonl": 1}  # the head and the new article
    write_exports(build, tmp_path / "fresh", "g", jobs=1)
    assert _files(tmp_path / "out") == _files(tmp_path / "fresh")


def test_a_file_changed_by_hand_or_a_damaged_index_is_not_copied_from(corpus_dir, tmp_path, monkeypatch):
    from graph.export import write_exports

    build = run([corpus_dir])
    index = tmp_path / "index"
    write_exports(build, tmp_path / "out", "g", reuse=index, jobs=1)
    write_exports(build, tmp_path / "fresh", "g", jobs=1)
    nt = tmp_path / "out" / "g.nt"
    nt.write_bytes(nt.read_bytes().replace(b"<", b"[", 50))  # same size, other bytes
    made = _counting_pieces(monkeypatch)
    write_exports(build, tmp_path / "out", "g", reuse=index, jobs=1)
    assert made == {"nt": 9, "ttl": 1, "jsonld": 1, "trig": 1}, "only the edited file is made again"
    assert _files(tmp_path / "out") == _files(tmp_path / "fresh")
    for damaged in index.glob("*.json"):
        damaged.write_text('{"version": ', encoding="utf-8")
    made.clear()
    write_exports(build, tmp_path / "out", "g", reuse=index, jobs=1)
    assert made["nt"] == 9 and made["jsonl"] == 8
    assert _files(tmp_path / "out") == _files(tmp_path / "fresh")


def test_another_base_makes_every_piece_again(corpus_dir, tmp_path):
    from graph.export import write_exports

    build = run([corpus_dir])
    index = tmp_path / "index"
    write_exports(build, tmp_path / "out", "g", reuse=index, jobs=1)
    write_exports(build, tmp_path / "out", "g", reuse=index, jobs=1, base="https://example.org/kg/")
    write_exports(build, tmp_path / "fresh", "g", jobs=1, base="https://example.org/kg/")
    assert _files(tmp_path / "out") == _files(tmp_path / "fresh")
    assert b"https://example.org/kg/" in (tmp_path / "out" / "g.nt").read_bytes()


def test_pieces_are_copied_through_a_buffer_where_the_kernel_cannot(corpus_dir, tmp_path, monkeypatch):
    import errno
    import os

    from graph.export import write_exports

    def cross_device(*args):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    index = tmp_path / "index"
    write_exports(run([corpus_dir]), tmp_path / "out", "g", reuse=index, jobs=1)
    folder = _copy(corpus_dir, tmp_path)
    shutil.copy(synth.write_corpus(tmp_path / "extra", articles=1, seed=99)[0], folder / "zz-new.md")
    build = run([folder])
    monkeypatch.setattr(os, "copy_file_range", cross_device, raising=False)
    made = _counting_pieces(monkeypatch)
    write_exports(build, tmp_path / "out", "g", reuse=index, jobs=1)
    assert made["nt"] == 2, "the unchanged articles were made again instead of copied"
    write_exports(build, tmp_path / "fresh", "g", jobs=1)
    assert _files(tmp_path / "out") == _files(tmp_path / "fresh")
