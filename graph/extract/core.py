"""Turn one article into claims: mentions -> types -> attributed sentences -> pattern matches."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Span

from ..model import EDGE_TYPES, Article, Claim, Entity, Evidence
from .attribution import attribute_sentences
from .frames import REL_NOUNS, FrameReader
from .lexicon import load_lexicon
from .mentions import EntityBook, Mention, find_mentions
from .nlp import load_nlp
from .patterns import CAST_RULES, RULES, Rule
from .status import status_of
from .storylines import explorations, love_triangles, merge_plans, season_plans, triangle_label

PRONOUNS = frozenset({"he", "she", "they", "him", "her"})
FRAME_RULE = Rule("frame", "", ())  # stands for "found by a verb or noun frame"
PRESUPPOSED_RULE = Rule("name", "", (), presupposed=True)  # stated by a name itself
CAST_FRAME_RULE = Rule("cast-frame", "plays", (), presupposed=True)
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
    via_pronoun: bool = False


CLASSES = {"Show": "SHOW", "Season": "SEASON", "Place": "PLACE", "Event": "EVENT", "Storyline": "STORY",
           "Person": "PERSON", "Character": "CHARACTER", "Organization": "ORG"}


def fk_class(book: EntityBook, key: str, kind: str) -> str:
    """The coarse class patterns see for an entity: a weakly typed person-like name stays NAME."""
    rec = book.records[key]
    t = rec.type
    strong = bool(rec.fixed) or rec.votes[t] >= 1
    if t == "Organization" and kind in ("network", "outlet"):
        return kind.upper()
    if t in ("Person", "Character"):
        return CLASSES[t] if strong else "NAME"
    if t in CLASSES and (strong or "_personish" not in rec.votes):
        return CLASSES[t]
    return "NAME"


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
    by_start = {span.start_char: m for span, m in spans}
    with merged.retokenize() as retok:
        for span, _ in spans:
            if len(span) > 1:
                retok.merge(span)
    marked = []
    for tok in merged:
        m = by_start.get(tok.idx)
        if m is not None:
            tok._.ent = m.key
            tok._.kind = m.kind
            marked.append(tok.i)
        elif tok.lower_ in PRONOUNS and tok.pos_ == "PRON":
            tok._.fk = "PRON"
            marked.append(tok.i)
    merged.user_data["fankg_marked"] = marked  # token indices relabel() needs to look at
    relabel(merged, book)
    return merged


def relabel(doc, book: EntityBook) -> None:
    """Set each mention token's class from its entity's current type. A name in parentheses
    right after another ("Kay (Ann Lee)") keeps its class in ``pfk`` and reads as an aside."""
    spans = []
    for i in doc.user_data["fankg_marked"]:
        tok = doc[i]
        if not tok._.ent:
            if tok._.fk == "PRON":
                spans.append(Span(doc, tok.i, tok.i + 1, label="PRON"))
            continue
        cls = fk_class(book, tok._.ent, tok._.kind)
        i = tok.i
        if 0 < i < len(doc) - 1 and doc[i - 1].text == "(" and doc[i + 1].text == ")" and i > 1 and doc[i - 2]._.ent:
            tok._.pfk, tok._.fk = cls, ""
            spans.append(Span(doc, i, i + 1, label="ASIDE"))
        else:
            tok._.fk = cls
            spans.append(Span(doc, i, i + 1, label=cls))
    doc.ents = spans  # the Matcher reads the classes as ENT_TYPE


ASIDE = ({"ORTH": "(", "OP": "?"}, {"ENT_TYPE": "ASIDE", "OP": "?"}, {"ORTH": ")", "OP": "?"})


def _with_asides(pattern) -> list:
    """Let an aside in parentheses follow every entity of a pattern: "Kay (Ann Lee) kissed Tom"."""
    out = []
    for element in pattern:
        out.append(element)
        if "OP" not in element and isinstance(element.get("ENT_TYPE"), dict):
            out.extend(ASIDE)
    return out


def _sentence_matches(matcher, doc):
    """The matcher's matches, sentence by sentence, skipping sentences that name nothing: every
    rule needs an entity token, and testing the rules' word gaps on every token of every other
    sentence is most of the matcher's time. Offsets are the doc's."""
    ents = doc.to_array("ENT_TYPE")
    aside = doc.vocab.strings.add("ASIDE")
    for sent in doc.sents:
        window = ents[sent.start:sent.end]
        if ((window != 0) & (window != aside)).any():
            for match_id, start, end in matcher(sent):
                yield match_id, sent.start + start, sent.start + end


def _matcher(nlp, rules) -> Matcher:
    matcher = Matcher(nlp.vocab, validate=True)
    for i, rule in enumerate(rules):
        matcher.add(str(i), [list(rule.pattern) if rule.aside else _with_asides(rule.pattern)])
    return matcher


class Extractor:
    """Holds the pipeline and compiled patterns; call :meth:`claims` once per article."""

    def __init__(self, nlp=None):
        self.nlp = nlp or load_nlp()
        self.lexicon = load_lexicon()
        self.cast_matcher = _matcher(self.nlp, CAST_RULES)
        self.matcher = _matcher(self.nlp, RULES)

    def claims(self, article: Article, profiles=()) -> list[Claim]:
        return self.claims_from_doc(self.nlp(article.text), article, profiles)

    def claims_from_doc(self, doc, article: Article, profiles=()) -> list[Claim]:
        mentions, book = find_mentions(doc, article, profiles, self.lexicon)
        mdoc = merged_doc(doc, mentions, book)
        _merge_descriptors(mdoc, book, mentions)
        sents = list(mdoc.sents)
        sent_of = {t.i: i for i, sent in enumerate(sents) for t in sent}

        finds = self._pattern_finds(mdoc, sent_of, book)
        reader = FrameReader(mdoc, lambda tok: _recent_character(mdoc, tok))
        for i, sent in enumerate(sents):
            for subj, pred, obj, triggers in (*reader.verb_relations(sent), *reader.renewals(sent),
                                              *reader.together(sent), *reader.romance_nouns(sent),
                                              *reader.work_nouns(sent), *reader.trips(sent)):
                finds.append(Found(subj, pred, obj, i, triggers, FRAME_RULE))
            for subj, pred, obj, triggers in (*reader.noun_relations(sent), *reader.appositive_relations(sent)):
                # "his ex-girlfriend Jan" takes the relation as given; "Tom could be Kay's boss" does not
                rule = FRAME_RULE if triggers[0].dep_ == "attr" else PRESUPPOSED_RULE
                finds.append(Found(subj, pred, obj, i, triggers, rule))
            # the writer's own framing ("If you loved A, ... B"): told as fact
            for subj, pred, obj, triggers in reader.comparisons_if_you(sent):
                finds.append(Found(subj, pred, obj, i, triggers, PRESUPPOSED_RULE))

        show_key = _main_show(book, mentions, article, profiles)
        _name_seasons(book, show_key)
        implicit = {IMPLICIT + "show": show_key, IMPLICIT + "season": _focus_season(book)}
        recent_season = _recent_seasons(mdoc, sents)
        for f in finds:
            if IMPLICIT + "season" in (f.subject, f.object) and recent_season.get(f.sent_index):
                # "Its production was delayed": the season named just before
                local = {IMPLICIT + "season": recent_season[f.sent_index]}
                f.subject, f.object = local.get(f.subject, f.subject), local.get(f.object, f.object)
            f.subject, f.object = implicit.get(f.subject, f.subject), implicit.get(f.object, f.object)
            # "the first season dropped on Netflix": it is the show that airs there
            if f.predicate == "airsOn" and f.subject and book.records[f.subject].type == "Season":
                f.subject = show_key
        finds = [f for f in finds if f.subject and f.object]
        finds += _alias_relations(mentions, book, mdoc, sent_of)
        finds += self._storyline_finds(mdoc, sents, reader, book, finds, mentions)
        if show_key:
            finds += _season_finds(mdoc, sent_of, book, show_key, article)
            finds += _title_place(mdoc, sent_of, book, show_key)
            renewals = [f for f in finds if f.predicate == "renewed"]
            # a network that renews a show is where it airs; a renewed season is the show's
            finds += [Found(show_key, "airsOn", f.subject, f.sent_index, f.triggers, f.rule) for f in renewals]
            finds += [Found(show_key, "hasSeason", f.object, f.sent_index, f.triggers, f.rule) for f in renewals]

        _type_from_use(finds, book)
        attributions = attribute_sentences(mdoc, lambda tok: _recent_person(mdoc, tok, book))
        entities = {key: rec.to_entity() for key, rec in book.records.items() if rec.type}
        claims = [c for f in finds if (c := self._claim(f, entities, sents, attributions, article))]
        return _dedupe(_drop_redundant(_kiss_romance(claims)))

    @staticmethod
    def _storyline_finds(mdoc, sents, reader, book, finds, mentions) -> list[Found]:
        plays_of = {f.subject: f.object for f in finds if f.predicate == "plays"}
        counts: dict[str, int] = {}
        for m in mentions:
            rec = book.records.get(m.key)
            if rec is not None and rec.type == "Character":
                counts[m.key] = counts.get(m.key, 0) + 1
        lead = max(sorted(counts), key=counts.get) if counts else None
        stories = [*love_triangles(sents, reader.subjects),
                   *merge_plans(list(season_plans(sents, reader.subjects, lambda: lead, book))),
                   *explorations(sents, plays_of, book)]
        out = []
        for story in stories:
            label = story.label or triangle_label(story.members, book)
            key = book.add(label, fixed="Storyline")
            for member in story.members:
                for i in [story.sent_index, *story.extra_sents]:
                    out.append(Found(member, "involvedIn", key, i, story.triggers if i == story.sent_index
                                     else (sents[i].root,), FRAME_RULE))
        return out

    def _pattern_finds(self, mdoc, sent_of, book) -> list[Found]:
        """Matcher rules in two passes: casting sentences first decide who is an actor and who a
        character, then every rule runs on the typed names."""
        cast = list(self._run(self.cast_matcher, CAST_RULES, mdoc, sent_of, book))
        reader = FrameReader(mdoc, lambda tok: None)  # pronouns are no evidence for casting
        for i, sent in enumerate(mdoc.sents):
            cast += [Found(a, p, r, i, t, CAST_FRAME_RULE) for a, p, r, t in reader.cast(sent)]
        for found in cast:
            if not found.via_pronoun:
                book.vote(found.subject, "Person", 2)
                book.vote(found.object, "Character", 2)
        relabel(mdoc, book)
        finds = list(self._run(self.matcher, RULES, mdoc, sent_of, book))
        finds += [f for f in cast if f.rule is CAST_FRAME_RULE]
        for f in finds:
            if f.via_pronoun:
                continue  # a guessed antecedent is no evidence of its type
            if f.rule.subject_type:
                book.vote(f.subject, f.rule.subject_type, 1)
            if f.rule.object_type:
                book.vote(f.object, f.rule.object_type, 1)
        _type_cues(mdoc, book)
        _default_types(book)
        relabel(mdoc, book)
        return finds

    @staticmethod
    def _claim(f: Found, entities, sents, attributions, article) -> Claim | None:
        s, o = entities.get(f.subject), entities.get(f.object)
        if s is None or o is None or s.id == o.id:
            return None
        edge = EDGE_TYPES[f.predicate]
        if s.type not in edge.domain or o.type not in edge.range:
            return None
        sent, att = sents[f.sent_index], attributions[f.sent_index]
        speaker = entities.get(att.speaker) if att.speaker else None
        outlet = entities.get(att.outlet) if att.outlet else None
        involved = speaker is not None and speaker.type == "Person"
        status = status_of(sent, f.triggers, f.predicate, quoted=att.quoted, speaker_involved=involved,
                           presupposed=f.rule.presupposed)
        start, end = _sentence_bounds(sent)
        evidence = Evidence(article.id, article.text[start:end], start, end,
                            speaker.label if speaker else "", outlet.label if outlet else "")
        return Claim(s, f.predicate, o, status, evidence)

    def _run(self, matcher, rules, doc, sent_of, book):
        for match_id, start, end in _sentence_matches(matcher, doc):
            rule = rules[int(self.nlp.vocab.strings[match_id])]
            span = doc[start:end]
            # "Netflix's Tudum": the network only says whose outlet it is
            ents = [t for t in span if (t._.fk or (rule.aside and t._.pfk)) and not _possessive_modifier(doc, t)]
            if rule.implicit_subject:
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
            implicit = IMPLICIT + rule.implicit_subject
            subj = _resolve(doc, subj_tok, book) if subj_tok is not None else implicit
            obj = _resolve(doc, obj_tok, book) if obj_tok is not None else implicit
            if not subj or not obj:
                continue
            if obj_tok is not None and obj_tok.i + 1 < len(doc) and obj_tok.i + 1 >= end and \
                    doc[obj_tok.i + 1].text in ("'s", "’s", "'", "’") and obj_tok._.fk in ("NAME", "CHARACTER", "PERSON"):
                continue  # "who plays Kay's boss": Kay only owns the role named
            if rule.subject_full_name:
                rec = book.records[subj]
                if len(rec.label.split()) < 2 or rec.votes["Character"] >= 1 or rec.fixed == "Character":
                    continue
            if rule.either_way and _actor_second(doc, span, book, subj, obj):
                subj, obj = obj, subj
            triggers = tuple(t for t in span if not t._.fk and t.pos_ in ("VERB", "NOUN", "AUX", "ADP")) or (span[0],)
            subjects, objects = [subj], [obj]
            if rule.list_object and obj_tok is not None:
                objects += _conjuncts(doc, obj_tok)
            if rule.list_subject and subj_tok is not None:
                subjects = _conjuncts(doc, subj_tok, backwards=True)[::-1] + subjects + _conjuncts(doc, subj_tok)
            pairs = [(a, b) for a in subjects for b in objects]
            if rule.pair_lists and subj_tok is not None and obj_tok is not None:
                # "A and B play C and D": actors and roles pair up in order; unequal lists are unclear
                actors = _conjuncts(doc, subj_tok, backwards=True)[::-1] + [subj]
                roles = [obj] + _conjuncts(doc, obj_tok)
                if len(actors) != len(roles):
                    if len(actors) > 1 or len(roles) > 1:
                        continue
                pairs = list(zip(actors, roles, strict=True))
            via_pronoun = any(t is not None and t._.fk == "PRON" for t in (subj_tok, obj_tok))
            for a, b in pairs:
                yield Found(a, rule.predicate, b, sent_of[start], triggers, rule, via_pronoun)


CAST_LIST_LEMMAS = frozenset({"include", "feature", "star", "welcome", "add", "starring"})


def _actor_second(doc, span, book, subj, obj) -> bool:
    """For 'A (B)': whether B, not A, is the actor. Known types decide; else a cast list
    ("the cast includes A (B)") names actors first; else a full name beside a first name is the
    actor; else the usual order of news copy, 'Character (Actor)', holds."""
    a, b = book.type_of(subj), book.type_of(obj)  # subj is B here: the rule reads 'A (B)' reversed
    if {a, b} == {"Person", "Character"}:
        return a == "Character"
    first = span[0]
    while first.dep_ in ("conj", "appos") and first.head is not first:
        first = first.head
    if first.dep_ in ("dobj", "attr", "pobj") and first.head.lemma_.lower() in CAST_LIST_LEMMAS:
        return True  # "the cast includes A (B)": actors first, so the first name is the subject
    words_b, words_a = len(book.records[subj].label.split()), len(book.records[obj].label.split())
    if min(words_a, words_b) == 1 and max(words_a, words_b) > 1:
        return words_a > words_b  # "Finn Wolfhard (Mike)": the full name is the actor
    return False


def _possessive_modifier(doc, tok) -> bool:
    """A network standing before an outlet in the possessive: "Netflix's Tudum"."""
    i = tok.i
    return (tok._.fk == "NETWORK" and i + 2 < len(doc) and doc[i + 1].text in ("'s", "’s")
            and doc[i + 2]._.fk == "OUTLET")


def _conjuncts(doc, tok, backwards: bool = False) -> list[str]:
    """Entities listed next to ``tok`` with the same class: 'A and B', 'A, B and C'."""
    out = []
    step = -1 if backwards else 1
    i = tok.i + step
    seps = (",", "and", "or", "&")
    while 0 <= i < len(doc):
        j, skipped = i, 0
        while 0 <= j < len(doc) and doc[j].text in seps and skipped < 2:
            j += step
            skipped += 1
        if skipped == 0 or not (0 <= j < len(doc)):
            break
        cand = doc[j]
        if cand._.fk == tok._.fk and cand._.ent:
            if cand._.ent != tok._.ent and cand._.ent not in out:  # "Ellen Baker, Georgia's neighbour" is one
                out.append(cand._.ent)
            i = j + step
            continue
        break
    return out


def _resolve(doc, tok, book) -> str | None:
    """The entity key a matched token stands for (a pronoun is resolved to a person)."""
    if tok._.ent:
        return tok._.ent
    if tok._.fk == "PRON":
        return _recent_person(doc, tok, book)
    return None


def _recent_person(doc, tok, book) -> str | None:
    """The person a pronoun most likely stands for: the nearest earlier name known as a real
    person, else the nearest person-like name."""
    fallback = None
    for j in range(tok.i - 1, max(-1, tok.i - 120), -1):
        t = doc[j]
        if t._.ent and t._.fk in ("PERSON", "NAME"):
            rec = book.records.get(t._.ent)
            if rec is not None and (rec.fixed == "Person" or rec.votes["Person"] >= 1):
                return t._.ent
            fallback = fallback or t._.ent
    return fallback


def _recent_character(doc, tok) -> str | None:
    """The character a pronoun most likely stands for: the nearest earlier character name,
    looking back a few sentences at most."""
    for j in range(tok.i - 1, max(-1, tok.i - 80), -1):
        t = doc[j]
        if t._.ent and t._.fk in ("CHARACTER", "NAME"):
            return t._.ent
    return None


def _merge_descriptors(doc, book: EntityBook, mentions) -> None:
    """"Ben Hope, Charlie's ex" or "Max is Ginny's best friend": a described character that the
    article also names is that named character."""
    merges: dict[str, str] = {}
    for tok in doc:
        if tok.ent_type_ in ("", "PRON"):
            continue
        rec = book.records.get(tok._.ent) if tok._.ent else None
        if rec is None or rec.descriptor is None:
            continue
        candidates = []
        if tok.dep_ == "appos" and tok.head._.ent:
            candidates.append(tok.head)
        candidates += [c for c in tok.children if c.dep_ == "appos" and c._.ent]
        if tok.dep_ == "attr":
            for subj in (c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")):
                # "Marcus' twin sister Max is Ginny's best friend": the subject may be a noun naming someone
                candidates += [subj] if subj._.ent else [c for c in subj.children if c.dep_ == "appos" and c._.ent]
        i = tok.i
        if i >= 2 and doc[i - 1].text == "," and doc[i - 2]._.ent:
            candidates.append(doc[i - 2])
        if i >= 2 and doc[i - 1].lemma_ == "be" and doc[i - 2]._.ent:
            candidates.append(doc[i - 2])  # "Molly is Arthur's boss", however the parser hangs "Molly"
        if i + 2 < len(doc) and doc[i + 1].text == "," and doc[i + 2]._.ent and doc[i + 2].dep_ == "appos":
            candidates.append(doc[i + 2])
        for cand in candidates:
            other = book.records.get(cand._.ent)
            if other is not None and other.key != rec.key and other.descriptor is None and \
                    other.key != rec.descriptor[0] and other.fixed not in ("Show", "Organization", "Season", "Place"):
                merges[rec.key] = other.key
                break
    for old, new in merges.items():
        book.records[new].aliases.add(book.records[old].label)
        book.records[new].votes["Character"] += 1
        book.alias_to_key[old] = new
        for tok in doc:
            if tok.ent_type_ not in ("", "PRON") and tok._.ent == old:
                tok._.ent = new
        for m in mentions:
            if m.key == old:
                m.key = new
        del book.records[old]


SHOW_VERBS = frozenset({"renew", "cancel", "axe", "order", "greenlight", "greenlit", "binge", "stream"})
ORG_NOUNS = frozenset({"agency", "company", "firm", "restaurant", "bar", "cafe", "café", "school", "hospital",
                       "magazine", "studio", "shop", "bakery", "hotel", "club", "paper", "newspaper", "gallery",
                       "store", "startup", "business", "label", "brand", "academy", "college", "university",
                       "office", "practice", "kitchen", "diner", "boutique", "salon"})
WORK_VERBS = frozenset({"work", "intern", "job", "employ", "hire", "join", "run", "own", "open", "manage"})


def _type_cues(doc, book: EntityBook) -> None:
    """Typing hints from the parse for names no casting sentence typed: what a network renews
    is a show; where someone works, or what an apposition calls an agency, is an organisation."""
    for tok in doc:
        if tok.ent_type_ not in ("NAME", "ORG"):
            continue
        key = tok._.ent
        head = tok.head
        if tok.dep_ == "dobj" and head.lemma_.lower() in SHOW_VERBS:
            book.vote(key, "Show", 2)
        elif tok.dep_ == "pobj" and head.lower_ in ("at", "for") and head.head.lemma_.lower() in WORK_VERBS \
                and (head.lower_ == "at" or head.head.lemma_.lower() == "work"):
            book.vote(key, "Organization", 2)
        elif any(c.dep_ == "appos" and c.lower_ in ORG_NOUNS for c in tok.children):
            book.vote(key, "Organization", 2)
        elif tok.dep_ == "appos" and head.lower_ in ORG_NOUNS:
            book.vote(key, "Organization", 2)


def _type_from_use(finds, book: EntityBook) -> None:
    """A name typed only by default ("Lorelai Gilmore" read as a real person) takes the type its
    edges need when none of them needs the default: "Georgia is essentially Lorelai Gilmore"."""
    needs: dict[str, set] = {}
    for f in finds:
        edge = EDGE_TYPES.get(f.predicate)
        if edge is None:
            continue
        for key, allowed in ((f.subject, edge.domain), (f.object, edge.range)):
            needs.setdefault(key, set()).add(frozenset(allowed))
    for key, wanted in needs.items():
        rec = book.records.get(key)
        if rec is None or rec.fixed or rec.votes[rec.type] >= 1 or rec.type not in ("Person", "Character"):
            continue
        if all(rec.type not in allowed for allowed in wanted):
            other = "Character" if rec.type == "Person" else "Person"
            if all(other in allowed for allowed in wanted):
                rec.votes[other] += 1


def _default_types(book: EntityBook) -> None:
    """Names no pattern typed: a lone first name reads as a character, a full name as a person."""
    for rec in book.records.values():
        if rec.fixed or rec.votes["Person"] >= 1 or rec.votes["Character"] >= 1:
            continue
        if rec.votes["_the"] and rec.votes["_the"] * 2 >= rec.votes["_personish"]:
            rec.votes["Organization"] += 1  # "the Orient Express", "the Grand Hotel": a thing or a place, not a person
        elif rec.votes["_personish"]:
            single = len(rec.label.split()) == 1
            rec.votes["Character" if single else "Person"] += 0.75
    for rec in book.records.values():
        rec.votes.pop("_personish", None)
        rec.votes.pop("_the", None)


def _main_show(book: EntityBook, mentions, article, profiles=()) -> str | None:
    """The show the article is about: front matter, then a profile, then the headline's show,
    then the show named most often."""
    if article.show:
        key = book.lookup(article.show)
        if key:
            return key
    for prof in profiles:
        key = book.lookup(prof.show.label)
        if key:
            return key
    counts: dict[str, float] = {}
    headline_end = article.text.find("\n")
    for m in mentions:
        if book.records.get(m.key) and book.records[m.key].type == "Show":
            # the show in the headline is what the article is about
            weight = 5.0 if m.start < headline_end or (article.title and m.text in article.title) else 1.0
            counts[m.key] = counts.get(m.key, 0) + weight
    return max(sorted(counts), key=counts.get) if counts else None


def _name_seasons(book: EntityBook, show_key: str | None) -> None:
    """'Season 2' becomes '<Show> Season 2', so seasons of different shows stay apart."""
    if not show_key:
        return
    show = book.records[show_key].label
    for rec in book.records.values():
        if rec.type == "Season" and rec.season and not rec.label.startswith(show):
            rec.aliases.add(rec.label)
            rec.label = f"{show} Season {rec.season}"


def _season_finds(doc, sent_of, book: EntityBook, show_key: str, article) -> list[Found]:
    """The show has the season the article is about (named in its headline, else named most
    often) and any season written right after its title ("Kay Moss Season 2")."""
    counts: dict[str, int] = {}
    headline_end = article.text.find("\n")
    in_headline = None
    for tok in doc:
        if tok.ent_type_ == "SEASON":
            counts[tok._.ent] = counts.get(tok._.ent, 0) + 1
            if tok.idx < headline_end and in_headline is None:
                in_headline = tok._.ent
    focus = in_headline or (max(sorted(counts), key=lambda k: (counts[k], book.records[k].season or 0))
                            if counts else None)
    finds = []
    for tok in doc:
        if tok.ent_type_ != "SEASON":
            continue
        prev = doc[tok.i - 1] if tok.i else None
        titled = prev is not None and prev.ent_type_ == "SHOW" and prev._.ent == show_key
        if tok._.ent == focus or titled:
            finds.append(Found(show_key, "hasSeason", tok._.ent, sent_of[tok.i], (tok,), FRAME_RULE))
    return finds


def _alias_relations(mentions, book: EntityBook, doc, sent_of) -> list[Found]:
    """A name written as "<X>'s <relation>" (a profile alias such as "Kay's boss") states the
    relation wherever it stands."""
    out = []
    by_start = {t.idx: t for t in doc if t._.ent}
    for m in mentions:
        owner, sep, noun = m.text.replace("’", "'").partition("'s ")
        if not sep or noun.lower() not in REL_NOUNS or m.start not in by_start:
            continue
        owner_key = book.lookup(owner)
        if not owner_key or owner_key == m.key:
            continue
        predicate, owner_is_subject = REL_NOUNS[noun.lower()]
        tok = by_start[m.start]
        subj, obj = (owner_key, m.key) if owner_is_subject else (m.key, owner_key)
        out.append(Found(subj, predicate, obj, sent_of[tok.i], (tok,), PRESUPPOSED_RULE))
    return out


def _title_place(doc, sent_of, book: EntityBook, show_key: str) -> list[Found]:
    """A title that says where it is set ("Kay in Rome") sets the show there."""
    label = book.records[show_key].label
    words = label.split()
    if len(words) < 3 or words[-2].lower() not in ("in", "of"):
        return []
    place = book.lookup(words[-1])
    if not place or book.records[place].type != "Place":
        return []
    for tok in doc:
        if tok._.ent == show_key:
            return [Found(show_key, "setIn", place, sent_of[tok.i], (tok,), PRESUPPOSED_RULE)]
    return []


def _kiss_romance(claims: list[Claim]) -> list[Claim]:
    """A kiss hints at a romance: each kissed claim brings a romanticInterest claim, hinted when
    the kiss is told as fact, as unsure as the kiss otherwise."""
    extra = []
    for c in claims:
        if c.predicate == "kissed" and c.status != "denied":
            status = "hinted" if c.status == "confirmed" else c.status
            extra.append(Claim(c.subject, "romanticInterest", c.object, status, c.evidence))
    return claims + extra


def _drop_redundant(claims: list[Claim]) -> list[Claim]:
    """castIn says less than plays: keep it only for people whose role the article never names."""
    actors = {c.subject.id for c in claims if c.predicate == "plays"}
    return [c for c in claims if not (c.predicate == "castIn" and c.subject.id in actors)]


def _recent_seasons(doc, sents) -> dict[int, str]:
    """For each sentence, the season named in it or in the sentence before, if any."""
    out = {}
    last, last_i = None, -10
    for i, sent in enumerate(sents):
        named = [t._.ent for t in sent if t.ent_type_ == "SEASON"]
        if named:
            last, last_i = named[-1], i
            out[i] = named[0]
        elif last is not None and i - last_i <= 1:
            out[i] = last
    return out


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
