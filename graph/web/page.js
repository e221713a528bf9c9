/* The fankg graph page: legends that filter, search, neighbourhood focus and the evidence
   panel. Every text that comes from an article is put on the page with textContent, never as
   markup, and only http(s) addresses become links. `network` (a vis.Network) and `fankg` stay
   global so that users' scripts and the tests can reach the data and fire events. */
"use strict";

performance.mark("fankg:start");
var DATA = JSON.parse(document.getElementById("fankg-data").textContent);
performance.mark("fankg:parsed");
var STATUS_ORDER = DATA.style.statuses.map(function (s) { return s.name; });
var TYPE_ORDER = DATA.style.types.map(function (t) { return t.name; });
var STYLE = {statuses: {}, types: {}};
DATA.style.statuses.forEach(function (s) { STYLE.statuses[s.name] = s; });
DATA.style.types.forEach(function (t) { STYLE.types[t.name] = t; });
var BIG = DATA.nodes.length > DATA.physicsLimit;
// vis.js lays out every edge label on every frame, drawn or not: on big graphs the page draws
// the labels of the edges in view itself, and only once they are large enough to read.
var OWN_LABELS = DATA.edges.length > DATA.edgeLabelLimit;

var nodeRecord = {};
var edgeRecord = {};
DATA.nodes.forEach(function (n) { nodeRecord[n.id] = n; });
DATA.edges.forEach(function (e) { edgeRecord[e.id] = e; });

var state = {
  statuses: {}, types: {}, view: "all",
  focusMode: false, focus: null, depth: 2,
  pinned: null,          // a node found by search stays visible whatever the filters
};
STATUS_ORDER.forEach(function (s) { state.statuses[s] = true; });
TYPE_ORDER.forEach(function (t) { state.types[t] = true; });
var visibleNodes = new Set();
var visibleEdges = new Set();

/* ---------- small DOM helpers (text only) ---------- */

function $(id) { return document.getElementById(id); }

function make(tag, text, cls) {
  var el = document.createElement(tag);
  if (text !== undefined && text !== null) el.textContent = String(text);
  if (cls) el.className = cls;
  return el;
}

function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

function svg(tag, attrs) {
  var el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  Object.keys(attrs).forEach(function (k) { el.setAttribute(k, String(attrs[k])); });
  return el;
}

function safeUrl(text) {
  try {
    var url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (err) {
    return null;
  }
}

function polygon(points) {
  return points.map(function (p) { return p[0].toFixed(2) + "," + p[1].toFixed(2); }).join(" ");
}

function regular(count, radius, inner, start) {
  var pts = [];
  var steps = inner ? count * 2 : count;
  for (var i = 0; i < steps; i++) {
    var r = inner && i % 2 ? inner : radius;
    var a = start + (Math.PI * 2 * i) / steps;
    pts.push([9 + r * Math.cos(a), 9 + r * Math.sin(a)]);
  }
  return polygon(pts);
}

var SHAPES = {
  dot: function () { return svg("circle", {cx: 9, cy: 9, r: 6.5}); },
  square: function () { return svg("rect", {x: 3, y: 3, width: 12, height: 12}); },
  diamond: function () { return svg("polygon", {points: "9,1.5 16.5,9 9,16.5 1.5,9"}); },
  triangle: function () { return svg("polygon", {points: "9,2 16.5,15.5 1.5,15.5"}); },
  triangleDown: function () { return svg("polygon", {points: "1.5,2.5 16.5,2.5 9,16"}); },
  hexagon: function () { return svg("polygon", {points: regular(6, 7.5, 0, 0)}); },
  star: function () { return svg("polygon", {points: regular(5, 8, 3.4, -Math.PI / 2)}); },
};

function typeSwatch(type) {
  var style = STYLE.types[type] || {colour: "#999", shape: "dot"};
  var box = svg("svg", {width: 18, height: 18, viewBox: "0 0 18 18", "class": "swatch", "aria-hidden": "true"});
  var shape = (SHAPES[style.shape] || SHAPES.dot)();
  shape.setAttribute("fill", style.colour);
  shape.setAttribute("stroke", style.borderDashes ? "#222" : "#fff");
  if (style.borderDashes) shape.setAttribute("stroke-dasharray", "2 1.5");
  box.appendChild(shape);
  return box;
}

function statusSwatch(status) {
  var style = STYLE.statuses[status];
  var box = svg("svg", {width: 36, height: 12, viewBox: "0 0 36 12", "class": "swatch", "aria-hidden": "true"});
  var line = svg("line", {x1: 1, y1: 6, x2: 35, y2: 6, stroke: style.colour, "stroke-width": style.width});
  if (style.dashes) line.setAttribute("stroke-dasharray", style.dashes.join(" "));
  box.appendChild(line);
  if (style.cross) box.appendChild(svg("line", {x1: 18, y1: 0.5, x2: 18, y2: 11.5, stroke: style.colour, "stroke-width": 2}));
  return box;
}

function badge(status) {
  var b = make("span", null, "badge " + status);
  b.appendChild(statusSwatch(status));
  b.appendChild(make("span", status));
  return b;
}

/* ---------- the vis.js data ---------- */

/* Items carry only what differs from the defaults in OPTIONS: vis.js parses every option of
   every item, and on 15,000 edges that is most of the loading time. */

function nodeItem(n) {
  return {id: n.id, label: n.label, group: n.type, x: n.x, y: n.y, value: n.degree,
          type: n.type, aliases: n.aliases, degree: n.degree};
}

var PLAIN = STYLE.statuses[STATUS_ORDER[0]];

function edgeItem(e) {
  var style = STYLE.statuses[e.status] || PLAIN;
  var item = {id: e.id, from: e.from, to: e.to,
              predicate: e.predicate, status: e.status, universe: e.universe, claims: e.claims};
  if (!OWN_LABELS) item.label = e.label;
  if (style !== PLAIN) {
    item.color = style.colour;
    item.width = style.width;
    item.dashes = style.dashes;
  }
  if (e.symmetric || style.cross) item.arrows = (e.symmetric ? "" : "to") + (style.cross ? ",middle" : "");
  if (e.bend) item.smooth = {enabled: true, type: e.bend > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.bend)};
  return item;
}

