"""Figures for the dashboard: a DataFrame from `analysis.tally` in, a plotly Figure out.

No Streamlit and no I/O here, so every figure can be tested on its data. An empty
DataFrame gives a figure that says "No data" instead of raising.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.colors as pc
import plotly.express as px
import plotly.graph_objects as go

from analysis.queries.network import FACTION, OUTSIDE, Network
from analysis.queries.stances import camps

SUPPORT_COLOR = "#2166ac"
OPPOSE_COLOR = "#b2182b"
DIVERGING = "RdBu"  # red = opposes, blue = supports; centred on zero
# Net article counts that each take an equal share of the heatmaps' colours (`net_colorscale`).
NET_LEVELS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
NO_DATA = "No data for these filters"
MAX_PAIRS = 12  # pairs drawn in the timeline; more make an unreadable stack
# One colour per timeline pair (24 distinct; at most MAX_PAIRS are drawn), so two pairs of
# opposing camps never share a colour as Plotly's 10-colour default made them do.
PAIR_COLORS = px.colors.qualitative.Dark24
MONTH_MS = 26 * 24 * 3600 * 1000  # a bar's width on the date axis: most of its month


def empty_figure(message: str = NO_DATA) -> go.Figure:
    """A blank figure carrying `message` in its middle."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font_size=16
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _dates(series: pd.Series) -> pd.Series:
    return series.map(lambda d: d.isoformat() if hasattr(d, "isoformat") else "")


def _cells(df: pd.DataFrame) -> pd.DataFrame:
    """Matrix rows summed over theaters, so a supporter→target pair is one cell."""
    return df.groupby(["supporter", "target"], as_index=False).agg(
        supports_articles=("supports_articles", "sum"),
        opposes_articles=("opposes_articles", "sum"),
        net=("net", "sum"),
        first=("first", "min"),
        last=("last", "max"),
        # a pair in two theaters: the larger count (an outlet may report on both)
        outlets=("outlets", "max"),
    )


def matrix_heatmap(df: pd.DataFrame, factions: bool = False) -> go.Figure:
    """Outside actors (rows) × factions (columns), coloured by net evidence; with
    `factions` (faction-vs-faction hostility included) factions are rows too, and the
    rows' axis says so.

    Factions come in one block per theater; outside actors by camp: the backers of the
    first faction (strongest first), then those of the next, and actors that back no
    faction on net last. Blue cells: more articles say the actor supports the faction;
    red: opposes. Hover shows the supporting/opposing article counts and the first and
    last dates. The second trace puts a selectable marker on each filled cell whose customdata is
    [supporter, target, supports, opposes, first, last], so a click leads to the claims.
    """
    if df.empty:
        return empty_figure()
    cells = _cells(df)
    cells["first_s"], cells["last_s"] = _dates(cells["first"]), _dates(cells["last"])
    war = _faction_theaters(df)
    cols = sorted(cells["target"].unique(), key=lambda t: (war[t], t))
    rows = _rows_by_camp(df, cols)
    z, custom = _net_grid(
        cells.set_index(["supporter", "target"]),
        rows,
        cols,
        lambda sup, tgt, r: (
            [sup, tgt, 0, 0, "", ""]
            if r is None
            else [sup, tgt, int(r.supports_articles), int(r.opposes_articles), r.first_s, r.last_s]
        ),
    )
    heat = _net_heatmap(z, cols, rows, cells["net"], customdata=custom, hoverinfo="skip")
    # Heatmap cells cannot be selected in plotly; a transparent marker on each filled
    # cell carries the hover text and makes a click select the cell.
    picks = go.Scatter(
        x=cells["target"],
        y=cells["supporter"],
        mode="markers",
        name="cells",
        showlegend=False,
        customdata=cells[
            [
                "supporter",
                "target",
                "supports_articles",
                "opposes_articles",
                "first_s",
                "last_s",
                "outlets",
            ]
        ].values.tolist(),
        text=cells["net"],
        marker={"symbol": "square", "size": 28, "color": "rgba(0,0,0,0)"},
        selected={"marker": {"color": "rgba(0,0,0,0.25)"}},
        unselected={"marker": {"opacity": 1}},
        hovertemplate=(
            "<b>%{customdata[0]} → %{customdata[1]}</b><br>supporting articles: %{customdata[2]}"
            "<br>opposing articles: %{customdata[3]}<br>net: %{text}"
            "<br>from %{customdata[6]} outlets"
            "<br>first: %{customdata[4]}<br>last: %{customdata[5]}<extra></extra>"
        ),
    )
    fig = go.Figure([heat, picks])
    fig.update_layout(
        clickmode="event+select",
        xaxis_title="Faction",
        yaxis_title="Outside actor or faction" if factions else "Outside actor",
        height=max(320, 60 + 34 * len(rows)),
        margin={"t": 30},
    )
    fig.update_yaxes(autorange="reversed")
    _mark_theaters(fig, [war[t] for t in cols])
    return fig


