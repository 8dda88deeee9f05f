"""The camps network: its graph and layout over a matrix (`tally.network`) and its figure
(`charts.camps_network`), checked on small frames."""

from __future__ import annotations

import itertools
import math
from datetime import date

import pandas as pd

from analysis import charts, tally

D = date(2020, 1, 1)
# Two camps in Libya (Turkey and Qatar with the GNA; Egypt, the UAE and Russia with the LNA,
# Russia doubting), one in Syria.
MATRIX = pd.DataFrame(
    [
        ("Turkey", "GNA", "Libya", 5, 0, 5, D, D, 1),
        ("Qatar", "GNA", "Libya", 2, 0, 2, D, D, 1),
        ("Turkey", "LNA", "Libya", 0, 3, -3, D, D, 1),
        ("Egypt", "LNA", "Libya", 4, 0, 4, D, D, 1),
        ("UAE", "LNA", "Libya", 3, 0, 3, D, D, 1),
        ("UAE", "GNA", "Libya", 0, 2, -2, D, D, 1),
        ("Russia", "LNA", "Libya", 2, 1, 1, D, D, 1),
        ("Russia", "Syrian government", "Syria", 6, 0, 6, D, D, 1),
        ("Iran", "Syrian government", "Syria", 4, 0, 4, D, D, 1),
    ],
    columns=tally.MATRIX_COLUMNS,
)


def _distance(nodes: pd.DataFrame, a: str, b: str) -> float:
    pos = nodes.set_index("name")
    return math.dist(pos.loc[a, ["x", "y"]], pos.loc[b, ["x", "y"]])


def test_network_has_one_edge_per_pair_and_relation():
    edges = tally.network(MATRIX).edges
    assert len(edges) == 10  # Russia → LNA both supports and opposes
    russia = edges[(edges["supporter"] == "Russia") & (edges["target"] == "LNA")]
    assert dict(zip(russia["relation"], russia["articles"], strict=True)) == {
        "supports": 2,
        "opposes": 1,
    }
    assert list(edges.columns) == list(tally.EDGE_COLUMNS)


def test_network_sums_a_pair_over_theaters():
    two = pd.concat([MATRIX.iloc[:1], MATRIX.iloc[:1].assign(theater="Syria")])
    edges = tally.network(two).edges
    assert edges[["articles", "theaters"]].values.tolist() == [[10, "Libya, Syria"]]


def test_network_nodes_are_factions_and_outside_actors():
    nodes = tally.network(MATRIX).nodes.set_index("name")
    assert nodes.loc["GNA", "kind"] == "faction"
    assert nodes.loc["Syrian government", "theater"] == "Syria"
    assert nodes.loc["Turkey", "kind"] == "outside actor"
    assert nodes.loc["Russia", "theater"] == "Libya, Syria"


def _near_their_camp(nodes: pd.DataFrame, triples) -> None:
    """Each (backer, ally, enemy): the backer is drawn nearer its ally than its enemy."""
    for backer, ally, enemy in triples:
        assert _distance(nodes, backer, ally) < _distance(nodes, backer, enemy), backer


def test_backers_are_drawn_near_their_camp():
    _near_their_camp(
        tally.network(MATRIX).nodes,
        [
            ("Turkey", "GNA", "LNA"),
            ("Qatar", "GNA", "LNA"),
            ("Egypt", "LNA", "GNA"),
            ("UAE", "LNA", "GNA"),
            ("Iran", "Syrian government", "GNA"),
        ],
    )


# The matrix of the 544 bundled real articles (extractor 2.16): one heavy edge (Russia backs
# Damascus in 79 articles) and six actors tied by one article of opposition each.
REAL = [
    ("China", "Syrian government", 2, 0),
    ("European Union", "ISIS", 0, 1),
    ("France", "Syrian government", 0, 1),
    ("Global Coalition against ISIS", "HTS", 0, 2),
    ("Global Coalition against ISIS", "ISIS", 0, 42),
    ("Global Coalition against ISIS", "SDF", 15, 3),
    ("Global Coalition against ISIS", "Syrian government", 1, 3),
    ("Global Coalition against ISIS", "Syrian opposition", 0, 2),
    ("Hezbollah", "HTS", 0, 2),
    ("Hezbollah", "ISIS", 0, 1),
    ("Hezbollah", "Syrian government", 23, 0),
    ("Hezbollah", "Syrian opposition", 0, 7),
    ("Iran", "HTS", 0, 1),
    ("Iran", "Syrian government", 19, 0),
    ("Iran", "Syrian opposition", 2, 1),
    ("Iran-backed militias", "Syrian government", 2, 0),
    ("Iran-backed militias", "Syrian opposition", 0, 1),
    ("Israel", "Syrian government", 0, 3),
    ("Jordan", "ISIS", 0, 1),
    ("Qatar", "Syrian government", 1, 0),
    ("Qatar", "Syrian opposition", 5, 0),
    ("Russia", "HTS", 0, 1),
    ("Russia", "ISIS", 0, 21),
    ("Russia", "SDF", 1, 0),
    ("Russia", "Syrian government", 79, 1),
    ("Russia", "Syrian opposition", 3, 30),
    ("Saudi Arabia", "Syrian government", 0, 1),
    ("Saudi Arabia", "Syrian opposition", 7, 0),
    ("Turkey", "ISIS", 1, 11),
    ("Turkey", "SDF", 1, 1),
    ("Turkey", "Syrian government", 2, 1),
    ("Turkey", "Syrian opposition", 13, 1),
    ("United Kingdom", "Syrian government", 0, 1),
    ("United Nations", "Syrian opposition", 0, 1),
    ("United States", "HTS", 1, 1),
    ("United States", "ISIS", 2, 14),
    ("United States", "SDF", 25, 0),
    ("United States", "Syrian government", 1, 9),
    ("United States", "Syrian opposition", 12, 1),
]


