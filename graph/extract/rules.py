"""Running the relation rules of ``data/relations.yaml`` over a merged Doc: matches become
:class:`~graph.extract.docdata.Found` relations between entity keys, with lists expanded
("A, B and C"), pronouns resolved and casting asides oriented."""

from __future__ import annotations

from spacy.attrs import ENT_TYPE, LEMMA, LOWER, ORTH
from spacy.matcher import Matcher

from ..model import EDGE_TYPES
from .docdata import IMPLICIT, Found, ent_class, ent_key
from .entities import NAME_TITLES, EntityBook, given_name_gender, name_words
from .lexicon import words
from .patterns import Rule

FEMALE_PRONOUNS = words("words", "pronouns_female")
MALE_PRONOUNS = words("words", "pronouns_male")
FEMALE_ROLES = frozenset({"actress", "heroine"})
CAST_LIST_LEMMAS = frozenset({"include", "feature", "star", "welcome", "add", "starring"})
ASIDE = ({"ORTH": "(", "OP": "?"}, {"ENT_TYPE": "ASIDE", "OP": "?"}, {"ORTH": ")", "OP": "?"})


def _requirements(pattern, strings) -> list[frozenset[int]]:
    """For each element a match cannot skip, the string hashes of which one must be in the
    sentence (as a token's lowercase form, lemma, text or entity class)."""
    out = []
    for element in pattern:
        if element.get("OP") in ("?", "*") or str(element.get("OP", "")).startswith("{0"):
            continue
        for attr in ("LOWER", "LEMMA", "ORTH", "ENT_TYPE"):
            value = element.get(attr)
            if isinstance(value, str):
                value = {"IN": [value]}
            if isinstance(value, dict) and "IN" in value:
                out.append(frozenset(strings.add(str(v)) for v in value["IN"]))
    return out


def _with_asides(pattern) -> list:
    """Let an aside in parentheses follow every entity of a pattern: "Kay (Ann Lee) kissed Tom"."""
    out = []
    for element in pattern:
        out.append(element)
        if "OP" not in element and isinstance(element.get("ENT_TYPE"), dict):
            out.extend(ASIDE)
    return out


