"""Verb and noun frames read through the dependency parse (the tables are in
``data/relations.yaml``): "Kay ... moves to Rome", "Kay and Tom are dating", "Tom is Kay's
boss", "her feelings for Tom", "a romance between Kay and Tom".

A verb frame names the verb lemmas, where the object stands ("dobj" or a preposition) and the
edge it states. Subjects are found through coordination, relative clauses and appositions, so
"Kay Moss, a young nurse from Lisbon who ... moves to Rome" gives Kay livesIn Rome.
"""

from __future__ import annotations

from dataclasses import dataclass

from .docdata import IMPLICIT, ent_class, ent_key, entity_tokens, tokens_with, word_ids
from .lexicon import data, phrases, words
from .rules import recent_person

IMPLICIT_SHOW = IMPLICIT + "show"  # the article's own show, named by "the series", "the show"
IMPLICIT_SEASON = IMPLICIT + "season"
GROUPS = data("relations")["groups"]
ROLES = tuple(GROUPS["ROLES"])
SHOW_WORDS = frozenset(data("relations")["sets"]["show_words"])


def _classes(spec) -> tuple[str, ...]:
    names = [spec] if isinstance(spec, str) else list(spec)
    return tuple(c for n in names for c in GROUPS.get(n, [n]))


@dataclass(frozen=True)
class VerbFrame:
    lemmas: frozenset[str]
    where: str  # "dobj", a preposition ("to", "in", ...), or "" for "A and B <verb>" (symmetric only)
    predicate: str
    subject: tuple[str, ...] = ROLES
    object: tuple[str, ...] = ROLES
    particle: str = ""  # "up" in "grow up in", "break up with"
    reverse: bool = False  # "A works for B" -> B bossOf A
    co_subject: str = ""  # a preposition naming more subjects: "created the show with B"


VERB_FRAMES = tuple(
    VerbFrame(frozenset(f["lemmas"]), f["where"], f["edge"], _classes(f.get("subject", "ROLES")),
              _classes(f.get("object", "ROLES")), f.get("particle", ""), f.get("reverse", False),
              f.get("co_subject", ""))
    for f in data("relations")["verb_frames"])
FRAME_LEMMAS = frozenset(lemma for f in VERB_FRAMES for lemma in f.lemmas)

#: Relation nouns: noun -> (predicate, True when the possessor X is the subject)
REL_NOUNS = {noun: (edge, owner_first) for noun, (edge, owner_first) in data("relations")["relation_nouns"].items()}
PLURAL_REL_NOUNS = frozenset(phrases("relations", "plural_relation_nouns"))
BOND_NOUNS = dict(data("relations")["bond_nouns"])
PAIR_ONLY_BONDS = frozenset(phrases("relations", "bond_nouns_pair_only"))
TRIP_NOUNS = frozenset(phrases("relations", "trip_nouns"))
HOME_NOUNS = frozenset(phrases("relations", "home_nouns"))
JOB_NOUNS = frozenset(data("relations")["sets"]["job_nouns"])
TOGETHER_VERBS = frozenset(phrases("relations", "together_verbs"))
BUSINESS_VERBS = frozenset(phrases("relations", "business_verbs"))
RENEW_LEMMAS = frozenset(phrases("relations", "renew_lemmas"))
OTHER_TIME = frozenset(phrases("relations", "other_time_words"))
ORIGIN_NOUNS = words("words", "origin_nouns")
PLACE_NOUNS = words("words", "place_nouns")
NETWORK_NOUNS = words("words", "network_nouns")
PRONOUN_SUBJECTS = words("words", "pronouns_female") | words("words", "pronouns_male")
PLURAL_PRONOUNS = words("words", "pronouns_plural")
RELATIVE = frozenset({"who", "that", "which", "whom", "whose"})
ORGISH = ("ORG", "NAME")
GROUP_GENDER = {"girls": "f", "women": "f", "sisters": "f", "ladies": "f", "boys": "m", "men": "m", "brothers": "m",
                "guys": "m"}
GROUP_NOUNS = words("words", "pair_nouns") | frozenset(GROUP_GENDER)
EX_MODIFIERS = frozenset({"former", "ex", "old", "previous", "one-time", "onetime", "erstwhile", "last", "late"})
ENDING_LEMMAS = frozenset({"end", "fracture", "crumble", "collapse", "implode", "die", "sour", "dissolve", "fizzle",
                           "unravel", "finish", "fail", "strain"})
BECOMING = {"friends": "friendOf", "allies": "friendOf", "besties": "friendOf", "pals": "friendOf",
            "lovers": "romanticInterest", "enemies": "rivalOf", "rivals": "rivalOf"}
BECOMING_IDS = word_ids(BECOMING)
PAIR_FOR_BONDS = frozenset({"reunion", "romance", "future", "endgame", "wedding", "marriage", "engagement"})


