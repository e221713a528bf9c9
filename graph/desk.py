"""The writers' desk: read the graph as a series bible.

- :func:`entity_card` -- everything about one entity, grouped by edge type (``fankg show``);
- :func:`relation` -- every edge and two-hop path between two entities (``fankg relation``);
- :func:`timeline` -- the claims about an entity by article date, and how each edge's status
  moved (a hint that became a fact, a theory denied later) (``fankg timeline``).

Each returns plain dicts (what ``--format json`` prints); ``format_*`` turns them into text.
Every claim becomes one *row*: the edge, its status, the quote, speaker, outlet and article.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime

import networkx as nx

from .errors import BadInput
from .model import EDGE_TYPES, STATUS_RANK, slugify

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %Y", "%Y-%m", "%Y")


def parse_date(text: str) -> date | None:
    """The date of an article's front-matter ``date`` (ISO or written out), or None.

    >>> parse_date("2024-03-02"), parse_date("March 2, 2024"), parse_date("2024-03-02T10:00:00Z")
    (datetime.date(2024, 3, 2), datetime.date(2024, 3, 2), datetime.date(2024, 3, 2))
    >>> parse_date("last spring") is None
    True
    """
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def article_index(articles) -> dict[str, dict]:
    """Article id -> its title and date (ISO when it could be read), for evidence rows."""
    index = {}
    for a in articles:
        when = parse_date(a.date)
        index[a.id] = {"title": a.title, "date": when.isoformat() if when else (a.date or "")}
    return index


# ---------------------------------------------------------------- finding an entity


def _names(g: nx.MultiDiGraph, node: str) -> list[str]:
    data = g.nodes[node]
    return [data["label"], *data.get("aliases", ())]


def find_entity(g: nx.MultiDiGraph, name: str) -> str:
    """The node a user means by ``name``: an id, a label or an alias, any case or accents.

    Labels win over aliases; a name that still fits several nodes, or none, is a
    :class:`BadInput` naming the candidates (or the closest names).
    """
    if name in g:
        return name
    wanted = slugify(name)
    by_label = sorted(n for n in g if slugify(g.nodes[n]["label"]) == wanted or n.casefold() == name.casefold())
    hits = by_label or sorted(n for n in g if any(slugify(a) == wanted for a in _names(g, n)))
    if len(hits) == 1:
        return hits[0]
    if hits:
        options = ", ".join(f"{g.nodes[n]['label']} ({g.nodes[n]['type']}: {n})" for n in hits)
        raise BadInput(f"{name!r} could be {options}; give the id to choose one")
    everyone = {slugify(a): g.nodes[n]["label"] for n in sorted(g) for a in _names(g, n)}
    close = difflib.get_close_matches(wanted, everyone, n=3, cutoff=0.5)
    close += [k for k in sorted(everyone) if wanted and wanted in k]
    labels = list(dict.fromkeys(everyone[k] for k in close))[:4]
    hint = f"did you mean {', '.join(labels)}?" if labels else \
        "no similar name either; check the spelling or the corpus paths"
    raise BadInput(f"no entity named {name!r} in the graph; {hint}")


# ---------------------------------------------------------------- rows of evidence


def _oriented(s: str, o: str, predicate: str, focus: str) -> tuple[str, str]:
    """A symmetric edge reads from the entity in focus ("Kay kissed Sam" on Kay's page)."""
    edge = EDGE_TYPES.get(predicate)
    return (o, s) if focus and o == focus and edge is not None and edge.symmetric else (s, o)


def claim_rows(g, s: str, o: str, predicate: str, articles: dict, statuses=(), focus: str = "") -> list[dict]:
    """One row per claim of the edge (s, predicate, o), optionally only those of some statuses."""
    data = g.edges[s, o, predicate]
    s, o = _oriented(s, o, predicate, focus)
    rows = []
    for rec in data["claims"]:
        if statuses and rec["status"] not in statuses:
            continue
        art = articles.get(rec["article"], {})
        rows.append({
            "subject": g.nodes[s]["label"], "subject_id": s, "predicate": predicate,
            "object": g.nodes[o]["label"], "object_id": o, "status": rec["status"], "quote": rec["quote"],
            "speaker": rec.get("speaker") or "", "outlet": rec.get("outlet") or "", "article": rec["article"],
            "title": art.get("title", ""), "date": art.get("date", ""), "start": rec["start"],
            "corrected": bool(rec.get("corrected")), "note": rec.get("note") or "",
        })
    return rows


def edge_summary(g, s: str, o: str, predicate: str, articles: dict, statuses=(), focus: str = "") -> dict | None:
    """An edge with its rows; None when the status filter leaves no claim."""
    rows = claim_rows(g, s, o, predicate, articles, statuses, focus)
    if not rows:
        return None
    s, o = _oriented(s, o, predicate, focus)
    return {
        "subject": g.nodes[s]["label"], "subject_id": s, "predicate": predicate,
        "object": g.nodes[o]["label"], "object_id": o,
        "symmetric": bool(getattr(EDGE_TYPES.get(predicate), "symmetric", False)),
        "status": max((r["status"] for r in rows), key=STATUS_RANK.__getitem__),
        "corrected": any(r["corrected"] for r in rows), "claims": rows,
    }


def _edges_between(g, a: str, b: str):
    """Every (s, o, predicate) edge joining a and b, whichever way it points."""
    found: set[tuple[str, str, str]] = set()
    for s, o in ((a, b), (b, a)):
        if g.has_edge(s, o):
            found.update((s, o, p) for p in g[s][o])
    return sorted(found)


def _edges_of(g, node: str):
    return sorted({*((node, o, p) for _, o, p in g.out_edges(node, keys=True)),
                   *((s, node, p) for s, _, p in g.in_edges(node, keys=True))})


# ---------------------------------------------------------------- show


def entity_card(g: nx.MultiDiGraph, name: str, articles=(), statuses=()) -> dict:
    """Everything the graph says about one entity, grouped by edge type, with all evidence.

    ``statuses`` keeps only claims of those statuses (``("confirmed",)``: canon only).
    """
    node = find_entity(g, name)
    index = article_index(articles)
    groups: dict[str, list[dict]] = {}
    for s, o, p in _edges_of(g, node):
        edge = edge_summary(g, s, o, p, index, statuses, focus=node)
        if edge is not None:
            groups.setdefault(p, []).append(edge)
    data = g.nodes[node]
    return {"id": node, "label": data["label"], "type": data["type"], "aliases": list(data.get("aliases", ())),
            "statuses": list(statuses), "edges": dict(sorted(groups.items()))}


def source_text(row: dict) -> str:
    said = " to ".join(x for x in (row["speaker"], row["outlet"]) if x)
    where = ", ".join(x for x in (row["article"], row["date"]) if x)
    return "; ".join(x for x in (said, where) if x)


def format_row(row: dict, indent: str = "    ") -> str:
    """One claim on one line: status, quote, (speaker to outlet; article, date), correction note."""
    source = source_text(row)
    line = f"{indent}{row['status']:<10} \"{row['quote']}\"" + (f" ({source})" if source else "")
    if row["corrected"]:
        line += f" [corrected{': ' + row['note'] if row['note'] else ''}]"
    return line


def format_edge(edge: dict, indent: str = "  ") -> list[str]:
    arrow = "—" if edge["symmetric"] else "→"
    flag = ", corrected" if edge["corrected"] else ""
    head = f"{indent}{edge['subject']} {arrow}{edge['predicate']}{arrow} {edge['object']}  [{edge['status']}{flag}]"
    return [head, *(format_row(r, indent + "  ") for r in edge["claims"])]


def _title(card: dict) -> str:
    aliases = f", also {', '.join(card['aliases'])}" if card.get("aliases") else ""
    return f"{card['label']} ({card['type']}{aliases})"


def format_card(card: dict) -> str:
    n_edges = sum(len(v) for v in card["edges"].values())
    n_claims = sum(len(e["claims"]) for v in card["edges"].values() for e in v)
    only = f", {'/'.join(card['statuses'])} only" if card["statuses"] else ""
    lines = [_title(card), f"{card['id']}: {n_edges} edge(s), {n_claims} claim(s){only}"]
    for predicate, edges in card["edges"].items():
        lines += ["", predicate]
        for edge in edges:
            lines += format_edge(edge)
    if not card["edges"]:
        lines += ["", "no edge" + (" with that status" if card["statuses"] else "")]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- relation


def relation(g: nx.MultiDiGraph, name_a: str, name_b: str, articles=(), statuses=()) -> dict:
    """Every edge between two entities, and every path through one other entity, with evidence."""
    a, b = find_entity(g, name_a), find_entity(g, name_b)
    if a == b:
        raise BadInput(f"{name_a!r} and {name_b!r} are the same entity ({a}); give two different ones")
    index = article_index(articles)

    def summaries(x, y):
        found = (edge_summary(g, s, o, p, index, statuses, focus=x) for s, o, p in _edges_between(g, x, y))
        return [e for e in found if e is not None]

    undirected = set(nx.all_neighbors(g, a)) & set(nx.all_neighbors(g, b))
    paths = []
    for via in sorted(undirected - {a, b}):
        first, second = summaries(a, via), summaries(via, b)
        if first and second:
            paths.append({"via": via, "via_label": g.nodes[via]["label"], "via_type": g.nodes[via]["type"],
                          "first": first, "second": second})
    return {"a": {"id": a, "label": g.nodes[a]["label"], "type": g.nodes[a]["type"]},
            "b": {"id": b, "label": g.nodes[b]["label"], "type": g.nodes[b]["type"]},
            "statuses": list(statuses), "direct": summaries(a, b), "paths": paths}


def format_relation(rel: dict) -> str:
    a, b = rel["a"], rel["b"]
    lines = [f"{a['label']} ({a['type']}) and {b['label']} ({b['type']})", "",
             f"direct edges: {len(rel['direct'])}"]
    for edge in rel["direct"]:
        lines += format_edge(edge)
    lines += ["", f"paths through one other entity: {len(rel['paths'])}"]
    for path in rel["paths"]:
        lines.append(f"  via {path['via_label']} ({path['via_type']})")
        for edge in path["first"] + path["second"]:
            lines += format_edge(edge, "    ")
    if not rel["direct"] and not rel["paths"]:
        lines += ["", "nothing joins them within two hops"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- timeline


def _date_key(row: dict):
    when = parse_date(row["date"])
    return (when is None, when or date.min, row["article"], row["start"], row["predicate"])


def development(statuses: list[str]) -> str:
    """How an edge's status moved from article to article, in a few words.

    >>> development(["hinted", "confirmed"]), development(["speculated", "denied"])
    ('hint became fact', 'denied later')
    >>> development(["confirmed", "confirmed"]), development(["hinted"])
    ('confirmed throughout', 'hinted once')
    """
    steps = [s for i, s in enumerate(statuses) if i == 0 or s != statuses[i - 1]]
    last, earlier = steps[-1], steps[:-1]
    if not earlier:
        return f"{last} throughout" if len(statuses) > 1 else f"{last} once"
    if last == "confirmed" and "denied" in earlier:
        return "denied, then confirmed"
    if last == "confirmed":
        return "hint became fact" if "hinted" in earlier else "speculation became fact"
    if last == "denied":
        return "denied later"
    return f"now {last}"


def timeline(g: nx.MultiDiGraph, name: str, articles=(), statuses=()) -> dict:
    """The claims about one entity in article-date order, and each edge's development."""
    node = find_entity(g, name)
    index = article_index(articles)
    events, edges = [], []
    for s, o, p in _edges_of(g, node):
        rows = sorted(claim_rows(g, s, o, p, index, statuses, focus=node), key=_date_key)
        if not rows:
            continue
        s, o = _oriented(s, o, p, node)
        events += rows
        steps = [{"status": r["status"], "date": r["date"], "article": r["article"]} for r in rows]
        moved = len({r["status"] for r in rows}) > 1
        edges.append({"subject": g.nodes[s]["label"], "predicate": p, "object": g.nodes[o]["label"],
                      "steps": steps, "now": rows[-1]["status"], "changed": moved,
                      "development": development([r["status"] for r in rows])})
    events.sort(key=_date_key)
    edges.sort(key=lambda e: (not e["changed"], e["predicate"], e["subject"], e["object"]))
    data = g.nodes[node]
    return {"id": node, "label": data["label"], "type": data["type"], "aliases": list(data.get("aliases", ())),
            "statuses": list(statuses), "events": events, "edges": edges}


def format_timeline(tl: dict) -> str:
    lines = [f"Timeline of {_title(tl)}: {len(tl['events'])} claim(s)"]
    current = None
    for row in tl["events"]:
        heading = (row["date"] or "undated", row["article"])
        if heading != current:
            current = heading
            title = f" \"{row['title']}\"" if row["title"] else ""
            lines += ["", f"{heading[0]}  {row['article']}{title}"]
        lines.append(f"  {row['subject']} {row['predicate']} {row['object']}")
        lines.append(format_row({**row, "article": "", "date": ""}, "    "))
    moved = [e for e in tl["edges"] if e["changed"]]
    lines += ["", f"how the edges developed ({len(moved)} changed status):"]
    for edge in tl["edges"]:
        path = " → ".join(f"{s['status']} ({s['date'] or 'undated'})" for s in edge["steps"])
        lines.append(f"  {edge['subject']} {edge['predicate']} {edge['object']}: {path}: {edge['development']}")
    return "\n".join(lines) + "\n"
