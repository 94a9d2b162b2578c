"""Users, roles, argon2id passwords and API tokens (hashed at rest), each change audited."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from casewatch.core.errors import ConfigError, NotFoundError, StoreError
from casewatch.review import audit
from casewatch.store import Store
from casewatch.store.tables import USER_ROLES, ApiTokenModel, UserModel, utcnow

ROLES = USER_ROLES
_RANK = {role: i for i, role in enumerate(USER_ROLES)}
TOKEN_PREFIX = "cw_"
MIN_PASSWORD = 10


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


# -- API tokens ---------------------------------------------------------------------------------


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
    digest = _token_hash(token)
    with store.read_session() as session:
        found = session.execute(
            select(ApiTokenModel, UserModel).join(UserModel, UserModel.id == ApiTokenModel.user_id)
            .where(ApiTokenModel.token_hash == digest)
        ).first()
        if found is None:
            return None
        tok, user = found
        if tok.revoked_at is not None or user.disabled or not hmac.compare_digest(tok.token_hash, digest):
            return None
        return _user(user)
