"""The extractor's name and version, stored with every extraction.

A module of its own so that a process which only records or compares them (the parent of
extraction workers, `casewatch ingest --workers N`) does not import the rules, whose regular
expressions take a third of a second to compile.
"""

from __future__ import annotations

EXTRACTOR_NAME = "casewatch-rules"
EXTRACTOR_VERSION = "0.1.0"
