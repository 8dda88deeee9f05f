"""Schema version 3: each claim's event time and phase. A stored claim is dated by its
article until re-analysis (`python -m analysis reanalyze`) reads the time from its sentence."""

from alembic import op
from sqlalchemy import update

from analysis.store.migrations import TIME_COLUMNS, add_columns, set_schema_version
from analysis.store.schema import claims

revision = "v3"
down_revision = "v2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    add_columns(conn, claims, TIME_COLUMNS)
    c = claims.c
    conn.execute(
        update(claims)
        .where(c.date.is_not(None), c.time_source == "")
        .values(event_start=c.date, event_end=c.date, time_precision="day", time_source="article")
    )
    set_schema_version(conn, 3)
