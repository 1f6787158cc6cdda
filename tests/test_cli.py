"""The command line end to end, on the bundled data and the official files in ../shared/data."""

import json
import shutil
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from magnitsky.cli import app
from magnitsky.data import default_lists

runner = CliRunner()


def run(home, *args):
    return runner.invoke(app, ["--home", str(home), *args])


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    """The demo's own data directory, HOME/demo, after `magnitsky demo`."""
    home = tmp_path_factory.mktemp("home")
    result = run(home, "demo")
    assert result.exit_code == 0, result.output
    return home / "demo"


def test_demo_leaves_the_users_store_alone(tmp_path):
    """The excerpts carry the real source names: in the user's store the real OFAC load would
    become version 2 and `diff` would report thousands of "added" entries."""
    home = tmp_path / "home"
    assert run(home, "demo").exit_code == 0
    assert json.loads(run(home, "sources", "--json").stdout) == []
    loaded = run(home, "load", str(default_lists()[0]))
    assert loaded.exit_code == 0 and "ofac_sdn: loaded version 1" in loaded.stdout


def test_screening_an_empty_store_is_an_error_naming_it(tmp_path):
    typo = tmp_path / "hmoe"
    result = run(typo, "screen", "KLIUEV DMITRII")
    assert result.exit_code == 1
    assert "no list is loaded in sqlite:///" in result.output and "hmoe" in result.output


def test_demo_loads_bundled_lists_and_finds_klyuev(demo_home):
    result = run(demo_home, "sources", "--json")
    sources = {s["source"]: s for s in json.loads(result.stdout)}
    assert sources["ofac_sdn"]["entities"] == 369
    assert sources["un_sc"]["publication_date"] == "2026-02-27"
    screened = run(demo_home, "screen", "KLIUEV DMITRII", "--dob", "1967", "--json")
    data = json.loads(screened.stdout)
    assert data["matches"][0]["entity_id"] == "ofac_sdn:16399" and data["matches"][0]["match"]
    assert data["versions"] == ["ofac_sdn:1", "un_sc:1"]


@pytest.mark.slow
def test_load_full_official_files(tmp_path, shared_data):
    paths = [
        shared_data / "ofac_sdn_2021" / "sdn.csv",
        shared_data / "ofac_cons" / "cons_prim.csv",
        shared_data / "un" / "consolidated.xml",
    ]
    result = run(tmp_path, "load", *map(str, paths))
    assert result.exit_code == 0, result.output
    sources = {s["source"]: s for s in json.loads(run(tmp_path, "sources", "--json").stdout)}
    assert sources["ofac_sdn"]["entities"] == 8976
    assert sources["ofac_sdn"]["schemata"]["Person"] == 4620
    un_text = (shared_data / "un" / "consolidated.xml").read_text(encoding="utf-8")
    assert sources["un_sc"]["schemata"]["Person"] == un_text.count("<INDIVIDUAL>")
    assert sources["un_sc"]["entities"] == un_text.count("<INDIVIDUAL>") + un_text.count("<ENTITY>")
    programs = {
        (r["source"], r["program"]): r["entries"] for r in json.loads(run(tmp_path, "programs", "--json").stdout)
    }
    assert (programs[("ofac_sdn", "MAGNIT")], programs[("ofac_sdn", "GLOMAG")]) == (55, 315)
    magnit = run(tmp_path, "entities", "--program", "MAGNIT", "--json").stdout.splitlines()
    assert len(magnit) == 55 and all("MAGNIT" in json.loads(line)["programs"] for line in magnit)


def test_load_samples_under_their_own_names(tmp_path, shared_data):
    # sample_eu.xml repeats logicalId 5468 (a test entry added by the repository it comes from);
    # the OFAC sample is an excerpt whose header still states the whole list's Record_Count 8197
    samples = shared_data / "samples"
    excerpt = samples / "sample_ofac_consolidated.xml"
    refused = run(tmp_path, "load", str(excerpt), "--source", "ofac_xml_sample")
    assert refused.exit_code == 1
    assert "states 8,197 entries but holds 8" in refused.output and "--allow-shrink" in refused.output
    for name, source in [
        ("sample_eu.xml", "eu_fsf"),
        ("sample_hmt.csv", "uk_ofsi"),
        ("sample_unsc.xml", "un_sample"),
        ("sample_ofac_consolidated.xml", "ofac_xml_sample"),
    ]:
        allow = ["--allow-shrink"] if name == excerpt.name else []
        result = run(tmp_path, "load", str(samples / name), "--source", source, *allow)
        assert result.exit_code == 0, result.output
        if name == "sample_eu.xml":
            assert "two entries share the list id '5468'" in result.output
    sources = {s["source"] for s in json.loads(run(tmp_path, "sources", "--json").stdout)}
    assert sources == {"eu_fsf", "uk_ofsi", "un_sample", "ofac_xml_sample"}


