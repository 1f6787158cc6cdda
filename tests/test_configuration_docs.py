"""docs/configuration.md documents every setting and every environment variable, with its default.

The settings are read from ``magnitsky.settings`` (the dataclasses and ``VARIABLES``), the
variables the code reads from the source itself, so a new one cannot go undocumented.
"""

import dataclasses
import re
from pathlib import Path

import pytest

from magnitsky.settings import VARIABLES, Settings, StoreSettings

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "configuration.md"
ROW = re.compile(r"^\| `(?P<name>[A-Z_]+)` \|(?P<cells>.*)\|$", re.MULTILINE)


def documented() -> dict[str, list[str]]:
    """Variable name -> the other cells of its row in a table of docs/configuration.md."""
    return {m["name"]: [cell.strip() for cell in m["cells"].split("|")] for m in ROW.finditer(DOC.read_text())}


def leaf_settings(cls, prefix: str = "") -> list[str]:
    paths = []
    for field in dataclasses.fields(cls):
        nested = field.default_factory if field.default_factory is not dataclasses.MISSING else None
        if nested is not None and dataclasses.is_dataclass(nested):
            paths += leaf_settings(nested, f"{prefix}{field.name}.")
        elif field.name == "store":
            paths += leaf_settings(StoreSettings, f"{prefix}store.")
        else:
            paths.append(prefix + field.name)
    return paths


def read_in_source() -> set[str]:
    """Every environment variable the code reads: MAGNITSKY_* names and os.environ lookups."""
    names = set()
    for path in (ROOT / "src" / "magnitsky").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"\b(MAGNITSKY_[A-Z_]*[A-Z])\b", text))
        names |= set(re.findall(r"os\.environ(?:\.get)?[\[(]\"([A-Z_]+)\"", text))
    return names


@pytest.mark.parametrize("variable", VARIABLES, ids=lambda v: v.name)
def test_every_variable_is_documented_with_its_setting_and_default(variable):
    rows = documented()
    assert variable.name in rows, f"{variable.name} is not in {DOC.name}"
    setting, default = rows[variable.name][0], rows[variable.name][1]
    assert setting == f"`{variable.setting}`", f"{variable.name}: documented as {setting}"
    value = Settings(StoreSettings(Path("/"), "")).value(variable.setting)
    if value is not None and not variable.setting.startswith("store."):  # those depend on the data directory
        assert default == f"`{value}`", f"{variable.name}: the default is {value}, documented {default}"


def test_every_setting_has_a_variable_or_is_documented():
    text = DOC.read_text()
    with_variable = {variable.setting for variable in VARIABLES}
    for path in leaf_settings(Settings):
        assert path in with_variable or f"`{path}`" in text, f"setting {path} is undocumented"


def test_every_variable_the_code_reads_is_documented():
    missing = read_in_source() - set(documented())
    assert not missing, f"undocumented in {DOC.name}: {', '.join(sorted(missing))}"