def _net_grid(
    grid: pd.DataFrame, rows: list[str], cols: list[str], cell: Callable
) -> tuple[list[list], list[list]]:
    """The net of each (row, col) of `grid` (None where it has no row) and what
    `cell(row, col, grid row or None)` gives for it, as lists of rows for a heatmap."""
    z, extra = [], []
    for row in rows:
        found = [grid.loc[(row, col)] if (row, col) in grid.index else None for col in cols]
        z.append([None if r is None else int(r["net"]) for r in found])
        extra.append([cell(row, col, r) for col, r in zip(cols, found, strict=True)])
    return z, extra


def net_colorscale(bound: int) -> list[list]:
    """RdBu stretched for nets from -`bound` to `bound`: each step of NET_LEVELS (1, 2, 5,
    10, ... articles) gets an equal share of the colours, so a cell of 5 articles stays
    visibly blue beside one of 150 (on real news one faction-vs-faction cell can be thirty
    times the outside actors' cells, and a linear scale left those nearly white)."""
    levels = [0, *(m for m in NET_LEVELS if m < bound), bound]
    steps = len(levels) - 1
    stops = {}
    for i, level in enumerate(levels):
        for sign in (-1, 1):
            position = 0.5 + sign * 0.5 * level / bound
            stops[position] = 0.5 + sign * 0.5 * i / steps
    positions = sorted(stops)
    colours = pc.sample_colorscale(DIVERGING, [stops[p] for p in positions])
    return [[p, c] for p, c in zip(positions, colours, strict=True)]


def _net_heatmap(z: list, cols: list, rows: list, net: pd.Series, **options) -> go.Heatmap:
    """A heatmap of net articles: blue supports, red opposes, white at zero, on a scale
    that keeps small nets visible beside large ones (`net_colorscale`)."""
    bound = max(1, int(net.abs().max()))
    return go.Heatmap(
        z=z,
        x=cols,
        y=rows,
        colorscale=net_colorscale(bound),
        zmid=0,
        zmin=-bound,
        zmax=bound,
        xgap=2,
        ygap=2,
        colorbar={"title": {"text": "net articles"}},
        **options,
    )


def _rows_by_camp(df: pd.DataFrame, cols: list[str]) -> list[str]:
    """The supporters of the matrix `df` in the order of the factions (`cols`) they back
    most on net (`camps`), strongest first within a camp; an actor backing factions in two
    theaters sits in the first camp's rows; actors backing none come last, by name."""
    position = {faction: i for i, faction in enumerate(cols)}
    found = camps(df)
    found = found.assign(at=found["faction"].map(position)).sort_values(["at", "theater"])
    order = list(dict.fromkeys(actor for backers in found["backers"] for actor in backers))
    return order + sorted(set(df["supporter"]) - set(order))


def _faction_theaters(df: pd.DataFrame) -> dict[str, str]:
    """Each target's theater (the first by name when a target is claimed in several)."""
    return df.groupby("target")["theater"].agg(lambda s: min(str(t) for t in s)).to_dict()