class RuleRunner:
    """One Matcher per rule over a set of rules; :meth:`run` yields their finds in one doc.

    A rule runs only on sentences that hold every word and entity class it cannot do without:
    testing the rules' word gaps on every token is most of a matcher's time, and most rules
    have a word ("plays", "premiere", "creator") that most sentences lack."""

    def __init__(self, vocab, rules: tuple[Rule, ...]):
        self.rules = rules
        self.vocab = vocab
        self.matchers = []
        self.needs: list[list[frozenset[int]]] = []
        self.slots: list[int] = []  # entity tokens a match of each rule names
        for rule in rules:
            matcher = Matcher(vocab, validate=True)
            matcher.add(rule.name, [list(rule.pattern) if rule.aside else _with_asides(rule.pattern)])
            self.matchers.append(matcher)
            self.needs.append(_requirements(rule.pattern, vocab.strings))
            self.slots.append(sum(1 for e in rule.pattern if isinstance(e.get("ENT_TYPE"), dict)
                                  and "" not in e["ENT_TYPE"].get("IN", [""])))
        self.attrs = [LOWER, LEMMA, ORTH, ENT_TYPE]
        # each rule is looked up by one word it needs (the one that fewest sentences have: a
        # word rather than an entity class), so a sentence tests only the rules its words allow
        classes = {vocab.strings.add(c) for c in ("NAME", "PERSON", "CHARACTER", "SHOW", "SEASON", "NETWORK",
                                                   "OUTLET", "ORG", "PLACE", "EVENT", "STORY", "PRON", "ASIDE")}
        self.by_word: dict[int, list[int]] = {}
        self.always: list[int] = []
        for k, needs in enumerate(self.needs):
            words = [need for need in needs if not need <= classes]
            if not words:
                self.always.append(k)
                continue
            for h in min(words, key=len):
                self.by_word.setdefault(h, []).append(k)

    def _matches(self, doc):
        """(rule index, start, end) of every match, sentence by sentence; offsets are the doc's."""
        table = doc.to_array(self.attrs)
        ents = table[:, 3]
        aside = doc.vocab.strings.add("ASIDE")
        for sent in doc.sents:
            window = ents[sent.start:sent.end]
            if not ((window != 0) & (window != aside)).any():
                continue  # every rule needs an entity token
            present = set(table[sent.start:sent.end].ravel().tolist())
            candidates = set(self.always)
            for h in present & self.by_word.keys():
                candidates.update(self.by_word[h])
            for k in sorted(candidates):
                if all(not need.isdisjoint(present) for need in self.needs[k]):
                    for _, start, end in self.matchers[k](sent):
                        yield k, sent.start + start, sent.start + end

    def run(self, doc, sent_of, book: EntityBook):
        for k, start, end in self._matches(doc):
            rule = self.rules[k]
            span = doc[start:end]
            # "Hulu's Backstage Pass": the network only says whose outlet it is
            ents = [t for t in span if (_is_entity(t) or (rule.aside and t._.fk_aside)) and not _possessive_modifier(doc, t)]
            if len(ents) > self.slots[k]:
                # a pronoun inside a gap is no end of the edge; one that opens or closes the match is
                ents = [t for t in ents if ent_class(t) != "PRON" or t.i in (start, end - 1)] or ents
            if rule.implicit:
                if not ents:
                    continue
                subj_tok, obj_tok = None, ents[-1]
                if rule.reverse:  # the named entity is the subject, the implicit one the object
                    subj_tok, obj_tok = ents[0] if not rule.list_subject else ents[-1], None
            elif len(ents) < 2:
                continue
            else:
                subj_tok, obj_tok = ents[0], ents[-1]
                if rule.reverse:
                    subj_tok, obj_tok = obj_tok, subj_tok
            implicit = IMPLICIT + rule.implicit
            story = EDGE_TYPES[rule.predicate].universe
            subj = resolve_token(doc, subj_tok, book, story) if subj_tok is not None else implicit
            obj = resolve_token(doc, obj_tok, book, story) if obj_tok is not None else implicit
            if not subj or not obj:
                continue
            if obj_tok is not None and obj_tok.i + 1 < len(doc) and obj_tok.i + 1 >= end and \
                    doc[obj_tok.i + 1].text in ("'s", "’s", "'", "’") and ent_class(obj_tok) in ("NAME", "CHARACTER", "PERSON"):
                continue  # "who plays Kay's boss": Kay only owns the role named
            if rule.full_name_subject and not is_full_personal_name(book, subj, strict=False):
                continue
            if rule.either_way and actor_second(doc, span[0], book, subj, obj):
                subj, obj = obj, subj
            triggers = tuple(t for t in span if not ent_class(t) and t.pos_ in ("VERB", "NOUN", "AUX", "ADP")) or (span[0],)
            subjects, objects = [subj], [obj]
            if rule.list_object and obj_tok is not None:
                objects += conjuncts(doc, obj_tok) + conjuncts(doc, obj_tok, backwards=True)
            if rule.list_subject and subj_tok is not None:
                subjects = conjuncts(doc, subj_tok, backwards=True)[::-1] + subjects + conjuncts(doc, subj_tok)
            pairs = [(a, b) for a in subjects for b in objects]
            if rule.pair_lists and subj_tok is not None and obj_tok is not None:
                # "A and B play C and D": actors and roles pair up in order; unequal lists are unclear
                actors = conjuncts(doc, subj_tok, backwards=True, parsed=True)[::-1] + [subj]
                roles = [obj] + conjuncts(doc, obj_tok, parsed=True)
                if len(actors) == len(roles):
                    pairs = list(zip(actors, roles, strict=True))
                elif len(actors) > 1:
                    continue  # "A and B play C": unclear who plays C
                # else one actor, and what follows the role is another clause's: the match itself
            via_pronoun = any(t is not None and ent_class(t) == "PRON" for t in (subj_tok, obj_tok))
            for a, b in pairs:
                yield Found(a, rule.predicate, b, sent_of[start], triggers, rule, via_pronoun)


