"""Score extracted claims against a hand annotation (gold YAML), as the client's scorer does:
edges are compared as (subject, predicate, object) after mapping labels onto the annotation's
entities by label or alias; seasons match by number; storylines match by their members.

The gold format::

    entities: [{label: Kay Moss, type: Character, aliases: [Kay]}, ...]
    edges: [[Ann Lee, plays, Kay Moss, confirmed], ...]
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from .errors import BadInput
from .extract.mentions import season_number
from .model import EDGE_TYPES, STATUS_RANK

#: The edge types annotations score (the vocabulary's list; newer additions are not scored yet)
SCORED = frozenset({
    "plays", "created", "castIn", "hasSeason", "airsOn", "renewed", "delayedBy", "setIn", "comparedTo",
    "toldOutlet", "romanticInterest", "partnerOf", "exPartnerOf", "kissed", "friendOf", "roommateOf",
    "neighborOf", "bossOf", "worksAt", "businessPartnerOf", "from", "livesIn", "travelsTo", "involvedIn",
})


def normalise(label: str) -> str:
    """Case, punctuation, 'the' and a possessive 's do not tell labels apart.

    >>> normalise("The Kay–Tom–Ivo Love Triangle's")
    'kay tom ivo love triangle'
    """
    text = unicodedata.normalize("NFKC", str(label)).lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(w for w in text.split() if w != "the")


def load_gold(path) -> dict:
    try:
        gold = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise BadInput(f"{path}: cannot read the annotation ({err.__class__.__name__})") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("entities"), list) or not isinstance(gold.get("edges"), list):
        raise BadInput(f"{path}: an annotation needs 'entities' and 'edges' lists")
    return gold


def _edge_key(s, p, o):
    edge = EDGE_TYPES.get(p)
    if edge is not None and edge.symmetric and o < s:
        s, o = o, s
    return (s, p, o)


def score(gold: dict, records: list[dict]) -> dict:
    """Precision, recall, F1, status accuracy and strict F1 of ``records`` (extract output)."""
    entities = {e["label"]: e for e in gold["entities"]}
    stories = {label for label, e in entities.items() if e.get("type") == "Storyline"}
    names: dict[str, str] = {}
    seasons: dict[int, str] = {}
    for label, ent in entities.items():
        for name in [label, *(ent.get("aliases") or [])]:
            if label not in stories:
                names.setdefault(normalise(name), label)
            if ent.get("type") == "Season" and season_number(name) is not None:
                seasons.setdefault(season_number(name), label)

    def to_gold(label):
        hit = names.get(normalise(label))
        if hit is None and season_number(str(label)) is not None:
            hit = seasons.get(season_number(str(label)))
        return hit

    gold_edges = {_edge_key(s, p, o): st for s, p, o, st in gold["edges"]}
    story_of = _match_storylines(gold, records, stories, to_gold)

    predicted: dict[tuple, str] = {}
    for rec in records:
        p = rec.get("predicate")
        if p not in SCORED:
            continue
        s = to_gold(rec["subject"])
        o = story_of.get(rec["object"]) if p == "involvedIn" else None
        o = o or to_gold(rec["object"])
        key = _edge_key(s, p, o) if s and o else ("?" + rec["subject"], p, "?" + rec["object"])
        status = rec.get("status", "confirmed")
        if key not in predicted or STATUS_RANK.get(status, 0) > STATUS_RANK.get(predicted[key], 0):
            predicted[key] = status
    # a romance next to an annotated (ex-)partnership is the weaker reading of the same pair
    couples = {frozenset((k[0], k[2])) for k in gold_edges if k[1] in ("partnerOf", "exPartnerOf")}
    for key in [k for k in predicted if k[1] == "romanticInterest" and k not in gold_edges]:
        if frozenset((key[0], key[2])) in couples:
            del predicted[key]

    hits = [k for k in predicted if k in gold_edges]
    right = sum(predicted[k] == gold_edges[k] for k in hits)
    p = len(hits) / len(predicted) if predicted else 0.0
    r = len(hits) / len(gold_edges) if gold_edges else 0.0
    sp = right / len(predicted) if predicted else 0.0
    sr = right / len(gold_edges) if gold_edges else 0.0
    return {
        "gold": len(gold_edges), "pred": len(predicted), "tp": len(hits),
        "P": round(p, 3), "R": round(r, 3), "F1": round(_f1(p, r), 3),
        "status_acc": round(right / len(hits), 3) if hits else 0.0,
        "strict_F1": round(_f1(sp, sr), 3),
        "missed": sorted(k for k in gold_edges if k not in predicted),
        "wrong": sorted(k for k in predicted if k not in gold_edges),
        "status_wrong": sorted(k for k in hits if predicted[k] != gold_edges[k]),
    }


def _f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def _match_storylines(gold, records, stories, to_gold) -> dict[str, str]:
    """Predicted storyline label -> gold storyline, by the overlap of their members (>= 0.5)."""
    gold_members = {s: {e[0] for e in gold["edges"] if e[1] == "involvedIn" and e[2] == s} for s in stories}
    pred_members: dict[str, set] = {}
    for rec in records:
        if rec.get("predicate") == "involvedIn":
            member = to_gold(rec["subject"])
            pred_members.setdefault(rec["object"], set()).update({member} if member else set())
    candidates = []
    for g, gm in gold_members.items():
        for label, pm in pred_members.items():
            if gm and pm:
                overlap = len(gm & pm) / len(gm | pm)
                if overlap >= 0.5:
                    candidates.append((overlap, g, label))
    out: dict[str, str] = {}
    for _, g, label in sorted(candidates, reverse=True):
        if g not in out.values() and label not in out:
            out[label] = g
    return out