def _head_ids(table) -> frozenset[int]:
    """The ids of the last words of a table's nouns ("best friend" -> "friend", "ex-wife" -> "wife")."""
    return word_ids({key.split()[-1].split("-")[-1] for key in table} | set(table))


FRAME_IDS = word_ids(FRAME_LEMMAS)
RENEW_IDS = word_ids(RENEW_LEMMAS)
REL_IDS = _head_ids(REL_NOUNS)
BOND_IDS = _head_ids(BOND_NOUNS)
TRIP_IDS = word_ids(TRIP_NOUNS)
HOME_IDS = word_ids(HOME_NOUNS)
CAST_IDS = word_ids({"play", "portray"})
TOGETHER_IDS = word_ids({"together"})
IF_IDS = word_ids({"if"})
INTERVIEW_NOUNS = frozenset(data("relations")["sets"]["interview_nouns"])
SPEAK_LEMMAS = frozenset({"speak", "talk", "chat", "sit"})


class FrameReader:
    """Reads verb and noun frames off a merged doc; ``resolve(tok)`` names a pronoun's entity."""

    def __init__(self, doc, resolve, book=None):
        self.doc = doc
        self.resolve = resolve
        self.book = book

    # -- who or what a token stands for -------------------------------------------------
    def expand(self, tok, depth=0) -> list[tuple[str, str]]:
        """(entity key, class) pairs a token stands for, with its coordinated entities."""
        if depth > 4:
            return []
        out: list[tuple[str, str]] = []
        key = ent_key(tok)
        if key:
            out.append((key, ent_class(tok) if ent_class(tok) != "ASIDE" else tok._.fk_aside))
        elif tok.lower_ in PRONOUN_SUBJECTS and tok.pos_ == "PRON" or ent_class(tok) == "PRON" and not tok._.fk_role:
            if tok.lower_ in PLURAL_PRONOUNS:
                return self.group(tok)
            found = self.resolve(tok)
            if found:
                out.append((found, "CHARACTER"))
        elif tok.lower_ in PLURAL_PRONOUNS and tok.pos_ == "PRON":
            return self.group(tok)
        elif tok.lower_ in RELATIVE and tok.head.dep_ in ("relcl", "acl"):
            target = tok.head.head
            while target.dep_ == "conj" and target.head.i != target.i:
                target = target.head  # "Kay and Tom, who married": both of them
            return self.expand(target, depth + 1)
        elif tok.pos_ in ("NOUN", "NUM") and tok.lower_ in GROUP_NOUNS and any(
                c.lower_ in ("the", "both") for c in tok.children):
            return last_two(self.doc, tok, self.book)  # "the pair", "the two", "the girls"
        elif tok.pos_ in ("NOUN",):
            if tok.lower_ in PLACE_NOUNS:
                # "the sleepy town of Ashford"
                out.extend((ent_key(p), ent_class(p)) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                           for p in c.children if ent_class(p) == "PLACE")
            if tok.lower_ in SHOW_WORDS and tok.lower_ not in ("hit", "project") and any(
                    c.lower_ in ("the", "this", "its", "their", "his", "her") or ent_class(c) == "NETWORK"
                    for c in tok.children):
                out.append((IMPLICIT_SHOW, "SHOW"))  # "created the show", "FX's dramedy"
            elif tok.dep_ == "appos" and ent_key(tok.head):
                out.append((ent_key(tok.head), ent_class(tok.head)))
            else:
                out.extend((ent_key(c), ent_class(c)) for c in tok.children if c.dep_ in ("appos", "compound")
                           and ent_key(c) and c.i > tok.i)
        for child in tok.children:
            if child.dep_ == "conj":
                out.extend(self.expand(child, depth + 1))
        return out

    def group(self, tok) -> list[tuple[str, str]]:
        """"they", "their": the characters named together as the subject of the clause, else
        the pair named together last."""
        verb = tok.head if tok.dep_ in ("nsubj", "nsubjpass") else tok.head.head
        for _ in range(4):
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i), None)
            if subj is not None and not ent_key(subj) and subj.pos_ == "NOUN" and subj.lower_ not in GROUP_NOUNS:
                return []  # "the gang meets their friends": "their" is the gang's, nobody named
            if subj is not None and ent_key(subj):
                found = self.expand(subj, 3)
                # "Kay was married to Tom until their marriage ended": the one and the other
                found += [(ent_key(t), ent_class(t)) for t in verb.subtree if ent_key(t) and ent_class(t) in ROLES
                          and t.i < tok.i]
                found = list(dict.fromkeys(found))
                if len(found) >= 2:
                    return found
            if verb.head.i == verb.i:
                break
            verb = verb.head
        return list(last_pair(self.doc, tok))

    def subject_token(self, verb, depth=0):
        """The token standing as the verb's subject, found through coordination and control
        ("Kay lands a job and moves to Rome"), or the noun a relative clause hangs on."""
        if depth > 4:
            return None
        found = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if found:
            # "Folks, we're going back": the writer and readers, not the name before the comma
            return next((c for c in found if c.lower_ in ("i", "we", "you")), found[-1])
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.i != verb.i:
            return self.subject_token(verb.head.head, depth + 1)  # "she ended it by kissing Tom"
        if verb.dep_ == "xcomp" and verb.head.i != verb.i:
            controller = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
            if controller:
                return controller[0]  # "what led her to break up with Tom": she breaks up
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            head = verb.head
            if verb.dep_ == "conj" and head.dep_ == "dobj" and head.pos_ == "NOUN":
                head = head.head  # "lands her dream job and moves to Paris", with "moves" misread as a noun
            return self.subject_token(head, depth + 1)
        if verb.dep_ in ("relcl", "acl"):
            return verb.head
        return None

    def subjects(self, verb) -> list[tuple[str, str]]:
        tok = self.subject_token(verb)
        return self.expand(tok) if tok is not None else []

    def objects(self, verb, where: str) -> list[tuple[str, str]]:
        out = []
        if where == "dobj":
            for child in verb.children:
                if child.dep_ in ("dobj", "attr"):
                    out.extend(self.expand(child))
            return out
        preps = [c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == where]
        for mid in (c for c in verb.children if c.dep_ in ("prt", "advmod")):
            # "moved back to Boston", "grew up in Ohio"
            preps.extend(c for c in mid.children if c.dep_ == "prep" and c.lower_ == where)
        for as_prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"):
            # "works as a nurse at Mercy": the place hangs on the job
            preps.extend(p for o in as_prep.children for p in o.children if p.dep_ == "prep" and p.lower_ == where)
        for prep in preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    out.extend(self.expand(pobj))
        return out

    # -- frames ----------------------------------------------------------------------------
    def frames(self):
        """(subject, predicate, object, trigger tokens, told as given) of every frame below."""
        for found in (*self.verb_relations(), *self.renewals(), *self.together(), *self.work_nouns(),
                      *self.trips(), *self.homes(), *self.interviews()):
            yield (*found, False)
        for *found, given in self.bond_nouns():
            yield (*found, given)
        for found in self.turned_into():
            yield (*found, False)
        for found in (*self.noun_relations(), *self.appositive_relations()):
            # "his ex-girlfriend Jan" takes the relation as given; "Tom could be Kay's boss" does not
            yield (*found, found[3][0].dep_ != "attr")
        for found in self.comparisons_if_you():
            yield (*found, True)  # the writer's own framing ("If you loved A, ... B"): told as fact

    def verb_relations(self):
        """(subject, predicate, object, trigger tokens) for every verb frame."""
        for verb in tokens_with(self.doc, FRAME_IDS):
            if verb.pos_ not in ("VERB", "AUX", "NOUN", "ADJ") or ent_class(verb):
                continue
            lemma = verb.lemma_.lower()
            if lemma not in FRAME_LEMMAS:
                continue
            if verb.pos_ == "ADJ" and verb.lower_ not in ("married", "engaged", "divorced", "separated"):
                continue
            for frame in VERB_FRAMES:
                if lemma not in frame.lemmas:
                    continue
                if frame.particle and not any(c.dep_ == "prt" and c.lower_ == frame.particle
                                              for c in verb.children):
                    continue
                subjects = [s for s in self.subjects(verb) if s[1] in frame.subject]
                if frame.where == "":
                    # "Kay and Tom are dating": a symmetric edge between coordinated subjects
                    if any(c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "with") for c in verb.children):
                        continue
                    keys = list(dict.fromkeys(k for k, _ in subjects))
                    for i, a in enumerate(keys):
                        for b in keys[i + 1:]:
                            yield a, frame.predicate, b, (verb,)
                    continue
                objects = [o for o in self.objects(verb, frame.where) if o[1] in frame.object]
                if frame.predicate == "livesIn" and frame.where == "to":
                    # "Kay moved her son Tom to Rome": whoever is moved lives there too
                    subjects += [d for d in self.objects(verb, "dobj") if d[1] in frame.subject]
                if frame.co_subject:
                    # "Kay created the show with Tom": Tom created it too
                    subjects += [c for c in self.objects(verb, frame.co_subject) if c[1] in frame.subject]
                for s, _ in subjects:
                    for o, _ in objects:
                        if frame.reverse:
                            yield o, frame.predicate, s, (verb,)
                        else:
                            yield s, frame.predicate, o, (verb,)

    def interviews(self):
        """"In an interview with Vulture, Kay said", "Kay said in an interview with Vulture",
        "Speaking to Vulture, she hinted": the speaker told that outlet."""
        for outlet in entity_tokens(self.doc):
            if ent_class(outlet) not in ("OUTLET", "ORG"):
                continue
            if outlet.dep_ in ("compound", "poss", "nmod") and outlet.head.lower_ in INTERVIEW_NOUNS:
                via = outlet.head  # "in a Reddit AMA", "on Vulture's podcast"
            elif outlet.dep_ == "pobj" and outlet.head.lower_ in ("with", "to", "on", "for"):
                via = outlet.head.head
            else:
                continue
            if via.lower_ in INTERVIEW_NOUNS and via.pos_ == "NOUN":
                verb = via.head.head if via.dep_ == "pobj" else via.head
            elif via.lemma_.lower() in SPEAK_LEMMAS and via.pos_ == "VERB":
                verb = via if any(c.dep_ in ("nsubj", "nsubjpass") for c in via.children) else via.head
            else:
                continue
            for _ in range(3):  # "Kay suggested a feud is coming in an interview with ...": up to the speaker
                found = self._speakers(self.subject_token(verb))
                if found or verb.head.i == verb.i or verb.dep_ not in ("ccomp", "xcomp", "advcl", "conj"):
                    break
                verb = verb.head
            for key in found:
                yield key, "toldOutlet", ent_key(outlet), (via,)

    def _speakers(self, subject) -> list[str]:
        if subject is None:
            return []
        if ent_class(subject) == "PRON" or subject.lower_ in PRONOUN_SUBJECTS | {"they"}:
            key = recent_person(self.doc, subject, self.book) if self.book else None
            return [key] if key else []
        return [key for key, cls in self.expand(subject) if key and cls in ("PERSON", "NAME")]

    def turned_into(self):
        """"The two go from rivals to friends", "Kay and Tom went from enemies to lovers"."""
        for noun in tokens_with(self.doc, BECOMING_IDS):
            if noun.dep_ != "pobj" or noun.head.lower_ != "to":
                continue
            verb = noun.head.head
            if not any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children):
                continue
            keys = list(dict.fromkeys(k for k, c in self.subjects(verb) if c in ROLES))
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    yield a, BECOMING[noun.lower_], b, (noun,)

    def appositive_relations(self):
        """"Kay, a young woman from Rome", "Kay, a Rome native", "Kay, a Rome kid": where a
        character is from, said in an apposition."""
        nouns = []
        for place in entity_tokens(self.doc):
            if ent_class(place) != "PLACE":
                continue
            if place.dep_ == "pobj" and place.head.lower_ == "from":
                nouns.append(place.head.head)
            elif place.dep_ in ("compound", "nmod", "amod"):
                nouns.append(place.head)
        for noun in dict.fromkeys(nouns):
            if noun.pos_ != "NOUN" or ent_class(noun):
                continue
            if noun.dep_ == "appos" and ent_key(noun.head) and ent_class(noun.head) in ROLES:
                owner_key = ent_key(noun.head)
            elif noun.dep_ == "attr" and noun.head.lemma_ == "be":
                owners = [s for s in self.subjects(noun.head) if s[1] in ROLES]
                if owners:
                    for place in self._origin_places(noun):
                        yield owners[0][0], "from", place, (noun,)
                continue
            else:
                continue
            for place in self._origin_places(noun):
                yield owner_key, "from", place, (noun,)

    def _origin_places(self, noun):
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "from":
                yield from (ent_key(p) for p in child.children if ent_class(p) == "PLACE")
            elif ent_class(child) == "PLACE" and child.dep_ in ("compound", "nmod", "amod") and noun.lower_ in ORIGIN_NOUNS:
                yield ent_key(child)

    def comparisons_if_you(self):
        """"If you loved A, you'll like B": the article compares B with A."""
        for first in tokens_with(self.doc, IF_IDS):
            sent = first.sent
            if first.i not in (sent.start, sent.start + 1) or not any(t.lower_ == "you" for t in sent[:4]):
                continue
            yield from self._compared_if_you(first, sent)

    def _compared_if_you(self, first, sent):
        inside = {t.i for t in first.head.subtree}
        before = [t for t in sent if ent_class(t) == "SHOW" and t.i in inside]
        after = [t for t in sent if ent_class(t) == "SHOW" and t.i not in inside]
        if before and after:
            yield ent_key(after[0]), "comparedTo", ent_key(before[0]), (first,)

    def renewals(self):
        """"Hulu has renewed it for seasons five and six": the network renewed each season
        named in the verb's clause, or the season in focus when none is named."""
        for verb in tokens_with(self.doc, RENEW_IDS):
            lemma = verb.lemma_.lower()
            if lemma not in RENEW_LEMMAS or ent_class(verb):
                continue
            if lemma == "pick" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
                continue
            networks = [k for k, c in self.subjects(verb) if c == "NETWORK"]
            subject = self.subject_token(verb)
            if not networks and subject is not None and subject.lower_ in NETWORK_NOUNS:
                networks = [k for k in [self._recent_network(verb)] if k]  # "the streamer renewed it"
            if not networks and verb.dep_ in ("xcomp", "acl", "pcomp", "pobj") or not networks and lemma == "produce":
                # "Starz said it had chosen to go on and produce a sixth season"
                head = verb.head
                for _ in range(3):
                    networks = [k for k, c in self.subjects(head) if c == "NETWORK"]
                    if networks or head.head.i == head.i:
                        break
                    head = head.head
            for child in verb.children:
                # "was renewed by Netflix", "picked up for a sixth season at Starz"
                if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in ("at", "on", "by")):
                    networks += [k for p in child.children for k, c in self.expand(p) if c == "NETWORK"]
            if not networks:
                continue
            seasons = [ent_key(t) for t in _clause_subtree(verb) if ent_class(t) == "SEASON"]
            if lemma == "produce" and not seasons:
                continue
            for network in dict.fromkeys(networks):
                for season in dict.fromkeys(seasons or [IMPLICIT_SEASON]):
                    yield network, "renewed", season, (verb,)

    def _recent_network(self, tok) -> str | None:
        for j in range(tok.i - 1, max(-1, tok.i - 150), -1):
            if ent_class(self.doc[j]) == "NETWORK":
                return ent_key(self.doc[j])
        return None

    def cast(self):
        """"Ann Lee, who also directs two episodes, plays Kay Moss": casting read
        through the parse when words stand between the actor and the verb."""
        for verb in tokens_with(self.doc, CAST_IDS):
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in ("play", "portray"):
                continue
            if any(c.dep_ == "agent" for c in verb.children):
                continue  # "is played by": the Matcher's rules read the passive
            actors = [k for k, c in self.subjects(verb) if c in ("NAME", "PERSON")]
            roles = [k for k, c in self.objects(verb, "dobj") if c in ("NAME", "CHARACTER")]
            if len(actors) == 1 and len(roles) == 1 and actors != roles:
                yield actors[0], "plays", roles[0], (verb,)
            elif len(actors) == 1 and len(roles) > 1 and verb.dep_ == "relcl":
                # "Ann Lee and Bo Ray, who play Kay and Tom": pairs in order need as many actors
                continue

    def together(self):
        """"Kay and Tom are still together", "could end up together", "get back together with Tom";
        "Kay and Tom open a bakery together" makes them business partners."""
        for adv in tokens_with(self.doc, TOGETHER_IDS):
            verb = adv.head
            lemma = verb.lemma_.lower()
            if lemma in BUSINESS_VERBS:
                predicate = "businessPartnerOf"
            elif lemma in TOGETHER_VERBS:
                predicate = "partnerOf"
            else:
                continue
            keys = [k for k, c in self.subjects(verb) if c in ROLES]
            keys += [k for k, c in self.objects(verb, "with") if c in ROLES]
            keys = list(dict.fromkeys(keys))
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    yield a, predicate, b, (verb,)

    def bond_nouns(self):
        """"Kay has feelings for Tom", "her crush on Tom", "Kay's romance with Tom", "Kay and
        Tom's friendship", "a romance between Kay and Tom", "Kay's break-up with Tom"."""
        for noun in tokens_with(self.doc, BOND_IDS):
            name = _bond_noun_name(noun)
            if name is None or ent_class(noun):
                continue
            predicate = BOND_NOUNS[name]
            if predicate in ("partnerOf", "romanticInterest") and _ended(noun):
                predicate = "exPartnerOf"  # "their marriage fell apart", "ended their romance"
            preps = list(noun.children)
            if noun.dep_ == "dobj":
                preps += [c for c in noun.head.children if c.i > noun.i]  # "carried a torch for Kay"
            pair_preps = ("between", "for", "of") if name in PAIR_FOR_BONDS else ("between",)
            between = [k for p in preps if p.dep_ == "prep" and p.lower_ in pair_preps for k in listed_after(p)]
            if len(between) >= 2:
                for i, a in enumerate(between):
                    for b in between[i + 1:]:
                        if a != b:
                            yield a, predicate, b, (noun,), False
                continue
            targets = [k for p in preps if p.dep_ == "prep" and p.lower_ in ("for", "on", "to", "with", "over")
                       for c in p.children if c.dep_ == "pobj" for k, cls in self.expand(c) if cls in ROLES]
            owners = [k for c in noun.children if c.dep_ == "poss" for k, cls in self.expand(c) if cls in ROLES]
            if len(owners) < 2:
                owners = listed_before(noun) or owners  # "Kay (Ann Lee) and Tom (Bo Ray)'s romance"
            if owners and noun.dep_ == "conj" and ent_key(noun.head) and ent_class(noun.head) in ROLES:
                owners.insert(0, ent_key(noun.head))  # "Kay and Tom's friendship", parsed as "Kay" and "Tom's friendship"
            if not targets and not owners and noun.dep_ in ("attr", "acomp"):
                owners = [k for k, cls in self.subjects(noun.head) if cls in ROLES]  # "Kay and Tom are endgame"
            if not targets:
                # "Kay and Tom's romance": a bond of the two owners
                pair = list(dict.fromkeys(owners))
                if len(pair) == 2:
                    # "Kay and Tom's friendship" takes the bond as given; "Kay and Tom are endgame" does not
                    yield pair[0], predicate, pair[1], (noun,), noun.dep_ not in ("attr", "acomp")
                continue
            if not owners and noun.dep_ == "pobj" and noun.head.lower_ == "in":
                owners = [k for k, cls in self.subjects(noun.head.head) if cls in ROLES]  # "is in love with"
            if name in PAIR_ONLY_BONDS and not owners:
                continue  # "an eye for detail", "a connection to Rome"
            if not owners and noun.dep_ in ("dobj", "attr"):
                owners = [k for k, cls in self.subjects(noun.head) if cls in ROLES]
            for a in owners:
                for b in targets:
                    if a != b:
                        yield a, predicate, b, (noun,), False

    def trips(self):
        """"Kay takes a trip to Rome", "Kay's trip to Rome"."""
        for noun in tokens_with(self.doc, TRIP_IDS):
            if noun.lower_ not in TRIP_NOUNS or ent_class(noun):
                continue
            places = [ent_key(c) for p in noun.children if p.dep_ == "prep" and p.lower_ == "to"
                      for c in p.children if c.dep_ == "pobj" and ent_class(c) == "PLACE"]
            if not places:
                continue
            travellers = [k for c in noun.children if c.dep_ == "poss" for k, cls in self.expand(c) if cls in ROLES]
            if not travellers and noun.dep_ == "dobj":
                travellers = [k for k, cls in self.subjects(noun.head) if cls in ROLES]
            for who in travellers:
                for place in places:
                    yield who, "travelsTo", place, (noun,)

    def homes(self):
        """"her New York apartment", "Kay's house in Ashford": where a character lives."""
        for noun in tokens_with(self.doc, HOME_IDS):
            if noun.lower_ not in HOME_NOUNS or ent_class(noun):
                continue
            places = [ent_key(c) for c in noun.children if c.dep_ in ("compound", "nmod", "amod")
                      and ent_class(c) == "PLACE"]
            places += [ent_key(c) for p in noun.children if p.dep_ == "prep" and p.lower_ in ("in", "on", "at")
                       for c in p.children if c.dep_ == "pobj" and ent_class(c) in ("PLACE", "ORG", "NAME")]
            if not places:
                continue
            owners = [k for c in noun.children if c.dep_ == "poss" for k, cls in self.expand(c) if cls in ROLES]
            for who in owners:
                for place in places:
                    yield who, "livesIn", place, (noun,)

    def work_nouns(self):
        """"Kay is a nurse at Mercy General", "Kay got a job at the Herald", "Kay is the CEO of Brightwell"."""
        nouns = [t.head.head for t in entity_tokens(self.doc)
                 if t.dep_ == "pobj" and t.head.lower_ in ("at", "of") and ent_class(t) in ("ORG", "NAME")]
        for noun in dict.fromkeys(nouns):
            if ent_class(noun) or not (noun.pos_ == "NOUN" or noun.lower_ in JOB_NOUNS):
                continue
            places = [c for p in noun.children if (p.dep_ == "prep" and p.lower_ == "at") or
                      (p.dep_ == "prep" and p.lower_ == "of" and noun.lower_ in JOB_NOUNS)
                      for c in p.children if c.dep_ == "pobj" and ent_class(c) in ("ORG", "NAME")]
            if not places:
                continue
            if noun.dep_ in ("attr", "dobj"):
                workers = [k for k, cls in self.subjects(noun.head) if cls in ROLES]
            elif noun.dep_ == "appos" and ent_class(noun.head) in ROLES:
                workers = [ent_key(noun.head)]
            elif noun.dep_ == "conj" and noun.head.dep_ == "appos" and ent_class(noun.head.head) in ROLES:
                workers = [ent_key(noun.head.head)]  # "Tom, the cook and owner of Tom's Diner"
            else:
                continue
            for w in workers:
                for place in places:
                    yield w, "worksAt", ent_key(place), (noun,)

    def noun_relations(self):
        """Relation nouns: "Kay's boss Tom", "Tom, Kay's boss", "Tom is Kay's boss",
        "Kay and Tom are friends"."""
        for noun in tokens_with(self.doc, REL_IDS):
            if noun.pos_ not in ("NOUN", "PROPN") or ent_class(noun):
                continue
            name = _rel_noun_name(noun)
            if name is None or name == "ex" and noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].text == "-":
                continue  # "her ex-teammate": a prefix, not an ex
            predicate, owner_is_subject = REL_NOUNS[name]
            if (predicate == "partnerOf" or name in ("flame", "lover")) and any(
                    c.lower_ in EX_MODIFIERS for c in noun.children if c.dep_ in ("amod", "advmod", "compound")):
                predicate = "exPartnerOf"  # "her former boyfriend", "his old flame"
            owners = [o for o in self._possessors(noun) if o[1] in ROLES]
            wanted = ORGISH if predicate == "worksAt" else ROLES  # "Kay's employer, Brightwell"
            others = [o for o in self._noun_targets(noun) if o[1] in wanted]
            if owners:
                for owner, _ in owners:
                    for other, _ in others:
                        if owner == other:
                            continue
                        if owner_is_subject:
                            yield owner, predicate, other, (noun,)
                        else:
                            yield other, predicate, owner, (noun,)
            elif noun.dep_ == "attr" and noun.tag_ in ("NNS", "NNPS") or name == "couple":
                # "Kay and Tom are neighbours": every pair of the coordinated subject
                keys = list(dict.fromkeys(k for k, c in self.subjects(noun.head) if c in ROLES))
                for i, a in enumerate(keys):
                    for b in keys[i + 1:]:
                        yield a, predicate, b, (noun,)

    def _possessors(self, noun):
        out = []
        children = list(noun.children)
        if noun.dep_ in ("compound", "nmod", "amod") and ent_key(noun.head):
            # "his ex-girlfriend Jan": the parser hangs "his" on the name
            children += [c for c in noun.head.children if c.dep_ == "poss" and c.i < noun.i]
        if noun.dep_ == "conj" and not any(c.dep_ == "poss" for c in children):
            # "his niece and wife Ann": the possessor of the first noun owns the second too
            children += [c for c in noun.head.children if c.dep_ == "poss"]
        for child in children:
            if child.dep_ == "poss":
                out.extend(self.expand(child))
            elif child.dep_ == "prep" and child.lower_ == "of":
                out.extend(p for c in child.children if c.dep_ == "pobj" for p in self.expand(c))
        return out

    def _noun_targets(self, noun):
        """The entity a relation noun describes: its apposition, the name it modifies, or the
        subject of 'is'."""
        out = []
        out.extend(p for c in noun.children if c.dep_ == "appos" for p in self.expand(c))
        head = noun.head
        if noun.dep_ in ("compound", "nmod", "amod") and ent_key(head):
            out.append((ent_key(head), ent_class(head)))
        if noun.dep_ == "appos" and ent_key(head):
            out.append((ent_key(head), ent_class(head)))
        if noun.dep_ == "attr":
            out.extend(self.subjects(head))
        # "Kay's boss, Tom": the parser may attach the name as a sibling after a comma; "her
        # lover in Rome, Tom"
        doc = noun.doc
        nxt = noun.i + 1
        if nxt + 3 < len(doc) and doc[nxt].lower_ in ("in", "from", "at") and ent_key(doc[nxt + 1]) \
                and doc[nxt + 2].text == ",":
            nxt += 2
        if nxt + 1 < len(doc) and doc[nxt].text == "," and ent_key(doc[nxt + 1]):
            out.append((ent_key(doc[nxt + 1]), ent_class(doc[nxt + 1])))
        elif nxt < len(doc) and ent_key(doc[nxt]) and ent_class(doc[nxt]) in ROLES:
            out.append((ent_key(doc[nxt]), ent_class(doc[nxt])))
        if not out and noun.dep_ == "conj" and head.dep_ in ("dobj", "pobj", "appos", "attr"):
            # "his niece and current wife Ann": the name after the last noun is both
            out.extend(p for c in head.children if c.dep_ == "appos" and c.i > noun.i for p in self.expand(c))
        return out


