"""Score extracted claims against a hand annotation (gold YAML), as the client's scorer
(``shared/eval/score.py``) does: edges are compared as (subject, predicate, object) after
mapping labels onto the annotation's entities by label or alias (where one name fits several
entities, the predicted type decides); seasons match by number; storylines match by their
members. ``tests/test_evaluate.py`` checks that both give the same numbers.

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
from .model import STATUS_RANK

#: The edge types annotations score (the vocabulary's list; newer additions are not scored yet)
SCORED = frozenset({
    "plays", "created", "castIn", "hasSeason", "airsOn", "renewed", "delayedBy", "setIn", "comparedTo",
    "toldOutlet", "romanticInterest", "partnerOf", "exPartnerOf", "kissed", "friendOf", "roommateOf",
    "neighborOf", "bossOf", "worksAt", "businessPartnerOf", "from", "livesIn", "travelsTo", "involvedIn",
})
#: The scorer's unordered edge types: its own list, so that edge types made symmetric later
#: (rivalOf, siblingOf) key gold edges as the client's scorer does
SYMMETRIC = frozenset({
    "comparedTo", "romanticInterest", "partnerOf", "exPartnerOf", "kissed", "friendOf", "roommateOf",
    "neighborOf", "businessPartnerOf",
})

#: The only punctuation the scorer ignores; "+", "&" and the like stay part of a name
_PUNCTUATION = re.compile(r"[–—\-_/,.:;!?\"'()]")
#: How the scorer finds a season's number in a normalised label; the first pattern that
#: matches decides, even when its word is no number ("season finale")
_SEASON_PATTERNS = tuple(re.compile(p) for p in (r"\bseason (\d+|\w+)\b", r"\b(\w+) season\b", r"\bs(\d+)\b"))
_SEASON_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
}


def normalise(label) -> str:
    """Case, the punctuation above, 'the' and a possessive 's do not tell labels apart.

    >>> normalise("The Kay–Tom–Ivo Love Triangle's")
    'kay tom ivo love triangle'
    >>> normalise("Lumen TV+"), normalise("Salt & Ash")
    ('lumen tv+', 'salt & ash')
    """
    text = unicodedata.normalize("NFKC", str(label)).lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = _PUNCTUATION.sub(" ", text)
    text = re.sub(r"\bthe\b", " ", text)
    return " ".join(text.split())


def season_of(label) -> int | None:
    """The season number a label names, by the scorer's rule (it mirrors ``season_num`` in the
    client's ``score.py``, which reads fewer forms than the extractor does): "Season 2",
    "second season" or "S2"; number words and ordinals up to eight; "final season" names none.

    >>> season_of("Lumen Bay Season 3"), season_of("the fifth season"), season_of("S10"), season_of("final season")
    (3, 5, 10, None)
    """
    text = normalise(label)
    for pattern in _SEASON_PATTERNS:
        found = pattern.search(text)
        if found:
            word = found.group(1)
            return int(word) if word.isdigit() else _SEASON_WORDS.get(word)
    return None


def load_gold(path) -> dict:
    """Read an annotation, checking its shape so that scoring it cannot fail half-way."""
    try:
        gold = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise BadInput(f"{path}: cannot read the annotation ({err.__class__.__name__})") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("entities"), list) or not isinstance(gold.get("edges"), list):
        raise BadInput(f"{path}: an annotation needs 'entities' and 'edges' lists")
    for n, ent in enumerate(gold["entities"], 1):
        if not isinstance(ent, dict) or not isinstance(ent.get("label"), str) or not isinstance(ent.get("type"), str) \
                or not isinstance(ent.get("aliases") or [], list):
            raise BadInput(f"{path}: entity {n} needs a 'label' and a 'type' (and 'aliases' as a list)")
    for n, edge in enumerate(gold["edges"], 1):
        if not isinstance(edge, list) or len(edge) != 4 or not all(isinstance(x, str) for x in edge):
            raise BadInput(f"{path}: edge {n} should be [subject, predicate, object, status]")
    return gold


def _edge_key(s, p, o):
    return (o, p, s) if p in SYMMETRIC and o < s else (s, p, o)


class _GoldNames:
    """Maps predicted labels onto the annotation's entities, as the scorer does."""

    def __init__(self, entities: dict[str, dict], stories: set[str]):
        self.entities = entities
        self.fits: dict[str, list[str]] = {}  # normalised name -> labels, in the annotation's order
        self.seasons: dict[int, str] = {}
        for label, ent in entities.items():
            names = [label, *(ent.get("aliases") or [])]
            if label not in stories:
                for name in names:
                    fits = self.fits.setdefault(normalise(name), [])
                    if label not in fits:
                        fits.append(label)
            if ent.get("type") == "Season":
                for number in map(season_of, names):
                    if number is not None:
                        self.seasons.setdefault(number, label)

    def __call__(self, label, kind=None) -> str | None:
        """The gold label that ``label`` names; where one name fits several entities (a town
        named like its show), the one of type ``kind``. A season by its number, if no name fits."""
        fits = self.fits.get(normalise(label)) or []
        typed = [f for f in fits if kind and self.entities[f].get("type") == kind]
        if typed or fits:
            return (typed or fits)[0]
        number = season_of(label)
        return None if number is None else self.seasons.get(number)


