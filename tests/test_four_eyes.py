"""Four-eyes cannot be satisfied by one person: reviewers prove who they are on every door, their
accounts and their keys take two people, and the data directory is private. Through the real CLI
(typer's runner over `magnitsky.cli.app`) and the real HTTP app (TestClient), on SQLite (and
PostgreSQL when MAGNITSKY_TEST_POSTGRES_URL is set)."""

import json
import re
import stat

from typer.testing import CliRunner

from api_support import running_api
from magnitsky.api.keys import Role
from magnitsky.cli import app
from magnitsky.data import default_lists
from reviewers import PASSWORD, bind_key, enrol

runner = CliRunner()


def cli(home, url, *args, **env):
    return runner.invoke(app, ["--home", str(home), "--db", url, *args], env=env)


def signed_in(name):
    return {"MAGNITSKY_USER": name, "MAGNITSKY_PASSWORD": PASSWORD}


def half(output, which):
    return re.search(rf"setup code, {which} half \(give it to \w+ yourself\): (\w+)", output).group(1)


def test_cli_one_person_cannot_be_two_reviewers(database_url, tmp_path):
    home = tmp_path / "home"
    typed_name = cli(
        home, database_url, "alerts", "decide", "1", "--decision", "true_match", "--rationale", "x", "--as", "bob"
    )
    assert typed_name.exit_code == 2 and "No such option: --as" in typed_name.output  # a name alone proves nothing
    nobody = cli(home, database_url, "users", "add", "alice", "--role", "analyst")
    assert nobody.exit_code == 1 and "who is acting? set MAGNITSKY_USER" in nobody.stderr
    no_password = cli(home, database_url, "users", "add", "alice", "--role", "analyst", MAGNITSKY_USER="root")
    assert no_password.exit_code == 1 and "run this in a terminal or set MAGNITSKY_PASSWORD" in no_password.stderr

    for founder in ("root", "rita"):
        made = cli(home, database_url, "users", "bootstrap", founder, MAGNITSKY_NEW_PASSWORD=PASSWORD)
        assert made.exit_code == 0, made.output
    third = cli(home, database_url, "users", "bootstrap", "mallory", MAGNITSKY_NEW_PASSWORD=PASSWORD)
    assert third.exit_code == 1 and "2 administrators exist already" in third.stderr
    wrong = cli(
        home,
        database_url,
        "users",
        "add",
        "alice",
        "--role",
        "analyst",
        **{**signed_in("root"), "MAGNITSKY_PASSWORD": "guessing it wrong"},
    )
    assert wrong.exit_code == 1 and "unknown reviewer or wrong password" in wrong.stderr

    asked = cli(
        home, database_url, "users", "add", "alice", "--role", "analyst", "--rationale", "joins", **signed_in("root")
    )
    assert asked.exit_code == 0, asked.output
    assert "request 1: alice as analyst, awaiting a second administrator" in asked.stdout
    first = half(asked.stdout, "first")
    alone = cli(home, database_url, "requests", "approve", "1", "--rationale", "me", **signed_in("root"))
    assert alone.exit_code == 1 and "root made request 1 and cannot decide it" in alone.stderr
    pending = json.loads(cli(home, database_url, "requests", "list", "--json").stdout)
    assert [(r["id"], r["kind"], r["requested_by"], r["state"]) for r in pending] == [
        (1, "user.grant", "root", "pending")
    ]
    approved = cli(home, database_url, "requests", "approve", "1", "--rationale", "met her", **signed_in("rita"))
    assert approved.exit_code == 0, approved.output
    second = half(approved.stdout, "second")
    one_half = cli(
        home,
        database_url,
        "users",
        "activate",
        "alice",
        MAGNITSKY_SETUP_CODE=f"{first}-{first}",
        MAGNITSKY_NEW_PASSWORD=PASSWORD,
    )
    assert one_half.exit_code == 1 and "setup code is wrong" in one_half.stderr
    activated = cli(
        home,
        database_url,
        "users",
        "activate",
        "alice",
        MAGNITSKY_SETUP_CODE=f"{first}-{second}",
        MAGNITSKY_NEW_PASSWORD=PASSWORD,
    )
    assert activated.exit_code == 0, activated.output

    # alice asks for her own key; it works only once an administrator other than her approves it
    requested = cli(home, database_url, "keys", "request", "alice-desk", "--role", "analyst", **signed_in("alice"))
    assert requested.exit_code == 0, requested.output
    key = requested.stdout.strip()
    early = cli(home, database_url, "requests", "list", MAGNITSKY_KEY=key)  # listing needs no identity
    assert early.exit_code == 0
    inactive = cli(home, database_url, "users", "disable", "rita", MAGNITSKY_KEY=key)
    assert inactive.exit_code == 1 and "MAGNITSKY_KEY is not a valid key" in inactive.stderr
    not_admin = cli(home, database_url, "requests", "approve", "2", "--rationale", "mine", **signed_in("alice"))
    assert not_admin.exit_code == 1 and "only an administrator may approve a key" in not_admin.stderr
    approved_key = cli(home, database_url, "requests", "approve", "2", "--rationale", "her desk", **signed_in("root"))
    assert approved_key.exit_code == 0, approved_key.output
    as_key = cli(home, database_url, "users", "disable", "rita", MAGNITSKY_KEY=key)
    assert as_key.exit_code == 1 and "alice is analyst; only an administrator may disable" in as_key.stderr
    minted = cli(home, database_url, "keys", "create", "bob-desk", "--role", "supervisor", "--user", "bob")
    assert minted.exit_code == 2  # no key acting for a reviewer is made by someone else

    records = [json.loads(line) for line in cli(home, database_url, "audit", "export").stdout.splitlines()]
    steps = [
        (r["action"], r["actor"], r["details"].get("via"))
        for r in records
        if r["subject"] in ("user:alice", "apikey:alice-desk")
    ]
    assert steps == [
        ("user.grant.request", "root", "password"),
        ("user.grant.approve", "rita", "password"),
        ("user.activate", "alice", "setup code"),
        ("apikey.bind.request", "alice", "password"),
        ("apikey.bind.approve", "root", "password"),
    ]
    bootstraps = [r for r in records if r["action"] == "user.bootstrap"]
    assert [r["subject"] for r in bootstraps] == ["user:root", "user:rita"] and bootstraps[0]["actor"].startswith(
        "cli:"
    )
    assert cli(home, database_url, "audit", "verify").exit_code == 0


