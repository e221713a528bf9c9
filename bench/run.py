"""Benchmarks at corpus scale; prints markdown tables (paste them into docs/benchmarks.md).

    python bench/run.py                      # the full run: 1,000 and 10,000 articles
    python bench/run.py --sizes 200 --sample 50 --skip html   # a short run while others work

Sections (each can be skipped with --skip NAME):

- ``extract``: words/s per core of our extraction against spaCy's own ``nlp.pipe`` on the same
  texts (one process, after a warm-up), and what our rules cost on top of the parse.
- ``build``: the real ``fankg build`` of each corpus size with an empty cache (all cores), then
  the incremental rebuild after adding one article to the largest; wall time per stage and the
  memory peak (resident memory of the build and its worker processes, summed, sampled).
- ``query``: every query of the query library on the largest graph, rdflib vs oxigraph.
- ``html``: the largest graph's HTML page: file size and time to first drawing in headless
  Chromium (Debian's, as the tests use).

Corpora come from bench/synth.py and are kept in --work (default: /tmp/fankg-bench) between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import synth  # noqa: E402  (bench/synth.py, beside this file)

SECTIONS = ("extract", "build", "query", "html")


# ---------------------------------------------------------------- helpers


def corpus(work: Path, size: int) -> Path:
    """The synthetic corpus of ``size`` articles, generated once."""
    folder = work / f"corpus-{size}"
    done = folder / ".complete"
    if not done.exists():
        synth.write_corpus(folder, size, seed=7)
        done.write_text("ok\n", encoding="utf-8")
    return folder


def words_in(paths) -> int:
    return sum(len(Path(p).read_text(encoding="utf-8").split()) for p in paths)


def table(headers, rows) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


class PeakMemory:
    """Samples the resident memory of a process and all its children; keeps the peak sum."""

    def __init__(self, pid: int, every: float = 0.1):
        import psutil

        self.proc = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(every,), daemon=True)
        self._thread.start()

    def _sample(self, every):
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            time.sleep(every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed_build(paths, cache: Path, out: Path, jobs: int | None, per_format: bool = False) -> dict:
    """One ``fankg build`` (as the command does it), run in a child process; stage times and peak memory.

    With ``per_format``, the child then writes each format again alone to time it; that pass is
    not counted in the wall time (nor, being last and one format at a time, in the peak memory).
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_build", json.dumps(
        {"paths": [str(p) for p in paths], "cache": str(cache), "out": str(out), "jobs": jobs,
         "per_format": per_format})]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    mem = PeakMemory(proc.pid)
    stdout, _ = proc.communicate()
    wall = time.perf_counter() - start
    peak = mem.stop()
    if proc.returncode:
        raise SystemExit(f"bench: build of {paths} failed (exit {proc.returncode})")
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(wall=wall - result["times"].pop("per_format_pass", 0), peak_mb=peak / 2**20)
    return result


