"""Keys, roles, rate limits and bad input over HTTP, and the `magnitsky keys` commands."""

import json

import pytest
from typer.testing import CliRunner

from api_support import KLYUEV, running_api
from magnitsky.cli import app as cli
from magnitsky.store import AuditLog

BODY = {"queries": {"q": KLYUEV}}


@pytest.fixture
def api(database_url, tmp_path):
    with running_api(database_url, tmp_path, rate=5.0, burst=5.0) as api:
        yield api


def test_requests_without_a_valid_key_get_401(api):
    for headers in (
        {},
        {"Authorization": "ApiKey nonsense"},
        {"X-API-Key": "mgk_000000000000_" + "a" * 43},
        {"Authorization": "ApiKey " + api.keys["screener"][:-1] + "x"},
    ):
        response = api.client.post("/match/default", json=BODY, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"] == "ApiKey" and "API key" in response.json()["detail"]
    for path in ("/catalog", "/entities/ofac_sdn:16399", "/search/default?q=x", "/admin/keys"):
        assert api.client.get(path).status_code == 401, path
    assert api.client.get("/healthz").status_code == 200  # operations need no key


def test_every_way_of_sending_the_key_works(api):
    key = api.keys["screener"]
    for headers in ({"Authorization": f"ApiKey {key}"}, {"Authorization": f"Bearer {key}"}, {"X-API-Key": key}):
        assert api.client.post("/match/default", json=BODY, headers=headers).status_code == 200


def test_roles(api):
    assert api.get("/admin/keys", role="supervisor").status_code == 403
    assert "has role screener; this needs admin" in api.get("/admin/keys", role="screener").json()["detail"]
    listed = api.get("/admin/keys", role="admin").json()
    assert {k["name"]: k["role"] for k in listed}["test-analyst"] == "analyst"
    assert all("key" not in k and "secret_hash" not in k for k in listed)
    assert api.post("/match/default", BODY, role="admin").status_code == 200  # higher roles may screen


def test_keys_created_and_revoked_over_http_take_effect_and_are_audited(api):
    created = api.post("/admin/keys", {"name": "bank-onboarding", "role": "screener"}, role="admin")
    assert created.status_code == 201
    key = created.json()["key"]
    headers = {"Authorization": f"ApiKey {key}"}
    assert api.client.post("/match/default", json=BODY, headers=headers).status_code == 200
    assert api.post("/admin/keys", {"name": "bank-onboarding", "role": "admin"}, role="admin").status_code == 409
    assert api.post("/admin/keys", {"name": "x", "role": "king"}, role="admin").status_code == 422
    assert api.client.delete("/admin/keys/bank-onboarding", headers=api.headers("admin")).json()["revoked_at"]
    assert api.client.post("/match/default", json=BODY, headers=headers).status_code == 401
    actions = [(r.action, r.actor) for r in AuditLog(api.app.state.store.engine).records("apikey:bank-onboarding")]
    assert actions == [
        ("apikey.create", "api:test-admin"),
        ("screen.match", "api:bank-onboarding"),
        ("apikey.revoke", "api:test-admin"),
    ]
    stored = api.app.state.store.engine.connect().exec_driver_sql("SELECT * FROM api_keys").fetchall()
    secret = key.split("_", 2)[2]  # mgk_<id>_<secret>: the secret itself may contain "_"
    assert key not in repr(stored) and secret not in repr(stored)  # only a hash is kept


def test_rate_limit_per_key(api):
    headers = api.slow_refill_key("slow-refill")
    codes = [api.client.get("/catalog", headers=headers).status_code for _ in range(8)]
    assert codes[:5] == [200] * 5 and codes[-1] == 429
    limited = api.client.get("/catalog", headers=headers)
    assert int(limited.headers["Retry-After"]) >= 1 and "over its rate" in limited.json()["detail"]
    assert api.get("/catalog", role="analyst").status_code == 200  # other keys have their own bucket


@pytest.mark.parametrize(
    "body, status, message",
    [
        (b'{"queries": {"q": ', 400, "not valid JSON"),
        (b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["x"]}}}} trailing', 400, "not valid JSON"),
        # valid JSON to Python's parser, but no text: it failed later, writing the audit trail (503)
        (
            b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["Kliuev \\ud800 Dmitrii"]}}}}',
            400,
            "not valid JSON: no low surrogate",
        ),
        (json.dumps({"queries": []}).encode(), 422, "body.queries: Input should be a valid dictionary"),
        (json.dumps({"queries": {}}).encode(), 422, "body.queries"),
        (
            json.dumps({"queries": {"q": {"properties": {"name": ["x"]}}}}).encode(),
            422,
            "body.queries.q.schema: Field required",
        ),
        (
            json.dumps({"queries": {"q": {"schema": "Starship", "properties": {"name": ["x"]}}}}).encode(),
            400,
            "unknown schema 'Starship'",
        ),
        (
            json.dumps({"queries": {"q": {"schema": "Person", "properties": {"name": [1]}}}}).encode(),
            400,
            "properties.name must be a list of strings",
        ),
        (
            json.dumps({"queries": {"q": {"schema": "Person", "properties": {"birthDate": ["1967"]}}}}).encode(),
            400,
            "no name to screen",
        ),
        (
            json.dumps(
                {"queries": {"q": {"schema": "Person", "properties": {"name": ["x"], "birthDate": ["yesterday"]}}}}
            ).encode(),
            400,
            "birthDate 'yesterday'",
        ),
        (json.dumps({"queries": {f"q{i}": KLYUEV for i in range(101)}}).encode(), 422, "at most 100"),
        (json.dumps({**BODY, "config": {"nm_number_mismatch": 0.2}}).encode(), 400, "invalid configuration parameter"),
    ],
)
def test_bad_bodies_get_4xx_with_a_clear_message(api, body, status, message):
    response = api.client.post(
        "/match/default", content=body, headers={**api.headers("analyst"), "Content-Type": "application/json"}
    )
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]


