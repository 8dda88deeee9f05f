"""Schema version 1: articles, mentions, claims and the meta table.

Stores of version 1 predate Alembic; they are stamped at this revision and upgraded from it.
A new store is created at the newest version at once (`migrations.create_schema`), so this
revision creates nothing.
"""

revision = "v1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass
