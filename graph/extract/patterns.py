"""Relation patterns as data: spaCy Matcher patterns over sentences whose entity mentions are
merged into single tokens tagged with a coarse class (``token._.fk``, mirrored in the native
``ENT_TYPE`` the Matcher reads fast; a name in parentheses after another is ``ASIDE``).

Each :class:`Rule` says which edge a match states. By default the first entity token of the
match is the subject and the last is the object; ``reverse`` swaps them. Classes:

======== ====================================================
NAME     a person-like name whose kind (actor or character) is still open
PERSON   a real person;  CHARACTER  a character
SHOW, SEASON, NETWORK, OUTLET, ORG, PLACE, EVENT, STORY   what they say
PRON     he / she / they standing where a name could (resolved by the extractor)
======== ====================================================
"""

from __future__ import annotations

from dataclasses import dataclass

PEOPLE = ("NAME", "PERSON", "CHARACTER")
ACTORS = ("NAME", "PERSON")
ROLES = ("NAME", "CHARACTER")
#: A role slot the casting frame makes sure of: the model's guesses of place or company yield
ROLE_SLOT = ("NAME", "CHARACTER", "PLACE", "ORG")
PEOPLE_OR_PRON = (*PEOPLE, "PRON")
ORGS = ("ORG", "NETWORK", "OUTLET")


def E(*classes):
    """An entity token of one of these classes."""
    return {"ENT_TYPE": {"IN": list(classes)}}


def W(*lemmas, op=None):
    """A word by lemma."""
    pat = {"LEMMA": {"IN": list(lemmas)}}
    if op:
        pat["OP"] = op
    return pat


def L(*words, op=None):
    """A word by its lowercase form."""
    pat = {"LOWER": {"IN": list(words)}}
    if op:
        pat["OP"] = op
    return pat


def GAP(n):
    """Up to n ordinary words (no entity, no sentence-ending punctuation). An aside in
    parentheses ("Kay (Ann Lee) kissed Tom") counts as words."""
    return {"ENT_TYPE": {"IN": ["", "PRON", "ASIDE"]}, "IS_SENT_START": False, "ORTH": {"NOT_IN": [".", "!", "?", ";", "\n\n"]},
            "OP": f"{{0,{n}}}"}


def GAP_NOT(n, *words):
    """Like GAP, but none of ``words`` may stand in the gap ("plays X" must not read "played by X")."""
    pat = GAP(n)
    pat["LOWER"] = {"NOT_IN": list(words)}
    return pat


def GAP_WORDS(n):
    """Up to n ordinary words, pronouns excluded (so a pronoun can end the gap as a speaker)."""
    pat = GAP(n)
    pat["ENT_TYPE"] = {"IN": ["", "ASIDE"]}
    return pat


POSS = {"ORTH": {"IN": ["'s", "’s", "'", "’"]}}
COMMA = {"ORTH": ","}


@dataclass(frozen=True)
class Rule:
    name: str
    predicate: str
    pattern: tuple
    reverse: bool = False
    subject_type: str = ""  # type vote for the subject when the rule fires
    object_type: str = ""
    either_way: bool = False  # 'A (B)': orientation decided by the entities' types
    list_object: bool = False  # the object may be a list: "A and B", "A, B and C"
    presupposed: bool = False  # stated inside a noun phrase ("X's latest series, Y"): hedges elsewhere do not touch it
    # "show" / "season": one end is the article's show or its season in focus; it is the subject,
    # unless ``reverse``, when the named entity is the subject and the implicit one the object
    implicit_subject: str = ""
    subject_full_name: bool = False  # the subject must be a full name not known as a character
    list_subject: bool = False  # "Speaking to X, A and B said": the subject may be a list too
    pair_lists: bool = False  # "A and B play C and D": subjects and objects pair up in order
    aside: bool = False  # the rule reads the name in parentheses ("Kay (Ann Lee)")


def R(name, predicate, *pattern, **kw) -> Rule:
    return Rule(name, predicate, tuple(pattern), **kw)


CAST_VERBS = ("play", "portray")
RELEASE_VERBS = ("drop", "premiere", "premier", "air", "stream", "debut", "arrive", "land", "launch", "release", "return",
                 "hit", "come", "move")
