"""casewatch: a source-grounded database of politically motivated prosecutions.

>>> import casewatch
>>> result = casewatch.extract("...", published="2023-04-10")   # doctest: +SKIP
>>> store = casewatch.open("casewatch.db")                       # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from casewatch import extract as extract  # the callable extraction package

__version__ = "0.1.0"


def open(db_url: str | None = None) -> Any:  # noqa: A001 - the documented public name
    """Open (and migrate) the store at ``db_url``; default ``CASEWATCH_DB`` or ./casewatch.db."""
    from casewatch.store import open_store

    return open_store(db_url)


__all__ = ["extract", "open", "__version__"]