def test_http_an_admin_key_cannot_mint_keys_for_reviewers(database_url, tmp_path):
    with running_api(database_url, tmp_path) as api:
        cases, keys = api.app.state.cases, api.app.state.keys
        enrol(cases.users, "alice", "analyst")
        api.keys["root"] = bind_key(keys, cases.users, "root-desk", Role.ADMIN, "root")
        api.keys["alice"] = bind_key(keys, cases.users, "alice-desk", Role.ANALYST, "alice")
        minted = api.post("/admin/keys", {"name": "bob-desk", "role": "supervisor", "user": "alice"}, role="admin")
        assert minted.status_code == 422 and "the reviewer asks for it" in minted.json()["detail"]
        system = api.post("/me/keys", {"name": "x", "role": "analyst", "rationale": "x"}, role="admin")
        assert system.status_code == 403 and "acts for no reviewer" in system.json()["detail"]
        above = api.post("/me/keys", {"name": "alice-2", "role": "admin", "rationale": "more"}, role="alice")
        assert above.status_code == 409 and "cannot have the role admin" in above.json()["detail"]

        asked = api.post("/me/keys", {"name": "alice-2", "role": "analyst", "rationale": "laptop"}, role="alice")
        assert asked.status_code == 202, asked.text
        body = asked.json()
        assert (body["kind"], body["requested_by"], body["requested_via"], body["state"]) == (
            "apikey.bind",
            "alice",
            "key:alice-desk",
            "pending",
        )
        api.keys["alice-2"] = body["key"]
        assert api.get("/cases/alerts", "alice-2").status_code == 401  # not yet approved
        listed = api.get("/requests", "analyst").json()
        assert [(r["id"], r["subject"]) for r in listed] == [(body["id"], "apikey:alice-2")]
        path = f"/requests/{body['id']}"
        analyst = api.post(f"{path}/approve", {"rationale": "mine"}, role="alice")
        assert analyst.status_code == 403 and "only an administrator may approve a key" in analyst.json()["detail"]
        roots = api.post("/me/keys", {"name": "root-2", "role": "admin", "rationale": "spare"}, role="root").json()
        own = api.post(f"/requests/{roots['id']}/approve", {"rationale": "mine"}, role="root")
        assert own.status_code == 403 and "root made request" in own.json()["detail"]
        unbound = api.post(f"{path}/approve", {"rationale": "ok"}, role="admin")
        assert unbound.status_code == 403 and "acts for no reviewer" in unbound.json()["detail"]
        assert api.post("/requests/999/approve", {"rationale": "ok"}, role="root").status_code == 404
        approved = api.post(f"{path}/approve", {"rationale": "her laptop"}, role="root")
        assert approved.status_code == 200, approved.text
        assert (approved.json()["decided_by"], approved.json()["decided_via"]) == ("root", "key:root-desk")
        assert api.get("/cases/alerts", "alice-2").status_code == 200
        again = api.post(f"{path}/reject", {"rationale": "too late"}, role="root")
        assert again.status_code == 422 and "already approved" in again.json()["detail"]
        (record,) = [r for r in cases.audit.records(subject="apikey:alice-2") if r.action == "apikey.bind.approve"]
        assert (record.actor, record.details["via"], record.details["requested_by"]) == (
            "root",
            "key:root-desk",
            "alice",
        )


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_directory_is_private(tmp_path):
    home = tmp_path / "new-home"
    loaded = runner.invoke(app, ["--home", str(home), "load", *map(str, default_lists())])
    assert loaded.exit_code == 0, loaded.output
    assert _mode(home) == 0o700
    files = [p for p in home.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"magnitsky.db"}
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}

    old = tmp_path / "old-home"  # as an older release left it
    old.mkdir(mode=0o755)
    old.chmod(0o755)
    (old / "magnitsky.db").write_bytes((home / "magnitsky.db").read_bytes())
    (old / "magnitsky.db").chmod(0o644)
    (old / "index").mkdir()
    (old / "index").chmod(0o755)
    listed = runner.invoke(app, ["--home", str(old), "sources"])
    assert listed.exit_code == 0, listed.output
    assert (_mode(old), _mode(old / "magnitsky.db"), _mode(old / "index")) == (0o700, 0o600, 0o700)
