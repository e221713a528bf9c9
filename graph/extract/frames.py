"""Verb and noun frames read through the dependency parse (spaCy's DependencyMatcher idea, kept
as plain tables): "Kay ... moves to Rome", "Kay and Tom are dating", "Tom is Kay's boss".

A verb frame names the verb lemmas, where the object stands ("dobj" or a preposition) and the
edge it states. Subjects are found through coordination, relative clauses and appositions, so
"Kay Moss, a young nurse from Lisbon who ... moves to Rome" gives Kay livesIn Rome.
"""

from __future__ import annotations

from dataclasses import dataclass

from .patterns import ACTORS, ROLES, SHOW_WORDS

IMPLICIT_SHOW = "@implicit:show"  # the article's own show, named by "the series", "the show"
SHOWS = ("SHOW",)

PLACE = ("PLACE",)
ORGISH = ("ORG", "NAME")  # in-universe companies are often unfamiliar names to the model


@dataclass(frozen=True)
class VerbFrame:
    lemmas: tuple[str, ...]
    where: str  # "dobj", a preposition ("to", "in", ...), or "" for "A and B <verb>" (symmetric only)
    predicate: str
    subject: tuple[str, ...] = ROLES
    object: tuple[str, ...] = ROLES
    particle: str = ""  # "up" in "grow up in", "break up with"
    reverse: bool = False  # "A works for B" -> B bossOf A
    co_subject: str = ""  # a preposition naming more subjects: "created the show with B"


def VF(lemmas, where, predicate, subject=ROLES, object=ROLES, particle="", reverse=False, co_subject=""):
    lemmas = (lemmas,) if isinstance(lemmas, str) else tuple(lemmas)
    return VerbFrame(lemmas, where, predicate, tuple(subject), tuple(object), particle, reverse, co_subject)


VERB_FRAMES = (
    # places
    VF(("move", "relocate", "emigrate"), "to", "livesIn", object=PLACE),
    VF(("live", "reside", "settle"), "in", "livesIn", object=PLACE),
    VF("grow", "in", "from", object=PLACE, particle="up"),
    VF(("hail", "come"), "from", "from", object=PLACE),
    VF(("travel", "go", "head", "fly", "jet", "return", "escape", "journey", "hop", "sail", "drive"), "to",
       "travelsTo", object=PLACE),
    VF(("visit", "tour"), "dobj", "travelsTo", object=PLACE),
    VF("end", "in", "travelsTo", object=PLACE, particle="up"),
    VF("be", "from", "from", object=PLACE),
    VF("bear", "in", "from", object=PLACE),
    # work
    VF(("work", "intern"), "at", "worksAt", object=ORGISH),
    VF(("work", "intern"), "for", "worksAt", object=("ORG",)),
    VF("work", "for", "bossOf", object=ROLES, reverse=True),
    VF("join", "dobj", "worksAt", object=("ORG",)),
    VF(("hire", "employ", "manage", "supervise", "mentor", "fire"), "dobj", "bossOf"),
    VF("report", "to", "bossOf", reverse=True),
    # romance and friendship
    VF(("kiss", "smooch", "snog"), "dobj", "kissed"),
    VF(("kiss", "smooch", "snog"), "", "kissed"),
    VF(("date", "marry", "wed", "romance", "court"), "dobj", "partnerOf"),
    VF(("date", "marry", "wed"), "", "partnerOf"),
    VF("engage", "to", "partnerOf"),
    VF("marry", "to", "partnerOf"),
    VF(("divorce", "dump", "jilt"), "dobj", "exPartnerOf"),
    VF(("break", "split"), "with", "exPartnerOf", particle="up"),
    VF(("split", "separate"), "from", "exPartnerOf"),
    VF(("break", "split", "divorce", "separate"), "", "exPartnerOf"),
    VF("fall", "for", "romanticInterest"),
    VF(("flirt", "sleep", "hook", "fling"), "with", "romanticInterest"),
    VF("crush", "on", "romanticInterest"),
    VF("pine", "for", "romanticInterest"),
    VF("propose", "to", "romanticInterest"),
    VF("cheat", "on", "partnerOf"),
    VF("cheat", "with", "romanticInterest"),
    VF(("befriend",), "dobj", "friendOf"),
    # production
    VF(("create", "co-create", "develop", "conceive", "devise"), "dobj", "created", subject=ACTORS, object=SHOWS,
       co_subject="with"),
    VF(("star", "appear", "co-star"), "in", "castIn", subject=ACTORS, object=SHOWS),
    VF("tell", "dobj", "toldOutlet", subject=ACTORS, object=("OUTLET", "ORG")),
    VF(("say", "reveal", "explain", "confirm", "admit", "tease", "speak", "talk"), "to", "toldOutlet",
       subject=ACTORS, object=("OUTLET", "ORG")),
    VF(("stream", "air", "premiere", "premier", "debut", "drop", "land", "arrive", "launch", "return"), "on", "airsOn",
       subject=SHOWS, object=("NETWORK",)),
    VF(("produce", "executive-produce"), "dobj", "producerOf", subject=ACTORS, object=SHOWS),
    VF("move", "with", "roommateOf", particle="in"),
    VF("live", "with", "roommateOf"),
)