def _is_entity(tok) -> bool:
    cls = ent_class(tok)
    return bool(cls) and cls != "ASIDE"


def _possessive_modifier(doc, tok) -> bool:
    """A network standing before an outlet in the possessive: "Hulu's Backstage Pass"."""
    i = tok.i
    return (ent_class(tok) == "NETWORK" and i + 2 < len(doc) and doc[i + 1].text in ("'s", "’s")
            and ent_class(doc[i + 2]) == "OUTLET")


def is_full_personal_name(book: EntityBook, key: str, strict: bool = True) -> bool:
    """Whether an entity is named by a full personal name ("Ann Lee", not "Kay" or "Captain
    Holt") not known as a character. ``strict`` also wants a known first name."""
    rec = book.records[key]
    core = name_words(rec.label)
    if len(core) < 2 or rec.label.split()[0] in NAME_TITLES or rec.votes["Character"] >= 1 or rec.fixed == "Character":
        return False
    return not strict or given_name_gender(core[0]) is not None or len(core) >= 3


def actor_second(doc, first, book: EntityBook, subj: str, obj: str) -> bool:
    """For 'A (B)' read as B plays A: whether A, not B, is the actor. Known types decide; else a
    cast list ("the cast includes A (B)") names actors first; else a full personal name beside a
    shorter one is the actor; else the usual order of news copy, 'Character (Actor)', holds."""
    a, b = book.type_of(subj), book.type_of(obj)  # subj is B here: the rule reads 'A (B)' reversed
    strong_a, strong_b = book.records[subj].strong, book.records[obj].strong
    if {a, b} == {"Person", "Character"} and (strong_a or strong_b):
        return a == "Character" if strong_a else b == "Person"
    full_a, full_b = is_full_personal_name(book, obj, strict=False), is_full_personal_name(book, subj, strict=False)
    if full_a != full_b:
        return full_a  # "Milo Grant (Rudy)": the full name is the actor
    while first.dep_ in ("conj", "appos") and first.head.i != first.i:
        first = first.head
    if first.dep_ in ("dobj", "attr", "pobj", "nsubj") and first.head.lemma_.lower() in CAST_LIST_LEMMAS:
        return True  # "the cast includes A (B)": actors first, so the first name is the subject
    return False


def conjuncts(doc, tok, backwards: bool = False, parsed: bool = False) -> list[str]:
    """Entities listed next to ``tok`` with the same class: 'A and B', 'A, B and C'. With
    ``parsed``, only those the parse coordinates with it (not the subject of the next clause)."""
    out = []
    step = -1 if backwards else 1
    i = tok.i + step
    seps = (",", "and", "or", "&")
    cls = ent_class(tok)
    while 0 <= i < len(doc):
        j, skipped = i, 0
        while 0 <= j < len(doc) and doc[j].text in seps and skipped < 2:
            j += step
            skipped += 1
        # "Ann Lee (Kay), Bo Ray (Tom) and ...": skip the asides
        while 0 <= j < len(doc) and doc[j].text in ("(", ")") or (0 <= j < len(doc) and ent_class(doc[j]) == "ASIDE"):
            j += step
            skipped += 1
        if skipped == 0 or not (0 <= j < len(doc)):
            break
        cand = doc[j]
        coordinated = not parsed or (cand.dep_ == "conj" and cand.head.i in (tok.i, tok.head.i)) or (
            tok.dep_ == "conj" and tok.head.i in (cand.i, cand.head.i))
        if (ent_class(cand) == cls or {ent_class(cand), cls} <= {"NAME", "PERSON"}
                or {ent_class(cand), cls} <= {"NAME", "CHARACTER"}) and ent_key(cand) and coordinated:
            if ent_key(cand) != ent_key(tok) and ent_key(cand) not in out:
                out.append(ent_key(cand))
            i = j + step
            continue
        break
    return out


