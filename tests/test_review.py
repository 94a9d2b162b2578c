"""Review decisions, merge and split, the audit trail and accounts, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text

from casewatch.core.document import Document
from casewatch.core.errors import ConfigError, ConflictError, NotFoundError, OntologyError, StoreError
from casewatch.core.types import DateValue, Span
from casewatch.review import (
    audit_entries,
    get_fact,
    merge_persons,
    review_fact,
    review_queue,
    split_person,
    validate_payload,
)
from casewatch.store import Store
from casewatch.store.tables import ApiTokenModel, UserModel
from casewatch.web import accounts

# Fictional reports written for these tests.
REPORT_1 = ("Police in Shymkent detained blogger Aigerim Sadykova on 3 February 2024. "
            "She was charged with spreading false information.")
REPORT_2 = ("Blogger Aigerim Sadykova was released from custody on 20 May 2024, "
            "her lawyer Nurlan Bekov said.")


def _quote(doc: str, words: str) -> Span:
    start = doc.index(words)
    return Span(start, start + len(words), words)


def seed_case(store: Store, name: str = "Aigerim Sadykova", *, prefix: str = "t") -> dict[str, int]:
    """One person's case (in Kazakhstan) from two fictional reports: detained (in custody), then released (free).

    Returns the ids: case, person, the two documents, and the facts by role.
    """
    from casewatch.resolve.names import name_key
    from casewatch.review import rederive

    r1, r2 = REPORT_1.replace("Aigerim Sadykova", name), REPORT_2.replace("Aigerim Sadykova", name)
    ids: dict[str, int] = {}
    with store.unit_of_work() as uow:
        d1 = uow.add_document(Document(id=f"{prefix}-1", text=r1, title=f"{name} detained",
                                       published=DateValue("2024-02-04")), anchor=None)
        d2 = uow.add_document(Document(id=f"{prefix}-2", text=r2, title=f"{name} released",
                                       published=DateValue("2024-05-21")), anchor=None)
        person = uow.add_person(name, name_key(name), country="KZ")
        case_id = uow.case_for_person(person)
        common = {"case_id": case_id, "extractor": "test", "version": "1"}
        ids["arrest"] = uow.add_fact(document_id=d1, kind="event", span=_quote(r1, "detained"),
                                     payload={"type": "detention", "date": "2024-02-03"}, **common)
        ids["charge"] = uow.add_fact(document_id=d1, kind="charge", span=_quote(r1, "spreading false information"),
                                     payload={"category": "false_information", "text": "spreading false information"},
                                     **common)
        ids["status_1"] = uow.add_fact(document_id=d1, kind="attribute", span=_quote(r1, "detained"),
                                       payload={"name": "status", "value": "in_custody", "as_of": "2024-02-04"},
                                       **common)
        ids["country"] = uow.add_fact(document_id=d1, kind="attribute", span=_quote(r1, "Shymkent"),
                                      payload={"name": "country", "value": "KZ"}, **common)
        ids["release"] = uow.add_fact(document_id=d2, kind="event", span=_quote(r2, "released from custody"),
                                      payload={"type": "release", "date": "2024-05-20"}, **common)
        ids["status_2"] = uow.add_fact(document_id=d2, kind="attribute", span=_quote(r2, "released from custody"),
                                       payload={"name": "status", "value": "free", "as_of": "2024-05-21"}, **common)
        rederive(uow.session, case_id)
    ids.update(case=case_id, person=person, doc_1=d1, doc_2=d2)
    return ids


def test_verify_and_reject_change_the_case_at_once(store: Store) -> None:
    ids = seed_case(store)
    assert store.get_case(ids["case"]).case.status == "free"
    state = get_fact(store, ids["status_2"])
    rejected = review_fact(store, ids["status_2"], "reject", expected_version=state.version_no, actor="rita",
                           reason="the release was reported wrongly")
    assert rejected.review_state == "rejected" and rejected.version_no == state.version_no + 1
    assert store.get_case(ids["case"]).case.status == "in_custody"
    verified = review_fact(store, ids["arrest"], "verify", expected_version=1, actor="rita")
    assert verified.review_state == "verified"
    entries, total = audit_entries(store, target_kind="fact")
    assert total == 2
    assert [(e.actor, e.action, e.target_id) for e in entries] == [("rita", "verify", ids["arrest"]),
                                                                   ("rita", "reject", ids["status_2"])]
    assert entries[1].reason == "the release was reported wrongly"
    assert entries[1].before is not None and entries[1].before["review_state"] == "unreviewed"


def test_edit_is_validated_against_the_ontology(store: Store) -> None:
    ids = seed_case(store)
    with pytest.raises(OntologyError, match="not in ontology"):
        review_fact(store, ids["charge"], "edit", expected_version=1, actor="rita",
                    payload={"category": "jaywalking", "text": "x"})
    with pytest.raises(OntologyError, match="no field"):
        review_fact(store, ids["charge"], "edit", expected_version=1, actor="rita",
                    payload={"category": "extremism", "text": "x", "colour": "red"})
    assert get_fact(store, ids["charge"]).review_state == "unreviewed"  # nothing written
    assert audit_entries(store)[1] == 0
    edited = review_fact(store, ids["charge"], "edit", expected_version=1, actor="rita", reason="misread",
                         payload={"category": "extremism", "text": "spreading false information", "article": "174"})
    assert edited.review_state == "edited" and edited.payload["category"] == "extremism"
    assert store.get_case(ids["case"]).case.charges == ["extremism"]


@pytest.mark.parametrize(("kind", "payload", "message"), [
    ("event", {"type": "arrest", "date": "3 Feb"}, "date"),
    ("sentence", {"kind": "prison", "months": -3}, "whole number"),
    ("attribute", {"name": "status", "value": "asleep"}, "status"),
    ("money", {"kind": "fine", "amount": "lots"}, "number"),
    ("advocacy", {"actor": "X"}, "action"),
])
def test_validate_payload_names_the_bad_field(kind: str, payload: dict, message: str) -> None:
    with pytest.raises(OntologyError, match=message):
        validate_payload(kind, payload)


def test_a_stale_version_is_a_conflict_and_nothing_is_lost(store: Store) -> None:
    ids = seed_case(store)
    review_fact(store, ids["release"], "verify", expected_version=1, actor="ana")
    with pytest.raises(ConflictError, match="changed since you read it"):
        review_fact(store, ids["release"], "reject", expected_version=1, actor="ben")
    assert get_fact(store, ids["release"]).review_state == "verified"
    assert [e.actor for e in audit_entries(store)[0]] == ["ana"]


def test_two_concurrent_reviewers_exactly_one_wins(store: Store) -> None:
    ids = seed_case(store)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(actor: str, action: str) -> None:
        barrier.wait()
        try:
            outcomes[actor] = review_fact(store, ids["status_2"], action, expected_version=1, actor=actor)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            outcomes[actor] = exc

    threads = [threading.Thread(target=decide, args=("ana", "verify")),
               threading.Thread(target=decide, args=("ben", "reject"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [a for a, o in outcomes.items() if not isinstance(o, Exception)]
    losers = [o for o in outcomes.values() if isinstance(o, Exception)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], ConflictError)
    entries, total = audit_entries(store)
    assert total == 1 and entries[0].actor == winners[0]
    final = get_fact(store, ids["status_2"])
    assert final.version_no == 2 and final.review_state == {"ana": "verified", "ben": "rejected"}[winners[0]]


def test_review_queue_puts_status_changes_first_and_drops_decided_facts(store: Store) -> None:
    ids = seed_case(store)
    queue, total = review_queue(store)
    assert total == 6
    assert [f.id for f in queue[:2]] == sorted([ids["arrest"], ids["release"]])
    assert [f.id for f in queue[-2:]] == [ids["charge"], ids["country"]]
    review_fact(store, ids["arrest"], "verify", expected_version=1, actor="ana")
    queue, total = review_queue(store, limit=2, offset=0)
    assert total == 5 and ids["arrest"] not in [f.id for f in queue] and len(queue) == 2


def test_merge_and_split_persons(store: Store) -> None:
    a = seed_case(store, "Aigerim Sadykova", prefix="a")
    b = seed_case(store, "Aigerim Sadykova-Omarova", prefix="b")
    case_id = merge_persons(store, a["person"], b["person"], actor="ana", reason="same blogger")
    assert case_id == a["case"]
    merged = store.get_case(case_id)
    assert len(merged.facts) == 12 and "Aigerim Sadykova-Omarova" in merged.names
    with pytest.raises(NotFoundError):
        store.get_case(b["case"])
    new_case = split_person(store, a["person"], [b["arrest"], b["charge"], b["status_1"]], "Aigerim Omarova",
                            actor="ana", reason="two people after all")
    split = store.get_case(new_case)
    assert {f.id for f in split.facts} == {b["arrest"], b["charge"], b["status_1"]}
    assert split.case.status == "in_custody"
    assert len(store.get_case(case_id).facts) == 9
    actions = [e.action for e in audit_entries(store, target_kind="person")[0]]
    assert actions == ["split", "merge"]
    with pytest.raises(StoreError, match="not facts of"):
        split_person(store, a["person"], [b["arrest"]], "Someone Else", actor="ana")
    with pytest.raises(StoreError, match="cannot exist"):  # an id past the database's integers is refused, not a crash
        split_person(store, a["person"], [2**63], "Someone Else", actor="ana")


def test_audit_log_refuses_updates(store: Store) -> None:
    ids = seed_case(store)
    review_fact(store, ids["arrest"], "verify", expected_version=1, actor="ana")
    with pytest.raises(Exception):  # noqa: B017 - the backend's own error from the trigger
        with store.write_session() as session:
            session.execute(text("UPDATE audit_log SET actor = 'mallory'"))
    assert audit_entries(store)[0][0].actor == "ana"


# -- accounts -----------------------------------------------------------------------------------


def test_users_have_argon2id_hashes_and_roles(store: Store) -> None:
    user = accounts.add_user(store, "rita", "reviewer", "correct horse battery", actor="cli")
    assert user.can("viewer") and user.can("reviewer") and not user.can("admin")
    with store.read_session() as session:
        digest = session.scalar(select(UserModel.password_hash).where(UserModel.name == "rita"))
    assert digest is not None and digest.startswith("$argon2id$") and "correct horse" not in digest
    assert accounts.authenticate(store, "rita", "correct horse battery") == user
    assert accounts.authenticate(store, "rita", "wrong horse battery") is None
    assert accounts.authenticate(store, "nobody", "correct horse battery") is None
    with pytest.raises(StoreError, match="exists already"):
        accounts.add_user(store, "rita", "viewer", "another password", actor="cli")
    with pytest.raises(ConfigError, match="role"):
        accounts.add_user(store, "sam", "owner", "another password", actor="cli")
    with pytest.raises(ConfigError, match="too short"):
        accounts.add_user(store, "sam", "viewer", "short", actor="cli")
    assert [u.name for u in accounts.list_users(store)] == ["rita"]
    assert [e.action for e in audit_entries(store, target_kind="user")[0]] == ["create"]


def test_tokens_are_hashed_at_rest_and_revocable(store: Store) -> None:
    accounts.add_user(store, "ana", "admin", "a long enough password", actor="cli")
    token = accounts.create_token(store, "ana", "laptop", actor="cli")
    with store.read_session() as session:
        token_id, token_hash = session.execute(select(ApiTokenModel.id, ApiTokenModel.token_hash)).one()
    assert token not in token_hash and len(token_hash) == 64
    user = accounts.token_user(store, token)
    assert user is not None and user.name == "ana"
    assert accounts.token_user(store, token + "x") is None
    accounts.revoke_token(store, token_id, actor="ana")
    assert accounts.token_user(store, token) is None
    with pytest.raises(NotFoundError):
        accounts.create_token(store, "nobody", "x", actor="cli")