/* Node size 9 + 5 * sqrt(degree) pixels, at most 48: hubs and main characters stand out
   without dwarfing everyone else. vis.js calls this with the node's value (its degree). */
function bySqrtDegree(min, max, total, value) {
  return Math.min(1, (5 * Math.sqrt(value)) / (48 - 9));
}

computeVisible();
var nodes = new vis.DataSet(DATA.nodes.map(nodeItem));
var edges = new vis.DataSet(DATA.edges.map(edgeItem));
var nodeView = new vis.DataView(nodes, {filter: function (n) { return visibleNodes.has(n.id); }});
var edgeView = new vis.DataView(edges, {filter: function (e) { return visibleEdges.has(e.id); }});
performance.mark("fankg:datasets");

var groups = {};
TYPE_ORDER.forEach(function (t) {
  var s = STYLE.types[t];
  groups[t] = {
    shape: s.shape,
    color: {background: s.colour, border: s.borderDashes ? "#222" : "#ffffff",
            highlight: {background: s.colour, border: "#111"}, hover: {background: s.colour, border: "#111"}},
    shapeProperties: {borderDashes: s.borderDashes || false},
  };
});

var OPTIONS = {
  groups: groups,
  nodes: {
    shape: "dot", borderWidth: 1.5, borderWidthSelected: 3,
    font: {color: "#1b1b1b", strokeWidth: 4, strokeColor: "#ffffff", face: "system-ui, sans-serif"},
    scaling: {min: 9, max: 48, customScalingFunction: bySqrtDegree,
              label: {enabled: true, min: 14, max: 30, drawThreshold: 8, maxVisible: 40}},
  },
  edges: {
    smooth: false, selectionWidth: 2, hoverWidth: 1, arrowStrikethrough: false,
    color: PLAIN.colour, width: PLAIN.width, dashes: PLAIN.dashes,
    arrows: {to: {enabled: true, scaleFactor: 0.55}, middle: {type: "bar", scaleFactor: 0.9}},
    font: {size: 12, color: "#3a3a3a", strokeWidth: 4, strokeColor: "#ffffff", align: "top",
           face: "system-ui, sans-serif"},
    scaling: {label: {drawThreshold: 7}},
  },
  physics: {enabled: false, stabilization: false,
            barnesHut: {gravitationalConstant: -4000, springLength: 140, springConstant: 0.03, avoidOverlap: 0.3}},
  layout: {improvedLayout: false},
  interaction: {hover: true, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG, multiselect: false, tooltipDelay: 150},
};

/* ---------- filters ---------- */

function edgeAllowed(e) {
  if (!state.statuses[e.status]) return false;
  if (state.view !== "all" && (state.view === "universe") !== e.universe) return false;
  return state.types[nodeRecord[e.from].type] && state.types[nodeRecord[e.to].type];
}

