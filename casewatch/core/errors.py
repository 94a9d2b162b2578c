"""The one error hierarchy of casewatch; every message names the input and the fix.

    CasewatchError
    ├── OntologyError      a value outside ontology v1.1
    ├── InputError         a file, URL or record that cannot be read
    ├── ConfigError        a setting that is missing or wrong
    ├── StoreError         the database refused or is inconsistent
    │   └── ConflictError  a concurrent edit won first (version check)
    ├── NotFoundError      no case, person, fact or document by that key
    └── ModelError         the NLP model cannot be loaded
"""

from __future__ import annotations


class CasewatchError(Exception):
    """Base of every error casewatch raises on purpose."""


class OntologyError(CasewatchError, ValueError):
    pass


class InputError(CasewatchError):
    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ConfigError(CasewatchError):
    pass


class StoreError(CasewatchError):
    pass


class ConflictError(StoreError):
    pass


class NotFoundError(CasewatchError, LookupError):
    pass


class ModelError(CasewatchError):
    pass