#: Relation nouns: "X's boss Y", "Y, X's boss", "Y is X's boss", "X and Y are friends".
#: noun -> (predicate, True when the possessor X is the subject)
REL_NOUNS = {
    "boss": ("bossOf", False), "manager": ("bossOf", False), "supervisor": ("bossOf", False),
    "employee": ("bossOf", True), "assistant": ("bossOf", True), "employer": ("worksAt", True),
    "girlfriend": ("partnerOf", True), "boyfriend": ("partnerOf", True), "wife": ("partnerOf", True),
    "husband": ("partnerOf", True), "fiancé": ("partnerOf", True), "fiancée": ("partnerOf", True),
    "fiance": ("partnerOf", True), "fiancee": ("partnerOf", True), "partner": ("partnerOf", True),
    "spouse": ("partnerOf", True), "couple": ("partnerOf", True),
    "ex": ("exPartnerOf", True), "ex-girlfriend": ("exPartnerOf", True), "ex-boyfriend": ("exPartnerOf", True),
    "ex-wife": ("exPartnerOf", True), "ex-husband": ("exPartnerOf", True), "ex-fiancé": ("exPartnerOf", True),
    "ex-fiancée": ("exPartnerOf", True), "ex-partner": ("exPartnerOf", True), "exes": ("exPartnerOf", True),
    "love interest": ("romanticInterest", True), "crush": ("romanticInterest", True),
    "lover": ("romanticInterest", True), "flame": ("romanticInterest", True),
    "friend": ("friendOf", True), "best friend": ("friendOf", True), "bestie": ("friendOf", True),
    "pal": ("friendOf", True), "bff": ("friendOf", True), "friends": ("friendOf", True),
    "best friends": ("friendOf", True),
    "roommate": ("roommateOf", True), "flatmate": ("roommateOf", True), "housemate": ("roommateOf", True),
    "roommates": ("roommateOf", True), "flatmates": ("roommateOf", True),
    "neighbor": ("neighborOf", True), "neighbour": ("neighborOf", True), "neighbors": ("neighborOf", True),
    "neighbours": ("neighborOf", True), "next-door neighbour": ("neighborOf", True),
    "business partner": ("businessPartnerOf", True), "business partners": ("businessPartnerOf", True),
    "co-founder": ("businessPartnerOf", True),
    "rival": ("rivalOf", True), "nemesis": ("rivalOf", True), "rivals": ("rivalOf", True),
    "sister": ("siblingOf", True), "brother": ("siblingOf", True), "sibling": ("siblingOf", True),
    "siblings": ("siblingOf", True), "twin": ("siblingOf", True),
    "mother": ("parentOf", False), "father": ("parentOf", False), "mom": ("parentOf", False),
    "mum": ("parentOf", False), "dad": ("parentOf", False), "stepmother": ("parentOf", False),
    "stepfather": ("parentOf", False), "son": ("parentOf", True), "daughter": ("parentOf", True),
}
#: The plural relation nouns ("Kay and Tom are friends")
PLURAL_REL_NOUNS = frozenset({"friends", "best friends", "roommates", "flatmates", "neighbors", "neighbours",
                              "business partners", "rivals", "siblings", "exes", "couple"})

