"""The interactive graph page: one self-contained HTML file that opens offline.

vis-network is read from the installed pyvis package at build time and inlined; the page
links nothing external, and its Content-Security-Policy forbids every load and every script
but its own (by hash), so markup smuggled in by an article could not run even if it reached
the page. It does not: article text travels as JSON data and the page script puts it on the
page with ``textContent``.

The page itself (markup, style, script) lives in ``graph/web/``. Positions are computed here
(:mod:`graph.layout`), so the browser draws at once instead of running physics.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", label="<b>A</b>", type="Character", aliases=[])
>>> page = to_html(g)
>>> "<b>A</b>" in page, "\\\\u003cb\\\\u003eA" in page
(False, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import defaultdict
from importlib import resources

import networkx as nx

from .layout import positions
from .model import EDGE_TYPES, STATUSES

#: Colour and vis.js shape of each node type (the legend is drawn from this table).
NODE_STYLES: dict[str, dict] = {
    "Show": {"colour": "#e4572e", "shape": "star"},
    "Season": {"colour": "#f3a712", "shape": "triangle"},
    "Character": {"colour": "#29335c", "shape": "dot"},
    "Person": {"colour": "#4f8fc0", "shape": "square"},
    "Storyline": {"colour": "#5f9e4a", "shape": "diamond"},
    "Organization": {"colour": "#8e7dbe", "shape": "hexagon"},
    "Place": {"colour": "#2a9d8f", "shape": "triangleDown"},
    "Event": {"colour": "#c1666b", "shape": "dot", "borderDashes": [3, 2]},
}
#: Line of each status: solid confirmed, dashed hinted, dotted speculated, red and crossed denied.
STATUS_STYLES: dict[str, dict] = {
    "confirmed": {"colour": "#3d3d3d", "width": 2, "dashes": False},
    "hinted": {"colour": "#2f6fb0", "width": 1.8, "dashes": [9, 6]},
    "speculated": {"colour": "#8a55a8", "width": 1.8, "dashes": [2, 5]},
    "denied": {"colour": "#d00000", "width": 1.8, "dashes": False, "cross": True},
}
#: Beyond this many nodes the physics switch is disabled: positions are final.
PHYSICS_LIMIT = 500
#: Beyond this many edges the page draws edge labels itself, only for edges in view.
EDGE_LABEL_LIMIT = 2000
#: How far apart parallel edges between the same two nodes bend (vis.js roundness).
BEND = 0.25

VIS_JS = "templates/lib/vis-9.1.2/vis-network.min.js"
_PLACEHOLDER = re.compile(r"__(CSP|TITLE|CSS|VIS|DATA|APP)__")


def vis_network_js() -> str:
    """The vis-network library shipped inside the installed pyvis package."""
    return resources.files("pyvis").joinpath(VIS_JS).read_text(encoding="utf-8")


def _asset(name: str) -> str:
    return resources.files("graph").joinpath("web", name).read_text(encoding="utf-8")


def script_json(value) -> str:
    """JSON that cannot end the ``<script>`` element holding it (no ``<``, ``>`` or ``&``).

    >>> script_json({"q": "</script><script>alert(1)</script>"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _bends(g: nx.MultiDiGraph) -> dict:
    """A bend for every edge but the first between the same two nodes, so none hide another."""
    between = defaultdict(list)
    for s, o, p in sorted(g.edges(keys=True)):
        between[tuple(sorted((s, o)))].append((s, o, p))
    bends = {}
    for (low, _), parallel in between.items():
        for i, (s, o, p) in enumerate(parallel[1:], start=1):
            bend = BEND * ((i + 1) // 2) * (1 if i % 2 else -1)
            bends[s, o, p] = bend if s == low else -bend  # same side whichever way the edge points
    return bends


def _no_level_edges(g: nx.MultiDiGraph, at: dict) -> dict:
    """Move nodes a pixel so no edge is exactly level: vis-network 9.1.2 draws the label of a
    level edge pointing left at the origin of the page instead of on the edge."""
    at = {n: list(xy) for n, xy in at.items()}
    for _ in range(10):
        level = sorted({o for s, o in g.edges() if s != o and at[s][1] == at[o][1]})
        for node in level:
            at[node][1] += 1
        if not level:
            break
    return {n: tuple(xy) for n, xy in at.items()}


def page_data(g: nx.MultiDiGraph, title: str = "fankg", articles=()) -> dict:
    """Everything the page shows, as plain JSON-ready values, in a stable order."""
    at = _no_level_edges(g, positions(g))
    nodes = [{"id": n, "label": d["label"], "type": d["type"], "aliases": list(d.get("aliases", [])),
              "x": at[n][0], "y": at[n][1], "degree": g.degree(n)}
             for n, d in sorted(g.nodes(data=True))]
    bends = _bends(g)
    edges = []
    for i, (s, o, p, d) in enumerate(sorted(g.edges(keys=True, data=True), key=lambda e: e[:3])):
        kind = EDGE_TYPES.get(p)
        edge = {"id": f"e{i}", "from": s, "to": o, "predicate": p, "label": kind.label if kind else p,
                "status": d["status"], "universe": bool(kind and kind.universe),
                "symmetric": bool(kind and kind.symmetric), "corrected": bool(d.get("corrected")),
                "claims": d["claims"]}
        if (s, o, p) in bends:
            edge["bend"] = bends[s, o, p]
        edges.append(edge)
    cited = {c["article"] for e in edges for c in e["claims"]}
    sources = {a.id: {"title": a.title, "url": a.url, "outlet": a.outlet, "date": a.date}
               for a in articles if a.id in cited}
    types = dict(NODE_STYLES)
    for node in nodes:  # a type outside the vocabulary still gets a legend row and a checkbox
        types.setdefault(node["type"], {"colour": "#9e9e9e", "shape": "dot"})
    # Lists, not objects: JSON keys are sorted, and the legends keep this order.
    style = {"types": [{"name": t, **s} for t, s in types.items()],
             "statuses": [{"name": s, **STATUS_STYLES[s]} for s in STATUSES]}
    return {"title": title, "nodes": nodes, "edges": edges, "articles": sources, "style": style,
            "physicsLimit": PHYSICS_LIMIT, "edgeLabelLimit": EDGE_LABEL_LIMIT}


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def to_html(g: nx.MultiDiGraph, title: str = "fankg", articles=()) -> str:
    """The page of a graph built by :func:`graph.build.build_graph`."""
    vis = vis_network_js()
    if re.search(r"</script|<!--", vis, re.IGNORECASE):  # would end or confuse the inline <script>
        raise RuntimeError(f"pyvis {VIS_JS} cannot be inlined as it is")
    css, app = _asset("page.css"), _asset("page.js")
    csp = (f"default-src 'none'; script-src {_csp_hash(vis)} {_csp_hash(app)}; style-src {_csp_hash(css)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    parts = {"CSP": csp, "TITLE": html.escape(title), "CSS": css, "VIS": vis, "APP": app,
             "DATA": script_json(page_data(g, title, articles))}
    # One pass over the template only: placeholders inside the inserted parts stay as they are.
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _asset("page.html"))
