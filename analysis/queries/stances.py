"""What the aggregates imply, in pandas over results already counted: the camps of a
matrix. (Changes of stance over time are read from periods: analysis/queries/periods.py.)"""

from __future__ import annotations

import pandas as pd


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
