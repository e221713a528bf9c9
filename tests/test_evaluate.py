"""`fankg eval`: the extraction scores, agreement with the client's scorer, scoring a set of
annotated articles, and the seed targets the client set."""

import ast
import contextlib
import importlib.util
import io
import json
import random
import re
import subprocess
import sys
from functools import cache

import pytest
import yaml
from click.testing import CliRunner

from graph.cli import main as fankg
from graph.errors import BadInput
from graph.evaluate import (
    SCORED,
    annotated_articles,
    format_scores,
    load_gold,
    pool,
    score,
    score_folders,
    season_of,
)

from .conftest import DATA, SEED, SHARED, need_shared, run_fankg

GOLD = SHARED / "eval" / "gold" / "seed-emily-in-paris.yaml"
SCORER = SHARED / "eval" / "score.py"
REAL = SHARED / "eval" / "real"
STATUSES = ("confirmed", "hinted", "speculated", "denied")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _ent(label, kind, *aliases):
    return {"label": label, "type": kind, "aliases": list(aliases)}


def _rec(s, p, o, status="confirmed", s_type=None, o_type=None):
    return {"subject": s, "subject_type": s_type, "predicate": p, "object": o, "object_type": o_type,
            "status": status}


def test_score_counts_hits_misses_and_statuses():
    gold = {"entities": [_ent("Kay Moss", "Character", "Kay"), _ent("Ann Lee", "Person"), _ent("Tom", "Character"),
                         _ent("Lumen Bay Season 2", "Season"), _ent("Lumen Bay", "Show")],
            "edges": [["Ann Lee", "plays", "Kay Moss", "confirmed"], ["Kay Moss", "kissed", "Tom", "hinted"],
                      ["Lumen Bay", "hasSeason", "Lumen Bay Season 2", "confirmed"]]}
    records = [_rec("Ann Lee", "plays", "kay"),
               _rec("Tom", "kissed", "Kay"),  # symmetric
               _rec("Lumen Bay", "hasSeason", "the second season"),
               _rec("Tom", "bossOf", "Kay")]
    result = score(gold, records)
    assert (result["tp"], result["pred"], result["gold"]) == (3, 4, 3)
    assert result["P"] == 0.75 and result["R"] == 1.0
    assert result["status_acc"] == round(2 / 3, 3)
    assert result["wrong"] == [("Tom", "bossOf", "Kay Moss")]


def test_a_town_named_like_its_show_is_told_apart_by_the_predicted_type():
    gold = {"entities": [_ent("Marrow Creek", "Show"), _ent("Marrow Creek (town)", "Place", "Marrow Creek"),
                         _ent("Odile Varga", "Character", "Odile")],
            "edges": [["Marrow Creek", "setIn", "Marrow Creek (town)", "confirmed"],
                      ["Odile Varga", "livesIn", "Marrow Creek (town)", "confirmed"]]}
    typed = [_rec("Marrow Creek", "setIn", "Marrow Creek", s_type="Show", o_type="Place"),
             _rec("Odile", "livesIn", "Marrow Creek", s_type="Character", o_type="Place")]
    assert score(gold, typed)["tp"] == 2
    # with no type (or a type no candidate has), the annotation's first entity of that name
    untyped = [_rec("Odile", "livesIn", "Marrow Creek"), _rec("Odile", "livesIn", "Marrow Creek", o_type="Event")]
    assert score(gold, untyped)["wrong"] == [("Odile Varga", "livesIn", "Marrow Creek")]


def test_plus_and_ampersand_are_part_of_a_name():
    gold = {"entities": [_ent("Salt & Ash", "Show"), _ent("Lumen TV+", "Organization"), _ent("Lumen TV", "Organization")],
            "edges": [["Salt & Ash", "airsOn", "Lumen TV+", "confirmed"]]}
    assert score(gold, [_rec("salt & ash", "airsOn", "Lumen TV+")])["tp"] == 1
    result = score(gold, [_rec("Salt & Ash", "airsOn", "Lumen TV"), _rec("Salt Ash", "airsOn", "Lumen TV+")])
    assert result["tp"] == 0
    assert result["wrong"] == [("?Salt Ash", "airsOn", "?Lumen TV+"), ("Salt & Ash", "airsOn", "Lumen TV")]


