"""casewatch: a source-grounded database of politically motivated prosecutions."""

__version__ = "0.1.0"
