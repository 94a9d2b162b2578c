"""Users, roles, argon2id passwords, API tokens and web sessions (tokens hashed at rest), each change audited.

A web session is a row, not just a signed cookie: logging out revokes it, and disabling a user or
changing a password ends every session of theirs at once (``end_sessions``), so a copied cookie dies
with the session it belongs to.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from casewatch.core.errors import ConfigError, NotFoundError, StoreError
from casewatch.review import audit
from casewatch.store import Store
from casewatch.store.tables import USER_ROLES, ApiTokenModel, UserModel, WebSessionModel, utcnow

ROLES = USER_ROLES
_RANK = {role: i for i, role in enumerate(USER_ROLES)}
TOKEN_PREFIX = "cw_"
SESSION_PREFIX = "cws_"
MIN_PASSWORD = 10
# When a token or session was last used is written at most this often: a write per request would
# serialize every page view on SQLite, and "used in the last few minutes" is all an admin needs.
TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str
    disabled: bool = False
    created_at: datetime | None = None

    def can(self, role: str) -> bool:
        """True when this user's role is ``role`` or above (viewer < reviewer < admin)."""
        return not self.disabled and _RANK[self.role] >= _RANK[role]

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "role": self.role, "disabled": self.disabled}


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's RFC 9106 low-memory profile


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _user(row: UserModel) -> User:
    return User(row.id, row.name, row.role, bool(row.disabled), row.created_at)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ConfigError(f"role {role!r} is not one of {', '.join(ROLES)}")


def add_user(store: Store, name: str, role: str, password: str, *, actor: str) -> User:
    """A new user; StoreError if the name is taken, ConfigError for a bad role or a short password."""
    name = name.strip()
    if not name or len(name) > 200:
        raise ConfigError("a user name needs 1 to 200 characters")
    _check_role(role)
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"the password for {name!r} is too short; use at least {MIN_PASSWORD} characters")
    digest = hash_password(password)
    with store.write_session() as session:
        if session.scalar(select(UserModel.id).where(UserModel.name == name)) is not None:
            raise StoreError(f"a user named {name!r} exists already; pick another name")
        row = UserModel(name=name, role=role, password_hash=digest, disabled=False)
        session.add(row)
        session.flush()
        audit(session, actor, "create", "user", row.id, after={"name": name, "role": role})
        return _user(row)


def list_users(store: Store) -> list[User]:
    with store.read_session() as session:
        return [_user(r) for r in session.scalars(select(UserModel).order_by(UserModel.name))]


