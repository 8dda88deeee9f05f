"""Figure builders, tested on their data rather than their pixels."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis import charts, tally

MATRIX = pd.DataFrame(
    [
        ("Turkey", "GNA", "Libya", 3, 0, 3, date(2019, 12, 1), date(2020, 2, 10)),
        ("Russia", "LNA", "Libya", 1, 1, 0, date(2020, 1, 15), date(2020, 4, 20)),
        ("Egypt", "LNA", "Libya", 2, 0, 2, date(2020, 2, 10), date(2020, 2, 10)),
        ("Turkey", "LNA", "Libya", 0, 2, -2, date(2020, 1, 1), date(2020, 3, 1)),
    ],
    columns=tally.MATRIX_COLUMNS,
)
TIMELINE = pd.DataFrame(
    [
        ("2020-01", "Russia", "LNA", "supports", 1),
        ("2020-01", "Turkey", "GNA", "supports", 3),
        ("2020-04", "Russia", "LNA", "opposes", 1),
    ],
    columns=tally.TIMELINE_COLUMNS,
)
EMPTY_MATRIX = pd.DataFrame(columns=tally.MATRIX_COLUMNS)
EMPTY_TIMELINE = pd.DataFrame(columns=tally.TIMELINE_COLUMNS)


def test_heatmap_grid_and_axes():
    fig = charts.matrix_heatmap(MATRIX)
    heat = fig.data[0]
    assert heat.type == "heatmap"
    assert list(heat.x) == ["GNA", "LNA"]
    assert list(heat.y) == ["Egypt", "Russia", "Turkey"]
    assert [list(row) for row in heat.z] == [[None, 2], [None, 0], [3, -2]]
    assert heat.zmid == 0
    assert fig.layout.xaxis.title.text == "Faction"
    assert fig.layout.yaxis.title.text == "Outside actor"


def test_heatmap_cells_carry_pair_and_evidence():
    picks = charts.matrix_heatmap(MATRIX).data[1]
    by_pair = {(c[0], c[1]): c for c in picks.customdata}
    assert by_pair[("Turkey", "LNA")][2:] == [0, 2, "2020-01-01", "2020-03-01"]
    assert len(by_pair) == 4
    assert "supporting articles" in picks.hovertemplate


def test_heatmap_sums_a_pair_over_theaters():
    two = pd.concat([MATRIX.iloc[:1], MATRIX.iloc[:1].assign(theater="Syria")])
    heat = charts.matrix_heatmap(two).data[0]
    assert [list(row) for row in heat.z] == [[6]]


def test_sankey_links_are_evidence_weighted():
    sankey = charts.alignment_sankey(MATRIX).data[0]
    labels = list(sankey.node.label)
    assert labels == ["Egypt", "Russia", "Turkey", "GNA", "LNA"]
    links = {
        (labels[s], labels[t], rel): v
        for s, t, rel, v in zip(
            sankey.link.source,
            sankey.link.target,
            sankey.link.label,
            sankey.link.value,
            strict=True,
        )
    }
    assert links == {
        ("Egypt", "LNA", "supports"): 2,
        ("Russia", "LNA", "supports"): 1,
        ("Russia", "LNA", "opposes"): 1,
        ("Turkey", "GNA", "supports"): 3,
        ("Turkey", "LNA", "opposes"): 2,
    }


def test_timeline_bars_stack_pairs_and_mark_changes():
    changes = tally.stance_changes(TIMELINE)
    fig = charts.timeline_bars(TIMELINE, changes)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sorted(t.name for t in bars) == ["Russia → LNA", "Turkey → GNA"]
    russia = next(t for t in bars if t.name == "Russia → LNA")
    assert list(russia.x) == ["2020-01", "2020-04"]
    assert list(russia.y) == [1, -1]
    assert fig.layout.barmode == "relative"
    assert fig.layout.xaxis.title.text == "Month"
    star = fig.data[-1]
    assert (star.name, list(star.x), list(star.y)) == ("stance change", ["2020-04"], [-1])


def test_timeline_bars_keep_the_pairs_with_most_evidence():
    changes = tally.stance_changes(TIMELINE)
    fig = charts.timeline_bars(TIMELINE, changes, max_pairs=1)
    assert [t.name for t in fig.data] == ["Turkey → GNA"]  # Russia's star goes with its bars
    assert fig.layout.title.text == "The 1 pairs with most evidence, of 2"


def test_timeline_bars_without_changes():
    fig = charts.timeline_bars(TIMELINE, None)
    assert all(t.type == "bar" for t in fig.data)


def test_swimlane_lanes_run_first_to_last():
    fig = charts.swimlane(MATRIX)
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) == {"supports", "opposes", "mixed"}
    mixed = by_name["mixed"]
    assert list(mixed.x)[:2] == [date(2020, 1, 15), date(2020, 4, 20)]
    assert list(mixed.y)[:2] == ["Russia → LNA", "Russia → LNA"]
    assert fig.layout.yaxis.title.text == "Pair"


@pytest.mark.parametrize(
    ("build", "frame"),
    [
        (charts.matrix_heatmap, EMPTY_MATRIX),
        (charts.alignment_sankey, EMPTY_MATRIX),
        (charts.swimlane, EMPTY_MATRIX),
        (lambda df: charts.timeline_bars(df, EMPTY_TIMELINE), EMPTY_TIMELINE),
    ],
)
def test_empty_frame_gives_no_data_figure(build, frame):
    fig = build(frame)
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == charts.NO_DATA


def test_timeline_bars_carry_the_pair_and_month_for_click_through():
    df = pd.DataFrame(
        {
            "month": ["2020-01", "2020-02"],
            "supporter": ["Turkey", "Turkey"],
            "target": ["GNA", "GNA"],
            "relation": ["supports", "supports"],
            "articles": [2, 3],
        }
    )
    fig = charts.timeline_bars(df)
    assert [list(row)[:3] for row in fig.data[0].customdata] == [
        ["Turkey", "GNA", "2020-01"],
        ["Turkey", "GNA", "2020-02"],
    ]


def test_timeline_gives_every_pair_its_own_colour():
    """Twelve pairs (the most drawn): none shares a colour, so backers of opposing camps
    are never drawn alike."""
    rows = [
        ("2020-01", f"Actor {i}", "GNA" if i % 2 else "LNA", "supports", 12 - i)
        for i in range(charts.MAX_PAIRS)
    ]
    fig = charts.timeline_bars(pd.DataFrame(rows, columns=tally.TIMELINE_COLUMNS))
    colours = [t.marker.color for t in fig.data if t.type == "bar"]
    assert len(colours) == charts.MAX_PAIRS
    assert len(set(colours)) == len(colours)


def test_timeline_keeps_months_without_data_on_its_axis():
    """A date axis: January and April are three months apart, not neighbours."""
    fig = charts.timeline_bars(TIMELINE)
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.xaxis.title.text == "Month"


def test_sankey_says_what_its_colours_mean():
    fig = charts.alignment_sankey(MATRIX)
    legend = " ".join(a.text for a in fig.layout.annotations)
    assert charts.SUPPORT_COLOR in legend and "supports" in legend
    assert charts.OPPOSE_COLOR in legend and "opposes" in legend


def test_heatmap_groups_factions_by_theater():
    """Across theaters the factions come in blocks, one per war, each block named."""
    wars = pd.concat(
        [
            MATRIX,
            pd.DataFrame(
                [
                    ("Iran", "Houthis", "Yemen", 2, 0, 2, date(2020, 1, 1), date(2020, 1, 1)),
                    ("Turkey", "HTS", "Syria", 0, 1, -1, date(2020, 2, 1), date(2020, 2, 1)),
                ],
                columns=tally.MATRIX_COLUMNS,
            ),
        ]
    )
    fig = charts.matrix_heatmap(wars)
    assert list(fig.data[0].x) == ["GNA", "LNA", "HTS", "Houthis"]  # not alphabetical
    assert [a.text for a in fig.layout.annotations] == ["Libya", "Syria", "Yemen"]
    assert [s.x0 for s in fig.layout.shapes] == [1.5, 2.5]  # a line between two blocks
