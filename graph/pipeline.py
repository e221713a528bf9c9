"""The whole job: corpus in, claims out, merged into one graph. Used by every command that
reads a graph (build, query, show, check, push) so they all load the corpus the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .build import build_graph
from .cache import ClaimCache
from .corrections import apply_corrections_files
from .ingest import Corpus, load_corpus
from .model import Article, Claim, slugify
from .parallel import ExtractionStats, extract_corpus
from .profile import Profile, load_profile, profiles_for

DEFAULT_CORPUS = ("seeds",)


@dataclass
class Build:
    """Everything one run made: the articles read, their claims, the graph, and any problems."""

    articles: list[Article]
    claims: list[Claim]
    graph: nx.MultiDiGraph
    profiles: list[Profile] = field(default_factory=list)
    problems: list = field(default_factory=list)
    title: str = "fankg"
    warnings: list = field(default_factory=list)  # corrections that no longer apply (CorrectionWarning)
    extraction: ExtractionStats | None = None  # articles extracted vs. read from the cache, and where

    @property
    def name(self) -> str:
        """A file name for the exports: the show's slug when all articles share one show."""
        name = slugify(self.title)
        # a show name from the open web can be any length: keep ".<name>.graphml.<tmp>" within
        # the 255-byte file-name limit of most file systems
        while len(name.encode("utf-8")) > 100:
            name = name[:-1]
        return name.rstrip("-_") or "fankg"


def load_profiles(corpus: Corpus) -> list[Profile]:
    return [load_profile(p) for p in corpus.profile_paths]


def extract_article(article: Article, profiles, extractor=None) -> list[Claim]:
    """The claims of one article, helped by the profiles that are about its show."""
    extractor = extractor or _default_extractor()
    return extractor.claims(article, profiles_for(article, profiles))


def claims_of_file(path, use_profiles: bool = True) -> tuple[Article, list[Claim]]:
    """One article file and its claims (used by ``fankg extract`` and ``fankg eval``)."""
    from .errors import BadInput

    path = Path(path)
    if path.is_dir():
        raise BadInput(f"{path}: is a folder; give one article file (use `fankg build` for folders)")
    corpus = load_corpus([path])
    if corpus.problems:
        raise corpus.problems[0]
    if not corpus.articles:
        raise BadInput(f"{path}: not an article file; give a .txt, .md or .html file")
    article = corpus.articles[0]
    return article, extract_article(article, load_profiles(corpus) if use_profiles else [])


_EXTRACTOR = None


def _default_extractor():
    global _EXTRACTOR
    if _EXTRACTOR is None:
        from .extract import Extractor

        _EXTRACTOR = Extractor()
    return _EXTRACTOR


def run(paths=DEFAULT_CORPUS, max_bytes: int | None = None, *, jobs: int | None = 1, cache=None,
        scheduler=None, progress: bool | None = False) -> Build:
    """Load the corpus under ``paths``, extract every article and merge the claims.

    ``jobs`` (worker processes, None for one per core), ``cache`` (a folder or a
    :class:`graph.cache.ClaimCache`; None for none), ``scheduler`` (a Dask scheduler address)
    and ``progress`` are passed to :func:`graph.parallel.extract_corpus`.
    """
    corpus = load_corpus([Path(p) for p in paths], max_bytes=max_bytes)
    profiles = load_profiles(corpus)
    if cache is not None and not isinstance(cache, ClaimCache):
        cache = ClaimCache(cache)
    stats = ExtractionStats()
    claims: list[Claim] = extract_corpus(corpus.articles, profiles, jobs=jobs, cache=cache, scheduler=scheduler,
                                         progress=progress, stats=stats)
    # hand corrections beside the articles, applied on every build (see graph/corrections.py)
    corrected = apply_corrections_files(claims, corpus.articles, corpus.corrections_paths)
    claims = corrected.claims
    graph = build_graph(claims)
    return Build(corpus.articles, claims, graph, profiles, corpus.problems, _title(corpus.articles, profiles),
                 warnings=corrected.warnings, extraction=stats)


def _title(articles, profiles) -> str:
    shows = {a.show for a in articles if a.show}
    for article in articles:
        for prof in profiles_for(article, profiles):
            shows.add(prof.show.label)
    return shows.pop() if len(shows) == 1 else "fankg"
