"""The graph page: what is in the file, and what a fan sees and can do in a real browser.

The browser tests drive Debian's Chromium through Playwright (see tests/browser.py) with the
network blocked. Without Chromium they fail and say how to install it; they never skip.
"""

import base64
import hashlib
import random
import re

import pytest

from graph.build import build_graph
from graph.html import PHYSICS_LIMIT, page_data, to_html, vis_network_js
from graph.layout import positions
from graph.model import EDGE_TYPES, Article, Claim, Entity, Evidence

from .browser import NoBrowser, chromium_path, launch, open_graph_page
from .conftest import DATA, SEEDS, run_fankg

# ---------- a small graph with every status, both kinds of edge, and articles ----------

SHOW = Entity.make("Test Show", "Show")
SEASON = Entity.make("Test Show Season 2", "Season")
ANN = Entity.make("Ann Actor", "Person", aliases=["Ann"])
KIT = Entity.make("Kit", "Character", aliases=["Kit Lane", "Kitty Lané"])
LOU = Entity.make("Lou", "Character")
MAX = Entity.make("Max", "Character")
NED = Entity.make("Ned", "Character")
PARIS = Entity.make("Paris", "Place")

SAFE_URL = "https://example.org/story"
TOY_ARTICLES = [
    Article("safe", "", title="A safe story", url=SAFE_URL, outlet="Example Times", date="2024-01-02"),
    Article("sneaky", "", title="A sneaky story", url="javascript:window.__pwned='link'"),
]


def claim(subject, predicate, obj, status, quote, article="safe", speaker="", outlet=""):
    return Claim(subject, predicate, obj, status, Evidence(article, quote, 0, len(quote), speaker, outlet))


TOY_CLAIMS = [
    claim(SHOW, "hasSeason", SEASON, "confirmed", "Test Show is back for a second season."),
    claim(ANN, "plays", KIT, "confirmed", "Ann Actor plays Kit.", speaker="Ann Actor", outlet="Example Times"),
    claim(KIT, "romanticInterest", LOU, "speculated", "Kit might fall for Lou, fans think.", article="sneaky"),
    claim(KIT, "kissed", LOU, "hinted", "The creator teased that Kit and Lou will kiss."),
    claim(LOU, "friendOf", MAX, "confirmed", "Lou and Max are best friends."),
    claim(MAX, "partnerOf", NED, "denied", "Max and Ned will not get together, the creator said."),
    claim(NED, "livesIn", PARIS, "speculated", "Ned could be living in Paris."),
    claim(SHOW, "setIn", PARIS, "confirmed", "Test Show is set in Paris."),
]


def toy_graph(claims=TOY_CLAIMS):
    return build_graph(claims)


# ---------- the file ----------


def inline_scripts(page: str) -> list[str]:
    return re.findall(r"<script(?: [^>]*)?>(.*?)</script>", page, flags=re.DOTALL)


def test_page_is_one_file_that_needs_no_network(seed_build):
    out, _ = seed_build
    page = (out / "emily-in-paris.html").read_text(encoding="utf-8")
    assert vis_network_js() in page, "vis-network must come from the installed pyvis package, inlined"
    assert not re.search(r"<(link|iframe|object|embed|img)\b", page)
    assert not re.search(r"""\b(src|href)\s*=\s*["']?[a-z]+:""", page), "no external resource of any kind"
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    # The browser runs an inline script only if its hash is listed: every one of ours must be.
    executable = [s for s in inline_scripts(page) if s and not s.startswith("{")]
    assert len(executable) == 2
    for script in executable:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_page_data_holds_every_node_and_edge_with_its_evidence():
    g = toy_graph()
    data = page_data(g, "Test Show", TOY_ARTICLES)
    assert {n["id"] for n in data["nodes"]} == set(g.nodes)
    assert {(e["from"], e["predicate"], e["to"]) for e in data["edges"]} == {(s, p, o) for s, o, p in g.edges(keys=True)}
    for edge in data["edges"]:
        assert edge["universe"] == EDGE_TYPES[edge["predicate"]].universe
        assert edge["claims"][0]["quote"]
    kit = next(n for n in data["nodes"] if n["id"] == KIT.id)
    assert kit["aliases"] == ["Kit Lane", "Kitty Lané"] and kit["degree"] == 3
    assert data["articles"]["safe"]["url"] == SAFE_URL
    assert [s["name"] for s in data["style"]["statuses"]] == ["confirmed", "hinted", "speculated", "denied"]
    bent = [e for e in data["edges"] if {e["from"], e["to"]} == {KIT.id, LOU.id}]
    assert len(bent) == 2 and sorted(bool(e.get("bend")) for e in bent) == [False, True], "parallel edges overlap"


