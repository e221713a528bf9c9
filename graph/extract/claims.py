"""The ``fankg_claims`` component: finds become claims, each backed by its sentence.

A name typed only by default takes the type its edges need; an edge whose ends do not fit its
domain and range is dropped. Then a few readings of the genre: a kiss hints at a romance;
``castIn`` says less than ``plays``; where an article tells that a couple broke up, what it
tells of them being together is history (only ``exPartnerOf`` is kept, but for a reunion
still hoped for).

Out: ``doc._.fk_claims``.
"""

from __future__ import annotations

from spacy.language import Language

from ..model import EDGE_TYPES, Claim, Evidence
from .docdata import sentence_index
from .entities import EntityBook


def type_from_use(finds, book: EntityBook) -> None:
    """A name typed only by default ("Kay Moss" read as a real person) takes the type its
    edges need when none of them needs the default: "Ivy is essentially Kay Moss"."""
    needs: dict[str, set] = {}
    for f in finds:
        edge = EDGE_TYPES.get(f.predicate)
        if edge is None:
            continue
        for key, allowed in ((f.subject, edge.domain), (f.object, edge.range)):
            needs.setdefault(key, set()).add(frozenset(allowed))
    for key, wanted in needs.items():
        rec = book.records.get(key)
        if rec is None or rec.fixed or rec.votes[rec.type] >= 1:
            continue
        if all(rec.type not in allowed for allowed in wanted):
            common = frozenset.intersection(*wanted)
            if rec.type in ("Person", "Character") and ({"Person", "Character"} - {rec.type}) & common:
                rec.votes[next(iter(({"Person", "Character"} - {rec.type}) & common))] += 1
            elif rec.type in ("Organization", "Place") and len(common) == 1 and next(iter(common)) in (
                    "Organization", "Place"):
                rec.votes[next(iter(common))] += 1  # "her flat in the Grand": a place, not a company


def sentence_bounds(sent, text: str) -> tuple[int, int]:
    """The sentence's character range in ``text``, without the spaces around it."""
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def kiss_romance(claims: list[Claim]) -> list[Claim]:
    """A kiss hints at a romance: each kissed claim brings a romanticInterest claim, hinted when
    the kiss is told as fact, as unsure as the kiss otherwise."""
    extra = []
    for c in claims:
        if c.predicate == "kissed" and c.status != "denied":
            status = "hinted" if c.status == "confirmed" else c.status
            extra.append(Claim(c.subject, "romanticInterest", c.object, status, c.evidence))
    return claims + extra


def drop_redundant(claims: list[Claim]) -> list[Claim]:
    """castIn says less than plays: keep it only for people whose role the article never names.
    A couple the article says broke up were together before: the break-up is what it tells."""
    actors = {c.subject.id for c in claims if c.predicate == "plays"}
    exes = {frozenset((c.subject.id, c.object.id)) for c in claims
            if c.predicate == "exPartnerOf" and c.status == "confirmed"}
    return [c for c in claims
            if not (c.predicate == "castIn" and c.subject.id in actors)
            and not (c.predicate == "partnerOf" and c.status == "confirmed"
                     and frozenset((c.subject.id, c.object.id)) in exes)]


def dedupe(claims: list[Claim]) -> list[Claim]:
    seen = set()
    out = []
    for c in claims:
        k = (c.key(), c.status, c.evidence.start)
        if k not in seen:
            seen.add(k)
            out.append(c)
    return out


class ClaimMaker:
    def __call__(self, doc):
        book = doc._.fk_book
        article = doc._.fk_article
        finds = doc._.fk_finds
        sents, _ = sentence_index(doc)
        type_from_use(finds, book)
        entities = {key: rec.to_entity() for key, rec in book.records.items() if rec.type}
        attributions = doc._.fk_attributions
        text = article.text
        claims = []
        for f in finds:
            s, o = entities.get(f.subject), entities.get(f.object)
            if s is None or o is None or s.id == o.id:
                continue
            edge = EDGE_TYPES[f.predicate]
            if s.type not in edge.domain or o.type not in edge.range:
                continue
            att = attributions[f.sent_index]
            speaker = entities.get(att.speaker) if att.speaker else None
            outlet = entities.get(att.outlet) if att.outlet else None
            start, end = sentence_bounds(sents[f.sent_index], text)
            evidence = Evidence(article.id if article else "", text[start:end], start, end,
                                speaker.label if speaker else "", outlet.label if outlet else "")
            claims.append(Claim(s, f.predicate, o, f.status, evidence))
        doc._.fk_claims = dedupe(drop_redundant(kiss_romance(claims)))
        return doc


@Language.factory("fankg_claims")
def make_claim_maker(nlp, name):
    return ClaimMaker()
