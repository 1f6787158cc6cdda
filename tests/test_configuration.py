"""One settings object for every door: the authority's rule files in the data directory apply to the
CLI and the HTTP service alike; thresholds and the database password come from the environment.

The doors are the real ones: the ``magnitsky`` command line (typer's runner) and the FastAPI app
over a real store holding the bundled list excerpts; MRZ and payment fixtures in tests/fixtures.
"""

import json
import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import URL, make_url
from typer.testing import CliRunner

from api_support import load_bundled
from magnitsky.api.app import create_app
from magnitsky.api.keys import Role
from magnitsky.cli import app
from magnitsky.screening.measures import BUNDLED_TABLE
from magnitsky.screening.payments.jurisdictions import BUNDLED_RULES
from magnitsky.settings import Settings, SettingsError, ThresholdSettings

runner = CliRunner()


def authority_files(home):
    """The authority's own tables: MAGNIT carries no travel ban, Crimea is held for review, not rejected."""
    measures = json.loads(BUNDLED_TABLE.read_text())
    measures["version"] = "authority-2027-01"
    for source in measures["sources"].values():
        for rule in source["programs"].values():
            rule["measures"] = [m for m in rule["measures"] if m != "travel_ban"]
    (home / "measures.json").write_text(json.dumps(measures))
    rules = json.loads(BUNDLED_RULES.read_text())
    rules["version"] = "authority-rules-7"
    for rule in rules["rules"]:
        rule["decision"] = "HOLD"
    (home / "jurisdictions.json").write_text(json.dumps(rules))