def test_show_and_diff(demo_home, tmp_path):
    shown = json.loads(run(demo_home, "show", "ofac_sdn:16399", "--json").stdout)
    assert shown["programs"] == ["MAGNIT"] and shown["birth_dates"] == ["1967-08-10"]
    home = tmp_path / "h"
    lists = tmp_path / "lists"
    shutil.copytree(default_lists()[0].parent, lists)
    run(home, "load", str(lists / "sdn.csv"))
    text = (lists / "sdn.csv").read_bytes().replace(b"DOB 10 Aug 1967", b"DOB 10 Aug 1968")
    (lists / "sdn.csv").write_bytes(text)
    assert "loaded version 2" in run(home, "load", str(lists / "sdn.csv")).stdout
    assert "unchanged" in run(home, "load", str(lists / "sdn.csv")).stdout
    diff = json.loads(run(home, "diff", "ofac_sdn", "--json").stdout)
    assert diff == {
        "source": "ofac_sdn",
        "from": 1,
        "to": 2,
        "added": [],
        "removed": [],
        "changed": {"ofac_sdn:16399": ["birth_dates"]},
    }


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "file is empty"),
        (b"<?xml version='1.0'?><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1", "line"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n<CONSOLIDATED_LIST/>', "entity"),
        (b"just some words\nnothing more\n", "cannot tell which list format this is; it reads as none of"),
        (b"just some words\nnothing more\n", "; pass --format"),  # the way to name it, in the CLI's words
    ],
)
def test_bad_files_exit_1_with_cause_and_leave_store_unchanged(demo_home, tmp_path, content, expected):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(content)
    before = run(demo_home, "sources", "--json").stdout
    result = run(demo_home, "load", str(bad))
    assert result.exit_code == 1
    assert "bad.xml" in result.output and expected in result.output
    assert run(demo_home, "sources", "--json").stdout == before


def test_usage_errors_exit_2(demo_home):
    assert run(demo_home, "load").exit_code == 2
    assert run(demo_home, "screen", "x", "--threshold", "7").exit_code == 2


def test_unknown_entity_exits_1(demo_home):
    result = run(demo_home, "show", "ofac_sdn:999999999")
    assert result.exit_code == 1 and "no entry" in result.output


