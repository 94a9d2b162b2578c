"""Request and response shapes of the API (documented in its OpenAPI schema)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    details: Any = None


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in ((400, "Refused"), (401, "Not logged in"), (403, "Role too low or CSRF token missing"),
                       (404, "Not found"), (409, "Changed by someone else first"), (422, "Invalid input"))
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class ReviewIn(Strict):
    action: Literal["verify", "reject", "edit"]
    version: int = Field(ge=1, le=2**31 - 1, description="the fact's version as read; a stale one gives 409")
    reason: str | None = Field(default=None, max_length=2000)
    payload: dict[str, Any] | None = Field(default=None, description="the corrected fields, for edit only")


class MergeIn(Strict):
    other_id: int = Field(ge=1, le=2**31 - 1, description="the person folded into this one")
    reason: str | None = Field(default=None, max_length=2000)


class SplitIn(Strict):
    fact_ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(min_length=1, max_length=10_000)
    name: str = Field(min_length=1, max_length=300, description="the new person's name")
    reason: str | None = Field(default=None, max_length=2000)


class TextIn(Strict):
    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, max_length=40, description="YYYY-MM-DD, YYYY-MM or YYYY")


class Paged(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