def test_every_endpoint_parses_json_strictly(api):
    body = b'{"applicant": {"surname": "Kliuev\\udc00", "given_names": "Dmitrii", "birth_date": "1967-08-10"}}'
    response = api.client.post(
        "/screen/visa", content=body, headers={**api.headers("screener"), "Content-Type": "application/json"}
    )
    assert response.status_code == 400 and "not valid JSON" in response.json()["detail"], response.text


def test_bad_parameters_and_huge_bodies(api):
    for path, message in (
        ("/match/default?limit=0", "limit"),
        ("/match/default?threshold=2", "threshold"),
        ("/match/default?algorithm=magic", "algorithm"),
    ):
        response = api.post(path, BODY, role="analyst")
        assert response.status_code == 422 and message in response.json()["detail"], path
    huge = {"queries": {"q": {"schema": "Person", "properties": {"name": ["A" * 2_000_000]}}}}
    response = api.post("/match/default", huge, role="analyst")
    assert response.status_code == 413
    long_name = {"queries": {"q": {"schema": "Person", "properties": {"name": ["A " * 400]}}}}
    assert "longer than 500" in api.post("/match/default", long_name, role="analyst").json()["detail"]


@pytest.mark.parametrize(
    "method, url",
    [
        ("GET", "/entities/ofac_sdn%0016399"),
        ("DELETE", "/admin/keys/test-screener%00"),
        ("GET", "/cases/customers/C%00001"),
        ("GET", "/search/default?q=Klyuev%00"),
        ("POST", "/screen/payment?name=a%00b"),
    ],
)
def test_a_nul_anywhere_in_the_url_is_refused_with_400_on_both_databases(api, method, url):
    """PostgreSQL text cannot hold NUL: these reached the database and answered 500 there."""
    response = api.client.request(method, url, headers=api.headers("admin"), content=b"")
    assert response.status_code == 400 and "NUL character" in response.json()["detail"], response.text
    assert api.get("/entities/ofac_sdn:16399").status_code == 200
    assert api.client.delete("/admin/keys/test-screener", headers=api.headers("admin")).status_code == 200


def test_keys_commands(tmp_path):
    runner = CliRunner()
    home = ["--home", str(tmp_path)]
    created = runner.invoke(cli, [*home, "keys", "create", "visa-office", "--role", "analyst", "--rate", "20"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("mgk_") and "cannot be shown again" in created.stderr
    listed = runner.invoke(cli, [*home, "keys", "list", "--json"])
    [entry] = json.loads(listed.stdout)
    assert (entry["name"], entry["role"], entry["rate"], entry["key_id"], entry["revoked_at"]) == (
        "visa-office",
        "analyst",
        20.0,
        key.split("_")[1],
        None,
    )
    assert entry["created_by"].startswith("cli:")
    assert key not in listed.stdout
    assert runner.invoke(cli, [*home, "keys", "create", "visa-office"]).exit_code == 1
    assert runner.invoke(cli, [*home, "keys", "create", "x", "--role", "king"]).exit_code == 1
    assert runner.invoke(cli, [*home, "keys", "revoke", "visa-office"]).exit_code == 0
    again = runner.invoke(cli, [*home, "keys", "revoke", "visa-office"])
    assert again.exit_code == 1 and "no active key named 'visa-office'" in again.stderr
