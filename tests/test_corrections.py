"""Hand corrections: validated with clear errors, applied on every build, never lost."""

import dataclasses
import json

import pytest

from graph.corrections import Correction, apply_corrections, load_corrections
from graph.errors import BadCorrections
from graph.model import Article, Claim, Entity, Evidence

from .conftest import DATA, run_fankg

STORY = DATA / "desk" / "story"

ANN = Entity.make("Ann Lee", "Person")
KAY = Entity.make("Kay Moss", "Character", ["Kay"])
TOM = Entity.make("Tom Reed", "Character")
TEXT = "Ann Lee stars as Kay Moss. Kay Moss and Tom Reed are dating. Tom Reed kissed Kay Moss."
ARTICLE = Article("jan", TEXT, date="2024-01-10")


def _claim(s, p, o, status="confirmed", quote="Ann Lee stars as Kay Moss.", article="jan"):
    start = TEXT.find(quote)
    return Claim(s, p, o, status, Evidence(article, quote, start, start + len(quote)))


def _corr(action, edge=("", "", ""), **kw):
    return Correction(action, "corrections.yaml", kw.pop("line", 3), edge=edge, **kw)


EXTRACTED = [_claim(ANN, "plays", KAY), _claim(TOM, "kissed", KAY, "hinted", "Tom Reed kissed Kay Moss.")]


# ---------------------------------------------------------------- applying


def test_reject_removes_the_edge_and_matches_symmetric_edges_either_way():
    out = apply_corrections(EXTRACTED, [ARTICLE], [_corr("reject", ("kay", "kissed", "TOM REED"))])
    assert [c.predicate for c in out.claims] == ["plays"]
    assert out.warnings == []


def test_change_sets_the_status_and_marks_the_claim_corrected_with_its_note():
    out = apply_corrections(EXTRACTED, [ARTICLE], [_corr("change", ("Tom Reed", "kissed", "Kay Moss"),
                                                         status="confirmed", note="seen in episode 3")])
    kissed = next(c for c in out.claims if c.predicate == "kissed")
    assert (kissed.status, kissed.corrected, kissed.evidence.note) == ("confirmed", True, "seen in episode 3")
    assert kissed.to_record()["corrected"] is True and kissed.to_record()["note"] == "seen in episode 3"
    plays = next(c for c in out.claims if c.predicate == "plays")
    assert plays.corrected is False


def test_add_finds_the_sentence_in_the_article_and_types_new_entities_from_the_edge_table():
    add = _corr("add", ("Kay", "partnerOf", "Tom Reed"), status="confirmed",
                quote="Kay Moss and Tom   Reed are dating.")  # spacing differs from the article
    out = apply_corrections(EXTRACTED, [ARTICLE], [add])
    new = out.claims[-1]
    assert (new.subject.id, new.predicate, new.object.id) == ("character/kay-moss", "partnerOf", "character/tom-reed")
    assert TEXT[new.evidence.start:new.evidence.end] == new.evidence.quote == "Kay Moss and Tom Reed are dating."
    assert new.corrected and "corrections.yaml line 3" in new.evidence.note


def test_add_of_an_edge_the_extractor_already_found_corrects_it_instead_of_repeating_it():
    add = _corr("add", ("Kay Moss", "kissed", "Tom Reed"), status="confirmed", quote="Tom Reed kissed Kay Moss.")
    out = apply_corrections(EXTRACTED, [ARTICLE], [add])
    kissed = [c for c in out.claims if c.predicate == "kissed"]
    assert len(kissed) == 1 and kissed[0].status == "confirmed" and kissed[0].corrected


def test_merge_moves_every_edge_and_keeps_the_old_name_as_an_alias():
    kay2 = Entity.make("Kay M.", "Character")
    claims = [*EXTRACTED, _claim(kay2, "partnerOf", TOM, quote="Kay Moss and Tom Reed are dating.")]
    out = apply_corrections(claims, [ARTICLE], [_corr("merge", merge="Kay M.", into="kay moss")])
    partner = next(c for c in out.claims if c.predicate == "partnerOf")
    assert partner.subject.id == "character/kay-moss" and "Kay M." in partner.subject.aliases
    assert {c.subject.id for c in out.claims} | {c.object.id for c in out.claims} >= {"character/kay-moss"}
    assert "character/kay-m" not in {c.subject.id for c in out.claims}


@pytest.mark.parametrize("corr, says", [
    (_corr("reject", ("Ann Lee", "plays", "Tom Reed"), line=7), "corrections.yaml line 7: reject [Ann Lee, plays, "
                                                                "Tom Reed] matches no edge"),
    (_corr("change", ("Ann Lee", "plays", "Kay Moss"), status="hinted", article="feb"), "not in this corpus"),
    (_corr("add", ("Kay Moss", "partnerOf", "Tom Reed"), status="confirmed", quote="They wed in Rome."),
     "quote is not in any article"),
    (_corr("merge", merge="Nobody", into="Kay Moss"), "no entity is named 'Nobody'"),
])
def test_a_correction_that_matches_nothing_is_reported_not_dropped(corr, says):
    out = apply_corrections(EXTRACTED, [ARTICLE], [corr])
    assert len(out.warnings) == 1 and says in str(out.warnings[0])
    assert out.claims == EXTRACTED