def listed_before(noun) -> list[str]:
    """The characters named one after another before a possessive in front of ``noun`` ("Kay
    (Ann Lee) and Tom (Bo Ray)'s romance"), when there are two or more."""
    doc = noun.doc
    i = noun.i - 1
    while i > 0 and doc[i].pos_ in ("ADJ", "ADV", "NOUN") and not ent_key(doc[i]):
        i -= 1  # "Kay and Tom's long friendship"
    if doc[i].text not in ("'s", "’s", "'", "’"):
        return []
    out = []
    for t in reversed(doc[noun.sent.start:i]):
        if ent_key(t) and ent_class(t) in ROLES:
            out.append(ent_key(t))
        elif ent_class(t) == "ASIDE" or t.text in ("(", ")", ",", "and", "&"):
            continue
        else:
            break
    out = list(dict.fromkeys(reversed(out)))
    return out if len(out) >= 2 else []


def listed_after(tok) -> list[str]:
    """The characters named one after another right after ``tok`` ("between Kay (Ann Lee)
    and Tom"), read off the words rather than the parse, which asides confuse."""
    out = []
    doc = tok.doc
    for t in doc[tok.i + 1:tok.sent.end]:
        if ent_key(t) and ent_class(t) in ROLES:
            out.append(ent_key(t))
        elif ent_class(t) == "ASIDE" or t.text in ("(", ")", ",", "and", "&") or t.lower_ in ("both", "the"):
            continue
        else:
            break
    return list(dict.fromkeys(out))


