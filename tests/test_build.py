from graph.build import build_graph, status_counts
from graph.model import Claim, Entity, Evidence


def _claim(s, p, o, status, start=0):
    ev = Evidence("a1", "some sentence", start, start + 13)
    return Claim(s, p, o, status, ev)


def test_one_edge_per_triple_with_all_claims_and_the_strongest_status():
    kay, ann = Entity.make("Kay", "Character"), Entity.make("Ann", "Character")
    g = build_graph([_claim(kay, "romanticInterest", ann, "speculated", 0),
                     _claim(ann, "romanticInterest", kay, "hinted", 20)])
    assert g.number_of_edges() == 1  # symmetric: one edge whichever way it was said
    (_, _, data), = g.edges(data=True)
    assert data["status"] == "hinted"
    assert [c["status"] for c in data["claims"]] == ["speculated", "hinted"]
    assert status_counts(g)["hinted"] == 1


def test_nodes_are_typed_and_keep_aliases():
    a = Entity.make("Emma Doe", "Character", ["Emma"])
    b = Entity.make("Emma Doe", "Character", ["Doe"])
    place = Entity.make("Leeds", "Place")
    g = build_graph([_claim(a, "from", place, "confirmed"), _claim(b, "livesIn", place, "confirmed")])
    node = g.nodes["character/emma-doe"]
    assert node["type"] == "Character" and node["aliases"] == ["Doe", "Emma"]
    assert g.nodes["place/leeds"]["type"] == "Place"