DELAY_VERBS = ("delay", "impact", "halt", "pause", "postpone", "affect", "disrupt", "stall", "suspend",
               "interrupt", "shut", "push", "stop")
SHOW_WORDS = ("series", "show", "drama", "comedy", "sitcom", "dramedy", "miniseries", "hit", "thriller",
              "shows", "dramas", "comedies", "project", "creation")
CREATE_WORDS = ("created", "co-created", "developed", "conceived")

#: Rules that type names as actors and characters: run first, so later rules see the types.
CAST_RULES = (
    R("stars-as", "plays", E(*ACTORS), GAP(4), W("star", "appear", "feature", "cast", "return", "co-star",
      "join", "reprise", "guest", "guest-star", "debut"),
      GAP(2), L("as"), GAP(2), E(*ROLE_SLOT), subject_type="Person", object_type="Character", pair_lists=True),
    R("who-plays", "plays", E(*ACTORS), {"ORTH": {"IN": [",", "("]}}, L("who", "whom"), GAP(3), W(*CAST_VERBS), GAP_NOT(2, "by"), E(*ROLE_SLOT),
      subject_type="Person", object_type="Character", presupposed=True),
    R("plays", "plays", E(*ACTORS), GAP(4), W(*CAST_VERBS), GAP_NOT(3, "by"), E(*ROLES),
      subject_type="Person", object_type="Character", pair_lists=True),
    R("cast-as", "plays", E(*ACTORS), GAP(4), L("cast"), L("as"), GAP(2), E(*ROLE_SLOT),
      subject_type="Person", object_type="Character"),
    R("role-actor", "plays", E(*ROLES), L("actor", "actress", "portrayer", "star"), E(*ACTORS), reverse=True,
      subject_type="Person", object_type="Character", presupposed=True),
    R("back-as", "plays", E(*ACTORS), GAP(2), L("back"), L("as"), GAP(2), E(*ROLES),
      subject_type="Person", object_type="Character"),
    R("played-by", "plays", E(*ROLE_SLOT), {"ORTH": {"IN": [",", "("]}}, L("who", op="?"), GAP(2),
      L("played", "portrayed", "voiced", "brought"), GAP(2), L("by"),
      E(*ACTORS), reverse=True, subject_type="Person", object_type="Character", presupposed=True),
    R("is-played-by", "plays", E(*ROLE_SLOT), GAP(2), W("be"), GAP(1), L("played", "portrayed"), L("by"),
      E(*ACTORS), reverse=True, subject_type="Person", object_type="Character"),
    R("role-went-to", "plays", L("role", "part"), L("of"), E(*ROLE_SLOT), GAP(3), L("went", "goes", "go", "going",
      "given", "handed"), L("to"), E(*ACTORS), reverse=True, subject_type="Person", object_type="Character"),
    R("version-of", "plays", E(*ACTORS), GAP(3), W(*CAST_VERBS, "star"), GAP(2), L("version", "versions"), L("of"),
      E(*ROLES), subject_type="Person", object_type="Character"),
    R("role-of", "plays", E(*ACTORS), GAP(5), L("role"), L("of"), E(*ROLE_SLOT),
      subject_type="Person", object_type="Character"),
    # 'Character (Actor)' is the usual order; known types can turn it round
    R("paren", "plays", E(*PEOPLE), {"ORTH": "("}, {"ENT_TYPE": "ASIDE"}, {"ORTH": ")"},
      either_way=True, reverse=True, aside=True,
      subject_type="Person", object_type="Character", presupposed=True),
    R("poss-cast", "plays", E(*ACTORS), POSS, E(*ROLES), subject_type="Person", object_type="Character",
      subject_full_name=True, presupposed=True),
    R("actor-as", "plays", E(*ACTORS), L("as"), E(*ROLES), subject_type="Person", object_type="Character"),
)