def _matrix(rows, theater: str = "Syria") -> pd.DataFrame:
    return pd.DataFrame(
        [(s, t, theater, sup, opp, sup - opp, D, D, 1) for s, t, sup, opp in rows],
        columns=tally.MATRIX_COLUMNS,
    )


def _spread(nodes: pd.DataFrame) -> tuple[float, float]:
    """The closest two nodes and the closest two factions, as fractions of the drawing's
    width or height, whichever is larger."""
    xy = nodes[["x", "y"]]
    extent = max(xy["x"].max() - xy["x"].min(), xy["y"].max() - xy["y"].min())
    factions = list(nodes.loc[nodes["kind"] == "faction", "name"])

    def closest(names) -> float:
        return min(_distance(nodes, a, b) for a, b in itertools.combinations(names, 2))

    return closest(nodes["name"]) / extent, closest(factions) / extent


def test_a_real_matrix_is_drawn_spread_out_with_each_camp_together():
    nodes = tally.network(_matrix(REAL)).nodes
    anyone, factions = _spread(nodes)
    # a spring layout weighted by articles drew this as a knot: 0.03 and 0.05
    assert anyone >= 0.05 and factions >= 0.1, (anyone, factions)
    _near_their_camp(
        nodes,
        [
            ("Russia", "Syrian government", "Syrian opposition"),
            ("Hezbollah", "Syrian government", "Syrian opposition"),
            ("Saudi Arabia", "Syrian opposition", "Syrian government"),
            ("Qatar", "Syrian opposition", "Syrian government"),
            ("United States", "SDF", "ISIS"),
        ],
    )


def test_wars_with_no_actor_in_common_are_both_drawn_spread_out():
    rows = _matrix([("Egypt", "LNA", 4, 0), ("Turkey", "GNA", 5, 0), ("Turkey", "LNA", 0, 3)])
    yemen = _matrix([("Saudi Arabia", "Government of Yemen", 6, 0)], "Yemen")
    yemen = pd.concat([yemen, _matrix([("Iran", "Houthis", 5, 0)], "Yemen")])
    nodes = tally.network(pd.concat([rows, yemen], ignore_index=True)).nodes
    assert _spread(nodes)[0] >= 0.05


def test_network_layout_is_the_same_every_time():
    first, again = tally.network(MATRIX).nodes, tally.network(MATRIX.iloc[::-1]).nodes
    pd.testing.assert_frame_equal(first, again)


def test_empty_matrix_gives_an_empty_network_and_a_no_data_figure():
    net = tally.network(pd.DataFrame(columns=tally.MATRIX_COLUMNS))
    assert net.nodes.empty and net.edges.empty
    fig = charts.camps_network(net)
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == charts.NO_DATA


def _edge_lines(fig, relation: str) -> list:
    return [t for t in fig.data if t.mode == "lines" and t.legendgroup == relation]


def test_network_edges_are_coloured_by_relation_and_as_wide_as_their_articles():
    fig = charts.camps_network(tally.network(MATRIX))
    supports, opposes = _edge_lines(fig, "supports"), _edge_lines(fig, "opposes")
    assert (len(supports), len(opposes)) == (7, 3)
    assert {t.line.color for t in supports} == {charts.SUPPORT_COLOR}
    assert {t.line.color for t in opposes} == {charts.OPPOSE_COLOR}
    widths = sorted(t.line.width for t in supports)
    assert widths[-1] == charts.MAX_EDGE_WIDTH  # Russia → Syrian government: 6 articles
    assert widths[0] < widths[-1]
    # one legend entry per relation, one per kind of node
    assert sorted(t.name for t in fig.data if t.showlegend is not False) == [
        "factions",
        "opposes",
        "outside actors",
        "supports",
    ]


def test_network_edge_midpoints_carry_the_edge_for_click_through():
    fig = charts.camps_network(tally.network(MATRIX))
    mids = [t for t in fig.data if t.mode == "markers" and "click" in t.name]
    data = {tuple(c[:3]): c for t in mids for c in t.customdata}
    assert len(data) == 10
    assert list(data[("Russia", "LNA", "opposes")][3:]) == [1, "Libya"]
    assert "independent articles" in mids[0].hovertemplate
    # every node is named on the drawing
    assert sorted(a.text for a in fig.layout.annotations) == sorted(
        tally.network(MATRIX).nodes.name
    )


def test_a_pair_with_both_relations_draws_two_edges_side_by_side():
    net = tally.network(MATRIX)
    nodes = set(zip(net.nodes["x"], net.nodes["y"], strict=True))
    lines = [t for t in charts.camps_network(net).data if t.mode == "lines"]
    shifted = [t for t in lines if (t.x[0], t.y[0]) not in nodes]
    # only the two Russia → LNA edges leave the line between the nodes, to either side
    assert sorted(t.legendgroup for t in shifted) == ["opposes", "supports"]
    russia = net.nodes.set_index("name").loc["Russia"]
    assert all(math.dist((t.x[0], t.y[0]), (russia.x, russia.y)) < 0.1 for t in shifted)
    assert shifted[0].x[0] != shifted[1].x[0]
