"""Normalization: the one text cleaning, Documents from every format, bad batches, the gold corpus."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casewatch.core.document import Document, content_hash
from casewatch.core.errors import InputError
from casewatch.core.types import DateValue
from casewatch.ingest import RawItem
from casewatch.normalize import guess_language, normalize, normalize_text, read_documents

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
HOSTILE_MARKERS = ["SCRIPT-", "STYLE-", "META-", "ONLOAD-", "ONERROR-", "SVG-", "HREF-", "IFRAME-", "NOSCRIPT-",
                   "TEMPLATE-", "OBJECT-", "SPLIT-", "alert", "javascript", "document.cookie"]


def _one(path: Path, **kwargs) -> Document:
    (found,) = read_documents([path], **kwargs)
    assert isinstance(found, Document), found
    return found


def _item(data: bytes, media_type: str = "text/plain", source: str = "mem.txt", **kwargs) -> RawItem:
    return RawItem(source=source, data=data, record=None, media_type=media_type, **kwargs)


# --- normalize_text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("line one  \r\nline two\t \rline three", "line one\nline two\nline three"),
        ("Cafe\u0301 owner", "Caf\u00e9 owner"),  # NFC
        ("a\n\n\n\n\n\nb", "a\n\n\nb"),  # at most two blank lines
        ("a\n \n\t\n  \nb", "a\n\n\nb"),  # whitespace-only lines are blank lines
        ("jour\u00adnal\u200bist\u2060s\ufeff", "journalists"),  # soft hyphen and zero-width characters
        ("bell\x07 and\x00 escape\x1b", "bell and escape"),  # controls
        ("tab\tstays", "tab\tstays"),
        ("Freedom &amp; Justice&#8217;s &#x201C;call&#x201D;", "Freedom & Justice\u2019s \u201ccall\u201d"),
        ("AT&T and R&D &copy no semicolon", "AT&T and R&D &copy no semicolon"),
        ("doubly escaped &amp;amp;quot;", 'doubly escaped "'),
        ("it\u2019s \u201cquoted\u201d and it's \"quoted\"", "it\u2019s \u201cquoted\u201d and it's \"quoted\""),
        ("\n\n  leading and trailing  \n\n", "leading and trailing"),
        ("para\u2029next\u2028line\x0cpage", "para\nnext\nline\npage"),
        ("&am\u200bp;", "&"),  # removing the zero-width space exposes an entity
    ],
)
def test_normalize_text(raw, clean):
    assert normalize_text(raw) == clean


_PIECES = st.sampled_from([
    "a", "Z", "é", "e\u0301", "\u0301", " ", "\t", "\n", "\r", "\r\n", "\u2028", "\x0c", "\x00", "\x1b",
    "\u200b", "\ufeff", "\u00ad", "&", "amp;", "&amp;", "&#8217;", "&#x0;", "&#13;", "&#x200b;", "#", "x",
    ";", "\u2019", '"', "\u00a0", "\u3000", "\ufb01", "\u0958", "\u1e9b\u0323", "\U0001f600",
])
_TEXTS = st.one_of(st.text(), st.lists(_PIECES, max_size=60).map("".join))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_normalize_text_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@settings(max_examples=100, deadline=None)
@given(_TEXTS.filter(lambda t: normalize_text(t) != ""))
def test_the_same_bytes_give_the_same_document_and_its_text_reads_back_unchanged(text):
    data = text.encode("utf-8")
    try:
        first = normalize(_item(data))
    except InputError:
        return  # binary-looking or undecodable input is refused, and the next test checks refusals repeat
    second = normalize(_item(data))
    assert first == second and first.content_hash == second.content_hash
    again = normalize(_item(first.text.encode("utf-8")))
    assert again.text == first.text and again.id == first.id


def test_a_refusal_is_stable():
    for _ in range(2):
        with pytest.raises(InputError, match="looks binary"):
            normalize(_item(b"ab\x00cd"))


# --- one document per format ------------------------------------------------------------------------


def test_txt_round_trip():
    path = GOOD / "article.txt"
    doc = _one(path)
    assert doc.title == "Court in Taraz jails blogger Aidos Karimov for three years"
    assert doc.text.startswith(doc.title + "\n\nTARAZ, March 5")  # the title stays in the text
    assert doc.text == normalize_text(path.read_text(encoding="utf-8"))
    assert (doc.url, doc.published, doc.fetched_at, doc.language) == (None, None, None, "en")
    assert doc.source == str(path)
    assert doc.raw_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.id == "doc-" + content_hash(doc.text)[:16]


def test_txt_title_needs_a_short_first_line_and_a_blank_line():
    assert normalize(_item(b"Headline\nBody straight after.")).title is None
    assert normalize(_item(b"Headline\n\nBody.")).title == "Headline"
    assert normalize(_item(("word " * 40 + "\n\nBody.").encode())).title is None


def test_markdown_front_matter_and_markup():
    doc = _one(GOOD / "article.md")
    assert doc.title == "Appeal court upholds sentence of journalist Marat Ospanov"
    assert doc.published == DateValue("2024-06-18")
    assert doc.url == "https://steppe.example/news/ospanov-appeal"
    assert doc.text.startswith("Appeal upheld\n\nThe Almaty City Court on Tuesday upheld the five-year sentence")
    assert "according to the Committee for Free Speech." in doc.text
    assert "Ospanov was arrested in February 2023." in doc.text
    assert '"This ruling closes the last door inside the country," his wife said.' in doc.text
    assert "Follow the case at https://cfs.example/cases. Price: 5 * 3 tenge." in doc.text
    for markup in ("---", "**", "](", "# ", "> ", "- ", "`", "tags:", "_inciting"):
        assert markup not in doc.text


def test_markdown_html_and_links_leave_only_words():
    markdown = (b"Intro <script>alert('SCRIPT-1')</script> text.\n\n<img src=x onerror=\"alert('ONERROR-1')\">"
                b"[Read more](javascript:alert('HREF-1')) and ![photo of the court](court.jpg)\n<!-- COMMENT -->")
    doc = normalize(_item(markdown, "text/markdown", "m.md"))
    assert doc.text == "Intro  text.\n\nRead more and photo of the court"


def test_markdown_first_heading_is_the_title():
    doc = _one(GOOD / "heading_only.md")
    assert doc.title == "Rally organizers detained in Shymkent"
    assert doc.text.startswith("Rally organizers detained in Shymkent\n\nPolice in Shymkent")
    assert "===" not in doc.text


def test_html_round_trip():
    path = GOOD / "article.html"
    doc = _one(path)
    assert doc.title == "Blogger Aidos Karimov sentenced to three years"
    assert doc.published == DateValue("2024-03-05")
    assert doc.url == "https://steppe.example/news/karimov-sentenced"
    assert "governor\u2019s spending" in doc.text and "release & ordered" in doc.text
    assert "\u201cThe verdict is a message to every critic in the region,\u201d said Dilnoza Rakhimova" in doc.text
    assert doc.raw_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.text == normalize_text(doc.text)


def test_html_fetched_url_and_time_pass_through():
    data = b"<html><body><p>Police detained two reporters in Bishkek on Monday.</p></body></html>"
    doc = normalize(_item(data, "text/html", "https://site.example/a", url="https://site.example/a",
                          fetched_at="2024-05-01T10:00:00Z"))
    assert (doc.url, doc.fetched_at, doc.source) == ("https://site.example/a", "2024-05-01T10:00:00Z",
                                                     "https://site.example/a")
    canonical = normalize(_item(b'<link rel="canonical" href="https://site.example/c"><p>Text.</p>', "text/html",
                                "https://site.example/a?utm=1", url="https://site.example/a?utm=1"))
    assert canonical.url == "https://site.example/c"
    assert canonical.meta["fetched_url"] == "https://site.example/a?utm=1"


def test_hostile_html_gives_no_script_text():
    doc = _one(FIXTURES / "hostile.html")
    assert "detained the union leader Serik Abenov" in doc.text
    for marker in HOSTILE_MARKERS:
        assert marker not in doc.text and marker not in (doc.title or "")


def test_jsonl_records_keep_their_fields():
    docs = list(read_documents([GOOD / "records.jsonl"]))
    assert [d.id for d in docs] == ["rec-1", "rec-2", "rec-3"]
    first, second, third = docs
    assert (first.title, first.url, first.published) == ("Editor questioned", "https://valley.example/rec-1",
                                                         DateValue("2023-09-12"))
    assert first.text.startswith("Police questioned editor Saule Bekova")
    assert (second.published, third.published) == (DateValue("2023-10"), DateValue("2023"))
    assert second.text.startswith("A court in Aktobe") and third.text.startswith("Human rights groups")
    line = (GOOD / "records.jsonl").read_bytes().splitlines()[0]
    assert first.raw_hash == hashlib.sha256(line).hexdigest()
    assert first.source == f"{GOOD / 'records.jsonl'}:1"


def test_json_list_and_object():
    docs = list(read_documents([GOOD / "records.json", GOOD / "single.json"]))
    assert [d.id for d in docs[:2]] == ["list-1", "list-2"]
    assert docs[1].url == "https://steppe.example/akhmetov"
    single = docs[2]
    assert single.id.startswith("doc-") and single.title == "Picket ends in fines"
    assert single.published == DateValue("2021-03")


def test_published_argument_overrides_every_source():
    override = DateValue("2020-01")
    docs = list(read_documents([GOOD], published=override))
    assert len(docs) == 12 and all(isinstance(d, Document) for d in docs)
    assert {d.published for d in docs} == {override}


def test_a_json_body_without_a_split_record_is_read_as_one_record():
    body = json.dumps({"id": "api-7", "text": "Police raided the office of a rights group."}).encode()
    doc = normalize(_item(body, "application/json", "https://api.example/7"))
    assert (doc.id, doc.text) == ("api-7", "Police raided the office of a rights group.")
    with pytest.raises(InputError, match="holds 2 JSON records"):
        normalize(_item(b'[{"text": "a"}, {"text": "b"}]', "application/json", "https://api.example/list"))


def test_unknown_media_type_and_empty_item():
    with pytest.raises(InputError, match="unsupported media type 'application/pdf'"):
        normalize(_item(b"%PDF", "application/pdf"))
    with pytest.raises(InputError, match="no bytes and no record"):
        normalize(RawItem(source="feed", data=None, record=None, media_type="text/plain"))


def test_language_guess():
    assert guess_language((FIXTURES / "encodings" / "russian_cp1251.txt").read_bytes().decode("cp1251")) == "ru"
    kazakh = "Алматы қаласының сотı белсендіні үш жылға бас бостандығынан айырды, деп хабарлады оның адвокаты."
    assert guess_language(kazakh) == "kk"
    spanish = ("El periodista fue detenido por la policía el lunes en la capital, según informó su familia a "
               "los medios. La organización pidió su liberación inmediata y denunció que se trata de una represalia.")
    assert guess_language(spanish) == "es"
    assert guess_language((GOOD / "article.txt").read_text(encoding="utf-8")) == "en"
    assert guess_language("Kurz.") == "en"


def test_record_language_wins_over_the_guess():
    doc = normalize(RawItem(source="r:1", data=None, media_type="application/json",
                            record={"text": "Ein Gericht hat den Journalisten verurteilt.", "language": "de"}))
    assert doc.language == "de"


# --- bad input --------------------------------------------------------------------------------------

EXPECTED_PROBLEMS = {
    "bad_date.json": "published date 'sometime last spring' is not a date",
    "bad_front_matter.md": "front matter is not valid YAML",
    "blank.md": "empty",
    "broken.json": "malformed JSON (Invalid control character at line 1 column 42)",
    "empty.txt": "empty",
    "not_records.json": "expected a JSON object",
    "only_scripts.html": "no readable text",
    "picture.txt": "looks binary",
    "short_cp1251.txt": "not valid UTF-8 and no confident encoding guess; re-save the file as UTF-8",
}


def test_every_bad_file_gives_exactly_one_error_and_the_batch_goes_on():
    results = list(read_documents([GOOD / "article.txt", BAD, GOOD / "more"]))
    errors = [r for r in results if isinstance(r, InputError)]
    docs = [r for r in results if isinstance(r, Document)]
    assert [Path(e.source).name for e in errors] == sorted(EXPECTED_PROBLEMS)
    for error in errors:
        assert EXPECTED_PROBLEMS[Path(error.source).name] in error.problem
        assert str(error).startswith(f"{error.source}: ")
    assert [Path(d.source).name for d in docs] == ["article.txt", "nested.txt"]


def test_mixed_jsonl_yields_good_records_around_bad_lines():
    results = list(read_documents([FIXTURES / "mixed.jsonl"]))
    assert [r.id if isinstance(r, Document) else r.source.rsplit(":", 1)[1] for r in results] == [
        "ok-1", "2", "4", "5", "ok-2"]


def test_cp1251_file_is_read_as_russian():
    doc = _one(FIXTURES / "encodings" / "russian_cp1251.txt")
    assert doc.text.startswith("Суд в Таразе приговорил блогера")
    assert (doc.language, doc.meta["encoding"]) == ("ru", "cp1251")


def test_size_limit_passes_through_read_documents(tmp_path):
    (tmp_path / "a.txt").write_text("x" * 50)
    (error,) = read_documents([tmp_path], max_bytes=10)
    assert isinstance(error, InputError) and "over the limit of 10 bytes" in error.problem


# --- the gold corpus --------------------------------------------------------------------------------


def _gold_records() -> list[dict]:
    records = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return records


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_gold_files_parse_with_ids_dates_and_urls_preserved():
    records = {r["id"]: r for r in _gold_records()}
    results = list(read_documents(sorted(CORPUS.glob("*.jsonl"))))
    assert all(isinstance(r, Document) for r in results), [r for r in results if isinstance(r, InputError)]
    assert len(results) == len(records) == 43
    for doc in results:
        record = records[doc.id]
        assert doc.url == record["url"]
        assert (doc.published.value if doc.published else None) == record["published"]
        assert doc.language == record["language"]
        assert doc.text == normalize_text(record["text"]) and doc.text
