"""schemathesis against the API's OpenAPI schema: generated requests never make the server fail."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from test_review import seed_case  # noqa: E402

from casewatch.store import open_store  # noqa: E402
from casewatch.web import accounts  # noqa: E402
from casewatch.web.app import create_app  # noqa: E402


def _app():  # type: ignore[no-untyped-def]
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    # schemathesis needs the app when the module loads, before any fixture; the folder goes at exit.
    folder = Path(tempfile.mkdtemp(prefix="casewatch-schema-"))
    store = open_store(f"sqlite:///{folder / 'casewatch.db'}")
    atexit.register(shutil.rmtree, folder, True)
    atexit.register(store.close)
    seed_case(store)
    accounts.add_user(store, "ada", "admin", "schema password 123", actor="test")
    token = accounts.create_token(store, "ada", "schemathesis", actor="test")
    return create_app(store, secret="schema"), token


APP, TOKEN = _app()
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code >= 400:
        body = response.json()
        assert body["error"]["message"], body  # every refusal says what went wrong
