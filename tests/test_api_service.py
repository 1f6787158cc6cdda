"""Search, entities, catalog, operations endpoints, and zero-downtime reloads."""

import re
import shutil
import threading

import pytest

from api_support import KLYUEV, running_api
from case_lists import append_rows
from magnitsky.data import default_lists
from magnitsky.sources import open_list

# The full 2021 OFAC SDN file (../shared/data) has Viktor Bout (uid 8279); the bundled excerpt does not.
BOUT = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Viktor Bout"], "birthDate": ["1967-01-13"]}}}}


@pytest.fixture
def api(database_url, tmp_path):
    with running_api(database_url, tmp_path, rate=1e6, burst=1e6) as api:  # the reload test sends many
        yield api


def test_entities_by_our_id_and_by_ftm_id(api):
    ours = api.get("/entities/ofac_sdn:16399")
    assert ours.status_code == 200
    entity = ours.json()
    assert api.get("/entities/ofac-sdn-16399").json() == entity
    assert entity["caption"] == "Dmitry Vladislavovich KLYUEV" and entity["referents"] == ["ofac-sdn-16399"]
    [sanction] = entity["properties"]["sanctions"]
    assert sanction["schema"] == "Sanction" and sanction["properties"]["provisions"] == ["Asset freeze"]
    assert "sanctions" not in api.get("/entities/ofac_sdn:16399?nested=false").json()["properties"]
    missing = api.get("/entities/ofac_sdn:999999999")
    assert missing.status_code == 404 and "999999999" in missing.json()["detail"]
    assert api.get("/entities/nonsense").status_code == 404


def test_search(api):
    response = api.get("/search/default?q=Klyuev&limit=2")
    assert response.status_code == 200 and response.headers["X-Audit-Record"]
    data = response.json()
    assert data["results"][0]["id"] == "ofac_sdn:16399" and len(data["results"]) <= 2
    assert data["total"]["value"] >= len(data["results"]) and data["limit"] == 2
    assert {v["name"] for v in data["facets"]["datasets"]["values"]} <= {"ofac_sdn", "un_sc"}
    assert api.get("/search/un_sc?q=Klyuev").json()["results"][:1] != data["results"][:1]
    assert api.get("/search/default?q=").status_code == 422
    assert api.get("/search/default?q=%21%21%21").status_code == 400  # no letters
    assert api.get("/search/mars?q=x").status_code == 404


def test_catalog_healthz_readyz_metrics_openapi(api):
    catalog = api.get("/catalog").json()
    names = [d["name"] for d in catalog["datasets"]]
    assert names == ["default", "ofac_sdn", "un_sc"] and catalog["current"] == ["ofac_sdn", "un_sc"]
    sdn = catalog["datasets"][1]
    assert sdn["version"] == sdn["index_version"] == "1" and sdn["entity_count"] == 369 and not catalog["index_stale"]
    assert catalog["datasets"][0]["children"] == ["ofac_sdn", "un_sc"]
    assert api.client.get("/healthz").json() == {"status": "ok"}
    ready = api.client.get("/readyz").json()
    assert ready["status"] == "ok" and ready["versions"] == ["ofac_sdn:1", "un_sc:1"]
    api.post("/match/default", {"queries": {"q": KLYUEV}})
    metrics = api.client.get("/metrics").text
    assert 'magnitsky_http_requests_total{endpoint="/match/{dataset}",method="POST",status="200"}' in metrics
    assert 'magnitsky_index_list_version{source="ofac_sdn"} 1.0' in metrics
    assert "magnitsky_http_request_duration_seconds_bucket" in metrics
    spec = api.client.get("/openapi.json").json()
    assert {
        "/match/{dataset}",
        "/search/{dataset}",
        "/entities/{entity_id}",
        "/catalog",
        "/healthz",
        "/readyz",
        "/metrics",
        "/admin/keys",
        "/admin/reload",
    } <= set(spec["paths"])


def _bundled_set(tmp_path):
    """A copy of the bundled OFAC set (sdn.csv with its companions, which a load requires)."""
    target = tmp_path / "ofac_sdn"
    shutil.copytree(default_lists()[0].parent, target)
    return target / "sdn.csv"


