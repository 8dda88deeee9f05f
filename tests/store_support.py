"""Helpers for the tests of schema versions: stores made to look older."""

from __future__ import annotations

from sqlalchemy import update

from analysis import store


def made_before_alembic(conn, version: int) -> None:
    """Make a store look as the hand-written migrations left it at schema `version`: the
    version in the meta table, no Alembic revision (the tables are the caller's to undo)."""
    conn.exec_driver_sql("DROP TABLE alembic_version")
    conn.execute(
        update(store.meta_table)
        .where(store.meta_table.c.key == "schema_version")
        .values(value=str(version))
    )
