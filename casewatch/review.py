"""Human review of facts (verify, reject, edit), person merge and split, and the audit trail.

The CLI and the web share these functions. Every mutation writes its audit row
in the same transaction as the change, checks the fact's ``version_no`` the
editor read (ConflictError when someone else changed it first), and re-derives
the touched cases at once so the case view reflects the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from casewatch.core import ontology
from casewatch.core.errors import NotFoundError, OntologyError, StoreError
from casewatch.core.types import DateValue
from casewatch.process import rederive as derive_stored_case
from casewatch.store import Store, UnitOfWork
from casewatch.store.repository import expect_version
from casewatch.store.tables import AuditModel, CaseModel, FactModel, PersonModel, PersonNameModel, utcnow

ACTIONS: tuple[str, ...] = ("verify", "reject", "edit")
_STATE_OF = {"verify": "verified", "reject": "rejected", "edit": "edited"}
MAX_REASON = 2000

# Facts whose error costs most come first in the queue: status-changing events, then sentences.
_STATUS_EVENTS = ("arrest", "detention", "conviction", "release", "house_arrest", "death", "exile",
                  "pardon", "acquittal", "disappearance", "deportation", "extradition")


@dataclass(slots=True)
class FactState:
    """A fact as a reviewer sees it, with the version to send back with a decision."""

    id: int
    case_id: int | None
    document_id: int
    kind: str
    payload: dict[str, Any]
    start: int
    end: int
    quote: str
    review_state: str
    version_no: int
    extractor: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "case_id": self.case_id, "document_id": self.document_id, "kind": self.kind,
            "payload": dict(self.payload), "span": {"start": self.start, "end": self.end, "quote": self.quote},
            "review_state": self.review_state, "version": self.version_no, "extractor": self.extractor,
        }


@dataclass(slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target_kind: str
    target_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "target_kind": self.target_kind, "target_id": self.target_id, "before": self.before,
                "after": self.after, "reason": self.reason}


def _state(row: FactModel) -> FactState:
    return FactState(row.id, row.case_id, row.document_id, row.kind, dict(row.payload or {}), row.start, row.end,
                     row.quote, row.review_state, row.version_no, row.extractor)


def audit(session: Session, actor: str, action: str, target_kind: str, target_id: int | None, *,
          before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
          reason: str | None = None) -> None:
    """Append one audit row inside the caller's transaction (so it stands or falls with the change)."""
    if not actor or not actor.strip():
        raise StoreError(f"audit row for {action} {target_kind} {target_id} needs an actor name")
    session.add(AuditModel(actor=actor, action=action, target_kind=target_kind, target_id=target_id,
                           before=before, after=after, reason=_reason(reason)))
    session.flush()


def _reason(reason: str | None) -> str | None:
    if reason is None or not reason.strip():
        return None
    if len(reason) > MAX_REASON:
        raise StoreError(f"a reason of {len(reason)} characters is too long; keep it under {MAX_REASON}")
    return reason.strip()


# -- payload validation -------------------------------------------------------------------------

_CODES: dict[str, dict[str, tuple[str, ...]]] = {
    "event": {"type": ontology.EVENT_TYPES, "outcome": ontology.APPEAL_OUTCOMES},
    "charge": {"category": ontology.CHARGE_CATEGORIES},
    "sentence": {"kind": ontology.SENTENCE_KINDS},
    "restriction": {"activity": ontology.RESTRICTION_ACTIVITIES},
    "money": {"kind": ontology.MONEY_KINDS},
    "advocacy": {"action": ontology.ADVOCACY_ACTIONS},
}
_REQUIRED = {"event": ("type",), "charge": ("category", "text"), "sentence": ("kind",),
             "restriction": ("activity",), "money": ("kind",), "advocacy": ("actor", "action"),
             "attribute": ("name", "value")}
_TEXT = {"place", "court", "text", "article", "currency", "actor", "speaker", "quote", "name", "as_of", "since"}
_INTS = {"months", "days", "probation_months"}
_NUMBERS = {"amount", "usd"}
_BOOLS = {"approximate", "in_absentia", "suspended"}
_DATES = {"date", "as_of", "since"}
_ALLOWED = {
    "event": {"type", "date", "approximate", "place", "court", "outcome", "in_absentia"},
    "charge": {"category", "text", "article"},
    "sentence": {"kind", "months", "days", "suspended", "in_absentia", "probation_months"},
    "restriction": {"activity", "months"},
    "money": {"kind", "amount", "currency", "usd"},
    "advocacy": {"actor", "action", "speaker", "date", "quote", "cases"},
    "attribute": {"name", "value", "as_of", "since"},
}


