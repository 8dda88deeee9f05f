"""Schema version 6: `article_counts`, the number of stored articles and of articles with
claims per theater, filled from the articles and `article_theaters`; and the claim id added
to `ix_claims_status_date`, so that a newest-first page needs no sort."""

from alembic import op

from analysis.store.migrations import set_schema_version
from analysis.store.schema import COUNT_TABLES, claims
from analysis.store.summaries import rebuild_summaries

revision = "v6"
down_revision = "v5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    for table in COUNT_TABLES:
        table.create(conn, checkfirst=True)
    rebuild_summaries(conn, COUNT_TABLES)
    for index in claims.indexes:
        if index.name == "ix_claims_status_date":  # (status, date) before: made again
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
            index.create(conn)
    set_schema_version(conn, 6)
