"""What the aggregates imply, in pandas over results already counted: the camps of a
matrix and the months where a stance changes sign."""

from __future__ import annotations

import pandas as pd

from analysis.queries.filters import OPPOSES, SUPPORTS


def camps(matrix_df: pd.DataFrame) -> pd.DataFrame:
    """Per theater, the outside actors grouped by the faction each backs most on net.

    Returns columns theater, faction, backers (list of actor names, strongest first) and
    net (the summed net evidence of those backers). Actors with no positive net are left out.
    """
    columns = ["theater", "faction", "backers", "net"]
    backing = matrix_df[matrix_df["net"] > 0] if not matrix_df.empty else matrix_df
    if backing.empty:
        return pd.DataFrame(columns=columns)
    best = (
        backing.sort_values(["net", "target"], ascending=[False, True])
        .drop_duplicates(["theater", "supporter"])
        .sort_values(["theater", "target", "net"], ascending=[True, True, False])
    )
    grouped = best.groupby(["theater", "target"], sort=True).agg(
        backers=("supporter", list), net=("net", "sum")
    )
    out = grouped.reset_index().rename(columns={"target": "faction"})
    return out.sort_values(["theater", "net"], ascending=[True, False], ignore_index=True)[columns]


def stance_changes(timeline_df: pd.DataFrame) -> pd.DataFrame:
    """Months in which an actor's net stance toward a target changes sign.

    Net per month is supporting minus opposing articles; months with a net of zero
    do not reset the stance. Returns month, supporter, target, net, previous.
    """
    columns = ["month", "supporter", "target", "net", "previous"]
    if timeline_df.empty:
        return pd.DataFrame(columns=columns)
    signed = timeline_df.assign(
        net=timeline_df["articles"].where(timeline_df["relation"] == SUPPORTS, 0)
        - timeline_df["articles"].where(timeline_df["relation"] == OPPOSES, 0)
    )
    monthly = (
        signed.groupby(["supporter", "target", "month"], as_index=False)["net"]
        .sum()
        .sort_values(["supporter", "target", "month"])
    )
    monthly = monthly[monthly["net"] != 0].copy()
    monthly["previous"] = monthly.groupby(["supporter", "target"])["net"].shift()
    flips = monthly[
        monthly["previous"].notna() & ((monthly["net"] > 0) != (monthly["previous"] > 0))
    ]
    out = flips.astype({"previous": int})[columns]
    return out.sort_values(["month", "supporter", "target"], ignore_index=True)
