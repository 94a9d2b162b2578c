"""Dossiers from a real store: hostile names, titles, quotes and URLs stay text; every fact keeps its citation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from casewatch.cli import main
from casewatch.core.document import Document
from casewatch.core.types import DateValue, Span
from casewatch.export.dossier import dossier_filename, md_escape, render_dossier
from casewatch.store import Store, open_store
from casewatch.store.tables import FactModel

NAME = 'Kel <script>alert("name")</script> [Mo](javascript:alert(1)) *Vance*'
TITLE = '<img src=x onerror=alert("title")> Court | jails `blogger` & more'
QUOTE = 'sentenced him to five years <script>alert("quote")</script> in a [penal](javascript:x) colony'
ACTOR = "Rights </div><iframe src=//evil.example> Bureau"
BODY = (f"On 3 March 2025 a court in Varenburg {QUOTE}. He was arrested on 2 October 2024 at his home. "
        f"The {ACTOR} condemned the verdict. The court also fined him 500,000 tenge.")


def _seed(store: Store) -> int:
    text = TITLE + "\n\n" + BODY
    doc = Document(id="hostile-1", text=text, title=TITLE, url='https://news.example.org/a?q="><script>x</script>',
                   published=DateValue("2025-03-04"))
    other = Document(id="hostile-2", text="Second report: he was transferred to a colony on 9 April 2025.",
                     title="Second report", url="javascript:alert('url')", published=DateValue("2025-04-10"))

    def span(of: str, within: str) -> Span:
        start = within.index(of)
        return Span(start, start + len(of), of)

    with store.unit_of_work() as uow:
        doc_id = uow.add_document(doc, anchor=None)
        other_id = uow.add_document(other, anchor=None)
        person = uow.add_person(NAME, "kel mo vance", country="KZ",
                                attributes={"age": 30, "occupation": ["blogger"], "phone": "+7 700 1"})
        case = uow.case_for_person(person)
        add = uow.add_fact
        add(case_id=case, document_id=doc_id, kind="sentence", payload={"kind": "prison", "months": 60},
            span=span(QUOTE, text), extractor="test", version="1")
        add(case_id=case, document_id=doc_id, kind="event", payload={"type": "arrest", "date": "2024-10-02"},
            span=span("arrested on 2 October 2024", text), extractor="test", version="1")
        add(case_id=case, document_id=doc_id, kind="event",
            payload={"type": "conviction", "date": "2025-03-03", "court": "<b>Court</b>"},
            span=span("a court in Varenburg", text), extractor="test", version="1")
        add(case_id=case, document_id=doc_id, kind="advocacy", payload={"actor": ACTOR, "action": "condemn"},
            span=span(f"The {ACTOR} condemned the verdict.", text), extractor="test", version="1")
        add(case_id=case, document_id=doc_id, kind="money", payload={"kind": "fine", "amount": 500000,
                                                                      "currency": "KZT"},
            span=span("fined him 500,000 tenge", text), extractor="test", version="1")
        rejected = add(case_id=case, document_id=other_id, kind="event", payload={"type": "release"},
                       span=span("Second report", other.text), extractor="test", version="1")
        add(case_id=case, document_id=other_id, kind="event", payload={"type": "transfer", "date": "2025-04-09"},
            span=span("transferred to a colony on 9 April 2025", other.text), extractor="test", version="1")
        uow.set_case_derived(case, status="in_custody", status_date="2024-10-02", country="KZ", summary={})
    with store.write_session() as session:
        fact = session.get(FactModel, rejected)
        assert fact is not None
        fact.review_state = "rejected"
        verified = session.query(FactModel).filter(FactModel.kind == "sentence").one()
        verified.review_state = "verified"
    return case


@pytest.fixture
def db(tmp_path: Path) -> Iterator[tuple[Store, int, str]]:
    url = f"sqlite:///{tmp_path / 'cw.db'}"
    with open_store(url) as store:
        yield store, _seed(store), url


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_dossier_escapes_everything_hostile(db: tuple[Store, int, str]) -> None:
    store, case, _ = db
    html = render_dossier(store.get_case(case), "html")
    parsed = _Elements()
    parsed.feed(html)
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & {"script", "img", "iframe", "b"}
    for _tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("#", "https://", "http://")), href
    text = "".join(parsed.text)
    for hostile in (NAME, TITLE, QUOTE, ACTOR):
        assert hostile in text  # shown as the words they are
    assert "javascript:alert('url')" not in html.replace("&#39;", "'").split("<body>")[1].split("Sources")[0]
    assert not any(attrs.get("href", "").startswith("javascript") for _, attrs in parsed.tags)


def test_html_dossier_is_printable_and_cites_every_fact(db: tuple[Store, int, str]) -> None:
    store, case, _ = db
    html = render_dossier(store.get_case(case), "html")
    assert "@media print" in html and "@page" in html
    assert "Content-Security-Policy" in html
    assert html.count('class="fact"') == 6  # every fact but the rejected one
    assert "1 fact(s) rejected by reviewers are left out" in html
    assert "verified" in html and "unreviewed" in html
    assert "news.example.org" in html and "2025-03-04" in html
    assert "+7 700 1" not in html  # a private attribute
    timeline = html.split('id="timeline"')[1].split("</section>")[0]
    dates = re.findall(r'class="date">([^<]+)<', timeline)
    assert dates == ["2024-10-02", "2025-03-03", "2025-04-09"]
    assert "release" not in timeline


def test_markdown_dossier_escapes_everything_hostile(db: tuple[Store, int, str]) -> None:
    store, case, _ = db
    md = render_dossier(store.get_case(case), "md")
    assert "<script" not in md and "<img" not in md and "<iframe" not in md and "<b>" not in md
    assert not re.search(r"(?<!\\)\]\(javascript", md) and "<javascript" not in md  # every "]" escaped
    assert "&lt;script&gt;alert(\"quote\")&lt;/script&gt;" in md
    assert "\\[penal\\](javascript:x)" in md
    assert "\\*Vance\\*" in md
    assert "<https://news.example.org/a?q=%22%3E%3Cscript%3Ex%3C/script%3E>" in md
    assert "## Timeline" in md and "## Advocacy record" in md and "## Sources" in md
    assert md.count("> “") == 6


def test_md_escape_leaves_plain_text_alone() -> None:
    assert md_escape("Arman Tulegenov, 29, sentenced (approx.)") == "Arman Tulegenov, 29, sentenced (approx.)"
    assert md_escape("a_b*c`d|e") == "a\\_b\\*c\\`d\\|e"
    assert md_escape(None) == ""


def test_cli_dossier_writes_an_id_named_file(db: tuple[Store, int, str], tmp_path: Path) -> None:
    _, case, url = db
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["--db", url, "dossier", str(case), "--format", "md", "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    written = out / dossier_filename(case, "md")
    assert written.name == f"case-{case}-dossier.md" and [p.name for p in out.iterdir()] == [written.name]
    assert "## Every fact, with its source" in written.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", url, "dossier", str(case)], catch_exceptions=False)
    assert result.stdout.startswith("<!DOCTYPE html>")
