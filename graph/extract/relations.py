"""The ``fankg_relations`` component: the edges an article states.

Matcher rules (``data/relations.yaml``) run over the merged, typed Doc; verb and noun frames
(:mod:`graph.extract.frames`) read the dependency parse. Then ends that stand for the article's
show, its season in focus or its own outlet are filled in, and a few edges follow from others (a
network that renews a show airs it; every season the article names is the show's).

Out: ``doc._.fk_finds`` (:class:`~graph.extract.docdata.Found` list) and ``doc._.fk_context``.
"""

from __future__ import annotations

from spacy.language import Language

from .docdata import IMPLICIT, Found, ent_class, ent_key, entity_tokens, sentence_index, tokens_with, word_ids
from .entities import EntityBook
from .frames import REL_NOUNS, FrameReader, last_pair
from .lexicon import load_lexicon, words
from .patterns import Rule, rules
from .resolve import relabel
from .rules import RuleRunner, recent_character, recent_person

FRAME_RULE = Rule("frame", "", ())  # stands for "found by a verb or noun frame"
PRESUPPOSED_RULE = Rule("name", "", (), presupposed=True)  # stated by a name or a noun phrase itself
SEASON_RULE = Rule("season", "hasSeason", ())  # a season named: see graph.extract.status.season_status
COUPLE_NOUNS = words("words", "couple_nouns")
COUPLE_IDS = word_ids(COUPLE_NOUNS)
CREATOR_ROLES = frozenset({"creator", "co-creator", "showrunner", "co-showrunner"})


def main_show(book: EntityBook, mentions, article, profiles=()) -> str | None:
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
    return max(sorted(counts), key=lambda k: counts[k]) if counts else None


def name_seasons(book: EntityBook, show_key: str | None) -> None:
    """'Season 2' becomes '<Show> Season 2', so seasons of different shows stay apart."""
    if not show_key:
        return
    show = book.records[show_key].label
    for rec in book.records.values():
        if rec.type == "Season" and rec.season and not rec.label.startswith(show):
            rec.aliases.add(rec.label)  # "Season 2" stays a name of it
            rec.label = f"{show} Season {rec.season}"


def focus_season(book: EntityBook) -> str | None:
    """The season an article is about: the latest one it names."""
    seasons = [r for r in book.records.values() if r.type == "Season" and r.season]
    return max(seasons, key=lambda r: r.season or 0).key if seasons else None


def recent_seasons(sents) -> dict[int, str]:
    """For each sentence, the season named in it or in the sentence before, if any."""
    out = {}
    last, last_i = None, -10
    for i, sent in enumerate(sents):
        named = [ent_key(t) for t in sent if ent_class(t) == "SEASON"]
        if named:
            last, last_i = named[-1], i
            out[i] = named[0]
        elif last is not None and i - last_i <= 1:
            out[i] = last
    return out


def season_finds(doc, sent_of, show_key: str) -> list[Found]:
    """The show has every season the article names."""
    return [Found(show_key, "hasSeason", ent_key(tok), sent_of[tok.i], (tok,), SEASON_RULE)
            for tok in entity_tokens(doc) if ent_class(tok) == "SEASON"]


def alias_relations(doc, book: EntityBook, sent_of) -> list[Found]:
    """A name written as "<X>'s <relation>" (a profile alias such as "Kay's boss") states the
    relation wherever it stands."""
    out = []
    for tok in entity_tokens(doc):
        key = ent_key(tok)
        if not key or ent_class(tok) in ("PRON", ""):
            continue
        owner, sep, noun = tok.text.replace("’", "'").partition("'s ")
        if not sep or noun.lower() not in REL_NOUNS:
            continue
        owner_key = book.lookup(owner)
        if not owner_key or owner_key == key:
            continue
        predicate, owner_is_subject = REL_NOUNS[noun.lower()]
        subj, obj = (owner_key, key) if owner_is_subject else (key, owner_key)
        out.append(Found(subj, predicate, obj, sent_of[tok.i], (tok,), PRESUPPOSED_RULE))
    return out


def title_place(doc, sent_of, book: EntityBook, show_key: str) -> list[Found]:
    """A title that says where it is set ("Kay in Rome") sets the show there."""
    label = book.records[show_key].label
    found = label.split()
    if len(found) < 3 or found[-2].lower() not in ("in", "of"):
        return []
    place = book.lookup(found[-1])
    if not place or book.records[place].type != "Place":
        return []
    for tok in entity_tokens(doc):
        if ent_key(tok) == show_key:
            return [Found(show_key, "setIn", place, sent_of[tok.i], (tok,), PRESUPPOSED_RULE)]
    return []