@pytest.mark.parametrize("label, number", [
    ("Season 2", 2), ("season two", 2), ("the second season", 2), ("S2", 2), ("Orchard Row's season 12", 12),
    ("the eighth season", 8), ("the ninth season", None), ("the final season", None), ("season two's finale", 2),
    ("a season of change", None), ("the second season of Orchard Row", None), ("Orchard Row", None),
])
def test_season_numbers_as_the_client_reads_them(label, number):
    assert season_of(label) == number


def test_seasons_match_by_number_only_when_no_name_fits():
    gold = {"entities": [_ent("Orchard Row", "Show"), _ent("Orchard Row Season 3", "Season", "third season"),
                         _ent("Orchard Row Season 4", "Season", "the final season")],
            "edges": [["Orchard Row", "hasSeason", "Orchard Row Season 3", "confirmed"],
                      ["Orchard Row", "hasSeason", "Orchard Row Season 4", "hinted"]]}
    result = score(gold, [_rec("Orchard Row", "hasSeason", "S3"), _rec("Orchard Row", "hasSeason", "Final Season"),
                          _rec("Orchard Row", "hasSeason", "season five")])
    assert (result["tp"], result["pred"]) == (2, 3)
    assert result["status_wrong"] == [("Orchard Row", "hasSeason", "Orchard Row Season 4")]


# ---------------------------------------------------------------- agreement with the client's scorer