def _build_child(spec: str) -> None:
    """The child side of :func:`timed_build`: the steps of ``fankg build``, each timed."""
    from graph.build import build_graph
    from graph.cache import ClaimCache
    from graph.export import DEFAULT_FORMATS, RDF_FORMATS, WRITERS, write_exports, write_format, write_rdf_pieces
    from graph.ingest import load_corpus
    from graph.parallel import ExtractionStats, extract_corpus
    from graph.pipeline import Build, _title, load_profiles

    args = json.loads(spec)
    times = {}
    t = time.perf_counter()
    corp = load_corpus([Path(p) for p in args["paths"]])
    profiles = load_profiles(corp)
    times["read"] = time.perf_counter() - t
    t = time.perf_counter()
    stats = ExtractionStats()
    claims = extract_corpus(corp.articles, profiles, jobs=args["jobs"], cache=ClaimCache(args["cache"]),
                            stats=stats)
    times["extract"] = time.perf_counter() - t
    import resource

    # peaks so far: this process through extraction, and the largest worker process (joined by now)
    memory = [resource.getrusage(who).ru_maxrss / 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    t = time.perf_counter()
    graph = build_graph(claims)
    times["graph"] = time.perf_counter() - t
    build = Build(corp.articles, claims, graph, profiles, corp.problems, _title(corp.articles, profiles))
    t = time.perf_counter()
    write_exports(build, args["out"], "bench", jobs=args["jobs"],  # as `fankg build` writes them
                  reuse=Path(args["cache"]) / "exports")
    times["exports"] = time.perf_counter() - t
    exports = {}
    if args.get("per_format"):  # then each format alone, one process, for the per-format table
        t0 = time.perf_counter()
        folder = Path(args["out"]) / "per-format"
        folder.mkdir(parents=True, exist_ok=True)
        for fmt in DEFAULT_FORMATS:
            t = time.perf_counter()
            path = folder / f"bench{WRITERS[fmt][0]}"
            with open(path, "wb") as fh:
                write_format(build, fmt, fh)
            exports[fmt] = [time.perf_counter() - t, path.stat().st_size]
        t = time.perf_counter()
        files = {fmt: open(folder / f"together.{fmt}", "wb") for fmt in RDF_FORMATS}  # noqa: SIM115
        write_rdf_pieces(build, {fmt: (fh, None) for fmt, fh in files.items()})
        for fh in files.values():
            fh.close()
        exports["the 4 RDF formats in one pass (as the build writes them)"] = [time.perf_counter() - t, 0]
        times["per_format_pass"] = time.perf_counter() - t0
    print(json.dumps({"times": times, "exports": exports, "extract_mb": memory, "articles": len(corp.articles), "extracted": stats.extracted,
                      "cached": stats.cached, "workers": stats.workers, "nodes": graph.number_of_nodes(),
                      "edges": graph.number_of_edges(), "claims": len(claims)}))


# ---------------------------------------------------------------- sections


def bench_extract(work: Path, sample: int, rounds: int = 3) -> str:
    """Words/s of spaCy's nlp.pipe alone vs. our extraction on the same texts, one process."""
    import spacy

    from graph.extract import Extractor
    from graph.extract.nlp import MODEL_NAMES
    from graph.ingest import load_corpus
    from graph.pipeline import load_profiles
    from graph.profile import profiles_for

    folder = corpus(work, max(sample, 100))
    corp = load_corpus([folder])
    articles = corp.articles[:sample]
    profiles = load_profiles(corp)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    for name in MODEL_NAMES:
        try:
            bare = spacy.load(name)
            break
        except OSError:
            continue
    extractor = Extractor()
    items = [(a, profiles_for(a, profiles)) for a in articles]
    list(bare.pipe(texts[:5]))
    extractor.claims_of_many(items[:5])

    # small batches, alternating spaCy and ours, so that other work on the machine slows both
    # alike; the best of a few rounds. Ours is the whole pipeline: the model's components and
    # fankg's own (mentions, resolution, typing, rules, attribution, status, claims).
    spacy_s = ours = float("inf")
    step = 10
    for _ in range(rounds):
        round_spacy = round_ours = 0.0
        claims = 0
        for k in range(0, len(texts), step):
            t = time.perf_counter()
            for _ in bare.pipe(texts[k:k + step]):
                pass
            round_spacy += time.perf_counter() - t
            t = time.perf_counter()
            claims += sum(len(c) for c in extractor.claims_of_many(items[k:k + step]))
            round_ours += time.perf_counter() - t
        spacy_s, ours = min(spacy_s, round_spacy), min(ours, round_ours)
    rows = [
        ["spaCy `nlp.pipe` (en_core_web_sm, bare)", f"{words / spacy_s:,.0f}", f"{spacy_s:.1f}", "1.00", ""],
        ["fankg extraction (the model + our components)", f"{words / ours:,.0f}", f"{ours:.1f}",
         f"{ours / spacy_s:.2f}", f"{claims:,} claims; our components cost {100 * (ours / spacy_s - 1):.0f}% on top"],
    ]
    return (f"### Extraction speed, one core ({len(texts)} articles, {words:,} words, best of {rounds} rounds)\n\n"
            + table(["what", "words/s per core", "seconds", "time vs spaCy", "note"], rows))


def bench_build(work: Path, sizes, jobs: int | None) -> tuple[str, Path | None]:
    rows = []
    largest_out = None
    for size in sizes:
        folder = corpus(work, size)
        words = words_in(sorted(folder.glob("*.md")))
        cache = work / f"cache-{size}"
        out = work / f"out-{size}"
        shutil.rmtree(cache, ignore_errors=True)
        full = timed_build([folder], cache, out, jobs, per_format=size == max(sizes))
        rows.append(_build_row(f"full build, {size:,} articles ({words:,} words)", full))
        largest_out, largest = out, (folder, cache, out, full)
    if largest_out is not None:
        folder, cache, out, full = largest
        # one new article, about a show of its own, dropped into the corpus folder (no new profile:
        # a profile that applies to old articles rightly makes them be extracted again)
        extra = work / "one-more"
        shutil.rmtree(extra, ignore_errors=True)
        synth.write_corpus(extra, 1, seed=99)
        target = folder / "zz-added-article.md"
        shutil.copy(extra / "00000.md", target)
        try:
            inc = timed_build([folder], cache, out, jobs)
        finally:
            target.unlink()
            shutil.rmtree(extra, ignore_errors=True)
        share = inc["wall"] / full["wall"]
        work_share = (inc["wall"] - inc["times"]["exports"]) / (full["wall"] - full["times"]["exports"])
        rows.append(_build_row(f"add 1 article to {full['articles']:,}: {100 * share:.1f}% of the full build "
                               f"({100 * work_share:.1f}% without the exports)", inc))
    headers = ["build", "wall s", "read s", "extract s", "graph s", "exports s", "extracted", "articles/s",
               "nodes / edges", "peak MB", "peak MB to the end of extraction"]
    text = "### Builds (`fankg build`, all cores, fresh cache)\n\n" + table(headers, rows)
    if largest_out is not None:
        per_format = [[fmt, f"{secs:.1f}", f"{size / 2**20:.1f}" if size else ""]
                      for fmt, (secs, size) in full["exports"].items()]
        text += (f"\n\nExports of the full {full['articles']:,}-article build, each format alone in one "
                 "process (the build writes them in parallel):\n\n" + table(["format", "seconds", "MB"], per_format))
    return text, largest_out


def _build_row(name: str, r: dict) -> list:
    t = r["times"]
    rate = r["extracted"] / t["extract"] if r["extracted"] else 0
    return [name, f"{r['wall']:.1f}", f"{t['read']:.1f}", f"{t['extract']:.1f}", f"{t['graph']:.1f}",
            f"{t['exports']:.1f}", f"{r['extracted']:,} on {r['workers']} worker(s)", f"{rate:.1f}",
            f"{r['nodes']:,} / {r['edges']:,}", f"{r['peak_mb']:,.0f}", _extraction_memory(r)]


def _extraction_memory(r: dict) -> str:
    parent, worker = r["extract_mb"]
    if r["workers"] > 1 and worker:
        return f"{parent:,.0f} + {r['workers']} × {worker:,.0f} (workers)"
    return f"{parent:,.0f}"


def bench_query(paths, cache: Path, work: Path, timeout: float) -> str:
    """Every library query on the largest graph, on rdflib (memory) and oxigraph (on disk).

    Each store runs in a child process that reports one line per query; a query that takes
    longer than ``timeout`` is stopped (the child is killed and restarted for the rest).
    """
    from graph.query import library

    names = []
    for name, query in library().items():
        names.append(name)
        if any(not p.required for p in query.params):  # asked about one thing, then about everything
            names.append(name + ALL)
    store_dir = work / "oxigraph-store"
    shutil.rmtree(store_dir, ignore_errors=True)
    results: dict[str, dict] = {}
    loads = {}
    for store in ("rdflib", f"oxigraph:{store_dir}"):
        label = store.partition(":")[0]
        results[label], loads[label] = _queries_in_child(paths, cache, store, names, timeout)
    rows = [["(load the graph into the store)", loads["rdflib"], loads["oxigraph"], "", ""]]
    for name in names:
        r, o = results["rdflib"].get(name, {}), results["oxigraph"].get(name, {})
        if "digest" in r and "digest" in o:
            same = "yes" if r["digest"] == o["digest"] else "NO"
        else:
            same = "-"  # one of them did not finish
        rows.append([f"`{name}`" + (f" ({r.get('params') or o.get('params')})" if r.get("params") or o.get("params")
                                    else ""), _secs(r, timeout), _secs(o, timeout), o.get("rows", r.get("rows", "")),
                     same])
    return (f"### Query library on the largest graph (timeout {timeout:.0f} s per query)\n\n"
            + table(["query", "rdflib s", "oxigraph (on disk) s", "rows", "same answers"], rows))


#: Suffix of a query name in the bench: run it with no optional parameter.
ALL = " (no optional parameter)"


def _secs(r: dict, timeout: float) -> str:
    if not r:
        return "not run"
    if r.get("timeout"):
        return f"> {timeout:.0f}"
    return f"{r['seconds']:.2f}"


def _queries_in_child(paths, cache, store, names, timeout):
    import queue

    done: dict[str, dict] = {}
    load = ""
    todo = list(names)
    while todo:
        spec = json.dumps({"paths": [str(p) for p in paths], "cache": str(cache), "store": store, "queries": todo,
                           "timeout": timeout})
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--_query", spec],
                                stdout=subprocess.PIPE, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
        first = lines.get()  # the build and the load come first, with no deadline
        if first is None:
            raise SystemExit(f"bench: the query child for {store} failed")
        info = json.loads(first)
        load = load or f"{info['load']:.1f}" + ("" if info["loaded"] else " (reused)")
        for name in list(todo):
            try:
                line = lines.get(timeout=timeout + 30)  # the child stops Python-level queries itself
            except queue.Empty:
                proc.kill()
                done[name] = {"timeout": True}
                todo.remove(name)
                break
            if line is None:
                raise SystemExit(f"bench: the query child for {store} died at {name}")
            rec = json.loads(line)
            done[rec["query"]] = rec
            todo.remove(rec["query"])
        proc.wait()
    return done, load


class QueryTimeout(BaseException):  # not an Exception: the stores catch those
    pass


def _pump(stream, lines) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _query_child(spec: str) -> None:
    import hashlib

    from graph.pipeline import run
    from graph.query import library, run_query
    from graph.store import open_build_store

    args = json.loads(spec)

    def stop(signum, frame):
        raise QueryTimeout

    signal.signal(signal.SIGALRM, stop)  # interrupts rdflib (Python); Oxigraph is stopped by the parent
    build = run(args["paths"], cache=args["cache"], jobs=1)
    t = time.perf_counter()
    store, loaded = open_build_store(build, args["store"])
    print(json.dumps({"load": time.perf_counter() - t, "loaded": loaded}), flush=True)
    values = {}
    for node_type, param in (("Character", "character"), ("Season", "season")):
        nodes = [n for n, d in build.graph.nodes(data=True) if d["type"] == node_type]
        if nodes:  # the most connected one, as a user would most likely ask about
            top = max(sorted(nodes), key=build.graph.degree)
            values[param] = build.graph.nodes[top]["label"]
    told: dict[str, int] = {}  # the outlet most claims were told to
    for _, _, records in build.graph.edges(data="claims"):
        for rec in records:
            if rec.get("outlet"):
                told[rec["outlet"]] = told.get(rec["outlet"], 0) + 1
    if told:
        values["outlet"] = max(sorted(told), key=told.__getitem__)
    lib = library()
    for name in args["queries"]:
        query = lib[name.removesuffix(ALL)]
        params = {p.name: values[p.name] for p in query.params
                  if p.name in values and (p.required or not name.endswith(ALL))}
        t = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, args["timeout"])
        try:
            result = run_query(store, query, params)
        except QueryTimeout:
            print(json.dumps({"query": name, "timeout": True}), flush=True)
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = time.perf_counter() - t
        digest = hashlib.sha256("\n".join(sorted(map(str, result.rows))).encode()).hexdigest()
        print(json.dumps({"query": name, "seconds": seconds, "rows": len(result.rows), "digest": digest,
                          "params": ", ".join(f"{k}={v}" for k, v in params.items())}), flush=True)


