"""The FCDO's summary export is refused with the name of the file to load instead (issue #19)."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from typer.testing import CliRunner

from magnitsky.cli import app
from magnitsky.sources.base import ParseError, UnknownFormat
from magnitsky.sources.registry import detect_format, open_list

SUMMARY = "FCDO_SL_Mon_Aug 11 2025.ods"


@pytest.mark.parametrize("saved_as", [SUMMARY, "uk_list.xlsx"])
def test_the_fcdo_summary_is_refused_naming_conlist(shared_data, tmp_path, saved_as):
    """Told from its content: saved under a workbook's name it is refused the same way."""
    path = tmp_path / saved_as
    shutil.copy(shared_data / "uk" / SUMMARY, path)
    with pytest.raises(ParseError) as refused:
        open_list(path)
    assert not isinstance(refused.value, UnknownFormat)
    assert "FCDO's UK Sanctions List summary export" in refused.value.reason
    assert "load OFSI's consolidated list ConList.xlsx instead" in refused.value.reason


def test_the_cli_refuses_it_in_one_line_and_stores_nothing(shared_data, tmp_path):
    home = tmp_path / "home"
    result = CliRunner().invoke(app, ["--home", str(home), "load", str(shared_data / "uk" / SUMMARY)])
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("error: ") and "ConList.xlsx" in line and "nothing was loaded" in line
    listed = CliRunner().invoke(app, ["--home", str(home), "sources", "--json"])
    assert listed.exit_code == 0 and listed.output.strip() == "[]"


def test_another_opendocument_spreadsheet_is_an_unknown_format(tmp_path):
    path = tmp_path / "other.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content><table:table-cell>Name</table:table-cell>")
    with pytest.raises(UnknownFormat):
        detect_format(path)
