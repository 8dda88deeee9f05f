"""Schema version 2: the summary tables (filled from the claims) and two claim/article
indexes that later version-1 stores may lack."""

from alembic import op

from analysis.store.migrations import set_schema_version
from analysis.store.schema import REPORT_TABLES, articles, claims
from analysis.store.summaries import rebuild_summaries

revision = "v2"
down_revision = "v1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    for index in (*claims.indexes, *articles.indexes):
        if index.name in {"ix_claims_status_date", "ix_articles_sample"}:
            index.create(conn, checkfirst=True)
    for table in REPORT_TABLES:
        table.create(conn, checkfirst=True)
    rebuild_summaries(conn, REPORT_TABLES)
    set_schema_version(conn, 2)
