"""Node positions for the graph page, computed once in Python so the browser only draws.

A force-directed layout (Fruchterman-Reingold: edges pull, all nodes push) written with numpy.
Each connected component is laid out alone, then the components are packed in rows, biggest
first. The random start is seeded and the coordinates rounded, so the same graph always gets
the same positions, byte for byte.

The push of all nodes on each other is computed exactly (O(n²) per step) in components of up to
EXACT_LIMIT nodes. Bigger components (a 10,000-article build has one of ~13,500 nodes) use a
grid hierarchy instead, O(n log n) per step: nodes in the same or a neighbouring cell of the
finest grid push each other exactly; farther nodes push as cells, each cell's node count acting
from its centroid, summed per receiving cell (with the first-order change across that cell)
and handed down from coarse cells to fine ones — a small fast multipole method. The finest
grid is chosen so few nodes share a cell. Everything is plain numpy arithmetic in a fixed
order, so it is as deterministic as the exact push.

>>> import networkx as nx
>>> pos = positions(nx.path_graph(3))
>>> pos == positions(nx.path_graph(3)), sorted(pos)
(True, [0, 1, 2])
>>> x, y = np.random.default_rng(1).random((2, 1, 3000)).astype(np.float32) * 60
>>> (ex, ey), (gx, gy) = _repulsion(x, y), _grid_repulsion(x, y)
>>> bool(np.median(np.hypot(gx - ex, gy - ey) / np.hypot(ex, ey)) < 0.02)
True
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

#: Median length of an edge in page units (CSS pixels at zoom 1): room for a label.
EDGE_LENGTH = 120.0
#: Median distance from a node to its nearest neighbour, at least, in page units.
NODE_SPACING = 50.0
#: Pairwise pushes computed per exact layout, at most: bounds the time on big graphs.
WORK_BUDGET = 1.5e9
MAX_ITERATIONS = 300
MIN_ITERATIONS = 40
#: Pull towards the centre of a component, against the push of all nodes (which is ~n/radius).
GRAVITY = 0.3
#: How much longer edges at hubs are: 1 + HUB_STRETCH * (sqrt(degree) - 1) edge lengths.
HUB_STRETCH = 0.3
#: Components of more nodes than this get the grid (approximate) push instead of the exact one.
EXACT_LIMIT = 1000
#: Same-size components laid out together hold at most this many node pairs in all.
BATCH_PAIRS = 1 << 16
#: The finest grid has at most 2**MAX_LEVEL cells a side...
MAX_LEVEL = 10
#: ... and is refined until about this many exact pushes per node are left to compute.
NEAR_PAIRS = 40


def positions(g: nx.Graph, seed: int = 7) -> dict:
    """``{node: (x, y)}`` for every node of ``g``; edge directions and keys are ignored."""
    nodes = sorted(g.nodes)
    if not nodes:
        return {}
    src, dst = _simple_edges(g, nodes)
    rng = np.random.default_rng(seed)
    components = _components(len(nodes), src, dst)
    # Each component's own numbering of its nodes, and its edges in that numbering.
    local = np.empty(len(nodes), dtype=np.int64)
    owner = np.empty(len(nodes), dtype=np.int64)
    for c, members in enumerate(components):
        local[members] = np.arange(len(members))
        owner[members] = c
    by_component = np.argsort(owner[src], kind="stable")
    cuts = np.searchsorted(owner[src][by_component], np.arange(len(components) + 1))
    edges = [(local[src[e]], local[dst[e]]) for e in np.split(by_component, cuts[1:-1])]
    boxes = []
    # Components of one size follow each other (biggest first); small ones are laid out
    # side by side in one go, as the same steps as one at a time (numpy's call overhead
    # would dominate a few hundred components of 2 or 3 nodes).
    start = 0
    while start < len(components):
        n = len(components[start])
        stop = start + 1
        while (stop < len(components) and len(components[stop]) == n and n <= EXACT_LIMIT
               and (stop - start + 1) * n * n <= BATCH_PAIRS):
            stop += 1
        boxes += _component_layouts(n, edges[start:stop], rng)
        start = stop
    xy = np.concatenate(_pack(boxes))
    order = np.concatenate(components)
    at = np.empty_like(xy)
    at[order] = xy
    lengths = np.hypot(*(at[src] - at[dst]).T)
    # Edges of about EDGE_LENGTH, but never so short that nodes sit on top of each other:
    # in a dense tangle nodes are much closer to each other than to their neighbours.
    scale = max(EDGE_LENGTH / (float(np.median(lengths)) if len(lengths) else 1.0),
                NODE_SPACING / max(_median_nearest(xy), 1e-9))
    # Whole pixels: vis-network truncates positions to integers anyway (parseInt).
    rounded = np.rint(xy * scale).astype(np.int64)
    keys = [nodes[i] for i in order.tolist()]  # in component order, as ever
    return dict(zip(keys, zip(rounded[:, 0].tolist(), rounded[:, 1].tolist(), strict=True), strict=True))


def _simple_edges(g: nx.Graph, nodes: list) -> tuple[np.ndarray, np.ndarray]:
    """The edges of ``g`` without loops, directions or repeats, as (smaller, larger) positions in
    ``nodes``, sorted: the order edges were added to ``g`` does not matter."""
    index = {node: i for i, node in enumerate(nodes)}
    ends = np.fromiter((index[w] for edge in g.edges() for w in edge[:2]), dtype=np.int64,
                       count=2 * g.number_of_edges()).reshape(-1, 2)
    ends = ends[ends[:, 0] != ends[:, 1]]
    keys = np.unique(ends.min(axis=1) * len(nodes) + ends.max(axis=1))
    return keys // len(nodes), keys % len(nodes)


def _components(n: int, src: np.ndarray, dst: np.ndarray) -> list[np.ndarray]:
    """Connected components as sorted arrays of node positions, biggest first, then by first node."""
    root = np.arange(n)
    while True:
        # Hook each root onto the smallest root it shares an edge with, then flatten the trees.
        a, b = root[src], root[dst]
        if np.array_equal(a, b):
            break
        np.minimum.at(root, np.maximum(a, b), np.minimum(a, b))
        while True:
            up = root[root]
            if np.array_equal(up, root):
                break
            root = up
    order = np.argsort(root, kind="stable")
    starts = np.flatnonzero(np.diff(root[order], prepend=-1))
    groups = np.split(order, starts[1:])
    return sorted(groups, key=lambda members: (-len(members), members[0]))


def _component_layouts(n: int, edges: list, rng: np.random.Generator) -> list[np.ndarray]:
    """Positions of components of ``n`` nodes each (``edges``: their (src, dst) arrays),
    each centred on 0 with edges of length about 1."""
    if n == 1:
        return [np.zeros((1, 2)) for _ in edges]
    iterations = int(min(MAX_ITERATIONS, max(MIN_ITERATIONS, WORK_BUDGET / (n * n))))
    push = _repulsion if n <= EXACT_LIMIT else _grid_repulsion
    src = np.concatenate([s + c * n for c, (s, _) in enumerate(edges)])
    dst = np.concatenate([d + c * n for c, (_, d) in enumerate(edges)])
    laid = _force_directed(n, src, dst, rng, iterations, push, copies=len(edges))
    boxes = []
    for xy, (s, d) in zip(np.split(laid, len(edges)), edges, strict=True):
        # Same edge length in every component, so packed components look alike.
        xy /= np.median(np.hypot(*(xy[s] - xy[d]).T)) + 1e-9
        boxes.append(_landscape(xy - xy.mean(axis=0)))
    return boxes


def _landscape(xy: np.ndarray) -> np.ndarray:
    """Turn a centred layout so its long axis runs left to right, as screens do."""
    _, vectors = np.linalg.eigh(xy.T @ xy)
    along = vectors[:, 1] if vectors[0, 1] >= 0 else -vectors[:, 1]  # eigenvector signs are arbitrary
    return xy @ np.array([[along[0], -along[1]], [along[1], along[0]]])


def _force_directed(n: int, src: np.ndarray, dst: np.ndarray, rng: np.random.Generator,
                    iterations: int, push=None, copies: int = 1) -> np.ndarray:
    """Fruchterman-Reingold with ideal edge length 1 and a linearly cooling step size, on
    ``copies`` separate components of ``n`` nodes (component c holds nodes c*n to c*n+n-1)."""
    push = push or _repulsion
    side = math.sqrt(n) * 1.5
    x = np.empty((copies, n), dtype=np.float32)
    y = np.empty((copies, n), dtype=np.float32)
    for c in range(copies):
        x[c] = ((rng.random(n) - 0.5) * side).astype(np.float32)
        y[c] = ((rng.random(n) - 0.5) * side).astype(np.float32)
    flat_x, flat_y = x.reshape(-1), y.reshape(-1)  # views: the same numbers
    size = copies * n
    step = side / 10
    # Edges at hubs are longer, so a main character's many neighbours get room around it.
    degree = np.bincount(src, minlength=size) + np.bincount(dst, minlength=size)
    hub = np.sqrt(np.maximum(degree[src], degree[dst]).astype(np.float32))
    weak = (1 / (1 + HUB_STRETCH * (hub - 1))).astype(np.float32)
    for i in range(iterations):
        fx, fy = push(x, y)
        dx, dy = flat_x[src] - flat_x[dst], flat_y[src] - flat_y[dst]
        pull = (np.sqrt(dx * dx + dy * dy) + np.float32(1e-6)) * weak
        # Attraction d^2 / length along the edge, pulling both ends together.
        fx -= (np.bincount(src, dx * pull, minlength=size) - np.bincount(dst, dx * pull, minlength=size)).reshape(copies, n)
        fy -= (np.bincount(src, dy * pull, minlength=size) - np.bincount(dst, dy * pull, minlength=size)).reshape(copies, n)
        # Gravity towards the centre keeps chains and trees from sprawling across the page.
        fx -= GRAVITY * (x - x.mean(axis=1, keepdims=True))
        fy -= GRAVITY * (y - y.mean(axis=1, keepdims=True))
        length = np.sqrt(fx * fx + fy * fy) + 1e-9
        limit = step * (1 - i / iterations)
        scale = np.minimum(length, limit) / length
        x += (fx * scale).astype(np.float32)
        y += (fy * scale).astype(np.float32)
    return np.column_stack([flat_x, flat_y]).astype(np.float64)


def _repulsion(x: np.ndarray, y: np.ndarray, chunk: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """The push 1/d on every node from every other node of its row of ``x`` and ``y`` (one row
    per component), in blocks that stay in cache."""
    copies, n = x.shape
    fx = np.empty((copies, n), dtype=np.float64)
    fy = np.empty((copies, n), dtype=np.float64)
    rows = max(1, chunk // n)
    for c in range(0, copies, rows):  # several small components at a time
        for start in range(0, n, chunk):  # or a big one in row blocks
            dx = x[c:c + rows, start:start + chunk, None] - x[c:c + rows, None, :]
            dy = y[c:c + rows, start:start + chunk, None] - y[c:c + rows, None, :]
            w = dx * dx
            w += dy * dy
            w += np.float32(1e-4)
            np.reciprocal(w, out=w)
            dx *= w
            dy *= w
            fx[c:c + rows, start:start + chunk] = dx.sum(axis=2)
            fy[c:c + rows, start:start + chunk] = dy.sum(axis=2)
    return fx, fy


def _far_steps() -> np.ndarray:
    """Per parity of a cell (x odd?, y odd?): the (x, y) steps from it to the 27 cells of its
    interaction list, the children of its parent's 3x3 block that are not its own neighbours."""
    return np.array([[(dx, dy) for dx in range(-2 - odd_x, 4 - odd_x) for dy in range(-2 - odd_y, 4 - odd_y)
                      if abs(dx) > 1 or abs(dy) > 1] for odd_x in (0, 1) for odd_y in (0, 1)]).transpose(2, 0, 1)


