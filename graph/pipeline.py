"""The whole job: corpus in, claims out, merged into one graph. Used by every command that
reads a graph (build, query, show, check, push) so they all load the corpus the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .build import build_graph
from .ingest import Corpus, load_corpus
from .model import Article, Claim, slugify
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

    @property
    def name(self) -> str:
        """A file name for the exports: the show's slug when all articles share one show."""
        return slugify(self.title)


def load_profiles(corpus: Corpus) -> list[Profile]:
    return [load_profile(p) for p in corpus.profile_paths]


def extract_article(article: Article, profiles, extractor=None) -> list[Claim]:
    """The claims of one article, helped by the profiles that are about its show."""
    extractor = extractor or _default_extractor()
    return extractor.claims(article, profiles_for(article, profiles))


_EXTRACTOR = None


def _default_extractor():
    global _EXTRACTOR
    if _EXTRACTOR is None:
        from .extract import Extractor

        _EXTRACTOR = Extractor()
    return _EXTRACTOR


def run(paths=DEFAULT_CORPUS, max_bytes: int | None = None) -> Build:
    """Load the corpus under ``paths``, extract every article and merge the claims."""
    corpus = load_corpus([Path(p) for p in paths], max_bytes=max_bytes)
    profiles = load_profiles(corpus)
    claims: list[Claim] = []
    for article in corpus.articles:
        claims.extend(extract_article(article, profiles))
    graph = build_graph(claims)
    return Build(corpus.articles, claims, graph, profiles, corpus.problems, _title(corpus.articles, profiles))


def _title(articles, profiles) -> str:
    shows = {a.show for a in articles if a.show}
    for article in articles:
        for prof in profiles_for(article, profiles):
            shows.add(prof.show.label)
    return shows.pop() if len(shows) == 1 else "fankg"
