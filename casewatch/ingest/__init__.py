"""Sources casewatch reads: files and folders of text, Markdown, HTML, JSON and JSON Lines, as RawItems."""

from casewatch.ingest.files import MAX_BYTES, SUFFIXES, Decoded, RawItem, decode_bytes, iter_sources

__all__ = ["MAX_BYTES", "SUFFIXES", "Decoded", "RawItem", "decode_bytes", "iter_sources"]
