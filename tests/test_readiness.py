"""Readiness across workers: the board each worker publishes on, and ``/readyz`` over it (in
process here; with a real 2-worker server in test_api_server.py)."""

import subprocess
import sys

from fastapi.testclient import TestClient

from api_support import running_api
from magnitsky.api.app import create_app
from magnitsky.api.readiness import ReadinessBoard, WorkerState
from magnitsky.settings import ScreeningSettings, ServiceSettings, Settings, StoreSettings


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_the_board_lists_live_workers_and_removes_the_files_of_dead_ones(tmp_path):
    ours = ReadinessBoard(tmp_path / "ready")
    ours.publish(["ofac_sdn:1"])
    dead = ReadinessBoard(tmp_path / "ready", pid=_dead_pid())
    dead.publish(["ofac_sdn:1"])
    assert ours.workers() == [WorkerState(ours.pid, ("ofac_sdn:1",))]
    assert not (tmp_path / "ready" / f"{dead.pid}.json").exists()
    ours.publish(["ofac_sdn:2"])  # replaced whole, never half-written
    assert ours.workers() == [WorkerState(ours.pid, ("ofac_sdn:2",))]
    assert [p.name for p in (tmp_path / "ready").iterdir()] == [f"{ours.pid}.json"]
    ours.withdraw()
    assert ours.workers() == []


def test_a_new_server_gets_an_empty_board_and_boards_of_stopped_servers_go(tmp_path):
    stopped = tmp_path / "run" / "ready" / str(_dead_pid())
    stopped.mkdir(parents=True)
    (stopped / "1.json").write_text("{}")
    board = ReadinessBoard.for_new_server(tmp_path)
    assert not stopped.exists() and board.directory.is_dir() and board.workers() == []


def test_readyz_is_200_updating_while_a_worker_serves_older_versions_and_503_while_one_has_no_index(
    database_url, tmp_path
):
    with running_api(database_url, tmp_path) as api:
        ready = api.client.get("/readyz")
        assert ready.status_code == 200, ready.text
        board = api.app.state.readiness
        ours = {"pid": board.pid, "versions": ["ofac_sdn:1", "un_sc:1"], "ready": True, "current": True}
        assert ready.json()["status"] == "ok" and ready.json()["workers"] == [ours]

        other = ReadinessBoard(board.directory, pid=1)  # pid 1 is alive: init
        other.publish(["ofac_sdn:0", "un_sc:1"])
        behind = api.client.get("/readyz")
        assert behind.status_code == 200, behind.text
        body = behind.json()
        assert body["status"] == "updating" and body["store_versions"] == ["ofac_sdn:1", "un_sc:1"]
        assert body["detail"] == "worker 1 screens against ofac_sdn:0, un_sc:1; the store has ofac_sdn:1, un_sc:1"
        assert {w["pid"]: (w["versions"], w["ready"], w["current"]) for w in body["workers"]} == {
            1: (["ofac_sdn:0", "un_sc:1"], True, False),
            board.pid: (["ofac_sdn:1", "un_sc:1"], True, True),
        }

        other.publish([])  # starting: no index yet
        starting = api.client.get("/readyz")
        assert starting.status_code == 503 and starting.json()["status"] == "loading"
        assert starting.json()["detail"] == "worker 1 screens against no index yet; the store has ofac_sdn:1, un_sc:1"


def test_readyz_on_an_empty_store_says_no_list_is_loaded_and_what_to_run(database_url, tmp_path):
    settings = Settings(StoreSettings(tmp_path, database_url), ScreeningSettings(), ServiceSettings())
    app = create_app(settings)
    with TestClient(app) as client:
        answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["status"] == "no lists"
    assert "no list is loaded: run `magnitsky load FILE...`" in answer.json()["detail"]
