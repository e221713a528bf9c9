"""Extraction on sentences we wrote, one pattern family at a time."""

import pytest

from graph.extract import extract_claims
from graph.model import Article

from .conftest import SEED


def edges(text, **meta):
    article = Article(id="t", text=text, **meta)
    return {(c.subject.label, c.predicate, c.object.label, c.status) for c in extract_claims(article)}


@pytest.mark.parametrize("sentence", [
    "In the series, Ann Lee stars as Kay Moss, a chef.",
    "Ann Lee, who plays Kay Moss, spoke to the press.",
    "Kay Moss, played by Ann Lee, is the lead.",
    "Kay Moss (Ann Lee) opens a bakery.",
    "Kay Moss is played by Ann Lee.",
])
def test_cast_patterns(sentence):
    assert ("Ann Lee", "plays", "Kay Moss", "confirmed") in edges(sentence)


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


def test_seed_file_is_the_client_article():
    raw = SEED.read_text(encoding="utf-8")
    assert raw.startswith("---\n") and "Lily Collins\xa0stars as Emily Cooper" in raw
