"""The lists desk in a real browser: sources, versions, programs; an administrator loads a list
file (refusals shown as the one-line reason, nothing kept), the diff between its versions, and
list entries whose names hold markup shown as text on every page that names them. The whole OFAC
SDN file loads through the page, over the service's 1 MiB body limit; an upload over the lists
page's own limit (6 MiB here, MAGNITSKY_WEB_MAX_UPLOAD) is refused with 413 and nothing kept.
The page's shrink guard follows the configured limit (70 % here, MAGNITSKY_SHRINK_LIMIT), and the
page shows how ``magnitsky update`` last fared with each publication."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from magnitsky.settings import UpdateSettings
from magnitsky.store import Publications
from magnitsky.store.schema import audit_log
from magnitsky.updates import Publication, Updater
from publisher_support import Publisher
from web_support import browser, check_page, http_session, store_of, visitor, web_server  # noqa: F401

pytestmark = pytest.mark.slow  # a real server and a browser

HEADER = "id,schema,name,aliases,birth_date,nationality,programs,measures\n"
SCRIPTED = "<script>alert(1)</script> Ivan Hostilov"
INJECTED = '"><img src=x onerror=alert(2)> Petr Markupov'
VERSION_1 = {
    "HL-1": f'HL-1,Person,"{SCRIPTED}",,1970-01-01,RU,HOUSE,asset_freeze',
    "HL-2": f'HL-2,Person,"{INJECTED.replace(chr(34), chr(34) * 2)}",,1971-02-02,RU,HOUSE,travel_ban',
    "HL-3": "HL-3,Company,Ordinary Trading LLC,,,,HOUSE,asset_freeze",
    "HL-4": "HL-4,Company,Steady Holdings,,,,HOUSE,asset_freeze",
    "HL-5": "HL-5,Company,Quiet Shipping,,,,HOUSE,asset_freeze",
    "HL-6": "HL-6,Company,Calm Logistics,,,,HOUSE,asset_freeze",
}


UPLOAD_LIMIT = 6 << 20  # above the real SDN file (3.9 MB), below what the refused uploads send
SHRINK_LIMIT = "0.7"  # not the default 20 %: the page must use the configured one


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with web_server(
        tmp_path_factory.mktemp("web"),
        env={"MAGNITSKY_WEB_MAX_UPLOAD": str(UPLOAD_LIMIT), "MAGNITSKY_SHRINK_LIMIT": SHRINK_LIMIT},
    ) as started:
        yield started


def write_list(folder, name: str, rows: dict[str, str]):
    path = folder / name
    path.write_text(HEADER + "\n".join(rows.values()) + "\n", encoding="utf-8")
    return path


def upload(page, path, source: str = "") -> None:
    """Upload ``path`` (or a list of paths: a list file and its companions) through the form."""
    page.set_input_files("#files", [str(p) for p in path] if isinstance(path, list) else str(path))
    page.get_by_label("Source name").fill(source)
    page.get_by_role("button", name="Load", exact=True).click()
    page.wait_for_load_state()


def test_an_analyst_sees_sources_versions_and_programs_but_cannot_load(server, browser):
    with visitor(browser, server) as tab:
        tab.sign_in("ana")
        page = tab.open("/ui/lists")
        rows = {
            row.locator("td").first.inner_text(): row for row in page.locator("table").first.locator("tbody tr").all()
        }
        assert set(rows) == {"ofac_sdn", "un_sc"}
        assert "369" in rows["ofac_sdn"].inner_text() and "ofac_csv" in rows["ofac_sdn"].inner_text()
        programs = {
            tuple(row.locator("td").all_inner_texts()[:2]): row.locator("td").last.inner_text()
            for row in page.locator("table.compact tbody tr").all()
        }
        assert programs[("ofac_sdn", "MAGNIT Sergei Magnitsky Rule of Law Accountability Act")] == "55"
        assert page.locator("#files").count() == 0  # loading is for administrators
        check_page(tab, "lists")
        page.get_by_role("link", name="ofac_sdn").click()
        page.wait_for_url("**/ui/lists/ofac_sdn")
        assert page.locator("tbody tr").count() == 1
        check_page(tab, "lists-source")


def test_an_administrator_loads_versions_and_reads_the_diff_with_hostile_names_as_text(server, browser, tmp_path):
    first = write_list(tmp_path, "house.csv", VERSION_1)
    second_rows = {k: v for k, v in VERSION_1.items() if k != "HL-3"}
    second_rows["HL-1"] = second_rows["HL-1"].replace("1970-01-01", "1970-01-02")
    second_rows["HL-7"] = "HL-7,Company,Fresh Imports,,,,HOUSE,asset_freeze"
    (tmp_path / "v2").mkdir()
    second = write_list(tmp_path / "v2", "house.csv", second_rows)
    (tmp_path / "v3").mkdir()
    shrunk = write_list(tmp_path / "v3", "house.csv", {"HL-1": VERSION_1["HL-1"]})
    junk = tmp_path / "notes.csv"
    junk.write_text("a,b\n1,2\n")
    with visitor(browser, server) as tab:
        dialogs: list[str] = []
        tab.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        tab.sign_in("root")
        page = tab.open("/ui/lists")
        upload(page, first, "house_list")
        assert "house_list loaded as version 1, 6 entries" in page.locator("#load-result").inner_text()
        check_page(tab, "lists-loaded")
        upload(page, junk)
        error = page.locator("#load-error").inner_text()
        assert "notes.csv: cannot tell which list format this is" in error and "nothing was loaded" in error
        assert "choose its format in the Format selector" in error and "--format" not in error
        assert "magnitsky-upload" not in error  # the administrator's file name, not the server's temporary path
        check_page(tab, "lists-load-refused")
        upload(page, second, "house_list")
        assert "house_list loaded as version 2, 6 entries" in page.locator("#load-result").inner_text()
        upload(page, shrunk, "house_list")
        refused = page.locator("#load-error").inner_text()
        assert "would remove 5 of the 6 entries of version 2 (83.3%), more than the 70% one load may remove" in refused
        assert "nothing was loaded from house.csv" in refused

        page = tab.open("/ui/lists/house_list")
        page.get_by_role("button", name="Compare").click()
        page.wait_for_url("**/ui/lists/house_list/diff?*")
        assert page.locator("h1").inner_text() == "house_list: version 1 → 2"
        assert "Fresh Imports" in page.locator("#added + ul").inner_text()
        assert "Ordinary Trading LLC" in page.locator("#removed + ul").inner_text()
        [changed] = page.locator("#changed + table tbody tr").all()
        assert SCRIPTED in changed.inner_text() and "birth_dates" in changed.inner_text()
        assert page.locator("main script").count() == 0
        check_page(tab, "lists-diff")

        # the service screens against the new version once its index is built (in the background)
        for _ in range(120):
            page = tab.open("/ui/screening?name=Petr+Markupov")
            if page.locator("li.hit a", has_text="Petr Markupov").count():
                break
            time.sleep(1)
        hit = page.locator("li.hit", has_text="Petr Markupov").first
        assert INJECTED in hit.locator("h3 a").inner_text()
        assert page.locator("main img").count() == 0
        check_page(tab, "lists-hostile-entry-screened")
        page = tab.open("/ui/entities/house_list:HL-1")
        assert page.locator("h1").inner_text() == SCRIPTED
        history = [row.inner_text() for row in page.locator("table.history tbody tr").all()]
        assert len(history) == 2 and "listed" in history[0] and "birth_dates" in history[1]
        check_page(tab, "lists-hostile-entry")
    assert not dialogs
    store = store_of(server)
    assert [v.number for v in store.versions("house_list")] == [1, 2]  # the refused files left nothing
    with store.engine.connect() as conn:
        loads = conn.execute(
            select(audit_log.c.actor, audit_log.c.details).where(
                audit_log.c.action == "list.load", audit_log.c.subject == "list:house_list"
            )
        ).all()
    store.engine.dispose()
    assert [actor for actor, _ in loads] == ["root", "root"]


def test_an_administrator_loads_the_whole_ofac_sdn_file_and_an_upload_over_the_limit_is_refused(
    server, browser, shared_data, tmp_path
):
    # The 2021 SDN list with its companions (add.csv, alt.csv, sdn_comments.csv, which a CSV load
    # requires): 3.5 MB, over three times the service's body limit.
    sdn = [shared_data / "ofac_sdn_2021" / name for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")]
    too_big = tmp_path / "sdn.csv"
    too_big.write_bytes((shared_data / "ofac" / "sdn.csv").read_bytes() * 2)  # 7.9 MB, over the page's 6 MiB
    with visitor(browser, server) as tab:
        tab.sign_in("root")
        page = tab.open("/ui/lists")
        assert "up to 6 MiB" in page.locator("form .hint").inner_text()
        upload(page, too_big, "ofac_sdn_2024")
        assert page.locator("h1").inner_text() == "Not done"
        assert "over the service's limit of 6,291,456 bytes" in page.locator("main").inner_text()
        page = tab.open("/ui/lists")
        page.set_default_timeout(180_000)  # parsing and loading 9,000 entries: minutes on a loaded machine
        upload(page, sdn, "ofac_sdn_2024")
        assert "ofac_sdn_2024 loaded as version 1, 8976 entries" in page.locator("#load-result").inner_text()
        check_page(tab, "lists-loaded-ofac-sdn")
    store = store_of(server)
    [version] = store.versions("ofac_sdn_2024")  # the refused upload left nothing
    store.engine.dispose()
    assert (version.entity_count, version.format) == (8976, "ofac_csv")


def test_the_larger_limit_is_an_administrators_and_is_counted_as_the_body_streams(server):
    body = b"x" * (2 << 20)  # over the service's 1 MiB, under the page's 6 MiB
    analyst = http_session(server, "ana")  # not an administrator: the service's limit
    answer = analyst.post("/ui/lists/load", data={"csrf": analyst.token}, files={"files": ("a.csv", body)})
    assert answer.status_code == 413
    boundary = "magnitskytestboundary"

    def streamed(token: str, size: int):
        """A multipart upload sent chunked, with no length declared: only counting what arrives stops it."""
        yield f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'.encode()
        yield f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.csv"\r\n\r\n'.encode()
        for _ in range(size >> 20):
            yield b"y" * (1 << 20)
        yield f"\r\n--{boundary}--\r\n".encode()

    admin = http_session(server, "rita")
    answer = admin.post(
        "/ui/lists/load",
        content=streamed(admin.token, UPLOAD_LIMIT + (1 << 20)),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert answer.status_code == 413
    assert "text/html" in answer.headers["content-type"]  # the page, not the API's JSON
    assert "limit of 6,291,456 bytes" in answer.text
    small = admin.post(
        "/ui/lists/load",
        content=streamed(admin.token, 2 << 20),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert small.status_code == 400  # through the limit, to the loader, which cannot read it
    assert "big.csv" in small.text and "nothing was loaded" in small.text


def test_the_shrink_guard_follows_the_configured_limit_and_the_list_really_shrank_box(server, browser, tmp_path):
    rows = {f"SH-{n}": f"SH-{n},Company,Shrinking Company {n},,,,HOUSE,asset_freeze" for n in range(1, 11)}
    files = []
    for version, kept in enumerate((10, 4, 1), start=1):
        (tmp_path / f"v{version}").mkdir()
        files.append(write_list(tmp_path / f"v{version}", "shrinking.csv", dict(list(rows.items())[:kept])))
    with visitor(browser, server) as tab:
        tab.sign_in("root")
        page = tab.open("/ui/lists")
        assert "more than 70% of the current entries" in page.locator("label[for=allow_shrink]").inner_text()
        upload(page, files[0], "shrinking")
        upload(page, files[1], "shrinking")  # 6 of 10 go: refused by the default 20 %, within 70 %
        assert "shrinking loaded as version 2, 4 entries" in page.locator("#load-result").inner_text()
        upload(page, files[2], "shrinking")  # 3 of 4 go
        refused = page.locator("#load-error").inner_text()
        assert "shrinking: the new file would remove 3 of the 4 entries of version 2 (75.0%)" in refused
        page.check("#allow_shrink")
        upload(page, files[2], "shrinking")
        assert "shrinking loaded as version 3, 1 entries" in page.locator("#load-result").inner_text()
    store = store_of(server)
    assert [v.entity_count for v in store.versions("shrinking")] == [10, 4, 1]
    store.engine.dispose()


def test_the_desk_shows_when_each_publication_was_last_checked_changed_and_failed(server, browser, shared_data):
    publisher = Publisher()
    store = store_of(server)
    try:
        publisher.publish("/un.xml", (shared_data / "samples" / "sample_unsc.xml").read_bytes())
        updater = Updater(store, UpdateSettings())
        loaded = updater.update(Publication("un_mirror", f"{publisher.url}/un.xml", "un_xml"))
        failed = updater.update(Publication("gone_list", f"{publisher.url}/gone.xml", "un_xml"))
        assert (loaded.status, failed.status) == ("loaded", "failed")
        states = Publications(store.engine).all()
    finally:
        store.engine.dispose()
        publisher.close()
    with visitor(browser, server) as tab:
        tab.sign_in("ana")
        page = tab.open("/ui/lists")
        table = page.locator("table[aria-labelledby=updates]")
        rows = {
            row.locator("td").first.inner_text(): row.locator("td").all_inner_texts()
            for row in table.locator("tbody tr").all()
        }
        checked = states["un_mirror"].checked_at.strftime("%Y-%m-%d %H:%M")
        assert rows["un_mirror"] == ["un_mirror", checked, checked, "–"]
        failed_at = states["gone_list"].failed_at.strftime("%Y-%m-%d %H:%M")
        assert rows["gone_list"] == [
            "gone_list",
            "never",
            "never",
            f"{failed_at}: HTTP 404 Not Found from {publisher.url}/gone.xml; nothing was loaded",
        ]
        check_page(tab, "lists-update-status")
