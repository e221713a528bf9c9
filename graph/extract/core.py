"""Turn articles into claims with the pipeline of :mod:`graph.extract.nlp`."""

from __future__ import annotations

from ..model import Article, Claim
from .nlp import load_nlp


class Extractor:
    """Holds the pipeline; :meth:`claims` gives one article's claims, :meth:`claims_of_many`
    those of several, parsed in batches."""

    def __init__(self, nlp=None):
        self.nlp = nlp or load_nlp()

    def doc(self, article: Article, profiles=()):
        """An unprocessed Doc of the article, with what the components need to know of it."""
        doc = self.nlp.make_doc(article.text)
        doc._.fk_article = article
        doc._.fk_profiles = tuple(profiles)
        return doc

    def claims(self, article: Article, profiles=()) -> list[Claim]:
        return self.nlp(self.doc(article, profiles))._.fk_claims

    def claims_of_many(self, items, batch_size: int = 16) -> list[list[Claim]]:
        """Claims of each (article, profiles) pair, in order."""
        docs = (self.doc(article, profiles) for article, profiles in items)
        return [doc._.fk_claims for doc in self.nlp.pipe(docs, batch_size=batch_size)]


_DEFAULT: Extractor | None = None


def extract_claims(article: Article, profiles=()) -> list[Claim]:
    """Claims of one article, with the default English pipeline.

    >>> from graph.model import Article
    >>> a = Article(id="t", text="In the show, Ann Lee stars as Kay Moss.")
    >>> [(c.subject.label, c.predicate, c.object.label) for c in extract_claims(a)]
    [('Ann Lee', 'plays', 'Kay Moss')]
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT.claims(article, profiles)
