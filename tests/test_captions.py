"""Captions: one rule for the name an entry is shown by (the list's primary, else its Latin-script
name, else its first), used alike by the CLI, the HTTP API and the exports (issue #19 item 5).

The EU file lists Alexander BASTRYKIN's Bulgarian and Swedish names before his English one
(tests/fixtures/eu_xml/bastrykin_2024-05-13.xml, an excerpt of the real 2024-05-13 file); he was
shown as "Александър Бастрикин"."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from api_support import running_api
from magnitsky.cli import app
from magnitsky.model import Entity, Name, NameKind
from magnitsky.model.entity import caption_of
from magnitsky.model.merged import merged_entity
from magnitsky.sources import open_list
from magnitsky.store import ListStore

BASTRYKIN = Path(__file__).parent / "fixtures" / "eu_xml" / "bastrykin_2024-05-13.xml"
CAPTION = "Alexander Ivanovich BASTRYKIN"
runner = CliRunner()


def _name(full: str, kind: NameKind, script: str | None = None) -> Name:
    return Name(full, kind, script)


def test_the_rule_primary_else_latin_else_first():
    cyrillic = _name("Александр БАСТРЫКИН", NameKind.ORIGINAL, "Cyrl")
    assert caption_of([cyrillic, _name("A. BASTRYKIN", NameKind.ALIAS), _name(CAPTION, NameKind.PRIMARY)]) == CAPTION
    assert caption_of([cyrillic, _name("Alexandr BASTRYKIN", NameKind.WEAK)]) == "Alexandr BASTRYKIN"
    assert caption_of([cyrillic]) == "Александр БАСТРЫКИН"
    entity = Entity("eu_fsf", "1", "Person", (cyrillic, _name("Alexandr BASTRYKIN", NameKind.ALIAS)))
    assert entity.caption == "Alexandr BASTRYKIN"


def test_the_cli_and_exports_show_the_english_name(tmp_path):
    def run(*args: str) -> str:
        result = runner.invoke(app, ["--home", str(tmp_path), *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    run("load", str(BASTRYKIN))
    assert json.loads(run("show", "eu_fsf:127732", "--json"))["caption"] == CAPTION
    assert run("show", "eu_fsf:127732").splitlines()[0].startswith(CAPTION)
    assert run("entities").strip().split(maxsplit=2) == ["eu_fsf:127732", "Person", CAPTION]
    assert json.loads(run("entities", "--json"))["caption"] == CAPTION
    thing = json.loads(run("export", "--format", "ftm").splitlines()[0])
    assert thing["caption"] == CAPTION and CAPTION in thing["properties"]["name"]
    (row,) = csv.DictReader(io.StringIO(run("export", "--format", "csv")))
    assert row["name"] == CAPTION


def test_the_api_shows_the_english_name(database_url, tmp_path):
    ListStore(database_url).load(open_list(BASTRYKIN), actor="test")
    with running_api(database_url, tmp_path) as api:
        assert api.get("/entities/eu_fsf:127732").json()["caption"] == CAPTION
        body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Aleksandr Bastrykin"]}}}}
        results = api.post("/match/default", body).json()["responses"]["q"]["results"]
        assert results[0]["id"] == "eu_fsf:127732" and results[0]["caption"] == CAPTION


def test_a_merged_export_is_captioned_by_the_same_rule():
    (listing,) = open_list(BASTRYKIN).entities()
    other = Entity("uk_ofsi", "13867", "Person", (_name("Александр БАСТРЫКИН", NameKind.ORIGINAL, "Cyrl"),))
    thing = merged_entity([other, listing])[0]
    assert thing["caption"] == CAPTION