def test_same_graph_gives_the_same_bytes_whatever_the_claim_order():
    shuffled = TOY_CLAIMS[:]
    random.Random(3).shuffle(shuffled)
    assert to_html(toy_graph(shuffled), "T", TOY_ARTICLES) == to_html(toy_graph(), "T", TOY_ARTICLES)


def test_layout_is_seeded_rounded_and_keeps_nodes_apart():
    g = toy_graph()
    g.add_edge(Entity.make("Lone A", "Character").id, Entity.make("Lone B", "Character").id, key="friendOf")
    pos = positions(g)
    assert pos == positions(g)
    assert all(isinstance(c, int) for xy in pos.values() for c in xy)
    coords = list(pos.values())
    gaps = [((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 for i, (ax, ay) in enumerate(coords) for bx, by in coords[i + 1:]]
    assert min(gaps) > 30, "nodes drawn on top of each other"


def test_big_component_layout_is_approximate_but_looks_like_the_exact_one(monkeypatch):
    import networkx as nx
    import numpy as np

    from graph import layout

    g = nx.barabasi_albert_graph(1200, 2, seed=1)
    assert len(g) > layout.EXACT_LIMIT  # so the grid push, not the exact one
    pos = positions(g)
    assert pos == positions(g)
    assert all(isinstance(c, int) for xy in pos.values() for c in xy)
    monkeypatch.setattr(layout, "EXACT_LIMIT", len(g))
    exact = positions(g)
    assert exact != pos

    def looks(at):
        xy = np.array([at[n] for n in sorted(g)], dtype=float)
        ends = np.array(list(g.edges()))
        d = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
        np.fill_diagonal(d, np.inf)
        spread = np.sqrt(((xy - xy.mean(axis=0)) ** 2).sum(axis=1).mean())
        return np.median(np.hypot(*(xy[ends[:, 0]] - xy[ends[:, 1]]).T)), np.median(d.min(axis=1)), spread

    edge, nearest, spread = looks(pos)
    assert nearest >= layout.NODE_SPACING - 1 and edge >= layout.EDGE_LENGTH - 1
    for mine, theirs in zip((edge, nearest, spread), looks(exact), strict=True):
        assert 0.9 < mine / theirs < 1.1, (mine, theirs)


def test_hostile_text_stays_data(tmp_path):
    evil = '<img src=x onerror="window.__pwned=1">'
    g = build_graph([claim(Entity.make(evil, "Character"), "friendOf", Entity.make("</script><b>", "Character"),
                           "confirmed", "</script><script>window.__pwned=2</script>")])
    page = to_html(g, title="<script>x</script>").replace(vis_network_js(), "")
    assert "<img" not in page and "<b>" not in page
    assert page.count("<script") == 3 and page.count("</script>") == 3
    assert "\\u003cimg src=x onerror=" in page  # still there, as JSON text
    assert "<title>&lt;script&gt;x&lt;/script&gt;</title>" in page


# ---------- in the browser ----------


@pytest.fixture(scope="module")
def browser():
    try:
        with launch() as running:
            yield running
    except NoBrowser as err:
        pytest.fail(f"the graph page tests need a browser: {err}", pytrace=False)


@pytest.fixture(scope="module")
def seed_graph():
    from graph.pipeline import run

    return run([SEEDS]).graph


@pytest.fixture(scope="module")
def toy_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("toy") / "toy.html"
    path.write_text(to_html(toy_graph(), "Test Show", TOY_ARTICLES), encoding="utf-8")
    return path


@pytest.fixture
def open_page(browser):
    pages = []

    def opener(path):
        page, problems = open_graph_page(browser, path)
        pages.append((page, problems))
        return page, problems

    yield opener
    for page, problems in pages:
        page.close()
        assert not problems, problems  # console errors, blocked requests, dialogs


def drawn(page):
    """Ids of the nodes and (from, predicate, to) of the edges vis.js draws right now."""
    nodes, edges = page.evaluate("""() => [network.body.nodeIndices.slice(),
        network.body.edgeIndices.map(id => { const e = network.body.data.edges.get(id);
                                            return [e.from, e.predicate, e.to, e.status]; })]""")
    return set(nodes), {tuple(e) for e in edges}


def dom_point(page, canvas_xy):
    """Page coordinates of a point of the graph's canvas."""
    return page.evaluate("""([x, y]) => { const p = network.canvasToDOM({x, y});
        const r = document.querySelector('#graph canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", list(canvas_xy))


def edge_midpoint(page, edge_id):
    a, b = page.evaluate("id => { const e = network.body.edges[id]; return [[e.from.x, e.from.y], [e.to.x, e.to.y]]; }",
                         edge_id)
    return dom_point(page, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))


def test_seed_page_draws_the_graph(open_page, seed_build, seed_graph):
    out, _ = seed_build
    page, _ = open_page(out / "emily-in-paris.html")
    nodes, edges = drawn(page)
    assert nodes == set(seed_graph.nodes)
    assert {(s, p, o) for s, p, o, _ in edges} == {(s, p, o) for s, o, p in seed_graph.edges(keys=True)}
    # Positions come from the file: nothing moves unless the user turns physics on (small graphs).
    assert page.evaluate("network.physics.options.enabled") is False
    assert page.locator("#physics").is_enabled() is (len(nodes) <= PHYSICS_LIMIT)
    # Something is painted: a good share of the canvas is not background.
    inked = page.evaluate("""() => { const c = document.querySelector('#graph canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n / (c.width * c.height); }""")
    assert inked > 0.005
    assert page.locator("#counts").inner_text().startswith(f"{len(nodes)} of {len(nodes)} entities")


def test_search_finds_labels_and_aliases_whatever_the_case(open_page, seed_build, seed_graph):
    out, _ = seed_build
    page, _ = open_page(out / "emily-in-paris.html")
    with_alias = next((n, d) for n, d in sorted(seed_graph.nodes(data=True)) if d["aliases"])
    node, data = with_alias
    for query in (data["label"].upper(), data["aliases"][0].swapcase()):
        page.fill("#search", "")
        page.evaluate("network.unselectAll()")
        page.fill("#search", query)
        assert data["label"] in page.locator("#results").inner_text()
        page.press("#search", "Enter")
        assert page.evaluate("network.getSelectedNodes()") == [node]
        assert page.locator("#evidence h2").inner_text().strip() == data["label"]
    # ... and the view moves to it: the node ends up in the middle of the graph area.
    page.wait_for_function("""id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
        const c = document.querySelector('#graph canvas');
        return Math.abs(p.x - c.clientWidth / 2) < 5 && Math.abs(p.y - c.clientHeight / 2) < 5; }""", arg=node)
    page.fill("#search", "no such name at all")
    assert page.locator("#results").inner_text() == "No match."


@pytest.mark.parametrize("status", ["confirmed", "hinted", "speculated", "denied"])
def test_status_checkbox_hides_and_shows_those_edges(open_page, toy_page, status):
    page, _ = open_page(toy_page)
    before = drawn(page)[1]
    assert any(e[3] == status for e in before)
    page.click(f"input[data-status={status}]")
    after = drawn(page)[1]
    assert after == {e for e in before if e[3] != status}
    page.click(f"input[data-status={status}]")
    assert drawn(page)[1] == before


def test_speculated_checkbox_on_the_seed_page(open_page, seed_build, seed_graph):
    out, _ = seed_build
    page, _ = open_page(out / "emily-in-paris.html")
    page.click("input[data-status=speculated]")
    edges = drawn(page)[1]
    assert {(s, p, o) for s, p, o, _ in edges} == {
        (s, p, o) for s, o, p, d in seed_graph.edges(keys=True, data=True) if d["status"] != "speculated"}


def test_node_type_checkbox_hides_those_nodes_and_their_edges(open_page, toy_page):
    page, _ = open_page(toy_page)
    page.fill("#search", "ANN")  # a node found by search stays shown... unless its type is hidden
    page.press("#search", "Enter")
    page.click("input[data-type=Person]")
    nodes, edges = drawn(page)
    assert ANN.id not in nodes and KIT.id in nodes
    assert all(ANN.id not in (s, o) for s, _, o, _ in edges)


def test_in_universe_and_production_views(open_page, toy_page):
    page, _ = open_page(toy_page)
    page.check("input[name=view][value=universe]")
    story = drawn(page)[1]
    assert story and all(EDGE_TYPES[p].universe for _, p, _, _ in story)
    assert SHOW.id not in drawn(page)[0]
    page.check("input[name=view][value=production]")
    real = drawn(page)[1]
    assert {p for _, p, _, _ in real} == {"hasSeason", "plays", "setIn"}
    page.check("input[name=view][value=all]")
    assert len(drawn(page)[1]) == len(TOY_CLAIMS)


def test_neighbourhood_focus_keeps_what_is_near_the_selected_node(open_page, toy_page):
    page, _ = open_page(toy_page)
    page.fill("#search", "kit")
    page.press("#search", "Enter")
    page.select_option("#focus-depth", "1")
    page.check("#focus-mode")
    assert drawn(page)[0] == {KIT.id, ANN.id, LOU.id}
    page.select_option("#focus-depth", "2")
    assert drawn(page)[0] == {KIT.id, ANN.id, LOU.id, MAX.id}
    # Clicking another node moves the focus there.
    x, y = dom_point(page, page.evaluate(f"(p => [p.x, p.y])(network.getPositions(['{MAX.id}'])['{MAX.id}'])"))
    page.mouse.click(x, y)
    assert drawn(page)[0] == {MAX.id, LOU.id, NED.id, KIT.id, PARIS.id}
    page.click("#reset")
    assert len(drawn(page)[0]) == toy_graph().number_of_nodes()


def test_clicking_an_edge_shows_its_evidence(open_page, toy_page):
    page, _ = open_page(toy_page)
    edge = page.evaluate(f"edges.get({{filter: e => e.from === '{ANN.id}'}})[0].id")
    page.mouse.click(*edge_midpoint(page, edge))
    panel = page.locator("#evidence").inner_text()
    assert "Ann Actor plays Kit." in panel
    assert "plays" in panel and "confirmed" in panel and "Example Times" in panel
    link = page.locator("#evidence a")
    assert link.inner_text() == "A safe story" and link.get_attribute("href") == SAFE_URL
    assert link.get_attribute("rel") == "noopener noreferrer"


def test_only_http_links_are_clickable(open_page, toy_page):
    page, _ = open_page(toy_page)
    sneaky = page.evaluate("edges.get({filter: e => e.predicate === 'romanticInterest'})[0].id")
    page.evaluate("id => network.emit('click', {nodes: [], edges: [id]})", sneaky)
    panel = page.locator("#evidence").inner_text()
    assert "Kit might fall for Lou, fans think." in panel and "A sneaky story" in panel
    assert page.locator("#evidence a").count() == 0


def test_hovering_an_edge_previews_the_quote(open_page, toy_page):
    page, _ = open_page(toy_page)
    edge = page.evaluate("edges.get({filter: e => e.predicate === 'partnerOf'})[0].id")
    page.mouse.move(*edge_midpoint(page, edge))
    tip = page.locator("#tooltip")
    tip.wait_for(state="visible")
    assert "Max and Ned will not get together" in tip.inner_text() and "denied" in tip.inner_text()
    assert "A safe story" in tip.inner_text()
    page.mouse.move(5, 5)
    tip.wait_for(state="hidden")


def test_clicking_a_node_lists_its_type_aliases_and_edges(open_page, toy_page):
    page, _ = open_page(toy_page)
    x, y = dom_point(page, page.evaluate(f"(p => [p.x, p.y])(network.getPositions(['{KIT.id}'])['{KIT.id}'])"))
    page.mouse.click(x, y)
    panel = page.locator("#evidence")
    assert panel.locator("h2").inner_text().strip() == "Kit"
    text = panel.inner_text()
    assert "Character" in text and "Kit Lane, Kitty Lané" in text and "3 edges" in text
    assert "plays ← Ann Actor" in text and "romantic interest — Lou" in text
    panel.get_by_text("kissed — Lou").click()
    assert "The creator teased that Kit and Lou will kiss." in panel.inner_text()


def test_main_characters_are_listed_biggest_first(open_page, toy_page):
    page, _ = open_page(toy_page)
    first = page.locator("#main-list li").first.inner_text()
    assert first.startswith("Kit") or first.startswith("Lou")  # degree 3 each, the most of any character
    sizes = page.evaluate("""() => Object.fromEntries(network.body.nodeIndices.map(id => [id, network.body.nodes[id].options.size]))""")
    assert sizes[KIT.id] > sizes[NED.id] > sizes[SEASON.id]


def check_nothing_ran(page, hostile):
    """Show every node and edge in the evidence panel and its hover preview, then check."""
    shown = page.evaluate("""() => { const seen = [];
        const look = () => seen.push(document.getElementById('evidence').innerText,
                                     document.getElementById('tooltip').innerText);
        for (const id of network.body.edgeIndices) { network.emit('click', {nodes: [], edges: [id]});
                                                      network.emit('hoverEdge', {edge: id}); look(); }
        for (const id of network.body.nodeIndices) { network.emit('click', {nodes: [id], edges: []});
                                                      network.emit('hoverNode', {node: id}); look(); }
        return seen.join('\\n'); }""")
    page.fill("#search", "<img")
    page.wait_for_timeout(300)  # an injected <img onerror> would have fired by now
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, svg script').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    assert all(h.startswith(("http:", "https:")) for h in hrefs)
    assert hostile in shown, "hostile text must show, as text"


@pytest.mark.parametrize("article", sorted(p.name for p in DATA.glob("xss*.txt")))
def test_hostile_article_runs_nothing(open_page, tmp_path, article):
    proc = run_fankg("build", DATA / article, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    (html,) = tmp_path.glob("*.html")
    page, _ = open_page(html)
    check_nothing_ran(page, "<img src=x onerror=")


def test_hostile_names_run_nothing(open_page, tmp_path):
    evil = "<img src=x onerror=\"window.__pwned='{}'\">"
    a = Entity.make(evil.format("label") + "Ann", "Person", aliases=[evil.format("alias")])
    b = Entity.make("</script><script>window.__pwned='label2'</script>", "Character")
    g = build_graph([claim(a, "plays", b, "confirmed", evil.format("quote"), article="bad",
                           speaker=evil.format("speaker"), outlet=evil.format("outlet"))])
    articles = [Article("bad", "", title=evil.format("title"), url="javascript:window.__pwned='url'",
                        outlet=evil.format("article outlet"))]
    path = tmp_path / "names.html"
    path.write_text(to_html(g, evil.format("page title"), articles), encoding="utf-8")
    page, _ = open_page(path)
    check_nothing_ran(page, "<img src=x onerror=")
    assert page.title() == page.locator("#title").inner_text() == evil.format("page title")


def test_a_graph_with_nothing_in_it_still_opens(open_page, tmp_path):
    path = tmp_path / "empty.html"
    path.write_text(to_html(build_graph([]), "Nothing yet"), encoding="utf-8")
    page, _ = open_page(path)
    assert page.locator("#counts").inner_text() == "0 of 0 entities, 0 of 0 edges shown"
    page.fill("#search", "anything")
    assert page.locator("#results").inner_text() == "No match."


def test_missing_browser_fails_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("FANKG_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(NoBrowser, match="make browser"):
        chromium_path()