def validate_payload(kind: str, payload: Any) -> dict[str, Any]:
    """The payload if it is a valid ``kind`` fact under the ontology; OntologyError naming the field if not."""
    if kind not in _ALLOWED:
        raise OntologyError(f"fact kind {kind!r} is not one of {ontology.FACT_KINDS}")
    if not isinstance(payload, dict):
        raise OntologyError(f"a {kind} payload must be an object of fields, not {type(payload).__name__}")
    unknown = sorted(set(payload) - _ALLOWED[kind])
    if unknown:
        raise OntologyError(f"{kind} has no field(s) {unknown}; allowed: {sorted(_ALLOWED[kind])}")
    for key in _REQUIRED[kind]:
        if payload.get(key) in (None, ""):
            raise OntologyError(f"a {kind} needs {key!r}")
    out: dict[str, Any] = {}
    for key, value in payload.items():
        if value is None:
            continue
        allowed = _CODES.get(kind, {}).get(key)
        if allowed is not None and value not in allowed:
            raise OntologyError(f"{kind} {key} {value!r} is not in ontology v{ontology.ONTOLOGY_VERSION}")
        if key in _DATES:
            if not isinstance(value, str):
                raise OntologyError(f"{kind} {key} must be a date string YYYY, YYYY-MM or YYYY-MM-DD")
            DateValue(value)
        elif key in _BOOLS and not isinstance(value, bool):
            raise OntologyError(f"{kind} {key} must be true or false, not {value!r}")
        elif key in _INTS and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise OntologyError(f"{kind} {key} must be a whole number of 0 or more, not {value!r}")
        elif key in _NUMBERS and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
            raise OntologyError(f"{kind} {key} must be a number of 0 or more, not {value!r}")
        elif key in _TEXT and key != "name" and not isinstance(value, str):
            raise OntologyError(f"{kind} {key} must be text, not {value!r}")
        elif key == "cases" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise OntologyError(f"{kind} cases must be a list of names")
        out[key] = value
    if kind == "attribute":
        _validate_attribute(out)
    return out


def _validate_attribute(payload: dict[str, Any]) -> None:
    name, value = payload["name"], payload["value"]
    if name == "status" and value not in ontology.STATUSES:
        raise OntologyError(f"status {value!r} is not one of {ontology.STATUSES}")
    if name == "age" and (isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 130):
        raise OntologyError(f"age {value!r} must be a whole number of years between 1 and 129")
    if name == "country" and not (isinstance(value, str) and len(value) == 2 and value.isalpha()):
        raise OntologyError(f"country {value!r} must be a two-letter ISO code such as KZ")


# -- decisions on facts -------------------------------------------------------------------------


def get_fact(store: Store, fact_id: int) -> FactState:
    with store.read_session() as session:
        row = session.get(FactModel, fact_id)
        if row is None:
            raise NotFoundError(f"no fact with id {fact_id}; find fact ids on a case page or in the review queue")
        return _state(row)


def review_fact(store: Store, fact_id: int, action: str, *, expected_version: int, actor: str,
                reason: str | None = None, payload: dict[str, Any] | None = None) -> FactState:
    """Verify, reject or edit one fact, if it is still at ``expected_version``; returns its new state.

    ``payload`` is required for (and only for) "edit", and is validated against the ontology.
    """
    if action not in ACTIONS:
        raise StoreError(f"review action {action!r} is not one of {ACTIONS}")
    if (payload is not None) != (action == "edit"):
        raise StoreError("an edit needs the corrected payload; verify and reject take none")
    with store.write_session() as session:
        row = session.get(FactModel, fact_id)
        if row is None:
            raise NotFoundError(f"no fact with id {fact_id}; it may have been removed by a merge or re-extraction")
        expect_version(row, expected_version)
        before = {"review_state": row.review_state, "payload": dict(row.payload or {}), "version": row.version_no}
        if action == "edit":
            row.payload = validate_payload(row.kind, payload)
        row.review_state = _STATE_OF[action]
        session.flush()  # the versioned UPDATE: a concurrent winner makes this raise ConflictError
        after = {"review_state": row.review_state, "payload": dict(row.payload or {}), "version": row.version_no}
        audit(session, actor, action, "fact", row.id, before=before, after=after, reason=reason)
        if row.case_id is not None:
            rederive(session, row.case_id)
        return _state(row)


def rederive(session: Session, case_id: int) -> None:
    """Recompute a case's stored view from its facts (after a decision, merge or split)."""
    derive_stored_case(UnitOfWork(session), case_id)
    # updated_at orders the case list by latest development; the ORM onupdate covers changed fields only.
    session.execute(update(CaseModel).where(CaseModel.id == case_id).values(updated_at=utcnow()))


def review_queue(store: Store, *, limit: int = 50, offset: int = 0) -> tuple[list[FactState], int]:
    """Unreviewed facts, most consequential first (status-changing events, sentences, …); and their total."""
    priority = case(
        (FactModel.kind == "event", case((FactModel.payload["type"].as_string().in_(_STATUS_EVENTS), 0), else_=3)),
        (FactModel.kind == "sentence", 1),
        (FactModel.kind == "attribute", case((FactModel.payload["name"].as_string() == "status", 2), else_=6)),
        (FactModel.kind == "charge", 4),
        (FactModel.kind.in_(("restriction", "money")), 5),
        else_=7,
    )
    where = (FactModel.review_state == "unreviewed", FactModel.case_id.is_not(None))
    with store.read_session() as session:
        total = session.scalar(select(func.count()).select_from(FactModel).where(*where)) or 0
        rows = session.scalars(select(FactModel).where(*where).order_by(priority, FactModel.id)
                               .limit(limit).offset(offset))
        return [_state(r) for r in rows], total


