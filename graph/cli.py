"""The ``fankg`` command. Each command parses its arguments, calls the library, prints.

Errors a user can cause (bad paths, bad articles, bad queries) end in one line on stderr and
a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import BadInput, BadQuery, FankgError
from .model import json_line

CORPUS_HELP = "Article files or folders (default: seeds/)."
#: Input paths are checked by the library, which says which file and what to do in one line
#: (click's own check of an unreadable file prints a usage block instead).
READABLE_LATER = click.Path(path_type=Path, readable=False)


def fail_cleanly(fn):
    """Turn FankgError (and Ctrl-C) into one line on stderr and an exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except FankgError as err:
            click.echo(f"fankg: error: {err}", err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("fankg: interrupted; previous exports were left as they were", err=True)
            sys.exit(130)

    return wrapper


def corpus_argument(fn):
    return click.argument("paths", nargs=-1, type=READABLE_LATER)(fn)


def extraction_options(fn):
    """--jobs, --cache/--no-cache, --scheduler and --progress: how a command extracts its corpus.

    The command receives them as one ``extraction`` dict to pass on to :func:`load_build`.
    """

    @functools.wraps(fn)
    def wrapper(*args, jobs, cache_dir, no_cache, scheduler, progress, **kwargs):
        kwargs["extraction"] = {"jobs": jobs, "cache": None if no_cache else cache_dir, "scheduler": scheduler,
                                "progress": progress}
        return fn(*args, **kwargs)

    options = [
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Worker processes for extraction (default: one per core)."),
        click.option("--cache", "cache_dir", type=click.Path(path_type=Path), default=Path(".fankg-cache"),
                     envvar="FANKG_CACHE", show_default=True,
                     help="Folder of the incremental-build cache: only new or changed articles are extracted, "
                          "and the files are made again only for them."),
        click.option("--no-cache", is_flag=True, help="Extract every article and make every file again; do not read or write the cache."),
        click.option("--scheduler", metavar="ADDRESS", default=None,
                     help="Extract on a Dask cluster (e.g. tcp://host:8786) instead of local processes; "
                          "needs fankg[dask] here and on the workers."),
        click.option("--progress/--no-progress", default=None,
                     help="Progress bar with articles/s and ETA (default: on a terminal, for long runs)."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def load_build(paths, strict: bool = False, extraction: dict | None = None):
    """Run the pipeline over the corpus and report unreadable articles, one line each.

    ``extraction`` holds :func:`graph.pipeline.run`'s jobs/cache/scheduler/progress settings
    (see :func:`extraction_options`); by default all cores and the ``.fankg-cache/`` folder.
    """
    from .cache import ClaimCache
    from .pipeline import DEFAULT_CORPUS, run

    settings = {"jobs": None, "cache": Path(".fankg-cache"), "scheduler": None, "progress": None, **(extraction or {})}
    cache = settings["cache"] = ClaimCache(settings["cache"]) if settings["cache"] is not None else None
    build = run(paths or DEFAULT_CORPUS, **settings)
    for problem in build.problems:
        click.echo(f"fankg: skipped: {problem}", err=True)
    for warning in build.warnings:  # corrections that match nothing any more: kept, and said so
        click.echo(f"fankg: warning: {warning}", err=True)
    if cache is not None and cache.write_error:
        click.echo(f"fankg: warning: the cache in {cache.root} could not be written ({cache.write_error}); "
                   "the next run will extract these articles again", err=True)
    if build.problems and strict:
        raise BadInput(f"{len(build.problems)} article(s) could not be read and --strict is on; nothing was written")
    if not build.articles:
        raise BadInput("no readable article found; give .txt, .md or .html files or folders holding them")
    return build


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fankg")
def main():
    """fankg: a fan-speculation knowledge graph from entertainment news.

    Reads articles (default: seeds/), extracts typed edges with their status (confirmed,
    hinted, speculated, denied) and evidence, and writes RDF, an interactive HTML graph and
    JSON lines.
    """


def base_option(fn):
    from .namespace import DEFAULT_BASE

    return click.option("--base", default=DEFAULT_BASE, show_default=True, metavar="IRI",
                        help="Base IRI of the graph's nodes, articles and claims (ends in / or #).")(fn)


@main.command()
@corpus_argument
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
              help="Folder for the built files.")
@click.option("--name", default=None, help="Base name of the files (default: the show's name).")
@click.option("--strict", is_flag=True, help="Stop, writing nothing, if any article cannot be read.")
@base_option
@extraction_options
@fail_cleanly
def build(paths, out_dir, name, strict, base, extraction):
    """Build the graph of the corpus and write RDF (.ttl, .nt, .jsonld, .trig), .graphml,
    .html and .jsonl files.

    PATHS: article files or folders (default: seeds/).
    """
    from .build import status_counts
    from .export import write_exports
    from .namespace import check_base

    check_base(base)
    if name is not None and (not name.strip() or Path(name).name != name or name in (".", "..")):
        raise BadInput(f"--name {name!r}: give a plain file name (no folders); the files go in --out")
    result = load_build(paths, strict, extraction)
    cache = (extraction or {}).get("cache", Path(".fankg-cache"))
    reuse = None if cache is None else Path(cache) / "exports"  # where the files' pieces are indexed
    written = write_exports(result, out_dir, name or result.name, base=base, reuse=reuse)
    g = result.graph
    counts = status_counts(g)
    click.echo(f"{len(result.articles)} article(s), {g.number_of_nodes()} entities, {g.number_of_edges()} edges "
               f"({', '.join(f'{n} {s}' for s, n in counts.items())}), {len(result.claims)} claims")
    if result.extraction is not None:
        click.echo(result.extraction.summary())
    for path in written:
        click.echo(f"wrote {path}")
    html = [p for p in written if p.suffix == ".html"]
    if html:
        click.echo(f"open {html[0]} in a browser to explore the graph (works offline)")
    if result.problems:
        sys.exit(1)


@main.command()
@click.argument("file", type=READABLE_LATER)
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Output format.")
@click.option("--no-profile", is_flag=True, help="Ignore show profiles beside FILE.")
@fail_cleanly
def extract(file, fmt, no_profile):
    """Print the claims of one article, one JSON object a line.

    Keys: subject, subject_type, predicate, object, object_type, status, quote, speaker,
    outlet, source, start, end (start/end are offsets of the quote in the cleaned text).
    Show profiles beside FILE are used when they are about its show.
    """
    from .pipeline import claims_of_file

    article, claims = claims_of_file(file, use_profiles=not no_profile)
    out = click.get_text_stream("stdout")
    for claim in claims:
        out.write(json_line(claim.to_record(article)))


@main.command("eval")
@click.argument("paths", nargs=-1, required=True, type=READABLE_LATER, metavar="GOLD ARTICLE | FOLDER...")
@click.option("--no-profile", is_flag=True, help="Ignore show profiles beside the articles.")
@click.option("--verbose", "-v", is_flag=True, help="List missed, wrong and mis-statused edges.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="For folders: aligned lines, or one JSON object per article and a pooled one.")
@fail_cleanly
def evaluate(paths, no_profile, verbose, fmt):
    """Score extraction against hand annotations (YAML).

    GOLD ARTICLE: one annotation and its article; prints one JSON line: gold and predicted edge
    counts, precision P, recall R, F1, status accuracy on matched edges and strict F1 (edge and
    status right).

    FOLDER...: folders of X.yaml annotations beside their X.txt articles; prints one line per
    article (gold, pred, tp, P, R, status accuracy) and a pooled line (all matched edges over all
    predicted ones, and over all gold ones).
    """
    from .evaluate import EDGE_LISTS, format_scores, load_gold, pool, score, score_folders

    if all(Path(p).is_dir() for p in paths):
        scores = score_folders(paths, use_profiles=not no_profile)
        if fmt == "text":
            click.echo(format_scores(scores, verbose), nl=False)
            return
        for name, result in scores:
            click.echo(json.dumps({"article": name, **_score_numbers(result, lists=verbose)}))
        click.echo(json.dumps({"article": "pooled", **pool([s for _, s in scores])}))
        return
    if len(paths) != 2 or any(Path(p).is_dir() for p in paths):
        missing = [p for p in paths if not Path(p).exists()]
        where = f"{missing[0]}: no such file or folder; " if missing else ""
        raise BadInput(f"{where}give either GOLD ARTICLE (an annotation and its article) or folders of X.yaml "
                       "annotations beside their X.txt articles")
    from .pipeline import claims_of_file

    gold = load_gold(paths[0])
    doc, claims = claims_of_file(paths[1], use_profiles=not no_profile)
    result = score(gold, [c.to_record(doc) for c in claims])
    if verbose:
        for label, key in EDGE_LISTS:
            for edge in result[key]:
                click.echo(f"{label} {' | '.join(edge)}")
    click.echo(json.dumps(_score_numbers(result)))


def _score_numbers(result: dict, lists: bool = False) -> dict:
    """A score for JSON output: its numbers, and its edge lists when asked for."""
    return {k: v for k, v in result.items() if lists or k not in ("missed", "wrong", "status_wrong")}


# ---------------------------------------------------------------- the writers' desk


def status_option(fn):
    return click.option("--status", "statuses", multiple=True, type=click.Choice(["confirmed", "hinted",
                        "speculated", "denied"]), help="Keep only claims of this status (repeatable); "
                        "--status confirmed keeps canon only.")(fn)


def format_option(fn):
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                        help="Readable text, or JSON for scripts.")(fn)


def _print(result, fmt, formatter):
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(formatter(result), nl=False)


@main.command()
@click.argument("entity")
@corpus_argument
@status_option
@format_option
@extraction_options
@fail_cleanly
def show(entity, paths, statuses, fmt, extraction):
    """Everything about one character, person, show or storyline, grouped by edge type.

    ENTITY: a label, alias or id (any case). Each claim shows its status, quote, speaker,
    outlet and article. PATHS: article files or folders (default: seeds/).
    """
    from .desk import entity_card, format_card

    result = load_build(paths, extraction=extraction)
    _print(entity_card(result.graph, entity, result.articles, statuses), fmt, format_card)


@main.command()
@click.argument("a")
@click.argument("b")
@corpus_argument
@status_option
@format_option
@extraction_options
@fail_cleanly
def relation(a, b, paths, statuses, fmt, extraction):
    """Every edge between two entities, and every path through one other entity, with evidence.

    A, B: labels, aliases or ids. PATHS: article files or folders (default: seeds/).
    """
    from .desk import format_relation
    from .desk import relation as relation_between

    result = load_build(paths, extraction=extraction)
    _print(relation_between(result.graph, a, b, result.articles, statuses), fmt, format_relation)


@main.command()
@click.argument("entity")
@corpus_argument
@status_option
@format_option
@extraction_options
@fail_cleanly
def timeline(entity, paths, statuses, fmt, extraction):
    """The claims about one entity in article-date order: how a hint became a fact, or was denied.

    Dates come from the articles' front matter (date: 2024-03-02); undated articles come last.
    PATHS: article files or folders (default: seeds/).
    """
    from .desk import format_timeline
    from .desk import timeline as timeline_of

    result = load_build(paths, extraction=extraction)
    _print(timeline_of(result.graph, entity, result.articles, statuses), fmt, format_timeline)


@main.command()
@corpus_argument
@format_option
@extraction_options
@fail_cleanly
def check(paths, fmt, extraction):
    """The consistency report of the merged graph: contradictions, two actors for one role,
    one-way edges stated both ways, untold love triangles, loose storylines, possible
    duplicates, domain/range breaks and stale corrections.

    Exits 0 when no finding is an error, 1 when one is (for a writers' room CI), 2 when the
    input cannot be read. PATHS: article files or folders (default: seeds/).
    """
    from .check import check_graph, format_report

    result = load_build(paths, extraction=extraction)
    report = check_graph(result.graph, result.articles, result.warnings)
    _print(report.to_dict() if fmt == "json" else report, fmt, format_report)
    sys.exit(1 if report.has_errors else 0)


@main.command()
@corpus_argument
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's Graph Store URL, e.g. http://localhost:7878/store (Oxigraph) or "
                   "http://localhost:3030/DATASET/data (Fuseki).")
@click.option("--graph", "graph_iri", metavar="IRI", default=None,
              help="Named graph to write (default: https://w3id.org/fankg/graph/<show>; 'default' for the "
                   "default graph).")
@click.option("--replace/--append", default=True, show_default=True,
              help="Replace the graph's contents (PUT) or add to them (POST).")
@extraction_options
@fail_cleanly
def push(paths, endpoint, graph_iri, replace, extraction):
    """Send the graph to a SPARQL server over the SPARQL 1.1 Graph Store Protocol.

    Builds the graph of the corpus (as `fankg build` does) and PUTs or POSTs it to one named
    graph, so that Oxigraph, Fuseki, GraphDB or Virtuoso can serve it to many users.
    PATHS: article files or folders (default: seeds/).
    """
    from .push import check_graph_iri, push_build

    if graph_iri is not None:
        check_graph_iri(graph_iri)
    result = load_build(paths, extraction=extraction)
    pushed = push_build(result, endpoint, graph_iri, replace)
    verb = "replaced" if pushed.replaced else "added to"
    click.echo(f"{verb} <{pushed.graph}> with {pushed.triples:,} triples from {len(result.articles)} article(s) "
               f"(HTTP {pushed.status})")
    if result.problems:
        sys.exit(1)


# ---------------------------------------------------------------- SPARQL


@main.command()
@click.argument("query", required=False)
@corpus_argument
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable); bound as an RDF term, never pasted into the query. "
                   "A value in <angle brackets> is an IRI, anything else a string.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="An aligned table, or the SPARQL 1.1 CSV or JSON results format.")