def _synthetic_predictions(gold: dict, rng: random.Random) -> list[dict]:
    """Records that exercise every rule of the scorer: each gold edge under a random name of
    each end (label or alias, with case, 'the', a possessive or punctuation changed), some with
    a wrong or no type, a wrong status or a repeat, some dropped; storylines under new labels;
    season ends by number; and invented edges, names, predicates and statuses."""
    entities = {e["label"]: e for e in gold["entities"]}
    kinds = sorted({e["type"] for e in entities.values()})

    def name(label):
        ent = entities.get(label)
        base = rng.choice([label, *((ent or {}).get("aliases") or [])])
        return rng.choice([base, base, base.upper(), f"The {base}", f"{base}’s", base.replace(" ", "-"), f"{base}.",
                           f"{base}+", f"{base} &the co"])

    def kind(label):
        true = entities.get(label, {}).get("type")
        return rng.choice([true, true, true, None, rng.choice(kinds)])

    def season(label):
        number = season_of(label)
        return name(label) if number is None or rng.random() < 0.5 else f"Season {number}"

    stories = {label: f"arc {n}" for n, label in enumerate(entities) if entities[label]["type"] == "Storyline"}
    records = []
    for s, p, o, status in gold["edges"]:
        if rng.random() < 0.15:
            continue
        if o in stories and rng.random() < 0.8:
            obj = stories[o]  # a label of our own: the storyline is matched by its members
        elif entities.get(o, {}).get("type") == "Season":
            obj = season(o)
        else:
            obj = name(o)
        statuses = [rng.choice([status, status, *STATUSES])] + rng.sample([*STATUSES, "rumoured"], rng.choice([0, 0, 1, 2]))
        for said in statuses:  # one edge said several times counts once, with its strongest known status
            records.append(_rec(name(s), p, obj, said, kind(s), kind(o)))
    labels = sorted(entities)
    show = next((label for label in labels if entities[label]["type"] == "Show"), labels[0])
    for label in labels:  # every season under every form the scorer reads, and some it does not
        number = season_of(label)
        if entities[label]["type"] == "Season" and number is not None:
            ordinal = ORDINALS[number - 1] if number <= len(ORDINALS) else f"{number}th"
            for form in (f"S{number}", f"the {ordinal} season", f"season {number} finale", f"the {ordinal} season of it"):
                records.append(_rec(show, "hasSeason", form, rng.choice(STATUSES), "Show", kind(label)))
    predicates = sorted(SCORED) + ["rivalOf", "siblingOf", "motherOf"]
    for _ in range(max(3, len(gold["edges"]) // 3)):
        s = rng.choice(labels + ["Ilsa Brannock", "Season 9"])
        o = rng.choice(labels + ["Pell Harrow", "arc 0", "the ninth season", "season two", "S4", "the final season"])
        records.append(_rec(name(s), rng.choice(predicates), name(o),
                            rng.choice(STATUSES), kind(s), kind(o)))
    return records


def _with_namesakes(gold: dict) -> dict:
    """The annotation plus names that only the scorer's finer rules tell apart: for each show a
    town of the same name (and an edge to it), for each organisation a "+" service of its own,
    and an unscored edge type that our model holds symmetric but the scorer does not."""
    entities, edges = list(gold["entities"]), list(gold["edges"])
    for ent in gold["entities"]:
        if ent["type"] == "Show":
            entities.append(_ent(f"{ent['label']} (town)", "Place", ent["label"]))
            edges.append([ent["label"], "setIn", f"{ent['label']} (town)", "confirmed"])
        if ent["type"] == "Organization":
            entities.append(_ent(f"{ent['label']}+", "Organization"))
            edges.append([ent["label"] + "+", "airsOn", ent["label"], "hinted"])
    people = sorted(e["label"] for e in gold["entities"] if e["type"] in ("Character", "Person"))
    edges.append([people[-1], "rivalOf", people[0], "confirmed"])
    return {**gold, "entities": entities, "edges": edges}


@cache
def _client_scorer():
    spec = importlib.util.spec_from_file_location("client_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _client_score(gold_path, pred_path, monkeypatch) -> dict:
    """The client's scorer's verdict, run in-process: its JSON line and its edge lists."""
    monkeypatch.setattr(sys, "argv", ["score.py", str(gold_path), str(pred_path), "--verbose"])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _client_scorer().main()
    *edges, numbers = out.getvalue().splitlines()
    result = {**json.loads(numbers), "missed": [], "wrong": [], "status_wrong": []}
    lists = {"MISS": "missed", "FALSE": "wrong", "STATUS": "status_wrong"}
    for line in edges:  # MISS ('a', 'p', 'b') confirmed / STATUS ('a', 'p', 'b') pred x gold y
        label, rest = line.split(" ", 1)
        result[lists[label]].append(ast.literal_eval(rest[:rest.rindex(")") + 1]))
    return {k: sorted(v) if isinstance(v, list) else v for k, v in result.items()}


def test_our_scorer_agrees_with_the_clients_on_every_real_annotation(tmp_path, monkeypatch):
    """Synthetic predictions built from each real annotation (and from it with namesakes added)
    get the same numbers and the same missed, wrong and mis-statused edges from both scorers."""
    need_shared(SCORER)
    golds = sorted(REAL.glob("*.yaml"))
    assert len(golds) >= 24
    for gold_path in golds:
        for round_ in range(6):
            gold = load_gold(gold_path) if round_ < 3 else _with_namesakes(load_gold(gold_path))
            records = _synthetic_predictions(gold, random.Random(f"{gold_path.stem}/{round_}"))
            gold_file, pred = tmp_path / "gold.yaml", tmp_path / "pred.jsonl"
            gold_file.write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
            pred.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            theirs = _client_score(gold_file, pred, monkeypatch)
            ours = {k: v for k, v in score(gold, records).items() if k in theirs}
            assert ours == theirs, (gold_path.name, round_)


def test_our_scores_agree_with_the_clients_scorer_on_the_seed(tmp_path):
    need_shared(GOLD)
    pred = tmp_path / "pred.jsonl"
    pred.write_text(run_fankg("extract", SEED).stdout, encoding="utf-8")
    theirs = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(pred)],
                            capture_output=True, text=True, check=True).stdout.splitlines()[-1]
    ours = run_fankg("eval", GOLD, SEED).stdout.splitlines()[-1]
    assert json.loads(ours) == json.loads(theirs)


# ---------------------------------------------------------------- the seed and the development set


@pytest.mark.parametrize("extra", [[], ["--no-profile"]])
def test_seed_meets_the_targets(extra):
    """Precision >= 0.9, recall >= 0.85, status accuracy >= 0.9, with and without the profile."""
    need_shared(GOLD)
    proc = run_fankg("eval", GOLD, SEED, *extra)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["P"] >= 0.9 and result["R"] >= 0.85 and result["status_acc"] >= 0.9, result


def test_dev_articles_keep_their_precision():
    """Our own twelve annotated articles about other shows, pooled: a wrong edge is worse than a
    missing one. (Before the extractor was rebuilt: P 0.947, R 0.562, status 0.974; after it:
    P 0.957, R 0.660, status 0.968.)"""
    scores = score_folders([DATA / "eval"])
    assert len(scores) == 12
    pooled = pool([s for _, s in scores])
    assert pooled["P"] >= 0.93 and pooled["R"] >= 0.62 and pooled["status_acc"] >= 0.95, pooled


def test_real_articles_meet_the_targets():
    """The client's 24 real articles, pooled: precision >= 0.85, recall >= 0.70, status accuracy
    >= 0.9. They are a development set (rules were written while reading them): the floor below
    is to catch a change that loses what they taught, not a measure of unseen text."""
    need_shared(REAL)
    scores = score_folders([REAL])
    assert len(scores) == 24
    pooled = pool([s for _, s in scores])
    assert pooled["P"] >= 0.85 and pooled["R"] >= 0.70 and pooled["status_acc"] >= 0.9, pooled


# ---------------------------------------------------------------- a set of articles


def test_pooling_sums_the_counts_before_dividing():
    one = score({"entities": [_ent("Kay", "Character"), _ent("Tom", "Character"), _ent("Ivo", "Character")],
                 "edges": [["Kay", "kissed", "Tom", "hinted"], ["Kay", "friendOf", "Ivo", "confirmed"]]},
                [_rec("Tom", "kissed", "Kay"), _rec("Kay", "friendOf", "Ivo"), _rec("Ivo", "bossOf", "Tom")])
    two = score({"entities": [_ent("Ann", "Person"), _ent("Kay", "Character")],
                 "edges": [["Ann", "plays", "Kay", "confirmed"], ["Ann", "castIn", "Kay", "confirmed"]]}, [])
    pooled = pool([one, two])
    assert (pooled["articles"], pooled["gold"], pooled["pred"], pooled["tp"]) == (2, 4, 3, 2)
    assert (pooled["P"], pooled["R"], pooled["status_acc"]) == (0.667, 0.5, 0.5)  # not the mean of 0.667 and 0.0
    text = format_scores([("kay-story", one), ("ann-story", two)], verbose=True).splitlines()
    assert text[0].startswith("kay-story") and "tp    2" in text[0] and "status 0.500" in text[0]
    assert "  WRONG Ivo | bossOf | Tom" in text and "  STATUS Kay | kissed | Tom" in text
    assert text[-1].startswith("pooled (2 articles)") and "P 0.667  R 0.500" in text[-1]


def _write_pair(folder, slug, article, entities, edges):
    folder.mkdir(exist_ok=True)
    (folder / f"{slug}.txt").write_text(article, encoding="utf-8")
    (folder / f"{slug}.yaml").write_text(yaml.safe_dump({"entities": entities, "edges": edges}), encoding="utf-8")


@pytest.fixture
def tiny_set(tmp_path):
    """Two invented articles with their annotations; each annotation holds one edge its article
    never states, so that every article has a miss to list."""
    folder = tmp_path / "set"
    _write_pair(folder, "harbor-lights",
                "Harbor Lights renewed for a second season\n\nStreamly has renewed Harbor Lights for a second "
                "season. Mira Solano stars as Jess Pike, a ferry pilot, and Theo Brandt plays Cal Rourke.\n",
                [_ent("Harbor Lights", "Show"), _ent("Harbor Lights Season 2", "Season"), _ent("Streamly", "Organization"),
                 _ent("Mira Solano", "Person"), _ent("Jess Pike", "Character", "Jess"), _ent("Theo Brandt", "Person"),
                 _ent("Cal Rourke", "Character", "Cal"), _ent("Gullhaven", "Place")],
                [["Mira Solano", "plays", "Jess Pike", "confirmed"], ["Theo Brandt", "plays", "Cal Rourke", "confirmed"],
                 ["Harbor Lights", "hasSeason", "Harbor Lights Season 2", "confirmed"],
                 ["Harbor Lights", "setIn", "Gullhaven", "confirmed"]])
    _write_pair(folder, "copper-fields",
                "Copper Fields adds a newcomer\n\nNadia Orlov plays Wren Halloway in Copper Fields, which airs on "
                "Northwind.\n",
                [_ent("Copper Fields", "Show"), _ent("Northwind", "Organization"), _ent("Nadia Orlov", "Person"),
                 _ent("Wren Halloway", "Character", "Wren"), _ent("Pell Harrow", "Character")],
                [["Nadia Orlov", "plays", "Wren Halloway", "confirmed"], ["Copper Fields", "airsOn", "Northwind", "confirmed"],
                 ["Wren Halloway", "friendOf", "Pell Harrow", "confirmed"]])
    return folder


def test_eval_of_a_folder_prints_each_article_and_the_pooled_scores(tiny_set):
    proc = run_fankg("eval", tiny_set, "-v")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    rows = [line for line in lines if not line.startswith("  ")]
    assert [row.split()[0] for row in rows] == ["copper-fields", "harbor-lights", "pooled"]
    counts = [dict(zip(row.split()[-12::2], row.split()[-11::2], strict=True)) for row in rows]
    assert [c["gold"] for c in counts] == ["3", "4", "7"]
    assert int(counts[2]["tp"]) == int(counts[0]["tp"]) + int(counts[1]["tp"]) > 0
    assert "  MISS Harbor Lights | setIn | Gullhaven" in lines
    assert lines.index("  MISS Harbor Lights | setIn | Gullhaven") > lines.index(rows[1])
    assert rows[2].startswith("pooled (2 articles)")


def test_eval_of_a_folder_as_json(tiny_set):
    result = CliRunner().invoke(fankg, ["eval", str(tiny_set), "--format", "json"])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.output.splitlines()]
    assert [o["article"] for o in objects] == ["copper-fields", "harbor-lights", "pooled"]
    assert objects[-1]["articles"] == 2 and objects[-1]["gold"] == 7
    assert objects[-1]["tp"] == objects[0]["tp"] + objects[1]["tp"]
    assert "missed" not in objects[0]


