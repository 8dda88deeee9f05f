"""The project's own errors; every message names the file (or store) and the reason."""

from __future__ import annotations


class TrackerError(Exception):
    """Base class: an error the user can act on, shown without a stack trace."""


class InputError(TrackerError):
    """A file or uploaded item that cannot be read; names the item and why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelError(TrackerError):
    """The spaCy pipeline asked for cannot be loaded."""


class KnowledgeBaseError(TrackerError):
    """A knowledge-base data file is malformed; names the file and line."""


class StoreError(TrackerError):
    """The database cannot be opened or written (locked, read-only, corrupt, too new)."""


class ClusterError(TrackerError):
    """The Dask cluster asked for cannot be used: no scheduler answers at the address, no
    worker joins it, or its workers cannot load the extractor (or load different ones)."""