def _mark_theaters(fig: go.Figure, theaters: list[str]) -> None:
    """Name each block of columns by its theater above the matrix, with a line between
    blocks, when the columns come from more than one theater."""
    blocks: list[tuple[str, int, int]] = []  # (theater, first column, last column)
    for i, theater in enumerate(theaters):
        if blocks and blocks[-1][0] == theater:
            blocks[-1] = (theater, blocks[-1][1], i)
        else:
            blocks.append((theater, i, i))
    if len(blocks) < 2:
        return
    for theater, first, last in blocks:
        fig.add_annotation(
            text=theater,
            x=(first + last) / 2,
            y=1.0,
            xref="x",
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            font={"size": 13},
        )
    for _, first, _ in blocks[1:]:
        fig.add_shape(
            type="line",
            x0=first - 0.5,
            x1=first - 0.5,
            y0=0,
            y1=1,
            xref="x",
            yref="paper",
            line={"color": "#444444", "width": 2},
        )
    fig.update_layout(margin={"t": 50})


def alignment_sankey(df: pd.DataFrame) -> go.Figure:
    """Outside actors on the left, factions on the right; a blue link for supporting
    articles and a red one for opposing articles, its width the number of articles."""
    if df.empty:
        return empty_figure()
    cells = _cells(df)
    sources = sorted(cells["supporter"].unique())
    targets = sorted(cells["target"].unique())
    index = {name: i for i, name in enumerate(sources)}
    index.update({f"→{name}": len(sources) + i for i, name in enumerate(targets)})
    link = {"source": [], "target": [], "value": [], "color": [], "label": []}
    for r in cells.itertuples(index=False):
        for count, relation, color in (
            (r.supports_articles, "supports", "rgba(33,102,172,0.45)"),
            (r.opposes_articles, "opposes", "rgba(178,24,43,0.45)"),
        ):
            if count:
                link["source"].append(index[r.supporter])
                link["target"].append(index[f"→{r.target}"])
                link["value"].append(int(count))
                link["color"].append(color)
                link["label"].append(relation)
    node_colors = ["#636363"] * len(sources) + ["#1b7837"] * len(targets)
    fig = go.Figure(
        go.Sankey(
            node={"label": sources + targets, "pad": 14, "thickness": 16, "color": node_colors},
            link={
                **link,
                "hovertemplate": "%{source.label} %{label} %{target.label}: "
                "%{value} articles<extra></extra>",
            },
        )
    )
    fig.update_layout(height=max(320, 40 * max(len(sources), len(targets))), margin={"t": 40})
    # A Sankey has no legend of its own: say what the link colours mean above it.
    fig.add_annotation(
        text=f"<span style='color:{SUPPORT_COLOR}'>■ supports</span>   "
        f"<span style='color:{OPPOSE_COLOR}'>■ opposes</span>   (width: articles)",
        x=0,
        y=1.0,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
    )
    return fig


NODE_STYLES = {  # kind of node: (marker symbol, colour, name in the legend)
    FACTION: ("square", "#1b7837", "factions"),
    OUTSIDE: ("circle", "#636363", "outside actors"),
}
MAX_EDGE_WIDTH = 9.0
PARALLEL_OFFSET = 0.025  # a pair with both relations: the two edges side by side