function neighbourhood(start, allowed, depth) {
  var next = {};
  allowed.forEach(function (e) {
    (next[e.from] = next[e.from] || []).push(e.to);
    (next[e.to] = next[e.to] || []).push(e.from);
  });
  var seen = new Set([start]);
  var frontier = [start];
  for (var step = 0; step < depth && frontier.length; step++) {
    var more = [];
    frontier.forEach(function (id) {
      (next[id] || []).forEach(function (other) {
        if (!seen.has(other)) { seen.add(other); more.push(other); }
      });
    });
    frontier = more;
  }
  return seen;
}

function computeVisible() {
  var allowed = DATA.edges.filter(edgeAllowed);
  var hood = null;
  if (state.focusMode && state.focus !== null) {
    hood = neighbourhood(state.focus, allowed, state.depth);
    allowed = allowed.filter(function (e) { return hood.has(e.from) && hood.has(e.to); });
  }
  visibleEdges = new Set(allowed.map(function (e) { return e.id; }));
  visibleNodes = new Set();
  allowed.forEach(function (e) { visibleNodes.add(e.from); visibleNodes.add(e.to); });
  if (!hood) {
    DATA.nodes.forEach(function (n) { if (n.degree === 0 && state.types[n.type]) visibleNodes.add(n.id); });
  }
  [state.focusMode ? state.focus : null, state.pinned].forEach(function (id) {
    if (id !== null && nodeRecord[id] && state.types[nodeRecord[id].type]) visibleNodes.add(id);
  });
}

function applyFilters() {
  computeVisible();
  nodeView.refresh();
  edgeView.refresh();
  showCounts();
}

function showCounts() {
  $("counts").textContent = visibleNodes.size + " of " + DATA.nodes.length + " entities, " +
    visibleEdges.size + " of " + DATA.edges.length + " edges shown";
  $("focus-note").textContent = state.focusMode && state.focus === null ? "Click a node to focus on it." : "";
}

function legendRow(box, kind, key, swatch, count) {
  var label = make("label");
  var input = make("input");
  input.type = "checkbox";
  input.checked = true;
  input.dataset[kind] = key;
  input.addEventListener("change", function () {
    (kind === "status" ? state.statuses : state.types)[key] = input.checked;
    applyFilters();
  });
  label.appendChild(input);
  label.appendChild(swatch);
  label.appendChild(make("span", key));
  label.appendChild(make("span", count, "count"));
  box.appendChild(label);
  return input;
}

var statusCounts = {};
var typeCounts = {};
DATA.edges.forEach(function (e) { statusCounts[e.status] = (statusCounts[e.status] || 0) + 1; });
DATA.nodes.forEach(function (n) { typeCounts[n.type] = (typeCounts[n.type] || 0) + 1; });
var typeBoxes = {};
STATUS_ORDER.forEach(function (s) {
  legendRow($("statuses"), "status", s, statusSwatch(s), statusCounts[s] || 0);
});
TYPE_ORDER.forEach(function (t) {
  typeBoxes[t] = legendRow($("types"), "type", t, typeSwatch(t), typeCounts[t] || 0);
});

/* ---------- the evidence panel ---------- */

function nodeButton(id) {
  var n = nodeRecord[id];
  var b = make("button", null, "link");
  b.type = "button";
  b.appendChild(typeSwatch(n.type));
  b.appendChild(make("span", n.label));
  b.addEventListener("click", function () { focusNode(id); });
  return b;
}

function sourceLine(claim) {
  var article = DATA.articles[claim.article] || {};
  var line = make("p", null, "meta");
  line.appendChild(document.createTextNode("Source: "));
  var title = article.title || claim.article;
  var href = article.url ? safeUrl(article.url) : null;
  if (href) {
    var a = make("a", title);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    line.appendChild(a);
  } else {
    line.appendChild(make("span", title));
    if (article.url) line.appendChild(make("span", " (" + article.url + ")"));
  }
  var rest = [article.outlet, article.date].filter(Boolean).join(", ");
  if (rest) line.appendChild(document.createTextNode(" · " + rest));
  return line;
}