def test_reload_swaps_in_a_new_version_while_requests_keep_being_answered(api, tmp_path, shared_data):
    bundled = default_lists()[0].read_text(encoding="utf-8")
    bout = next(
        line
        for line in (shared_data / "ofac_sdn_2021" / "sdn.csv").read_text(encoding="latin-1").splitlines()
        if line.startswith("8279,")
    )
    newer = _bundled_set(tmp_path)
    newer.write_text(bundled, encoding="utf-8")
    append_rows(newer, bout + "\r\n")
    assert "ofac_sdn:8279" not in [
        r["id"] for r in api.post("/match/default", BOUT).json()["responses"]["q"]["results"]
    ]
    api.app.state.store.load(open_list(newer, "ofac_csv", "ofac_sdn"), actor="test")
    assert api.get("/catalog").json()["outdated"] == ["ofac_sdn"]

    codes, stop = [], threading.Event()

    def screen():
        while not stop.is_set():
            codes.append(api.post("/match/default", {"queries": {"q": KLYUEV}}).status_code)

    workers = [threading.Thread(target=screen) for _ in range(3)]
    for worker in workers:
        worker.start()
    reloaded = api.post("/admin/reload?wait=true", None, role="admin")
    stop.set()
    for worker in workers:
        worker.join()
    assert reloaded.status_code == 200, reloaded.text
    assert reloaded.json() == {"status": "reloaded", "versions": ["ofac_sdn:2", "un_sc:1"], "error": None}
    assert codes and set(codes) == {200}
    top = api.post("/match/default", BOUT).json()["responses"]["q"]["results"][0]
    assert top["id"] == "ofac_sdn:8279" and top["match"]
    assert api.client.get("/readyz").json()["reloads"] == 2


def test_reload_keeps_the_cached_views_of_unchanged_lists_only(api, tmp_path, shared_data):
    holder = api.app.state.holder
    un_id = next(e.id for e in holder.current.screener.index.entities if e.source == "un_sc")
    for entity_id in (un_id, "ofac_sdn:16399"):
        assert api.get(f"/entities/{entity_id}").status_code == 200
    before = holder.current
    cached = {key[1]: view for key, view in before.cache.items() if isinstance(key, tuple)}
    assert {un_id, "ofac_sdn:16399"} <= cached.keys()

    bundled = default_lists()[0].read_text(encoding="utf-8")
    newer = _bundled_set(tmp_path)
    newer.write_text(bundled, encoding="utf-8")
    append_rows(newer, "\r\n")  # same entries, a new OFAC version
    api.app.state.store.load(open_list(newer, "ofac_csv", "ofac_sdn"), actor="test")
    assert api.post("/admin/reload?wait=true", None, role="admin").json()["status"] == "reloaded"

    after = holder.current
    kept = {key[1]: view for key, view in after.cache.items() if isinstance(key, tuple)}
    assert after is not before and kept[un_id] is cached[un_id]  # UN unchanged: its view carried over
    assert "ofac_sdn:16399" not in kept  # OFAC has a new version: its views are rebuilt ...
    view = api.get("/entities/ofac_sdn:16399").json()
    assert view["last_seen"] == after.sources["ofac_sdn"].loaded_at.isoformat() != cached["ofac_sdn:16399"]["last_seen"]


def test_reload_requires_admin_and_answers_at_once_without_wait(api):
    assert api.post("/admin/reload", None, role="supervisor").status_code == 403
    response = api.post("/admin/reload", None, role="admin")
    assert response.status_code == 202 and response.json()["status"] in ("reloading", "already reloading")
    assert api.app.state.holder.wait(60)
    assert api.client.get("/readyz").json()["versions"] == ["ofac_sdn:1", "un_sc:1"]  # nothing new: unchanged


def test_docs_page_and_its_assets_are_served_by_the_service_itself(api):
    """No CDN: a server without internet access still shows its documentation."""
    page = api.client.get("/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert assets and not [url for url in assets if "//" in url], assets  # every asset from this server
    for url in assets:
        response = api.client.get(url)
        assert response.status_code == 200 and len(response.content) > 500, url
    assert "SwaggerUIBundle" in api.client.get("/docs/assets/swagger-ui-bundle.js").text


def test_openapi_documents_both_ways_of_sending_a_key(api):
    spec = api.client.get("/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert {(s["in"], s["name"]) for s in schemes.values()} == {("header", "Authorization"), ("header", "X-API-Key")}
    assert {name for option in spec["paths"]["/catalog"]["get"]["security"] for name in option} == set(schemes)


def test_programs_per_list_found_by_code_or_name(api):
    """GET /programs: the bundled OFAC excerpt's programs with OFAC's names; q by name, any case."""
    listed = api.get("/programs").json()
    glomag = [row for row in listed if row["program"] == "GLOMAG"]
    assert glomag == [
        {"source": "ofac_sdn", "program": "GLOMAG", "name": glomag[0]["name"], "entries": 315},
    ]
    assert glomag[0]["name"].startswith("Global Magnitsky")
    assert api.get("/programs", params={"q": "global magnitsky"}).json() == glomag
    assert api.get("/programs", params={"q": "glomag"}).json() == glomag
    missing = api.get("/programs", params={"q": "no such regime"})
    assert missing.status_code == 404 and "no program of the current lists is named" in missing.json()["detail"]
    assert api.get("/programs", params={"q": ""}).status_code == 422
