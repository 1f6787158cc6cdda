"""What the service answers when the database refuses to write (read-only here, for real)."""

import logging

import pytest

from api_support import running_api
from db_faults import read_only

NAME = "dmitry.klyuev"  # stands for personal data: it must not reach logs or answers


@pytest.fixture
def api(database_url, tmp_path):
    with running_api(database_url, tmp_path) as api:
        yield api


def test_a_read_only_database_answers_503_in_one_line_without_personal_data(api, caplog):
    engine = api.app.state.store.engine
    caplog.set_level(logging.INFO)
    with read_only(engine):
        created = api.post("/admin/keys", {"name": NAME, "role": "screener"}, role="admin")
        revoked = api.client.delete("/admin/keys/test-analyst", headers=api.headers("admin"))
    for response in (created, revoked):
        assert response.status_code == 503, response.text
        assert response.headers["Retry-After"] == "5"
        detail = response.json()["detail"]
        assert "retry later" in detail and "\n" not in detail and "[SQL" not in detail and NAME not in detail
    logged = caplog.text
    assert NAME not in logged and "Traceback" not in logged and "[parameters" not in logged
    assert [r for r in caplog.records if "database error on POST /admin/keys" in r.getMessage()]
    assert (
        api.post("/admin/keys", {"name": NAME, "role": "screener"}, role="admin").status_code == 201
    )  # writable again
