"""Extraction on sentences we wrote, one pattern family at a time, with negated and hedged
variants. Names are invented; none comes from an article."""

import pytest

from graph.extract import extract_claims
from graph.model import Article

from .conftest import SEED


def edges(text, **meta):
    article = Article(id="t", text=text, **meta)
    return {(c.subject.label, c.predicate, c.object.label, c.status) for c in extract_claims(article)}


def preds(text, predicate):
    return {(s, o, st) for s, p, o, st in edges(text) if p == predicate}


@pytest.mark.parametrize("sentence", [
    "In the series, Ann Lee stars as Kay Moss, a chef.",
    "Ann Lee, who plays Kay Moss, spoke to the press.",
    "Kay Moss, played by Ann Lee, is the lead.",
    "Kay Moss (Ann Lee) opens a bakery.",
    "Kay Moss is played by Ann Lee.",
    "The finale belongs to Ann Lee's Kay Moss.",
    "Ann Lee will once again be starring as Kay Moss.",
    "Ann Lee joined the cast as Kay Moss.",
])
def test_cast_patterns(sentence):
    assert ("Ann Lee", "plays", "Kay Moss", "confirmed") in edges(sentence)


def test_cast_lists_pair_up_in_order():
    got = preds("Dora Finch and Milo Grant play Tess and Rudy, the other couple.", "plays")
    assert got == {("Dora Finch", "Tess", "confirmed"), ("Milo Grant", "Rudy", "confirmed")}


def test_a_role_described_by_a_possessive_is_not_the_owner():
    got = preds("Vera Holm, who plays Kay's boss, is back. Kay (Ann Lee) is worried.", "plays")
    assert ("Vera Holm", "Kay", "confirmed") not in got


def test_creators_networks_and_renewals():
    text = ("Lumen Bay is back! Rosa Quint created the Netflix drama, which follows two sisters. "
            "Netflix has renewed Lumen Bay for seasons three and four.")
    got = edges(text)
    assert ("Rosa Quint", "created", "Lumen Bay", "confirmed") in got
    assert ("Lumen Bay", "airsOn", "Netflix", "confirmed") in got
    assert ("Netflix", "renewed", "Lumen Bay Season 3", "confirmed") in got
    assert ("Netflix", "renewed", "Lumen Bay Season 4", "confirmed") in got


def test_a_renewal_turned_down_is_denied():
    text = "Lumen Bay will not get a fifth season. Netflix has chosen not to renew the drama."
    assert ("Netflix", "renewed", "Lumen Bay Season 5", "denied") in edges(text, show="Lumen Bay")


def test_delays_and_interviews():
    text = ("Lumen Bay Season 2 is coming. Filming the second season was delayed by the writers' strike. "
            "Rosa Quint told Variety that the wait was worth it.")
    got = edges(text)
    assert ("Lumen Bay Season 2", "delayedBy", "writers' strike", "confirmed") in got
    assert ("Rosa Quint", "toldOutlet", "Variety", "confirmed") in got


def test_quotes_carry_their_speaker_and_outlet():
    text = ('Kay (Ann Lee) and Tom (Bo Ray) are the heart of the show. "Kay kissed Tom in the finale, '
            'and nobody saw it coming," Ann Lee told Vulture.')
    article = Article(id="t", text=text)
    kiss = [c for c in extract_claims(article) if c.predicate == "kissed"]
    assert kiss and kiss[0].evidence.speaker == "Ann Lee" and kiss[0].evidence.outlet == "Vulture"
    assert text[kiss[0].evidence.start:kiss[0].evidence.end] == kiss[0].evidence.quote


@pytest.mark.parametrize("sentence, edge", [
    ("Kay (Ann Lee) and Tom (Bo Ray) are dating.", ("Kay", "partnerOf", "Tom", "confirmed")),
    ("Kay (Ann Lee) broke up with Tom (Bo Ray) in the finale.", ("Kay", "exPartnerOf", "Tom", "confirmed")),
    ("Tom (Bo Ray) is Kay's boss.", ("Tom", "bossOf", "Kay", "confirmed")),
    ("Kay (Ann Lee) kissed Tom (Bo Ray).", ("Kay", "kissed", "Tom", "confirmed")),
    ("Kay's best friend, Tom (Bo Ray), runs a bar.", ("Kay", "friendOf", "Tom", "confirmed")),
    ("Kay (Ann Lee), a young nurse from Lisbon, moves to Oslo.", ("Kay", "from", "Lisbon", "confirmed")),
    ("Kay (Ann Lee), a young nurse from Lisbon, moves to Oslo.", ("Kay", "livesIn", "Oslo", "confirmed")),
    ("Kay (Ann Lee) works at Brightwell, a small agency.", ("Kay", "worksAt", "Brightwell", "confirmed")),
    ("Kay (Ann Lee) has feelings for Tom (Bo Ray).", ("Kay", "romanticInterest", "Tom", "confirmed")),
    ("Kay (Ann Lee) and Tom (Bo Ray) open a bakery together.", ("Kay", "businessPartnerOf", "Tom", "confirmed")),
    ("Kay (Ann Lee) and Tom (Bo Ray) split up in the finale.", ("Kay", "exPartnerOf", "Tom", "confirmed")),
    ("Kay (Ann Lee) moves in with Tom (Bo Ray).", ("Kay", "roommateOf", "Tom", "confirmed")),
    ("Kay Moss (Ann Lee) is back. Kay's employer, Lumon Industries, hides a secret.",
     ("Kay Moss", "worksAt", "Lumon Industries", "confirmed")),
    ("Kay (Ann Lee) takes a trip to Rome.", ("Kay", "travelsTo", "Rome", "confirmed")),
    ("Kay (Ann Lee) was born in Ohio.", ("Kay", "from", "Ohio", "confirmed")),
    ("Kay (Ann Lee) works as a nurse at Mercy General, a hospital.", ("Kay", "worksAt", "Mercy General", "confirmed")),
    ("Kay (Ann Lee) reports to Tom (Bo Ray).", ("Tom", "bossOf", "Kay", "confirmed")),
    ("Kay (Ann Lee) is in love with Tom (Bo Ray).", ("Kay", "romanticInterest", "Tom", "confirmed")),
])