#: Production facts.
PRODUCTION_RULES = (
    R("poss-show", "created", E(*ACTORS), POSS, GAP(3), W(*SHOW_WORDS), COMMA, E("SHOW"),
      subject_type="Person", list_object=True, presupposed=True),
    R("poss-shows-paren", "created", E(*ACTORS), POSS, GAP(3), W(*SHOW_WORDS), {"ORTH": {"IN": ["(", ",", ":"]}},
      GAP(2), E("SHOW"), subject_type="Person", list_object=True, presupposed=True),
    R("poss-title", "created", E(*ACTORS), POSS, E("SHOW"), subject_type="Person", presupposed=True),
    R("created-by", "created", E("SHOW"), GAP(4), L(*CREATE_WORDS), L("by"), E(*ACTORS), reverse=True,
      subject_type="Person"),
    R("creator-of", "created", E(*ACTORS), GAP(4), W("creator", "co-creator", "showrunner"), L("of"), E("SHOW"),
      subject_type="Person"),
    R("show-creator", "created", E("SHOW"), POSS, GAP(1), W("creator", "co-creator", "showrunner"), GAP(1),
      E(*ACTORS), reverse=True, subject_type="Person", presupposed=True),
    R("title-creator", "created", E("SHOW"), W("creator", "co-creator", "showrunner"), E(*ACTORS), reverse=True,
      subject_type="Person", presupposed=True),
    R("show-star", "castIn", E("SHOW"), L("star", "actor", "actress", "alum", "alumna", "alumnus", "newcomer",
      "lead"), E(*ACTORS), reverse=True, subject_type="Person", presupposed=True),
    R("joined-cast", "castIn", E(*ACTORS), GAP(2), W("join", "round"), GAP(2), L("cast", "ensemble", "lineup"),
      implicit_subject="show", reverse=True, subject_type="Person", list_subject=True),
    R("created-by-x-show", "created", L(*CREATE_WORDS), L("by"), E(*ACTORS), GAP(4), COMMA, E("SHOW"),
      subject_type="Person", list_subject=True, presupposed=True),
    R("network-confirmed-return", "renewed", E("NETWORK"), GAP(3), W("confirm", "announce", "reveal"),
      {"ENT_TYPE": {"IN": ["", "PRON", "SHOW", "NAME", "PLACE"]}, "OP": "{0,6}"},
      W("return", "come"), GAP(2), L("for"), GAP(2), E("SEASON"), presupposed=False),
    R("showrunner-x", "created", L("showrunner", "co-showrunner", "creator", "co-creator", "showrunners",
      "creators", "co-creators"), E(*ACTORS), implicit_subject="show", reverse=True, subject_type="Person",
      list_subject=True, presupposed=True),
    R("as-showrunner", "created", E(*ACTORS), GAP(4), L("as"), GAP(1), L("showrunner", "co-showrunner",
      "creator", "co-creator"), implicit_subject="show", reverse=True, subject_type="Person"),
    R("x-the-creator", "created", E(*ACTORS), COMMA, GAP(3), L("showrunner", "co-showrunner", "creator",
      "co-creator"), implicit_subject="show", reverse=True, subject_type="Person", presupposed=True),
    R("x-created", "created", E(*ACTORS), GAP(2), L(*CREATE_WORDS), GAP(1), E("SHOW"), subject_type="Person"),
    R("airs-on", "airsOn", E("SHOW", "SEASON"), GAP(6), W(*RELEASE_VERBS), GAP(2), L("on", "to", "via"),
      E("NETWORK")),
    R("show-airs-on", "airsOn", L("show", "series", "it", "drama", "comedy", "episodes"), GAP(4),
      W(*RELEASE_VERBS), GAP(2), L("on", "to", "via"), E("NETWORK"), implicit_subject="show"),
    R("network-show-noun", "airsOn", E("NETWORK"), POSS, GAP(3), L(*SHOW_WORDS), implicit_subject="show",
      presupposed=True),
    R("the-network-show", "airsOn", L("the", "a", "its"), E("NETWORK"), GAP(2), L(*SHOW_WORDS),
      implicit_subject="show", presupposed=True),
    R("network-poss", "airsOn", E("NETWORK"), POSS, GAP(3), E("SHOW"), reverse=True, presupposed=True),
    R("renewed", "renewed", E("NETWORK"), GAP(6), W("renew", "order", "greenlight", "greenlit"), GAP(6),
      E("SEASON")),
    R("delayed-by", "delayedBy", E("SEASON"), GAP(6), W(*DELAY_VERBS), GAP(3),
      L("by", "due", "because", "amid", "during"), GAP(2), E("EVENT")),
    R("event-delayed", "delayedBy", E("EVENT"), GAP(2), W(*DELAY_VERBS), GAP(2), L("production", "filming",
      "work", "shooting", op="?"), L("on", "of", "for", op="?"), GAP(2), E("SEASON"), reverse=True),
    R("filming-delayed-by", "delayedBy", L("filming", "production", "shooting", "shoot", "work"), GAP(4),
      W(*DELAY_VERBS), GAP(3), L("by", "due", "because", "amid", "during"), GAP(2), E("EVENT"),
      implicit_subject="season"),
    R("renewal", "renewed", E("NETWORK"), GAP(3), W("announce", "confirm", "release", "issue", "make", "share"),
      GAP(4), L("renewal"), implicit_subject="season", reverse=True),
)