#: ``_FAR_STEPS[0]``: x steps, ``[1]``: y steps, each 27 per parity class of a cell.
_FAR_STEPS = _far_steps()


def _grid_repulsion(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """About the push of :func:`_repulsion`, in O(n log n): exact from nodes in the same and
    the 8 neighbouring cells of the finest grid, and from cells' centroids farther away."""
    (n,) = x.shape[1:]  # one component: a single row
    px, py = x[0].astype(np.float64), y[0].astype(np.float64)
    x0, y0 = px.min(), py.min()
    extent = max(px.max() - x0, py.max() - y0, 1e-6) * (1 + 1e-9)
    # Finest level: refine until the exact near pushes are few (9 * sum of squared cell counts
    # bounds them), however tight the densest spot.
    level = 2
    while True:
        side = 1 << level
        cx = np.minimum((px - x0) * (side / extent), side - 1).astype(np.int64)
        cy = np.minimum((py - y0) * (side / extent), side - 1).astype(np.int64)
        counts = np.bincount(cx * side + cy)
        if level >= MAX_LEVEL or 9 * float(np.dot(counts, counts)) <= NEAR_PAIRS * n:
            break
        level += 1
    fx, fy = _near_push(px, py, cx, cy, side)
    # Far field, coarse to fine: each non-empty cell gathers the push of the 27 cells of its
    # interaction list as a value at its centre plus a gradient (first-order Taylor expansion),
    # adds what its parent gathered, and hands the sum down to its children.
    parent: list[np.ndarray] = []  # the previous level's fx, fy, jxx, jxy, per padded cell
    for lev in range(2, level + 1):
        shift = level - lev
        side_l = 1 << lev
        pad = side_l + 6  # 3 empty cells on every border: lists never leave the grid
        width = extent / side_l
        key = ((cx >> shift) + 3) * pad + ((cy >> shift) + 3)
        count = np.bincount(key, minlength=pad * pad).astype(np.float64)
        cells = np.flatnonzero(count)
        mx = np.full(pad * pad, 1e18)
        my = np.full(pad * pad, 1e18)
        mx[cells] = np.bincount(key, px, minlength=pad * pad)[cells] / count[cells]
        my[cells] = np.bincount(key, py, minlength=pad * pad)[cells] / count[cells]
        tx, ty = cells // pad - 3, cells % pad - 3
        centre_x, centre_y = x0 + (tx + 0.5) * width, y0 + (ty + 0.5) * width
        sources = cells[:, None] + (_FAR_STEPS[0] * pad + _FAR_STEPS[1])[(tx & 1) * 2 + (ty & 1)]
        m = count[sources]
        rx = centre_x[:, None] - mx[sources]
        ry = centre_y[:, None] - my[sources]
        d2 = rx * rx + ry * ry
        w = m / d2
        ex = (rx * w).sum(axis=1)
        ey = (ry * w).sum(axis=1)
        w /= d2
        jxx = ((ry * ry - rx * rx) * w).sum(axis=1)
        jxy = (-2 * rx * ry * w).sum(axis=1)
        if parent:
            # The parent's expansion, moved from its centre to this cell's centre.
            p_fx, p_fy, p_jxx, p_jxy = parent
            up = ((tx >> 1) + 3) * (side_l // 2 + 6) + ((ty >> 1) + 3)
            ux = np.where(tx & 1, 0.5, -0.5) * width
            uy = np.where(ty & 1, 0.5, -0.5) * width
            a, b = p_jxx[up], p_jxy[up]
            ex += p_fx[up] + a * ux + b * uy
            ey += p_fy[up] + b * ux - a * uy
            jxx += a
            jxy += b
        field = [np.zeros(pad * pad) for _ in range(4)]
        for array, values in zip(field, (ex, ey, jxx, jxy), strict=True):
            array[cells] = values
        parent = field
        if lev == level:
            ox = px - (x0 + ((cx + 0.5) * width))
            oy = py - (y0 + ((cy + 0.5) * width))
            a, b = field[2][key], field[3][key]
            fx += field[0][key] + a * ox + b * oy
            fy += field[1][key] + b * ox - a * oy
    return fx[None], fy[None]


def _near_push(px: np.ndarray, py: np.ndarray, cx: np.ndarray, cy: np.ndarray, side: int,
               block: int = 1 << 21) -> tuple[np.ndarray, np.ndarray]:
    """The exact push on every node from the nodes in its own and the 8 neighbouring cells
    (cell ``cx``, ``cy`` of a ``side`` x ``side`` grid), about ``block`` pairs at a time."""
    n = len(px)
    pad = side + 2  # an empty border: neighbours never leave the grid
    cell = (cx + 1) * pad + (cy + 1)
    order = np.argsort(cell, kind="stable")
    counts = np.bincount(cell, minlength=pad * pad)
    starts = np.cumsum(counts) - counts
    around = (cell[:, None] + np.array([dx * pad + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1)])).ravel()
    k = counts[around]
    # Node i meets every node j of the 9 cells around it (itself too, which pushes by 0).
    done = np.concatenate([[0], np.cumsum(k.reshape(n, 9).sum(axis=1))])
    fx, fy = np.zeros(n), np.zeros(n)
    first = 0
    while first < n:
        last = max(first + 1, int(np.searchsorted(done, done[first] + block, side="right")) - 1)
        kk = k[9 * first:9 * last]
        ii = np.repeat(np.repeat(np.arange(first, last), 9), kk)
        offset = np.arange(len(ii)) - np.repeat(np.cumsum(kk) - kk, kk)
        jj = order[np.repeat(starts[around[9 * first:9 * last]], kk) + offset]
        dx = px[ii] - px[jj]
        dy = py[ii] - py[jj]
        w = 1 / (dx * dx + dy * dy + 1e-4)
        fx += np.bincount(ii, dx * w, minlength=n)
        fy += np.bincount(ii, dy * w, minlength=n)
        first = last
    return fx, fy


def _median_nearest(xy: np.ndarray, sample: int = 2000, chunk: int = 32) -> float:
    """Median distance from a node to its nearest other node (over a sample of nodes)."""
    if len(xy) < 2:
        return 1.0
    step = max(1, len(xy) // sample)
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    rows_x, rows_y = x[::step], y[::step]
    nearest = np.empty(len(rows_x))
    for start in range(0, len(rows_x), chunk):  # small blocks: they stay in cache
        d2 = rows_x[start:start + chunk, None] - x
        dy = rows_y[start:start + chunk, None] - y
        d2 *= d2
        dy *= dy
        d2 += dy
        d2[d2 == 0] = np.inf  # the node itself (and any exact twin)
        nearest[start:start + chunk] = d2.min(axis=1)
    return float(np.median(np.sqrt(nearest)))


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
