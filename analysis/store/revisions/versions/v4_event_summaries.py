"""Schema version 4: `cell_events`, the Timeline's summary of claims by event time, and
`cell_outlets`, the matrix's outlets per cell, both filled from the claims."""

from alembic import op

from analysis.store.migrations import set_schema_version
from analysis.store.schema import EVENT_TABLES
from analysis.store.summaries import rebuild_summaries

revision = "v4"
down_revision = "v3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    for table in EVENT_TABLES:
        table.create(conn, checkfirst=True)
    rebuild_summaries(conn, EVENT_TABLES)
    set_schema_version(conn, 4)