COMPARABLE = (*ROLES, "SHOW")
LIKE_WORDS = ("basically", "essentially", "practically", "effectively", "simply", "just", "like", "really")

#: In-universe facts the parser often misreads; the dependency frames (frames.py) find the rest.
UNIVERSE_RULES = (
    R("kissed", "kissed", E(*ROLES), GAP(2), W("kiss", "smooch", "snog"), E(*ROLES)),
    R("shared-kiss", "kissed", E(*ROLES), L("and"), E(*ROLES), GAP(2), W("share", "have", "steal"), GAP(3),
      L("kiss", "kisses", "smooch")),
    R("kiss-between", "kissed", L("kiss", "kisses"), L("between"), GAP(2), E(*ROLES), L("and"), E(*ROLES)),
    # "Kay (Ann Lee) and Tom (Bo Ray) ...": pairs, read here because asides confuse the parser
    R("pair-kiss", "kissed", E(*ROLES), L("and"), E(*ROLES), GAP(3), W("kiss", "smooch", "snog")),
    R("pair-dating", "partnerOf", E(*ROLES), L("and"), E(*ROLES), GAP(3), L("dating", "married", "engaged",
      "wed", "marry")),
    R("pair-together", "partnerOf", E(*ROLES), L("and"), E(*ROLES), GAP(4), W("be", "end", "get", "stay", "remain",
      "wind"), GAP(2), L("together")),
    R("pair-business", "businessPartnerOf", E(*ROLES), L("and"), E(*ROLES), GAP(3), W("open", "run", "start",
      "launch", "found", "buy"), GAP(3), L("together")),
    R("pair-split", "exPartnerOf", E(*ROLES), L("and"), E(*ROLES), GAP(3), W("break", "split", "divorce",
      "separate"), L("up", op="?")),
    R("pair-friends", "friendOf", E(*ROLES), L("and"), E(*ROLES), GAP(2), W("be", "become", "remain", "stay"),
      GAP(2), L("friends", "best", "besties", "pals", "bffs")),
    R("pair-roommates", "roommateOf", E(*ROLES), L("and"), E(*ROLES), GAP(2), W("be", "become"), GAP(2),
      L("roommates", "flatmates", "housemates")),
    R("pair-neighbours", "neighborOf", E(*ROLES), L("and"), E(*ROLES), GAP(2), W("be", "become"), GAP(2),
      L("neighbours", "neighbors")),
    R("dating", "partnerOf", E(*ROLES), GAP(2), W("be"), GAP(1), L("dating", "married", "engaged", "together",
      "seeing"), GAP(1), L("to", "with", op="?"), E(*ROLES)),
)

