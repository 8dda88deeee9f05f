"""Claim extraction as a spaCy pipeline: a parsed article in, evidence-linked "who backs /
opposes whom" claims out.

The components (components.py, in the order of pipeline.cfg) each do one job: the theater
votes, the actor resolver, the construction matcher (data/patterns/*.jsonl), the Python
relation rules (registered by name), and the qualifier (negation, denial, hypotheticals,
hedges, kind, date). `Extractor` is the façade the rest of the package uses.
"""

from analysis.extract.dates import parse_day, resolve_relative_date
from analysis.extract.extractor import EXTRACTOR_VERSION, Extractor
from analysis.extract.text import clean_text
from analysis.extract.vocab import DATA_DIR, data_fingerprint, load_cues

__all__ = [
    "DATA_DIR",
    "EXTRACTOR_VERSION",
    "Extractor",
    "clean_text",
    "data_fingerprint",
    "load_cues",
    "parse_day",
    "resolve_relative_date",
]