function showEdge(id) {
  var e = edgeRecord[id];
  if (!e) return;
  var box = $("evidence");
  clear(box);
  var head = make("h2", null, "edge");
  head.appendChild(nodeButton(e.from));
  head.appendChild(make("span", (e.symmetric ? "— " : "") + e.label + (e.symmetric ? " —" : " →"), "predicate"));
  head.appendChild(nodeButton(e.to));
  box.appendChild(head);
  var line = make("p");
  line.appendChild(badge(e.status));
  line.appendChild(make("span", " " + (e.universe ? "in-universe" : "production") + " edge ",
                        "meta"));
  line.appendChild(make("code", e.predicate));
  if (e.corrected) line.appendChild(make("span", " · corrected by hand", "meta"));
  box.appendChild(line);
  box.appendChild(make("h3", e.claims.length === 1 ? "Evidence" : "Evidence (" + e.claims.length + " sentences)"));
  e.claims.forEach(function (c) {
    var item = make("div", null, "claim");
    item.appendChild(make("blockquote", c.quote));
    var who = [];
    if (c.speaker) who.push(c.speaker);
    if (c.outlet) who.push((c.speaker ? "to " : "told to ") + c.outlet);
    var meta = make("p", null, "meta");
    if (who.length) meta.appendChild(make("span", "— " + who.join(", ") + " "));
    if (c.status !== e.status) meta.appendChild(badge(c.status));
    if (meta.firstChild) item.appendChild(meta);
    item.appendChild(sourceLine(c));
    if (c.corrected || c.note) item.appendChild(make("p", "Corrected by hand" + (c.note ? ": " + c.note : ""), "meta"));
    box.appendChild(item);
  });
}

function showNode(id) {
  var n = nodeRecord[id];
  if (!n) return;
  var box = $("evidence");
  clear(box);
  var head = make("h2");
  head.appendChild(typeSwatch(n.type));
  head.appendChild(make("span", " " + n.label));
  box.appendChild(head);
  box.appendChild(make("p", n.type, "meta"));
  if (n.aliases.length) box.appendChild(make("p", "Also called: " + n.aliases.join(", ")));
  var mine = DATA.edges.filter(function (e) { return e.from === id || e.to === id; });
  var shown = mine.filter(function (e) { return visibleEdges.has(e.id); }).length;
  box.appendChild(make("h3", mine.length + " edge" + (mine.length === 1 ? "" : "s") +
                       (shown < mine.length ? " (" + shown + " shown)" : "")));
  var list = make("ul");
  mine.forEach(function (e) {
    var li = make("li", null, visibleEdges.has(e.id) ? "" : "off");
    var other = e.from === id ? e.to : e.from;
    var arrow = e.symmetric ? " — " : e.from === id ? " → " : " ← ";
    var b = make("button", null, "link");
    b.type = "button";
    b.appendChild(statusSwatch(e.status));
    b.appendChild(make("span", e.label + arrow + nodeRecord[other].label));
    b.title = e.status;
    b.addEventListener("click", function () {
      if (visibleEdges.has(e.id)) network.selectEdges([e.id]);
      showEdge(e.id);
    });
    li.appendChild(b);
    list.appendChild(li);
  });
  box.appendChild(list);
}

/* ---------- edge labels of big graphs ---------- */

var LABEL_FONT = OPTIONS.edges.font;
var dragging = false;

function drawEdgeLabels(ctx) {
  var scale = network.getScale();
  if (dragging || LABEL_FONT.size * scale < 7) return;
  var centre = network.getViewPosition();
  var canvas = ctx.canvas;
  var halfW = canvas.clientWidth / scale / 2, halfH = canvas.clientHeight / scale / 2;
  var drawn = network.body.edges;
  var inView = [];
  visibleEdges.forEach(function (id) {
    var edge = drawn[id];
    if (!edge || !edge.from || !edge.to) return;
    var mid = edge.edgeType.getPoint(0.5);
    if (Math.abs(mid.x - centre.x) < halfW && Math.abs(mid.y - centre.y) < halfH) inView.push([id, edge, mid]);
  });
  if (inView.length > 3000) return;
  ctx.save();
  ctx.font = LABEL_FONT.size + "px " + LABEL_FONT.face;
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.lineJoin = "round";
  ctx.lineWidth = LABEL_FONT.strokeWidth;
  ctx.strokeStyle = LABEL_FONT.strokeColor;
  ctx.fillStyle = LABEL_FONT.color;
  inView.forEach(function (item) {
    var edge = item[1], mid = item[2];
    var angle = Math.atan2(edge.to.y - edge.from.y, edge.to.x - edge.from.x);
    if (angle > Math.PI / 2 || angle < -Math.PI / 2) angle += Math.PI;  // never upside down
    ctx.setTransform(ctx.getTransform().translate(mid.x, mid.y).rotate(angle * 180 / Math.PI));
    ctx.strokeText(edgeRecord[item[0]].label, 0, -2);
    ctx.fillText(edgeRecord[item[0]].label, 0, -2);
    ctx.setTransform(ctx.getTransform().rotate(-angle * 180 / Math.PI).translate(-mid.x, -mid.y));
  });
  ctx.restore();
}