@pytest.mark.parametrize("damage, message", [
    (lambda f: [p.unlink() for p in f.glob("*")], "no annotation (X.yaml) found"),
    (lambda f: (f / "copper-fields.txt").unlink(), "its article copper-fields.txt is missing"),
    (lambda f: (f / "copper-fields.yaml").write_text("entities: [\n"), "cannot read the annotation"),
    (lambda f: (f / "copper-fields.yaml").write_text("entities: []\nedges: [[a, plays]]\n"),
     "edge 1 should be [subject, predicate, object, status]"),
], ids=["empty folder", "no article", "broken yaml", "short edge"])
def test_eval_of_a_broken_set_says_what_is_wrong_in_one_line(tiny_set, damage, message):
    damage(tiny_set)
    with pytest.raises(BadInput, match=re.escape(message)):
        score_folders([tiny_set])
    result = CliRunner().invoke(fankg, ["eval", str(tiny_set)])
    assert result.exit_code == 2 and result.exception.__class__ is SystemExit
    assert message in result.output and len(result.output.splitlines()) == 1


def test_eval_wants_a_pair_or_folders(tiny_set):
    result = CliRunner().invoke(fankg, ["eval", str(tiny_set), str(tiny_set / "harbor-lights.txt")])
    assert result.exit_code == 2 and "give either GOLD ARTICLE" in result.output
    result = CliRunner().invoke(fankg, ["eval", str(tiny_set / "nowhere")])
    assert result.exit_code == 2 and "nowhere: no such file or folder" in result.output
    assert annotated_articles([tiny_set]) == [(tiny_set / f"{s}.yaml", tiny_set / f"{s}.txt")
                                             for s in ("copper-fields", "harbor-lights")]


def test_eval_reports_a_broken_annotation(tmp_path):
    bad = tmp_path / "gold.yaml"
    bad.write_text("edges: nope\n")
    proc = run_fankg("eval", bad, SEED)
    assert proc.returncode != 0 and "needs 'entities' and 'edges'" in proc.stderr
    assert "Traceback" not in proc.stderr