# -- persons ------------------------------------------------------------------------------------


def _case_of_person(session: Session, person_id: int) -> CaseModel:
    case_row = session.scalar(select(CaseModel).where(CaseModel.person_id == person_id))
    if case_row is None:
        raise NotFoundError(f"no person with id {person_id} (or no case for them); see the case list")
    return case_row


def merge_persons(store: Store, keep_id: int, other_id: int, *, actor: str, reason: str | None = None) -> int:
    """Fold person ``other_id`` into ``keep_id``: names and facts move, the other case goes; returns the case id."""
    if keep_id == other_id:
        raise StoreError(f"cannot merge person {keep_id} with itself; pick two different persons")
    with store.write_session() as session:
        keep_case, other_case = _case_of_person(session, keep_id), _case_of_person(session, other_id)
        keep, other = session.get(PersonModel, keep_id), session.get(PersonModel, other_id)
        assert keep is not None and other is not None
        known = set(session.scalars(select(PersonNameModel.name).where(PersonNameModel.person_id == keep_id)))
        names = list(session.scalars(select(PersonNameModel).where(PersonNameModel.person_id == other_id)))
        for name in names:
            if name.name in known:
                session.delete(name)
            else:
                name.person_id = keep_id
        moved = list(session.scalars(select(FactModel.id).where(FactModel.case_id == other_case.id)))
        session.execute(update(FactModel).where(FactModel.case_id == other_case.id)
                        .values(case_id=keep_case.id, version_no=FactModel.version_no + 1))
        if not keep.country and other.country:
            keep.country = other.country
        session.flush()
        audit(session, actor, "merge", "person", keep_id,
              before={"persons": [keep_id, other_id], "cases": [keep_case.id, other_case.id],
                      "names": [n.name for n in names]},
              after={"person": keep_id, "case": keep_case.id, "moved_facts": moved}, reason=reason)
        session.expire_all()
        UnitOfWork(session).drop_case_if_empty(other_case.id)
        rederive(session, keep_case.id)
        return keep_case.id


def split_person(store: Store, person_id: int, fact_ids: list[int], name: str, *, actor: str,
                 reason: str | None = None) -> int:
    """Move ``fact_ids`` of a wrongly merged person to a new person called ``name``; returns the new case id."""
    from casewatch.resolve.names import name_key

    key = name_key(name or "")
    if not key:
        raise StoreError(f"the new person's name {name!r} has no letters; give their name")
    if not fact_ids:
        raise StoreError("a split needs the ids of the facts that belong to the other person")
    if any(not 0 < i < 2**31 for i in fact_ids):
        raise StoreError(f"fact ids {sorted(fact_ids)[:5]} include one that cannot exist; fact ids are positive")
    with store.write_session() as session:
        source = _case_of_person(session, person_id)
        owned = set(session.scalars(select(FactModel.id).where(FactModel.case_id == source.id,
                                                               FactModel.id.in_(fact_ids))))
        foreign = sorted(set(fact_ids) - owned)
        if foreign:
            raise StoreError(f"fact(s) {foreign} are not facts of person {person_id}'s case {source.id}")
        person = session.get(PersonModel, person_id)
        assert person is not None
        uow = UnitOfWork(session)
        new_person = uow.add_person(name.strip(), key, country=person.country)
        new_case = uow.case_for_person(new_person)
        session.execute(update(FactModel).where(FactModel.id.in_(sorted(owned)))
                        .values(case_id=new_case, version_no=FactModel.version_no + 1))
        # The name form moves with its person when the old one was known by it.
        session.execute(update(PersonNameModel).where(PersonNameModel.person_id == person_id,
                                                      PersonNameModel.key == key).values(person_id=new_person)
                        .execution_options(synchronize_session=False))
        audit(session, actor, "split", "person", person_id,
              before={"person": person_id, "case": source.id},
              after={"new_person": new_person, "new_case": new_case, "moved_facts": sorted(owned), "name": name},
              reason=reason)
        session.expire_all()
        rederive(session, new_case)
        rederive(session, source.id)
        return new_case


# -- the audit trail ------------------------------------------------------------------------------


def audit_entries(store: Store, *, limit: int = 50, offset: int = 0, target_kind: str | None = None,
                  target_id: int | None = None, actor: str | None = None) -> tuple[list[AuditEntry], int]:
    """Audit rows, newest first, optionally for one target or one actor; and their total."""
    where = []
    if target_kind:
        where.append(AuditModel.target_kind == target_kind)
    if target_id is not None:
        where.append(AuditModel.target_id == target_id)
    if actor:
        where.append(AuditModel.actor == actor)
    with store.read_session() as session:
        total = session.scalar(select(func.count()).select_from(AuditModel).where(*where)) or 0
        rows = session.scalars(select(AuditModel).where(*where).order_by(AuditModel.id.desc())
                               .limit(limit).offset(offset))
        return [AuditEntry(r.id, r.at, r.actor, r.action, r.target_kind, r.target_id, r.before, r.after, r.reason)
                for r in rows], total
