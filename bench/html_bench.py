"""How fast is the graph page on a big graph? Builds synthetic fan graphs, writes the page,
opens it in headless Chromium and prints a table.

    .venv/bin/python bench/html_bench.py              # 500/1,500 and 5,000/15,000
    .venv/bin/python bench/html_bench.py --nodes 5000 --edges 15000

Columns: layout and page build time in Python, file size, time from navigation start to the
first drawing of the graph in headless Chromium (the page is usable from then on: positions
are precomputed and physics is off, so nothing moves after that), and the time one filter
click takes (un-check "speculated" until the graph is drawn again).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.build import build_graph  # noqa: E402
from graph.html import to_html  # noqa: E402
from graph.model import EDGE_TYPES, Claim, Entity, Evidence  # noqa: E402

# How many nodes of each type a synthetic show has (about 50 in all).
SHOW_SHAPE = {"Season": 3, "Character": 22, "Person": 14, "Storyline": 3, "Place": 4, "Organization": 2, "Event": 1}
#: The edge from a show to each of its own nodes of these types.
SHOW_EDGE = {"Season": "hasSeason", "Organization": "airsOn", "Place": "setIn"}
STATUS_WEIGHTS = {"confirmed": 50, "hinted": 20, "speculated": 25, "denied": 5}


def synthetic_graph(nodes: int = 5000, edges: int = 15000, seed: int = 1):
    """A fan-like graph: shows with their casts, shared networks and actors, typed edges."""
    rnd = random.Random(seed)
    networks = [Entity.make(f"Streamer {i}", "Organization") for i in range(6)]
    shows = []
    made = len(networks)
    while made < nodes:
        number = len(shows)
        pool = {"Show": [Entity.make(f"Show {number}", "Show")]}
        made += 1
        for kind, count in SHOW_SHAPE.items():
            count = min(count, nodes - made)
            pool[kind] = [Entity.make(f"{kind} {number}-{i}", kind, aliases=[f"{kind[0]}{number}/{i}"])
                          for i in range(count)]
            made += count
        pool["Organization"] = pool["Organization"] + networks
        shows.append(pool)
    claims, seen = [], set()
    names = sorted(EDGE_TYPES)
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)

    def pick(pool, types):
        choices = [e for t in types for e in pool.get(t, [])]
        return rnd.choice(choices) if choices else None

    # Every node gets at least one edge, then random typed edges up to the target.
    def add(subject, predicate, obj):
        claim = Claim(subject, predicate, obj, rnd.choices(statuses, weights)[0],
                      Evidence(f"article-{rnd.randrange(500):03d}",
                               f"{subject.label} and {obj.label}: a sentence about {predicate} that an "
                               f"entertainment article could have written, with a little more text.",
                               0, 120, speaker=rnd.choice(["", "A Showrunner", "An Actor"]),
                               outlet=rnd.choice(["", "Some Magazine"])))
        if claim.key() not in seen and subject.id != obj.id:
            seen.add(claim.key())
            claims.append(claim)

    for pool in shows:
        show = pool["Show"][0]
        for kind, members in pool.items():
            for member in members:
                if member is show or member in networks:
                    continue
                if kind == "Person":
                    add(member, "castIn", show)
                elif kind in SHOW_EDGE:
                    add(show, SHOW_EDGE[kind], member)
                elif kind == "Character" and pool["Person"]:
                    add(pick(pool, ["Person"]), "plays", member)
                elif kind == "Storyline" and pool["Character"]:
                    add(pick(pool, ["Character"]), "involvedIn", member)
                elif kind == "Event" and pool["Season"]:
                    add(pick(pool, ["Season"]), "delayedBy", member)
    while len(claims) < edges:
        edge = EDGE_TYPES[rnd.choice(names)]
        home = rnd.choice(shows)
        away = rnd.choice(shows) if rnd.random() < 0.08 else home
        subject, obj = pick(home, edge.domain), pick(away, edge.range)
        if subject and obj:
            add(subject, edge.name, obj)
    g = build_graph(claims[:edges])
    assert g.number_of_nodes() == nodes, g.number_of_nodes()
    return g


#: Un-check "speculated" and wait for the next frame: what a filter click costs.
TOGGLE = """() => new Promise(done => { const start = performance.now();
    network.once("afterDrawing", () => done(performance.now() - start));
    document.querySelector("input[data-status=speculated]").click(); network.redraw(); })"""


def browser_times(page_path: Path) -> tuple[float, float]:
    """Seconds to the first drawing of the graph, and for one filter click, in Chromium."""
    from tests.browser import launch, open_graph_page

    with launch() as browser:
        page, problems = open_graph_page(browser, page_path, timeout_ms=60_000)
        first = page.evaluate("window.fankg.firstDrawMs")
        toggle = page.evaluate(TOGGLE)
        assert not problems, problems
        page.close()
    return first / 1000, toggle / 1000


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, action="append")
    parser.add_argument("--edges", type=int, action="append")
    args = parser.parse_args(argv)
    sizes = list(zip(args.nodes or [500, 5000], args.edges or [1500, 15000], strict=True))
    print(f"{'nodes':>6} {'edges':>6} {'build s':>8} {'size MB':>8} {'first draw s':>13} {'filter s':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for nodes, edges in sizes:
            g = synthetic_graph(nodes, edges)
            start = time.perf_counter()
            page = to_html(g, title=f"synthetic {nodes}")
            built = time.perf_counter() - start
            path = Path(tmp) / f"synthetic-{nodes}.html"
            path.write_text(page, encoding="utf-8")
            first, toggle = browser_times(path)
            print(f"{nodes:>6} {g.number_of_edges():>6} {built:>8.2f} {path.stat().st_size / 1e6:>8.2f} "
                  f"{first:>13.2f} {toggle:>9.2f}", flush=True)


if __name__ == "__main__":
    main()
