"""Who said a sentence, and to which outlet.

A sentence inside quotation marks takes the speaker named in its paragraph ('"...," Ann
told Variety'); when the paragraph names none, a speaker named in the previous paragraph
carries over. Reported speech ("Ann hinted that ...") takes its subject as speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SAY_LEMMAS = frozenset({"say", "tell", "explain", "add", "reveal", "tease", "hint", "joke", "share", "admit",
                        "confirm", "note", "continue", "recall", "insist", "quip", "gush", "confess", "write",
                        "post", "caption", "state", "describe", "muse", "elaborate", "divulge", "laugh",
                        "acknowledge", "announce"})

_QUOTE_RE = re.compile(r"[\"“”]")


@dataclass
class Attribution:
    speaker: str | None = None  # entity key
    outlet: str | None = None  # entity key
    quoted: bool = False


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


def attribute_sentences(doc, recent_person) -> list[Attribution]:
    """One Attribution per sentence of the merged doc.

    ``recent_person(token)`` names the person a pronoun speaker stands for.
    """
    sents = list(doc.sents)
    text = doc.text  # built afresh on every access: read it once
    ranges = quoted_ranges(text)
    # what each sentence says about speakers, outside its quotes
    found: list[tuple[str | None, str | None]] = []
    for sent in sents:
        speaker = outlet = None
        for tok in sent:
            # ENT_TYPE mirrors the class (cheap to read); see core.relabel
            if tok.ent_type_ == "OUTLET" and not _inside(ranges, tok.idx, tok.idx + len(tok.text)):
                outlet = outlet or tok._.ent
        for tok in sent:
            if tok.lemma_.lower() in SAY_LEMMAS and not _inside(ranges, tok.idx, tok.idx + 1):
                speaker = speaker or _speaker_near(tok, sent, recent_person)
        if speaker is None:
            m = re.search(r"according to", sent.text, re.IGNORECASE)
            if m:
                for tok in sent:
                    if tok.idx > sent.start_char + m.end() and tok.ent_type_ in ("PERSON", "NAME"):
                        speaker = tok._.ent
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
        if quoted:
            speaker, outlet = by_para.get(para_of[i], (None, None))
            if speaker is None and para_of[i] - 1 in by_para:
                speaker, outlet = by_para[para_of[i] - 1]
        out.append(Attribution(speaker, outlet if speaker else None, quoted))
    return out


def _speaker_near(verb, sent, recent_person):
    """The subject of a saying verb, or the name right after it ('said Ann')."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child._.fk in ("PERSON", "NAME", "CHARACTER"):
                return child._.ent
            if child.lower_ in ("he", "she", "they"):
                return recent_person(child)
    # "... ," Ann told Variety: the parser may hang the name elsewhere; take the name just before
    i = verb.i - 1
    if i >= sent.start and verb.doc[i]._.fk in ("PERSON", "NAME"):
        return verb.doc[i]._.ent
    if i >= sent.start and verb.doc[i].lower_ in ("he", "she"):
        return recent_person(verb.doc[i])
    j = verb.i + 1
    if j < sent.end and verb.doc[j]._.fk in ("PERSON", "NAME"):
        return verb.doc[j]._.ent
    return None
