"""Extraction: a pure function of a document and the extractor version; no database access.

The package itself is callable, so that ``casewatch.extract(text, published=None)`` works
both as the public API and as the name of this subpackage.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def extract(text: str, published: Any = None, doc_id: str | None = None) -> Any:
    """Extract the cases and advocacy of one text; see :func:`casewatch.extract.pipeline.extract`."""
    from casewatch.extract.pipeline import extract as _extract

    return _extract(text, published=published, doc_id=doc_id)


class _CallableModule(types.ModuleType):
    def __call__(self, text: str, published: Any = None, doc_id: str | None = None) -> Any:
        return extract(text, published=published, doc_id=doc_id)


sys.modules[__name__].__class__ = _CallableModule