def camps_network(net: Network) -> go.Figure:
    """The camps graph (`tally.network`): factions as green squares, outside actors as grey
    dots, a blue edge for support and a red one for opposition, as wide as its independent
    articles. A marker in the middle of each edge carries [supporter, target, relation,
    articles, theaters] as customdata, so a click on it leads to the edge's claims."""
    if net.nodes.empty:
        return empty_figure()
    pos = net.nodes.set_index("name")[["x", "y"]]
    edges = net.edges
    widest = max(1, int(edges["articles"].max()))
    both = edges.duplicated(["supporter", "target"], keep=False)
    fig = go.Figure()
    mids: dict[str, list] = {"supports": [], "opposes": []}
    shown: set[str] = set()  # relations already in the legend
    for r, paired in zip(edges.itertuples(index=False), both, strict=True):
        (x0, y0), (x1, y1) = pos.loc[r.supporter], pos.loc[r.target]
        dx, dy = _side_step(x1 - x0, y1 - y0, paired, r.relation)
        color = SUPPORT_COLOR if r.relation == "supports" else OPPOSE_COLOR
        fig.add_trace(
            go.Scatter(
                x=[x0 + dx, x1 + dx],
                y=[y0 + dy, y1 + dy],
                mode="lines",
                name=r.relation,
                legendgroup=r.relation,
                showlegend=r.relation not in shown,
                line={"color": color, "width": 1 + (MAX_EDGE_WIDTH - 1) * r.articles / widest},
                hoverinfo="skip",
            )
        )
        shown.add(r.relation)
        mid = ((x0 + x1) / 2 + dx, (y0 + y1) / 2 + dy)
        mids[r.relation].append((*mid, [r.supporter, r.target, r.relation, r.articles, r.theaters]))
    for relation, points in mids.items():
        if not points:
            continue
        color = SUPPORT_COLOR if relation == "supports" else OPPOSE_COLOR
        fig.add_trace(
            go.Scatter(
                x=[p[0] for p in points],
                y=[p[1] for p in points],
                mode="markers",
                name=f"{relation} (click for claims)",
                legendgroup=relation,
                showlegend=False,
                customdata=[p[2] for p in points],
                marker={"size": 11, "color": color, "line": {"color": "white", "width": 1}},
                selected={"marker": {"size": 16}},
                unselected={"marker": {"opacity": 1}},
                hovertemplate=(
                    "<b>%{customdata[0]} → %{customdata[2]} → %{customdata[1]}</b>"
                    "<br>independent articles: %{customdata[3]}<br>%{customdata[4]}"
                    "<extra></extra>"
                ),
            )
        )
    for kind, (symbol, color, name) in NODE_STYLES.items():
        part = net.nodes[net.nodes["kind"] == kind]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=part["y"],
                mode="markers",
                name=name,
                text=part["name"],
                customdata=part[["theater"]].values.tolist(),
                marker={"symbol": symbol, "size": 18, "color": color},
                unselected={"marker": {"opacity": 1}},  # a clicked edge fades no node
                hovertemplate="<b>%{text}</b><br>%{customdata[0]}<extra></extra>",
            )
        )
    # Names as annotations: a selection fades the text of a trace's points, not these.
    for node in net.nodes.itertuples(index=False):
        fig.add_annotation(
            x=node.x, y=node.y, text=node.name, showarrow=False, yshift=16, font={"size": 13}
        )
    fig.update_layout(
        clickmode="event+select",
        height=max(480, 40 * len(net.nodes)),
        margin={"t": 30},
        legend={"orientation": "h", "y": -0.05, "title": {"text": "width: articles"}},
        hovermode="closest",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    return fig


def _side_step(dx: float, dy: float, paired: bool, relation: str) -> tuple[float, float]:
    """How far to shift an edge sideways: none, unless its pair has both relations, then
    support to one side and opposition to the other."""
    length = (dx**2 + dy**2) ** 0.5
    if not paired or length == 0:
        return 0.0, 0.0
    side = PARALLEL_OFFSET if relation == "supports" else -PARALLEL_OFFSET
    return -dy / length * side, dx / length * side


MAX_OUTLETS, MAX_OUTLET_PAIRS = 25, 30  # more rows or columns make an unreadable grid


OUTLET_ROW = 34  # pixels per outlet of the outlet heatmap
LABEL_CHAR = 7  # pixels per character of an upright axis label


def outlet_heatmap(
    df: pd.DataFrame, *, max_outlets: int = MAX_OUTLETS, max_pairs: int = MAX_OUTLET_PAIRS
) -> go.Figure:
    """Which outlets report which alignments (`tally.outlet_alignments`): outlets (rows) ×
    actor → faction pairs (columns, grouped by faction), coloured by the outlet's net
    articles (blue: more say supports; red: opposes), each cell showing its supporting and
    opposing articles. Only the `max_outlets` outlets and `max_pairs` pairs with most
    articles are drawn; the title says when some are left out."""
    if df.empty:
        return empty_figure()
    data = df.assign(
        outlet=df["outlet"].where(df["outlet"] != "", "(no outlet)"),
        pair=_pair(df),
        total=df["supports_articles"] + df["opposes_articles"],
        net=df["supports_articles"] - df["opposes_articles"],
    )
    outlets = data.groupby("outlet")["total"].sum().sort_values(ascending=False, kind="stable")
    pairs = data.groupby("pair")["total"].sum().sort_values(ascending=False, kind="stable")
    data = data[data["outlet"].isin(outlets.index[:max_outlets])]
    data = data[data["pair"].isin(pairs.index[:max_pairs])]
    cols = data.sort_values(["target", "supporter"])["pair"].drop_duplicates().tolist()
    rows = [o for o in outlets.index if o in set(data["outlet"])]
    z, text = _net_grid(
        data.set_index(["outlet", "pair"]),
        rows,
        cols,
        lambda outlet, pair, r: (
            "" if r is None else f"+{int(r.supports_articles)} −{int(r.opposes_articles)}"
        ),
    )
    fig = go.Figure(
        _net_heatmap(
            z,
            cols,
            rows,
            data["net"],
            text=text,
            texttemplate="%{text}",
            hovertemplate="<b>%{y}</b><br>%{x}<br>articles (+ supports, − opposes): %{text}"
            "<br>net: %{z}<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis_title="Outside actor → faction",
        yaxis_title="Outlet",
        # the pairs' names stand upright under the grid: their length is added, or the
        # rows would share what is left (on 10 outlets, a dozen pixels each)
        height=max(320, 120 + OUTLET_ROW * len(rows) + LABEL_CHAR * max(map(len, cols))),
        margin={"t": 30},
    )
    fig.update_yaxes(autorange="reversed")
    if len(outlets) > max_outlets or len(pairs) > max_pairs:
        shown = f"The {len(rows)} outlets and {len(cols)} pairs with most articles"
        fig.update_layout(
            title_text=f"{shown}, of {len(outlets)} and {len(pairs)}", margin={"t": 50}
        )
    return fig


def _pair(df: pd.DataFrame) -> pd.Series:
    return df["supporter"] + " → " + df["target"]


def timeline_bars(df: pd.DataFrame, *, max_pairs: int = MAX_PAIRS) -> go.Figure:
    """Articles per month (of their publication) per actor→faction pair, stacked; opposing
    articles count below zero, on a date axis that keeps months without evidence. Each pair
    has its own colour. Only the `max_pairs` pairs with the most evidence are drawn; the
    title says when some are left out. (When the evidence says the acts happened:
    `period_lanes`.)"""
    if df.empty:
        return empty_figure()
    data = df.assign(
        pair=_pair(df),
        signed=df["articles"].where(df["relation"] == "supports", -df["articles"]),
    )
    totals = data.groupby("pair")["articles"].sum().sort_values(ascending=False, kind="stable")
    kept = set(totals.index[:max_pairs])
    data = data[data["pair"].isin(kept)]
    # Pairs in the legend by faction, then supporter; each with its own colour.
    order = data.sort_values(["target", "supporter"])["pair"].drop_duplicates().tolist()
    fig = px.bar(
        data,
        x="month",
        y="signed",
        color="pair",
        category_orders={"pair": order},
        color_discrete_map=dict(zip(order, PAIR_COLORS, strict=False)),
        hover_data={"relation": True, "articles": True, "signed": False},
        custom_data=["supporter", "target", "month"],  # a clicked bar lists its claims
        labels={"month": "Month", "signed": "Articles (opposing below zero)", "pair": "Pair"},
    )
    # A date axis ("2020-04" is a month to Plotly), so months without evidence stay as gaps.
    fig.update_layout(barmode="relative", xaxis_type="date", margin={"t": 30})
    fig.update_traces(width=MONTH_MS, selector={"type": "bar"})
    if len(totals) > max_pairs:
        title = f"The {max_pairs} pairs with most evidence, of {len(totals)}"
        fig.update_layout(title_text=title, margin={"t": 50})
    fig.update_xaxes(tickformat="%b %Y", hoverformat="%b %Y")
    return fig


def _lane(df: pd.DataFrame) -> pd.Series:
    """ "Supporter → Target", with the theater when the frame spans more than one."""
    pair = _pair(df)
    if df["theater"].nunique() > 1:
        pair = pair + " (" + df["theater"] + ")"
    return pair


def _shade(evidence: pd.Series) -> list[float]:
    """Bar opacity by evidence: one report is pale, the best attested period solid (not
    paler than 0.5, so that a pale bar stays visible on the dark theme too)."""
    most = max(int(evidence.max()), 1)
    return [round(0.5 + 0.5 * (n - 1) / max(most - 1, 1), 2) for n in evidence]


DAY_MS = 24 * 3600 * 1000
MIN_PERIOD_DAYS = 30
# Marker of each kind of change on the lanes: (symbol, name in the legend).
MARK_COLOR = "#e08214"  # orange: apart from blue and red, seen on light and dark themes
CHANGE_MARKERS = {
    "ended": ("x-thin-open", "support or opposition ended"),
    "turned": ("diamond", "turned (supports ↔ opposes)"),
    "resumed": ("triangle-right", "resumed after ending"),
}


def period_lanes(
    periods: pd.DataFrame, changes: pd.DataFrame | None = None, *, max_lanes: int = 30
) -> go.Figure:
    """The Timeline's swimlanes: one lane per actor → faction pair, each period of support
    (blue) or opposition (red) a bar from its start to its end on a continuous date axis,
    paler with less evidence; a marker where support ends, turns or resumes. Bars and
    markers carry (supporter, target, theater, relation, start, end) for click-through.
    Input: `tally.periods` and `tally.stance_changes`. Only the `max_lanes` pairs with
    most evidence are drawn; the title says when some are left out."""
    if periods.empty:
        return empty_figure()
    data = periods.assign(lane=_lane(periods))
    totals = data.groupby("lane")["evidence"].sum().sort_values(ascending=False, kind="stable")
    kept = set(totals.index[:max_lanes])
    data = data[data["lane"].isin(kept)]
    order = data.sort_values(["theater", "target", "supporter"])["lane"].drop_duplicates()
    fig = go.Figure()
    for relation, color in (("supports", SUPPORT_COLOR), ("opposes", OPPOSE_COLOR)):
        part = data[data["relation"] == relation]
        if part.empty:
            continue
        # A one-day period is drawn MIN_PERIOD_DAYS wide so that it can be seen and
        # clicked; its hover and click give its real days.
        days = [
            max((e - s).days + 1, MIN_PERIOD_DAYS)
            for s, e in zip(part["start"], part["end"], strict=True)
        ]
        fig.add_trace(
            go.Bar(
                name=relation,
                orientation="h",
                y=part["lane"],
                base=_dates(part["start"]),
                x=[d * DAY_MS for d in days],
                # the outline in the full colour keeps every bar's edge seen on any theme
                marker={
                    "color": color,
                    "opacity": _shade(part["evidence"]),
                    "line": {"color": color, "width": 1.5},
                },
                customdata=list(
                    zip(
                        part["supporter"],
                        part["target"],
                        part["theater"],
                        part["relation"],
                        _dates(part["start"]),
                        _dates(part["end"]),
                        part["evidence"],
                        part["closed_by"],
                        strict=True,
                    )
                ),
                hovertemplate=(
                    "%{y}<br>%{customdata[3]} from %{customdata[4]} to %{customdata[5]}"
                    "<br>%{customdata[6]} reports; %{customdata[7]}<extra></extra>"
                ),
            )
        )
    if changes is not None and not changes.empty:
        marks = changes.assign(lane=_lane(changes)) if "theater" in changes else changes
        marks = marks[marks["lane"].isin(kept)]
        kinds = marks["after"].where(marks["after"] == "ended", "")
        kinds = kinds.mask((kinds == "") & (marks["before"] == "ended"), "resumed")
        kinds = kinds.mask(kinds == "", "turned")
        for kind, (symbol, name) in CHANGE_MARKERS.items():
            part = marks[kinds == kind]
            if part.empty:
                continue
            relation = part["before"].where(part["before"] != "ended", part["after"])
            fig.add_trace(
                go.Scatter(
                    name=name,
                    mode="markers",
                    x=_dates(part["when"]),
                    y=part["lane"],
                    marker={"symbol": symbol, "size": 14, "color": MARK_COLOR, "line_width": 2},
                    customdata=list(
                        zip(
                            part["supporter"],
                            part["target"],
                            part["theater"],
                            relation,
                            _dates(part["when"]),
                            _dates(part["when"]),
                            part["evidence"],
                            part["change"],
                            strict=True,
                        )
                    ),
                    hovertemplate="%{y}<br>%{customdata[7]} on %{x}<extra></extra>",
                )
            )
    fig.update_layout(
        barmode="overlay",
        xaxis_type="date",
        xaxis_title="When (the event time each sentence gives, else its article's date)",
        yaxis_title=None,
        height=max(320, 90 + 30 * len(order)),
        margin={"t": 40},
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(order)[::-1])
    if len(totals) > max_lanes:
        fig.update_layout(title_text=f"The {max_lanes} pairs with most evidence, of {len(totals)}")
    return fig


# The region the map can show (longitude and latitude ranges): Libya to Yemen. The map
# shows the part of it around the towns drawn, MAP_PAD degrees beyond the outermost and
# at least MAP_SPAN degrees each way, so one town is seen with its surroundings.
MAP_LON = (8.0, 56.0)
MAP_LAT = (10.0, 40.0)
MAP_PAD, MAP_SPAN = 1.5, 6.0


def map_view(lon: pd.Series, lat: pd.Series) -> tuple[list[float], list[float]]:
    """The longitude and latitude ranges the map shows for towns at `lon`, `lat`: around
    them (see MAP_PAD), within the region (MAP_LON, MAP_LAT)."""

    def around(values: pd.Series, region: tuple[float, float]) -> list[float]:
        low, high = float(values.min()) - MAP_PAD, float(values.max()) + MAP_PAD
        grow = max(0.0, MAP_SPAN - (high - low)) / 2
        return [max(low - grow, region[0]), min(high + grow, region[1])]

    return around(lon, MAP_LON), around(lat, MAP_LAT)


def evidence_map(df: pd.DataFrame) -> go.Figure:
    """Towns named in evidence sentences on a map of the region around them (input:
    `tally.evidence_places`): a marker per town and relation, blue supports, red opposes,
    its area growing with the claims; supports and opposes at one town sit side by side.
    The country outlines are drawn by Plotly from a topojson file the dashboard serves
    itself (no tile server)."""
    if df.empty:
        return empty_figure("No town is named in the evidence of these claims")
    fig = go.Figure()
    lon_range, lat_range = map_view(df["lon"], df["lat"])
    step = (lon_range[1] - lon_range[0]) / 160  # degrees of longitude, a few pixels apart
    nudge = {"supports": -step, "opposes": step}
    colors = {"supports": SUPPORT_COLOR, "opposes": OPPOSE_COLOR}
    most = max(int(df["claims"].max()), 1)
    for relation, color in colors.items():
        part = df[df["relation"] == relation]
        if part.empty:
            continue
        fig.add_trace(
            go.Scattergeo(
                name=relation,
                lon=part["lon"] + nudge[relation],
                lat=part["lat"],
                mode="markers",
                marker={
                    "color": color,
                    "size": [8 + 28 * (n / most) ** 0.5 for n in part["claims"]],
                    "line": {"color": "white", "width": 1},
                    "opacity": 0.85,
                },
                text=part["place"],
                customdata=list(
                    zip(
                        part["place"],
                        part["relation"],
                        part["claims"],
                        part["articles"],
                        part["pairs"],
                        strict=True,
                    )
                ),
                hovertemplate=(
                    "<b>%{customdata[0]}</b>: %{customdata[2]} claims %{customdata[1]} "
                    "(%{customdata[3]} articles)<br>%{customdata[4]}<extra></extra>"
                ),
            )
        )
    fig.update_geos(
        projection_type="mercator",
        lonaxis_range=lon_range,
        lataxis_range=lat_range,
        showcountries=True,
        countrycolor="#888888",
        showland=True,
        landcolor="#f3f1ec",
        showocean=True,
        oceancolor="#e6eef5",
        resolution=50,
    )
    fig.update_layout(height=620, margin={"t": 10, "b": 10, "l": 0, "r": 0}, legend_title="")
    return fig
