"""Figures for the dashboard: a DataFrame from `analysis.tally` in, a plotly Figure out.

No Streamlit and no I/O here, so every figure can be tested on its data. An empty
DataFrame gives a figure that says "No data" instead of raising.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

SUPPORT_COLOR = "#2166ac"
OPPOSE_COLOR = "#b2182b"
DIVERGING = "RdBu"  # red = opposes, blue = supports; centred on zero
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
    )


def matrix_heatmap(df: pd.DataFrame) -> go.Figure:
    """Outside actors (rows) × factions (columns), coloured by net evidence.

    Blue cells: more articles say the actor supports the faction; red: opposes. Hover
    shows the supporting/opposing article counts and the first and last dates. The
    second trace puts a selectable marker on each filled cell whose customdata is
    [supporter, target, supports, opposes, first, last], so a click leads to the claims.
    """
    if df.empty:
        return empty_figure()
    cells = _cells(df)
    cells["first_s"], cells["last_s"] = _dates(cells["first"]), _dates(cells["last"])
    rows = sorted(cells["supporter"].unique())
    war = _faction_theaters(df)
    cols = sorted(cells["target"].unique(), key=lambda t: (war[t], t))
    grid = cells.set_index(["supporter", "target"])
    z, custom = [], []
    for sup in rows:
        z_row, c_row = [], []
        for tgt in cols:
            if (sup, tgt) in grid.index:
                r = grid.loc[(sup, tgt)]
                z_row.append(int(r["net"]))
                c_row.append(
                    [sup, tgt, int(r.supports_articles), int(r.opposes_articles)]
                    + [r.first_s, r.last_s]
                )
            else:
                z_row.append(None)
                c_row.append([sup, tgt, 0, 0, "", ""])
        z.append(z_row)
        custom.append(c_row)
    bound = max(1, int(cells["net"].abs().max()))
    heat = go.Heatmap(
        z=z,
        x=cols,
        y=rows,
        customdata=custom,
        colorscale=DIVERGING,
        zmid=0,
        zmin=-bound,
        zmax=bound,
        xgap=2,
        ygap=2,
        colorbar={"title": {"text": "net articles"}},
        hoverinfo="skip",
    )
    # Heatmap cells cannot be selected in plotly; a transparent marker on each filled
    # cell carries the hover text and makes a click select the cell.
    picks = go.Scatter(
        x=cells["target"],
        y=cells["supporter"],
        mode="markers",
        name="cells",
        showlegend=False,
        customdata=cells[
            ["supporter", "target", "supports_articles", "opposes_articles", "first_s", "last_s"]
        ].values.tolist(),
        text=cells["net"],
        marker={"symbol": "square", "size": 28, "color": "rgba(0,0,0,0)"},
        selected={"marker": {"color": "rgba(0,0,0,0.25)"}},
        unselected={"marker": {"opacity": 1}},
        hovertemplate=(
            "<b>%{customdata[0]} → %{customdata[1]}</b><br>supporting articles: %{customdata[2]}"
            "<br>opposing articles: %{customdata[3]}<br>net: %{text}"
            "<br>first: %{customdata[4]}<br>last: %{customdata[5]}<extra></extra>"
        ),
    )
    fig = go.Figure([heat, picks])
    fig.update_layout(
        clickmode="event+select",
        xaxis_title="Faction",
        yaxis_title="Outside actor",
        height=max(320, 60 + 34 * len(rows)),
        margin={"t": 30},
    )
    fig.update_yaxes(autorange="reversed")
    _mark_theaters(fig, [war[t] for t in cols])
    return fig


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


def _pair(df: pd.DataFrame) -> pd.Series:
    return df["supporter"] + " → " + df["target"]


def timeline_bars(
    df: pd.DataFrame, changes: pd.DataFrame | None = None, *, max_pairs: int = MAX_PAIRS
) -> go.Figure:
    """Articles per month per actor→faction pair, stacked; opposing articles count below
    zero, on a date axis that keeps months without evidence. Each pair has its own colour.
    Stance changes (from `tally.stance_changes`) are marked with a star. Only the
    `max_pairs` pairs with the most evidence are drawn; the title says when some are left out."""
    if df.empty:
        return empty_figure()
    data = df.assign(
        pair=_pair(df),
        signed=df["articles"].where(df["relation"] == "supports", -df["articles"]),
    )
    totals = data.groupby("pair")["articles"].sum().sort_values(ascending=False, kind="stable")
    kept = set(totals.index[:max_pairs])
    data = data[data["pair"].isin(kept)]
    if changes is not None and not changes.empty:
        changes = changes[_pair(changes).isin(kept)]
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
    if changes is not None and not changes.empty:
        fig.add_trace(
            go.Scatter(
                x=changes["month"],
                y=changes["net"],
                mode="markers",
                name="stance change",
                marker={"symbol": "star", "size": 16, "color": "black"},
                text=_pair(changes),
                customdata=changes["previous"],
                hovertemplate="%{text}<br>net %{customdata} → %{y} in %{x}<extra></extra>",
            )
        )
    return fig


def swimlane(df: pd.DataFrame) -> go.Figure:
    """One lane per actor→faction pair from its first to its last attested date,
    coloured by the sign of its net stance (input: the `tally.matrix` frame)."""
    data = df.dropna(subset=["first", "last"]) if not df.empty else df
    if data.empty:
        return empty_figure()
    data = data.assign(pair=_pair(data)).sort_values(["first", "pair"])
    stance = data["net"].map(lambda n: "supports" if n > 0 else "opposes" if n < 0 else "mixed")
    fig = go.Figure()
    colors = {"supports": SUPPORT_COLOR, "opposes": OPPOSE_COLOR, "mixed": "#878787"}
    for name, color in colors.items():
        part = data[stance == name]
        if part.empty:
            continue
        xs, ys = [], []
        for r in part.itertuples(index=False):
            xs += [r.first, r.last, None]
            ys += [r.pair, r.pair, None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                name=name,
                line={"color": color, "width": 8},
                marker={"size": 10},
                hovertemplate="%{y}: %{x}<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(
        xaxis_title="First and last attested date",
        yaxis_title="Pair",
        height=max(300, 60 + 28 * len(data)),
        margin={"t": 30},
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(data["pair"])[::-1])
    return fig