def get_user(store: Store, user_id: int) -> User | None:
    with store.read_session() as session:
        row = session.get(UserModel, user_id)
        return _user(row) if row is not None and not row.disabled else None


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if ``password`` is theirs (and they are enabled), else None; rehashes outdated hashes."""
    with store.read_session() as session:
        row = session.scalar(select(UserModel).where(UserModel.name == name))
        found = _user(row) if row is not None else None
        digest = row.password_hash if row is not None else None
    if found is None or digest is None:
        # Hash anyway so a missing user takes as long as a wrong password (no name probing by timing).
        _verify(_dummy_hash(), password)
        return None
    if not _verify(digest, password) or found.disabled:
        return None
    if _hasher().check_needs_rehash(digest):
        with store.write_session() as session:
            row = session.get(UserModel, found.id)
            if row is not None:
                row.password_hash = hash_password(password)
    return found


def _verify(digest: str, password: str) -> bool:
    try:
        return _hasher().verify(digest, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(16))


def _user_row(session: Any, name: str) -> UserModel:
    row = session.scalar(select(UserModel).where(UserModel.name == name))
    if row is None:
        raise NotFoundError(f"no user named {name!r}; `casewatch users list` shows them")
    return row  # type: ignore[no-any-return]


def set_password(store: Store, name: str, password: str, *, actor: str) -> int:
    """Give ``name`` a new password and end their web sessions; how many sessions ended."""
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"the password for {name!r} is too short; use at least {MIN_PASSWORD} characters")
    digest = hash_password(password)
    with store.write_session() as session:
        row = _user_row(session, name)
        row.password_hash = digest
        ended = _end_sessions(session, row.id)
        audit(session, actor, "set_password", "user", row.id, after={"sessions_ended": ended})
    return ended


def set_disabled(store: Store, name: str, disabled: bool, *, actor: str) -> int:
    """Disable (or enable) ``name``; disabling ends their web sessions. How many sessions ended.

    A disabled user's API tokens stop working too (``token_user`` checks the user), and come back
    when the user is enabled again unless they were revoked.
    """
    with store.write_session() as session:
        row = _user_row(session, name)
        before = bool(row.disabled)
        row.disabled = disabled
        ended = _end_sessions(session, row.id) if disabled else 0
        if before != disabled:
            audit(session, actor, "disable" if disabled else "enable", "user", row.id,
                  before={"disabled": before}, after={"disabled": disabled, "sessions_ended": ended})
    return ended


def set_role(store: Store, name: str, role: str, *, actor: str) -> User:
    _check_role(role)
    with store.write_session() as session:
        row = _user_row(session, name)
        before = row.role
        row.role = role
        if before != role:
            audit(session, actor, "set_role", "user", row.id, before={"role": before}, after={"role": role})
        return _user(row)


# -- web sessions -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: int
    user: str
    created_at: datetime
    expires_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > utcnow()


def start_web_session(store: Store, user: User, lifetime: timedelta) -> str:
    """A new session for ``user``; its token (for the cookie) is returned once and only its hash kept."""
    token = SESSION_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    with store.write_session() as session:
        session.add(WebSessionModel(user_id=user.id, token_hash=_token_hash(token), created_at=now,
                                    expires_at=now + lifetime, last_seen_at=now))
    return token


def session_user(store: Store, token: str | None) -> User | None:
    """The enabled user of an unrevoked, unexpired session ``token``, else None."""
    if not token or not token.startswith(SESSION_PREFIX):
        return None
    return _holder(store, WebSessionModel, "last_seen_at", _token_hash(token))


def _holder(store: Store, model: type[ApiTokenModel] | type[WebSessionModel], last_use: str,
            digest: str) -> User | None:
    """The enabled user of the live row of ``model`` (a token or a session) whose hash is ``digest``;
    its ``last_use`` column is written at most every TOUCH_EVERY."""
    now = utcnow()
    with store.read_session() as session:
        found = session.execute(
            select(model, UserModel).join(UserModel, UserModel.id == model.user_id).where(model.token_hash == digest)
        ).first()
        if found is None:
            return None
        row, user_row = found
        expired = isinstance(row, WebSessionModel) and row.expires_at <= now
        if row.revoked_at is not None or expired or user_row.disabled or not hmac.compare_digest(row.token_hash, digest):
            return None
        user, row_id, used = _user(user_row), row.id, getattr(row, last_use)
    if used is None or now - used >= TOUCH_EVERY:
        with store.write_session() as session:
            session.execute(update(model).where(model.id == row_id).values({last_use: now}))
    return user


def end_web_session(store: Store, token: str | None) -> bool:
    """Revoke the session ``token`` (logging out); whether there was a live one."""
    if not token or not token.startswith(SESSION_PREFIX):
        return False
    with store.write_session() as session:
        result = session.execute(
            update(WebSessionModel)
            .where(WebSessionModel.token_hash == _token_hash(token), WebSessionModel.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def end_sessions(store: Store, name: str, *, actor: str) -> int:
    """Revoke every live web session of ``name`` ("log out everywhere"); how many there were."""
    with store.write_session() as session:
        row = _user_row(session, name)
        ended = _end_sessions(session, row.id)
        audit(session, actor, "end_sessions", "user", row.id, after={"sessions_ended": ended})
    return ended


def _end_sessions(session: Any, user_id: int) -> int:
    now = utcnow()
    result = session.execute(
        update(WebSessionModel)
        .where(WebSessionModel.user_id == user_id, WebSessionModel.revoked_at.is_(None),
               WebSessionModel.expires_at > now)
        .values(revoked_at=now)
    )
    return int(result.rowcount)


def list_sessions(store: Store, name: str | None = None, *, live_only: bool = True) -> list[SessionInfo]:
    """Web sessions, newest first: live ones only unless ``live_only`` is False."""
    query = (select(WebSessionModel, UserModel.name).join(UserModel, UserModel.id == WebSessionModel.user_id)
             .order_by(WebSessionModel.id.desc()))
    if name is not None:
        query = query.where(UserModel.name == name)
    if live_only:
        query = query.where(WebSessionModel.revoked_at.is_(None), WebSessionModel.expires_at > utcnow())
    with store.read_session() as session:
        if name is not None:
            _user_row(session, name)
        return [SessionInfo(r.id, user, r.created_at, r.expires_at, r.last_seen_at, r.revoked_at)
                for r, user in session.execute(query)]


# -- API tokens ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: int
    user: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def list_tokens(store: Store, name: str | None = None) -> list[TokenInfo]:
    """API tokens (never the tokens themselves), oldest first; of one user when ``name`` is given."""
    query = (select(ApiTokenModel, UserModel.name).join(UserModel, UserModel.id == ApiTokenModel.user_id)
             .order_by(ApiTokenModel.id))
    if name is not None:
        query = query.where(UserModel.name == name)
    with store.read_session() as session:
        if name is not None:
            _user_row(session, name)
        return [TokenInfo(r.id, user, r.name, r.created_at, r.last_used_at, r.revoked_at)
                for r, user in session.execute(query)]



def _token_hash(token: str) -> str:
    # Tokens carry 256 random bits, so a plain SHA-256 at rest is enough (no need for a slow hash).
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, user_name: str, token_name: str, *, actor: str) -> str:
    """A new API token for ``user_name``; the plain token is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.write_session() as session:
        user = session.scalar(select(UserModel).where(UserModel.name == user_name))
        if user is None:
            raise NotFoundError(f"no user named {user_name!r}; add one with `casewatch users add`")
        row = ApiTokenModel(user_id=user.id, name=token_name or "token", token_hash=_token_hash(token))
        session.add(row)
        session.flush()
        audit(session, actor, "create", "token", row.id, after={"user": user_name, "name": row.name})
    return token


def revoke_token(store: Store, token_id: int, *, actor: str) -> None:
    with store.write_session() as session:
        row = session.get(ApiTokenModel, token_id)
        if row is None:
            raise NotFoundError(f"no API token with id {token_id}")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            audit(session, actor, "revoke", "token", token_id)


def token_user(store: Store, token: str) -> User | None:
    """The enabled user owning an unrevoked ``token``, else None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    return _holder(store, ApiTokenModel, "last_used_at", _token_hash(token))
