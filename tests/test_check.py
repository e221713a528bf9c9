"""The consistency report: each kind of finding, on graphs built by hand and on the fixtures."""

import json

import pytest

from graph.build import build_graph
from graph.check import check_graph, love_triangles, same_entity_reason
from graph.model import Article, Claim, Entity, Evidence

from .conftest import DATA, run_fankg

STORY, CLEAN = DATA / "desk" / "story", DATA / "desk" / "clean"

KAY, TOM, SAM, LOU = (Entity.make(n, "Character") for n in ("Kay Moss", "Tom Reed", "Sam Vance", "Lou Hart"))
ANN, MAX = Entity.make("Ann Lee", "Person"), Entity.make("Max Doyle", "Person")
ARTICLES = [Article("jan", "", date="2024-01-10"), Article("jun", "", date="2024-06-20")]


def _c(s, p, o, status="confirmed", quote="A sentence.", article="jan"):
    return Claim(s, p, o, status, Evidence(article, quote, 0, len(quote)))


def _findings(*claims, kind=None):
    report = check_graph(build_graph(claims), ARTICLES)
    return [f for f in report.findings if kind is None or f.kind == kind]


def test_partners_and_ex_partners_at_once_is_an_error_with_both_quotes():
    found = _findings(_c(KAY, "partnerOf", TOM, quote="Kay and Tom are dating."),
                      _c(TOM, "exPartnerOf", KAY, quote="Kay broke up with Tom.", article="jun"))
    (f,) = found
    assert (f.kind, f.severity) == ("contradiction", "error")
    assert [r["quote"] for r in f.evidence] == ["Kay and Tom are dating.", "Kay broke up with Tom."]
    assert [r["date"] for r in f.evidence] == ["2024-01-10", "2024-06-20"]


def test_a_hinted_break_up_is_a_warning_and_a_denied_one_is_no_contradiction():
    hinted = _findings(_c(KAY, "partnerOf", TOM), _c(KAY, "exPartnerOf", TOM, "hinted"))
    assert [(f.kind, f.severity) for f in hinted] == [("contradiction", "warning")]
    assert _findings(_c(KAY, "partnerOf", TOM), _c(KAY, "exPartnerOf", TOM, "denied")) == []


def test_an_edge_both_confirmed_and_denied_is_an_error():
    (f,) = _findings(_c(LOU, "friendOf", KAY, quote="They are best friends."),
                     _c(KAY, "friendOf", LOU, "denied", "They are not friends.", "jun"))
    assert (f.kind, f.severity) == ("contradiction", "error") and "confirmed and denied" in f.message
    assert {r["status"] for r in f.evidence} == {"confirmed", "denied"}
    # a hint later denied is a development, not a contradiction
    assert _findings(_c(LOU, "friendOf", KAY, "hinted"), _c(KAY, "friendOf", LOU, "denied", article="jun")) == []


def test_a_character_played_by_two_actors_is_an_error_unless_the_seasons_differ():
    (f,) = _findings(_c(ANN, "plays", KAY, quote="Ann Lee stars as Kay."),
                     _c(MAX, "plays", KAY, quote="Max Doyle plays Kay.", article="jun"))
    assert (f.kind, f.severity) == ("two-actors", "error") and "Ann Lee and Max Doyle" in f.message
    assert _findings(_c(ANN, "plays", KAY, quote="In season 1, Ann Lee plays Kay."),
                     _c(MAX, "plays", KAY, quote="In the second season, Max Doyle plays Kay.")) == []
    # only one names a season: still two actors for the same role
    assert _findings(_c(ANN, "plays", KAY, quote="Ann Lee plays Kay."),
                     _c(MAX, "plays", KAY, quote="In season 2, Max Doyle plays Kay."), kind="two-actors")


def test_a_one_way_edge_stated_both_ways_is_an_error_but_a_symmetric_one_stated_once_is_fine():
    (f,) = _findings(_c(KAY, "bossOf", LOU), _c(LOU, "bossOf", KAY, article="jun"))
    assert (f.kind, f.severity) == ("one-way-edge", "error") and len(f.evidence) == 2
    assert _findings(_c(KAY, "bossOf", LOU), _c(LOU, "friendOf", KAY), _c(KAY, "friendOf", LOU)) == []


def test_a_love_triangle_no_storyline_names_is_reported_and_a_named_one_is_not():
    romance = [_c(KAY, "partnerOf", TOM), _c(SAM, "romanticInterest", KAY)]
    assert love_triangles(build_graph(romance)) == [("character/kay-moss", "character/sam-vance",
                                                     "character/tom-reed")]
    (f,) = _findings(*romance)
    assert (f.kind, f.severity) == ("untold-triangle", "warning")
    assert "Sam Vance – Kay Moss – Tom Reed" in f.message
    story = Entity.make("Kay's dilemma", "Storyline")
    named = [_c(x, "involvedIn", story) for x in (KAY, TOM, SAM)]
    assert _findings(*romance, *named) == []
    # a denied crush makes no triangle
    assert _findings(_c(KAY, "partnerOf", TOM), _c(SAM, "romanticInterest", KAY, "denied")) == []