def cli(home, *args):
    result = runner.invoke(app, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_authoritys_tables_in_the_data_directory_apply_at_every_door(tmp_path, fixtures):
    home = tmp_path / "home"
    home.mkdir()
    authority_files(home)
    load_bundled(f"sqlite:///{home / 'magnitsky.db'}")
    mrz = fixtures / "mrz" / "klyuev_td3.txt"
    message = fixtures / "payments" / "mt103_crimea.txt"
    by_cli = cli(home, "visa", "--mrz", str(mrz), "--json"), cli(home, "payment", str(message), "--json")

    # The HTTP door on the same data directory; its own database, so the payment is decided afresh.
    settings = Settings.from_env({}, home=home, db=f"sqlite:///{tmp_path / 'http.db'}")
    load_bundled(settings.store.database_url)
    service = create_app(settings)
    key = service.state.keys.create("border", Role.SCREENER, "test")[1]
    headers = {"Authorization": f"ApiKey {key}"}
    with TestClient(service) as client:
        assert service.state.holder.wait(60)
        visa = client.post("/screen/visa", json={"mrz": mrz.read_text()}, headers=headers).json()
        payment = client.post(
            "/screen/payment", content=message.read_bytes(), headers={**headers, "Content-Type": "text/plain"}
        ).json()

    for decision in (by_cli[0], visa):
        assert decision["measures_version"] == "authority-2027-01"
        assert decision["decision"] != "DENY"  # no travel ban in this authority's table
    assert visa["decision"] == by_cli[0]["decision"]
    assert [m["entity_id"] for m in visa["matches"]] == [m["entity_id"] for m in by_cli[0]["matches"]]
    for decision in (by_cli[1], payment):
        assert (decision["decision"], decision["jurisdiction_rules"]) == ("HOLD", "authority-rules-7")
    assert payment["transactions"][0]["causes"] == by_cli[1]["transactions"][0]["causes"]


def test_settings_from_the_environment():
    settings = Settings.from_env(
        {
            "MAGNITSKY_HOME": "/srv/magnitsky",
            "MAGNITSKY_DB": "postgresql+psycopg://screening@db/magnitsky",
            "MAGNITSKY_MATCH_THRESHOLD": "0.8",
            "MAGNITSKY_FOUR_EYES_THRESHOLD": "0.9",
            "MAGNITSKY_API_RATE": "7",
            "MAGNITSKY_LOG_LEVEL": "DEBUG",
        }
    )
    assert str(settings.store.home) == "/srv/magnitsky" and str(settings.store.index_dir) == "/srv/magnitsky/index"
    assert settings.screening.thresholds == ThresholdSettings(match=0.8, four_eyes=0.9)
    assert (settings.service.rate, settings.service.burst, settings.log_level) == (7.0, 100.0, "debug")
    rebuilt = Settings.from_env(settings.to_env())
    assert rebuilt == settings and rebuilt.store.database_url == settings.store.database_url


def test_an_option_wins_over_the_environment_and_the_old_threshold_name_is_read(tmp_path):
    env = {"MAGNITSKY_HOME": str(tmp_path / "env"), "MAGNITSKY_API_THRESHOLD": "0.8"}
    settings = Settings.from_env(env, home=tmp_path / "option")
    assert settings.store.home == tmp_path / "option" and settings.screening.thresholds.match == 0.8
    assert settings.store.database_url == f"sqlite:///{tmp_path / 'option' / 'magnitsky.db'}"
    assert Settings.from_env({**env, "MAGNITSKY_MATCH_THRESHOLD": "0.9"}).screening.thresholds.match == 0.9


@pytest.mark.parametrize(
    "env, message",
    [
        ({"MAGNITSKY_API_RATE": "fast"}, "MAGNITSKY_API_RATE='fast': not a number"),
        ({"MAGNITSKY_LOG_LEVEL": "loud"}, "MAGNITSKY_LOG_LEVEL='loud': use one of debug, info, warning, error"),
        ({"MAGNITSKY_MATCH_THRESHOLD": "1.5"}, "the match threshold must be between 0 and 1"),
        ({"MAGNITSKY_MATCH_THRESHOLD": "0.95"}, "thresholds out of order"),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path, env, message):
    with pytest.raises(SettingsError, match=message.replace("(", r"\(")):
        Settings.from_env({**env, "MAGNITSKY_HOME": str(tmp_path)})
    result = runner.invoke(app, ["sources"], env={**env, "MAGNITSKY_HOME": str(tmp_path)})
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output


def test_the_settings_repr_never_shows_the_database_password():
    settings = Settings.from_env({"MAGNITSKY_DB": "postgresql+psycopg://screening:s3cret@db/magnitsky"})
    assert "s3cret" not in repr(settings) and "s3cret" in settings.store.database_url


def test_the_database_password_comes_from_a_file_not_the_command_line(database_url, tmp_path):
    """``--db`` without the password (``ps`` shows a command line to everyone); the password in a file."""
    url = make_url(database_url)
    secret = tmp_path / "db-password"
    secret.write_text(f"{url.password}\n")
    bare = URL.create(url.drivername, url.username, None, url.host, url.port, url.database, url.query)
    bare = bare.render_as_string(hide_password=False)
    command = [sys.executable, "-m", "magnitsky", "--home", str(tmp_path), "--db", bare]
    env = {**os.environ, "MAGNITSKY_DB_PASSWORD_FILE": str(secret)}
    env.pop("MAGNITSKY_DB_PASSWORD", None)
    result = subprocess.run([*command, "sources", "--json"], capture_output=True, text=True, env=env, timeout=300)
    if url.get_backend_name() == "sqlite":  # no password to give: saying so beats ignoring it
        assert result.returncode == 1 and "the database is SQLite" in result.stderr, result.stderr
        return
    assert url.password and f":{url.password}@" not in " ".join(command)
    assert (result.returncode, json.loads(result.stdout or "null")) == (0, []), result.stderr
    env = {**env, "MAGNITSKY_DB_PASSWORD": url.password}
    del env["MAGNITSKY_DB_PASSWORD_FILE"]
    result = subprocess.run([*command, "sources", "--json"], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    env["MAGNITSKY_DB_PASSWORD"] = "wrong-secret-4711"
    wrong = subprocess.run([*command, "sources"], capture_output=True, text=True, env=env, timeout=300)
    assert wrong.returncode == 1 and "cannot open the database" in wrong.stderr and "password" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1 and "wrong-secret-4711" not in wrong.stderr


def test_password_errors_name_the_variable_never_the_password(tmp_path):
    url = "postgresql+psycopg://screening@db/magnitsky"
    with pytest.raises(SettingsError, match="MAGNITSKY_DB_PASSWORD_FILE: cannot read .*missing: No such file"):
        Settings.from_env({"MAGNITSKY_DB": url, "MAGNITSKY_DB_PASSWORD_FILE": str(tmp_path / "missing")})
    with pytest.raises(SettingsError, match="not both"):
        Settings.from_env({"MAGNITSKY_DB": url, "MAGNITSKY_DB_PASSWORD": "x", "MAGNITSKY_DB_PASSWORD_FILE": "y"})
    with pytest.raises(SettingsError, match="holds a password") as refused:
        Settings.from_env(
            {"MAGNITSKY_DB": url.replace("screening@", "screening:inline@"), "MAGNITSKY_DB_PASSWORD": "x"}
        )
    assert "inline" not in str(refused.value)
    given = Settings.from_env({"MAGNITSKY_DB": url, "MAGNITSKY_DB_PASSWORD": "p@ss/word"})
    assert make_url(given.store.database_url).password == "p@ss/word"