def score(gold: dict, records: list[dict]) -> dict:
    """Precision, recall, F1, status accuracy and strict F1 of ``records`` (extract output),
    with the ``missed``, ``wrong`` and ``status_wrong`` edges."""
    entities = {e["label"]: e for e in gold["entities"]}
    stories = {label for label, e in entities.items() if e.get("type") == "Storyline"}
    to_gold = _GoldNames(entities, stories)
    gold_edges = {_edge_key(s, p, o): st for s, p, o, st in gold["edges"]}
    story_of = _match_storylines(gold, records, stories, to_gold)

    predicted: dict[tuple, str] = {}
    for rec in records:
        p = rec.get("predicate")
        if p not in SCORED:
            continue
        s = to_gold(rec["subject"], rec.get("subject_type"))
        o = story_of.get(rec["object"]) if p == "involvedIn" else None
        if o is None:
            o = to_gold(rec["object"], rec.get("object_type"))
        if s is None or o is None:
            key = ("?" + str(rec["subject"]), p, "?" + str(rec["object"]))
        else:
            key = _edge_key(s, p, o)
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
    return {
        **_rates(len(gold_edges), len(predicted), len(hits), right),
        "missed": sorted(k for k in gold_edges if k not in predicted),
        "wrong": sorted(k for k in predicted if k not in gold_edges),
        "status_wrong": sorted(k for k in hits if predicted[k] != gold_edges[k]),
    }


def pool(results: list[dict]) -> dict:
    """The scores of a set of articles taken together: precision is all matched edges over all
    predicted ones, recall over all gold ones, status accuracy over all matched ones.

    >>> one = {"gold": 4, "pred": 2, "tp": 2, "status_wrong": [("Kay", "kissed", "Tom")]}
    >>> two = {"gold": 6, "pred": 3, "tp": 1, "status_wrong": []}
    >>> pool([one, two])
    {'articles': 2, 'gold': 10, 'pred': 5, 'tp': 3, 'P': 0.6, 'R': 0.3, 'F1': 0.4, 'status_acc': 0.667, 'strict_F1': 0.267}
    """
    gold, pred, tp = (sum(r[k] for r in results) for k in ("gold", "pred", "tp"))
    right = tp - sum(len(r["status_wrong"]) for r in results)
    return {"articles": len(results), **_rates(gold, pred, tp, right)}


def _rates(gold: int, pred: int, tp: int, right: int) -> dict:
    """The score's numbers from its counts (``right``: matched edges with the gold status)."""
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    sp = right / pred if pred else 0.0
    sr = right / gold if gold else 0.0
    return {
        "gold": gold, "pred": pred, "tp": tp, "P": round(p, 3), "R": round(r, 3), "F1": round(_f1(p, r), 3),
        "status_acc": round(right / tp, 3) if tp else 0.0, "strict_F1": round(_f1(sp, sr), 3),
    }


def _f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def _match_storylines(gold, records, stories, to_gold) -> dict[str, str]:
    """Predicted storyline label -> gold storyline, by the overlap of their members (>= 0.5)."""
    gold_members = {s: {e[0] for e in gold["edges"] if e[1] == "involvedIn" and e[2] == s} for s in stories}
    pred_members: dict[str, set] = {}
    for rec in records:
        if rec.get("predicate") == "involvedIn":
            member = to_gold(rec["subject"], rec.get("subject_type"))
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


# ---------------------------------------------------------------- a set of annotated articles


def annotated_articles(folders) -> list[tuple[Path, Path]]:
    """The (gold, article) pairs in ``folders``: every ``X.yaml`` with its ``X.txt`` beside it
    (show profiles and corrections files are not annotations)."""
    from .ingest import is_corrections, is_profile

    pairs = []
    for folder in map(Path, folders):
        if not folder.is_dir():
            raise BadInput(f"{folder}: not a folder; give folders of X.yaml annotations beside their X.txt articles")
        golds = [g for g in sorted(folder.glob("*.yaml")) if not (is_profile(g) or is_corrections(g))]
        if not golds:
            raise BadInput(f"{folder}: no annotation (X.yaml) found; give folders of X.yaml annotations beside "
                           "their X.txt articles")
        for gold in golds:
            article = gold.with_suffix(".txt")
            if not article.is_file():
                raise BadInput(f"{gold}: its article {article.name} is missing; put it beside the annotation")
            pairs.append((gold, article))
    return pairs


def score_folders(folders, use_profiles: bool = True) -> list[tuple[str, dict]]:
    """Extract and score every annotated article in ``folders`` with one extractor:
    ``[(article name, score), ...]``. Every annotation is read before any extraction, so a
    broken one stops the run at once."""
    from .pipeline import claims_of_file

    golds = [(gold.stem, load_gold(gold), article) for gold, article in annotated_articles(folders)]
    scores = []
    for name, gold, article in golds:
        doc, claims = claims_of_file(article, use_profiles=use_profiles)
        scores.append((name, score(gold, [c.to_record(doc) for c in claims])))
    return scores


#: The edge lists of a score, as -v names them
EDGE_LISTS = (("MISS", "missed"), ("WRONG", "wrong"), ("STATUS", "status_wrong"))


def format_scores(scores: list[tuple[str, dict]], verbose: bool = False) -> str:
    """One line per article and a pooled line; with ``verbose`` each article's edge lists."""
    pooled = pool([s for _, s in scores])
    rows = [*scores, (f"pooled ({pooled['articles']} articles)", pooled)]
    width = max(len(name) for name, _ in rows)
    lines = []
    for name, s in rows:
        lines.append(f"{name:<{width}}  gold {s['gold']:>4}  pred {s['pred']:>4}  tp {s['tp']:>4}  "
                     f"P {s['P']:.3f}  R {s['R']:.3f}  status {s['status_acc']:.3f}")
        for label, key in EDGE_LISTS if verbose else ():
            lines += [f"  {label} {' | '.join(edge)}" for edge in s.get(key, ())]
    return "\n".join(lines) + "\n"
