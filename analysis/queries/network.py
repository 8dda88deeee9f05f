"""The camps as a graph, in pandas and networkx over a matrix already counted: outside
actors and factions are nodes, each supporter→target relation an edge weighted by its
independent articles, placed so that the backers of one faction sit together."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from analysis.queries.filters import OPPOSES, SUPPORTS

NODE_COLUMNS = ("name", "kind", "theater", "x", "y")
EDGE_COLUMNS = ("supporter", "target", "relation", "articles", "theaters")
FACTION, OUTSIDE = "faction", "outside actor"
# How far apart the layout wants the two ends of an edge (networkx's Kamada-Kawai layout
# places nodes so that drawn distances follow path lengths): an actor sits one unit from a
# faction it backs and one and a half from one it opposes; the factions of one war are tied
# at two units so that each war is one region of the drawing. More evidence shortens an
# edge of support a little (divided by 1 + SHORTEN × the log of its articles), so an actor
# is drawn nearer the faction it backs in many articles than one it backs in a single one.
SUPPORT_LENGTH, OPPOSE_LENGTH, THEATER_LENGTH = 1.0, 1.5, 2.0
SHORTEN = 0.3


@dataclass(frozen=True)
class Network:
    """Nodes (name, kind, theater, x, y) and edges (supporter, target, relation, articles,
    theaters) of the camps graph; positions lie within [-1, 1]."""

    nodes: pd.DataFrame
    edges: pd.DataFrame


def network(matrix_df: pd.DataFrame) -> Network:
    """The camps graph of `matrix_df` (`tally.matrix`): one edge per supporter, target and
    relation with its independent articles summed over theaters, and the nodes' places
    (`_layout`; no random start, so the drawing is the same on every rerun)."""
    edges = _edges(matrix_df)
    if edges.empty:
        return Network(pd.DataFrame(columns=NODE_COLUMNS), edges)
    wars = matrix_df.groupby("target")["theater"].agg(lambda s: min(str(t) for t in s))
    played = matrix_df.groupby("supporter")["theater"].agg(lambda s: ", ".join(sorted(set(s))))
    names = sorted(set(edges["supporter"]) | set(edges["target"]))
    nodes = pd.DataFrame(
        {
            "name": names,
            "kind": [FACTION if n in wars.index else OUTSIDE for n in names],
            "theater": [wars.get(n, played.get(n, "")) for n in names],
        }
    )
    pos = _layout(nodes, edges)
    nodes["x"] = [float(pos[n][0]) for n in names]
    nodes["y"] = [float(pos[n][1]) for n in names]
    return Network(nodes[list(NODE_COLUMNS)], edges)


def _edges(matrix_df: pd.DataFrame) -> pd.DataFrame:
    """One row per supporter, target and relation with articles > 0, theaters joined."""
    if matrix_df.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    pairs = matrix_df.groupby(["supporter", "target"], as_index=False).agg(
        supports=("supports_articles", "sum"),
        opposes=("opposes_articles", "sum"),
        theaters=("theater", lambda s: ", ".join(sorted(set(s)))),
    )
    rows = [
        (r.supporter, r.target, relation, int(n), r.theaters)
        for r in pairs.itertuples(index=False)
        for relation, n in ((SUPPORTS, r.supports), (OPPOSES, r.opposes))
        if n > 0
    ]
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)


def _layout(nodes: pd.DataFrame, edges: pd.DataFrame) -> dict:
    """Kamada-Kawai layout over path lengths (`SUPPORT_LENGTH` ...): the camps come out as
    clusters. A spring layout weighted by articles drew the real-news matrix as a knot:
    the heaviest edges (79 articles of Russia backing Damascus) pulled the camps into a
    tenth of the drawing while actors with one weak edge of opposition filled the rest.
    Nodes with no path between them sit one unit beyond the farthest connected pair."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes["name"])
    length = {SUPPORTS: SUPPORT_LENGTH, OPPOSES: OPPOSE_LENGTH}
    for r in edges.itertuples(index=False):
        edge = length[r.relation]
        if r.relation == SUPPORTS:
            edge /= 1 + SHORTEN * math.log(max(r.articles, 1))
        if graph.has_edge(r.supporter, r.target):
            edge = min(edge, graph[r.supporter][r.target]["length"])
        graph.add_edge(r.supporter, r.target, length=edge)
    factions = nodes[nodes["kind"] == FACTION]
    for _, war in factions.groupby("theater"):
        names = list(war["name"])
        for a, b in zip(names, names[1:], strict=False):
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, length=THEATER_LENGTH)
    paths = dict(nx.shortest_path_length(graph, weight="length"))
    far = max(d for row in paths.values() for d in row.values()) + 1
    dist = {a: {b: paths[a].get(b, far) for b in graph} for a in graph}
    return nx.kamada_kawai_layout(graph, dist=dist)
