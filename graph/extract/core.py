"""Turn one article into claims: mentions -> types -> attributed sentences -> pattern matches."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import Matcher

from ..model import EDGE_TYPES, Article, Claim, Entity, Evidence
from .attribution import attribute_sentences
from .lexicon import load_lexicon
from .mentions import EntityBook, Mention, find_mentions
from .nlp import load_nlp
from .patterns import CAST_RULES, RULES, Rule
from .status import status_of

PRONOUNS = frozenset({"he", "she", "they", "him", "her"})
IMPLICIT = "@implicit:"  # entity key prefix of "the article's show" / "its season in focus"


@dataclass
class Found:
    """A pattern match before typing is final: entity keys, the rule and where it stands."""

    subject: str
    predicate: str
    object: str
    sent_index: int
    triggers: tuple
    rule: Rule


def fk_class(book: EntityBook, key: str, kind: str) -> str:
    rec = book.records[key]
    t = rec.type
    if t == "Organization":
        if kind in ("network", "outlet"):
            return kind.upper()
        return "ORG" if rec.fixed or rec.votes["Organization"] >= 1 or "_personish" not in rec.votes else "NAME"
    if t in ("Person", "Character") and rec.votes[t] >= 1 or rec.fixed in ("Person", "Character"):
        return t.upper()
    if t in ("", "_personish") or "_personish" in rec.votes:
        return "NAME"
    return {"Show": "SHOW", "Season": "SEASON", "Place": "PLACE", "Event": "EVENT", "Storyline": "STORY"}.get(t, "NAME")


def merged_doc(doc, mentions: list[Mention], book: EntityBook):
    """A copy of ``doc`` with each mention merged into one token tagged with its class."""
    merged = doc.copy()
    spans = []
    last_end = -1
    for m in mentions:
        span = merged.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.start < last_end:
            continue
        spans.append((span, m))
        last_end = span.end
    with merged.retokenize() as retok:
        for span, _ in spans:
            if len(span) > 1:
                retok.merge(span)
    by_start = {m.start: m for _, m in spans}
    for tok in merged:
        m = by_start.get(tok.idx)
        if m is None:
            for mm in mentions:
                if mm.start >= tok.idx and mm.end <= tok.idx + len(tok.text) and mm.start < tok.idx + len(tok.text):
                    m = mm
                    break
        if m is not None:
            tok._.ent = m.key
            tok._.kind = m.kind
            tok._.fk = fk_class(book, m.key, m.kind)
        elif tok.lower_ in PRONOUNS and tok.pos_ == "PRON":
            tok._.fk = "PRON"
    return merged


def relabel(doc, book: EntityBook) -> None:
    for tok in doc:
        if tok._.ent:
            tok._.fk = fk_class(book, tok._.ent, tok._.kind)


def _matcher(nlp, rules) -> Matcher:
    matcher = Matcher(nlp.vocab, validate=True)
    for i, rule in enumerate(rules):
        matcher.add(str(i), [list(rule.pattern)])
    return matcher


class Extractor:
    """Holds the pipeline and compiled patterns; call :meth:`claims` once per article."""

    def __init__(self, nlp=None):
        from spacy.tokens import Token

        if not Token.has_extension("kind"):
            Token.set_extension("kind", default="")
        self.nlp = nlp or load_nlp()
        self.lexicon = load_lexicon()
        self.cast_matcher = _matcher(self.nlp, CAST_RULES)
        self.matcher = _matcher(self.nlp, RULES)

    def claims(self, article: Article, profiles=()) -> list[Claim]:
        return self.claims_from_doc(self.nlp(article.text), article, profiles)

    def claims_from_doc(self, doc, article: Article, profiles=()) -> list[Claim]:
        mentions, book = find_mentions(doc, article, profiles, self.lexicon)
        mdoc = merged_doc(doc, mentions, book)
        sents = list(mdoc.sents)
        sent_of = {}
        for i, s in enumerate(sents):
            for t in s:
                sent_of[t.i] = i

        # pass 1: casting sentences decide who is an actor and who a character
        for found in self._run(self.cast_matcher, CAST_RULES, mdoc, sent_of, book):
            book.vote(found.subject, "Person", 2)
            book.vote(found.object, "Character", 2)
        relabel(mdoc, book)
        finds = list(self._run(self.matcher, RULES, mdoc, sent_of, book))
        for f in finds:
            if f.rule.subject_type:
                book.vote(f.subject, f.rule.subject_type, 1)
            if f.rule.object_type:
                book.vote(f.object, f.rule.object_type, 1)
        _default_types(book)

        show_key = _main_show(book, mentions, article)
        season_key = _focus_season(book)
        implicit = {IMPLICIT + "show": show_key, IMPLICIT + "season": season_key}

        def concrete(key):
            key = implicit.get(key, key)
            return key

        for f in finds:
            f.subject, f.object = concrete(f.subject), concrete(f.object)
            # "the first season dropped on Netflix": it is the show that airs there
            if f.predicate == "airsOn" and f.subject and book.records[f.subject].type == "Season":
                f.subject = show_key
        finds = [f for f in finds if f.subject and f.object]
        attributions = attribute_sentences(mdoc, lambda tok: _recent_person(mdoc, tok, book))
        entities = {key: rec.to_entity() for key, rec in book.records.items() if rec.type}
        claims: list[Claim] = []

        def add(subj, pred, obj, sent_i, triggers, presupposed=False):
            s, o = entities.get(subj), entities.get(obj)
            if s is None or o is None or s.id == o.id:
                return
            edge = EDGE_TYPES[pred]
            if s.type not in edge.domain or o.type not in edge.range:
                return
            sent = sents[sent_i]
            att = attributions[sent_i]
            speaker = entities.get(att.speaker) if att.speaker else None
            outlet = entities.get(att.outlet) if att.outlet else None
            involved = speaker is not None and speaker.type == "Person"
            status = status_of(sent, triggers, pred, quoted=att.quoted, speaker_involved=involved,
                               presupposed=presupposed)
            start, end = _sentence_bounds(sent)
            claims.append(Claim(
                s, pred, o, status,
                Evidence(article.id, article.text[start:end], start, end,
                         speaker.label if speaker else "", outlet.label if outlet else ""),
            ))

        for f in finds:
            add(f.subject, f.predicate, f.object, f.sent_index, f.triggers, f.rule.presupposed)
        # a show named with its season ("Title Season 2") has that season
        for i, sent in enumerate(sents):
            toks = list(sent)
            for a, b in zip(toks, toks[1:]):
                if a._.fk == "SHOW" and b._.fk == "SEASON":
                    add(a._.ent, "hasSeason", b._.ent, i, (b,))
        if show_key:
            for f in finds:
                if f.predicate == "renewed":
                    add(show_key, "hasSeason", f.object, f.sent_index, f.triggers)
        return _dedupe(claims)

    def _run(self, matcher, rules, doc, sent_of, book):
        for match_id, start, end in matcher(doc):
            rule = rules[int(self.nlp.vocab.strings[match_id])]
            span = doc[start:end]
            ents = [t for t in span if t._.fk]
            if rule.implicit_subject:
                if not ents:
                    continue
                subj_tok, obj_tok = None, ents[-1]
                if rule.reverse:  # the named entity is the subject, the implicit one the object
                    subj_tok, obj_tok = ents[0], None
            elif len(ents) < 2:
                continue
            else:
                subj_tok, obj_tok = ents[0], ents[-1]
                if rule.reverse:
                    subj_tok, obj_tok = obj_tok, subj_tok
            implicit = IMPLICIT + rule.implicit_subject
            subj = _resolve(doc, subj_tok, book) if subj_tok is not None else implicit
            obj = _resolve(doc, obj_tok, book) if obj_tok is not None else implicit
            if not subj or not obj:
                continue
            if rule.either_way and book.type_of(subj) == "Character" and book.type_of(obj) == "Person":
                subj, obj = obj, subj
            triggers = tuple(t for t in span if not t._.fk and t.pos_ in ("VERB", "NOUN", "AUX", "ADP")) or (span[0],)
            objects = [obj]
            if rule.list_object:
                objects += _conjuncts(doc, obj_tok)
            for o in objects:
                yield Found(subj, rule.predicate, o, sent_of[start], triggers, rule)


def _conjuncts(doc, tok) -> list[str]:
    """Entities listed after ``tok`` with the same class: 'A and B', 'A, B and C'."""
    out = []
    i = tok.i + 1
    while i + 1 < len(doc):
        if doc[i].text in (",", "and", "or", "&") and doc[i + 1].text in ("and", "or"):
            i += 1
        if doc[i].text in (",", "and", "or", "&") and doc[i + 1]._.fk == tok._.fk:
            out.append(doc[i + 1]._.ent)
            i += 2
            continue
        break
    return out


def _resolve(doc, tok, book) -> str | None:
    if tok._.ent:
        return tok._.ent
    if tok._.fk == "PRON":
        return _recent_person(doc, tok, book)
    return None


def _recent_person(doc, tok, book) -> str | None:
    """The person a pronoun most likely stands for: the nearest earlier person-like name."""
    for j in range(tok.i - 1, max(-1, tok.i - 120), -1):
        t = doc[j]
        if t._.ent and t._.fk in ("PERSON", "NAME"):
            return t._.ent
    return None


def _default_types(book: EntityBook) -> None:
    """Names no pattern typed: a lone first name reads as a character, a full name as a person."""
    for rec in book.records.values():
        if rec.fixed or rec.votes["Person"] >= 1 or rec.votes["Character"] >= 1:
            continue
        if rec.votes["_personish"]:
            single = len(rec.label.split()) == 1
            rec.votes["Character" if single else "Person"] += 0.75
    for rec in book.records.values():
        rec.votes.pop("_personish", None)


def _main_show(book: EntityBook, mentions, article) -> str | None:
    if article.show:
        key = book.lookup(article.show)
        if key:
            return key
    counts: dict[str, int] = {}
    for m in mentions:
        if book.records.get(m.key) and book.records[m.key].type == "Show":
            counts[m.key] = counts.get(m.key, 0) + 1
    return max(sorted(counts), key=counts.get) if counts else None


def _focus_season(book: EntityBook) -> str | None:
    """The season an article is about: the latest one it names."""
    seasons = [r for r in book.records.values() if r.type == "Season" and r.season]
    return max(seasons, key=lambda r: r.season).key if seasons else None


def _sentence_bounds(sent) -> tuple[int, int]:
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.start_char + len(text.rstrip())
    return start, end


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen = set()
    out = []
    for c in claims:
        k = (c.key(), c.status, c.evidence.start)
        if k not in seen:
            seen.add(k)
            out.append(c)
    return out


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


__all__ = ["Extractor", "extract_claims", "Entity"]
