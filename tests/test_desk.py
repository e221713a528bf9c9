"""The writers' desk: show, relation and timeline on the multi-article fixtures."""

import json

import pytest

from graph.build import build_graph
from graph.desk import entity_card, find_entity, timeline
from graph.errors import BadInput
from graph.model import Article, Claim, Entity, Evidence

from .conftest import DATA, run_fankg

STORY = DATA / "desk" / "story"


def desk(*args):
    return run_fankg(*args, "--no-cache")


# ---------------------------------------------------------------- show


def test_show_groups_every_edge_by_type_with_status_quote_speaker_outlet_and_article():
    proc = desk("show", "Kay Moss", STORY)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("Kay Moss (Character, also Kay)\ncharacter/kay-moss: ")
    sections = out.split("\n\n")
    partner = next(s for s in sections if s.startswith("partnerOf\n"))
    assert ('hinted     "Ann Lee told Variety that Kay Moss and Tom Reed will start dating." '
            '(Ann Lee to Variety; 2024-01-casting, 2024-01-10)') in partner
    assert 'confirmed  "Kay Moss and Tom Reed are dating." (2024-03-premiere, 2024-03-02)' in partner
    plays = next(s for s in sections if s.startswith("plays\n"))
    assert "Ann Lee →plays→ Kay Moss" in plays and "Max Doyle →plays→ Kay Moss" in plays
    # a hand-added edge says so, with its note
    assert "[confirmed, corrected]" in partner and "[corrected: added by hand (corrections.yaml line" in partner


@pytest.mark.parametrize("name", ["kay", "KAY MOSS", "character/kay-moss"])
def test_show_accepts_aliases_ids_and_any_case(name):
    proc = desk("show", name, STORY)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Kay Moss (Character")


def test_show_status_confirmed_keeps_canon_only():
    proc = desk("show", "Kay Moss", STORY, "--status", "confirmed")
    assert proc.returncode == 0, proc.stderr
    lines = [line.strip() for line in proc.stdout.splitlines()]
    statuses = {line.split()[0] for line in lines if line.startswith(("confirmed ", "hinted ", "speculated ",
                                                                        "denied "))}
    assert statuses == {"confirmed"}
    assert "kissed" not in proc.stdout  # only speculated, then denied: no canon
    assert "Kay Moss and Tom Reed are dating." in proc.stdout


def test_show_an_unknown_name_suggests_the_closest_ones():
    proc = desk("show", "Kay Mos", STORY)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == (
        "fankg: error: no entity named 'Kay Mos' in the graph; did you mean Kay Moss?")
    assert "Traceback" not in proc.stderr


def test_show_json_is_the_library_result():
    proc = desk("show", "Tom Reed", STORY, "--format", "json")
    card = json.loads(proc.stdout)
    assert card["id"] == "character/tom-reed" and set(card["edges"]) >= {"partnerOf", "exPartnerOf", "plays"}
    # a symmetric edge reads from the entity shown
    assert {(e["subject"], e["object"]) for e in card["edges"]["partnerOf"]} == {("Tom Reed", "Kay Moss")}


def test_an_ambiguous_name_lists_the_candidates():
    show = Entity.make("Wren", "Show")
    hero = Entity.make("Wren", "Character")
    g = build_graph([Claim(Entity.make("Ida Fox", "Person"), "plays", hero, "confirmed", Evidence("a", "x", 0, 1)),
                     Claim(Entity.make("Ida Fox", "Person"), "castIn", show, "confirmed", Evidence("a", "x", 0, 1))])
    with pytest.raises(BadInput, match=r"'wren' could be Wren \(Character: character/wren\), Wren \(Show: show/wren\)"):
        find_entity(g, "wren")
    assert find_entity(g, "show/wren") == "show/wren"
    assert entity_card(g, "character/wren")["type"] == "Character"


# ---------------------------------------------------------------- relation


def test_relation_lists_the_direct_edges_with_evidence():
    proc = desk("relation", "Tom Reed", "kay", STORY)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("Tom Reed (Character) and Kay Moss (Character)\n\ndirect edges: 2\n")
    assert "Tom Reed —exPartnerOf— Kay Moss" in out and "Tom Reed —partnerOf— Kay Moss" in out
    assert '"Kay Moss broke up with Tom Reed." (2024-06-finale, 2024-06-20)' in out


def test_relation_finds_two_hop_paths_through_people_and_storylines():
    proc = desk("relation", "Sam Vance", "Lou Hart", STORY, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rel = json.loads(proc.stdout)
    assert rel["direct"] == []
    vias = {p["via_label"]: p for p in rel["paths"]}
    assert {"Kay Moss", "Bakery feud"} <= set(vias)
    feud = vias["Bakery feud"]
    assert [(e["subject"], e["predicate"], e["object"]) for e in feud["first"] + feud["second"]] == [
        ("Sam Vance", "involvedIn", "Bakery feud"), ("Lou Hart", "involvedIn", "Bakery feud")]
    assert feud["first"][0]["claims"][0]["quote"] == "Sam Vance and Lou Hart join the bakery feud."


def test_relation_of_an_entity_with_itself_is_refused():
    proc = desk("relation", "Kay", "Kay Moss", STORY)
    assert proc.returncode == 2 and "are the same entity (character/kay-moss)" in proc.stderr


# ---------------------------------------------------------------- timeline


def test_timeline_orders_claims_by_article_date_and_tells_how_each_edge_developed():
    proc = desk("timeline", "Kay Moss", STORY)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    jan, mar, jun = (out.index(h) for h in ("2024-01-10  2024-01-casting", "2024-03-02  2024-03-premiere",
                                             "2024-06-20  2024-06-finale"))
    assert jan < mar < jun
    assert ("Kay Moss partnerOf Tom Reed: hinted (2024-01-10) → confirmed (2024-03-02): hint became fact") in out
    assert ("Kay Moss kissed Sam Vance: speculated (2024-01-10) → denied (2024-06-20): denied later") in out
    assert ("Kay Moss friendOf Lou Hart: confirmed (2024-03-02) → denied (2024-06-20): denied later") in out


def test_timeline_json_lists_events_in_date_order():
    proc = desk("timeline", "Tom Reed", STORY, "--format", "json")
    tl = json.loads(proc.stdout)
    dates = [e["date"] for e in tl["events"]]
    assert dates == sorted(dates) and dates[0] == "2024-01-10"
    partner = next(e for e in tl["edges"] if e["predicate"] == "partnerOf")
    assert partner["now"] == "confirmed" and partner["development"] == "hint became fact"


def test_timeline_reads_written_out_dates_and_puts_undated_articles_last():
    kay, tom = Entity.make("Kay", "Character"), Entity.make("Tom", "Character")
    claims = [Claim(kay, "partnerOf", tom, status, Evidence(art, f"{status} sentence", 0, 5))
              for art, status in (("undated", "denied"), ("spring", "confirmed"), ("winter", "hinted"))]
    articles = [Article("undated", ""), Article("spring", "", date="April 2, 2024"),
                Article("winter", "", date="2024-01-15")]
    tl = timeline(build_graph(claims), "kay", articles)
    assert [e["article"] for e in tl["events"]] == ["winter", "spring", "undated"]
    assert tl["edges"][0]["development"] == "denied later"


# ---------------------------------------------------------------- every desk command has help


@pytest.mark.parametrize("command", ["show", "relation", "timeline", "check"])
def test_every_desk_command_has_help(command):
    proc = run_fankg(command, "--help")
    assert proc.returncode == 0 and "PATHS" in proc.stdout and "--format" in proc.stdout