/* ---------- hover preview ---------- */

var pointer = {x: 0, y: 0};
var tooltip = $("tooltip");

function showTip(lines) {
  clear(tooltip);
  lines.forEach(function (l, i) { tooltip.appendChild(make(i ? "div" : "strong", l)); });
  tooltip.hidden = false;
  var x = Math.min(pointer.x + 14, window.innerWidth - tooltip.offsetWidth - 4);
  var y = Math.min(pointer.y + 14, window.innerHeight - tooltip.offsetHeight - 4);
  tooltip.style.left = Math.max(0, x) + "px";
  tooltip.style.top = Math.max(0, y) + "px";
}

function hideTip() { tooltip.hidden = true; }

function edgeTip(e) {
  var c = e.claims[0];
  var quote = c.quote.length > 220 ? c.quote.slice(0, 217) + "…" : c.quote;
  var lines = [nodeRecord[e.from].label + " — " + e.label + " — " + nodeRecord[e.to].label,
               e.status + (c.speaker ? " · " + c.speaker : "") + (c.outlet ? " · " + c.outlet : ""),
               "“" + quote + "”"];
  var article = DATA.articles[c.article];
  lines.push("in " + (article && article.title ? article.title : c.article));
  if (e.claims.length > 1) lines.push("+ " + (e.claims.length - 1) + " more sentence(s): click the edge");
  return lines;
}

/* ---------- search ---------- */

function fold(text) {
  return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

var searchIndex = DATA.nodes.map(function (n) {
  return {id: n.id, names: [n.label].concat(n.aliases).map(function (s) { return [s, fold(s)]; })};
});

function search(text) {
  var q = fold(text).trim();
  if (!q) return [];
  var hits = [];
  searchIndex.forEach(function (entry) {
    var best = null;
    entry.names.forEach(function (pair) {
      var name = pair[1];
      var rank = name === q ? 0 : name.indexOf(q) === 0 ? 1 : (" " + name).indexOf(" " + q) >= 0 ? 2
        : name.indexOf(q) >= 0 ? 3 : -1;
      if (rank >= 0 && (best === null || rank < best.rank)) best = {rank: rank, name: pair[0]};
    });
    if (best) hits.push({id: entry.id, rank: best.rank, name: best.name});
  });
  hits.sort(function (a, b) {
    var na = nodeRecord[a.id], nb = nodeRecord[b.id];
    return a.rank - b.rank || nb.degree - na.degree || (na.label < nb.label ? -1 : na.label > nb.label ? 1 : 0);
  });
  return hits.slice(0, 12);
}

function showResults() {
  var list = $("results");
  clear(list);
  var text = $("search").value;
  var hits = search(text);
  hits.forEach(function (h) {
    var li = make("li");
    var b = nodeButton(h.id);
    var n = nodeRecord[h.id];
    if (h.name !== n.label) b.appendChild(make("span", "(" + h.name + ")", "count"));
    li.appendChild(b);
    list.appendChild(li);
  });
  if (text.trim() && !hits.length) list.appendChild(make("li", "No match.", "hint"));
  return hits;
}

/* ---------- focus ---------- */

function focusNode(id) {
  var n = nodeRecord[id];
  if (!n) return;
  if (!state.types[n.type]) {
    state.types[n.type] = true;
    typeBoxes[n.type].checked = true;
  }
  state.pinned = id;
  if (state.focusMode) state.focus = id;
  applyFilters();
  network.selectNodes([id]);
  network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: {duration: 300, easingFunction: "easeInOutQuad"}});
  showNode(id);
}

function fitVisible() {
  network.fit({nodes: Array.from(visibleNodes), animation: false});
  network.moveTo({scale: network.getScale() * 0.9});  // room for the labels of the outermost nodes
}

function reset() {
  Object.keys(state.statuses).forEach(function (s) { state.statuses[s] = true; });
  Object.keys(state.types).forEach(function (t) { state.types[t] = true; });
  document.querySelectorAll("#statuses input, #types input").forEach(function (i) { i.checked = true; });
  document.querySelector("input[name=view][value=all]").checked = true;
  state.view = "all";
  state.focusMode = false;
  $("focus-mode").checked = false;
  state.focus = null;
  state.pinned = null;
  $("search").value = "";
  clear($("results"));
  applyFilters();
  network.unselectAll();
  fitVisible();
}