PRONOUN_SUBJECTS = frozenset({"he", "she", "they", "him", "her", "them", "his"})
RELATIVE = frozenset({"who", "that", "which", "whom"})


class FrameReader:
    """Reads verb and noun frames off a merged doc; ``resolve(tok)`` names a pronoun's entity."""

    def __init__(self, doc, resolve):
        self.doc = doc
        self.resolve = resolve

    # -- who or what a token stands for -------------------------------------------------
    def expand(self, tok, depth=0) -> list[tuple[str, str]]:
        """(entity key, class) pairs a token stands for, with its coordinated entities."""
        if depth > 4:
            return []
        out: list[tuple[str, str]] = []
        if tok._.ent:
            out.append((tok._.ent, tok._.fk))
        elif tok.lower_ in PRONOUN_SUBJECTS and tok.pos_ == "PRON":
            key = self.resolve(tok)
            if key:
                out.append((key, "CHARACTER"))
        elif tok.lower_ in RELATIVE and tok.head.dep_ in ("relcl", "acl"):
            target = tok.head.head
            while target.dep_ == "conj" and target.head is not target:
                target = target.head  # "Anthony and Kate, who married": both of them
            return self.expand(target, depth + 1)
        elif tok.pos_ in ("NOUN",):
            if tok.lower_ in PLACE_NOUNS:
                # "the wealthy town of Wellsbury"
                out.extend((p._.ent, p._.fk) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                           for p in c.children if p._.fk == "PLACE")
            if tok.lower_ in SHOW_WORDS and tok.lower_ not in ("hit", "project") and any(
                    c.lower_ in ("the", "this", "its", "their", "his", "her") or c._.fk == "NETWORK"
                    for c in tok.children):
                out.append((IMPLICIT_SHOW, "SHOW"))  # "created the show", "FX's dramedy"
            elif tok.dep_ == "appos" and tok.head._.ent:
                out.append((tok.head._.ent, tok.head._.fk))
            else:
                out.extend((c._.ent, c._.fk) for c in tok.children if c.dep_ == "appos" and c._.ent)
        for child in tok.children:
            if child.dep_ == "conj":
                out.extend(self.expand(child, depth + 1))
        return out

    def subject_token(self, verb, depth=0):
        """The token standing as the verb's subject, found through coordination and control
        ("Kay lands a job and moves to Rome"), or the noun a relative clause hangs on."""
        if depth > 4:
            return None
        found = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if found:
            # "Peaches, we're going back": the writer and readers, not the name before the comma
            return next((c for c in found if c.lower_ in ("i", "we", "you")), found[-1])
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head is not verb:
            return self.subject_token(verb.head.head, depth + 1)  # "she acted ... by kissing Jonah"
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
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
    def verb_relations(self, sent):
        """(subject, predicate, object, trigger tokens) for every verb frame in a sentence."""
        for verb in sent:
            if verb.pos_ not in ("VERB", "AUX", "NOUN", "ADJ") or verb.ent_type_:
                continue
            lemma = verb.lemma_.lower()
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

    def appositive_relations(self, sent):
        """"Kay, a young woman from Rome", "Kay, a Rome native", "Kay, a Rome kid": where a
        character is from, said in an apposition."""
        for noun in sent:
            if noun.pos_ != "NOUN" or noun.ent_type_:
                continue
            if noun.dep_ == "appos" and noun.head._.ent and noun.head._.fk in ROLES:
                owner = noun.head
            elif noun.dep_ == "attr" and noun.head.lemma_ == "be":
                owners = [s for s in self.subjects(noun.head) if s[1] in ROLES]
                owner = None if not owners else owners[0]
                if owner is not None:
                    for place in self._origin_places(noun):
                        yield owner[0], "from", place, (noun,)
                continue
            else:
                continue
            for place in self._origin_places(noun):
                yield owner._.ent, "from", place, (noun,)

    def _origin_places(self, noun):
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "from":
                yield from (p._.ent for p in child.children if p._.fk == "PLACE")
            elif child._.fk == "PLACE" and child.dep_ in ("compound", "nmod", "amod") and noun.lower_ in ORIGIN_NOUNS:
                yield child._.ent

    def comparisons_if_you(self, sent):
        """"If you loved A, you'll like B": the article compares B with A."""
        first = sent[0] if sent[0].lower_ != "and" else sent[min(1, len(sent) - 1)]
        if first.lower_ != "if" or not any(t.lower_ == "you" for t in sent[:4]):
            return
        clause_head = first.head
        inside = {t.i for t in clause_head.subtree}
        before = [t for t in sent if t.ent_type_ == "SHOW" and t.i in inside]
        after = [t for t in sent if t.ent_type_ == "SHOW" and t.i not in inside]
        if before and after:
            yield after[0]._.ent, "comparedTo", before[0]._.ent, (first,)

    def renewals(self, sent):
        """"Netflix renewed the show for seasons three and four": the network renewed each season
        named in the verb's clause, or the season in focus when none is named."""
        for verb in sent:
            lemma = verb.lemma_.lower()
            if lemma not in RENEW_LEMMAS or verb.ent_type_:
                continue
            if lemma == "pick" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
                continue
            networks = [k for k, c in self.subjects(verb) if c == "NETWORK"]
            subject = self.subject_token(verb)
            if not networks and subject is not None and subject.lower_ in NETWORK_NOUNS:
                networks = [k for k in [self._recent_network(verb)] if k]  # "the streamer renewed it"
            for child in verb.children:
                # "was renewed by Netflix", "renewed for a third season at Apple TV+"
                if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in ("at", "on", "by")):
                    networks += [k for p in child.children for k, c in self.expand(p) if c == "NETWORK"]
            if not networks:
                continue
            seasons = [t._.ent for t in _clause_subtree(verb) if t._.fk == "SEASON"]
            for network in dict.fromkeys(networks):
                for season in dict.fromkeys(seasons or [IMPLICIT_SEASON]):
                    yield network, "renewed", season, (verb,)

    def _recent_network(self, tok) -> str | None:
        for j in range(tok.i - 1, max(-1, tok.i - 150), -1):
            if self.doc[j]._.fk == "NETWORK":
                return self.doc[j]._.ent
        return None

    def cast(self, sent):
        """"Brett Goldstein, who also writes for the show, plays Roy Kent": casting read
        through the parse when words stand between the actor and the verb."""
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in ("play", "portray"):
                continue
            if any(c.dep_ == "agent" for c in verb.children):
                continue  # "is played by": the Matcher's rules read the passive
            actors = [k for k, c in self.subjects(verb) if c in ("NAME", "PERSON")]
            roles = [k for k, c in self.objects(verb, "dobj") if c in ("NAME", "CHARACTER")]
            if len(actors) == 1 and len(roles) == 1 and actors != roles:
                yield actors[0], "plays", roles[0], (verb,)

    def together(self, sent):
        """"Kay and Tom are still together", "could end up together", "get back together with Tom";
        "Kay and Tom open a bakery together" makes them business partners."""
        for adv in sent:
            if adv.lower_ != "together":
                continue
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

    def romance_nouns(self, sent):
        """"Kay has feelings for Tom", "her crush on Tom", "Joe carried a torch for Kay"."""
        for noun in sent:
            if noun.lower_ not in ROMANCE_NOUNS or noun.ent_type_:
                continue
            preps = list(noun.children)
            if noun.dep_ == "dobj":
                preps += list(noun.head.children)  # "carried a torch for Kay": the parser may hang "for" on the verb
            targets = [k for p in preps if p.dep_ == "prep" and p.lower_ in ("for", "on", "to", "with")
                       for c in p.children if c.dep_ == "pobj" for k, cls in self.expand(c) if cls in ROLES]
            if not targets:
                # "Kay and Tom's romance": a romance of the two owners
                pair = list(dict.fromkeys(k for c in noun.children if c.dep_ == "poss"
                                          for k, cls in self.expand(c) if cls in ROLES))
                if len(pair) == 2 and noun.lower_ in ("romance", "relationship", "chemistry", "flirtation"):
                    yield pair[0], "romanticInterest", pair[1], (noun,)
                continue
            owners = [k for c in noun.children if c.dep_ == "poss" for k, cls in self.expand(c) if cls in ROLES]
            if not owners and noun.dep_ in ("dobj", "attr"):
                owners = [k for k, cls in self.subjects(noun.head) if cls in ROLES]
            elif not owners and noun.dep_ == "pobj" and noun.head.lower_ == "in":
                owners = [k for k, cls in self.subjects(noun.head.head) if cls in ROLES]  # "is in love with"
            for a in owners:
                for b in targets:
                    if a != b:
                        yield a, "romanticInterest", b, (noun,)

    def trips(self, sent):
        """"Kay takes a trip to Rome", "Kay's trip to Rome"."""
        for noun in sent:
            if noun.lower_ not in TRIP_NOUNS or noun.ent_type_:
                continue
            places = [c._.ent for p in noun.children if p.dep_ == "prep" and p.lower_ == "to"
                      for c in p.children if c.dep_ == "pobj" and c.ent_type_ == "PLACE"]
            if not places:
                continue
            travellers = [k for c in noun.children if c.dep_ == "poss" for k, cls in self.expand(c) if cls in ROLES]
            if not travellers and noun.dep_ == "dobj":
                travellers = [k for k, cls in self.subjects(noun.head) if cls in ROLES]
            for who in travellers:
                for place in places:
                    yield who, "travelsTo", place, (noun,)

    def work_nouns(self, sent):
        """"Kay is a nurse at Mercy General", "Kay got a job at the Herald", "Kay is the CEO of Brightwell"."""
        for noun in sent:
            if noun.ent_type_ or not (noun.pos_ == "NOUN" or noun.lower_ in JOB_NOUNS):
                continue
            places = [c for p in noun.children if (p.dep_ == "prep" and p.lower_ == "at") or
                      (p.dep_ == "prep" and p.lower_ == "of" and noun.lower_ in JOB_NOUNS)
                      for c in p.children if c.dep_ == "pobj" and c.ent_type_ in ("ORG", "NAME")]
            if not places:
                continue
            if noun.dep_ in ("attr", "dobj"):
                workers = [k for k, cls in self.subjects(noun.head) if cls in ROLES]
            elif noun.dep_ == "appos" and noun.head.ent_type_ in ROLES:
                workers = [noun.head._.ent]
            else:
                continue
            for w in workers:
                for place in places:
                    yield w, "worksAt", place._.ent, (noun,)

    def noun_relations(self, sent):
        """Relation nouns: "Kay's boss Tom", "Tom, Kay's boss", "Tom is Kay's boss",
        "Kay and Tom are friends"."""
        for noun in sent:
            if noun.pos_ not in ("NOUN", "PROPN") or noun.ent_type_:
                continue
            name = _rel_noun_name(noun)
            if name is None:
                continue
            predicate, owner_is_subject = REL_NOUNS[name]
            owners = [o for o in self._possessors(noun) if o[1] in ROLES]
            wanted = ORGISH if predicate == "worksAt" else ROLES  # "Kay's employer, Lumon"
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
        if noun.dep_ in ("compound", "nmod", "amod") and noun.head._.ent:
            # "his ex-girlfriend Jan": the parser hangs "his" on the name
            children += [c for c in noun.head.children if c.dep_ == "poss" and c.i < noun.i]
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
        if noun.dep_ in ("compound", "nmod", "amod") and head._.ent:
            out.append((head._.ent, head._.fk))
        if noun.dep_ == "appos" and head._.ent:
            out.append((head._.ent, head._.fk))
        if noun.dep_ == "attr":
            out.extend(self.subjects(head))
        # "Kay's boss, Tom": the parser may attach the name as a sibling after a comma
        nxt = noun.i + 1
        if nxt + 1 < len(noun.doc) and noun.doc[nxt].text == "," and noun.doc[nxt + 1]._.ent:
            out.append((noun.doc[nxt + 1]._.ent, noun.doc[nxt + 1]._.fk))
        elif nxt < len(noun.doc) and noun.doc[nxt]._.ent and noun.doc[nxt]._.fk in ROLES:
            out.append((noun.doc[nxt]._.ent, noun.doc[nxt]._.fk))
        return out


