"""Fuzzing the HTTP API from its own OpenAPI document with schemathesis.

Every operation gets a bounded number of generated requests (valid and invalid), with a valid
admin key, on a fixed seed: none may get a 5xx, and every answer must have a documented status,
content type and body shape. The /registry operations are fuzzed a second time with the key of an
officer holding every registry role, so the requests get past the role check.

Each operation is an ordinary pytest item (``pytest.mark.parametrize`` over the schema's operations),
not one of the items schemathesis's own pytest decorator makes: under pytest-xdist those reported 2
of the 113 operations and ran none of the rest. Each item runs schemathesis's phases for its
operation (the documented examples, coverage, fuzzing) and fails if no request was sent; another
test checks that the items are exactly the operations the OpenAPI document has.
"""

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.feedback import FeedbackSources

# What schemathesis's pytest decorator builds for each operation (same phases, per-operation seed):
# private modules, so a schemathesis upgrade may move them; the test fails at import if it does.
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.python._constants.orchestrator import make_constants_value_source
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api_support import load_bundled
from magnitsky.api.app import create_app
from magnitsky.api.keys import Role
from magnitsky.cases.users import Users
from magnitsky.registry.roles import ROLES
from magnitsky.settings import ServiceSettings, Settings, StoreSettings
from registry_support import evidence_file, nomination
from reviewers import bind_key, enrol

pytestmark = pytest.mark.slow  # fuzzes the API: .ci/run runs it, `pytest -m "not slow"` leaves it out

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# POST /admin/reload?wait=true answers once the index is rebuilt, which takes longer than schemathesis's
# 10 s default on a busy machine (seen under load): the wait is the documented behaviour, not a hang.
REQUEST_TIMEOUT_SECONDS = 300
FUZZING = settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _target():
    """The app over a fresh store with the bundled lists, its index loaded, and an admin key.
    Built at import: the items are the operations of the app's OpenAPI document."""
    home = Path(tempfile.mkdtemp(prefix="magnitsky-fuzz-"))
    url = f"sqlite:///{home / 'magnitsky.db'}"
    load_bundled(url)
    service = ServiceSettings(reload_poll_seconds=0, rate=1e6, burst=1e6)
    app = create_app(Settings(StoreSettings(home, url), service=service))
    app.state.holder.start()
    assert app.state.holder.wait(300)  # the index is built in a child process: slow on a busy machine
    _, key = app.state.keys.create("fuzzer-8c1f3a", Role.ADMIN, "test")
    return app, {"Authorization": f"ApiKey {key}"}


APP, HEADERS = _target()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
OPERATIONS = [result.ok() for result in schema.get_all_operations()]  # .ok() raises on an unreadable operation
REGISTRY_OPERATIONS = [operation for operation in OPERATIONS if operation.path.startswith("/registry")]


def fuzz(operation, headers: dict[str, str]) -> None:
    """Schemathesis's phases for one operation, every generated request sent with ``headers`` and
    checked; fails if none was sent (an operation silently left unexercised)."""
    sent = []

    def call_and_validate(case):
        sent.append(case)
        case.call_and_validate(headers=headers, checks=CHECKS, timeout=REQUEST_TIMEOUT_SECONDS)

    build_operation_test(
        config=schema.config,
        operation=operation,
        test_func=call_and_validate,
        given_kwargs={},
        feedback=FeedbackSources(constants_value_source=make_constants_value_source(schema)),
        explicit_settings=FUZZING,
    )()
    assert sent, f"{operation.label}: no request was sent"


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_no_server_errors_and_answers_as_documented(operation):
    fuzz(operation, HEADERS)


def _registry_officer(app):
    """Headers with the key of an officer holding every registry role, over a store holding a
    nomination at each id the fuzzer is likely to try (1, 2), so generated requests reach the
    registry's own checks, not only the role check."""
    registry = app.state.registry
    users = Users(registry.engine)
    enrol(users, "officer-fuzz", "analyst")
    for role in ROLES:
        registry.roles.grant("officer-fuzz", role, by="test")
    officer = registry.roles.officer("officer-fuzz")
    for _ in range(2):
        registry.nominate(nomination(), officer, evidence=[evidence_file("medical_report.pdf")])
    key = bind_key(app.state.keys, users, "key-officer-fuzz", Role.ANALYST, "officer-fuzz")
    return {"Authorization": f"ApiKey {key}"}


REGISTRY_HEADERS = _registry_officer(APP)


@pytest.mark.parametrize("operation", REGISTRY_OPERATIONS, ids=lambda operation: operation.label)
def test_registry_operations_as_an_officer_with_every_role(operation):
    fuzz(operation, REGISTRY_HEADERS)


def test_every_operation_of_the_openapi_document_is_an_item_of_its_own():
    """The items above are the operations the app documents, each once, so none goes unfuzzed."""
    documented = sorted(
        f"{method.upper()} {path}"
        for path, methods in APP.openapi()["paths"].items()
        for method in methods
        if method in HTTP_METHODS
    )
    assert sorted(operation.label for operation in OPERATIONS) == documented
    registry = [label for label in documented if label.split(" ", 1)[1].startswith("/registry")]
    assert sorted(operation.label for operation in REGISTRY_OPERATIONS) == registry
    assert len(documented) > len(registry) > 0
