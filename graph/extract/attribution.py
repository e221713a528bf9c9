"""The ``fankg_attribution`` component: who said a sentence, and to which outlet.

A sentence inside quotation marks takes the speaker named in its paragraph ('"...," Ann
told Variety'); when the paragraph names none, a speaker named in the previous paragraph
carries over. Reported speech ("Ann hinted that ...") takes its subject as speaker. In an
interview written as questions and answers ("VARIETY: ..." then "ANN LEE: ..."), each answer is
the interviewee's, told to that outlet, and states that she told it.

Out: ``doc._.fk_attributions`` (one :class:`~graph.extract.docdata.Attribution` per sentence)
and toldOutlet finds for question-and-answer interviews in ``doc._.fk_finds``.
"""

from __future__ import annotations

import re

from spacy.language import Language

from .docdata import Attribution, Found, ent_class, ent_key, entity_tokens, sentence_index, tokens_with, word_ids
from .lexicon import words
from .relations import PRESUPPOSED_RULE
from .rules import recent_person

SAY_LEMMAS = words("cues", "say_lemmas")
SAY_IDS = word_ids(SAY_LEMMAS)
_QUOTE_RE = re.compile(r"[\"“”]")
#: A line opened by who speaks in a written interview: "VARIETY: ...", "Ann Lee: ..."
QA_RE = re.compile(r"^([A-Z][\w'’.&! -]{1,40}):\s", re.MULTILINE)


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quotation marks, paragraph by paragraph."""
    ranges = []
    for para in re.finditer(r"[^\n]+", text):
        marks = [m.start() + para.start() for m in _QUOTE_RE.finditer(para.group(0))]
        for a, b in zip(marks[::2], marks[1::2], strict=False):
            ranges.append((a, b + 1))
        if len(marks) % 2:  # an unclosed quote runs to the end of the paragraph
            ranges.append((marks[-1], para.end()))
    return ranges


def _inside(ranges, start, end) -> bool:
    inside = sum(max(0, min(end, b) - max(start, a)) for a, b in ranges)
    return inside >= 0.6 * max(1, end - start)


def _speaker_near(verb, sent, book):
    """The subject of a saying verb, or the name right after it ('said Ann')."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if ent_class(child) in ("PERSON", "NAME", "CHARACTER"):
                return ent_key(child)
            if child.lower_ in ("he", "she", "they") or ent_class(child) == "PRON":
                return recent_person(doc, child, book)
    # "... ," Ann told Variety: the parser may hang the name elsewhere; take the name just before
    i = verb.i - 1
    if i >= sent.start and ent_class(doc[i]) in ("PERSON", "NAME"):
        return ent_key(doc[i])
    if i >= sent.start and (doc[i].lower_ in ("he", "she") or ent_class(doc[i]) == "PRON"):
        return recent_person(doc, doc[i], book)
    j = verb.i + 1
    if j < sent.end and ent_class(doc[j]) in ("PERSON", "NAME"):
        return ent_key(doc[j])
    return None


def interview_lines(doc, text, book, sent_of):
    """(sentence index -> (speaker key, outlet key)) for the answers of a written interview,
    and a toldOutlet find for each interviewee."""
    by_start = {t.idx: t for t in entity_tokens(doc) if ent_key(t)}
    turns = []
    for m in QA_RE.finditer(text):
        tok = by_start.get(m.start(1))
        if tok is None or tok.idx + len(tok.text) < m.end(1) - 1:
            continue
        turns.append((m.start(), ent_class(tok), ent_key(tok), tok))
    outlets = [t for t in turns if t[1] in ("OUTLET", "ORG", "NETWORK")]
    if not outlets:
        return {}, []
    speakers, finds = {}, []
    outlet = outlets[0][2]
    for k, (_, cls, key, tok) in enumerate(turns):
        if cls in ("OUTLET", "ORG", "NETWORK"):
            outlet = key
            continue
        if cls not in ("PERSON", "NAME"):
            continue
        end = turns[k + 1][0] if k + 1 < len(turns) else len(text)
        for i in range(tok.i, len(doc)):
            if doc[i].idx >= end:
                break
            speakers[sent_of[i]] = (key, outlet)
        finds.append(Found(key, "toldOutlet", outlet, sent_of[tok.i], (tok,), PRESUPPOSED_RULE))
    return speakers, finds


class Attributor:
    def __call__(self, doc):
        book = doc._.fk_book
        sents, sent_of = sentence_index(doc)
        text = doc._.fk_article.text
        ranges = quoted_ranges(text)
        qa, finds = interview_lines(doc, text, book, sent_of)
        doc._.fk_finds.extend(finds)
        # what each sentence says about speakers, outside its quotes
        outlets: dict[int, str] = {}
        for tok in entity_tokens(doc):
            if ent_class(tok) == "OUTLET" and not _inside(ranges, tok.idx, tok.idx + len(tok.text)):
                outlets.setdefault(sent_of[tok.i], ent_key(tok))
        says: dict[int, list] = {}
        for tok in tokens_with(doc, SAY_IDS):
            if not _inside(ranges, tok.idx, tok.idx + 1):
                says.setdefault(sent_of[tok.i], []).append(tok)
        found: list[tuple[str | None, str | None]] = []
        for i, sent in enumerate(sents):
            speaker, outlet = None, outlets.get(i)
            for tok in says.get(i, ()):
                speaker = speaker or _speaker_near(tok, sent, book)
            if speaker is None and "ccording to" in text[sent.start_char:sent.end_char]:
                m = re.search(r"according to", sent.text, re.IGNORECASE)
                if m:
                    for tok in sent:
                        if tok.idx > sent.start_char + m.end() and ent_class(tok) in ("PERSON", "NAME"):
                            speaker = ent_key(tok)
                            break
            found.append((speaker, outlet))

        out = []
        para_of = []
        para = 0
        for i, sent in enumerate(sents):
            if i and "\n" in text[sents[i - 1].start_char:sent.start_char + 1]:
                para += 1
            para_of.append(para)
        by_para: dict[int, tuple[str | None, str | None]] = {}
        for i, (speaker, outlet) in enumerate(found):
            p = para_of[i]
            s0, o0 = by_para.get(p, (None, None))
            by_para[p] = (s0 or speaker, o0 or outlet)
        for i, sent in enumerate(sents):
            quoted = _inside(ranges, sent.start_char, sent.end_char)
            speaker, outlet = found[i]
            if i in qa:
                speaker, outlet = qa[i]
                quoted = True
            elif quoted:
                speaker, outlet = by_para.get(para_of[i], (None, None))
                if speaker is None and para_of[i] - 1 in by_para:
                    speaker, outlet = by_para[para_of[i] - 1]
            out.append(Attribution(speaker, outlet if speaker else None, quoted))
        doc._.fk_attributions = out
        return doc


@Language.factory("fankg_attribution")
def make_attributor(nlp, name):
    return Attributor()