def test_an_add_whose_quote_is_in_two_articles_asks_which_one():
    other = Article("feb", "Kay Moss and Tom Reed are dating.")
    add = _corr("add", ("Kay Moss", "partnerOf", "Tom Reed"), status="confirmed",
                quote="Kay Moss and Tom Reed are dating.")
    assert "add 'article:'" in str(apply_corrections(EXTRACTED, [ARTICLE, other], [add]).warnings[0])
    out = apply_corrections(EXTRACTED, [ARTICLE, other], [dataclasses.replace(add, article="feb")])
    assert out.claims[-1].evidence.article_id == "feb" and not out.warnings


# ---------------------------------------------------------------- reading and validating


def test_a_valid_file_reads_every_action(tmp_path):
    path = tmp_path / "corrections.yaml"
    path.write_text(
        "- reject: [Darren Star, created, Younger]\n  note: wrong show\n"
        "- change: [Lucas Bravo, plays, Gabriel]\n  status: hinted\n"
        "- add: [Kay Moss, partnerOf, Tom Reed]\n  quote: Kay Moss and Tom Reed are dating.\n"
        "- {merge: Kay, into: Kay Moss}\n", encoding="utf-8")
    got = load_corrections(path)
    assert [(c.action, c.line) for c in got] == [("reject", 1), ("change", 3), ("add", 5), ("merge", 7)]
    assert got[2].status == "confirmed"  # the default for a hand-added edge
    assert load_corrections(_write(tmp_path, "# nothing yet\n")) == []


def _write(tmp_path, text, name="corrections.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, message", [
    ("- reject: [a, plays\n", "line 2: broken YAML"),
    ("reject: [Ann Lee, plays, Kay Moss]\n", "must be a list of entries"),
    ("- note: hello\n", "line 1: each entry needs exactly one of reject, change, add, merge (found none)"),
    ("- reject: [A, plays, B]\n  add: [A, plays, B]\n", "line 1: each entry needs exactly one"),
    ("- reject: [A, plays, B]\n\n- change: [A, plays, B]\n  stauts: hinted\n", "line 3: unknown key 'stauts'"),
    ("- reject: [A, play, B]\n", "unknown edge type 'play'; did you mean 'plays'?"),
    ("- reject: A plays B\n", "reject takes an edge as [Subject, predicate, Object]"),
    ("- change: [A, plays, B]\n  status: rumoured\n", "status 'rumoured' is not one of confirmed"),
    ("- change: [A, plays, B]\n", "change needs 'status'"),
    ("- add: [A, plays, B]\n", "add needs 'quote'"),
    ("- add: [A, plays, B]\n  quote: A plays B.\n  subject_type: Actor\n", "subject_type 'Actor' is not a node type"),
    ("- merge: Kay\n", "merge needs 'into'"),
])
def test_a_malformed_file_says_what_and_where(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(BadCorrections) as err:
        load_corrections(path)
    assert str(path) in str(err.value) and message in str(err.value)
    assert "README" in str(err.value)  # where the format is described


# ---------------------------------------------------------------- through the real command


def _corpus(tmp_path, corrections: str):
    (tmp_path / "a.txt").write_text("---\ntitle: Test\nshow: Test Show\ndate: 2024-01-10\n---\n"
                                    "In the drama, Ann Lee stars as Kay Moss, a florist.\n"
                                    "Kay Moss and Tom Reed are dating.\n", encoding="utf-8")
    _write(tmp_path, corrections)
    return tmp_path


def test_a_malformed_corrections_file_stops_the_build_with_one_line(tmp_path):
    corpus = _corpus(tmp_path, "- reject: [Ann Lee, plays]\n")
    proc = run_fankg("build", corpus, "--out", tmp_path / "out", "--no-cache")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"fankg: error: {corpus / 'corrections.yaml'} line 1: reject takes an edge as [Subject, predicate, Object], "
        "e.g. [Kay Moss, partnerOf, Tom Reed]; see 'Corrections' in README.md"]
    assert not (tmp_path / "out").exists()


def test_every_build_applies_the_corrections_and_leaves_the_file_as_it_was(tmp_path):
    text = ("- add: [Kay Moss, partnerOf, Tom Reed]\n  quote: Kay Moss and Tom Reed are dating.\n"
            "  note: seen in the pilot\n"
            "- reject: [Ben Cole, plays, Tom Reed]\n")
    corpus = _corpus(tmp_path, text)
    outputs = []
    for out in ("one", "two"):
        proc = run_fankg("build", corpus, "--out", tmp_path / out, "--no-cache")
        assert proc.returncode == 0, proc.stderr
        # the stale entry is reported on every build, naming the file and line
        assert f"fankg: warning: {corpus / 'corrections.yaml'} line 4: reject [Ben Cole, plays, Tom Reed] " \
               "matches no edge" in proc.stderr
        outputs.append((tmp_path / out / "test-show.jsonl").read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    records = [json.loads(line) for line in outputs[0].splitlines()]
    partner = [r for r in records if r["predicate"] == "partnerOf"]
    assert partner and all(r["corrected"] and r["note"] == "seen in the pilot" for r in partner)
    assert (corpus / "corrections.yaml").read_text(encoding="utf-8") == text


def test_the_fixture_corrections_make_the_in_universe_edges_and_mark_them():
    from graph.pipeline import run

    build = run([STORY])
    edge = build.graph.edges["character/kay-moss", "character/tom-reed", "exPartnerOf"]
    assert edge["corrected"] is True and edge["claims"][0]["corrected"] is True
    assert [str(w).split(": ", 1)[1] for w in build.warnings] == [
        "reject [Ben Cole, plays, Lou Hart] matches no edge any more; the articles may have changed: update or "
        "remove the entry"]
