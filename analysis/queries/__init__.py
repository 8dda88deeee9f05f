"""Typed reads for the dashboard and the exports: each function takes an engine (and the
sidebar's `Filters` where they apply) and returns a DataFrame or a few numbers.

- `filters`: `Filters`, its URL form, and the WHERE conditions it puts on claims.
- `claims`: pages of claims with their evidence; `read_frame`, the rows-to-DataFrame step.
- `articles`: stored articles, one article in detail, unknown names, theaters.
- `export`: the filtered claims as CSV or JSON, the matrix as CSV.
- `stances`: camps and stance changes, pandas over results already counted.
- `network`: the camps as a graph (nodes placed by networkx), over the matrix.

The aggregates the pages draw (counts, matrix, timeline, claim counts, supporters) are read
from the summary tables or the claims in `analysis.tally`, which sits on this package and
re-exports its names.
"""
