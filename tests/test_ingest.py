"""Reading sources: folder walks, size limits, decoding, JSON records and HTML extraction."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from casewatch.core.errors import InputError
from casewatch.ingest import RawItem, decode_bytes, iter_sources
from casewatch.ingest.html import declared_charset, extract_html
from casewatch.ingest.records import record_fields

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
RUSSIAN = "Суд в Таразе приговорил блогера Айдоса Каримова к трём годам лишения свободы"


def _sources(items: list[RawItem | InputError]) -> list[str]:
    return [item.source for item in items]


# --- files and folders ------------------------------------------------------------------------------


def test_folder_walk_is_recursive_sorted_and_skips_hidden_and_unknown_files():
    items = list(iter_sources([GOOD]))
    assert all(isinstance(item, RawItem) for item in items)
    files = sorted({item.source.split(":")[0].split("[")[0] for item in items})
    relative = [os.path.relpath(name, GOOD) for name in files]
    assert relative == ["article.html", "article.md", "article.txt", "heading_only.md", "jsonld.html",
                        "more/nested.txt", "records.json", "records.jsonl", "single.json"]
    # The walk order is the sorted order, folders in place among files.
    order = [os.path.relpath(item.source.split(":")[0].split("[")[0], GOOD) for item in items]
    assert order == sorted(order)
    assert not any(".hidden" in name or name.endswith(".rst") for name in order)


def test_media_types_follow_the_suffix():
    kinds = {os.path.basename(item.source).split(":")[0].split("[")[0]: item.media_type
             for item in iter_sources([GOOD]) if isinstance(item, RawItem)}
    assert kinds["article.txt"] == "text/plain"
    assert kinds["article.md"] == kinds["heading_only.md"] == "text/markdown"
    assert kinds["article.html"] == "text/html"
    assert kinds["records.jsonl"] == kinds["records.json"] == kinds["single.json"] == "application/json"


def test_text_items_carry_the_file_bytes_and_no_record():
    (item,) = iter_sources([GOOD / "article.txt"])
    assert isinstance(item, RawItem)
    assert item.data == (GOOD / "article.txt").read_bytes()
    assert item.record is None and item.url is None and item.fetched_at is None


def test_missing_path_is_one_error_and_the_batch_goes_on(tmp_path):
    missing = tmp_path / "nowhere.txt"
    items = list(iter_sources([missing, GOOD / "article.txt"]))
    assert len(items) == 2
    error, item = items
    assert isinstance(error, InputError) and str(missing) in str(error) and "no such file" in str(error)
    assert isinstance(item, RawItem)


def test_an_explicit_file_of_unknown_type_is_an_error(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    (error,) = iter_sources([path])
    assert isinstance(error, InputError)
    assert str(path) in str(error) and "'.pdf'" in str(error) and ".jsonl" in str(error)


def test_hidden_folders_are_skipped(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("Hidden notes.")
    (tmp_path / "seen.txt").write_text("A visible note.")
    assert [os.path.basename(s) for s in _sources(list(iter_sources([tmp_path])))] == ["seen.txt"]


def test_size_limit_names_size_limit_and_flag(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 300)
    small = tmp_path / "small.txt"
    small.write_text("A short note.")
    items = list(iter_sources([tmp_path], max_bytes=1000))
    assert len(items) == 2
    error, item = items
    assert isinstance(error, InputError) and error.source == str(big)
    assert "1,500 bytes" in error.problem and "1,000" in error.problem and "--max-bytes" in error.problem
    assert isinstance(item, RawItem) and item.source == str(small)


def test_suffixes_are_case_insensitive(tmp_path):
    (tmp_path / "UPPER.TXT").write_text("Upper-case suffix.")
    (tmp_path / "Page.HTM").write_text("<p>Page</p>")
    assert [item.media_type for item in iter_sources([tmp_path])] == ["text/html", "text/plain"]


# --- JSON and JSON Lines ----------------------------------------------------------------------------


def test_jsonl_records_are_one_item_per_line_with_line_sources():
    items = list(iter_sources([GOOD / "records.jsonl"]))
    assert [item.source for item in items] == [f"{GOOD / 'records.jsonl'}:{n}" for n in (1, 2, 3)]
    lines = (GOOD / "records.jsonl").read_bytes().splitlines()
    for item, line in zip(items, lines, strict=True):
        assert isinstance(item, RawItem)
        assert item.record == json.loads(line) and item.data == line


def test_a_malformed_line_is_one_error_and_the_other_lines_continue():
    path = FIXTURES / "mixed.jsonl"
    items = list(iter_sources([path]))
    errors = [item for item in items if isinstance(item, InputError)]
    records = [item for item in items if isinstance(item, RawItem)]
    assert [r.record["id"] for r in records] == ["ok-1", "ok-2"]
    assert [r.source for r in records] == [f"{path}:1", f"{path}:6"]
    assert [e.source for e in errors] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert str(errors[0]) == f"{path}:2: malformed JSON (Expecting ',' delimiter at column 42)"
    assert "no text" in errors[1].problem
    assert "got a list" in errors[2].problem


def test_json_list_and_single_object():
    listed = list(iter_sources([GOOD / "records.json"]))
    assert [item.source for item in listed] == [f"{GOOD / 'records.json'}[0]", f"{GOOD / 'records.json'}[1]"]
    assert [item.record["id"] for item in listed] == ["list-1", "list-2"]
    (single,) = iter_sources([GOOD / "single.json"])
    assert single.source == str(GOOD / "single.json")
    assert single.data == (GOOD / "single.json").read_bytes()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"text": "a"}\n{"text": "b"}\n', "Extra data at line 2 column 1); if the file holds one object per line"),
        (b"[" * 100_000, "nested too deeply"),
        (b'"just a string"', "got a string"),
        (b"[]", "empty (no records)"),
        (b'{"id": 5, "text": ["not", "text"]}', 'field "text" must be a string, got a list'),
        (b'{"id": {"x": 1}, "text": "t"}', 'field "id" must be a string, got an object'),
    ],
)
def test_bad_json_files(tmp_path, content, problem):
    path = tmp_path / "records.json"
    path.write_bytes(content)
    (error,) = iter_sources([path])
    assert isinstance(error, InputError) and error.source.startswith(str(path))
    assert problem in error.problem


def test_record_fields_accept_alternative_names_and_ignore_extras():
    fields = record_fields({"id": 7, "body": "Body text.", "date": 2021, "gold": {}, "source": "x"}, "f:1")
    assert (fields.id, fields.text, fields.published, fields.url, fields.title) == ("7", "Body text.", "2021",
                                                                                    None, None)
    fields = record_fields({"content": "C.", "published": None, "date": "2020-02", "language": "RU"}, "f:2")
    assert (fields.text, fields.published, fields.language) == ("C.", "2020-02", "ru")


def test_record_without_text_names_its_line():
    with pytest.raises(InputError) as caught:
        record_fields({"id": "x", "text": "   "}, "batch.jsonl:17")
    assert str(caught.value).startswith("batch.jsonl:17: record has no text")


# --- decoding ---------------------------------------------------------------------------------------


def test_utf8_bom_is_stripped():
    decoded = decode_bytes(codecs.BOM_UTF8 + "Café\n".encode(), "a.txt")
    assert decoded.text == "Café\n" and decoded.encoding == "utf-8"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom(encoding):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[encoding]
    decoded = decode_bytes(bom + RUSSIAN.encode(encoding), "a.txt")
    assert decoded.text == RUSSIAN and decoded.encoding == encoding


def test_utf16_without_a_bom_looks_binary():
    with pytest.raises(InputError, match="looks binary"):
        decode_bytes("A note".encode("utf-16-le"), "a.txt")


def test_cp1251_is_recognized_when_the_guess_is_confident():
    data = (FIXTURES / "encodings" / "russian_cp1251.txt").read_bytes()
    decoded = decode_bytes(data, "ru.txt")
    assert decoded.encoding == "cp1251" and decoded.text.startswith(RUSSIAN)


def test_short_cp1251_is_rejected_with_the_fix():
    with pytest.raises(InputError) as caught:
        decode_bytes((BAD / "short_cp1251.txt").read_bytes(), "short.txt")
    assert str(caught.value) == ("short.txt: not valid UTF-8 and no confident encoding guess; "
                                 "re-save the file as UTF-8")


def test_windows_1252_english_keeps_its_curly_quotes():
    text = "The court\u2019s ruling on the caf\u00e9 owner \u201cwas unjust,\u201d the lawyer said.\n"
    decoded = decode_bytes(text.encode("cp1252"), "en.txt")
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


def test_declared_html_charset_is_used_after_utf8():
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    data = page.encode("cp1251")
    assert declared_charset(data) == "windows-1251"
    assert decode_bytes(data, "p.html", declared=declared_charset(data)).text == page


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b" \n\t\r\n", "empty"),
        (codecs.BOM_UTF8 + b"\n  ", "empty"),
        (b"PK\x03\x04\x14\x00\x00\x00", "looks binary (it contains NUL bytes)"),
        (bytes(range(1, 32)) * 20 + b"text", "looks binary (many control bytes)"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid utf-16-le"),
    ],
)
def test_decode_errors_name_the_file_and_the_problem(data, problem):
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "in/file.txt")
    assert caught.value.source == "in/file.txt" and problem in caught.value.problem


# --- HTML -------------------------------------------------------------------------------------------


def test_html_metadata_and_main_text():
    page = extract_html((GOOD / "article.html").read_text(encoding="utf-8"))
    assert page.title == "Blogger Aidos Karimov sentenced to three years"
    assert page.url == "https://steppe.example/news/karimov-sentenced"  # canonical beats og:url
    assert page.published == "2024-03-05T18:30:00+05:00"
    assert "sentenced blogger Aidos Karimov to three years" in page.text
    # An inline <time> keeps its words (trafilatura alone would delete them).
    assert "was detained on November 14, 2023 after" in page.text
    for boilerplate in ("Home", "Reader comment", "All rights reserved", "SCRIPT-IN", "font-family"):
        assert boilerplate not in page.text


def test_html_json_ld_date_and_og_url():
    page = extract_html((GOOD / "jsonld.html").read_text(encoding="utf-8"))
    assert page.published == "2024-05-02T09:15:00Z"
    assert page.url == "https://valley.example/2024/05/students-detained"
    assert page.text.startswith("Security officers in Osh detained")


def test_html_relative_canonical_resolves_against_the_fetched_url_and_bad_schemes_are_dropped():
    markup = '<link rel="canonical" href="/news/1"><p>Text.</p>'
    assert extract_html(markup, url="https://site.example/a?b=1").url == "https://site.example/news/1"
    assert extract_html(markup).url is None
    assert extract_html('<link rel="canonical" href="javascript:alert(1)"><p>Text.</p>').url is None


def test_short_pages_fall_back_to_the_plain_walk():
    page = extract_html("<title>T</title><p>First &amp; only paragraph.</p><ul><li>one</li><li>two</li></ul>")
    assert page.text == "First & only paragraph.\none\ntwo"
    assert page.title == "T"


HOSTILE_MARKERS = ["SCRIPT-", "STYLE-", "META-", "CANON-", "ONLOAD-", "ONERROR-", "SVG-", "HREF-", "IFRAME-",
                   "NOSCRIPT-", "TEMPLATE-", "OBJECT-", "SPLIT-", "alert", "javascript", "document.cookie"]


def test_hostile_html_yields_plain_text_only():
    page = extract_html((FIXTURES / "hostile.html").read_text(encoding="utf-8"))
    assert "detained the union leader Serik Abenov" in page.text
    assert "charged with organizing an illegal strike" in page.text
    for marker in HOSTILE_MARKERS:
        assert marker not in page.text
    assert page.url is None


@pytest.mark.parametrize("depth", [100, 300, 50_000])
def test_deep_nesting_keeps_the_text_and_drops_scripts(depth):
    markup = ("<html><body>" + "<div onclick='alert(1)'>" * depth + "<p>Inside the nest, a court hearing.</p>"
              "<script>alert('DEEP')</script>" + "</div>" * depth + "<p>After the nest.</p></body></html>")
    page = extract_html(markup)
    assert "Inside the nest, a court hearing." in page.text and "After the nest." in page.text
    assert "alert" not in page.text and "DEEP" not in page.text


def test_unclosed_script_swallows_the_rest_like_a_browser():
    page = extract_html("<b>" * 1000 + "Visible words.<script>var stolen = 'SECRET'; " + "x" * 1000)
    assert page.text == "Visible words."

