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
from .errors import BadInput, FankgError

CORPUS_HELP = "Article files or folders (default: seeds/)."


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
    return click.argument("paths", nargs=-1, type=click.Path(path_type=Path))(fn)


def load_build(paths, strict: bool = False):
    """Run the pipeline over the corpus and report unreadable articles, one line each."""
    from .pipeline import DEFAULT_CORPUS, run

    build = run(paths or DEFAULT_CORPUS)
    for problem in build.problems:
        click.echo(f"fankg: skipped: {problem}", err=True)
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


@main.command()
@corpus_argument
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
              help="Folder for the built files.")
@click.option("--name", default=None, help="Base name of the files (default: the show's name).")
@click.option("--strict", is_flag=True, help="Stop, writing nothing, if any article cannot be read.")
@fail_cleanly
def build(paths, out_dir, name, strict):
    """Build the graph of the corpus and write .ttl, .html and .jsonl files.

    PATHS: article files or folders (default: seeds/).
    """
    from .build import status_counts
    from .export import write_exports

    result = load_build(paths, strict)
    written = write_exports(result, out_dir, name or result.name)
    g = result.graph
    counts = status_counts(g)
    click.echo(f"{len(result.articles)} article(s), {g.number_of_nodes()} entities, {g.number_of_edges()} edges "
               f"({', '.join(f'{n} {s}' for s, n in counts.items())}), {len(result.claims)} claims")
    for path in written:
        click.echo(f"wrote {path}")
    html = [p for p in written if p.suffix == ".html"]
    if html:
        click.echo(f"open {html[0]} in a browser to explore the graph (works offline)")
    if result.problems:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Output format.")
@fail_cleanly
def extract(file, fmt):
    """Print the claims of one article, one JSON object a line.

    Keys: subject, subject_type, predicate, object, object_type, status, quote, speaker,
    outlet, source, start, end (start/end are offsets of the quote in the cleaned text).
    Show profiles beside FILE are used when they are about its show.
    """
    from .ingest import load_corpus
    from .pipeline import extract_article, load_profiles

    if file.is_dir():
        raise BadInput(f"{file}: is a folder; `fankg extract` reads one article file (use `fankg build` for folders)")
    corpus = load_corpus([file])
    if corpus.problems:
        raise corpus.problems[0]
    if not corpus.articles:
        raise BadInput(f"{file}: not an article file; give a .txt, .md or .html file")
    article = corpus.articles[0]
    profiles = load_profiles(corpus)
    out = click.get_text_stream("stdout")
    for claim in extract_article(article, profiles):
        out.write(json.dumps(claim.to_record(article), ensure_ascii=False) + "\n")


if __name__ == "__main__":  # pragma: no cover
    main()
