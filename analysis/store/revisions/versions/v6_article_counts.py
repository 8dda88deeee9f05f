"""Schema version 6: `article_counts`, the number of stored articles and of articles with
claims per theater, filled from the articles and `article_theaters`; and the row id added
to `ix_claims_status_date` and `ix_articles_published`, so that a newest-first page of
claims or articles needs no sort."""

from alembic import op

from analysis.store.migrations import set_schema_version
from analysis.store.schema import COUNT_TABLES, articles, claims
from analysis.store.summaries import rebuild_summaries

revision = "v6"
down_revision = "v5"
branch_labels = None
depends_on = None

WHOLE_ORDER = {"ix_claims_status_date", "ix_articles_published"}


def upgrade() -> None:
    conn = op.get_bind()
    for table in COUNT_TABLES:
        table.create(conn, checkfirst=True)
    rebuild_summaries(conn, COUNT_TABLES)
    for index in (*claims.indexes, *articles.indexes):
        if index.name in WHOLE_ORDER:  # without the id before: made again
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
            index.create(conn)
    set_schema_version(conn, 6)
