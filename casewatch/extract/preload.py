"""Imported by the fork server of a worker pool: the extractor loads here, once.

``casewatch ingest --workers N`` starts its workers from a fork server (see
``casewatch.batch``). The fork server imports this module before it forks any
worker, so every worker starts with the language model and the compiled rules
already in memory, shared copy-on-write, instead of importing spaCy and loading
the model itself: a worker is ready in milliseconds instead of a second and a
half, and N workers no longer load N copies side by side on the same cores.

A failure here is not the fork server's to report: a worker that finds no model
loads it again, and each document then says what went wrong, as in a serial run.
"""

from __future__ import annotations

import logging

log = logging.getLogger("casewatch.batch")

LOADED = False  # whether the fork server holds the loaded extractor (its workers inherit this)

try:
    from casewatch.extract.pipeline import get_extractor

    getattr(get_extractor(), "nlp", None)
    LOADED = True
except Exception:  # noqa: BLE001 - reported per document by the workers, see above
    log.debug("the fork server could not load the extractor; each worker will try", exc_info=True)
