"""URLs and feeds into the store over a real loopback server: stored once, copies skipped, private refused."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from watch_site import Site

from casewatch.ingest.fetch import FetchSettings
from casewatch.sources import SourceSettings, ingest_feed, ingest_urls, is_url, jaccard, shingles
from casewatch.store import Store

# Fictional reports written for these tests.
VERDICT = (
    "ASTANA, March 4, 2025 — A district court in Astana on Monday sentenced the blogger Arman Tulegenov, 29, to "
    "five years in prison on charges of spreading false information. Tulegenov was arrested on October 2, 2024, "
    "after he posted videos about corruption in the city administration. The Steppe Rights Bureau condemned the "
    "verdict and called for his release.\n\n"
    "Tulegenov, who ran a popular channel about local politics, denied the charges in his final statement and "
    "said he had only repeated what residents told him about the contracts for the new bus depot. His lawyer "
    "said the defence was not allowed to question the linguistic expert whose report formed the basis of the "
    "case, and that the appeal would be filed within fifteen days.\n\n"
    "Several dozen supporters waited outside the courthouse during the hearing, which lasted less than two hours. "
    "Police officers checked the documents of people standing near the entrance but detained no one. The city "
    "administration did not answer a request for comment on the videos or on the contracts they describe."
)
SYNDICATED = VERDICT.replace("on Monday", "on Monday, March 3,")  # a wire copy with a small edit
OTHER = (
    "BISHKEK, April 2, 2025 — Police in Bishkek detained the journalist Aidana Temirova on April 1 after she "
    "reported on a land dispute. Prosecutors charged her with calls for mass unrest. Her lawyer said the charge "
    "was retaliation for her reporting."
)
TITLE = "Court jails blogger Arman Tulegenov for five years"


def allowed() -> SourceSettings:
    return SourceSettings(fetch=FetchSettings(allow_private=True, timeout_read=5, timeout_connect=5))


def test_a_page_is_stored_once_then_skipped_by_url(site: Site, db: Store) -> None:
    url = site.page("/news/verdict", TITLE, VERDICT, published="2025-03-04T09:00:00Z")
    [first] = ingest_urls([url], db, allowed())
    assert first.status == "stored" and first.cases == 1 and first.facts > 3
    assert db.counts()["documents"] == 1
    [again] = ingest_urls([url], db, allowed())
    assert again.status == "duplicate" and again.duplicate_of == first.document_key
    assert site.requests.count(("GET", "/news/verdict")) == 1  # the second pass never fetched it
    assert db.counts()["documents"] == 1


def test_redirects_are_followed_and_the_final_url_kept(site: Site, db: Store) -> None:
    target = site.page("/news/verdict", TITLE, VERDICT)
    short = site.redirect("/s/1", target)
    [outcome] = ingest_urls([short], db, allowed())
    assert outcome.status == "stored"
    assert db.get_document(outcome.document_key or "").url == target


def test_a_syndicated_copy_with_small_edits_is_skipped_and_another_story_is_not(site: Site, db: Store) -> None:
    original = site.page("/a/verdict", TITLE, VERDICT)
    copy = site.page("/b/tulegenov-jailed", TITLE, SYNDICATED)
    other = site.page("/a/temirova", "Journalist detained in Bishkek", OTHER)
    outcomes = ingest_urls([original, copy, other], db, allowed())
    assert [o.status for o in outcomes] == ["stored", "duplicate", "stored"]
    assert "near copy" in (outcomes[1].message or "")
    assert outcomes[1].duplicate_of == outcomes[0].document_key


def test_private_addresses_are_refused_by_default_and_the_server_sees_nothing(site: Site, db: Store) -> None:
    url = site.page("/news/verdict", TITLE, VERDICT)
    refused = SourceSettings(fetch=FetchSettings(allow_private=False))
    [outcome] = ingest_urls([url], db, refused)
    assert outcome.status == "failed" and "loopback" in (outcome.message or "")
    assert site.requests == []
    assert db.counts()["documents"] == 0


def test_a_feed_stores_its_items_and_a_second_pass_fetches_no_page(site: Site, db: Store) -> None:
    one = site.page("/n/1", TITLE, VERDICT)
    two = site.page("/n/2", "Journalist detained in Bishkek", OTHER)
    feed = site.feed("/feed.xml", [(TITLE, one, "2025-03-04"), ("Journalist detained in Bishkek", two, "2025-04-02")])
    run = ingest_feed(feed, db, allowed())
    assert run.items == 2 and [o.status for o in run.outcomes] == ["stored", "stored"]
    assert db.get_document(run.outcomes[0].document_key or "").published == "2025-03-04"  # the feed's date
    before = len(site.requests)
    again = ingest_feed(feed, db, allowed())
    assert [o.status for o in again.outcomes] == ["duplicate", "duplicate"]
    assert site.requests[before:] == [("GET", "/feed.xml")]
    seen = ingest_feed(feed, db, allowed(), seen=[o.item or "" for o in run.outcomes])
    assert seen.outcomes == [] and seen.skipped_seen == 2


def test_a_feed_url_given_to_ingest_urls_is_read_as_a_feed(site: Site, db: Store) -> None:
    one = site.page("/n/1", TITLE, VERDICT)
    feed = site.feed("/feed.xml", [(TITLE, one, "2025-03-04")])
    [outcome] = ingest_urls([feed], db, allowed())
    assert outcome.status == "stored" and outcome.source == one
    assert site.requests.count(("GET", "/feed.xml")) == 1  # read as a feed from the same response


def test_a_broken_page_fails_alone(site: Site, db: Store) -> None:
    good = site.page("/n/1", TITLE, VERDICT)
    outcomes = ingest_urls([site.url("/missing"), good], db, allowed())
    assert [o.status for o in outcomes] == ["failed", "stored"]
    assert "404" in (outcomes[0].message or "")


def test_is_url() -> None:
    assert is_url("https://example.org/a") and is_url("HTTP://example.org")
    assert not is_url("reports/a.html") and not is_url("file:///etc/passwd")


_WORDS = st.lists(st.sampled_from(["court", "blogger", "jailed", "appeal", "fine", "ban", "astana", "police"]),
                  min_size=0, max_size=60)


@given(a=_WORDS, b=_WORDS)
def test_jaccard_is_a_symmetric_similarity(a: list[str], b: list[str]) -> None:
    sa, sb = shingles(" ".join(a)), shingles(" ".join(b))
    assert jaccard(sa, sa) == 1.0
    assert jaccard(sa, sb) == jaccard(sb, sa)
    assert 0.0 <= jaccard(sa, sb) <= 1.0


def test_shingles_ignore_case_and_punctuation() -> None:
    assert shingles("The court, on Monday, jailed him.") == shingles("the court on monday jailed HIM")
