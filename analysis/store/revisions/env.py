"""Alembic's environment for the store: migrations run on the connection `open_store` hands
over (inside its write transaction), never on one of their own; there is no alembic.ini."""

from alembic import context

from analysis.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():  # joins the transaction the connection is already in
    context.run_migrations()