def test_in_universe_relations(sentence, edge):
    assert edge in edges(sentence)


@pytest.mark.parametrize("sentence, edge", [
    ("Fans hope Kay (Ann Lee) and Tom (Bo Ray) will end up together.", ("Kay", "partnerOf", "Tom", "speculated")),
    ("Kay (Ann Lee) and Tom (Bo Ray) might kiss next season.", ("Kay", "kissed", "Tom", "speculated")),
    ("The showrunner teased that Kay (Ann Lee) will fall for Tom (Bo Ray).",
     ("Kay", "romanticInterest", "Tom", "hinted")),
    ("Kay (Ann Lee) and Tom (Bo Ray) are not getting back together.", ("Kay", "partnerOf", "Tom", "denied")),
])
def test_statuses_follow_the_cues(sentence, edge):
    assert edge in edges(sentence)


def test_negation_never_gives_a_positive_edge():
    got = edges("Kay (Ann Lee) and Tom (Bo Ray) are not dating. Kay did not kiss Tom.")
    assert ("Kay", "partnerOf", "Tom", "denied") in got
    assert ("Kay", "kissed", "Tom", "denied") in got
    assert not {e for e in got if e[1] in ("partnerOf", "kissed") and e[3] != "denied"}


def test_hedges_make_speculation():
    got = edges("Kay (Ann Lee) and Tom (Bo Ray) are close. Kay could travel to Rome next season.")
    assert ("Kay", "travelsTo", "Rome", "speculated") in got


def test_love_triangle_becomes_a_storyline_with_members():
    text = ("Kay (Ann Lee), Tom (Bo Ray) and Ivo (Cy Dunn) return. In an interview with Vulture, "
            "Ann Lee hinted at more layers to the Kay, Tom, Ivo love triangle.")
    got = {(s, o, st) for s, p, o, st in edges(text) if p == "involvedIn"}
    assert {s for s, _, _ in got} == {"Kay", "Tom", "Ivo"}
    assert all(st == "hinted" and "love triangle" in o for _, o, st in got)


def test_season_plans_become_storylines():
    text = "Kay (Ann Lee) is back. Kay could travel more in Season 2."
    got = [(s, o, st) for s, p, o, st in edges(text) if p == "involvedIn"]
    assert got and got[0][0] == "Kay" and got[0][2] == "speculated"


def test_comparisons():
    got = edges("The heroine (Kay, instead of Nora and co.) is new. The show is often compared to Gilded Hours.",
                show="Lumen Bay")
    assert ("Kay", "comparedTo", "Nora", "confirmed") in got


def test_seed_cast_has_quotes(seed_claims):
    plays = {(r["subject"], r["object"]): r for r in seed_claims if r["predicate"] == "plays"}
    assert ("Lily Collins", "Emily Cooper") in plays
    assert ("Lucas Bravo", "Gabriel") in plays
    for rec in plays.values():
        assert rec["subject_type"] == "Person" and rec["object_type"] == "Character"
        assert rec["status"] == "confirmed" and rec["quote"]


def test_seed_creator_and_network(seed_claims):
    got = {(r["subject"], r["predicate"], r["object"], r["status"]) for r in seed_claims}
    assert ("Darren Star", "created", "Emily in Paris", "confirmed") in got
    assert ("Emily in Paris", "airsOn", "Netflix", "confirmed") in got


def test_seed_speakers_and_outlets(seed_claims):
    told = {(r["subject"], r["object"]) for r in seed_claims if r["predicate"] == "toldOutlet"}
    assert {("Lily Collins", "Vanity Fair"), ("Darren Star", "Vanity Fair"), ("Lucas Bravo", "Cosmopolitan")} <= told
    kiss = [r for r in seed_claims if r["predicate"] == "kissed"]
    assert kiss and kiss[0]["speaker"] == "Lucas Bravo" and kiss[0]["outlet"] == "Cosmopolitan"


def test_seed_file_is_the_client_article():
    raw = SEED.read_text(encoding="utf-8")
    assert raw.startswith("---\n") and "Lily Collins\xa0stars as Emily Cooper" in raw


@pytest.mark.parametrize("sentence, actor, role", [
    ("The cast includes Dora Finch (Tess Lyle) and Milo Grant (Rudy Vale).", "Dora Finch", "Tess Lyle"),
    ("Tess Lyle (Dora Finch) wakes up in hospital.", "Dora Finch", "Tess Lyle"),
    ("Rudy (Milo Grant) argues with his sister.", "Milo Grant", "Rudy"),
    ("Milo Grant (Rudy) argues with his sister.", "Milo Grant", "Rudy"),
    ("The role of Tess went to Dora Finch.", "Dora Finch", "Tess"),
    ("Dora Finch, best known for playing Tess Lyle, returns.", "Dora Finch", "Tess Lyle"),
])
def test_actor_and_role_in_either_order(sentence, actor, role):
    assert (actor, "plays", role, "confirmed") in edges(sentence)
