"""The interactive graph page: one self-contained HTML file that opens offline.

vis-network is read from the installed pyvis package at build time and inlined; the page
links nothing external. All article-derived text travels as JSON data and is put on the page
with ``textContent``, never as markup.
"""

from __future__ import annotations

import json
from importlib import resources

import networkx as nx
from pyvis.network import Network

TYPE_COLOURS = {
    "Show": "#e4572e", "Season": "#f3a712", "Character": "#29335c", "Person": "#669bbc",
    "Storyline": "#a8c686", "Organization": "#8e7dbe", "Place": "#2a9d8f", "Event": "#c1666b",
}
STATUS_DASHES = {"confirmed": False, "hinted": [8, 6], "speculated": [2, 5], "denied": [1, 3]}


def vis_network_js() -> str:
    lib = resources.files("pyvis").joinpath("templates/lib/vis-9.1.2/vis-network.min.js")
    return lib.read_text(encoding="utf-8")


def _script_json(value) -> str:
    """JSON safe to place inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def graph_data(g: nx.MultiDiGraph) -> tuple[list, list]:
    """Nodes and edges for vis.js, through pyvis's own Network model."""
    net = Network(directed=True)
    for node, data in sorted(g.nodes(data=True)):
        net.add_node(node, label=data["label"], group=data["type"], color=TYPE_COLOURS.get(data["type"]),
                     size=10 + 3 * g.degree(node), type=data["type"], aliases=data.get("aliases", []))
    for i, (s, o, p, data) in enumerate(sorted(g.edges(keys=True, data=True))):
        net.add_edge(s, o, id=f"e{i}", label=p, predicate=p, status=data["status"], claims=data["claims"],
                     dashes=STATUS_DASHES[data["status"]],
                     color="#d00000" if data["status"] == "denied" else "#555555", arrows="to")
    return net.nodes, net.edges


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>__TITLE__</title>
<style>
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; display: flex; height: 100vh; }
#graph { flex: 1; }
#side { width: 340px; overflow: auto; padding: 8px 12px; border-left: 1px solid #ccc; }
blockquote { margin: 4px 0 10px; padding-left: 8px; border-left: 3px solid #999; }
</style>
</head>
<body>
<div id="graph"></div>
<div id="side"><h2 id="title"></h2><div id="details">Click a node or an edge to see its evidence.</div></div>
<script>__VIS__</script>
<script>
var DATA = __DATA__;
document.getElementById("title").textContent = DATA.title;
var nodes = new vis.DataSet(DATA.nodes);
var edges = new vis.DataSet(DATA.edges);
var container = document.getElementById("graph");
var network = new vis.Network(container, {nodes: nodes, edges: edges}, {physics: {stabilization: true}});
function show(parts) {
  var box = document.getElementById("details");
  box.textContent = "";
  parts.forEach(function (p) {
    var el = document.createElement(p[0]);
    el.textContent = p[1];
    box.appendChild(el);
  });
}
network.on("click", function (params) {
  if (params.edges.length && !params.nodes.length) {
    var e = edges.get(params.edges[0]);
    var parts = [["h3", e.predicate + " (" + e.status + ")"]];
    e.claims.forEach(function (c) {
      parts.push(["blockquote", c.quote]);
      parts.push(["p", [c.status, c.speaker, c.outlet, c.article].filter(Boolean).join(" · ")]);
    });
    show(parts);
  } else if (params.nodes.length) {
    var n = nodes.get(params.nodes[0]);
    show([["h3", n.label], ["p", n.type], ["p", (n.aliases || []).join(", ")]]);
  }
});
</script>
</body>
</html>
"""


def to_html(g: nx.MultiDiGraph, title: str = "fankg") -> str:
    nodes, edges = graph_data(g)
    data = {"title": title, "nodes": nodes, "edges": edges}
    return (PAGE.replace("__VIS__", vis_network_js().replace("</script", "<\\/script"))
            .replace("__TITLE__", _escape(title)).replace("__DATA__", _script_json(data)))


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)