ORIGIN_NOUNS = frozenset({"native", "kid", "girl", "boy", "woman", "man", "transplant", "local", "expat"})
PLACE_NOUNS = frozenset({"town", "city", "village", "island", "state", "country", "neighborhood", "neighbourhood",
                         "borough", "suburb", "capital", "county", "region"})
NETWORK_NOUNS = frozenset({"streamer", "network", "channel", "broadcaster", "platform", "service"})
BUSINESS_VERBS = frozenset({"open", "run", "start", "launch", "found", "co-own", "own", "buy", "build"})
ROMANCE_NOUNS = frozenset({"feelings", "crush", "torch", "thing", "attraction", "romance", "flirtation", "soft spot",
                           "eye", "chemistry", "fling", "affair", "love", "relationship"})
TRIP_NOUNS = frozenset({"trip", "journey", "vacation", "holiday", "visit", "move", "flight", "getaway", "honeymoon"})
JOB_NOUNS = frozenset({"ceo", "owner", "founder", "co-founder", "head", "manager", "chef", "editor", "employee",
                       "intern", "director", "president", "assistant", "partner", "teacher", "principal", "nurse",
                       "doctor", "waitress", "waiter", "bartender", "receptionist", "member", "star", "coach"})
TOGETHER_VERBS = frozenset({"be", "end", "get", "stay", "remain", "wind", "live", "move"})
RENEW_LEMMAS = frozenset({"renew", "order", "greenlight", "greenlit", "pick"})
IMPLICIT_SEASON = "@implicit:season"
#: Clauses about another time: "renewed it before the second season premiered"
_OTHER_TIME = frozenset({"before", "after", "ahead", "since", "during", "until", "following", "when"})


def _clause_subtree(verb):
    """Tokens of the verb's clause, leaving out subclauses about another time."""
    out = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.lower_ in _OTHER_TIME or any(g.lower_ in _OTHER_TIME and g.dep_ in ("mark", "advmod")
                                                  for g in child.children):
                continue
            stack.append(child)
    return out


def _rel_noun_name(noun) -> str | None:
    low = noun.lower_
    doc = noun.doc
    if noun.i >= 2 and doc[noun.i - 1].text == "-" and f"{doc[noun.i - 2].lower_}-{low}" in REL_NOUNS:
        return f"{doc[noun.i - 2].lower_}-{low}"  # "ex-girlfriend", "next-door neighbour"
    mods = [c.lower_ for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i]
    for mod in mods:
        if f"{mod} {low}" in REL_NOUNS:
            return f"{mod} {low}"
    if low in REL_NOUNS:
        return low
    lemma = noun.lemma_.lower()
    return lemma if lemma in REL_NOUNS else None