def bench_html(out: Path) -> str:
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import NoBrowser, launch, open_graph_page

    page_path = out / "bench.html"
    size = page_path.stat().st_size
    try:
        with launch() as browser:
            t = time.perf_counter()
            page, problems = open_graph_page(browser, page_path, timeout_ms=600_000)
            wall = time.perf_counter() - t
            first_draw = page.evaluate("window.fankg.firstDrawMs")
            counts = page.evaluate("[window.fankg.data.nodes.length, window.fankg.data.edges.length]")
    except NoBrowser as err:
        return f"### HTML page\n\n(skipped: {err})"
    rows = [[f"{size / 2**20:.1f} MB", f"{counts[0]:,} / {counts[1]:,}", f"{first_draw / 1000:.1f}",
             f"{wall:.1f}", len(problems)]]
    return ("### HTML page of the largest graph, headless Chromium\n\n"
            + table(["file size", "nodes / edges", "first drawing s (page clock)", "open + draw s (wall)",
                     "console problems"], rows))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes to build")
    parser.add_argument("--sample", type=int, default=300, help="articles for the extraction-speed section")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for builds (default: all cores)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/fankg-bench"), help="folder for corpora and caches")
    parser.add_argument("--skip", default="", help=f"comma-separated sections to skip: {', '.join(SECTIONS)}")
    parser.add_argument("--query-timeout", type=float, default=60, help="seconds before a query is stopped")
    parser.add_argument("--_build", help=argparse.SUPPRESS)
    parser.add_argument("--_query", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._build:
        return _build_child(args._build)
    if args._query:
        return _query_child(args._query)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# fankg benchmarks\n\n`python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}` on "
          f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
          f"load average {load:.2f} at start, {time.strftime('%Y-%m-%d %H:%M')}\n", flush=True)
    if "extract" not in skip:
        print(bench_extract(args.work, args.sample) + "\n", flush=True)
    out = args.work / f"out-{max(args.sizes)}"  # a previous run's, when the builds are skipped
    out = out if out.exists() else None
    if "build" not in skip:
        text, out = bench_build(args.work, sorted(args.sizes), args.jobs)
        print(text + "\n", flush=True)
    if out is not None and "query" not in skip:
        largest = max(args.sizes)
        print(bench_query([corpus(args.work, largest)], args.work / f"cache-{largest}", args.work,
                          args.query_timeout) + "\n", flush=True)
    if out is not None and "html" not in skip:
        print(bench_html(out) + "\n", flush=True)


if __name__ == "__main__":
    main()
