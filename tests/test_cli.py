import json
import re

import pytest
from rdflib import Graph

from .conftest import DATA, ROOT, SEED, run_fankg


def test_build_writes_three_files_that_parse(seed_build):
    out, proc = seed_build
    assert "wrote" in proc.stdout and "confirmed" in proc.stdout
    ttl, html, jsonl = (out / f"emily-in-paris.{ext}" for ext in ("ttl", "html", "jsonl"))
    graph = Graph().parse(ttl, format="turtle")
    assert len(graph) > 20
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert records and all(r["quote"] for r in records)
    page = html.read_text(encoding="utf-8")
    assert "Lily Collins" in page and "vis.Network" in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", page), "external asset in page"


def test_build_is_deterministic(tmp_path, seed_build):
    out, _ = seed_build
    proc = run_fankg("build", ROOT / "seeds", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    for ext in ("ttl", "html", "jsonl"):
        assert (tmp_path / f"emily-in-paris.{ext}").read_bytes() == (out / f"emily-in-paris.{ext}").read_bytes()


def test_extract_prints_claims_whose_offsets_point_at_the_quote(seed_claims):
    from graph.ingest import read_article

    text = read_article(SEED).text
    keys = {"subject", "subject_type", "predicate", "object", "object_type", "status", "quote", "speaker",
            "outlet", "source", "start", "end"}
    assert seed_claims
    for rec in seed_claims:
        assert keys <= rec.keys()
        assert text[rec["start"]:rec["end"]] == rec["quote"]


def test_extract_reads_a_new_article_with_no_profile():
    proc = run_fankg("extract", DATA / "cast.txt")
    assert proc.returncode == 0, proc.stderr
    edges = {(r["subject"], r["predicate"], r["object"]) for r in map(json.loads, proc.stdout.splitlines())}
    assert ("Mara Quill", "plays", "Juno Vale") in edges
    assert ("Tobias Renn", "plays", "Felix") in edges
    assert ("Harbour Lights", "airsOn", "Hulu") in edges


@pytest.mark.parametrize("args, message", [
    (["build", "no/such/folder"], "no such file or folder"),
    (["extract", "no/such/file.txt"], "no such file"),
])
def test_missing_paths_give_one_line_and_no_traceback(tmp_path, args, message):
    proc = run_fankg(*args, "--out", tmp_path) if args[0] == "build" else run_fankg(*args)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("content, message", [(b"", "empty article"), (b"\x00\x01\x02binary", "binary file")])
def test_bad_files_give_one_line_and_no_traceback(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    proc = run_fankg("extract", bad)
    assert proc.returncode != 0
    assert message in proc.stderr and str(bad) in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    out = tmp_path / "out"
    proc = run_fankg("build", tmp_path, "--out", out)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert not out.exists() or not any(out.iterdir()), "no half-written output"


def test_build_skips_a_bad_article_but_builds_the_rest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text((DATA / "cast.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "empty.txt").write_text("")
    proc = run_fankg("build", corpus, "--out", tmp_path / "out")
    assert proc.returncode == 1
    assert "empty.txt" in proc.stderr
    assert (tmp_path / "out" / "harbour-lights.ttl").exists()
    proc = run_fankg("build", corpus, "--out", tmp_path / "strict", "--strict")
    assert proc.returncode != 0 and not (tmp_path / "strict").exists()


def test_every_command_has_help():
    from graph.cli import main

    proc = run_fankg("--help")
    assert proc.returncode == 0
    for name, command in main.commands.items():
        assert command.help and len(command.help) > 20, f"{name} has no help text"
        proc = run_fankg(name, "--help")
        assert proc.returncode == 0 and "Usage" in proc.stdout


def test_python_dash_m_and_the_console_script_agree():
    import shutil
    import subprocess

    exe = shutil.which("fankg", path=str(ROOT / ".venv" / "bin")) or shutil.which("fankg")
    assert exe, "the fankg command is not installed"
    proc = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and "fankg" in proc.stdout


def test_name_option_cannot_leave_the_output_folder(tmp_path):
    proc = run_fankg("build", DATA / "cast.txt", "--out", tmp_path / "out", "--name", "../escape")
    assert proc.returncode != 0 and "plain file name" in proc.stderr
    assert not (tmp_path / "escape.ttl").exists()