def _ended(noun) -> bool:
    """"their marriage fell apart", "end their romance", "the relationship is over"."""
    head = noun.head
    lemma = head.lemma_.lower()
    if noun.dep_ in ("nsubj", "nsubjpass"):
        if lemma in ENDING_LEMMAS or lemma == "fall" and any(c.lower_ == "apart" for c in head.children):
            return True
        if lemma == "come" and any(p.lower_ == "to" and any(o.lower_ == "end" for o in p.children)
                                   for p in head.children):
            return True  # "their relationship comes to an end"
        return lemma == "be" and any(c.lower_ == "over" for c in head.children)
    if noun.dep_ == "dobj" and lemma in ("end", "finalize", "finalise", "call"):
        return True
    return noun.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_.lower() in ("come", "bring")  # "came to an end"


def last_two(doc, tok, book=None):
    """The two characters a group noun stands for: the pair named together last ("Kay and
    Tom ... the couple"); for "the girls" or "the boys", the last two characters named whose
    gender does not clash."""
    want = GROUP_GENDER.get(tok.lower_)
    if want is None or book is None:
        return list(last_pair(doc, tok))
    out: list[tuple[str, str]] = []
    for t in reversed(doc[max(0, tok.i - 200):tok.i]):
        key = ent_key(t)
        if key and ent_class(t) in ROLES and key not in (k for k, _ in out):
            rec = book.records.get(key)
            if rec is not None and rec.gender and rec.gender != want:
                continue
            out.append((key, ent_class(t)))
            if len(out) == 2:
                return out
    return []


