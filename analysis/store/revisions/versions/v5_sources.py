"""Schema version 5: the sources of articles: the `feeds` the watch loop polls, the public
`datasets` imported (with their attribution), each article's `dataset`, and an index on
`articles.url` so that a fetched page is recognised by its canonical URL."""

from alembic import op

from analysis.store.migrations import add_columns, set_schema_version
from analysis.store.schema import SOURCE_TABLES, articles

revision = "v5"
down_revision = "v4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    add_columns(conn, articles, ("dataset",))
    for table in SOURCE_TABLES:
        table.create(conn, checkfirst=True)
    for index in articles.indexes:
        if index.name == "ix_articles_url":
            index.create(conn, checkfirst=True)
    set_schema_version(conn, 5)