#: Comparisons and settings.
WORLD_RULES = (
    R("instead-of", "comparedTo", E(*COMPARABLE), {"ORTH": ",", "OP": "?"}, L("instead"), L("of"),
      E(*COMPARABLE), presupposed=True),
    R("compared-to", "comparedTo", E(*COMPARABLE), GAP(4), L("compared", "likened", "comparison", "comparisons"),
      L("to", "with"), GAP(3), E(*COMPARABLE)),
    R("show-compared-to", "comparedTo", L("show", "series", "drama", "comedy", "it"), GAP(4),
      L("compared", "likened", "comparisons"), L("to", "with"), GAP(3), E("SHOW", "NAME"), implicit_subject="show",
      object_type="Show"),
    R("is-basically", "comparedTo", E(*COMPARABLE), W("be"), GAP(1), L(*LIKE_WORDS), GAP(1), E(*COMPARABLE)),
    R("show-is-basically", "comparedTo", L("show", "series", "it"), W("be"), GAP(12), L(*LIKE_WORDS),
      E("SHOW", "NAME"), implicit_subject="show", object_type="Show"),
    R("the-new", "comparedTo", E(*COMPARABLE), W("be"), L("the"), L("new", "next"), E(*COMPARABLE)),
    R("meets", "comparedTo", E("SHOW"), L("meets"), E("SHOW"), presupposed=True),
    R("set-in", "setIn", L("show", "series", "it", "drama", "comedy", "dramedy", "sitcom", "story", "season"), GAP(3),
      L("set"), GAP(2), L("in"), GAP(5), E("PLACE"), implicit_subject="show"),
    R("title-set-in", "setIn", E("SHOW"), GAP(3), L("set"), GAP(2), L("in"), GAP(3), E("PLACE")),
    R("place-set", "setIn", E("PLACE"), {"ORTH": {"IN": ["-", "–"]}}, L("set", "based"), L(*SHOW_WORDS),
      implicit_subject="show", presupposed=True),
    R("takes-place-in", "setIn", L("show", "series", "it", "drama", "comedy", "story"), GAP(3), W("take"),
      L("place"), L("in"), GAP(3), E("PLACE"), implicit_subject="show"),
)

#: Interviews: who told which outlet.
OUTLETS = ("OUTLET", "ORG")  # an unfamiliar organisation told things is an outlet
SAY_VERBS = ("tell", "reveal", "explain", "say", "confirm", "tease", "share", "admit", "add", "joke", "hint",
             "confess", "divulge", "speak", "talk", "chat", "gush", "open", "dish", "insist", "recall")

TOLD_RULES = (
    R("told", "toldOutlet", E(*PEOPLE_OR_PRON), GAP(2), W(*SAY_VERBS), {"LOWER": "up", "OP": "?"},
      L("to", "with", op="?"), GAP(1), {"ENT_TYPE": "NETWORK", "OP": "?"}, {**POSS, "OP": "?"}, E(*OUTLETS),
      subject_type="Person"),
    R("sat-down-with", "toldOutlet", E(*PEOPLE_OR_PRON), GAP(2), W("sit"), L("down"), L("with"),
      {"ENT_TYPE": "NETWORK", "OP": "?"}, {**POSS, "OP": "?"}, E(*OUTLETS), subject_type="Person"),
    R("interview-with", "toldOutlet", L("interview", "conversation", "chat", "speaking", "talking", "sitting",
      "chatting", "interviews", "sit-down", "appearance"), L("with", "to", "on"), {"ENT_TYPE": "NETWORK", "OP": "?"},
      {**POSS, "OP": "?"}, E(*OUTLETS), GAP_WORDS(5), {"ORTH": ",", "OP": "?"}, GAP_WORDS(2), E(*PEOPLE_OR_PRON),
      reverse=True, subject_type="Person", list_subject=True),
    R("x-speaking-to", "toldOutlet", E(*PEOPLE), {"ORTH": {"IN": [",", "("]}}, L("speaking", "talking",
      "chatting", "writing"), L("to", "with", "in"), E(*OUTLETS), subject_type="Person"),
    R("said-in-interview", "toldOutlet", E(*PEOPLE_OR_PRON), GAP(6), L("interview", "conversation", "chat",
      "sit-down", "appearance", "episode"), L("with", "on"), {"ENT_TYPE": "NETWORK", "OP": "?"},
      {**POSS, "OP": "?"}, E(*OUTLETS), subject_type="Person"),
    R("poss-interview", "toldOutlet", E(*PEOPLE), POSS, GAP(2), L("interview", "chat", "conversation"),
      L("with"), E(*OUTLETS), subject_type="Person", presupposed=True),
    R("on-podcast", "toldOutlet", E(*PEOPLE_OR_PRON), GAP(4), L("on"), E(*OUTLETS), {**POSS, "OP": "?"},
      GAP(2), L("podcast", "show", "program", "programme"), subject_type="Person"),
)

RULES = CAST_RULES + PRODUCTION_RULES + UNIVERSE_RULES + WORLD_RULES + TOLD_RULES
