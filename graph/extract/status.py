"""The ``fankg_status`` component: how sure a sentence is about an edge — confirmed, hinted,
speculated or denied.

Cues (``data/cues.yaml``) are read in the clause around the words that state the edge (the
trigger), through the dependency parse, so "she's like, 'I'm not sorry'" does not negate a kiss
in the same sentence. Negation, verbal or nominal ("ruled out a kiss", "no romance between
them"), gives ``denied`` and never a positive edge.
"""

from __future__ import annotations

from spacy.language import Language

from .docdata import sentence_index
from .lexicon import data, phrases, words

NEGATIONS = words("cues", "negations")
DENIAL_LEMMAS = words("cues", "denial_lemmas")
DENIAL_PARTICLES = dict(data("cues")["denial_particle_lemmas"])
DENIAL_PHRASES = phrases("cues", "denial_phrases")
HEDGES = words("cues", "hedges")
HEDGE_LEMMAS = words("cues", "hedge_lemmas")
HINT_LEMMAS = words("cues", "hint_lemmas")
HINT_OVER_HEDGE = words("cues", "hint_over_hedge")
FUTURE = words("cues", "future")
PRODUCTION = words("cues", "production_edges")
CLAUSE_BOUNDARIES = words("cues", "clause_boundaries")
HOLD_BACK_LEMMAS = words("cues", "hold_back_lemmas")
SEASON_EXISTENCE_LEMMAS = words("cues", "season_existence_lemmas")
#: "not necessarily", "may or may not": a hedge written with a negation
HEDGED_NEGATIONS = ("not necessarily", "n't necessarily", "may or may not", "might not", "may not")


def _clause_tokens(trigger):
    """The trigger and its ancestors up to the top of its own clause, with their auxiliaries,
    negations and markers."""
    out = []
    tok = trigger
    seen = set()
    while tok.i not in seen:
        seen.add(tok.i)
        out.append(tok)
        out.extend(c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "mark", "advmod", "prt", "det", "amod"))
        if tok.head.i == tok.i or (tok.dep_ in CLAUSE_BOUNDARIES and tok.pos_ in ("VERB", "AUX")):
            break
        tok = tok.head
    return out


def _denied_by_governor(triggers) -> bool:
    """A verb above the trigger that denies it: "dismissed the rumours of a kiss", "ruled out a
    romance"."""
    for t in triggers:
        for a in t.ancestors:
            lemma = a.lemma_.lower()
            if lemma in DENIAL_LEMMAS:
                return True
            particle = DENIAL_PARTICLES.get(lemma)
            if particle and any(c.lower_ == particle for c in a.children):
                return True
    return False


def _sentence_cues(sent) -> tuple[str, set, list[int]]:
    """A sentence's lowercase text, its lemmas and the heads of its negation words, read once
    per sentence (many edges may stand in one)."""
    cache = sent.doc.user_data.setdefault("fk_status_cues", {})
    found = cache.get(sent.start)
    if found is None:
        tokens = list(sent)
        found = cache[sent.start] = (sent.text.lower(), {t.lemma_.lower() for t in tokens},
                                     [t.head.i for t in tokens if t.lower_ in NEGATIONS])
    return found


def status_of(sent, triggers, predicate: str, quoted: bool = False, speaker_involved: bool = False,
              presupposed: bool = False) -> str:
    """The status of an edge stated by ``triggers`` (tokens) in sentence ``sent``.

    ``presupposed`` edges stand in a noun phrase ("X's latest series, Y"): only a negation
    inside the phrase itself changes them.
    """
    if presupposed:
        return "denied" if any(t.lower_ in NEGATIONS for t in triggers) else "confirmed"
    text, sent_lemmas, negations = _sentence_cues(sent)
    clause = []
    for t in triggers:
        clause.extend(_clause_tokens(t))
    near = {t.i for t in clause}
    lowers = {t.lower_ for t in clause}
    lemmas = {t.lemma_.lower() for t in clause}

    hedged_negation = any(p in text for p in HEDGED_NEGATIONS)
    # "can't hide her crush on Tom": a negated verb of holding back asserts what it governs
    held_back = {t.i for t in clause if t.lemma_.lower() in HOLD_BACK_LEMMAS and t not in triggers}
    negated = any((t.dep_ == "neg" or t.lower_ == "never") and t.head.i not in held_back for t in clause)
    negated = negated or any(head in near and head not in held_back for head in negations)
    if not hedged_negation and (negated or any(p in text for p in DENIAL_PHRASES) and lemmas & {"return", "be", "come"}):
        return "denied"
    if lemmas & {"deny", "dismiss", "debunk", "refute"} or _denied_by_governor(triggers):
        return "denied"

    # a hope or theory above the clause ("Fans hope Kay and Tom will end up together") colours it
    governing = {a.lemma_.lower() for t in triggers for a in t.ancestors}
    hedged = hedged_negation or bool(lowers & HEDGES) or bool((lemmas | governing) & HEDGE_LEMMAS) or \
        text.rstrip(" \n\"'”’").endswith("?")
    hinting = bool((lemmas | governing) & HINT_LEMMAS) or bool(lowers & FUTURE) or " set to " in text or " in store" in text
    if predicate in PRODUCTION:
        if predicate == "toldOutlet":
            return "confirmed"
        return "speculated" if hedged and not quoted else "confirmed"
    if hedged:
        # a hedge inside what cast or creators tease is still their hint
        if sent_lemmas & HINT_OVER_HEDGE:
            return "hinted"
        return "speculated"
    if hinting or (quoted and speaker_involved and bool(lowers & FUTURE)):
        return "hinted"
    return "confirmed"


def season_status(tok) -> str:
    """How sure an article is that a show has the season ``tok`` names. That someone won't be
    back for it says nothing against it; "no fifth season", "won't be renewed for a fifth
    season" deny it, "could get a fifth season" hedges it."""
    if any(c.lower_ in ("no", "never") for c in tok.children):
        return "denied"
    if any(c.dep_ == "amod" and c.lower_ in HEDGES for c in tok.children):
        return "speculated"
    verb = tok.head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.lemma_.lower() not in SEASON_EXISTENCE_LEMMAS:
        return "confirmed"
    if any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children):
        return "denied"
    if any(c.dep_ == "aux" and c.lower_ in HEDGES for c in verb.children) or any(
            c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in verb.children):
        return "speculated"
    return "confirmed"


class StatusReader:
    def __call__(self, doc):
        sents, _ = sentence_index(doc)
        book = doc._.fk_book
        attributions = doc._.fk_attributions
        for f in doc._.fk_finds:
            att = attributions[f.sent_index]
            speaker = book.records.get(att.speaker) if att.speaker else None
            involved = speaker is not None and speaker.type == "Person"
            if f.rule.name == "season":
                f.status = season_status(f.triggers[0])
                continue
            f.status = status_of(sents[f.sent_index], f.triggers, f.predicate, quoted=att.quoted,
                                 speaker_involved=involved, presupposed=f.rule.presupposed)
        return doc


@Language.factory("fankg_status")
def make_status_reader(nlp, name):
    return StatusReader()