def resolve_token(doc, tok, book, character: bool = False) -> str | None:
    """The entity key a matched token stands for: a pronoun is resolved to a character when
    the edge is in the story (``character``), else, like a role ("the actress"), to a person."""
    if ent_key(tok):
        return ent_key(tok)
    if ent_class(tok) == "PRON":
        if character and not tok._.fk_role:
            return recent_character(doc, tok, book)
        return recent_person(doc, tok, book)
    return None


def _gender_of_ref(tok) -> str:
    low = tok.lower_
    if low in FEMALE_PRONOUNS or tok._.fk_role in FEMALE_ROLES:
        return "f"
    if low in MALE_PRONOUNS or tok._.fk_role == "actor":
        return "m"
    return ""


def recent_person(doc, tok, book, reach: int = 120) -> str | None:
    """The person a pronoun or role ("the actress") most likely stands for: the nearest earlier
    name known as a real person whose gender does not clash, else the nearest person-like name.
    Unsure (two candidates of unknown gender as near) means no answer for a role noun."""
    want = _gender_of_ref(tok)
    fallback = None
    for j in range(tok.i - 1, max(-1, tok.i - reach), -1):
        t = doc[j]
        key = ent_key(t)
        if not key or ent_class(t) not in ("PERSON", "NAME", "ASIDE"):
            continue
        rec = book.records.get(key)
        if rec is None or (want and rec.gender and rec.gender != want):
            continue
        if rec.fixed == "Person" or rec.votes["Person"] >= 1:
            return key
        if tok._.fk_role:
            if rec.type == "Person" and len(rec.label.split()) > 1:
                return key  # a full name no rule typed is a real person by default
            continue  # "the actress" is a real person, never a first name that may be a character
        fallback = fallback or key
    return fallback


def in_headline(doc, tok) -> bool:
    return any(start <= tok.idx < end for start, end in doc._.fk_headlines or ())


def _clause_subjects(tok):
    """The subjects of the clauses a token stands in, innermost first, that come before it;
    a relative clause's noun counts as its subject."""
    verb = tok.head
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX"):
            yield from (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i)
            if verb.dep_ in ("relcl", "acl") and verb.head.i < tok.i:
                yield verb.head
        if verb.head.i == verb.i:
            return
        verb = verb.head


def recent_character(doc, tok, book=None, reach: int = 80) -> str | None:
    """The character a pronoun most likely stands for: the nearest earlier character name of a
    gender that does not clash, looking back a few sentences at most. A pronoun in a headline
    stands for nobody: a headline has no sentence before it."""
    if in_headline(doc, tok):
        return None
    want = _gender_of_ref(tok)

    def fits(t) -> bool:
        if not ent_key(t) or ent_class(t) not in ("CHARACTER", "NAME"):
            return False
        rec = book.records.get(ent_key(t)) if book is not None else None
        if rec is not None and rec.type == "Person":
            return False  # a full name no rule made a character is a real person
        return not (rec is not None and want and rec.gender and rec.gender != want)

    # the subject of a clause the pronoun stands in ("Kay, whose bakery Tom had to sell to her
    # ex"), else the first name of its sentence ("Kay is torn between her ex and her
    # husband"), else the nearest name before it
    sent = tok.sent
    candidates = list(_clause_subjects(tok))
    if tok.dep_ in ("nsubj", "nsubjpass"):
        # "Kay panicked until Tom called, but she ...": a subject pronoun goes back to the main subject
        candidates = [t for t in doc[sent.start:tok.i] if t.dep_ in ("nsubj", "nsubjpass")
                      and t.head.dep_ == "ROOT"] + candidates
    for cand in candidates:
        if fits(cand):
            return ent_key(cand)
    for t in doc[sent.start:tok.i]:
        if fits(t):
            return ent_key(t)
    for j in range(tok.i - 1, max(-1, tok.i - reach), -1):
        if fits(doc[j]):
            return ent_key(doc[j])
    return None