def test_batch_jsonl_csv_and_parquet(demo_home, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "a", "schema": "Person", "properties": {"name": ["Kljujew Dmitrij"], "birthDate": ["1967"]}})
        + "\n"
        + json.dumps({"id": "b", "schema": "Person", "properties": {"name": ["Jane Doe"]}})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.jsonl"
    result = run(demo_home, "batch", str(queries), "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    first = lines[0]["matches"][0]
    assert set(first) == {"entity_id", "source", "source_id", "schema", "caption", "score", "match", "explanation"}
    assert first["entity_id"] == "ofac_sdn:16399" and first["match"]
    scores = [m["score"] for m in lines[0]["matches"]]
    assert scores == sorted(scores, reverse=True)

    csv_in = tmp_path / "q.csv"
    csv_in.write_text("id,schema,name,birthDate\na,Person,Kljujew Dmitrij,1967\nb,Person,Jane Doe,\n", encoding="utf-8")
    parquet_out = tmp_path / "r.parquet"
    assert run(demo_home, "batch", str(csv_in), "--out", str(parquet_out), "--only-matches").exit_code == 0
    rows = pq.read_table(parquet_out).to_pylist()
    assert [(r["id"], r["entity_id"]) for r in rows] == [("a", "ofac_sdn:16399"), ("b", None)]


def test_batch_bad_record_names_line_and_writes_nothing(demo_home, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "a", "properties": {"name": ["Ann"]}}\n{"id": "b", "properties": \n', encoding="utf-8")
    out = tmp_path / "r.jsonl"
    result = run(demo_home, "batch", str(queries), "--out", str(out))
    assert result.exit_code == 1 and "line 2" in result.output
    assert not out.exists() and not list(tmp_path.glob("r.jsonl*"))


def test_console_script_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "magnitsky.cli", "--home", str(tmp_path), "sources", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_console_script_screen_ends_with_its_output_and_exit_code(demo_home, tmp_path):
    """The console script ends a screen without the interpreter's teardown (cli.main): the
    output is all there, as the command gives it in process, and so are the exit codes."""
    args = ["screen", "KLIUEV DMITRII", "--dob", "1967", "--json"]
    script = [sys.executable, "-m", "magnitsky", "--home"]
    ended = subprocess.run([*script, str(demo_home), *args], capture_output=True, text=True, timeout=600)
    assert ended.returncode == 0, ended.stderr
    assert ended.stdout == run(demo_home, *args).stdout and json.loads(ended.stdout)["matches"][0]["match"]
    empty = subprocess.run([*script, str(tmp_path / "none"), *args], capture_output=True, text=True, timeout=600)
    assert empty.returncode == 1 and "no list is loaded in" in empty.stderr and not empty.stdout
    closed = subprocess.Popen([*script, str(demo_home), "screen", "KLIUEV DMITRII"], stdout=subprocess.PIPE)
    assert closed.stdout is not None
    closed.stdout.close()  # the reader went away before the output: not an error
    assert closed.wait(timeout=600) == 0


def test_export_ftm_and_csv_reload_into_a_new_store(demo_home, tmp_path):
    ftm_file, csv_file = tmp_path / "all.ftm.json", tmp_path / "all.csv"
    assert run(demo_home, "export", "--format", "ftm", "--out", str(ftm_file)).exit_code == 0
    assert run(demo_home, "export", "--format", "csv", "--out", str(csv_file)).exit_code == 0
    records = [json.loads(line) for line in ftm_file.read_text().splitlines()]
    things = [r for r in records if r["schema"] in ("Person", "Organization", "Company", "LegalEntity")]
    assert len(things) == 369 + 80
    assert sum(r["schema"] == "Sanction" for r in records) == 369 + 80
    other = tmp_path / "other"
    assert run(other, "load", str(ftm_file)).exit_code == 0
    assert run(other, "load", str(csv_file)).exit_code == 0
    sources = {s["source"]: s["entities"] for s in json.loads(run(other, "sources", "--json").stdout)}
    assert sources == {"ftm": 449, "own_list": 449}
    klyuev = json.loads(run(other, "show", "own_list:ofac_sdn:16399", "--json").stdout)
    assert klyuev["birth_dates"] == ["1967-08-10"] and klyuev["programs"] == ["MAGNIT"]


def test_export_unknown_format_is_a_usage_error(demo_home):
    assert run(demo_home, "export", "--format", "xlsx").exit_code == 2


@pytest.mark.parametrize("second", ["same file", "another file"])
def test_two_loads_of_one_source_started_together_both_complete_in_order(database_url, shared_data, tmp_path, second):
    """Two `magnitsky load` processes of the UN list at once: the second waits for the first and
    then finds its version (the same file: unchanged) or follows it (another file: version 2),
    where both used to number version 1 and one failed with "run it again"."""
    from magnitsky.store import ListStore

    ListStore(database_url).engine.dispose()  # the schema first: the loads race on the list, not on migrations
    first = shared_data / "un" / "consolidated.xml"
    other = tmp_path / "consolidated.xml"
    other.write_bytes(
        first.read_bytes().replace(b"</CONSOLIDATED_LIST>", b"<!-- re-published -->\n</CONSOLIDATED_LIST>")
    )
    files = [first, first if second == "same file" else other]
    loads = [
        subprocess.Popen(
            [sys.executable, "-m", "magnitsky.cli", "--home", str(tmp_path / f"home{n}"), "--db", database_url]
            + ["load", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, path in enumerate(files)
    ]
    outputs = [load.communicate(timeout=300) for load in loads]
    assert [load.returncode for load in loads] == [0, 0], outputs
    store = ListStore(database_url)
    versions = store.versions("un_sc")
    store.engine.dispose()
    said = sorted(out for out, _ in outputs)
    if second == "same file":
        assert [v.number for v in versions] == [1]
        assert "loaded version 1" in said[0] and "unchanged (same file as version 1" in said[1], said
    else:
        assert [v.number for v in versions] == [1, 2] and versions[0].sha256 != versions[1].sha256
        assert "loaded version 1" in said[0] and "loaded version 2" in said[1], said


def test_the_shrink_limit_is_a_setting(tmp_path):
    """MAGNITSKY_SHRINK_LIMIT replaces the 20 % a load may remove (the settings object, read once)."""
    from magnitsky.model.ftm import to_ftm
    from magnitsky.sources import open_list

    people = [e for e in open_list(default_lists()[0]).entities() if e.schema == "Person"][:5]
    full, short = tmp_path / "full.ftm.json", tmp_path / "short.ftm.json"
    for path, entities in ((full, people), (short, people[:3])):
        path.write_text("".join(json.dumps(r) + "\n" for e in entities for r in to_ftm(e)))
    assert run(tmp_path, "load", str(full), "--source", "own").exit_code == 0
    refused = run(tmp_path, "load", str(short), "--source", "own")
    assert refused.exit_code == 1 and "would remove 2 of the 5 entries" in refused.output
    assert "more than the 20% one load may remove" in refused.output
    loose = runner.invoke(app, ["--home", str(tmp_path), "load", str(short), "--source", "own"],
                          env={"MAGNITSKY_SHRINK_LIMIT": "0.5"})  # fmt: skip
    assert loose.exit_code == 0 and "loaded version 2, 3 entries" in loose.output
    bad = runner.invoke(app, ["--home", str(tmp_path), "sources"], env={"MAGNITSKY_SHRINK_LIMIT": "2"})
    assert bad.exit_code == 1 and "the shrink limit must be a share between 0 and 1, got 2.0" in bad.output


def test_load_refuses_an_ofac_csv_without_its_companions_unless_told(tmp_path, fixtures):
    shutil.copy(fixtures / "ofac_csv" / "sdn" / "sdn.csv", tmp_path / "sdn.csv")
    home = tmp_path / "home"
    refused = run(home, "load", str(tmp_path / "sdn.csv"))
    assert refused.exit_code == 1
    assert "add.csv, alt.csv, sdn_comments.csv not found beside sdn.csv" in refused.output
    assert "pass --without-companions (nothing was loaded" in refused.output
    loaded = run(home, "load", str(tmp_path / "sdn.csv"), "--without-companions")
    assert loaded.exit_code == 0 and "ofac_sdn: loaded version 1, 31 entries" in loaded.stdout
    assert "loaded without add.csv, alt.csv, sdn_comments.csv" in loaded.stderr


def test_load_asks_for_the_list_when_the_content_cannot_tell(tmp_path, fixtures):
    """Two consolidated entries and two SDN ones: neither list, so --list must name it."""
    classic = (fixtures / "ofac_xml" / "sample_ofac_consolidated.xml").read_text()
    entries = classic.split("<sdnEntry>")
    cons = (
        "<sdnEntry><uid>1</uid><lastName>A</lastName><sdnType>Entity</sdnType>"
        "<programList><program>NS-PLC</program></programList></sdnEntry>"
    )
    header = entries[0].replace("<Record_Count>8197<", "<Record_Count>4<")
    mixed = header + "".join("<sdnEntry>" + e for e in entries[1:3])
    path = tmp_path / "sdn.xml"
    path.write_text(mixed + cons + cons.replace("<uid>1<", "<uid>2<") + "</sdnList>\n")
    home = tmp_path / "home"
    refused = run(home, "load", str(path))
    assert refused.exit_code == 1
    assert "(2 of 4 entries carry non-SDN programs" in refused.output and "pass --list" in refused.output
    loaded = run(home, "load", str(path), "--list", "ofac_cons")
    assert loaded.exit_code == 0 and "ofac_cons: loaded version 1, 4 entries" in loaded.stdout
