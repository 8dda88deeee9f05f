"""Figure builders, tested on their data rather than their pixels."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis import charts, tally

MATRIX = pd.DataFrame(
    [
        ("Turkey", "GNA", "Libya", 3, 0, 3, date(2019, 12, 1), date(2020, 2, 10), 2),
        ("Russia", "LNA", "Libya", 1, 1, 0, date(2020, 1, 15), date(2020, 4, 20), 1),
        ("Egypt", "LNA", "Libya", 2, 0, 2, date(2020, 2, 10), date(2020, 2, 10), 1),
        ("Turkey", "LNA", "Libya", 0, 2, -2, date(2020, 1, 1), date(2020, 3, 1), 2),
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
OUTLETS = pd.DataFrame(
    [
        ("Daily A", "Turkey", "GNA", 3, 0),
        ("Daily A", "Russia", "LNA", 1, 2),
        ("Daily B", "Russia", "LNA", 2, 0),
        ("", "Egypt", "LNA", 1, 0),
    ],
    columns=tally.OUTLET_COLUMNS,
)
EMPTY_MATRIX = pd.DataFrame(columns=tally.MATRIX_COLUMNS)
EMPTY_TIMELINE = pd.DataFrame(columns=tally.TIMELINE_COLUMNS)


def test_heatmap_grid_and_axes():
    fig = charts.matrix_heatmap(MATRIX)
    heat = fig.data[0]
    assert heat.type == "heatmap"
    assert list(heat.x) == ["GNA", "LNA"]
    assert list(heat.y) == ["Turkey", "Egypt", "Russia"]  # by camp: GNA's, LNA's, neither
    assert [list(row) for row in heat.z] == [[3, -2], [None, 2], [None, 0]]
    assert heat.zmid == 0
    assert fig.layout.xaxis.title.text == "Faction"
    assert fig.layout.yaxis.title.text == "Outside actor"


def _rgb(colour: str) -> tuple[float, ...]:
    return tuple(float(v) for v in colour[colour.index("(") + 1 : -1].split(","))


def _colour_at(scale: list[list], position: float) -> tuple[float, ...]:
    """The colour a plotly colour scale gives at `position` (0-1), interpolated."""
    for (p0, c0), (p1, c1) in zip(scale, scale[1:], strict=False):
        if p0 <= position <= p1:
            t = (position - p0) / (p1 - p0)
            return tuple(a + t * (b - a) for a, b in zip(_rgb(c0), _rgb(c1), strict=True))
    raise AssertionError(f"{position} outside the scale")


def _distance(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


def test_small_nets_stay_visible_beside_a_large_one():
    # on real news one faction-vs-faction cell had a net of 164 articles and most outside
    # actors' cells 1-10: a linear scale drew those almost white
    bound = 164
    scale = charts.net_colorscale(bound)
    white, blue, red = (_colour_at(scale, p) for p in (0.5, 1.0, 0.0))

    def at(net: int) -> tuple[float, ...]:
        return _colour_at(scale, 0.5 + 0.5 * net / bound)

    assert _distance(at(5), white) > _distance(blue, white) / 4  # linear: a thirtieth
    assert _distance(at(-5), white) > _distance(red, white) / 4
    assert at(0) == white and _distance(at(2), white) < _distance(at(5), white)
    assert _distance(at(bound), blue) < 1 and _distance(at(-bound), red) < 1
    heat = charts.matrix_heatmap(MATRIX).data[0]
    assert [list(stop) for stop in heat.colorscale] == charts.net_colorscale(3)


def test_heatmap_rows_name_factions_when_hostility_is_included():
    hostile = charts.matrix_heatmap(MATRIX, factions=True)
    assert hostile.layout.yaxis.title.text == "Outside actor or faction"


def test_heatmap_cells_carry_pair_and_evidence():
    picks = charts.matrix_heatmap(MATRIX).data[1]
    by_pair = {(c[0], c[1]): c for c in picks.customdata}
    assert by_pair[("Turkey", "LNA")][2:] == [0, 2, "2020-01-01", "2020-03-01", 2]
    assert len(by_pair) == 4
    assert "supporting articles" in picks.hovertemplate
    assert "outlets" in picks.hovertemplate


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


def test_timeline_bars_stack_pairs():
    fig = charts.timeline_bars(TIMELINE)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sorted(t.name for t in bars) == ["Russia → LNA", "Turkey → GNA"]
    russia = next(t for t in bars if t.name == "Russia → LNA")
    assert list(russia.x) == ["2020-01", "2020-04"]
    assert list(russia.y) == [1, -1]
    assert fig.layout.barmode == "relative"
    assert fig.layout.xaxis.title.text == "Month"


def test_timeline_bars_keep_the_pairs_with_most_evidence():
    fig = charts.timeline_bars(TIMELINE, max_pairs=1)
    assert [t.name for t in fig.data] == ["Turkey → GNA"]
    assert fig.layout.title.text == "The 1 pairs with most evidence, of 2"


@pytest.mark.parametrize(
    ("build", "frame"),
    [
        (charts.matrix_heatmap, EMPTY_MATRIX),
        (charts.alignment_sankey, EMPTY_MATRIX),
        (charts.period_lanes, pd.DataFrame(columns=list(tally.PERIOD_COLUMNS))),
        (charts.timeline_bars, EMPTY_TIMELINE),
        (charts.outlet_heatmap, pd.DataFrame(columns=tally.OUTLET_COLUMNS)),
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
                    ("Iran", "Houthis", "Yemen", 2, 0, 2, date(2020, 1, 1), date(2020, 1, 1), 1),
                    ("Turkey", "HTS", "Syria", 0, 1, -1, date(2020, 2, 1), date(2020, 2, 1), 1),
                ],
                columns=tally.MATRIX_COLUMNS,
            ),
        ]
    )
    fig = charts.matrix_heatmap(wars)
    assert list(fig.data[0].x) == ["GNA", "LNA", "HTS", "Houthis"]  # not alphabetical
    assert [a.text for a in fig.layout.annotations] == ["Libya", "Syria", "Yemen"]
    assert [s.x0 for s in fig.layout.shapes] == [1.5, 2.5]  # a line between two blocks


def test_heatmap_orders_outside_actors_by_camp_then_strength():
    """Rows follow the columns: each faction's backers together, strongest first, across
    the theater blocks; an actor backing no faction on net comes last."""
    d = date(2020, 1, 1)
    rows = [
        ("Qatar", "GNA", "Libya", 1, 0, 1, d, d, 1),
        ("Turkey", "GNA", "Libya", 4, 0, 4, d, d, 1),
        ("Egypt", "LNA", "Libya", 2, 0, 2, d, d, 1),
        ("UAE", "LNA", "Libya", 5, 0, 5, d, d, 1),
        ("Algeria", "LNA", "Libya", 0, 1, -1, d, d, 1),
        ("Iran", "Houthis", "Yemen", 3, 0, 3, d, d, 1),
        ("Iran", "Syrian government", "Syria", 1, 0, 1, d, d, 1),
        ("Russia", "Syrian government", "Syria", 6, 0, 6, d, d, 1),
        ("Russia", "LNA", "Libya", 1, 0, 1, d, d, 1),
        ("Turkey", "Syrian government", "Syria", 0, 3, -3, d, d, 1),
    ]
    fig = charts.matrix_heatmap(pd.DataFrame(rows, columns=tally.MATRIX_COLUMNS))
    assert list(fig.data[0].x) == ["GNA", "LNA", "Syrian government", "Houthis"]
    assert list(fig.data[0].y) == ["Turkey", "Qatar", "UAE", "Egypt", "Russia", "Iran", "Algeria"]


def _periods(rows) -> pd.DataFrame:
    """Periods as `tally.periods` gives them, from (supporter, target, relation, start, end,
    articles, closed_by)."""
    out = []
    for sup, tgt, rel, start, end, n, closed in rows:
        start, end = date.fromisoformat(start), date.fromisoformat(end)
        out.append((sup, tgt, "Syria", rel, start, end, n, n, closed, 1, 2, "a", "b"))
    return pd.DataFrame(out, columns=list(tally.PERIOD_COLUMNS))


PERIODS = _periods(
    [
        ("United States", "SDF", "supports", "2015-01-01", "2017-12-31", 6, "ended"),
        ("United States", "SDF", "supports", "2024-12-08", "2024-12-08", 1, "open"),
        ("Turkey", "SDF", "opposes", "2016-08-24", "2019-10-10", 3, "lapsed"),
    ]
)


def test_period_lanes_draw_each_period_from_start_to_end():
    changes = tally.stance_changes(PERIODS)
    fig = charts.period_lanes(PERIODS, changes)
    bars = {t.name: t for t in fig.data if t.type == "bar"}
    assert set(bars) == {"supports", "opposes"}
    us = bars["supports"]
    assert list(us.y) == ["United States → SDF", "United States → SDF"]
    assert list(us.base) == ["2015-01-01", "2024-12-08"]
    # a continuous date axis: the bar's length is its days, years without evidence stay empty
    assert us.x[0] == (date(2017, 12, 31) - date(2015, 1, 1)).days * 86_400_000 + 86_400_000
    assert fig.layout.xaxis.type == "date"
    # a one-day period is drawn wide enough to see and click
    assert us.x[1] == charts.MIN_PERIOD_DAYS * 86_400_000
    # more evidence, darker bar
    assert us.marker.opacity[0] > us.marker.opacity[1]
    assert bars["opposes"].marker.color == charts.OPPOSE_COLOR
    # the clicked bar names its pair, relation and period
    assert tuple(us.customdata[0][:6]) == (
        "United States",
        "SDF",
        "Syria",
        "supports",
        "2015-01-01",
        "2017-12-31",
    )


def test_period_lanes_mark_endings_and_resumptions():
    fig = charts.period_lanes(PERIODS, tally.stance_changes(PERIODS))
    marks = {t.name: t for t in fig.data if t.type == "scatter"}
    ended = marks[charts.CHANGE_MARKERS["ended"][1]]
    assert (list(ended.x), list(ended.y)) == (["2017-12-31"], ["United States → SDF"])
    resumed = marks[charts.CHANGE_MARKERS["resumed"][1]]
    assert list(resumed.x) == ["2024-12-08"]
    assert resumed.customdata[0][3] == "supports"


def test_period_lanes_keep_the_pairs_with_most_evidence():
    fig = charts.period_lanes(PERIODS, None, max_lanes=1)
    assert {y for t in fig.data for y in t.y} == {"United States → SDF"}
    assert fig.layout.title.text == "The 1 pairs with most evidence, of 2"


def test_outlet_heatmap_grid_of_outlets_by_pair():
    fig = charts.outlet_heatmap(OUTLETS)
    heat = fig.data[0]
    assert list(heat.y) == ["Daily A", "Daily B", "(no outlet)"]  # most articles first
    assert list(heat.x) == ["Turkey → GNA", "Egypt → LNA", "Russia → LNA"]  # by faction
    assert [list(r) for r in heat.z] == [[3, None, -1], [None, None, 2], [None, 1, None]]
    assert heat.text[0][2] == "+1 −2"  # both counts in the cell, not only the net
    assert heat.zmid == 0
    assert fig.layout.yaxis.title.text == "Outlet"
    assert not fig.layout.title.text


def test_outlet_heatmap_makes_room_for_long_pair_names_under_the_rows():
    long = OUTLETS.assign(supporter=OUTLETS["supporter"] + " and its allied forces abroad")
    short, tall = charts.outlet_heatmap(OUTLETS), charts.outlet_heatmap(long)
    grown = len(" and its allied forces abroad")
    # the upright names take the height they need; the rows keep theirs
    assert tall.layout.height - short.layout.height >= 6 * grown


def test_outlet_heatmap_keeps_the_outlets_and_pairs_with_most_articles():
    fig = charts.outlet_heatmap(OUTLETS, max_outlets=1, max_pairs=2)
    assert list(fig.data[0].y) == ["Daily A"]
    assert list(fig.data[0].x) == ["Turkey → GNA", "Russia → LNA"]
    assert fig.layout.title.text == "The 1 outlets and 2 pairs with most articles, of 3 and 3"
