"""Node positions for the graph page, computed once in Python so the browser only draws.

A force-directed layout (Fruchterman-Reingold: edges pull, all nodes push) written with numpy
so a graph of 5,000 nodes is laid out in a couple of seconds; networkx's own spring layout
takes a minute at that size. Each connected component is laid out alone, then the components
are packed in rows, biggest first. The random start is seeded and the coordinates rounded, so
the same graph always gets the same positions, byte for byte.

>>> import networkx as nx
>>> pos = positions(nx.path_graph(3))
>>> pos == positions(nx.path_graph(3)), sorted(pos)
(True, [0, 1, 2])
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

#: Median length of an edge in page units (CSS pixels at zoom 1): room for a label.
EDGE_LENGTH = 120.0
#: Median distance from a node to its nearest neighbour, at least, in page units.
NODE_SPACING = 50.0
#: Pairwise pushes computed per layout, at most: bounds the time on big graphs.
WORK_BUDGET = 1.5e9
MAX_ITERATIONS = 300
MIN_ITERATIONS = 40
#: Pull towards the centre of a component, against the push of all nodes (which is ~n/radius).
GRAVITY = 0.3
#: How much longer edges at hubs are: 1 + HUB_STRETCH * (sqrt(degree) - 1) edge lengths.
HUB_STRETCH = 0.3


def positions(g: nx.Graph, seed: int = 7) -> dict:
    """``{node: (x, y)}`` for every node of ``g``; edge directions and keys are ignored."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(g.nodes))
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    rng = np.random.default_rng(seed)
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    if not components:
        return {}
    boxes = [_component_layout(simple, nodes, rng) for nodes in components]
    placed = _pack(boxes)
    at = {node: xy for nodes, xys in zip(components, placed, strict=True) for node, xy in zip(nodes, xys, strict=True)}
    lengths = [float(np.hypot(*(at[u] - at[v]))) for u, v in simple.edges()]
    # Edges of about EDGE_LENGTH, but never so short that nodes sit on top of each other:
    # in a dense tangle nodes are much closer to each other than to their neighbours.
    scale = max(EDGE_LENGTH / (float(np.median(lengths)) if lengths else 1.0),
                NODE_SPACING / max(_median_nearest(np.array(list(at.values()))), 1e-9))
    # Whole pixels: vis-network truncates positions to integers anyway (parseInt).
    return {node: (round(float(x) * scale), round(float(y) * scale)) for node, (x, y) in at.items()}


def _component_layout(g: nx.Graph, nodes: list, rng: np.random.Generator) -> np.ndarray:
    """Positions of one connected component, centred on 0, edge length about 1."""
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[u], index[v]) for u, v in g.subgraph(nodes).edges()], dtype=np.int64)
    iterations = int(min(MAX_ITERATIONS, max(MIN_ITERATIONS, WORK_BUDGET / (n * n))))
    xy = _force_directed(n, pairs[:, 0], pairs[:, 1], rng, iterations)
    # Same edge length in every component, so packed components look alike.
    xy /= np.median(np.hypot(*(xy[pairs[:, 0]] - xy[pairs[:, 1]]).T)) + 1e-9
    return _landscape(xy - xy.mean(axis=0))


def _landscape(xy: np.ndarray) -> np.ndarray:
    """Turn a centred layout so its long axis runs left to right, as screens do."""
    _, vectors = np.linalg.eigh(xy.T @ xy)
    along = vectors[:, 1] if vectors[0, 1] >= 0 else -vectors[:, 1]  # eigenvector signs are arbitrary
    return xy @ np.array([[along[0], -along[1]], [along[1], along[0]]])


def _force_directed(n: int, src: np.ndarray, dst: np.ndarray, rng: np.random.Generator,
                    iterations: int) -> np.ndarray:
    """Fruchterman-Reingold with ideal edge length 1 and a linearly cooling step size."""
    side = math.sqrt(n) * 1.5
    x = ((rng.random(n) - 0.5) * side).astype(np.float32)
    y = ((rng.random(n) - 0.5) * side).astype(np.float32)
    step = side / 10
    # Edges at hubs are longer, so a main character's many neighbours get room around it.
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    hub = np.sqrt(np.maximum(degree[src], degree[dst]).astype(np.float32))
    weak = (1 / (1 + HUB_STRETCH * (hub - 1))).astype(np.float32)
    for i in range(iterations):
        fx, fy = _repulsion(x, y)
        dx, dy = x[src] - x[dst], y[src] - y[dst]
        pull = (np.sqrt(dx * dx + dy * dy) + np.float32(1e-6)) * weak
        # Attraction d^2 / length along the edge, pulling both ends together.
        fx -= np.bincount(src, dx * pull, minlength=n) - np.bincount(dst, dx * pull, minlength=n)
        fy -= np.bincount(src, dy * pull, minlength=n) - np.bincount(dst, dy * pull, minlength=n)
        # Gravity towards the centre keeps chains and trees from sprawling across the page.
        fx -= GRAVITY * (x - x.mean())
        fy -= GRAVITY * (y - y.mean())
        length = np.sqrt(fx * fx + fy * fy) + 1e-9
        limit = step * (1 - i / iterations)
        scale = np.minimum(length, limit) / length
        x += (fx * scale).astype(np.float32)
        y += (fy * scale).astype(np.float32)
    return np.column_stack([x, y]).astype(np.float64)


def _repulsion(x: np.ndarray, y: np.ndarray, chunk: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """The push 1/d on every node from every other, in row blocks that stay in cache."""
    n = len(x)
    fx = np.empty(n, dtype=np.float64)
    fy = np.empty(n, dtype=np.float64)
    for start in range(0, n, chunk):
        dx = x[start:start + chunk, None] - x[None, :]
        dy = y[start:start + chunk, None] - y[None, :]
        w = dx * dx
        w += dy * dy
        w += np.float32(1e-4)
        np.reciprocal(w, out=w)
        dx *= w
        dy *= w
        fx[start:start + chunk] = dx.sum(axis=1)
        fy[start:start + chunk] = dy.sum(axis=1)
    return fx, fy


def _median_nearest(xy: np.ndarray, sample: int = 2000) -> float:
    """Median distance from a node to its nearest other node (over a sample of nodes)."""
    if len(xy) < 2:
        return 1.0
    rows = xy[:: max(1, len(xy) // sample)]
    nearest = []
    for start in range(0, len(rows), 256):
        d2 = ((rows[start:start + 256, None, :] - xy[None, :, :]) ** 2).sum(axis=2)
        d2[d2 == 0] = np.inf  # the node itself (and any exact twin)
        nearest.append(np.sqrt(d2.min(axis=1)))
    return float(np.median(np.concatenate(nearest)))


def _pack(boxes: list[np.ndarray], gap: float = 1.5, aspect: float = 1.25) -> list[np.ndarray]:
    """Place component layouts in rows (shelves), biggest first, about ``aspect`` times as wide
    as tall (the graph sits between two side panels on a landscape screen)."""
    sizes = [(xy.max(axis=0) - xy.min(axis=0)) + gap for xy in boxes]
    row_width = max(max(w for w, _ in sizes), math.sqrt(sum(w * h for w, h in sizes) * aspect))
    placed, cx, cy, row_height = [], 0.0, 0.0, 0.0
    for xy, (w, h) in zip(boxes, sizes, strict=True):
        if cx > 0 and cx + w > row_width:
            cx, cy, row_height = 0.0, cy + row_height, 0.0
        placed.append(xy - xy.min(axis=0) + (cx, cy))
        cx += w
        row_height = max(row_height, h)
    return placed