def last_pair(doc, tok, reach: int = 200):
    """The two characters named together last before ``tok`` ("Kay and Tom", "Kay and Tom's")."""
    for j in range(tok.i - 1, max(1, tok.i - reach), -1):
        b = doc[j]
        if not ent_key(b) or ent_class(b) not in ROLES:
            continue
        k = j - 1
        while k > 0 and (doc[k].text in ("(", ")") or ent_class(doc[k]) == "ASIDE"):
            k -= 1
        if doc[k].lower_ in ("and", "&") and k > 0:
            m = k - 1
            while m > 0 and (doc[m].text in ("(", ")") or ent_class(doc[m]) == "ASIDE"):
                m -= 1
            a = doc[m]
            if ent_key(a) and ent_class(a) in ROLES and ent_key(a) != ent_key(b):
                return ((ent_key(a), ent_class(a)), (ent_key(b), ent_class(b)))
    return ()


def _clause_subtree(verb):
    """Tokens of the verb's clause, leaving out subclauses about another time."""
    out = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.lower_ in OTHER_TIME or child.dep_ in ("relcl", "acl") or any(
                    g.lower_ in OTHER_TIME and g.dep_ in ("mark", "advmod", "prep") for g in child.children):
                continue
            stack.append(child)
    return out


def _compound_name(noun, table) -> str | None:
    low = noun.lower_
    doc = noun.doc
    if noun.i >= 2 and doc[noun.i - 1].text == "-" and f"{doc[noun.i - 2].lower_}-{low}" in table:
        return f"{doc[noun.i - 2].lower_}-{low}"  # "ex-girlfriend", "next-door neighbour"
    for mod in (c.lower_ for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i):
        if f"{mod} {low}" in table:
            return f"{mod} {low}"
    if low in table:
        return low
    lemma = noun.lemma_.lower()
    return lemma if lemma in table else None


def _rel_noun_name(noun) -> str | None:
    return _compound_name(noun, REL_NOUNS)


def _bond_noun_name(noun) -> str | None:
    if noun.pos_ not in ("NOUN", "PROPN") and noun.dep_ not in ("dobj", "pobj", "nsubj", "nsubjpass", "attr", "conj",
                                                                 "acomp"):
        return None  # "fans are split": a verb, not "the split"
    return _compound_name(noun, BOND_NOUNS)