def creator_references(doc, sent_of, book) -> list[Found]:
    """"the creator of the series teased ...": the person it stands for created the show."""
    out = []
    for tok in entity_tokens(doc):
        if tok._.fk_role in CREATOR_ROLES:
            person = recent_person(doc, tok, book)
            if person:
                out.append(Found(person, "created", IMPLICIT + "show", sent_of[tok.i], (tok,), PRESUPPOSED_RULE))
    return out


def couples(doc, sent_of) -> list[Found]:
    """"the couple", "the newlyweds": the two characters named together just before are a couple."""
    out = []
    for tok in tokens_with(doc, COUPLE_IDS):
        if tok.lower_ not in COUPLE_NOUNS or ent_class(tok) or tok.pos_ != "NOUN":
            continue
        if not any(c.lower_ in ("the", "this") for c in tok.children) and not (
                tok.i and doc[tok.i - 1].lower_ in ("the", "this")):
            continue
        pair = last_pair(doc, tok)
        if pair:
            (a, _), (b, _) = pair
            out.append(Found(a, "partnerOf", b, sent_of[tok.i], (tok,), PRESUPPOSED_RULE))
    return out


class Relations:
    def __init__(self, vocab, rule_groups=("production", "universe", "world", "told"), frames: bool = True):
        # the casting rules run in fankg_types; their finds are in doc.user_data["fk_cast"]
        self.runner = RuleRunner(vocab, tuple(r for group in rule_groups for r in rules(group)))
        self.frames = frames
        self.lexicon = load_lexicon()

    def __call__(self, doc):
        book = doc._.fk_book
        article = doc._.fk_article
        sents, sent_of = sentence_index(doc)
        finds = list(self.runner.run(doc, sent_of, book)) + list(doc.user_data.get("fk_cast", []))
        for f in finds:
            if f.via_pronoun:
                continue  # a guessed antecedent is no evidence of its type
            if f.rule.subject_type:
                book.vote(f.subject, f.rule.subject_type, 1)
            if f.rule.object_type:
                book.vote(f.object, f.rule.object_type, 1)
        relabel(doc, book)

        reader = FrameReader(doc, lambda tok: recent_character(doc, tok, book), book)
        for subj, pred, obj, triggers, given in (reader.frames() if self.frames else ()):
            finds.append(Found(subj, pred, obj, sent_of[triggers[0].i], triggers, PRESUPPOSED_RULE if given else FRAME_RULE))
        finds += couples(doc, sent_of) + creator_references(doc, sent_of, book)

        mentions = doc._.fk_mentions
        show_key = main_show(book, mentions, article, doc._.fk_profiles or ())
        name_seasons(book, show_key)
        own_outlet = self._own_outlet(article, book)
        context = {IMPLICIT + "show": show_key, IMPLICIT + "season": focus_season(book), IMPLICIT + "outlet": own_outlet}
        doc._.fk_context = context
        local_season = recent_seasons(sents)
        for f in finds:
            if IMPLICIT + "season" in (f.subject, f.object) and local_season.get(f.sent_index):
                # "Its production was delayed": the season named just before
                local = {IMPLICIT + "season": local_season[f.sent_index]}
                f.subject, f.object = local.get(f.subject, f.subject), local.get(f.object, f.object)
            f.subject, f.object = context.get(f.subject, f.subject), context.get(f.object, f.object)
            # "the first season dropped on Netflix": it is the show that airs there
            if f.predicate == "airsOn" and f.subject and book.records[f.subject].type == "Season":
                f.subject = show_key
        finds = [f for f in finds if f.subject and f.object]
        finds += alias_relations(doc, book, sent_of)
        if show_key:
            finds += season_finds(doc, sent_of, show_key)
            finds += title_place(doc, sent_of, book, show_key)
            renewals = [f for f in finds if f.predicate == "renewed"]
            # a network that renews a show is where it airs; a renewed season is the show's
            # (a network that turns a renewal down aired the show all the same)
            finds += [Found(show_key, "airsOn", f.subject, f.sent_index, f.triggers, PRESUPPOSED_RULE) for f in renewals]
            finds += [Found(show_key, "hasSeason", f.object, f.sent_index, f.triggers, f.rule) for f in renewals]
        doc._.fk_finds = finds
        return doc

    def _own_outlet(self, article, book: EntityBook) -> str | None:
        """The outlet that published the article (front matter, else its web address)."""
        name = (article.outlet if article else "") or (self.lexicon.outlet_of_url(article.url) if article else "")
        if not name:
            return None
        return book.lookup(name) or book.add(name, fixed="Organization")


@Language.factory("fankg_relations",
                  default_config={"rule_groups": ["production", "universe", "world", "told"], "frames": True})
def make_relations(nlp, name, rule_groups: list[str], frames: bool):
    """Which groups of ``data/relations.yaml`` run, and whether the parse frames do."""
    return Relations(nlp.vocab, tuple(rule_groups), frames)

