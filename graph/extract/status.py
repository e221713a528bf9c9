"""How sure a sentence is about an edge: confirmed, hinted, speculated or denied.

Cues are read in the clause around the words that state the edge (the trigger), through the
dependency parse, so "she's like, 'I'm not sorry'" does not negate a kiss in the same sentence.
"""

from __future__ import annotations

NEGATIONS = frozenset({"not", "n't", "never", "no", "nobody", "neither", "nor", "without"})
DENIAL_LEMMAS = frozenset({"deny", "dismiss", "debunk", "refute", "reject", "squash", "shut", "shoot", "rule",
                           "quash", "scrap", "cancel", "axe", "exit", "leave", "drop"})
DENIAL_PHRASES = ("ruled out", "rule out", "shot down", "shut down rumors", "shut down rumours", "no plans",
                  "not returning", "won't return", "will not return", "is not coming back", "isn't coming back",
                  "no longer", "not happening", "won't be", "will not be", "not be returning")
HEDGES = frozenset({"could", "might", "may", "would", "should", "maybe", "perhaps", "possibly", "potentially",
                    "hopefully", "if", "whether", "likely", "unlikely", "probably"})
HEDGE_LEMMAS = frozenset({"hope", "wish", "theory", "theorize", "theorise", "speculate", "rumor", "rumour",
                          "wonder", "guess", "predict", "imagine", "suspect", "dream", "bet", "ship", "fan",
                          "speculation", "rumored", "rumoured"})
HINT_LEMMAS = frozenset({"tease", "hint", "plan", "promise", "suggest", "reveal", "preview", "explore",
                         "want", "intend", "expect", "confirm", "upcoming", "future", "next",
                         "planted", "plant", "seed", "gear"})
FUTURE = frozenset({"will", "'ll", "gonna", "going"})

#: Edges about production facts: a future tense does not make them a mere hint.
PRODUCTION = frozenset({"plays", "created", "castIn", "producerOf", "airsOn", "renewed", "toldOutlet",
                        "hasSeason", "delayedBy"})


#: Where a clause of its own begins: cues above it belong to another statement
CLAUSE_BOUNDARIES = frozenset({"relcl", "advcl", "ccomp", "acl", "csubj", "parataxis"})


def _clause_tokens(trigger):
    """The trigger and its ancestors up to the top of its own clause, with their auxiliaries,
    negations and markers."""
    out = []
    tok = trigger
    seen = set()
    while tok.i not in seen:
        seen.add(tok.i)
        out.append(tok)
        out.extend(c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "mark", "advmod", "prt"))
        if tok.head is tok or (tok.dep_ in CLAUSE_BOUNDARIES and tok.pos_ in ("VERB", "AUX")):
            break
        tok = tok.head
    return out


def status_of(sent, triggers, predicate: str, quoted: bool = False, speaker_involved: bool = False,
              presupposed: bool = False) -> str:
    """The status of an edge stated by ``triggers`` (tokens) in sentence ``sent``.

    ``presupposed`` edges stand in a noun phrase ("X's latest series, Y"): only a negation
    inside the phrase itself changes them.
    """
    if presupposed:
        return "denied" if any(t.lower_ in NEGATIONS for t in triggers) else "confirmed"
    text = sent.text.lower()
    clause = []
    for t in triggers:
        clause.extend(_clause_tokens(t))
    near = {t.i for t in clause}
    lowers = {t.lower_ for t in clause}
    lemmas = {t.lemma_.lower() for t in clause}
    sent_lemmas = {t.lemma_.lower() for t in sent}

    negated = any(t.dep_ == "neg" or t.lower_ in ("never",) for t in clause)
    negated = negated or any(t.lower_ in NEGATIONS and t.head.i in near for t in sent)
    if negated or any(p in text for p in DENIAL_PHRASES) and lemmas & {"return", "be", "come"}:
        return "denied"
    if lemmas & {"deny", "dismiss", "debunk", "refute"}:
        return "denied"

    # a hope or theory above the clause ("Fans hope Kay and Tom will end up together") colours it
    governing = {a.lemma_.lower() for t in triggers for a in t.ancestors}
    hedged = bool(lowers & HEDGES) or bool((lemmas | governing) & HEDGE_LEMMAS) or \
        text.rstrip(" \n\"'”’").endswith("?")
    hinting = bool(sent_lemmas & HINT_LEMMAS) or bool(lowers & FUTURE) or " set to " in text or " in store" in text
    if predicate in PRODUCTION:
        if predicate == "toldOutlet":
            return "confirmed"
        return "speculated" if hedged and not quoted else "confirmed"
    if hedged:
        # a hedge inside what cast or creators tease is still their hint
        if sent_lemmas & {"hint", "tease", "plan", "planted", "seed", "reveal"}:
            return "hinted"
        return "speculated"
    if hinting or (quoted and speaker_involved and bool(lowers & FUTURE)):
        return "hinted"
    return "confirmed"