@click.option("--list", "list_library", is_flag=True, help="List the query library with descriptions and exit.")
@base_option
@click.option("--store", "store_spec", default="rdflib", show_default=True, metavar="STORE",
              help="Where the graph is queried: rdflib or oxigraph (in memory), oxigraph:PATH (on disk, loaded "
                   "once and reused while the corpus is unchanged), or sparql:URL (a SPARQL server's query URL, "
                   "filled by `fankg push`; no corpus is read).")
@extraction_options
@fail_cleanly
def query(query, paths, params, fmt, list_library, base, store_spec, extraction):
    """Run a SPARQL query over the graph of the corpus.

    QUERY: a library name (see --list), a .rq file, or SPARQL text. PATHS: article files or
    folders (default: seeds/). Plain triples such as ?a fk:plays ?b are confirmed facts;
    hints and speculation are fk:Claim resources (rdf:subject/predicate/object, fk:status).
    """
    from .namespace import check_base
    from .query import describe_library, format_result, parse_params, resolve, run_query

    check_base(base)
    if list_library:
        click.echo(describe_library(), nl=False)
        return
    if not query:
        raise BadQuery("no query given; give a library name (see `fankg query --list`), a .rq file or SPARQL text")
    parsed = resolve(query)
    bound = parse_params(params)
    from .store import open_build_store, reads_corpus

    result = load_build(paths, extraction=extraction) if reads_corpus(store_spec) else None
    store, _ = open_build_store(result, store_spec, base)
    answer = run_query(store, parsed, bound, base)
    click.echo(format_result(answer, fmt, base), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