/* ---------- wiring ---------- */

var network = new vis.Network($("graph"), {nodes: nodeView, edges: edgeView}, OPTIONS);
performance.mark("fankg:network");
var fankg = {
  data: DATA, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, state: state,
  applyFilters: applyFilters, focusNode: focusNode, showEdge: showEdge, showNode: showNode, search: search,
  visibleNodes: function () { return Array.from(visibleNodes); },
  visibleEdges: function () { return Array.from(visibleEdges); },
  firstDrawMs: null,
};
network.once("afterDrawing", function () {
  fankg.firstDrawMs = performance.now();
  document.body.dataset.drawn = "true";
});
showCounts();
fitVisible();

network.on("click", function (params) {
  if (params.nodes.length) {
    var id = params.nodes[0];
    if (state.focusMode && state.focus !== id) {
      state.focus = id;
      applyFilters();
      network.selectNodes([id]);
    }
    showNode(id);
  } else if (params.edges.length) {
    showEdge(params.edges[0]);
  }
});
network.on("hoverEdge", function (params) { if (edgeRecord[params.edge]) showTip(edgeTip(edgeRecord[params.edge])); });
network.on("hoverNode", function (params) {
  var n = nodeRecord[params.node];
  if (n) showTip([n.label, n.type + " · " + n.degree + " edge(s)"].concat(n.aliases.length ? ["also: " + n.aliases.join(", ")] : []));
});
network.on("blurEdge", hideTip);
network.on("blurNode", hideTip);
network.on("dragStart", function () { dragging = true; hideTip(); });
if (OWN_LABELS) network.on("afterDrawing", drawEdgeLabels);
network.on("zoom", hideTip);
network.on("dragEnd", function (params) {
  dragging = false;
  if (!params.nodes.length) return;
  var at = network.getPositions(params.nodes);
  nodes.update(params.nodes.map(function (id) { return {id: id, x: at[id].x, y: at[id].y}; }));
});
$("graph").addEventListener("mousemove", function (ev) { pointer = {x: ev.clientX, y: ev.clientY}; });
$("graph").addEventListener("mouseleave", hideTip);

$("search").addEventListener("input", showResults);
$("search").addEventListener("keydown", function (ev) {
  if (ev.key === "Enter") {
    var hits = showResults();
    if (hits.length) focusNode(hits[0].id);
  }
});
document.querySelectorAll("input[name=view]").forEach(function (radio) {
  radio.addEventListener("change", function () {
    if (radio.checked) { state.view = radio.value; applyFilters(); }
  });
});
$("focus-mode").addEventListener("change", function () {
  state.focusMode = $("focus-mode").checked;
  var selected = network.getSelectedNodes();
  state.focus = state.focusMode ? (selected[0] || state.pinned) : null;
  if (state.focus === undefined) state.focus = null;
  applyFilters();
  if (state.focus !== null) { network.selectNodes([state.focus]); fitVisible(); }
});
$("focus-depth").addEventListener("change", function () {
  state.depth = Number($("focus-depth").value);
  applyFilters();
  if (state.focusMode && state.focus !== null) fitVisible();
});
$("fit").addEventListener("click", fitVisible);
$("reset").addEventListener("click", reset);
$("physics").disabled = BIG;
if (BIG) $("physics").parentNode.title = "Off for graphs of more than " + DATA.physicsLimit + " nodes: positions are precomputed.";
$("physics").addEventListener("change", function () {
  network.setOptions({physics: {enabled: $("physics").checked}});
  if (!$("physics").checked) network.storePositions();
});

$("title").textContent = DATA.title;
(function mainNodes() {
  var characters = DATA.nodes.filter(function (n) { return n.type === "Character"; });
  var pool = characters.length ? characters : DATA.nodes;
  if (!characters.length) $("main-heading").textContent = "Most connected";
  pool.slice().sort(function (a, b) {
    return b.degree - a.degree || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  }).slice(0, 8).forEach(function (n) {
    var li = make("li");
    li.appendChild(nodeButton(n.id));
    li.appendChild(make("span", n.degree, "count"));
    $("main-list").appendChild(li);
  });
  if (!pool.length) $("main").hidden = true;
})();
performance.mark("fankg:ready");
