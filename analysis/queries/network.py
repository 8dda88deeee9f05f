"""The camps as a graph, in pandas and networkx over a matrix already counted: outside
actors and factions are nodes, each supporter→target relation an edge weighted by its
independent articles, placed so that the backers of one faction sit together."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

from analysis.queries.filters import OPPOSES, SUPPORTS

NODE_COLUMNS = ("name", "kind", "theater", "x", "y")
EDGE_COLUMNS = ("supporter", "target", "relation", "articles", "theaters")
FACTION, OUTSIDE = "faction", "outside actor"
SEED = 13  # the layout's random start: the same matrix is always drawn the same way
# How strongly an edge pulls its ends together, per article: support holds a camp together;
# opposition pulls only a little (an actor sits near its camp, not near its enemy); the
# factions of one war are tied loosely so that each war is one region of the drawing.
SUPPORT_PULL, OPPOSE_PULL, THEATER_PULL = 1.0, 0.1, 0.5


@dataclass(frozen=True)
class Network:
    """Nodes (name, kind, theater, x, y) and edges (supporter, target, relation, articles,
    theaters) of the camps graph; positions lie within [-1, 1]."""

    nodes: pd.DataFrame
    edges: pd.DataFrame


def network(matrix_df: pd.DataFrame, *, seed: int = SEED) -> Network:
    """The camps graph of `matrix_df` (`tally.matrix`): one edge per supporter, target and
    relation with its independent articles summed over theaters, and a spring layout of
    the nodes (fixed `seed`, so the drawing is the same on every rerun)."""
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
    pos = _layout(nodes, edges, seed=seed)
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


def _layout(nodes: pd.DataFrame, edges: pd.DataFrame, *, seed: int) -> dict:
    """Spring layout where support pulls hardest: the camps come out as clusters."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes["name"])
    pull = {SUPPORTS: SUPPORT_PULL, OPPOSES: OPPOSE_PULL}
    for r in edges.itertuples(index=False):
        weight = pull[r.relation] * r.articles
        if graph.has_edge(r.supporter, r.target):
            weight += graph[r.supporter][r.target]["weight"]
        graph.add_edge(r.supporter, r.target, weight=weight)
    factions = nodes[nodes["kind"] == FACTION]
    for _, war in factions.groupby("theater"):
        names = list(war["name"])
        for a, b in zip(names, names[1:], strict=False):
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, weight=THEATER_PULL)
    return nx.spring_layout(graph, weight="weight", seed=seed)