def test_a_storyline_whose_members_share_no_relationship_is_reported():
    feud = Entity.make("Bakery feud", "Storyline")
    (f,) = _findings(_c(SAM, "involvedIn", feud), _c(LOU, "involvedIn", feud))
    assert (f.kind, f.severity) == ("loose-storyline", "warning") and "Lou Hart, Sam Vance" in f.message
    assert _findings(_c(SAM, "involvedIn", feud), _c(LOU, "involvedIn", feud), _c(SAM, "rivalOf", LOU)) == []


@pytest.mark.parametrize("a, b, alike", [
    ("Anne Lee", "Ann Lee", True),
    ("Emily", "Emily Cooper", True),
    ("Sammy Vance", "Sam Vance", True),
    ("Kay Moss", "Tom Reed", False),
    ("Season 2", "Season 3", False),
])
def test_merge_suggestions_spot_near_names_but_not_numbered_seasons(a, b, alike):
    assert bool(same_entity_reason({"label": a, "aliases": []}, {"label": b, "aliases": []})) is alike


def test_possible_duplicates_are_suggestions_only_and_nothing_is_merged():
    anne = Entity.make("Anne Lee", "Person")
    g = build_graph([_c(ANN, "plays", KAY), _c(anne, "toldOutlet", Entity.make("Variety", "Organization"))])
    report = check_graph(g, ARTICLES)
    (f,) = report.findings
    assert (f.kind, f.severity) == ("possible-duplicate", "suggestion") and not report.has_errors
    assert f.fix.endswith(('{merge: "Anne Lee", into: "Ann Lee"}', '{merge: "Ann Lee", into: "Anne Lee"}'))
    assert {"person/ann-lee", "person/anne-lee"} <= set(g.nodes)


def test_an_edge_outside_its_domain_or_range_is_an_error():
    (f,) = _findings(_c(KAY, "worksAt", LOU))
    assert (f.kind, f.severity) == ("domain-range", "error")
    assert "worksAt goes Character -> Organization" in f.message
    assert _findings(_c(KAY, "worksAt", Entity.make("Bloom Studio", "Organization"))) == []


def test_a_consistent_graph_has_no_findings():
    report = check_graph(build_graph([_c(ANN, "plays", KAY), _c(KAY, "partnerOf", TOM)]), ARTICLES)
    assert report.findings == [] and not report.has_errors


# ---------------------------------------------------------------- the real command on the fixtures


@pytest.fixture(scope="module")
def story_report():
    proc = run_fankg("check", STORY, "--format", "json", "--no-cache")
    return proc, json.loads(proc.stdout)


def test_check_finds_every_kind_in_the_fixture_articles_and_exits_1(story_report):
    proc, report = story_report
    assert proc.returncode == 1, proc.stderr
    kinds = {(f["kind"], f["severity"]) for f in report["findings"]}
    assert {("contradiction", "error"), ("two-actors", "error"), ("one-way-edge", "error"),
            ("domain-range", "error"), ("untold-triangle", "warning"), ("loose-storyline", "warning"),
            ("stale-correction", "warning"), ("possible-duplicate", "suggestion")} <= kinds
    assert report["summary"]["articles"] == 3 and report["summary"]["error"] >= 5


def test_check_does_not_flag_a_recast_named_by_season(story_report):
    _, report = story_report
    actors = [f for f in report["findings"] if f["kind"] == "two-actors"]
    assert [f["message"] for f in actors] == ["Kay Moss is played by Ann Lee and Max Doyle"]


def test_check_text_report_shows_the_two_contradicting_quotes():
    proc = run_fankg("check", STORY, "--no-cache")
    assert proc.returncode == 1
    block = proc.stdout.split("ERROR contradiction: Kay Moss and Tom Reed are both partnerOf")[1].split("\n\n")[0]
    assert '"Kay Moss and Tom Reed are dating." (2024-03-premiere, 2024-03-02)' in block
    assert '"Kay Moss broke up with Tom Reed." (2024-06-finale, 2024-06-20)' in block
    assert proc.stdout.startswith("fankg check: ")


def test_check_exits_0_on_a_clean_corpus():
    proc = run_fankg("check", CLEAN, "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 error(s), 0 warning(s)" in proc.stdout and proc.stderr == ""


def test_check_output_is_deterministic():
    first = run_fankg("check", STORY, "--no-cache")
    second = run_fankg("check", STORY, "--no-cache")
    assert first.stdout == second.stdout and first.stdout
